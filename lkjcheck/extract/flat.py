"""Flattened tables: a table that copy-paste or a converter turned into lines of words.

A header naming the columns, perhaps broken over a few lines, is followed by
rows written as an indicator's name (perhaps over two lines) and a run of
figures. The figures are read in the header's order only when their number
equals the header's figure columns; any other row is reported, not guessed.
A header whose years cannot be tied to a column ("Tahun 2019" standing alone
over `Target Realisasi`) is not read at all.
"""
from __future__ import annotations

import re

from lkjcheck.i18n import Said
from lkjcheck.read.document import TextLine

from lkjcheck.extract.header import _alias_all
from lkjcheck.extract.values import _FIGURE_TYPES, Extracted, Val
from lkjcheck.extract.spec import Spec, norm

_FIG = re.compile(r"^[-+(]?\d[\d.,]*\)?%?$")
_YEAR = re.compile(r"^(19[5-9]\d|20\d\d|21\d\d)$")
_MAX_HEADER_LINES = 4
_PROSE = 160          # a line this long without figures is prose: the table has ended


def _tokens(text: str) -> list[str]:
    return text.replace("\t", " ").split()


def _header(spec: Spec, model, year: int | None, text: str):
    """(table, [column names in printed order]) for a header, or None."""
    label = norm(text)
    best = None
    for name, ts in spec.tables.items():
        tdef = model.tables.get(name)
        if tdef is None or not ts.flat or not tdef.key:     # a row's words are its key
            continue
        hits = _alias_all(label, ts)
        if len(hits) < 3:
            continue
        cols, ok = [], True
        for k, (start, end, col) in enumerate(hits):
            nxt = hits[k + 1][0] if k + 1 < len(hits) else len(label)
            between = label[end:nxt].split()
            years = [w for w in between if _YEAR.match(w)]
            other = [w for w in between if not _YEAR.match(w) and w != "tahun"]
            if len(years) > 1 or (years and other):
                ok = False           # a year not tied to one column
                break
            if years and col in tdef.year_columns and year is not None and int(years[0]) != year:
                col = f"{col}_{years[0]}"
            elif years and year is not None and int(years[0]) != year and col not in tdef.year_columns:
                col = f"_{col}_{years[0]}"       # a history the model does not keep: read past, not stored
            cols.append(col)
        if not ok:
            continue
        got = {re.sub(r"_\d{4}$", "", c) for c in cols}
        if not all(r in got for r in ts.required) or any(a in got for a in ts.absent):
            continue
        yearcols = [c for c in cols if re.search(r"_\d{4}$", c)]
        if (ts.needs_year and not yearcols) or (ts.no_year and yearcols):
            continue
        if best is None or len(cols) > len(best[1]):
            best = (name, cols)
    return best


def _figure_columns(tdef, cols: list[str]) -> list[str]:
    out = []
    for c in cols:
        base = re.sub(r"_\d{4}$", "", c.lstrip("_"))
        cdef = tdef.columns.get(base) or tdef.year_columns.get(base)
        if cdef is not None and cdef.type in _FIGURE_TYPES or c.startswith("_"):
            out.append(c)
    return out


def flat_tables(lines: list[TextLine], spec: Spec, model, year: int | None, out: Extracted):
    """Every flattened table in the running text: [(line index, table, rows)]."""
    found = []
    i, n = 0, len(lines)
    flat = [ts for ts in spec.tables.values() if ts.flat]
    if not flat:
        return found
    while i < n:
        hit = None
        first = norm(lines[i].text)
        if len(lines[i].text) > 300 or not any(ts.alias_regex()[0].search(first) for ts in flat):
            i += 1
            continue
        joined = ""
        for k in range(_MAX_HEADER_LINES):
            if i + k >= n:
                break
            t = lines[i + k].text
            if sum(1 for w in _tokens(t) if _FIG.match(w) and not _YEAR.match(w)) > 1 or len(t) > 300:
                break
            joined = (joined + " " + t).strip()
            h = _header(spec, model, year, joined)
            if h is not None:
                hit = (h, k)
        if hit is None:
            i += 1
            continue
        (name, cols), k = hit
        tdef = model.tables[name]
        figs = _figure_columns(tdef, cols)
        if len(figs) < 2:
            i += 1
            continue
        rows, j = _rows(lines, i + k + 1, cols, figs, tdef, spec, name, out)
        if rows:
            found.append((j, name, rows))
            out.recognised.append((name, lines[i].where, len(rows)))
        i = max(j, i + 1)
    return found


def _runs(toks: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every run of two or more figures in a line of tokens."""
    out, i = [], 0
    while i < len(toks):
        if _FIG.match(toks[i]):
            k = i
            while k < len(toks) and _FIG.match(toks[k]):
                k += 1
            if k - i >= 2:
                out.append((i, k))
            i = k
        else:
            i += 1
    return out


def _row(label, figures, cols, figs, tdef, spec: Spec, ln, words, name, out):
    if len(figures) != len(figs):
        out.note(ln.where, "DAT010", "error",
                 Said("extract.row_holds_figures_header_figure",
                      label=label[:50], figures=len(figures), columns=len(figs)),
                 words, name)
        return None
    cells: dict[str, Val] = {}
    m = re.match(r"^(\d{1,3})[.)]?\s+(.*)$", label)
    if m and spec.number_column in cols:
        cells[spec.number_column] = Val(m.group(1), ln.where, words)
        label = m.group(2)
    unit = None
    if spec.unit_column in cols and label.split():
        unit = label.split()[-1]
        label = " ".join(label.split()[:-1])
    key = tdef.key[0]
    if label:
        cells[key] = Val(label, ln.where, words)
    for col, tok in zip(figs, figures):
        if col.startswith("_"):
            continue
        base = re.sub(r"_\d{4}$", "", col)
        cdef = tdef.columns.get(base) or tdef.year_columns.get(base)
        besaran = cdef is not None and cdef.type == "besaran"
        cells[col] = Val(f"{tok} {unit}" if unit and besaran and not tok.endswith("%") else tok, ln.where, words)
    return cells


def _rows(lines, start, cols, figs, tdef, spec, name, out):
    rows = []
    pending: list[TextLine] = []
    quiet = 0
    j = start
    while j < len(lines):
        ln = lines[j]
        toks = _tokens(ln.text)
        runs = _runs(toks)
        if not runs:
            if len(ln.text) > _PROSE or ln.text.lstrip().startswith("#") or quiet >= 2:
                break
            pending.append(ln)
            quiet += 1
            j += 1
            continue
        quiet = 0
        j += 1
        prev_end = 0
        for k, (a, b) in enumerate(runs):
            lead = [p.text.strip() for p in pending] if k == 0 else []
            label = " ".join(lead + toks[prev_end:a]).strip()
            words = " ".join(lead + toks[prev_end:b])
            prev_end = b
            row = _row(label, toks[a:b], cols, figs, tdef, spec, ln, words, name, out)
            if row is not None:
                rows.append(row)
        pending = []
    return rows, j
