""""naik sebesar D% dari L% menjadi B%": B must be L plus (or minus) D, in points or, if allowed, relative."""
from __future__ import annotations

from lkjcheck import i18n
from lkjcheck.checks.text.figures import num as _num, pct as _pct
from lkjcheck.checks.text.ledger import RIGHT, WRONG, note
from lkjcheck.checks.text.params import REQUIRED

NAME = "kenaikan_persen"
PARAMS = {"patterns": ("regex_list", REQUIRED), "decrease": ("regex", None), "accept_relative": ("bool", True)}
GROUPS = {"selisih", "baru", "lama"}


def run(rule, ctx) -> list:
    p, out, lang, seen = rule.params, [], ctx.lang, set()
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            if m.start() in seen:
                continue
            d, new, old = (_num(m.group(g), "percent") for g in ("selisih", "baru", "lama"))
            if d is None or new is None or old is None:
                continue
            seen.add(m.start())
            down = False
            if p["decrease"] is not None and "arah" in m.re.groupindex and m.group("arah"):
                down = bool(ctx.search(p["decrease"].regex, m.group("arah"), p["decrease"].source))
            sign = -1 if down else 1
            computed = (new.value - old.value) * sign
            tol = d.radius + new.radius + old.radius
            dec = max(new.decimals, old.decimals, d.decimals)
            expected = old.value + sign * d.value
            op = "−" if down else "+"
            result = (f"{i18n.show(_pct(old.value, old.decimals), lang)} {op} {i18n.show(_pct(d.value, d.decimals), lang)}"
                      f" = {i18n.show(_pct(expected, dec), lang)}")

            def rec(status, result=result, m=m, new=new):
                note(ctx, NAME, m.start("baru"), status, quote=ctx.quote(m.start(), m.end()), result=result,
                     stated=i18n.show(_pct(new.value, new.decimals), lang))

            if abs(computed - d.value) <= tol:
                rec(RIGHT)
                continue
            if p["accept_relative"]:
                factor = 1 + sign * d.value / 100
                rel = old.value * factor
                tol_rel = new.radius + old.radius * abs(factor) + old.value * d.radius / 100
                if abs(new.value - rel) <= tol_rel:
                    rec(RIGHT, f"{i18n.show(_pct(old.value, old.decimals), lang)} × (1 {op} "
                               f"{i18n.show(d.value, lang)} / 100) = {i18n.show(_pct(rel, dec), lang)}")
                    continue
            rec(WRONG)
            out.append(ctx.finding(
                "teks.kenaikan", m.start(), m.end(),
                expected=_pct(expected, dec, lang), actual=_pct(new.value, new.decimals, lang),
                selisih=_pct(d.value, d.decimals, lang), lama=_pct(old.value, old.decimals, lang),
                hitung=_pct(new.value - old.value, dec, lang),
                arah=i18n.Key("teks.kenaikan.turun" if down else "teks.kenaikan.naik"),
            ))
    return out
