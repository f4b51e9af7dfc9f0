"""A DOCX report as a :class:`ReportDocument`: body paragraphs and tables in body order.

Paragraphs are numbered from 1 in the body (empty ones counted, so the number
matches Word's navigation), tables from 1 in the document. A table is read
from its XML, not through python-docx's ``row.cells``, which repeats a merged
cell once per grid column and would double its figures: a cell merged across
columns (``gridSpan``) is given once with its ``colspan``, the cells under a
cell merged down (``vMerge``) are given empty, as a transcript shows them.
Rows marked "repeat as header row" (``tblHeader``) are counted in
``header_rows``. Running headers and footers live outside the body and are not
read.

The package is checked before python-docx opens it: a DOCX is a zip, and one
that unpacks to more than the byte limit (a zip bomb) is refused.
"""
from __future__ import annotations

import os
import zipfile

from lkjcheck.i18n import Figure
from lkjcheck.read.document import ReportDocument, TableBlock, TableCell, TextLine, Where
from lkjcheck.read.guard import guard_error
from lkjcheck.read.textdoc import DocumentError, _para_text, open_docx

# A report's package holds a few dozen parts; tens of thousands is not a document.
MAX_MEMBERS = 10_000


def read_docx(path: str, display: str | None = None, max_bytes: int = 50 * 1024 * 1024) -> ReportDocument:
    display = display or str(path)
    path = os.fspath(path)
    check_package(path, display, max_bytes)
    d = open_docx(path, display)
    doc = ReportDocument(display, "docx")
    _Walker(doc, display).walk(d.element.body)
    return doc


def _invalid(display: str, e: Exception) -> DocumentError:
    return guard_error(DocumentError, display, None, "read.docx_not_valid", error=type(e).__name__)


def check_package(path: str, display: str, max_bytes: int) -> None:
    """Refuse what is not a readable zip, or unpacks beyond ``max_bytes``, before parsing."""
    try:
        if os.path.isdir(path):
            raise guard_error(DocumentError, display, None, "read.folder_not_report_file")
        size = os.path.getsize(path)
    except OSError as e:
        raise guard_error(DocumentError, display, None, "read.cannot_read_2", strerror=e.strerror)
    if size > max_bytes:
        raise guard_error(DocumentError, display, None, "read.file_bytes_exceeds_limit_bytes_2",
                          st_size=Figure(size), max_bytes=Figure(max_bytes))
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise _invalid(display, e)
    if len(members) > MAX_MEMBERS:
        raise guard_error(DocumentError, display, None, "read.docx_parts_over_limit",
                          parts=Figure(len(members)), limit=Figure(MAX_MEMBERS))
    # zipfile stops reading a member at its declared size, so the declared sizes bound what parsing unpacks.
    total = sum(m.file_size for m in members)
    if total > max_bytes:
        raise guard_error(DocumentError, display, None, "read.docx_unpacks_over_limit",
                          total=Figure(total), max_bytes=Figure(max_bytes))


class _Walker:
    def __init__(self, doc: ReportDocument, display: str):
        from docx.oxml.ns import qn

        self.doc = doc
        self.display = display
        self.paragraph = 0
        self.table = 0
        self.last_text: str | None = None      # the body paragraph right before a table, its caption
        self.q = qn

    def walk(self, element) -> None:
        q = self.q
        for child in element.iterchildren():
            if child.tag == q("w:p"):
                self.paragraph += 1
                text = _clean(_para_text(child))
                if text:
                    self.doc.blocks.append(TextLine(text, Where(self.display, paragraph=self.paragraph)))
                    self.last_text = text
            elif child.tag == q("w:tbl"):
                self._table(child)
                self.last_text = None
            elif child.tag == q("w:sdt"):
                content = child.find(q("w:sdtContent"))
                if content is not None:
                    self.walk(content)

    def _table(self, tbl) -> None:
        q = self.q
        self.table += 1
        n = self.table
        rows: list[list[TableCell]] = []
        header_rows = 0
        in_header = True
        for tr in tbl.iterchildren(q("w:tr")):
            trPr = tr.find(q("w:trPr"))
            marked = trPr is not None and _on(trPr.find(q("w:tblHeader")), q)
            if in_header and marked:
                header_rows += 1
            else:
                in_header = False
            col = 1 + _int_val(trPr.find(q("w:gridBefore")) if trPr is not None else None, q, 0)
            row: list[TableCell] = []
            r = len(rows) + 1
            for tc in tr.iterchildren(q("w:tc")):
                tcPr = tc.find(q("w:tcPr"))
                span = max(1, _int_val(tcPr.find(q("w:gridSpan")) if tcPr is not None else None, q, 1))
                vmerge = tcPr.find(q("w:vMerge")) if tcPr is not None else None
                continues = vmerge is not None and vmerge.get(q("w:val")) in (None, "continue")
                text = "" if continues else " ".join(" ".join(self._cell_texts(tc)).split())
                row.append(TableCell(text, Where(self.display, table=n, row=r, column=col), colspan=span))
                col += span
            rows.append(row)
        if not rows:
            return
        first = rows[0][0].where if rows[0] else Where(self.display, table=n, row=1)
        self.doc.blocks.append(TableBlock(rows, first, caption=self.last_text, header_rows=header_rows or None))

    def _cell_texts(self, element):
        """The paragraphs of a cell, nested tables included, in order."""
        q = self.q
        for child in element.iterchildren():
            if child.tag == q("w:p"):
                yield _para_text(child)
            elif child.tag == q("w:tbl"):
                for tr in child.iterchildren(q("w:tr")):
                    for tc in tr.iterchildren(q("w:tc")):
                        yield from self._cell_texts(tc)
            elif child.tag == q("w:sdt"):
                content = child.find(q("w:sdtContent"))
                if content is not None:
                    yield from self._cell_texts(content)


def _on(el, q) -> bool:
    return el is not None and el.get(q("w:val"), "true") not in ("false", "0", "off")


def _int_val(el, q, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(q("w:val")))
    except (TypeError, ValueError):
        return default


def _clean(text: str) -> str:
    """Runs of spaces become one; tabs stay, since a paragraph of tab-separated
    figures is a table typed without a table."""
    return "\t".join(" ".join(part.split()) for part in text.split("\t")).strip()
