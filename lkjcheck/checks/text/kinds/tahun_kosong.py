"""A year left blank where the text names one ("Tahun ....", "tahun 20..")."""
from __future__ import annotations

from lkjcheck.checks.text.figures import Spans as _Spans
from lkjcheck.checks.text.params import REQUIRED

NAME = "tahun_kosong"
PARAMS = {"patterns": ("regex_list", REQUIRED), "allowed": ("contexts", []), "window": ("int", 80)}


def run(rule, ctx) -> list:
    p, out, spans = rule.params, [], _Spans()
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            s, e = m.span()
            if e <= s or spans.overlaps(s, e) or ctx.allowed(p["allowed"], s, e, p["window"]):
                continue
            spans.append((s, e))
            out.append(ctx.finding("teks.tahun_kosong", s, e))
    return out
