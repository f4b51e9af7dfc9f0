"""A PDF report as a :class:`ReportDocument`: pdfplumber characters → lines and tables.

What the reader does, page by page:

- characters are grouped into the lines a person sees (by baseline), words by
  the gaps between them; a gap as wide as a column gap becomes a tab, so a
  table printed without ruling lines stays a line of tab-separated fields, the
  form the seed report's text has and table recognition reads;
- tables drawn with ruling lines become :class:`TableBlock` s; a cell merged
  across columns is given once with its ``colspan``, a cell merged down over
  rows is given in its first row and as an empty cell below it;
- a page turned with ``/Rotate``, or a portrait page whose text is drawn turned
  (a landscape table placed sideways), is read the way it is displayed;
- running headers and footers (the same text at the top or bottom of most
  pages, page numbers excepted) and page numbers are dropped, but still
  counted: ``line`` is the line on the printed page, top to bottom;
- a table that starts a page directly after a table that ended the previous
  one with the same columns is marked ``continued``; a header row it repeats
  is left out;
- a page without a text layer is read with Tesseract when the ``[ocr]``
  extra and the Indonesian model are installed; otherwise it becomes a notice,
  and a PDF with no text layer at all is refused with a message saying how to
  install OCR.

Figures are never repaired: OCR text and cell text reach the number guards as
they were printed.
"""
from __future__ import annotations

import bisect
import os
import re
import time
from collections import Counter

from lkjcheck.i18n import Figure, Key, say
from lkjcheck.read.document import Notice, ReportDocument, TableBlock, TableCell, TextLine, Where
from lkjcheck.read.pdf_ocr import OCR_DPI, _ocr_engine, _ocr_page, _without_rules
from lkjcheck.read.pdf_page import MAX_CHARS_PER_PAGE, _Line, _Page, _page_error, _read_page, _Table
from lkjcheck.read.textdoc import DocumentError

__all__ = ["MAX_CHARS_PER_PAGE", "MAX_PAGES", "ocr_available", "read_pdf"]

# An LKj has 40-150 pages, a few hundred with its appendices; a thousand
# pages is not a report, and reading it would take minutes.
MAX_PAGES = 1000
# Reading stops (and the file is refused) when it takes longer than this;
# a text-layer page costs well under a second, so only a hostile file gets here.
MAX_SECONDS = 300.0
# OCR costs seconds per page; a scanned report longer than this is refused
# rather than keeping a CI job busy for an hour.
MAX_OCR_PAGES = 300
# How to install OCR, said where a page could not be read without it.
OCR_HINT = Key("read.pdf_ocr_hint")

# Where running headers and footers live: this share of the page height at the top and bottom.
MARGIN_ZONE = 0.09
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—.]*(?:(?:halaman|hal\.?|page)\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:dari|of|/)\s*\d{1,4})?[\s\-–—.]*$", re.I)
_DIGITS = re.compile(r"\d+")



def read_pdf(path: str, display: str | None = None, max_bytes: int = 200 * 1024 * 1024) -> ReportDocument:
    display = display or str(path)
    path = os.fspath(path)
    _check_file(path, display, max_bytes)
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdftypes import resolve1
    except ImportError:
        raise _page_error(display, "read.pdf_needs_pdfplumber")

    started = time.monotonic()
    try:
        pdf = pdfplumber.open(path)
    except Exception as e:  # pdfminer raises many types for broken or locked files
        raise _open_error(display, e, (PDFEncryptionError, PDFPasswordIncorrect))
    pages: list[_Page] = []
    try:
        count = _declared_pages(pdf, resolve1)
        if count is not None and count > MAX_PAGES:
            raise _too_many(display, count)
        for i, page_obj in enumerate(_iter_pages(pdf, PDFPage, display, (PDFEncryptionError, PDFPasswordIncorrect)), 1):
            if i > MAX_PAGES:
                raise _too_many(display, None)
            pages.append(_read_page(pdf, page_obj, i, display))
            if time.monotonic() - started > MAX_SECONDS:
                raise _page_error(display, "read.pdf_timed_out", number=i, seconds=Figure(MAX_SECONDS))
        doc = ReportDocument(display, "pdf", pages=len(pages))
        textless = [p for p in pages if p.textless]
        if textless:
            _ocr_or_notice(path, display, pages, textless, doc, started)
    finally:
        pdf.close()
    if not pages:
        raise _page_error(display, "read.pdf_no_pages")
    _drop_running_lines(pages)
    _assemble(pages, doc)
    return doc


# --------------------------------------------------------------------------- opening

def _check_file(path: str, display: str, max_bytes: int) -> None:
    try:
        if os.path.isdir(path):
            raise _page_error(display, "read.folder_not_report_file")
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as e:
        raise _page_error(display, "read.cannot_read_2", strerror=e.strerror)
    if size > max_bytes:
        raise _page_error(display, "read.file_bytes_exceeds_limit_bytes_2", st_size=Figure(size),
                          max_bytes=Figure(max_bytes))
    if b"%PDF-" not in head:
        raise _page_error(display, "read.pdf_no_marker")


def _open_error(display: str, e: Exception, locked: tuple) -> DocumentError:
    # pdfplumber wraps pdfminer's exception; the wrapped one says what is wrong
    while e.args and isinstance(e.args[0], Exception) and type(e).__name__ == "PdfminerException":
        e = e.args[0]
    if isinstance(e, locked) or "password" in str(e).lower() or "encrypt" in type(e).__name__.lower():
        return _page_error(display, "read.pdf_encrypted")
    return _page_error(display, "read.pdf_damaged", error=type(e).__name__)


def _too_many(display: str, count: int | None) -> DocumentError:
    if count:
        return _page_error(display, "read.pdf_too_many_pages", count=Figure(count), limit=Figure(MAX_PAGES))
    return _page_error(display, "read.pdf_too_many_pages_uncounted", limit=Figure(MAX_PAGES))


def _declared_pages(pdf, resolve1) -> int | None:
    """The page count the file declares, read before any page is parsed (a
    hostile file may lie, so the pages are also counted while they are read)."""
    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"]).get("Count"))
        return int(count) if isinstance(count, (int, float)) else None
    except Exception:
        return None


def _iter_pages(pdf, PDFPage, display, locked):
    gen = PDFPage.create_pages(pdf.doc)
    while True:
        try:
            page_obj = next(gen)
        except StopIteration:
            return
        except Exception as e:
            raise _open_error(display, e, locked)
        yield page_obj


# --------------------------------------------------------------------------- OCR

def _ocr_or_notice(path, display, pages, textless, doc, started) -> None:
    engine = _ocr_engine()
    if engine is None or len(textless) > MAX_OCR_PAGES:
        if len(textless) == len(pages):
            if engine is None:
                raise _page_error(display, "read.pdf_scanned_no_ocr", pages=len(pages), hint=OCR_HINT)
            raise _page_error(display, "read.pdf_scanned_over_ocr_limit", pages=len(textless), limit=MAX_OCR_PAGES)
        for p in textless:
            values = (("number", p.number), ("hint", OCR_HINT))
            doc.notices.append(Notice(Where(display, page=p.number), say("read.pdf_page_no_text_layer", "id", values),
                                      say("read.pdf_page_no_text_layer", "en", values)))
        return
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        for p in textless:
            page = pdf[p.number - 1]
            image = _without_rules(page.render(scale=OCR_DPI / 72).to_pil().convert("L"))
            page.close()
            _ocr_page(engine, image, p, display)
            if time.monotonic() - started > MAX_SECONDS:
                raise _page_error(display, "read.pdf_ocr_timed_out", number=p.number, seconds=Figure(MAX_SECONDS))
    finally:
        pdf.close()
    doc.ocr = True


def ocr_available() -> bool:
    return _ocr_engine() is not None


# --------------------------------------------------------------------------- headers, footers

def _margin_lines(p: _Page) -> list[_Line]:
    top_zone, bottom_zone = p.height * MARGIN_ZONE, p.height * (1 - MARGIN_ZONE)
    first = [t.top for t in p.tables]
    out = []
    for ln in p.lines:
        if ln.bottom <= top_zone and not any(t < ln.top for t in first):
            out.append(ln)
        elif ln.top >= bottom_zone:
            out.append(ln)
    return out


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _drop_running_lines(pages: list[_Page]) -> None:
    """Drop page numbers, and lines in the top or bottom margin that repeat
    (digits aside) on at least 40% of the pages with text, and on two or more."""
    candidates = {p.number: _margin_lines(p) for p in pages}
    counts = Counter(k for lns in candidates.values() for k in {_key(ln.text) for ln in lns})
    with_text = sum(1 for p in pages if p.lines or p.tables)
    need = max(2, int(0.4 * with_text + 0.999))
    for p in pages:
        drop = {id(ln) for ln in candidates[p.number]
                if _PAGE_NUMBER.match(ln.text) or counts[_key(ln.text)] >= need}
        if drop:
            p.lines = [ln for ln in p.lines if id(ln) not in drop]


# --------------------------------------------------------------------------- blocks

def _assemble(pages: list[_Page], doc: ReportDocument) -> None:
    display = doc.path
    table_no = 0
    last_table: tuple[_Table, TableBlock] | None = None
    chain_first: list[list[str]] = []        # cell texts of the first piece of a continued table
    chain_block: TableBlock | None = None
    prev_page: _Page | None = None
    prev_page_ends_with_text = False
    for p in pages:
        items: list[tuple[float, object]] = [(ln.top, ln) for ln in p.lines] + [(t.top, t) for t in p.tables]
        items.sort(key=lambda it: it[0])
        first_block = True
        prev_line: _Line | None = None
        for _, item in items:
            if isinstance(item, _Line):
                doc.blocks.append(TextLine(item.text, Where(display, page=p.number, line=item.number)))
                prev_line = item
                first_block = False
                continue
            t: _Table = item
            continued = bool(first_block and last_table is not None and _same_columns(last_table[0], t))
            skip = _repeated_header(chain_first, t) if continued else 0
            if not continued:
                chain_first = [[c[2] for c in r] for r in t.rows]
                chain_block = None
            elif skip and chain_block is not None and chain_block.header_rows is None:
                chain_block.header_rows = skip
            table_no += 1
            rows = []
            for i, row in enumerate(t.rows[skip:], skip):
                # the row's first printed line: its text starts below the rule, inside the cell padding
                line = min(bisect.bisect_left(p.all_tops, t.row_tops[i] - 1.0) + 1, len(p.all_tops)) if p.all_tops else None
                rows.append([TableCell(text, Where(display, page=p.number, line=line, table=table_no,
                                                   row=len(rows) + 1, column=j + 1), colspan=span)
                             for j, span, text in row])
            rows = [r for r in rows if r] or [[]]
            caption = None
            if not continued and prev_line is not None:
                caption = _caption(p.lines, t.top)
            elif not continued and first_block and prev_page is not None and prev_page.lines and prev_page_ends_with_text:
                # a caption left at the foot of the previous page, its table moved on
                caption = _caption(prev_page.lines, prev_page.lines[-1].bottom + 1.0)
            first_cell = rows[0][0].where if rows[0] else Where(display, page=p.number, table=table_no)
            block = TableBlock(rows, first_cell, caption=caption, continued=continued)
            doc.blocks.append(block)
            if not continued:
                chain_block = block
            last_table = (t, block)
            prev_line = None
            first_block = False
        # a table continues onto the next page only if nothing follows it here
        if items and not isinstance(items[-1][1], _Table):
            last_table = None
        if items:
            prev_page, prev_page_ends_with_text = p, isinstance(items[-1][1], _Line)


def _caption(lines: list[_Line], top: float) -> str | None:
    """The paragraph printed right above ``top`` (up to three lines): a table's caption or heading."""
    above = [ln for ln in lines if ln.bottom <= top + 1.0]
    if not above or top - above[-1].bottom > 40:
        return None
    out = [above[-1]]
    for ln in reversed(above[:-1]):
        if len(out) == 3 or out[0].top - ln.bottom > 0.6 * (out[0].bottom - out[0].top):
            break
        out.insert(0, ln)
    return " ".join(ln.text for ln in out)


def _same_columns(a: _Table, b: _Table) -> bool:
    if len(a.edges) != len(b.edges):
        return False
    return all(abs(x - y) <= 3.0 for x, y in zip(a.edges, b.edges))


def _repeated_header(first: list[list[str]], t: _Table) -> int:
    """How many leading rows of ``t`` repeat the first rows of the table it continues."""
    n = 0
    while n < len(t.rows) - 1 and n < len(first) and [c[2] for c in t.rows[n]] == first[n]:
        n += 1
    return n
