"""One PDF page → its lines and ruled tables (pdfplumber characters, grouped as a person reads them).

The types here (a printed line, a ruled table, a page) are what the PDF reader
(pdf.py) assembles into a document and what OCR (pdf_ocr.py) fills for a page
without a text layer.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from lkjcheck.i18n import Figure
from lkjcheck.read.textdoc import DocumentError

# A dense table page has about 5,000 characters; far more is not text a
# person reads (and would make the page slow).
MAX_CHARS_PER_PAGE = 100_000


def _page_error(display: str, key: str, /, **values) -> DocumentError:
    """A PDF the reader refuses: catalogue key `key` (lkjcheck/messages/read.yaml, pdf.yaml) with its values."""
    return DocumentError(display, None, key, **values)


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
            raise _page_error(display, "read.page_chars_over_limit", number=number, chars=Figure(len(chars)),
                              limit=Figure(MAX_CHARS_PER_PAGE))
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
        raise _page_error(display, "read.page_damaged", number=number, error=type(e).__name__)


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
