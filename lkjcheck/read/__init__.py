"""Readers: a published report (PDF, DOCX, Markdown, text) as one document model.

Every reader returns a :class:`~lkjcheck.read.document.ReportDocument`; what a
table means (which model table and column) is decided later, from data in the
rule pack, never here.
"""
from __future__ import annotations

import importlib
import os

REPORT_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".docx")

# suffix -> (module, function); the PDF and DOCX readers import heavy
# libraries, so they are imported only when such a file is read.
_READERS = {
    ".md": ("lkjcheck.read.text", "read_text"),
    ".markdown": ("lkjcheck.read.text", "read_text"),
    ".txt": ("lkjcheck.read.text", "read_text"),
    ".pdf": ("lkjcheck.read.pdf", "read_pdf"),
    ".docx": ("lkjcheck.read.docx", "read_docx"),
}


def is_report(path) -> bool:
    return os.fspath(path).lower().endswith(REPORT_SUFFIXES)


def read_report(path: str, display: str, max_bytes: int):
    """The report at `path` as a ReportDocument; `display` names it in findings."""
    from lkjcheck.read.guard import guard_error
    from lkjcheck.read.textdoc import DocumentError

    suffix = os.path.splitext(os.fspath(path))[1].lower()
    spec = _READERS.get(suffix)
    if spec is None:
        raise guard_error(DocumentError, display, None, "read.report_type_not_supported", suffix=suffix)
    try:
        module = importlib.import_module(spec[0])
    except ModuleNotFoundError as e:
        if e.name not in (spec[0], *_deps(suffix)):
            raise
        raise guard_error(DocumentError, display, None, "read.no_reader_installed", suffix=suffix, module=e.name)
    return getattr(module, spec[1])(os.fspath(path), display, max_bytes)


def _deps(suffix: str) -> tuple:
    return {".pdf": ("pdfplumber", "pdfminer"), ".docx": ("docx",)}.get(suffix, ())
