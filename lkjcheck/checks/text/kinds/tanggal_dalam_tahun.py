"""Dates of the year's events (a rapat, a kegiatan) that fall outside the report year (and a grace period)."""
from __future__ import annotations

from datetime import date, timedelta

from lkjcheck import i18n
from lkjcheck.checks.text.params import REQUIRED
from lkjcheck.checks.text.figures import day as _day
from lkjcheck.read.dates import DateFormatError, parse_date

NAME = "tanggal_dalam_tahun"
PARAMS = {"patterns": ("regex_list", REQUIRED), "allowed": ("contexts", []), "window": ("int", 80),
          "days_after_year": ("int", 90), "skip_lines": ("regex", None)}
GROUPS = {"tanggal"}


def run(rule, ctx) -> list:
    p, out, lang, seen = rule.params, [], ctx.lang, set()
    skip = p["skip_lines"]
    skipped: dict[int, bool] = {}       # per line: a text of one long line has every date on it
    first = date(ctx.year, 1, 1)
    last = date(ctx.year, 12, 31) + timedelta(days=p["days_after_year"])
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            s, e = m.span("tanggal")
            if s in seen or s < 0 or not m.group("tanggal"):
                continue
            line, _ = ctx.doc.position(s)
            if skip is not None:
                if line not in skipped:
                    skipped[line] = bool(ctx.search(skip.regex, ctx.doc.lines[line - 1], skip.source))
                if skipped[line]:
                    continue
            try:
                iv = parse_date(m.group("tanggal"))
            except DateFormatError as err:
                seen.add(s)
                out.append(ctx.finding("teks.tanggal_tidak_sah", s, e, actual=m.group("tanggal"),
                                       reason=i18n.Both(err.reason_id, err.reason_en)))
                continue
            if not (iv.last < first or iv.first > last):
                continue
            if ctx.allowed(p["allowed"], s, e, p["window"]):
                continue
            seen.add(s)
            out.append(ctx.finding("teks.tanggal_tahun", m.start(), m.end(),
                                   expected=i18n.Day(first, last, "span"), actual=_day(iv)))
    return out
