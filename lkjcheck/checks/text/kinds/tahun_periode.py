"""Years given as the period of the report or its budget ("tahun anggaran 2023") that are not the report year;
an allowed context (a comparison, a plan period) lets a year stand."""
from __future__ import annotations

from lkjcheck.checks.text.figures import year_mentions as _year_mentions
from lkjcheck.checks.text.params import REQUIRED

NAME = "tahun_periode"
PARAMS = {"patterns": ("regex_list", REQUIRED), "allowed": ("contexts", []), "window": ("int", 80)}
GROUPS = {"tahun"}


def run(rule, ctx) -> list:
    p, out, seen = rule.params, [], set()
    for m, s, e, y in _year_mentions(ctx, p["patterns"], seen):
        if y == ctx.year or ctx.allowed(p["allowed"], s, e, p["window"]):
            continue
        seen.add(s)
        out.append(ctx.finding("teks.tahun_periode", m.start(), m.end(), expected=str(ctx.year),
                               actual=str(y)))
    return out
