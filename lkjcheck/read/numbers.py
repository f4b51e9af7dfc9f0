"""Indonesian number formats: parse and format, keeping the written precision.

Real LKj text mixes conventions (``1.234.567,89``, ``Rp. 59,900,669,261``,
``93.61%``, ``Rp 37.763.827.000.-``). We accept every form a human reader would
read without doubt, record which convention was used, and refuse the forms a
careful reader could not read unambiguously (``Rp 28. 146,626.000-``) so that a
figure is never silently misread.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lkjcheck.errors import Keyed
from lkjcheck.i18n import Said, _group, format_decimal, format_rupiah  # noqa: F401 - where they always were

# Figures beyond this many digits are not amounts anybody reports; refusing them
# keeps Decimal arithmetic and int64 conversions bounded.
MAX_DIGITS = 24

_SCALES = {
    "ribu": 10**3,
    "rb": 10**3,
    "juta": 10**6,
    "jt": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12,
}

# Every cell of every table passes through here, so nothing below may be
# super-linear in the length of the text: the suffixes (dash, percent, scale
# word) are taken off with string methods rather than end-anchored searches,
# whose backtracking over a run of spaces was cubic, and the text is bounded.
_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.I)
_BODY = re.compile(r"^[0-9][0-9.,]*$")
_SPACE_INSIDE = re.compile(r"[0-9][.,]?\s+[.,]?[0-9]")
# The forms nearly every cell is written in ("95,00%", "1.234.567", "16"):
# digits in groups of three after the first, an optional decimal comma and an
# optional percent sign, nothing else. parse_number reads them without the
# general path's checks, none of which such a text could fail; the tests hold
# the shortcut to the general path's result.
_COMMON = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(%?)", re.ASCII)
# The longest figure anybody writes ("Rp 1.234.567.890.123.456.789.012,00 -",
# "(66,96 persen)") is well under this; longer text is not one number.
MAX_CHARS = 100


class FormatError(Keyed, ValueError):
    """Text a careful reader could not read; the reason is a catalogue key (lkjcheck/messages/read.yaml)
    with its values, worded in each language by `reason_id` and `reason_en`."""

    def __init__(self, text: str, key: str, /, **values):
        self.text, self.key, self.values = text, key, values
        super().__init__(f"{text!r}: {self.reason_en}")

    reason_id, reason_en = Keyed.msg_id, Keyed.msg_en


class NumberFormatError(FormatError):
    """A figure that a careful reader could not read unambiguously."""


@dataclass(frozen=True)
class ParsedNumber:
    value: Decimal
    decimals: int            # digits written after the decimal separator
    kind: str                # "percent", "rupiah" or "number"
    scale: int = 1           # 10**9 for "66,96 miliar"
    style: str = "id"        # "id" (1.234,5), "en" (1,234.5) or "plain"

    @property
    def radius(self) -> Decimal:
        """Half a unit of the last written digit: the rounding the writer may have done."""
        return Decimal(5).scaleb(-(self.decimals + 1)) * self.scale

    def is_integral(self) -> bool:
        return self.value == self.value.to_integral_value()


def _fail(text, key, /, **values):
    raise NumberFormatError(text, key, **values)


def parse_number(text: str, expect: str | None = None) -> ParsedNumber:
    """Parse an Indonesian-formatted figure.

    ``expect`` ("rupiah", "percent", "number" or None) only settles the one
    genuinely ambiguous form, a single comma followed by three digits: a
    thousands separator in rupiah, a decimal comma elsewhere.
    """
    if not isinstance(text, str):
        raise TypeError("parse_number expects text")
    m = _COMMON.fullmatch(text)
    if m is not None and len(text) <= MAX_CHARS:
        common = _parse_common(m, expect)
        if common is not None:
            return common
    original = text
    s = text.replace("\u00a0", " ").replace("\u2212", "-").strip()
    if not s:
        _fail(original, "read.empty")
    refuse_unreadable(original, s, MAX_CHARS, "read.a_figure", _fail)
    kind = "number"
    m = _CURRENCY.match(s)
    if m:
        kind = "rupiah"
        s = s[m.end():].strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s.startswith("-"):
        negative, s = True, s[1:].strip()
    s = _strip_trailing_dash(s)
    rest = _strip_percent(s)
    if rest is not None:
        if kind == "rupiah":
            _fail(original, "read.both_rupiah_percent")
        kind = "percent"
        s = rest
    scale = 1
    word, rest = _strip_scale(s)
    if word:
        scale = _SCALES[word]
        s = rest
    if not s:
        _fail(original, "read.no_digits")
    if not _BODY.match(s):
        if _SPACE_INSIDE.search(s):
            _fail(original, "read.space_inside_number")
        _fail(original, "read.not_number")
    if expect is None:
        expect = kind
    intpart, frac, style = _split(original, s, expect)
    digits = len(intpart.lstrip("0")) + len(frac)
    if digits > MAX_DIGITS:
        _fail(original, "read.more_than_digits", max_digits=MAX_DIGITS)
    try:
        value = Decimal(intpart + ("." + frac if frac else ""))
    except InvalidOperation:  # pragma: no cover - guarded by _BODY
        _fail(original, "read.not_number")
    if negative:
        value = -value
    return ParsedNumber(value * scale, len(frac), kind, scale, style)


def _parse_common(m: re.Match, expect: str | None) -> ParsedNumber | None:
    """parse_number of a text _COMMON matched, or None to take the general path."""
    head, frac, percent = m.groups()
    kind = "percent" if percent else "number"
    if expect is None:
        expect = kind
    if "." in head:
        intpart = head.replace(".", "")
        if frac is None:
            # "1.234" and "1.234.567": thousands, in any column
            frac = ""
        style = "id"
    elif frac is None:
        intpart, frac, style = head, "", "plain"
    elif len(frac) == 3 and len(head) <= 3 and expect == "rupiah":
        # "1,234" in rupiah: a thousands comma, as _split reads it
        intpart, frac, style = head + frac, "", "en"
    else:
        intpart, style = head, "id"
    if len(intpart.lstrip("0")) + len(frac) > MAX_DIGITS:
        return None
    value = Decimal(intpart + "." + frac if frac else intpart)
    return ParsedNumber(value * 1, len(frac), kind, 1, style)


def refuse_unreadable(original: str, s: str, limit: int, what: str, fail) -> None:
    """Call `fail` (which raises) when `s` is too long to be one `what` (a catalogue key), or is written
    with non-ASCII digits."""
    if len(s) > limit:
        fail(original[:40] + "…", "read.more_than_characters_for_one", limit=limit, what=Said(what))
    foreign = non_ascii_digit(s)
    if foreign:
        fail(original, "read.non_ascii_digit", **foreign)


def non_ascii_digit(s: str) -> dict | None:
    """The values of the reason to refuse a text written with digits other than 0-9 (read.non_ascii_digit),
    or None.

    Arabic-Indic (٣), full-width (３) or superscript (²) digits look like
    figures to a reader and Python would even convert some of them, but a
    transcription should not carry them: one that slips in may be a homoglyph
    meant to make a figure read differently. They are refused by name, never
    converted silently.
    """
    if s.isascii():
        return None
    for ch in s:
        if ch.isdigit() and not ch.isascii():
            code = f"U+{ord(ch):04X}"
            return {"ch": repr(ch), "code": code}
    return None


def _strip_trailing_dash(s: str) -> str:
    """'37.763.827.000.-' -> '37.763.827.000': the dash that closes an amount, and the separators before it."""
    t = s.rstrip()
    if not t.endswith("-"):
        return s
    t = t[:-1]
    while t and (t[-1] in ".," or t[-1].isspace()):
        t = t[:-1]
    return t


def _strip_percent(s: str) -> str | None:
    """The figure before a closing '%' or 'persen' (and an optional dot before it), or None."""
    t = s.rstrip()
    if t.endswith("%"):
        t = t[:-1]
    elif t[-6:].lower() == "persen":
        t = t[:-6]
    else:
        return None
    t = t.rstrip()
    if t.endswith("."):
        t = t[:-1]
    return t.strip()


def _strip_scale(s: str) -> tuple[str | None, str]:
    """('miliar', '66,96') for '66,96 miliar'; the word must stand on its own."""
    t = s.rstrip()
    low = t.lower()
    for word in _SCALES:
        if low.endswith(word):
            head = t[: -len(word)]
            if not head or not (head[-1].isalnum() or head[-1] == "_"):
                return word, head.strip()
    return None, s


def _split(original: str, s: str, expect: str) -> tuple[str, str, str]:
    dots, commas = s.count("."), s.count(",")
    if not dots and not commas:
        return s, "", "plain"
    if dots and commas:
        last = "," if s.rfind(",") > s.rfind(".") else "."
        other = "." if last == "," else ","
        if s.count(last) != 1 or s.rfind(other) > s.rfind(last):
            _fail(original, "read.mixed_thousands_decimal_separators")
        head, frac = s.split(last)
        _check_groups(original, head.split(other))
        return "".join(head.split(other)), frac, "id" if last == "," else "en"
    sep = "." if dots else ","
    parts = s.split(sep)
    if len(parts) > 2:
        _check_groups(original, parts)
        return "".join(parts), "", "id" if sep == "." else "en"
    head, tail = parts
    if not head or not tail:
        _fail(original, "read.separator_at_end_number")
    if len(tail) == 3 and len(head) <= 3 and (sep == "." or expect == "rupiah"):
        # "1.234" is one thousand two hundred thirty-four in Indonesian usage;
        # "1,234" only in rupiah, where a decimal comma would mean sen.
        return head + tail, "", "id" if sep == "." else "en"
    return head, tail, "id" if sep == "," else "en"


def _check_groups(original: str, groups: list[str]) -> None:
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        _fail(original, "read.thousands_groups_are_not_three")


def decimals_of_plain(text: str) -> int:
    """Decimals written in a plain YAML number such as ``99.01`` or ``1e3``."""
    t = text.strip().lower()
    if "e" in t:
        mant, _, exp = t.partition("e")
        d = len(mant.partition(".")[2]) - int(exp or 0)
        return max(d, 0)
    return len(t.partition(".")[2])


# ---------------------------------------------------------------- formatting
# Figures are put into words by lkjcheck.i18n, in the report's language (imported above).


def format_percent(value, decimals: int = 2, lang: str = "id") -> str:
    return format_decimal(value, decimals, lang) + "%"
