"""Indonesian number words ("terbilang") read back into numbers.

Comparing numbers rather than normalised strings makes every accepted spelling
equal without a list of special cases: "seratus" and "satu ratus", "seribu" and
"satu ribu", "milyar" and "miliar", "Sembilan" capitalised mid-sentence, and
words a PDF converter glued together ("duapuluh").
"""
from __future__ import annotations

import re

_DIGITS = {
    "nol": 0, "kosong": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4,
    "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
}
_SCALES = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}
_ALIASES = {"milyar": "miliar", "milyard": "miliar", "miliard": "miliar", "trilyun": "triliun",
            "trilliun": "triliun"}
_FILLER = {"rupiah", "saja", "dan"}
_GLUED = re.compile(r"(puluh|belas|ratus|ribu|juta|milyard?|miliard?|triliun|trilyun)", re.I)

WORD = re.compile(r"^[a-z\s-]+$", re.I)


def words_to_number(text: str) -> int | None:
    """The number the words say, or None when they are not (only) number words."""
    s = text.lower().replace("-", " ")
    s = _GLUED.sub(r" \1 ", s)
    tokens = [_ALIASES.get(t, t) for t in s.split()]
    tokens = [t for t in tokens if t not in _FILLER]
    if not tokens:
        return None
    total = 0
    group = 0          # the part below a thousand being built
    current = None     # a digit word waiting for its multiplier
    last_scale = None
    last_mult = None   # the size of the last multiplier within the group
    for t in tokens:
        if t in _DIGITS:
            if current is not None:
                return None
            current = _DIGITS[t]
        elif t == "belas":
            if current is None or current == 0 or group % 100:
                return None
            group += 10 + current
            current, last_mult = None, 1
        elif t == "puluh":
            if current is None or current == 0 or group % 100:
                return None
            group += current * 10
            current, last_mult = None, 10
        elif t == "ratus":
            if current is None or current == 0 or group:
                return None
            group += current * 100
            current, last_mult = None, 100
        elif t in _SCALES:
            scale = _SCALES[t]
            chunk = group + (current or 0)
            if chunk == 0 or (last_scale is not None and scale >= last_scale):
                return None
            total += chunk * scale
            group, current, last_scale, last_mult = 0, None, scale, None
        else:
            return None
    if current is not None:
        if current == 0 and (group or total):
            return None
        group += current
    return total + group


def number_to_words(n: int) -> str:
    """num2words when installed (it is the reference spelling); digits otherwise."""
    try:
        from num2words import num2words
    except ImportError:  # pragma: no cover - num2words is a declared dependency
        return str(n)
    try:
        return num2words(int(n), lang="id")
    except Exception:  # pragma: no cover - absurd magnitudes
        return str(n)
