"""tabulate's "simple" and "plain" tables of text cells, made without importing tabulate when the cells allow.

Why: importing tabulate (it reads its own version through
importlib.metadata, which pulls in email, zipfile and socket) and its
cell wrapping took 25 ms of `lkjcheck text` on the seed report, a tenth of
the command. The text report's tables are nearly always text: a file
location, a rule code, a figure as written, a message. For those, this
module lays the table out as tabulate does — the same column types, wrapping,
widths, padding and trailing-space trimming — in a fraction of the time.
Whenever it is not sure (a column tabulate would type as numbers or booleans,
a grouped figure tabulate cannot wrap, a control, wide or combining
character, rows of uneven length) it returns None and the caller asks
tabulate itself, so the output never depends on which of the two made it.
tests/test_plaintable.py holds the two equal on the findings tables of the
seed, the corpus and the fixtures and on many random tables.
"""
from __future__ import annotations

import math
import re

# A figure grouped with commas ("1,000", "+12,345.6", ".5"), which tabulate
# types as a number but whose wrapping it cannot do (int("1,000") fails).
_GROUPED = re.compile(r"(?:[+-]?[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]*)?|\.[0-9]+)?$")
_NONE, _BOOL, _INT, _FLOAT, _STR = range(5)      # tabulate's order, least generic first
_GAP = "  "
_MIN_PADDING = 2


def one_column(text: str) -> bool:
    """Every character takes exactly one column on a terminal (what len() and a terminal agree on)."""
    if text.isascii():
        return text.isprintable()
    import unicodedata

    return all(ch.isprintable() and unicodedata.east_asian_width(ch) not in ("W", "F")
               and unicodedata.category(ch) not in ("Mn", "Me", "Mc", "Cf") for ch in text)


def _converts(conv, text: str) -> bool:
    try:
        conv(text)
        return True
    except (ValueError, TypeError):
        return False


def _is_number(text: str) -> bool:
    """What tabulate takes for a number: float() reads it and it is not an overflow to inf or nan."""
    try:
        f = float(text)
    except (ValueError, TypeError):
        return False
    return not (math.isinf(f) or math.isnan(f)) or text.lower() in ("inf", "-inf", "nan")


def _kind(text: str) -> int:
    """The type tabulate gives a cell of text (its numbers parsed, as by default)."""
    if not text:
        return _NONE
    if text in ("True", "False"):
        return _BOOL
    grouped = _GROUPED.match(text) is not None
    if _converts(int, text) or (grouped and "." not in text):
        return _INT
    if _is_number(text) or grouped:
        return _FLOAT
    return _STR


def table(rows: list, headers: list | None, fmt: str, maxcolwidths: list | None = None) -> str | None:
    """``tabulate(rows, headers=headers, tablefmt=fmt, maxcolwidths=maxcolwidths)``, or None where unsure."""
    headers = list(headers or [])
    if fmt not in ("simple", "plain") or not rows or (fmt == "plain") == bool(headers):
        return None
    ncols = len(rows[0])
    if any(len(r) != ncols for r in rows) or (headers and len(headers) != ncols) or ncols == 0:
        return None
    if not all(type(h) is str and one_column(h) for h in headers):
        return None
    for r in rows:
        for c in r:
            if type(c) is not str or not one_column(c.replace("\n", "")):
                return None
    widths = list(maxcolwidths or [])
    if len(widths) > ncols or any(w is not None and (type(w) is not int or w < 1) for w in widths):
        return None
    widths += [None] * (ncols - len(widths))
    if maxcolwidths is not None:
        rows = _wrapped(rows, widths)
        if rows is None:
            return None
    cols = [list(c) for c in zip(*rows)]
    right = []
    for c in cols:
        kinds = {_kind(v) for v in c}
        if _STR in kinds or kinds == {_NONE}:
            right.append(False)
        elif kinds <= {_NONE, _INT}:
            # whole numbers: tabulate keeps their text and aligns them, and their head, to the right
            right.append(True)
        else:
            return None             # decimals or booleans: tabulate reformats and aligns them its own way
    multiline = any("\n" in v for c in cols for v in c)
    return _layout(cols, headers, multiline, right)


def tabulate(rows, headers=(), tablefmt="simple", maxcolwidths=None, **kw) -> str:
    """``tabulate.tabulate``'s table: laid out by `table` when it can be, else by tabulate itself."""
    made = None if kw else table(rows, list(headers), tablefmt, maxcolwidths)
    if made is not None:
        return made
    from tabulate import tabulate as _tabulate

    return _tabulate(rows, headers=headers, tablefmt=tablefmt, maxcolwidths=maxcolwidths, **kw)


def _wrapper(width: int):
    import textwrap

    class Wrapper(textwrap.TextWrapper):
        """textwrap as tabulate wraps: a word too long for any line is cut where the line is full, never at
        a hyphen, and nothing is cut onto a line that has no room left."""

        def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width):
            room = 1 if width < 1 else width - cur_len
            if room > 0:
                word = reversed_chunks[-1]
                cur_line.append(word[:room])
                reversed_chunks[-1] = word[room:]
            elif not cur_line:
                cur_line.append(reversed_chunks.pop())

    return Wrapper(width=width)


def _wrapped(rows, widths):
    wrappers = {w: _wrapper(w) for w in set(widths) if w is not None}
    out = []
    for r in rows:
        new = []
        for cell, w in zip(r, widths):
            if w is None or _is_number(cell):
                new.append(cell)
                continue
            if cell and _kind(cell) != _STR:
                return None         # tabulate casts such a cell to its type first, and fails or changes it
            wrap = wrappers[w].wrap
            new.append("\n".join("\n".join(wrap(line)) for line in cell.splitlines() if line.strip() != ""))
        out.append(new)
    return out


def _layout(cols, headers, multiline, right) -> str:
    padded_cols, widths = [], []
    for i, c in enumerate(cols):
        # numbers keep their spaces (tabulate's decimal alignment does not strip them), text does not
        strings = c if right[i] else [s.strip() for s in c]
        if multiline:
            most = max(len(x) for s in strings for x in re.split("[\r\n]", s))
        else:
            most = max(len(s) for s in strings)
        width = max(most, len(headers[i]) + _MIN_PADDING if headers else 0)
        pad = str.rjust if right[i] else str.ljust
        if multiline:
            padded = ["\n".join(pad(x, width) for x in s.splitlines()) for s in strings]
        else:
            padded = [pad(s, width) for s in strings]
        padded_cols.append(padded)
        widths.append(width)
    lines = []
    if headers:
        lines.append(_GAP.join((str.rjust if r else str.ljust)(h, w)
                               for h, w, r in zip(headers, widths, right)).rstrip())
        lines.append(_GAP.join("-" * w for w in widths).rstrip())
    for row in zip(*padded_cols):
        if not multiline:
            lines.append(_GAP.join(row).rstrip())
            continue
        cells = [c.splitlines() for c in row]
        n = max(map(len, cells))
        for k in range(n):
            lines.append(_GAP.join(cl[k] if k < len(cl) else " " * w for cl, w in zip(cells, widths)).rstrip())
    return "\n".join(lines)
