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
    "text": "lkjcheck.render.text",
    "json": "lkjcheck.render.json",
    "sarif": "lkjcheck.render.sarif",
    "junit": "lkjcheck.render.junit",
    "github": "lkjcheck.render.github",
    "markdown": "lkjcheck.render.markdown",
    "html": "lkjcheck.render.html",
    # The working paper for Word and Excel: ``render`` returns bytes (module attribute BINARY).
    "docx": "lkjcheck.render.docx",
    "xlsx": "lkjcheck.render.xlsx",
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
