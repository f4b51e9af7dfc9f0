"""Figures of one sentence that can be recomputed from each other, by relation.

``relation`` says which: ``capaian`` (realisation, target and capaian, with the
indicator's direction), ``rumus`` (a formula printed with its result),
``jumlah`` (a total and its parts), ``sisa`` (a remainder), ``perbandingan``
(below/above and the two figures), ``poin`` (a change in points written as a
percent) and ``bagian_persen`` (a count and its share of a total). ``roles``
gives, for each role of the relation, patterns capturing its figure as a group
of the role's name; a claim is reported only when the stated figure is outside
what the other figures, rounded as written, allow.
"""
from __future__ import annotations

from decimal import Decimal

from lkjcheck import i18n

from lkjcheck.checks.text.claims import (Roles, claim_windows, extract, fmt as _fmt, interval as _interval,
                                         named_indicator, outside as _outside, shown as _shown)
from lkjcheck.checks.text.figures import read_figure
from lkjcheck.checks.text.ledger import RIGHT, UNCHECKED, WRONG, note
from lkjcheck.checks.text.params import ParamError, REQUIRED

# For each relation: the roles it needs (and may use).
RELATION_ROLES = {
    "rumus": ({"pembilang", "penyebut", "hasil"}, {"faktor"}),
    "capaian": ({"realisasi", "target", "capaian"}, set()),
    "jumlah": ({"total", "bagian"}, set()),
    "sisa": ({"utuh", "bagian", "sisa"}, set()),
    "perbandingan": ({"kiri", "kanan"}, set()),
    "poin": ({"selisih", "lama", "baru"}, set()),
    "bagian_persen": ({"total", "bagian"}, set()),
}

NAME = "klaim"
# The grammar comes first: the patterns after it are written in its tokens.
PARAMS = {"grammar": ("grammar", {}), "relation": (f"choice:{','.join(RELATION_ROLES)}", REQUIRED),
          "roles": ("roles", REQUIRED), "trigger": ("regex", None), "join_colon": ("bool", False),
          "factor": ("number", 1), "lookback": ("int", 1), "lower_better": ("regex", None),
          "higher_better": ("regex", None), "lower": ("regex", None), "higher": ("regex", None),
          # counts (people, indicators) are exact: no rounding is allowed for
          "exact": ("bool", False)}


def validate(out: dict) -> None:
    need, may = RELATION_ROLES[out["relation"]]
    have = set(out["roles"])
    if not need <= have or not have <= need | may:
        raise ParamError("checks.relation_roles", relation=out["relation"], need=", ".join(sorted(need)),
                         may=", ".join(sorted(may)) or "-", have=", ".join(sorted(have)))
    if out["relation"] == "perbandingan" and (out["lower"] is None or out["higher"] is None):
        raise ParamError("checks.comparison_needs_lower_higher")


# An indicator's direction in words (messages/text.yaml).
ARAH = {"naik": i18n.Key("klaim.arah.naik"), "turun": i18n.Key("klaim.arah.turun"), "?": i18n.Key("klaim.arah.unknown")}


def run(rule, ctx) -> list:
    out = []
    what = rule.params["relation"]
    rel = RELATIONS[what]
    sents = ctx.sentences()
    for i, sent, text in claim_windows(ctx, rule):
        roles = extract(ctx, rule, text)
        if not roles.found:
            continue

        def doc_at(start, sent=sent):
            return sent.doc_offset(start) if start < sent.length else sent.end

        def rec(start, status, why=None, values=None, text=text, doc_at=doc_at):
            # every relation notes its claim once: right (with the recomputation), or why it was not checked
            note(ctx, what, doc_at(start), status, quote=ctx.quote_text(text), why=why,
                 result=_result(values) if values else "", stated=(values or {}).get("actual"))

        for key, start, values in rel(rule, ctx, sents, i, text, roles, rec):
            doc_start = doc_at(start)
            rec(start, WRONG, values=values)
            out.append(ctx.finding(key, doc_start, doc_start + 1, quote=ctx.quote_text(text), **values))
    return out


def _result(v: dict) -> str:
    """The recomputation of a claim, as its finding shows it (figures already worded)."""
    if "tanda" in v:
        return f"{v['kiri']} {v['tanda']} {v['kanan']}"
    if "utuh" in v:
        return f"{v['utuh']} − {v['bagian']} = {v['expected']}"
    if "relatif" in v:
        return f"|{v['baru']} − {v['lama']}| = {v['poin']}; {v['poin']} / {v['lama']} × 100 = {v['relatif']}%"
    if "total" in v and "bagian" in v:
        return f"{v['bagian']} / {v['total']} × 100 = {v['expected']}"
    return f"{v['rumus']} = {v['expected']}"


def _factor(roles: Roles, rule) -> Decimal:
    f = roles.first("faktor")
    return f[2].value if f else Decimal(str(rule.params["factor"]))


def _rumus(rule, ctx, sents, i, text, roles, rec):
    a, b, c = roles.first("pembilang"), roles.first("penyebut"), roles.first("hasil")
    if not c:
        return
    if not (a and b):
        return rec(c[0], UNCHECKED, "no_figures")
    if b[2].value == 0:
        return rec(c[0], UNCHECKED, "zero")
    lang = ctx.lang
    factor = _factor(roles, rule)
    rng = _interval(lambda x, y: x / y * factor, a[2], b[2])
    if rng is None:
        return rec(c[0], UNCHECKED, "zero")
    dec = c[2].decimals
    value = a[2].value / b[2].value * factor
    fx = "" if factor == 1 else f" × {_fmt(factor, 0, lang)}"
    values = dict(rumus=f"{_shown(a[2], lang)} / {_shown(b[2], lang)}{fx}", expected=_fmt(value, dec, lang),
                  actual=_shown(c[2], lang))
    if not _outside(c[2], *rng):
        return rec(c[0], RIGHT, values=values)
    yield "klaim.rumus", c[0], values


def _direction(rule, ctx, sents, i, text) -> str:
    # The data's measurement table knows the direction of the indicator the sentence names.
    row = named_indicator(ctx, text, 3)
    if row is not None and row.get("arah") in ("maksimal", "minimal"):
        return "naik" if row["arah"] == "maksimal" else "turun"
    lower, higher = rule.params["lower_better"], rule.params["higher_better"]
    context = " ".join(s.text for s in sents[max(0, i - rule.params["lookback"]):i]) + " " + text
    if lower is not None and ctx.search(lower.regex, context, lower.source):
        return "turun"
    if higher is not None and ctx.search(higher.regex, context, higher.source):
        return "naik"
    return "?"


CAPAIAN_FORMULAS = {
    "naik": [("R / T × 100", lambda r, t: r / t * 100)],
    "turun": [("(2 × T − R) / T × 100", lambda r, t: (2 * t - r) / t * 100),
              ("T / R × 100", lambda r, t: t / r * 100)],
}


def _capaian(rule, ctx, sents, i, text, roles, rec):
    r, t, c = roles.first("realisasi"), roles.first("target"), roles.first("capaian")
    if not c:
        return
    if not (r and t):
        # "Angka ini ... target ... capaian": the realisation was stated in the sentence before.
        for j in range(i - 1, max(-1, i - 1 - rule.params["lookback"]), -1):
            prev = extract(ctx, rule, sents[j].text)
            r = r or prev.first("realisasi")
            t = t or prev.first("target")
    if not (r and t):
        return rec(c[0], UNCHECKED, "no_figures")
    if t[2].value == 0 or r[2].value == 0:
        return rec(c[0], UNCHECKED, "zero")
    arah = _direction(rule, ctx, sents, i, text)
    formulas = CAPAIAN_FORMULAS["naik"] + CAPAIAN_FORMULAS["turun"] if arah == "?" else CAPAIAN_FORMULAS[arah]
    lang = ctx.lang
    dec = c[2].decimals

    def values(name, f):
        rumus = name.replace("R", _shown(r[2], lang)).replace("T", _shown(t[2], lang))
        return dict(realisasi=_shown(r[2], lang), target=_shown(t[2], lang),
                    expected=_fmt(f(r[2].value, t[2].value), dec, lang), actual=_shown(c[2], lang), rumus=rumus,
                    arah=ARAH[arah])

    for name, f in formulas:
        rng = _interval(f, r[2], t[2])
        if rng is not None and not _outside(c[2], *rng):
            return rec(c[0], RIGHT, values=values(name, f))
    yield "klaim.capaian", c[0], values(*formulas[0])


def _jumlah(rule, ctx, sents, i, text, roles, rec):
    total = roles.first("total")
    if not total:
        return
    parts = [p for p in roles.all("bagian") if p[0] > total[0]]
    if len(parts) < 2:
        return rec(total[0], UNCHECKED, "few_parts")
    s = sum(p[2].value for p in parts)
    tol = 0 if rule.params["exact"] else total[2].radius + sum(p[2].radius for p in parts)
    lang = ctx.lang
    dec = max(p[2].decimals for p in parts)
    values = dict(rumus=" + ".join(_shown(p[2], lang) for p in parts), expected=_fmt(s, dec, lang),
                  actual=_shown(total[2], lang))
    if abs(s - total[2].value) <= tol:
        return rec(total[0], RIGHT, values=values)
    yield "klaim.jumlah", total[0], values


def _sisa(rule, ctx, sents, i, text, roles, rec):
    u, b, s = roles.first("utuh"), roles.first("bagian"), roles.first("sisa")
    if not s:
        return
    if not (u and b):
        return rec(s[0], UNCHECKED, "no_figures")
    value = u[2].value - b[2].value
    lang = ctx.lang
    values = dict(utuh=_shown(u[2], lang), bagian=_shown(b[2], lang), expected=_fmt(value, s[2].decimals, lang),
                  actual=_shown(s[2], lang))
    if abs(value - s[2].value) <= u[2].radius + b[2].radius + s[2].radius:
        return rec(s[0], RIGHT, values=values)
    yield "klaim.sisa", s[0], values


def _perbandingan(rule, ctx, sents, i, text, roles, rec):
    left, right = roles.first("kiri"), roles.first("kanan")
    if not left:
        return
    if not right:
        return rec(left[0], UNCHECKED, "no_figures")
    m = left[3] if "arah" in left[3].re.groupindex and left[3].group("arah") else right[3]
    if "arah" not in m.re.groupindex or not m.group("arah"):
        return rec(left[0], UNCHECKED, "no_direction_word")
    arah = " ".join(m.group("arah").split())
    lo, hi = left[2], right[2]
    below = ctx.search(rule.params["lower"].regex, arah, rule.params["lower"].source)
    above = ctx.search(rule.params["higher"].regex, arah, rule.params["higher"].source)
    lang = ctx.lang
    if below and lo.value - lo.radius >= hi.value + hi.radius:
        tanda = "≥" if lo.value == hi.value else ">"
    elif above and lo.value + lo.radius <= hi.value - hi.radius:
        tanda = "≤" if lo.value == hi.value else "<"
    else:
        tanda = "<" if lo.value < hi.value else ">" if lo.value > hi.value else "≈"
        return rec(left[0], RIGHT, values=dict(kiri=_shown(lo, lang), kanan=_shown(hi, lang), tanda=tanda,
                                               actual=arah))
    yield "klaim.perbandingan", left[0], dict(kiri=_shown(lo, lang), kanan=_shown(hi, lang), arah=arah,
                                              tanda=tanda, expected=None, actual=_shown(lo, lang))


def _poin(rule, ctx, sents, i, text, roles, rec):
    """A change written as "X%" that is the difference in points, not the relative change."""
    d, old, new = roles.first("selisih"), roles.first("lama"), roles.first("baru")
    if not d:
        return
    if not (old and new):
        return rec(d[0], UNCHECKED, "no_figures")
    if old[2].value == 0:
        return rec(d[0], UNCHECKED, "zero")
    lang = ctx.lang
    dec = max(d[2].decimals, 2)
    poin = abs(new[2].value - old[2].value)
    relatif = poin / old[2].value * 100
    values = dict(lama=_shown(old[2], lang), baru=_shown(new[2], lang), poin=_fmt(poin, d[2].decimals, lang),
                  relatif=_fmt(relatif, dec, lang), expected=_fmt(relatif, dec, lang) + "%",
                  actual=_shown(d[2], lang))
    m = d[3]
    if "poin" in m.re.groupindex and m.group("poin"):
        return rec(d[0], RIGHT, values=values)
    pts = _interval(lambda a, b: abs(b - a), old[2], new[2])
    rel = _interval(lambda a, b: abs(b - a) / a * 100, old[2], new[2])
    if pts is None or rel is None:
        return rec(d[0], UNCHECKED, "zero")
    if not _outside(d[2], *rel):
        return rec(d[0], RIGHT, values=values)          # the relative change, as written
    if _outside(d[2], *pts):
        return rec(d[0], UNCHECKED, "neither_change", values=values)
    yield "klaim.poin", d[0], values


def _bagian_persen(rule, ctx, sents, i, text, roles, rec):
    """"3 (tiga) indikator atau 60,00%" of the "5 (lima) indikator" named in the sentence or just before."""
    total = roles.first("total")
    for j in range(i - 1, max(-1, i - 1 - rule.params["lookback"]), -1):
        if total:
            break
        total = extract(ctx, rule, sents[j].text).first("total")
    lang = ctx.lang
    for start, _, part, m in roles.all("bagian"):
        pct = read_figure(m.group("persen")) if "persen" in m.re.groupindex else None
        if pct is None:
            continue
        at = m.start("persen")
        if not total or total[2].value <= 0:
            rec(at, UNCHECKED, "no_figures")
            continue
        if part.value > total[2].value:
            rec(at, UNCHECKED, "count_differs")
            continue
        # Counts are exact: only the percentage's own rounding is allowed.
        value = part.value / total[2].value * 100
        values = dict(bagian=_fmt(part.value, 0, lang), total=_fmt(total[2].value, 0, lang),
                      expected=_fmt(value, pct.decimals, lang) + "%", actual=_shown(pct, lang) + "%")
        if abs(value - pct.value) <= pct.radius:
            rec(at, RIGHT, values=values)
            continue
        yield "klaim.bagian", at, values


RELATIONS = {
    "bagian_persen": _bagian_persen,
    "rumus": _rumus,
    "capaian": _capaian,
    "jumlah": _jumlah,
    "sisa": _sisa,
    "perbandingan": _perbandingan,
    "poin": _poin,
}
