"""The document model every report reader produces.

A report as published is a sequence of blocks in reading order: lines of text
and tables. Every line and every table cell carries a :class:`Where` that a
reviewer can use (page and line of a PDF, line of a text file, paragraph or
table/row/cell of a DOCX), so that a finding on an extracted figure points at
the printed page, not at an intermediate file.

Readers only say what is on the page. They do not decide what a table means
(that is table recognition, data in the rule pack) and they never repair a
figure: a cell that is not a clean figure stays the text it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True, slots=True)
class Where:
    """A place in the report document.

    ``page`` is the 1-based physical page of a PDF (``None`` for text and
    DOCX); ``line`` is the 1-based line within the page for a PDF and within
    the file for text; for DOCX ``paragraph`` counts body paragraphs from 1.
    Table places add ``table`` (1-based in the document), ``row`` and
    ``column`` (1-based in the table) and, once recognised, ``column_name``
    (the header words of that column).
    """

    file: str
    page: int | None = None
    line: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    column_name: str | None = None

    def with_column_name(self, name: str | None) -> "Where":
        return Where(self.file, self.page, self.line, self.paragraph, self.table, self.row, self.column, name)


@dataclass(slots=True)
class TextLine:
    """One line of running text (a PDF line, a text line, a DOCX paragraph)."""

    text: str
    where: Where


@dataclass(slots=True)
class TableCell:
    text: str
    where: Where
    # A merged cell spans several grid columns; readers give it once, with its span.
    colspan: int = 1


@dataclass(slots=True)
class TableBlock:
    """A table whose cell structure the source made explicit (ruled PDF table,
    DOCX table, pipe or tab separated text). Tables printed as aligned text
    without structure reach the recogniser as lines."""

    rows: list[list[TableCell]]
    where: Where                       # of the table's first cell
    caption: str | None = None         # the nearest heading/caption line before it, if the reader saw one
    continued: bool = False            # the reader judged it a continuation of the previous table (page break)
    header_rows: int | None = None     # leading rows the source marks as header (DOCX "repeat header row", a header a PDF repeats); None: not known


Block = Union[TextLine, TableBlock]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the reader saw but could not read cleanly (a page without a
    text layer, a cell it could not split); becomes a DAT finding."""

    where: Where
    message_id: str
    message_en: str
    rule: str = "DAT010"


@dataclass
class ReportDocument:
    path: str                          # as shown in findings
    kind: str                          # "pdf", "docx", "markdown" or "text"
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None           # PDF pages read
    notices: list[Notice] = field(default_factory=list)
    ocr: bool = False                  # text came from OCR, not a text layer

    def lines(self) -> list[TextLine]:
        """Every line of text in reading order, table rows included (cells
        joined by tabs), for the narrative checks that read the whole text."""
        out: list[TextLine] = []
        for b in self.blocks:
            if isinstance(b, TextLine):
                out.append(b)
            else:
                for row in b.rows:
                    if row:
                        out.append(TextLine("\t".join(c.text for c in row), row[0].where))
        return out

    def tables(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]

    def joined_blocks(self) -> list[Block]:
        """The blocks with every table the reader marked ``continued`` appended
        to the table before it (one table per printed table, its rows keeping
        their own pages and lines): what table recognition should read."""
        out: list[Block] = []
        for b in self.blocks:
            if isinstance(b, TableBlock) and b.continued and out and isinstance(out[-1], TableBlock):
                first = out[-1]
                out[-1] = TableBlock(first.rows + b.rows, first.where, first.caption, first.continued, first.header_rows)
            else:
                out.append(b)
        return out
