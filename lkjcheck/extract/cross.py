"""Cross-tables: a count in every cell of a grid named by its rows and its columns.

A staff recap prints people by status (rows) and golongan (columns), with a
total row; pengenalan.yaml's `cross_tables:` says which row labels and column
headers mean what, and which model rows each printed figure becomes. The
header is found by its column names alone, since such a table often has no
word of its own in the caption. A cell that is not a clean count is reported
and left out; a row with such a cell gets no row total, and a total row
holding more than one figure is not read, because which of them is the total
would be a guess, unless a column of row totals (`sum_column`) says where
the total stands.
"""
from __future__ import annotations

from lkjcheck.i18n import Said
from lkjcheck.read.document import TableBlock, TableCell

from lkjcheck.extract.spec import CrossSpec, Spec, norm
from lkjcheck.extract.values import Note, Val

_HEADER_ROWS = 4          # the column names stand in one of the first rows


def cross_table(block: TableBlock, spec: Spec, model) -> tuple[str, list[dict[str, Val]], list[Note]] | None:
    """(model table, rows, notes) for the first `cross_tables:` entry the table fits, or None."""
    for cs in spec.cross:
        if cs.table in model.tables:
            got = _read(block, cs)
            if got is not None:
                return (cs.table, *got)
    return None


def _grid(row: list[TableCell]) -> list[tuple[int, TableCell]]:
    """Each cell with its grid column (1-based), from the reader's location or its spans."""
    out, at = [], 1
    for c in row:
        col = c.where.column or at
        out.append((col, c))
        at = col + max(c.colspan, 1)
    return out


def _columns(row: list[TableCell], cs: CrossSpec) -> dict[int, str]:
    cols = {}
    for col, c in _grid(row):
        text = " ".join(c.text.split())
        for rx, name in cs.columns:
            m = rx.search(text)
            if m:
                cols[col] = m.expand(name)
                break
    return cols


def _read(block: TableBlock, cs: CrossSpec):
    rows = block.rows
    for h, row in enumerate(rows[:_HEADER_ROWS]):
        cols = _columns(row, cs)
        if len(cols) >= cs.min_columns:
            break
    else:
        return None
    sums = {col for col, c in _grid(rows[h]) if col not in cols and norm(c.text) in cs.sum_column}
    rx, owner = cs.row_regex()
    out: list[dict[str, Val]] = []
    notes: list[Note] = []
    named = 0
    for row in rows[h + 1:]:
        cells = _grid(row)
        words = "\t".join(c.text for c in row)
        label = None
        for col, c in cells:
            if col in cols:
                continue
            m = rx.search(norm(c.text))
            if m:
                label = (owner[m.group(0)], c)
                break
        figures = [(col, c) for col, c in cells if col in cols and not cs.empty.match(c.text.strip())]
        if label is None:
            if figures:
                w = figures[0][1].where
                notes.append(Note(w, "DAT012", "warning",
                                  Said("extract.row_names_no_known_group", words=words[:60]), words, cs.table))
            continue
        value, lc = label
        printed = [c for col, c in cells if col in sums and cs.figure.match(c.text.strip())]
        if value == "total":
            out.extend(_total(cs, cells, lc, words, notes, printed))
            continue
        named += 1
        clean, counts = True, []
        for col, c in figures:
            text = c.text.strip()
            if not cs.figure.match(text):
                clean = False
                notes.append(Note(c.where, "DAT010", "error",
                                  Said("extract.cell_not_whole_number",
                                       text=text[:40], value=value, cols=cols[col]),
                                  words, cs.table))
                continue
            counts.append(int(text))
            out.append(_fill(cs.cell, lc, c, words, row=value, column=cols[col], count=text))
        if printed and cs.row_sum:
            # the row's total as the report prints it, where it prints it
            out.append(_fill(cs.row_sum, lc, printed[0], words, row=value, column="", count=printed[0].text.strip()))
        elif clean and counts and cs.row_sum:
            out.append(_fill(cs.row_sum, lc, lc, words, row=value, column="", count=str(sum(counts))))
    # One named row could be anything with a grade in its header; a recap names several.
    if named < 2:
        return None
    return out, notes


def _total(cs: CrossSpec, cells, label: TableCell, words: str, notes: list[Note],
           printed: list[TableCell]) -> list[dict[str, Val]]:
    # Under a column of row totals the total row's figure there is the grand total (the others are
    # column totals); without such a column the row must hold a single figure.
    figs = printed or [c for _, c in cells if c is not label and cs.figure.match(c.text.strip())]
    if len(figs) == 1 and cs.total_row:
        return [_fill(cs.total_row, label, figs[0], words, row="total", column="", count=figs[0].text.strip())]
    if len(figs) > 1:
        shown = ", ".join(c.text.strip() for c in figs)
        notes.append(Note(label.where, "DAT010", "error",
                          Said("extract.total_row_holds_figures_stated", figures=len(figs), shown=shown),
                          words, cs.table))
    return []


def _fill(templates: dict[str, str], label: TableCell, figure: TableCell, words: str, **parts) -> dict[str, Val]:
    """One model row: each column's template filled in, the count located at its cell, the rest at the label."""
    row = {}
    for col, template in templates.items():
        text = template.format(**parts).strip()
        at = figure if "{count}" in template else label
        row[col] = Val(text, at.where.with_column_name(col), words)
    return row
