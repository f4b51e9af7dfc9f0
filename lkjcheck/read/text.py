"""Markdown and plain text as converters and copy-paste leave them.

A run of lines holding tabs is a table (what PDF-to-text converters write),
and so is a run of pipe-table lines; a blank line or two inside such a run is
a page break, not the end of the table. Everything else is a line of text with
its line number. Flattened tables (figures in a row of words, no separators)
stay lines: telling them apart is recognition's job, not the reader's.
"""
from __future__ import annotations

import re

from lkjcheck.read.document import Notice, ReportDocument, TableBlock, TableCell, TextLine, Where

# A page break inside a converted table leaves at most this many blank lines.
_GAP = 2
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def read_text(path: str, display: str, max_bytes: int) -> ReportDocument:
    from lkjcheck.read.textdoc import read_document

    doc = read_document(path, display, max_bytes)
    return document_from_lines(doc.lines, display, doc.kind)


def _kind_of(line: str) -> str | None:
    if "\t" in line and line.strip():
        return "tab"
    s = line.strip()
    if s.startswith("|") and s.count("|") >= 2:
        return "pipe"
    return None


def _cells(line: str, kind: str, file: str, lineno: int, table: int, row: int) -> list[TableCell]:
    if kind == "pipe":
        s = line.strip()
        parts = s[1:-1].split("|") if s.endswith("|") else s[1:].split("|")
        start = line.index("|") + 2
    else:
        parts = line.split("\t")
        start = 1
    out: list[TableCell] = []
    col = start
    for i, p in enumerate(parts, start=1):
        text = p.strip()
        out.append(TableCell(text, Where(file, line=lineno, table=table, row=row, column=i)))
        col += len(p) + 1
    # Trailing empty cells are the converter's closing tab, not columns.
    while out and not out[-1].text:
        out.pop()
    return out


# After a page break a table goes on with a wrapped cell (empty first cell)
# or a numbered row; a first cell of words starts another table.
_GOES_ON = re.compile(r"^(?:|\(?\d{1,3}[.)]?|[A-Z]\.\d{1,2}\.?)$")


def _goes_on(line: str, kind: str) -> bool:
    s = line.strip()
    if kind == "pipe":
        s = s[1:]
        first = s.split("|", 1)[0]
    else:
        first = line.split("\t", 1)[0]
    return bool(_GOES_ON.match(first.strip()))


def document_from_lines(lines: list[str], display: str, kind: str = "text") -> ReportDocument:
    doc = ReportDocument(display, kind)
    i, n = 0, len(lines)
    last_text: str | None = None
    tables = 0
    while i < n:
        k = _kind_of(lines[i])
        if k is None:
            if lines[i].strip():
                doc.blocks.append(TextLine(lines[i], Where(display, line=i + 1)))
                last_text = lines[i].strip()
            i += 1
            continue
        tables += 1
        rows: list[list[TableCell]] = []
        start = i
        j = i
        while j < n:
            kj = _kind_of(lines[j])
            if kj == k:
                if not (k == "pipe" and _PIPE_RULE.match(lines[j])):
                    cells = _cells(lines[j], k, display, j + 1, tables, len(rows) + 1)
                    if cells:
                        rows.append(cells)
                j += 1
                continue
            if lines[j].strip():
                break
            # Blank lines: part of the table only if the table goes on after them.
            g = j
            while g < n and not lines[g].strip() and g - j < _GAP:
                g += 1
            if g < n and _kind_of(lines[g]) == k and _goes_on(lines[g], k):
                j = g
                continue
            break
        if rows:
            doc.blocks.append(TableBlock(rows, Where(display, line=start + 1, table=tables), caption=last_text))
        i = j
    return doc


__all__ = ["read_text", "document_from_lines", "Notice"]
