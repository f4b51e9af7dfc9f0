"""A realisation stated with its share of the budget ("Rp A atau C%"): C must be A over the pagu.

The pagu is the one the sentence states (a ``pagu`` group), else the nearest
amount before the claim in the same sentence, else the dataset's budget facts
the rule names (``facts``: a key, and when/unless the sentence says so).
"""
from __future__ import annotations

import bisect
from decimal import Decimal

from lkjcheck import i18n
from lkjcheck.checks.text.figures import (amount as _amount, fact_number as _fact_number, num as _num, pct as _pct,
                                          rupiah as _rupiah)
from lkjcheck.checks.text.ledger import RIGHT, UNCHECKED, WRONG, note
from lkjcheck.checks.text.params import ParamError, REQUIRED
from lkjcheck.read.textdoc import offset_array

NAME = "persen_pagu"
PARAMS = {"patterns": ("regex_list", REQUIRED), "amount": ("regex", REQUIRED), "between": ("regex", None),
          "sentence_end": ("regex", None), "facts": ("fact_list", [])}
GROUPS = {"jumlah", "persen"}

# A budget sentence names its pagu a few amounts before the realisation at most.
MAX_BUDGET_CANDIDATES = 16


def validate(params: dict) -> None:
    if "angka" not in params["amount"].regex.groupindex:
        raise ParamError("checks.amount_needs_angka")


def _sentence_bounds(ctx, rule) -> list[int]:
    if rule.params["sentence_end"] is None:
        # The segmenter's sentences: "s.d.", "Rp." and "No." do not end one.
        if "sentence_starts" not in ctx._cache:
            bounds = offset_array(len(ctx.text), (0,))
            bounds.extend(ctx.sentences().ends)
            ctx._cache["sentence_starts"] = bounds
        return ctx._cache["sentence_starts"]
    key = ("sentences", id(rule.params["sentence_end"]))
    if key not in ctx._cache:
        ctx._cache[key] = [0] + [m.end() for m in ctx.finditer(rule.params["sentence_end"])]
    return ctx._cache[key]


def run(rule, ctx) -> list:
    p, out, lang = rule.params, [], ctx.lang
    bounds = _sentence_bounds(ctx, rule)
    claims = []
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            claims.append(m)
    claim_starts = {m.start("jumlah") for m in claims}
    done = set()
    amounts: dict[int, list] = {}
    for m in claims:
        if m.start() in done:
            continue
        done.add(m.start())
        amount, pct = _rupiah(m.group("jumlah")), _num(m.group("persen"), "percent")
        if amount is None or pct is None or amount.value <= 0 or m.start("jumlah") < 0:
            continue
        i = bisect.bisect_right(bounds, m.start("jumlah")) - 1
        s_start = bounds[i]
        s_end = bounds[i + 1] if i + 1 < len(bounds) else len(ctx.text)
        sentence = ctx.text[s_start:s_end]
        nearest, unreadable = None, False
        stated = _rupiah(m.group("pagu")) if "pagu" in m.re.groupindex and m.group("pagu") else None
        # The amounts of the sentence are found once; the budget is the nearest
        # one before the claim that qualifies, so they are tried from the claim
        # backwards, a bounded number of them.
        if stated is None:
            if i not in amounts:
                # Another "Rp A atau B%" claim is not a budget: left out once, here.
                found = [am for am in ctx.finditer(p["amount"], ctx.text[s_start:s_end]) if am.start("angka") >= 0
                         and not any(c in claim_starts for c in range(s_start + am.start("angka") - 4,
                                                                        s_start + am.start("angka") + 5))]
                amounts[i] = ([s_start + am.end() for am in found], found)
            ends, found = amounts[i]
            before = found[max(0, bisect.bisect_right(ends, m.start("jumlah")) - MAX_BUDGET_CANDIDATES):
                           bisect.bisect_right(ends, m.start("jumlah"))]
        else:
            before = []
        for am in reversed(before):
            val = _num(am.group("angka"), "rupiah")
            if val is None:
                unreadable = True
                continue
            between = ctx.text[s_start + am.end():m.start("jumlah")]
            if p["between"] is not None and not ctx.search(p["between"].regex, between, p["between"].source):
                continue
            nearest = val
            break
        budgets: list[tuple[str, Decimal]] = []
        if stated is not None and stated.value > 0:
            nearest = stated
        if nearest is not None and nearest.value > 0:
            budgets.append((_amount(nearest, lang), nearest.value))
        elif unreadable:
            # the budget is there but unreadable; format_angka reports it
            note(ctx, NAME, m.start("persen"), UNCHECKED, quote=ctx.quote_text(sentence), why="unreadable")
            continue
        for spec in ([] if stated else p["facts"]):
            v = _fact_number(ctx.facts.get(spec["key"]))
            if v is None or v <= 0:
                continue
            if spec["when"] is not None and not ctx.search(spec["when"], sentence):
                continue
            if spec["unless"] is not None and ctx.search(spec["unless"], sentence):
                continue
            budgets.append((_amount(v, lang), v))
        if not budgets:
            note(ctx, NAME, m.start("persen"), UNCHECKED, quote=ctx.quote_text(sentence), why="no_budget")
            continue
        ok = None
        for _, b in budgets:
            share = amount.value / b * 100
            tol = pct.radius + share * (amount.radius / amount.value + Decimal("0.5") / b)
            if abs(share - pct.value) <= tol:
                ok = b
                break
        label, b = budgets[0] if ok is None else (None, ok)
        result = (f"{i18n.show(i18n.Figure(amount.value, 0), lang)} / {i18n.show(i18n.Figure(b, 0), lang)} × 100 = "
                  f"{i18n.show(_pct(amount.value / b * 100, pct.decimals, lang), lang)}")
        note(ctx, NAME, m.start("persen"), RIGHT if ok is not None else WRONG, quote=ctx.quote_text(sentence),
             result=result, stated=i18n.show(_pct(pct.value, pct.decimals, lang), lang))
        if ok is not None:
            continue
        out.append(ctx.finding(
            "teks.persen_pagu", m.start(), m.end(),
            expected=_pct(amount.value / b * 100, pct.decimals, lang), actual=_pct(pct.value, pct.decimals, lang),
            jumlah=_amount(amount, lang), pagu=label, kalimat=ctx.quote_text(sentence),
            rumus=i18n.Key("teks.rumus_persen", jumlah=i18n.Figure(amount.value, 0), pagu=i18n.Figure(b, 0)),
        ))
    return out

