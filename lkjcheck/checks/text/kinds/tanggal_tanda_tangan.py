"""The signing date under a heading: after the fiscal year ends, within the deadline, or as the data says."""
from __future__ import annotations

from datetime import date

from lkjcheck import i18n
from lkjcheck.checks.text.dated import (dated_lines as _dated_lines, fact_date as _fact_date, require_date_group,
                                        year_end_plus_months as _year_end_plus_months)
from lkjcheck.checks.text.params import DATE_LINE, REQUIRED
from lkjcheck.checks.text.figures import day as _day
from lkjcheck.read.dates import DateFormatError

NAME = "tanggal_tanda_tangan"
PARAMS = {**DATE_LINE,
          "condition": ("choice:setelah_tahun_berakhir,batas_waktu,sesuai_fakta", REQUIRED),
          "deadline_months": ("int", 2), "fact": ("str", "penandatangan_tanggal")}
validate = require_date_group


def run(rule, ctx) -> list:
    p, out, lang = rule.params, [], ctx.lang
    for s, e, iv in _dated_lines(ctx, p):
        if isinstance(iv, DateFormatError):
            if p["condition"] == "setelah_tahun_berakhir":
                out.append(ctx.finding("teks.tanggal_tidak_sah", s, e, actual=ctx.text[s:e],
                                       reason=i18n.Both(iv.reason_id, iv.reason_en)))
            continue
        if p["condition"] == "setelah_tahun_berakhir":
            end = date(ctx.year, 12, 31)
            if iv.last <= end:
                out.append(ctx.finding("teks.ttd.sebelum", s, e, expected=i18n.Bound(">", i18n.Day(end)),
                                       actual=_day(iv)))
        elif p["condition"] == "batas_waktu":
            deadline = _year_end_plus_months(ctx.year, p["deadline_months"])
            if iv.first > deadline:
                out.append(ctx.finding("teks.ttd.terlambat", s, e, expected=i18n.Bound("≤", i18n.Day(deadline)),
                                       actual=_day(iv)))
        else:
            fact = _fact_date(ctx, p["fact"])
            if fact is not None and (iv.certainly_before(fact) or iv.certainly_after(fact)):
                out.append(ctx.finding("teks.ttd.fakta", s, e, expected=_day(fact), actual=_day(iv)))
    return out
