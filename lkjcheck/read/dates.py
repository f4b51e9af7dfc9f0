"""Indonesian dates, including the partial ones reports are full of.

A report says "Jakarta, Januari 2025" as often as "17 Januari 2025". A partial
date is not a point but an interval of days; comparing intervals lets a check
flag only what is *certainly* wrong ("Januari 2025" is not certainly before
"20 Januari 2025").
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime

# Month names are worded in one place (lkjcheck.i18n), with every other word of a message.
from lkjcheck.i18n import MONTH_NAMES, Both, Value, format_date  # noqa: F401 - format_date is imported from here
from lkjcheck.read.numbers import FormatError, refuse_unreadable
from lkjcheck.record import record

# Spelling variants seen in real reports and OCR output are kept here, not in
# each caller, so the table loader and the text checks read the same dates.
MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "agst": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}

_DAYS = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
# ASCII only: "\d" would also take Arabic-Indic or full-width digits, which
# parse_date refuses by name instead (numbers.non_ascii_digit). The input has
# its whitespace collapsed to single spaces first, so the optional spaces
# around separators cannot backtrack against each other.
_A = re.I | re.ASCII
_LEAD = re.compile(r"^(?:" + _DAYS + r"\s*,?\s*)?(?:(?:pada\s+)?(?:tanggal|tgl\.?)\s+)?", _A)
_WORDY = re.compile(r"^(?:(\d{1,2})\s*[ .-]?\s*)?([a-z]+)\.?\s*[ ,.-]?\s*(\d{4})$", _A)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$", re.ASCII)
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$", re.ASCII)
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_MONTH_YEAR_NUM = re.compile(r"^(\d{1,2})[/-](\d{4})$", re.ASCII)
# No date is written in more characters than this (weekday, "tanggal", month name).
MAX_CHARS = 80

MIN_YEAR, MAX_YEAR = 1900, 2199


class DateFormatError(FormatError):
    """A date a careful reader could not read, or one that does not exist."""


@record(frozen=True)
class DateInterval:
    first: date
    last: date
    precision: str          # "day", "month" or "year"

    @classmethod
    def day(cls, d: date) -> "DateInterval":
        return cls(d, d, "day")

    def certainly_before(self, other: "DateInterval") -> bool:
        return self.last < other.first

    def certainly_after(self, other: "DateInterval") -> bool:
        return self.first > other.last

    def contains(self, d: date) -> bool:
        return self.first <= d <= self.last

    def format(self, lang: str = "id") -> str:
        names = MONTH_NAMES.get(lang, MONTH_NAMES["id"])
        d = self.first
        if self.precision == "year":
            return str(d.year)
        if self.precision == "month":
            return f"{names[d.month - 1]} {d.year}"
        return format_date(d, lang)


def _fail(text, key, /, **values):
    raise DateFormatError(text, key, **values)


class _MonthNear(Value):
    """'; maksud Anda Januari?': the nearest month name, among the Indonesian ones for an Indonesian
    message and among both languages' for an English one."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def words(self, lang: str) -> str:
        from lkjcheck.errors import suggest

        names = MONTH_NAMES["id"] if lang == "id" else MONTH_NAMES["id"] + MONTH_NAMES["en"]
        return suggest(self.name, names, lang)


def _year(text: str, y: int) -> int:
    if not MIN_YEAR <= y <= MAX_YEAR:
        _fail(text, "read.year_outside", y=y, min_year=MIN_YEAR, max_year=MAX_YEAR)
    return y


def _make(text: str, y: int, m: int, d: int) -> date:
    _year(text, y)
    if not 1 <= m <= 12:
        _fail(text, "read.there_no_month", m=m)
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        _fail(text, "read.no_such_day", d=d, month=Both(MONTH_NAMES["id"][m - 1], MONTH_NAMES["en"][m - 1]), y=y,
              last=last)
    return date(y, m, d)


def month_number(name: str, months: dict[str, int] | None = None) -> int | None:
    key = name.lower().rstrip(".")
    if months and key in months:
        return months[key]
    return MONTHS.get(key)


def parse_date(text, months: dict[str, int] | None = None) -> DateInterval:
    """Read "17 Januari 2024", "Januari 2025", "2024", "2024-01-17", "17/01/2024".

    Numeric day-first forms are read as Indonesian usage writes them (dd/mm/yyyy);
    ``months`` adds spellings (lower case) to the built-in month table.
    """
    if isinstance(text, datetime):
        return DateInterval.day(text.date())
    if isinstance(text, date):
        return DateInterval.day(text)
    if not isinstance(text, str):
        raise TypeError("parse_date expects text or a date")
    original = text
    # Spaces are collapsed only in text short enough to be a date at all.
    s = " ".join(text.replace("\u00a0", " ").split()) if len(text) <= 4 * MAX_CHARS else text
    refuse_unreadable(original, s, MAX_CHARS, "read.a_date", _fail)
    s = _LEAD.sub("", s).strip().rstrip(".,")
    if not s:
        _fail(original, "read.empty")
    m = _ISO.match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return DateInterval.day(_make(original, y, mo, d))
    m = _DMY.match(s)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        return DateInterval.day(_make(original, y, mo, d))
    m = _MONTH_YEAR_NUM.match(s)
    if m:
        mo, y = int(m.group(1)), int(m.group(2))
        _make(original, y, mo, 1)
        return DateInterval(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month")
    m = _YEAR.match(s)
    if m:
        y = _year(original, int(m.group(1)))
        return DateInterval(date(y, 1, 1), date(y, 12, 31), "year")
    m = _WORDY.match(s)
    if m:
        mo = month_number(m.group(2), months)
        if mo is None:
            _fail(original, "read.unknown_month_name", name=repr(m.group(2)), suggest=_MonthNear(m.group(2).title()))
        y = int(m.group(3))
        if m.group(1):
            return DateInterval.day(_make(original, y, mo, int(m.group(1))))
        _make(original, y, mo, 1)
        return DateInterval(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month")
    _fail(original, "read.not_recognised_date")
