"""The same figure written with a decimal comma in one place ("98,15") and a decimal point in another ("98.15")."""
from __future__ import annotations

from lkjcheck.checks.text.ledger import WRONG, note
from lkjcheck.checks.text.params import REQUIRED

NAME = "pemisah_desimal"
PARAMS = {"patterns": ("regex_list", REQUIRED)}
GROUPS = {"angka"}


def run(rule, ctx) -> list:
    """Report figures written with a decimal point when the same figure appears with a comma."""
    points, commas = {}, set()
    for pat in rule.params["patterns"]:
        for m in ctx.finditer(pat):
            raw = m.group("angka")
            whole, sep, frac = raw.partition("." if "." in raw else ",")
            key = (whole, frac)
            if sep == ".":
                points.setdefault(key, []).append(m)
            else:
                commas.add(key)
    out = []
    for key, ms in points.items():
        if key not in commas:
            continue
        for m in ms:
            s, e = m.span("angka")
            # only the figure written both ways is a claim worth listing: every other decimal is not one
            note(ctx, NAME, s, WRONG, quote=ctx.quote(max(0, s - 80), e + 40), result=f"{key[0]},{key[1]}", stated=m.group("angka"))
            out.append(ctx.finding("ref.desimal", s, e, expected=f"{key[0]},{key[1]}", actual=m.group("angka")))
    return out
