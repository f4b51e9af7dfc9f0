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
from dataclasses import dataclass, field

from lkjcheck.read.document import Notice, ReportDocument, TableBlock, TableCell, TextLine, Where
from lkjcheck.read.textdoc import DocumentError

# An LKj has 40-150 pages, a few hundred with its appendices; a thousand
# pages is not a report, and reading it would take minutes.
MAX_PAGES = 1000
# A dense table page has about 5,000 characters; far more is not text a
# person reads (and would make the page slow).
MAX_CHARS_PER_PAGE = 100_000
# Reading stops (and the file is refused) when it takes longer than this;
# a text-layer page costs well under a second, so only a hostile file gets here.
MAX_SECONDS = 300.0
# OCR costs seconds per page; a scanned report longer than this is refused
# rather than keeping a CI job busy for an hour.
MAX_OCR_PAGES = 300
OCR_DPI = 300
OCR_LANG = "ind"
OCR_HINT_ID = ("pasang OCR: pip install 'lkjcheck[ocr]' dan paket sistem tesseract-ocr "
               "tesseract-ocr-ind (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-ind)")
OCR_HINT_EN = ("install OCR: pip install 'lkjcheck[ocr]' and the system packages tesseract-ocr "
               "tesseract-ocr-ind (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-ind)")

# Where running headers and footers live: this share of the page height at the top and bottom.
MARGIN_ZONE = 0.09
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—.]*(?:(?:halaman|hal\.?|page)\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:dari|of|/)\s*\d{1,4})?[\s\-–—.]*$", re.I)
_DIGITS = re.compile(r"\d+")


class _Error(DocumentError):
    pass


def _error(display: str, msg_id: str, msg_en: str) -> DocumentError:
    return DocumentError(display, None, msg_id, msg_en)


@dataclass
class _Line:
    """A line as printed: its characters' text, vertical place and left edge."""

    top: float
    bottom: float
    x0: float
    text: str
    number: int = 0


@dataclass
class _Table:
    top: float
    bottom: float
    edges: tuple[float, ...]                      # the grid's column boundaries
    rows: list[list[tuple[int, int, str]]]        # (grid column, colspan, text) per cell
    row_tops: list[float]
    row_bottoms: list[float]


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line] = field(default_factory=list)     # outside tables, numbered
    tables: list[_Table] = field(default_factory=list)
    all_tops: list[float] = field(default_factory=list)  # tops of every printed line, for numbering rows
    textless: bool = False                                # images but no text layer
    ocr: bool = False


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
        raise _error(display, "membaca PDF memerlukan paket pdfplumber", "reading a PDF needs the pdfplumber package")

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
                raise _error(display, f"halaman {i}: membaca PDF melebihi batas waktu {MAX_SECONDS:.0f} detik",
                             f"page {i}: reading the PDF took longer than the limit of {MAX_SECONDS:.0f} seconds")
        doc = ReportDocument(display, "pdf", pages=len(pages))
        textless = [p for p in pages if p.textless]
        if textless:
            _ocr_or_notice(path, display, pages, textless, doc, started)
    finally:
        pdf.close()
    if not pages:
        raise _error(display, "PDF tanpa halaman", "PDF without pages")
    _drop_running_lines(pages)
    _assemble(pages, doc)
    return doc


# --------------------------------------------------------------------------- opening

def _check_file(path: str, display: str, max_bytes: int) -> None:
    try:
        if os.path.isdir(path):
            raise _error(display, "adalah folder, bukan berkas laporan", "is a folder, not a report file")
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as e:
        raise _error(display, f"tidak dapat dibaca ({e.strerror})", f"cannot be read ({e.strerror})")
    if size > max_bytes:
        raise _error(display, f"berkas {size:,} byte melebihi batas {max_bytes:,} byte",
                     f"file of {size:,} bytes exceeds the limit of {max_bytes:,} bytes")
    if b"%PDF-" not in head:
        raise _error(display, "bukan berkas PDF (tanda %PDF tidak ada)", "not a PDF file (no %PDF marker)")


def _open_error(display: str, e: Exception, locked: tuple) -> DocumentError:
    # pdfplumber wraps pdfminer's exception; the wrapped one says what is wrong
    while e.args and isinstance(e.args[0], Exception) and type(e).__name__ == "PdfminerException":
        e = e.args[0]
    if isinstance(e, locked) or "password" in str(e).lower() or "encrypt" in type(e).__name__.lower():
        return _error(display, "PDF terenkripsi (dikunci kata sandi); simpan ulang tanpa kata sandi",
                      "the PDF is encrypted (password-protected); save it again without a password")
    return _error(display, f"PDF rusak atau tidak sah ({type(e).__name__})",
                  f"the PDF is damaged or not valid ({type(e).__name__})")


def _too_many(display: str, count: int | None) -> DocumentError:
    n = f"{count:,} halaman" if count else "lebih dari itu"
    n_en = f"{count:,} pages" if count else "more than that"
    return _error(display, f"PDF {n}; batasnya {MAX_PAGES:,} halaman", f"PDF of {n_en}; the limit is {MAX_PAGES:,} pages")


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


# --------------------------------------------------------------------------- one page

_page_class = None


def _fast_page_class():
    """pdfplumber's Page, with characters made into the few fields this reader
    uses instead of pdfplumber's full dictionaries (that generic conversion
    was half the time of reading a page). Ruling lines, rectangles and images
    still go through pdfplumber, so its table finder sees what it expects."""
    global _page_class
    if _page_class is None:
        from pdfminer.layout import LTAnno, LTChar, LTContainer
        from pdfplumber.page import Page

        class FastPage(Page):
            def parse_objects(self):
                objects: dict[str, list] = {"char": []}
                chars = objects["char"]
                height = self.height
                mb_x0, mb_top = self.mediabox[:2]
                stack = [iter(self.layout._objs)]
                while stack:
                    for obj in stack[-1]:
                        if isinstance(obj, LTChar):
                            chars.append({"object_type": "char", "text": obj.get_text(),
                                          "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
                                          "top": height - obj.y1 + mb_top, "bottom": height - obj.y0 + mb_top,
                                          "size": obj.size, "upright": obj.upright, "matrix": obj.matrix})
                        elif isinstance(obj, LTContainer):
                            stack.append(iter(obj._objs))
                            break
                        elif not isinstance(obj, LTAnno):
                            o = self.process_object(obj)
                            objects.setdefault(o["object_type"], []).append(o)
                    else:
                        stack.pop()
                return objects

        _page_class = FastPage
    return _page_class


def _read_page(pdf, page_obj, number: int, display: str) -> _Page:
    Page = _fast_page_class()
    try:
        page = Page(pdf, page_obj, page_number=number)
        chars = page.chars
        if len(chars) > MAX_CHARS_PER_PAGE:
            raise _error(display, f"halaman {number}: {len(chars):,} karakter melebihi batas {MAX_CHARS_PER_PAGE:,}",
                         f"page {number}: {len(chars):,} characters exceed the limit of {MAX_CHARS_PER_PAGE:,}")
        turn = _turn_of(chars)
        if turn:
            # Content drawn sideways on a portrait page: read the page as if
            # it carried the /Rotate that would display it upright.
            page.close()
            # (pdfminer turns the content by ``rotate``, pdfplumber the page box by the attribute)
            page_obj.rotate = page_obj.attrs["Rotate"] = (_rotation(page_obj) + turn) % 360
            page = Page(pdf, page_obj, page_number=number)
            chars = page.chars
        out = _Page(number, float(page.height))
        chars = [c for c in chars if c.get("upright", True) and c["text"]]
        if not any(not c["text"].isspace() for c in chars):
            out.textless = bool(page.images)
            page.close()
            return out
        tables = _find_tables(page) if (page.rects or page.lines) else []
        _layout(out, chars, tables)
        page.close()
        return out
    except DocumentError:
        raise
    except Exception as e:
        raise _error(display, f"halaman {number} rusak ({type(e).__name__})", f"page {number} is damaged ({type(e).__name__})")


def _rotation(page_obj) -> int:
    from pdfminer.pdftypes import resolve1

    try:
        return int(resolve1(page_obj.attrs.get("Rotate", 0)) or 0)
    except (TypeError, ValueError):
        return 0


def _turn_of(chars) -> int:
    """The /Rotate that shows this page's text upright, when most of it is
    drawn turned by a quarter (0 when the page reads normally)."""
    if not chars:
        return 0
    turned = [c for c in chars if not c.get("upright", True) and not c["text"].isspace()]
    if len(turned) * 2 <= len(chars):
        return 0
    up = sum(1 for c in turned if c["matrix"][1] > 0)      # text running bottom to top
    return 90 if up * 2 >= len(turned) else 270


def _find_tables(page) -> list:
    try:
        found = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    except Exception:
        return []
    # A frame round a paragraph is one cell, not a table.
    return [t for t in found if len(t.rows) >= 2 and len({c[0] for c in t.cells}) >= 2]


def _layout(out: _Page, chars: list, tables: list) -> None:
    boxes = [t.bbox for t in tables]
    free, inside = [], [[] for _ in tables]
    for c in chars:
        xm, ym = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        for k, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= xm <= x1 and top <= ym <= bottom:
                inside[k].append(c)
                break
        else:
            free.append(c)
    lines = _lines(free)
    table_lines = [_lines(cs) for cs in inside]
    tops = sorted([ln.top for ln in lines] + [ln.top for tl in table_lines for ln in tl])
    # Printed lines are numbered top to bottom; lines of different cells at
    # the same height are one printed line.
    merged: list[float] = []
    for t in tops:
        if not merged or t - merged[-1] > 2.0:
            merged.append(t)
    out.all_tops = merged
    for ln in lines:
        ln.number = _number_of(merged, ln.top)
    out.lines = lines
    out.tables = [_table(t, cs) for t, cs in zip(tables, inside)]


def _number_of(tops: list[float], top: float) -> int:
    i = bisect.bisect_right(tops, top + 2.0)
    return max(i, 1)


def _lines(chars: list) -> list[_Line]:
    """Characters → printed lines, left to right, with spaces and (for
    column-wide gaps) tabs between words."""
    if not chars:
        return []
    chars = sorted(chars, key=lambda c: (c["bottom"], c["x0"]))
    groups: list[list] = []
    base = None
    for c in chars:
        tol = max(1.5, 0.35 * (c.get("size") or 10))
        if base is not None and abs(c["bottom"] - base) <= tol:
            groups[-1].append(c)
        else:
            groups.append([c])
            base = c["bottom"]
    out = []
    for g in groups:
        g.sort(key=lambda c: c["x0"])
        text = _join(g)
        if text:
            out.append(_Line(min(c["top"] for c in g), max(c["bottom"] for c in g), g[0]["x0"], text))
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


def _join(g: list) -> str:
    parts: list[str] = []
    prev = None
    pending_space = False
    for c in g:
        t = c["text"]
        if t.isspace():
            pending_space = True
            continue
        if prev is not None:
            size = c.get("size") or 10
            gap = c["x0"] - prev["x1"]
            if gap > 1.2 * size:
                parts.append("\t")
            elif pending_space or gap > 0.18 * size:
                parts.append(" ")
        parts.append(t)
        prev = c
        pending_space = False
    return "".join(parts).strip()


def _table(t, chars: list) -> _Table:
    rows = t.rows
    edges = sorted({c[0] for c in t.cells} | {max(c[2] for c in t.cells)})
    row_tops = [min(c[1] for c in r.cells if c) for r in rows]
    # A row ends where the next begins (a cell merged down reaches further).
    row_bottoms = row_tops[1:] + [max(c[3] for r in rows for c in r.cells if c)]
    # every cell with its grid column, span and the characters inside it
    cells = []
    for i, r in enumerate(rows):
        for c in r.cells:
            if c is not None:
                j = bisect.bisect_left(edges, c[0] - 1.0)
                span = max(1, bisect.bisect_left(edges, c[2] - 1.0) - j)
                cells.append((i, j, span, c))
    by_row: dict[int, list] = {}
    for cell in cells:
        by_row.setdefault(cell[0], []).append(cell)
    content: dict[tuple[int, int], list] = {}
    for ch in chars:
        xm, ym = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        i = bisect.bisect_right(row_tops, ym) - 1
        while i >= 0:
            hit = next((cl for cl in by_row.get(i, ()) if cl[3][0] <= xm < cl[3][2] and cl[3][1] <= ym <= cl[3][3]), None)
            if hit:
                content.setdefault((hit[0], hit[1]), []).append(ch)
                break
            i -= 1
    out_rows = []
    covered_down: dict[int, int] = {}      # grid column -> span, of a cell reaching below its row
    for i in range(len(rows)):
        row = []
        starts = {cl[1]: cl for cl in by_row.get(i, ())}
        j = 0
        while j < len(edges) - 1:
            cl = starts.get(j)
            if cl is not None:
                text = " ".join(ln.text.replace("\t", " ") for ln in _lines(content.get((i, j), [])))
                row.append((j, cl[2], text))
                if cl[3][3] > row_bottoms[i] + 1.0:
                    covered_down[j] = cl[2]
                j += cl[2]
            elif j in covered_down:
                # under a cell merged down over rows: an empty cell, as a transcript shows it
                row.append((j, covered_down[j], ""))
                j += covered_down[j]
            else:
                j += 1
        for col in [c for c in covered_down if c not in starts]:
            if _bottom_of(by_row, col, i) <= row_bottoms[i] + 1.0:
                covered_down.pop(col)
        for col in [c for c in starts if c in covered_down and starts[c][3][3] <= row_bottoms[i] + 1.0]:
            covered_down.pop(col)
        out_rows.append(row)
    return _Table(t.bbox[1], t.bbox[3], tuple(edges), out_rows, row_tops, row_bottoms)


def _bottom_of(by_row: dict, col: int, below: int) -> float:
    for i in range(below, -1, -1):
        for cl in by_row.get(i, ()):
            if cl[1] == col:
                return cl[3][3]
    return 0.0


# --------------------------------------------------------------------------- OCR

def _ocr_or_notice(path, display, pages, textless, doc, started) -> None:
    engine = _ocr_engine()
    if engine is None or len(textless) > MAX_OCR_PAGES:
        if len(textless) == len(pages):
            why = (f"PDF tanpa lapisan teks (hasil pindai, {len(pages)} halaman gambar) dan OCR tidak tersedia; {OCR_HINT_ID}"
                   if engine is None else f"PDF hasil pindai {len(textless)} halaman melebihi batas OCR {MAX_OCR_PAGES}")
            why_en = (f"PDF without a text layer (scanned, {len(pages)} image pages) and OCR is not available; {OCR_HINT_EN}"
                      if engine is None else f"scanned PDF of {len(textless)} pages exceeds the OCR limit of {MAX_OCR_PAGES}")
            raise _error(display, why, why_en)
        for p in textless:
            doc.notices.append(Notice(Where(display, page=p.number),
                                      f"halaman {p.number} tanpa lapisan teks (gambar), tidak terbaca; {OCR_HINT_ID}",
                                      f"page {p.number} has no text layer (an image) and was not read; {OCR_HINT_EN}"))
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
                raise _error(display, f"halaman {p.number}: OCR melebihi batas waktu {MAX_SECONDS:.0f} detik",
                             f"page {p.number}: OCR took longer than the limit of {MAX_SECONDS:.0f} seconds")
    finally:
        pdf.close()
    doc.ocr = True


def ocr_available() -> bool:
    return _ocr_engine() is not None


def _ocr_engine():
    """pytesseract, when it and Tesseract's Indonesian model are installed."""
    try:
        import pytesseract
    except ImportError:
        return None
    try:
        if OCR_LANG not in pytesseract.get_languages(config=""):
            return None
    except Exception:  # tesseract binary missing or broken
        return None
    return pytesseract


def _without_rules(image):
    """The page image with the ruling lines of its tables whitened: Tesseract
    reads a ruled table as noise, and the same rows without rules as lines."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image)
    dark = pixels < 200
    longest = int(OCR_DPI * 0.25)          # a quarter inch: longer than any stroke of a letter
    mask = _long_runs(dark, longest) | _long_runs(dark.T, longest).T
    mask[1:] |= mask[:-1]
    mask[:, 1:] |= mask[:, :-1]
    out = pixels.copy()
    out[mask] = 255
    return Image.fromarray(out)


def _long_runs(dark, length: int):
    """Pixels on a vertical run of dark pixels at least ``length`` long."""
    import numpy as np

    run = np.zeros(dark.shape[1], np.int32)
    runs = np.empty(dark.shape, np.int32)
    for i in range(dark.shape[0]):
        run = (run + 1) * dark[i]
        runs[i] = run
    out = np.zeros(dark.shape, bool)
    flag = np.zeros(dark.shape[1], bool)
    for i in range(dark.shape[0] - 1, -1, -1):
        flag = dark[i] & ((runs[i] >= length) | flag)
        out[i] = flag
    return out


def _ocr_page(engine, image, p: _Page, display: str) -> None:
    try:
        # psm 6: the page as one block of lines, so that the cells of a table
        # row stay on one line instead of becoming separate columns of text.
        data = engine.image_to_data(image, lang=OCR_LANG, config="--psm 6",
                                    output_type=engine.Output.DICT, timeout=120)
    except RuntimeError:
        raise _error(display, f"halaman {p.number}: OCR melebihi batas waktu", f"page {p.number}: OCR timed out")
    except Exception as e:
        raise _error(display, f"halaman {p.number}: OCR gagal ({type(e).__name__})", f"page {p.number}: OCR failed ({type(e).__name__})")
    scale = 72 / OCR_DPI
    words: dict[tuple, list] = {}
    for k, text in enumerate(data["text"]):
        if text and text.strip():
            key = (data["block_num"][k], data["par_num"][k], data["line_num"][k])
            words.setdefault(key, []).append((data["left"][k], data["top"][k], data["width"][k], data["height"][k], text.strip()))
    lines = []
    for ws in words.values():
        ws.sort()
        height = sorted(w[3] for w in ws)[len(ws) // 2] or 1
        parts = [ws[0][4]]
        for prev, w in zip(ws, ws[1:]):
            parts.append("\t" if w[0] - (prev[0] + prev[2]) > 2.5 * height else " ")
            parts.append(w[4])
        top = min(w[1] for w in ws) * scale
        bottom = max(w[1] + w[3] for w in ws) * scale
        lines.append(_Line(top, bottom, ws[0][0] * scale, "".join(parts)))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    for n, ln in enumerate(lines, 1):
        ln.number = n
    p.height = image.height * scale
    p.lines = lines
    p.all_tops = [ln.top for ln in lines]
    p.ocr = True
    p.textless = False


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
