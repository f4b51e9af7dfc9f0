"""Bahasa Indonesia by default, English on request.

Messages are looked up by key; a missing English text falls back to the
Indonesian one rather than failing, because a reviewer must always get a message.
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

LANGS = ("id", "en")

# The catalogue (lkjcheck/messages/*.yaml), read on first use.
from lkjcheck.catalogue import MESSAGES, template  # noqa: F401 - re-exported


_PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")


# A message is one or two sentences. A rule file's template may repeat a
# placeholder for a 2 MB cell sixty thousand times; the message stops growing here.
MAX_MESSAGE = 2000
# One substituted value; a longer one is cut with an ellipsis.
MAX_VALUE = 300


def fill(template: str, values: dict, limit: int | None = MAX_MESSAGE, value_limit: int | None = MAX_VALUE) -> str:
    """Substitute ``{name}`` placeholders only, into at most `limit` characters.

    Deliberately not ``str.format``: templates come from rule files, and format
    specs like ``{x.__class__}`` would let a rule author reach into objects.
    """
    out: list[str] = []
    size = pos = 0
    for m in _PLACEHOLDER.finditer(template):
        out.append(template[pos:m.start()])
        size += m.start() - pos
        v = values.get(m.group(1))
        v = m.group(0) if v is None and m.group(1) not in values else str(v)
        out.append(v if value_limit is None or len(v) <= value_limit else v[: value_limit - 1] + "…")
        size += len(out[-1])
        pos = m.end()
        if limit is not None and size > limit:
            break
    else:
        out.append(template[pos:])
    text = "".join(out)
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def t(key: str, lang: str = "id", **values) -> str:
    """The catalogue's text `key` in `lang`, each value put into words for that language (see `show`)."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry.get("id") or key
    return fill(template, {k: (None if v is None else show(v, lang)) for k, v in values.items()})


def say(key: str, lang: str, values) -> str:
    """A message of the tool's own (a loader's, the CLI's) in `lang`, as it was written inline before
    it was a catalogue key: plain values as ``str`` gives them, whole, and i18n values in words."""
    return fill(template(key, lang), {k: (v.words(lang) if isinstance(v, Value) else str(v)) for k, v in values},
                limit=None, value_limit=None)


def quote(text) -> str:
    """Words of another program (a parser's complaint) inside a message: quoted, as data, never
    passed off as the message's own language."""
    return "\u201c" + str(text).replace("\u201d", "'") + "\u201d"


def kind_name(kind: str, lang: str) -> str:
    """A value kind of the rule language (num, money, text, date, bool) in words."""
    entry = MESSAGES.get(f"kind.{kind}")
    return pick(entry, lang) if entry else kind


def yaml_problem(problem: str, lang: str) -> str:
    """libyaml's complaint in `lang`: the common ones translated, any other quoted as it said it."""
    if lang == "en":
        return problem
    entry = MESSAGES.get(f"yaml.{problem}")
    return entry["id"] if entry else quote(problem)


def pick(texts, lang: str) -> str:
    """One language of an {id, en} pair; a missing English text falls back to the Indonesian one."""
    return texts.get(lang) or texts.get("id") or ""


# ------------------------------------------------------------------ values in words
#
# A finding keeps what it found and expected as typed values; only when a
# report is written are they put into words, so the same finding reads
# "Rp 1.234.567" in Indonesian and "Rp 1,234,567" in English.

MONTH_NAMES = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
           "Agustus", "September", "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
}


def month_name(month: int, lang: str) -> str:
    return MONTH_NAMES.get(lang, MONTH_NAMES["id"])[month - 1]


def format_date(d: _dt.date, lang: str = "id") -> str:
    return f"{d.day} {month_name(d.month, lang)} {d.year}"


def _group(intdigits: str, sep: str = ".") -> str:
    out = []
    while len(intdigits) > 3:
        out.append(intdigits[-3:])
        intdigits = intdigits[:-3]
    out.append(intdigits)
    return sep.join(reversed(out))


def format_decimal(value, decimals: int = 2, lang: str = "id") -> str:
    """``1234.5`` -> ``1.234,50`` (id) or ``1,234.50`` (en)."""
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    q = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    # A figure written with 30 decimals is shown with 30: the default context's
    # 28 digits would make quantize raise InvalidOperation instead.
    with localcontext() as ctx:
        ctx.prec = max(28, d.adjusted() + decimals + 3)
        d = d.quantize(q, rounding=ROUND_HALF_UP)
    neg = d < 0
    s = format(abs(d), "f")
    intpart, _, frac = s.partition(".")
    thou, dec = (".", ",") if lang == "id" else (",", ".")
    out = _group(intpart, thou) + (dec + frac if frac else "")
    return "-" + out if neg else out


def format_rupiah(value: int, lang: str = "id") -> str:
    return "Rp " + format_decimal(Decimal(int(value)), 0, lang)


class Value:
    """A value a message names, put into words only when the language is known."""

    __slots__ = ()

    def words(self, lang: str) -> str:  # pragma: no cover - every kind defines it
        raise NotImplementedError

    def __str__(self) -> str:
        return self.words("id")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.words('id')!r})"

    @classmethod
    def _fields(cls) -> tuple[str, ...]:
        # The slots of the whole class chain: Label adds none to Both's.
        return tuple(a for k in reversed(cls.__mro__) for a in getattr(k, "__slots__", ()))

    def _state(self) -> tuple:
        return tuple(getattr(self, a) for a in self._fields())

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and self._state() == other._state()

    def __hash__(self) -> int:
        return hash(self._state())

    def __getstate__(self):
        return self._state()

    def __setstate__(self, state) -> None:
        for a, v in zip(self._fields(), state):
            object.__setattr__(self, a, v)


class Figure(Value):
    """A measured figure with the decimals it is shown with, and its unit (``%``, ``Rp``, a word)."""

    __slots__ = ("value", "decimals", "unit_label")

    def __init__(self, value, decimals: int = 0, unit: str | None = None):
        self.value, self.decimals, self.unit_label = value, decimals, unit

    def words(self, lang: str) -> str:
        text = format_decimal(self.value, self.decimals, lang)
        if self.unit_label == "%":
            return text + "%"
        return f"{text} {self.unit_label}" if self.unit_label and self.unit_label != "Rp" else text


class Rupiah(Value):
    """An amount of money: exact rupiah (an int), or a computed amount shown with `decimals`."""

    __slots__ = ("value", "decimals")

    def __init__(self, value, decimals: int | None = None):
        self.value, self.decimals = (int(value) if decimals is None else value), decimals

    def words(self, lang: str) -> str:
        if self.decimals is None:
            return format_rupiah(self.value, lang)
        return "Rp " + format_decimal(self.value, self.decimals, lang)


class Day(Value):
    """A date, or the span of days a partial date (``Januari 2025``) stands for.

    `precision` "year" and "month" show only those; "span" always both ends;
    "day" one date, a whole month as the month, anything else as a span.
    """

    __slots__ = ("first", "last", "precision")

    def __init__(self, first: _dt.date, last: _dt.date | None = None, precision: str = "day"):
        self.first, self.last, self.precision = first, last or first, precision

    def words(self, lang: str) -> str:
        lo, hi = self.first, self.last
        if self.precision == "year":
            return str(lo.year)
        if self.precision == "span":
            return f"{format_date(lo, lang)} – {format_date(hi, lang)}"
        if self.precision == "month" or (lo != hi and lo.year == hi.year and lo.month == hi.month and lo.day == 1):
            return f"{month_name(lo.month, lang)} {lo.year}"
        if lo == hi:
            return format_date(lo, lang)
        return f"{format_date(lo, lang)} – {format_date(hi, lang)}"


class Both(Value):
    """A text written in both languages (a loader's reason, a title)."""

    __slots__ = ("id", "en")

    def __init__(self, id: str, en: str | None = None):
        self.id, self.en = id, en

    def words(self, lang: str) -> str:
        return (self.en if lang == "en" and self.en else self.id) or ""


class Label(Both):
    """A value from the dataset (a code such as ``cacah``) with the rule pack's English word for it."""

    __slots__ = ()


class Key(Value):
    """A catalogue text with its own values: a part of a message that is itself a message."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, **values):
        self.key, self.values = key, tuple(sorted(values.items()))

    def words(self, lang: str) -> str:
        return t(self.key, lang, **dict(self.values))


class Foreign(Value):
    """Words of another program (a parser's complaint): quoted as data inside an Indonesian message,
    as they are in an English one."""

    __slots__ = ("said",)

    def __init__(self, said):
        self.said = str(said)

    def words(self, lang: str) -> str:
        return self.said if lang == "en" else quote(self.said)


class YamlProblem(Foreign):
    """libyaml's complaint: the common ones translated, any other quoted as it said it (`yaml_problem`)."""

    __slots__ = ()

    def words(self, lang: str) -> str:
        return yaml_problem(self.said, lang)


class Said(Value):
    """A message of the tool's own with its values, worded by `say` (not cut, values as written)."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values):
        self.key, self.values = key, tuple(values.items())

    def words(self, lang: str) -> str:
        return say(self.key, lang, self.values)


class Bound(Value):
    """``< 5``, ``≤ 17 Januari 2025``: what a figure should be, as a comparison."""

    __slots__ = ("op", "value")

    def __init__(self, op: str, value):
        self.op, self.value = op, value

    def words(self, lang: str) -> str:
        return f"{self.op} {show(self.value, lang)}"


def show(value, lang: str = "id") -> str:
    """Any value a message names, in words for `lang`; plain text and ints are taken as they are."""
    if isinstance(value, Value):
        return value.words(lang)
    if isinstance(value, _dt.date):
        return format_date(value, lang)
    if isinstance(value, bool):
        return t("value.true" if value else "value.false", lang)
    return "" if value is None else str(value)


