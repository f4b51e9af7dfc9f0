"""Markdown, for pasting into review notes, wikis and merge requests.

Written for GitHub/GitLab-flavoured Markdown: findings are pipe tables, and a
newline inside a cell becomes ``<br>``, the only line break a table cell can hold.
"""
from __future__ import annotations

import re

from lkjcheck.findings import RunResult
from lkjcheck.report.common import clean as _clean

# Characters that Markdown or inline HTML would act on. Escaped with a
# backslash, which CommonMark defines for every ASCII punctuation character.
_SPECIAL = re.compile(r"([\\`*\[\]<>|&~])")
# "_" only matters at a word edge; escaping it inside "realisasi_n1" would just
# make the raw text harder to read.
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


# What opens a block when it starts a line ("# heading", "> quote", "- item",
# "1. item", "===" under a line): data with a newline in it (an `instansi`
# written over two lines) must not add structure to the working paper.
_BLOCK_START = re.compile(r"(?m)^([ \t]*)(?:(#{1,6}|[>+=-])(?=[ \t]|$|[=-])|(\d{1,9})([.)])(?=[ \t]|$))")


def _block_safe(m: re.Match) -> str:
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"


def escape(text) -> str:
    """Inline Markdown text: special characters escaped, newlines kept, no line opening a block."""
    s = _clean(text).replace("\r\n", "\n").replace("\r", "\n")
    s = _SPECIAL.sub(r"\\\1", s)
    s = _BLOCK_START.sub(_block_safe, s)
    return _EDGE_UNDERSCORE.sub(r"\\_", s)


def cell(text) -> str:
    """One table cell: escaped, on one line."""
    s = escape(text).strip()
    s = re.sub(r"\n+", "<br>", s)
    return s or " "


def _places(places) -> str:
    return "\n".join(f"{p.reviewer} ({p.machine})" for p in places)


def render(result: RunResult) -> str:
    from lkjcheck.report.kkr import build
    from lkjcheck.report.templating import render_template, template_dir_of

    wp = build(result)
    out = render_template("kkr.md.j2", template_dir_of(result), False,
                          {"t": escape, "c": cell, "places": _places}, wp=wp, L=wp.labels)
    # Templates leave runs of blank lines where optional parts are empty.
    return re.sub(r"\n{3,}", "\n\n", out).rstrip("\n") + "\n"
