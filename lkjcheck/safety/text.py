"""Text from untrusted inputs made harmless for a terminal, a Markdown page or a JSON file.

Any value a report quotes back (an agency name, a cell, a rule's title) was
written by someone we do not trust. In a terminal an ESC or OSC sequence can
clear the screen, rewrite earlier lines or set the window title; a C1 control
(U+009B is a one-character CSI) does the same on many emulators; a bidi
override (U+202E) makes "Rp 1.000" read as something else. None of these has a
place in a figure or a name, so every human-readable format shows them as a
visible escape (``\\x1b``, ``\\u202e``) instead of passing them on: the reviewer
still sees that something odd was written, and nothing acts on it.
"""
from __future__ import annotations

import re
from functools import cache


@cache
def _rx(source: str, flags: int = 0) -> re.Pattern:
    # Compiled on first use: each format needs only some of these, and compiling all of them was 1 ms of every start.
    return re.compile(source, flags)


# C0 controls except tab and line feed, DEL, C1, and the bidi embedding,
# override and isolate controls plus the invisible direction marks.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# In one-line contexts (a Markdown heading, a list item) a line break is structure.
_UNSAFE_OR_BREAK = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def _escape(m: re.Match) -> str:
    c = ord(m.group(0))
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text) -> str:
    """``text`` with every unsafe control shown as an escape; tab and newline kept."""
    if text is None:
        return ""
    s = str(text)
    return _UNSAFE.sub(_escape, s) if _UNSAFE.search(s) else s


def one_line(text) -> str:
    """As `visible`, and line breaks too become escapes: for headings, titles and list items."""
    if text is None:
        return ""
    s = str(text)
    rx = _rx(_UNSAFE_OR_BREAK)
    return rx.sub(_escape, s) if rx.search(s) else s


_C1_BIDI = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def c1_and_bidi(text: str) -> str:
    """DEL, C1 and bidi controls as escapes, for text whose C0 controls the caller already handles."""
    return _C1_BIDI.sub(_escape, text) if _C1_BIDI.search(text) else text


def has_unsafe(text: str) -> bool:
    """True when `text` carries a control or bidi character that `visible` would escape."""
    return bool(_UNSAFE.search(text))


# JSON keeps the data exact: characters json.dumps leaves raw are written as
# \\u escapes, which every JSON reader turns back into the same character.
_JSON_RAW = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def json_escape_raw(text: str) -> str:
    return _rx(_JSON_RAW).sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


_LINK = r"\]\(\s*<?\s*(?:javascript|data|vbscript|file):[^)]*\)"
_BARE_SCHEME = r"\b(javascript|vbscript|data)\s*:"


def markdown_inert(text) -> str:
    """Rule-supplied prose for a Markdown field that is shown as HTML (SARIF help.markdown).

    Tags are written as text, a link whose target is a script or data URL
    loses that target, and a bare ``javascript:`` is broken apart: a rule file
    cannot make a code-scanning page run script or link somewhere harmful.
    """
    s = _rx(_LINK, re.I).sub("]()", visible(text))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _rx(_BARE_SCHEME, re.I).sub(lambda m: m.group(1) + "&#58;", s)
