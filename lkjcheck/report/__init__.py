"""Output formats.

Each format is a module with ``render(result: RunResult) -> str`` (``-> bytes``
for the binary formats, whose module sets ``BINARY = True``). Modules are
imported only when asked for, so ``lkjcheck --help`` does not pay for the HTML
or SARIF code, and a broken optional format cannot stop the others.
"""
from __future__ import annotations

import importlib
from typing import Callable

FORMATS: dict[str, str] = {
    "text": "lkjcheck.report.text",
    "json": "lkjcheck.report.json",
    "sarif": "lkjcheck.report.sarif",
    "junit": "lkjcheck.report.junit",
    "github": "lkjcheck.report.github",
    "gitlab": "lkjcheck.report.gitlab",
    "markdown": "lkjcheck.report.markdown",
    "html": "lkjcheck.report.html",
    # The working paper for Word and Excel: ``render`` returns bytes (module attribute BINARY).
    "docx": "lkjcheck.report.docx",
    "xlsx": "lkjcheck.report.xlsx",
}


def get_renderer(name: str) -> Callable:
    """The ``render`` function of format ``name``; ValueError for an unknown name."""
    try:
        module_path = FORMATS[name]
    except KeyError:
        raise ValueError(
            f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}"
        ) from None
    return importlib.import_module(module_path).render
