"""A table printed in the report text, against the figure that sums it up.

Two aggregates (``aggregate``):

* ``jumlah``: a total row (a line matching ``total_row``, "JUMLAH 3.606.947.000
  3.055.075.000 …") against the rows above it, column by column from the right.
  A column whose total is smaller than one of its parts is not a column of sums
  (a percentage, an average) and is left alone.
* ``rata_rata``: a sentence stating the average (``claims``, the figure as the
  group ``angka``: "rata-rata capaian kinerja Tahun 2019 sebesar 85,38 %")
  against the last ``columns`` column of the table printed just before it (the
  capaian is the last column of a measurement table). A claim naming another
  year than the report's is a comparison and is left alone.

A table in text is a run of lines that end with a figure and hold at least
``min_figures`` figures (a Markdown or tab-separated row is read cell by cell); a short line
between rows is a row's label. Rows whose line or label matches ``item_skip``
(the total, the average) are not items; one met after the items is the total of
the group above, where the table starts. The search goes up at most
``max_lines`` lines, so the work per claim is bounded and the kind is linear in
the report. Figures keep their written precision: an average of figures
written with two decimals is reported only when the stated one is certainly
not it.
"""
from __future__ import annotations

from decimal import Decimal

from lkjcheck.checks.text.claims import fmt as _fmt, shown as _shown
from lkjcheck.checks.text.figures import read_figure
from lkjcheck.checks.text.ledger import RIGHT, UNCHECKED, WRONG, note
from lkjcheck.checks.text.params import ParamError, REQUIRED
from lkjcheck.safety import regexcache

NAME = "tabel_teks"
PARAMS = {"aggregate": ("choice:jumlah,rata_rata", REQUIRED), "total_row": ("regex", None),
          "claims": ("regex_list", None), "item_skip": ("regex", None), "columns": ("int", 0),
          "min_figures": ("int", 2), "min_rows": ("int", 2), "max_lines": ("int", 40), "gap_lines": ("int", 12),
          "label_chars": ("int", 60)}


def validate(params: dict) -> None:
    need = "total_row" if params["aggregate"] == "jumlah" else "claims"
    if params[need] is None:
        raise ParamError("checks.aggregate_needs", aggregate=params['aggregate'], need=need)
    for p in params["claims"] or []:
        if "angka" not in p.regex.groupindex:
            raise ParamError("checks.pattern_needs_angka", source=repr(p.source))


# A figure standing alone between spaces, as a table cell prints it: "2.592.320.000,-", "98.90", "87,10", "95%".
_CELL = regexcache.compile(r"(?:Rp\.?)?(\d+(?:[.,]\d+)*)(?:,-|%)?")
_RULER = regexcache.compile(r"[\s|:+=-]*")
_YEAR = regexcache.compile(r"(?:19|20)\d\d")
_YEAR_IN = regexcache.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _figure(token: str):
    m = _CELL.fullmatch(token)
    return read_figure(m.group(1)) if m else None


def _row(line: str, min_figures: int):
    """The figures of a table row, right-aligned (None for an empty Markdown or tab-separated cell), or None if
    it is no row."""
    sep = "|" if "|" in line else "\t" if "\t" in line.strip() else None
    if sep:
        # cells: an empty one keeps its place, so the columns still line up
        cells = [c.strip() for c in line.strip().strip("|").split(sep)]
        values = [_figure(c) if c else None for c in cells]
        filled = [c for c in cells if c]
        if not filled or _figure(filled[-1]) is None:
            return None
        raw = [c for c, v in zip(cells, values) if v is not None]
    else:
        tokens = line.split()
        if not tokens or _figure(tokens[-1]) is None:
            return None
        values = [v for v in (_figure(t) for t in tokens) if v is not None]
        raw = [t for t in tokens if _figure(t) is not None]
    if len(raw) < min_figures or all(_YEAR.fullmatch(t) for t in raw):
        return None             # a heading of years is not a row of figures
    return values


def _items(rule, ctx, anchor: int):
    """The item rows of the table that ends just above line index ``anchor`` (nearest first)."""
    p, lines, skip = rule.params, ctx.doc.lines, rule.params["item_skip"]
    entries, seen_row = [], False          # (line, figures or None for a label line), going up
    for j in range(anchor - 1, max(-1, anchor - 1 - p["max_lines"]), -1):
        line = lines[j].strip()
        if not line or _RULER.fullmatch(line):
            continue
        values = _row(line, p["min_figures"])
        if values is not None:
            seen_row = True
        elif line.startswith("#") or len(line) > p["label_chars"]:
            if seen_row:
                break           # prose or a heading above the table: its start
            if anchor - j > p["gap_lines"]:
                return []
            continue            # prose between the table and the claim
        entries.append((line, values))
    items = []
    for i, (line, values) in enumerate(entries):
        if values is None:
            continue
        label = entries[i + 1][0] if i + 1 < len(entries) and entries[i + 1][1] is None else None
        if skip is None or not any(ctx.search(skip.regex, t, skip.source) for t in (line, label) if t):
            items.append(values)
        elif items:
            break               # the total of the group above: the table starts after it
    return items


def _rumus(parts, lang: str, joiner: str = " + ") -> str:
    shown = [_shown(v, lang) for v in parts]
    if len(shown) > 8:
        shown = shown[:3] + ["…"] + shown[-2:]
    return joiner.join(shown)


def _totals(rule, ctx) -> list:
    p, out, lang = rule.params, [], ctx.lang
    for m in ctx.finditer(p["total_row"]):
        line_no, _ = ctx.doc.position(m.start())
        line = ctx.doc.lines[line_no - 1]
        total = _row(line, p["min_figures"])
        if total is None:
            continue
        items = _items(rule, ctx, line_no - 1)
        start = ctx.doc.offset(line_no, 1)
        if len(items) < p["min_rows"]:
            note(ctx, "tabel_jumlah", start, UNCHECKED, quote=ctx.quote_text(line), why="no_table")
            continue
        ncols = len(total) if not p["columns"] else min(p["columns"], len(total))
        for k in range(1, ncols + 1):
            stated = total[-k]
            parts = [row[-k] for row in reversed(items) if len(row) >= k and row[-k] is not None]
            if stated is None or len(parts) < len(items) or any(v.value < 0 for v in parts):
                continue        # a row without this column: the columns do not line up
            if stated.value < max(v.value for v in parts):
                continue        # not a column of sums (a percentage, an average)
            value = sum(v.value for v in parts)
            right = abs(value - stated.value) <= stated.radius + sum(v.radius for v in parts)
            note(ctx, "tabel_jumlah", start, RIGHT if right else WRONG, quote=ctx.quote_text(line),
                 result=f"{_rumus(parts, lang)} = {_fmt(value, max(v.decimals for v in parts), lang)}",
                 stated=_shown(stated, lang))
            if right:
                continue
            out.append(ctx.finding("tabel.jumlah", start, start + len(line), n=len(parts),
                                   rumus=_rumus(parts, lang), expected=_fmt(value, max(v.decimals for v in parts), lang),
                                   actual=_shown(stated, lang)))
    return out


def _averages(rule, ctx) -> list:
    p, out, lang = rule.params, [], ctx.lang
    col = p["columns"] or 1
    seen = set()
    for pat in p["claims"]:
        for m in ctx.finditer(pat):
            if m.start() in seen:
                continue
            if any(int(y) != ctx.year for y in _YEAR_IN.findall(m.group())):
                note(ctx, "tabel_rata_rata", m.start("angka"), UNCHECKED, quote=ctx.quote(m.start(), m.end()),
                     why="other_year")
                continue
            stated = read_figure(m.group("angka"))
            if stated is None:
                continue
            seen.add(m.start())
            line_no, _ = ctx.doc.position(m.start())
            items = _items(rule, ctx, line_no - 1)
            parts = [row[-col] for row in reversed(items) if len(row) >= col and row[-col] is not None]
            quote = ctx.quote(m.start(), m.end())
            if len(parts) < p["min_rows"] or len(parts) < len(items):
                note(ctx, "tabel_rata_rata", m.start("angka"), UNCHECKED, quote=quote, why="no_table")
                continue
            n = Decimal(len(parts))
            value = sum(v.value for v in parts) / n
            radius = sum(v.radius for v in parts) / n
            right = abs(value - stated.value) <= stated.radius + radius
            note(ctx, "tabel_rata_rata", m.start("angka"), RIGHT if right else WRONG, quote=quote,
                 result=f"({_rumus(parts, lang)}) / {len(parts)} = {_fmt(value, stated.decimals, lang)}",
                 stated=_shown(stated, lang))
            if right:
                continue
            out.append(ctx.finding("tabel.rata_rata", m.start(), m.end(), n=len(parts),
                                   rumus=f"({_rumus(parts, lang)}) / {len(parts)}",
                                   expected=_fmt(value, stated.decimals, lang), actual=_shown(stated, lang)))
    return out


def run(rule, ctx) -> list:
    return _totals(rule, ctx) if rule.params["aggregate"] == "jumlah" else _averages(rule, ctx)
