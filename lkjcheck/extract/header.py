"""Header rows of a printed table → the model column of every grid column."""
from __future__ import annotations

import re

from lkjcheck.read.document import TableCell

from lkjcheck.extract.spec import TableSpec, norm

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|21\d\d)(?!\d)")


def _alias_all(label: str, spec: TableSpec) -> list[tuple[int, int, str]]:
    """(start, end, column) of every column name in a header label, in order, no overlaps;
    a column may occur more than once (one per year in a flattened header)."""
    rx, owner = spec.alias_regex()
    return [(m.start(), m.end(), owner[m.group(0)]) for m in rx.finditer(label)]


def _alias_hits(label: str, spec: TableSpec) -> list[tuple[int, int, str]]:
    """(start, end, column) of the column names in a header label, each column once."""
    out, seen = [], set()
    for h in _alias_all(label, spec):
        if h[2] not in seen:
            seen.add(h[2])
            out.append(h)
    return out


def _cell(row: list[TableCell], j: int) -> str:
    return row[j].text if j < len(row) else ""


def resolve_header(header: list[list[TableCell]], spec: TableSpec, year: int | None, year_bases) -> list[str | None]:
    """The model column of every grid column, from one or more header rows.

    The row nearest the figures decides; rows above give a word or a year it
    lacks. An empty cell of an upper row continues the cell to its left
    (a year spanning `Target | Realisasi`).
    """
    ncols = max(len(r) for r in header)
    bottom, tops = header[-1], header[:-1]
    spans = []
    for t in tops:
        row, last = [], ""
        for j in range(ncols):
            s = _cell(t, j)
            if s:
                last = s
            row.append((s, last))
        spans.append(row)
    cands: list[list[str]] = []
    for j in range(ncols):
        b = norm(_cell(bottom, j))
        words = [h[2] for h in _alias_hits(b, spec)]
        years = [int(y) for y in _YEAR.findall(b)]
        if not words and not years:
            for row in spans:
                own, spanned = row[j]
                words = [h[2] for h in _alias_hits(norm(own), spec)]
                if words:
                    years = [int(y) for y in _YEAR.findall(norm(own))]
                    break
        if words and not years and words[0] in year_bases:
            for row in spans:
                own, spanned = row[j]
                ys = _YEAR.findall(spanned)
                if ys:
                    years = [int(ys[0])]
                    break
        if years and not words and year is not None:
            y = years[0]
            base = spec.past if y < year else spec.future if y > year else None
            words = [base] if base else []
        if words and years and words[0] in year_bases and year is not None and years[0] != year:
            words = [f"{words[0]}_{years[0]}"] + words[1:]
        cands.append(words)
    names: list[str | None] = [None] * ncols
    assigned: set[str] = set()
    j = 0
    while j < ncols:
        c = [w for w in cands[j] if w not in assigned]
        if len(c) > 1:
            # One header cell naming several columns, with empty cells after
            # it: the converter merged their labels.
            k = j
            while c and k < ncols and (k == j or not cands[k]):
                names[k] = c.pop(0)
                assigned.add(names[k])
                k += 1
            j = k
            continue
        if c:
            names[j] = c[0]
            assigned.add(c[0])
        j += 1
    return names
