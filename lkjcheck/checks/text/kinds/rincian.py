"""A figure that sums up the figures listed with it: a total over its parts, or an average over the figures it
averages.

The claim (``patterns``, the stated figure as the group ``angka``) is followed by
what it sums up:

* ``scope: list``: the claim's sentence ends with a colon at the end of its line
  ("Jumlah ASN … sebanyak 11 pegawai terdiri dari …, sebagai berikut:") and the
  items of the list below it (lines opening with ``item``) each give one part;
  a line under an item that is not an item continues it, a deeper item is a
  breakdown of its parent and no part of the total.
* ``scope: paragraph``: the parts are stated in the claim's own paragraph
  (sentences matching ``skip``, another year or a target, are left out), and in
  a list after it when its sentence ends with a colon.

Each item or sentence gives its first figure matching ``parts`` (the group
``bagian``). ``aggregate`` says what the claim is: ``jumlah`` (the sum) or
``rata_rata`` (the mean). Counts ("11 pegawai", when the claim matches
``exact``) and rupiah are exact; measured figures are compared within their
written precision. A claim that names how many parts it has (``count``, the group
``n``) is checked only when that many are listed. The search below a claim stops
after ``max_lines`` lines, so the work is linear in the report.
"""
from __future__ import annotations

import bisect
from decimal import Decimal

from lkjcheck.checks.text.claims import fmt as _fmt, shown as _shown
from lkjcheck.checks.text.figures import read_figure
from lkjcheck.checks.text.ledger import RIGHT, UNCHECKED, WRONG, note
from lkjcheck.checks.text.params import REQUIRED
from lkjcheck.safety import regexcache

NAME = "rincian"
PARAMS = {"grammar": ("grammar", {}), "aggregate": ("choice:jumlah,rata_rata", REQUIRED),
          "patterns": ("regex_list", REQUIRED), "parts": ("regex_list", REQUIRED), "item": ("regex", REQUIRED),
          "scope": ("choice:list,paragraph", "list"), "exact": ("regex", None), "count": ("regex", None),
          "skip": ("regex", None), "numbers": ("ordinals", {}), "paragraph_chars": ("int", 1500),
          "colon_chars": ("int", 160), "max_lines": ("int", 60), "max_items": ("int", 40),
          "min_items": ("int", 2)}
GROUPS = {"angka"}

_YEAR_IN = regexcache.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _list_items(rule, ctx, line_no: int) -> list[str] | None:
    """The items of the list that starts below line ``line_no`` (1-based), each with its continuation lines;
    None when the list is longer than ``max_items``."""
    p, lines = rule.params, ctx.doc.lines
    items: list[list] = []          # [indent, text]
    base = None
    blank = 0
    for j in range(line_no, min(len(lines), line_no + p["max_lines"])):
        line = lines[j]
        if not line.strip():
            blank += 1
            if blank > 2:
                break               # three blank lines: whatever follows is not this list
            continue
        if line.lstrip().startswith("#"):
            break
        m = ctx.search(p["item"].regex, line, p["item"].source)
        indent = len(line) - len(line.lstrip())
        if m:
            if base is None:
                base = indent
            if indent > base:
                blank = 0
                continue            # a breakdown of the item above
            if indent < base:
                break
            if len(items) == p["max_items"]:
                return None
            items.append([indent, line[m.end():]])
        elif items and (indent > base or not blank):
            items[-1][1] += "\n" + line.strip()     # the item's text wrapped onto the next line
        else:
            break
        blank = 0
    return [t for _, t in items]


def _first_part(rule, ctx, text: str):
    best = None
    for pat in rule.params["parts"]:
        for m in ctx.finditer(pat, text):
            if m.group("bagian") and (best is None or m.start("bagian") < best.start("bagian")):
                best = m
            break
    return read_figure(best.group("bagian")) if best else None


def _colon_line(rule, ctx, m) -> int | None:
    """The line (1-based) that ends with the colon closing the claim's sentence, if it does."""
    text = ctx.text
    end = min(len(text), m.end() + rule.params["colon_chars"])
    i = text.find(":", m.end(), end)
    if i < 0 or "\n\n" in text[m.end():i] or ". " in text[m.end():i]:
        return None
    nl = text.find("\n", i)
    if text[i + 1:nl if nl >= 0 else len(text)].strip():
        return None                 # text after the colon: the parts are in the sentence (TXT017, TXT030)
    return ctx.doc.position(i)[0]


def _paragraph_parts(rule, ctx, m) -> list:
    units = ctx.units()
    s, e = units[max(bisect.bisect_right(units.starts, m.start()) - 1, 0)]
    if e - s > rule.params["paragraph_chars"]:
        return None                 # no blank lines to tell one paragraph from the next (a PDF page)
    skip = rule.params["skip"]
    out = []
    sents = ctx.sentences()
    first = max(bisect.bisect_right(sents.starts, s) - 1, 0)
    for sent in sents[first:bisect.bisect_left(sents.starts, e)]:
        if sent.end <= s:
            continue
        text = sent.text
        own = sent.start <= m.start() < sent.end
        if not own and skip is not None and ctx.search(skip.regex, text, skip.source):
            continue                # another year, or another average: not a figure this one averages
        for pat in rule.params["parts"]:
            for pm in ctx.finditer(pat, text):
                at = sent.doc_offset(pm.start("bagian"))
                if pm.group("bagian") and not (m.start() <= at < m.end()):
                    f = read_figure(pm.group("bagian"))
                    if f is not None:
                        out.append((at, f))
    seen, parts = set(), []
    for at, f in sorted(out, key=lambda x: x[0]):
        if at not in seen:
            seen.add(at)
            parts.append(f)
    return parts


def _judge(rule, ctx, m):
    p, lang = rule.params, ctx.lang
    line = _colon_line(rule, ctx, m)
    if line is None and p["scope"] == "list":
        return None             # a total in a sentence of its own: no claim of this kind (TXT017, TXT030)
    stated = read_figure(m.group("angka"))
    if stated is None:
        return UNCHECKED, "unreadable", None
    parts: list = []
    if p["scope"] == "paragraph":
        if any(int(y) != ctx.year for y in _YEAR_IN.findall(m.group())):
            return UNCHECKED, "other_year", None
        parts = _paragraph_parts(rule, ctx, m)
        if parts is None:
            return UNCHECKED, "long_paragraph", None
    if line is not None:
        items = _list_items(rule, ctx, line)
        if items is None:
            return UNCHECKED, "long_list", None
        figures = [_first_part(rule, ctx, t) for t in items]
        if items and any(f is None for f in figures):
            return UNCHECKED, "part_without_figure", None
        parts += figures
    if not parts:
        return UNCHECKED, "no_list", None
    if len(parts) < p["min_items"]:
        return UNCHECKED, "few_parts", None
    if p["count"] is not None:
        c = ctx.search(p["count"].regex, m.group(), p["count"].source)
        word = c.group("n").lower() if c else ""
        n = int(word) if word.isdigit() else p["numbers"].get(word)
        if n is not None and n != len(parts):
            return UNCHECKED, "count_differs", None
    total = sum(f.value for f in parts)
    # the unit follows the figure: "sebanyak 11 pegawai"
    said = ctx.text[m.start():m.end("angka") + 30]
    exact = (p["exact"] is not None and ctx.search(p["exact"].regex, said, p["exact"].source)) \
        or m.group("angka").strip()[:2].lower() == "rp"
    exact = exact and stated.is_integral() and all(f.is_integral() for f in parts)
    n = Decimal(len(parts))
    shown = [_shown(f, lang) for f in parts]
    rumus = " + ".join(shown if len(shown) <= 10 else shown[:4] + ["…"] + shown[-2:])
    if p["aggregate"] == "jumlah":
        value, tol = total, Decimal(0) if exact else stated.radius + sum(f.radius for f in parts)
        dec = max(f.decimals for f in parts)
    else:
        value, tol = total / n, stated.radius + sum(f.radius for f in parts) / n
        dec = stated.decimals
    values = dict(n=len(parts), rumus=rumus, expected=_fmt(value, dec, lang), actual=_shown(stated, lang))
    status = RIGHT if abs(value - stated.value) <= tol else WRONG
    return status, None, values


def run(rule, ctx) -> list:
    out, seen = [], set()
    what = "rincian_" + rule.params["aggregate"]
    for pat in rule.params["patterns"]:
        for m in ctx.finditer(pat):
            at = m.start("angka")
            if at in seen or at < 0:
                continue
            seen.add(at)
            judged = _judge(rule, ctx, m)
            if judged is None:
                continue
            status, why, values = judged
            quote = ctx.quote(m.start(), m.end())
            result = "" if values is None else (
                f"{values['rumus']} = {values['expected']}" if rule.params["aggregate"] == "jumlah"
                else f"({values['rumus']}) / {values['n']} = {values['expected']}")
            note(ctx, what, at, status, quote=quote, why=why, result=result,
                 stated=None if values is None else values["actual"])
            if status == WRONG:
                out.append(ctx.finding(f"rincian.{rule.params['aggregate']}", at, m.end("angka"), quote=quote,
                                       **values))
    return out
