"""A year too far from the report year to be meant (a typo or an OCR misreading, "2042" in a 2024 report)."""
from __future__ import annotations

from lkjcheck.checks.text.figures import year_mentions as _year_mentions
from lkjcheck.checks.text.params import REQUIRED

NAME = "tahun_janggal"
PARAMS = {"patterns": ("regex_list", REQUIRED), "allowed": ("contexts", []), "window": ("int", 80),
          "max_distance": ("int", 5)}
GROUPS = {"tahun"}


def run(rule, ctx) -> list:
    p, out, seen = rule.params, [], set()
    for m, s, e, y in _year_mentions(ctx, p["patterns"], seen):
        diff = abs(y - ctx.year)
        if diff <= p["max_distance"] or ctx.allowed(p["allowed"], s, e, p["window"]):
            continue
        seen.add(s)
        out.append(ctx.finding("teks.tahun_janggal", m.start(), m.end(), expected=str(ctx.year),
                               actual=str(y), diff=diff))
    return out
