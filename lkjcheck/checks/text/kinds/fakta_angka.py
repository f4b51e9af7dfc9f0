"""A figure the prose states held against the dataset's figure (a fact) the pattern names."""
from __future__ import annotations

from lkjcheck import i18n
from lkjcheck.checks.text.figures import amount as _amount, fact_number as _fact_number, num as _num
from lkjcheck.checks.text.params import ParamError, REQUIRED
from lkjcheck.read.numbers import ParsedNumber

NAME = "fakta_angka"
PARAMS = {"patterns": ("regex_list", REQUIRED)}
GROUPS = {"angka"}


def run(rule, ctx) -> list:
    out, lang, seen = [], ctx.lang, set()
    for pat in rule.params["patterns"]:
        key = pat.options["fact"]
        fact = _fact_number(ctx.facts.get(key))
        if fact is None:
            continue
        for m in ctx.finditer(pat):
            s, e = m.span("angka")
            if s < 0 or s in seen:
                continue
            n = _num(m.group("angka"), "rupiah")
            if n is None:
                continue
            seen.add(s)
            if abs(n.value - fact) <= n.radius:
                continue
            fmt = _amount if n.kind == "rupiah" else (lambda v, lg: i18n.Figure(
                v.value if isinstance(v, ParsedNumber) else v, 2))
            out.append(ctx.finding("teks.fakta", m.start(), s + len(m.group("angka").rstrip(" .,-")),
                                   expected=fmt(fact, lang),
                                   actual=fmt(n, lang), fakta=key))
    return out


def validate(params: dict) -> None:
    for p in params["patterns"]:
        if not isinstance(p.options.get("fact"), str):
            raise ParamError("checks.pattern_needs_fact", source=repr(p.source))
