"""Output formats.

Each format is a module with ``render(result: RunResult) -> str`` (``-> bytes``
for the binary formats, whose module sets ``BINARY = True``). Modules are
imported only when asked for, so ``lkjcheck --help`` does not pay for the HTML
or SARIF code, and a broken optional format cannot stop the others.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib
from typing import Callable

from lkjcheck.findings import RunResult
from lkjcheck.i18n import LANGS, MESSAGES

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
    render = importlib.import_module(module_path).render

    @functools.wraps(render)
    def worded_render(result: RunResult):
        return render(worded(result))

    return worded_render


def worded(result: RunResult) -> RunResult:
    """The result with every finding put into words in the report's language.

    Checks record what they found as data; the language of the words is the
    report's, so a result checked in one language can be written in the other.
    """
    lang = result.lang if result.lang in LANGS else "id"
    if any(isinstance(f.msg, str) and f.msg not in MESSAGES for f in result.findings):
        # Findings checked in worker processes: the text checks' own wordings load with their modules.
        import lkjcheck.checks.text.check  # noqa: F401
    findings = [f.in_lang(lang) for f in result.findings]
    if all(a is b for a, b in zip(findings, result.findings)):
        return result
    return dataclasses.replace(result, findings=findings)
