"""The report text as users have it: Markdown or plain text, or a .docx.

Every check matches on one string (the lines joined by ``\\n``) so that a
pattern may follow a sentence across a hard line break ("Nomor 29\\nTahun
2014"); positions are mapped back to 1-based line and column afterwards.

For a .docx a "line" is a paragraph: body paragraphs and the paragraphs inside
table cells, in document order, numbered from 1.
"""
from __future__ import annotations

import bisect
import os
from array import array
from dataclasses import field
from itertools import accumulate

from lkjcheck.errors import InputError
from lkjcheck.i18n import Figure, Said
from lkjcheck.read.guard import guard_error
from lkjcheck.record import record

# A LKj is a few hundred kilobytes of text; anything far beyond is not a report
# and would only make regex matching slow.
MAX_BYTES = 50 * 1024 * 1024

# Characters of report text the text rules are run on, whichever reader made
# it (text, Markdown, DOCX, PDF, OCR). The text checks cost time in proportion
# to the text (benchmarks/text.py: the seed repeated to 40 MB costs about 40x
# 1 MB), most on text written to trigger them: one-word paragraphs, about 2.5
# CPU s and 11 MB per million characters on this two-core machine (2026-12-02). A 300-page LKj
# is about 0.9 million characters at the seed report's density (3,000 per
# page) and 1.5 million at 5,000 per page (dense prose, no tables), so this
# limit checks both by default, and its worst case still ends within
# docs/security.md's bound of 10 s of CPU and 300 MB, start-up included.
# Only the command line may raise it (--max-text-chars), a configuration file may not.
MAX_TEXT_CHARS = 1_500_000

# What a file that is not text usually is, by its first bytes: catalogue keys (messages/read.yaml).
_BINARY_MAGIC = {
    b"%PDF": "read.kind.pdf",
    b"\xd0\xcf\x11\xe0": "read.kind.doc",
    b"PK\x03\x04": "read.kind.zip",
    b"\x89PNG": "read.kind.png",
    b"\xff\xd8\xff": "read.kind.jpeg",
}


class DocumentError(InputError):
    """A report file that cannot be read as text; names the file."""


@record
class Document:
    path: str                      # as shown in findings
    lines: list[str]
    kind: str = "text"             # "text", "markdown" or "docx"
    encoding: str | None = None
    _starts: array | None = field(default=None, repr=False)
    _text: str | None = field(default=None, repr=False)

    @classmethod
    def from_text(cls, text: str, path: str = "<teks>", kind: str = "text") -> "Document":
        return cls(path, _split_lines(text), kind)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(self.lines)
        return self._text

    def _line_starts(self) -> array:
        if self._starts is None:
            # An array, not a list of ints: a list costs 36 bytes a line, and a
            # text of one-character lines has a line every two characters.
            lines = self.lines
            self._starts = offset_array(lines_chars(lines),
                                        accumulate((len(ln) + 1 for ln in lines[:-1]), initial=0))
        return self._starts

    def offset(self, line: int, column: int = 1) -> int:
        """Character offset in ``text`` of a 1-based (line, column)."""
        return self._line_starts()[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in ``text``."""
        starts = self._line_starts()
        i = bisect.bisect_right(starts, offset) - 1
        i = max(i, 0)
        return i + 1, offset - starts[i] + 1


def offset_array(largest: int, values=()) -> array:
    """A compact array for character offsets up to ``largest``: 4 bytes each when they fit, else 8.

    The text checks keep a few offsets per line, paragraph and sentence; as
    Python ints in lists they cost 36 bytes each, which on text of one-word
    paragraphs was most of the memory (docs/security.md, "Report text").
    """
    code = "I" if largest < 2 ** 32 and array("I").itemsize >= 4 else "q"
    return array(code, values)


def check_text_size(chars: int, display: str, max_chars: int = MAX_TEXT_CHARS) -> None:
    """Refuse a report text longer than ``max_chars`` characters before any rule reads it."""
    if chars > max_chars:
        raise guard_error(DocumentError, display, None, "read.report_text_over_limit",
                          chars=Figure(chars), limit=Figure(max_chars))


def lines_chars(lines) -> int:
    """Length of the text the lines make once joined by line breaks."""
    return sum(map(len, lines)) + max(len(lines) - 1, 0)


def _split_lines(text: str) -> list[str]:
    if "\r" in text:       # each replace copies the whole text; a 40 MB report pays only when it must
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.split("\n")


def read_document(path: str, display: str | None = None, max_bytes: int = MAX_BYTES,
                  max_chars: int = MAX_TEXT_CHARS) -> Document:
    display = display or str(path)
    path = os.fspath(path)
    from lkjcheck.read.guard import regular_file_size

    regular_file_size(path, display, max_bytes, DocumentError)     # no FIFO, device or folder is opened
    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise guard_error(DocumentError, display, None, "read.cannot_read_2", strerror=e.strerror)
    if os.path.isdir(path):
        raise guard_error(DocumentError, display, None, "read.folder_not_report_file")
    if size > max_bytes:
        raise guard_error(DocumentError, display, None, "read.file_bytes_exceeds_limit_bytes_2",
                          st_size=Figure(size), max_bytes=Figure(max_bytes))
    if path.lower().endswith(".docx"):
        from lkjcheck.read.guard import MAX_DOCX_XML_BYTES, zip_unpacked

        zip_unpacked(path, display, max_bytes, MAX_DOCX_XML_BYTES, DocumentError)  # before python-docx inflates it
        doc = _read_docx(path, display)
        check_text_size(lines_chars(doc.lines), display, max_chars)
        return doc
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as e:
        raise guard_error(DocumentError, display, None, "read.cannot_read_2", strerror=e.strerror)
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise guard_error(DocumentError, display, None, "read.binary_file_named_not_text", what=Said(kind))
    if b"\x00" in data[:65536]:
        raise guard_error(DocumentError, display, None, "read.binary_file_not_text")
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8-sig"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows converters still write cp1252; bytes cp1252 leaves undefined
        # mean the file is neither, and guessing further would misread it.
        try:
            text = data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            raise guard_error(DocumentError, display, line, "read.neither_utf8_nor_cp1252")
    del data
    check_text_size(len(text), display, max_chars)      # before the lines are split out of it
    kind = "markdown" if path.lower().endswith((".md", ".markdown")) else "text"
    return Document(display, _split_lines(text), kind, encoding)


def _read_docx(path: str, display: str) -> Document:
    d = open_docx(path, display)
    lines: list[str] = []
    _walk(d.element.body, lines)
    return Document(display, [ln.replace("\r", " ").replace("\n", " ") for ln in lines], "docx", None)


def open_docx(path: str, display: str):
    """python-docx's document, or a DocumentError naming the file."""
    try:
        import docx  # python-docx; imported here so plain-text runs never pay for it
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:
        raise guard_error(DocumentError, display, None, "read.docx_needs_python_docx")
    try:
        d = docx.Document(path)
    except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
        raise guard_error(DocumentError, display, None, "read.docx_not_valid", error=type(e).__name__)
    except Exception as e:  # zipfile.BadZipFile, lxml errors: all mean a broken file
        raise guard_error(DocumentError, display, None, "read.docx_not_valid", error=type(e).__name__)
    return d


def _walk(element, lines: list[str]) -> None:
    from docx.oxml.ns import qn

    p_tag, tbl_tag, sdt_tag = qn("w:p"), qn("w:tbl"), qn("w:sdt")
    tr_tag, tc_tag = qn("w:tr"), qn("w:tc")
    for child in element.iterchildren():
        if child.tag == p_tag:
            lines.append(_para_text(child))
        elif child.tag == tbl_tag:
            # Walking the XML rather than python-docx's row.cells: that API
            # repeats a merged cell once per grid column, doubling its figures.
            for tr in child.iterchildren(tr_tag):
                for tc in tr.iterchildren(tc_tag):
                    _walk(tc, lines)
        elif child.tag == sdt_tag:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _walk(content, lines)


def _para_text(p) -> str:
    from docx.oxml.ns import qn

    out = []
    t_tag, tab_tag, br_tag, cr_tag = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
    for node in p.iter():
        if node.tag == t_tag:
            out.append(node.text or "")
        elif node.tag == tab_tag:
            out.append("\t")
        elif node.tag in (br_tag, cr_tag):
            out.append(" ")
    return "".join(out)
