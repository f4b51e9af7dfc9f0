"""A figure that cannot be read unambiguously ("28. 146,626.000": mixed separators, stray spaces)."""
from __future__ import annotations

from lkjcheck import i18n
from lkjcheck.checks.text.figures import Spans as _Spans
from lkjcheck.checks.text.params import REQUIRED
from lkjcheck.read.numbers import NumberFormatError, parse_number

NAME = "format_angka"
PARAMS = {"patterns": ("regex_list", REQUIRED), "allowed": ("contexts", []), "window": ("int", 40)}
GROUPS = {"angka"}


def run(rule, ctx) -> list:
    p, out, spans = rule.params, [], _Spans()
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            s, e = m.span("angka")
            if s < 0 or spans.overlaps(s, e):
                continue
            raw = m.group("angka").strip().rstrip(" .,-").strip()
            if not raw:
                continue
            try:
                parse_number(raw, "rupiah")
                continue
            except NumberFormatError as err:
                reason = i18n.Both(err.reason_id, err.reason_en)
            if ctx.allowed(p["allowed"], s, e, p["window"]):
                continue
            spans.append((s, e))
            out.append(ctx.finding("teks.format_angka", m.start(), s + len(raw), actual=raw, reason=reason))
    return out
