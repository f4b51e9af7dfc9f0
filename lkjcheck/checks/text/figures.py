"""Figures and years read out of a rule's matches, and how they are shown in a finding."""
from __future__ import annotations

import bisect
from decimal import Decimal, InvalidOperation

from lkjcheck import i18n
from lkjcheck.read.numbers import NumberFormatError, ParsedNumber, parse_number


def num(text: str | None, expect: str | None = None) -> ParsedNumber | None:
    if not text:
        return None
    try:
        return parse_number(text.strip().rstrip(" .,-").strip(), expect)
    except NumberFormatError:
        return None


# Figures of a finding stay typed; the report words them in its language (`lang` is the run's, unused).
def pct(value: Decimal, decimals: int, lang: str = "id") -> i18n.Figure:
    return i18n.Figure(value, decimals, "%")


def amount(p: ParsedNumber | Decimal, lang: str = "id") -> i18n.Rupiah:
    v = p.value if isinstance(p, ParsedNumber) else p
    if v == v.to_integral_value():
        return i18n.Rupiah(int(v))
    return i18n.Rupiah(v, 2)


def day(iv) -> i18n.Day:
    return i18n.Day(iv.first, iv.last, iv.precision)


def fact_number(v) -> Decimal | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, Decimal)):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(str(v))
    if isinstance(v, str):
        p = num(v, "rupiah")
        return p.value if p else None
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


def read_figure(text: str | None) -> ParsedNumber | None:
    """A figure as a report prints it; "1,035,979,833,682,00" (commas for thousands, two decimals) included."""
    if not text:
        return None
    t = text.strip().rstrip(" .,-").strip()
    if t[:2].lower() == "rp":
        t = t[2:].lstrip(". \t")
    if not t:
        return None
    try:
        return parse_number(t)
    except NumberFormatError:
        pass
    parts = t.split(",")
    if len(parts) > 2 and "." not in t and len(parts[-1]) == 2 and all(len(p) == 3 for p in parts[1:-1]):
        try:
            return parse_number(".".join(parts[:-1]).replace(".", "") + "," + parts[-1])
        except NumberFormatError:
            return None
    return None


def rupiah(text: str | None) -> ParsedNumber | None:
    return num(text, "rupiah") or read_figure(text)


class Spans:
    """Reported character spans, kept sorted and disjoint so that a look-up costs
    a bisection, not a scan of every span reported before (linear, not quadratic,
    in a large report)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.starts, s) - 1
        if i >= 0 and self.ends[i] > s:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < e

    def append(self, span: tuple[int, int]) -> None:
        s, e = span
        i = bisect.bisect_right(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)



def year_mentions(ctx, patterns, seen: set):
    """Every year the patterns capture as `tahun`, skipping positions already reported
    (`seen` is filled by the caller as it reports)."""
    for pat in patterns:
        for m in ctx.finditer(pat):
            s, e = m.span("tahun")
            if s in seen or s < 0:
                continue
            try:
                y = int(m.group("tahun"))
            except ValueError:
                continue
            yield m, s, e, y

