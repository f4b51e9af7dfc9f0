"""An amount out of all proportion: many times the largest other amount (a digit too many), or above a ceiling."""
from __future__ import annotations

from decimal import Decimal

from lkjcheck import i18n
from lkjcheck.checks.text.figures import Spans as _Spans, amount as _amount, fact_number as _fact_number, num as _num
from lkjcheck.checks.text.params import REQUIRED

NAME = "besaran_janggal"
PARAMS = {"patterns": ("regex_list", REQUIRED), "factor": ("number", 100), "ceiling": ("number", None),
          "facts": ("str_list", [])}
GROUPS = {"angka"}


def run(rule, ctx) -> list:
    p, out, lang = rule.params, [], ctx.lang
    found, spans = [], _Spans()
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            s, e = m.span("angka")
            if s < 0 or spans.overlaps(s, e):
                continue
            n = _num(m.group("angka"), "rupiah")
            if n is None or n.value <= 0:
                continue
            spans.append((s, e))
            found.append((m.start(), s + len(m.group("angka").rstrip(" .,-")), n.value))
    facts = [v for v in (_fact_number(ctx.facts.get(k)) for k in p["facts"]) if v is not None and v > 0]
    factor = Decimal(str(p["factor"]))
    ceiling = Decimal(str(p["ceiling"])) if p["ceiling"] is not None else None
    # The two largest distinct values are enough to know the largest value other than v.
    top = sorted({w for _, _, w in found} | set(facts), reverse=True)[:2]
    for start, end, v in found:
        # Equal figures are left out: a wrong figure repeated twice must not vouch for itself.
        others = [w for w in top if w != v]
        biggest = others[0] if others else None
        if biggest is not None and v >= factor * biggest:
            ratio = i18n.Figure(v / biggest, 0)
            out.append(ctx.finding("teks.besaran", start, end, expected=i18n.Bound("<", _amount(factor * biggest)),
                                   actual=_amount(v, lang), ratio=ratio, other=_amount(biggest, lang)))
        elif ceiling is not None and v > ceiling:
            out.append(ctx.finding("teks.besaran_plafon", start, end, expected=i18n.Bound("≤", _amount(ceiling)),
                                   actual=_amount(v, lang)))
    return out
