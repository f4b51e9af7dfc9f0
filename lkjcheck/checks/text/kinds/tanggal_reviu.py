"""The reviu statement's date: the reviu ends before the head signs the report."""
from __future__ import annotations

from lkjcheck import i18n
from lkjcheck.checks.text.dated import dated_lines as _dated_lines, fact_date as _fact_date, require_date_group
from lkjcheck.checks.text.params import DATE_LINE, REQUIRED
from lkjcheck.checks.text.figures import day as _day
from lkjcheck.read.dates import DateInterval

NAME = "tanggal_reviu"
PARAMS = {**DATE_LINE, "signing": ("date_line", REQUIRED), "signing_fact": ("str", "penandatangan_tanggal")}
validate = require_date_group


def run(rule, ctx) -> list:
    p, out, lang = rule.params, [], ctx.lang
    signed = [iv for _, _, iv in _dated_lines(ctx, p["signing"]) if isinstance(iv, DateInterval)]
    fact = _fact_date(ctx, p["signing_fact"])
    if fact is not None:
        signed.append(fact)
    if not signed:
        return out
    # The reviu is finished before the head signs (PermenPANRB 53/2014 Lampiran III,
    # waktu pelaksanaan). A statement certainly after any signature the report
    # shows means it was signed before the reviu ended; a month-only date that
    # may fall before the signature is not judged here (TGL006 asks for the day).
    signing = min(signed, key=lambda iv: iv.first)
    for s, e, iv in _dated_lines(ctx, p):
        if isinstance(iv, DateInterval) and iv.certainly_after(signing):
            out.append(ctx.finding("teks.reviu", s, e, expected=i18n.Bound("≤", _day(signing)), actual=_day(iv)))
    return out
