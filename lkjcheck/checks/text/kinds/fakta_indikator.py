"""Sentences that name one indicator of the data's measurement table, their target, realisation and capaian
held against its row (the indicator is recognised by its name, at least ``min_words`` words of it)."""
from __future__ import annotations

from decimal import Decimal

from lkjcheck import i18n

from lkjcheck.checks.text.claims import (claim_windows, decimals_of as _decimals, extract, fmt as _fmt,
                                         named_indicator, shown as _shown)
from lkjcheck.checks.text.params import REQUIRED

NAME = "fakta_indikator"
PARAMS = {"grammar": ("grammar", {}), "roles": ("roles", REQUIRED), "fact": ("str", "indikator"),
          "min_words": ("int", 3), "trigger": ("regex", None), "join_colon": ("bool", False)}


# A figure's role in the indicator table, in words (messages/text.yaml).
PERAN = {role: i18n.Key(f"klaim.peran.{role}") for role in ("target", "realisasi", "capaian")}


def run(rule, ctx) -> list:
    """Sentences naming one indicator of the data's measurement table, held against its row."""
    p, lang = rule.params, ctx.lang
    if not isinstance(ctx.facts.get(p["fact"]), list):
        return []
    out = []
    for i, sent, text in claim_windows(ctx, rule):
        row = named_indicator(ctx, text, p["min_words"], p["fact"])
        if row is None:
            continue
        roles = extract(ctx, rule, text)
        for role in ("target", "realisasi", "capaian"):
            got, fact = roles.first(role), row.get(role)
            if not got or not isinstance(fact, tuple) or fact[0] is None:
                continue
            value, rad = Decimal(str(fact[0])), Decimal(str(fact[1] or 0))
            if abs(got[2].value - value) <= got[2].radius + rad:
                continue
            start = sent.doc_offset(got[0]) if got[0] < sent.length else sent.end
            out.append(ctx.finding(
                "klaim.indikator", start, start + 1, quote=ctx.quote_text(text),
                expected=_fmt(value, max(got[2].decimals, _decimals(value)), lang), actual=_shown(got[2], lang),
                indikator=" ".join(str(row.get("indikator")).split()), peran=PERAN[role]))
    return out


