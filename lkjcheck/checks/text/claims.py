"""Claims in sentences: figures a sentence states that can be recomputed from each other.

A claim rule (``check: klaim``) names a relation and, for each role of that
relation, patterns that find the role's figure in a sentence: the realisation,
the target and the capaian of a capaian claim; the numerator, denominator and
result of a formula; the two sides of a comparison; a total and its parts.
The patterns (and the small grammar of tokens they are written in) live in the
rule file; this module only reads the figures and does the arithmetic.

Each sentence is one bounded unit (see ``units``), so the patterns never see
more than one sentence and the work is linear in the report. Figures carry
their written precision: a claim is reported only when the stated figure is
outside what the other figures, rounded as written, allow.
"""
from __future__ import annotations

import bisect
from decimal import Decimal

import regex

from lkjcheck import i18n
from lkjcheck.read.numbers import NumberFormatError, ParsedNumber, format_decimal, parse_number

i18n.register({
    "klaim.rumus": {
        "id": "{rumus} = {expected}, bukan {actual}: \"{quote}\"",
        "en": "{rumus} = {expected}, not {actual}: \"{quote}\"",
    },
    "klaim.capaian": {
        "id": "Capaian dari realisasi {realisasi} dan target {target} ({arah}) adalah {expected}, bukan {actual} "
              "({rumus}): \"{quote}\"",
        "en": "The capaian from realisation {realisasi} and target {target} ({arah_en}) is {expected}, not {actual} "
              "({rumus}): \"{quote}\"",
    },
    "klaim.jumlah": {
        "id": "Jumlah rinciannya {rumus} = {expected}, bukan {actual}: \"{quote}\"",
        "en": "Its parts add up to {rumus} = {expected}, not {actual}: \"{quote}\"",
    },
    "klaim.sisa": {
        "id": "Sisa {utuh} − {bagian} = {expected}, bukan {actual}: \"{quote}\"",
        "en": "The remainder {utuh} − {bagian} = {expected}, not {actual}: \"{quote}\"",
    },
    "klaim.perbandingan": {
        "id": "{kiri} disebut \"{arah}\" {kanan}, padahal {kiri} {tanda} {kanan}: \"{quote}\"",
        "en": "{kiri} is said to be \"{arah}\" {kanan}, but {kiri} {tanda} {kanan}: \"{quote}\"",
    },
    "klaim.indikator": {
        "id": "{peran} indikator \"{indikator}\" di teks {actual}, di tabel {expected}: \"{quote}\"",
        "en": "The {peran_en} of the indicator \"{indikator}\" is {actual} in the text but {expected} in the table: "
              "\"{quote}\"",
    },
    "klaim.bagian": {
        "id": "{bagian} dari {total} adalah {expected}, bukan {actual} ({bagian} / {total} × 100): \"{quote}\"",
        "en": "{bagian} of {total} is {expected}, not {actual} ({bagian} / {total} × 100): \"{quote}\"",
    },
    "klaim.poin": {
        "id": "Dari {lama} ke {baru} berubah {poin} poin persentase, yaitu {relatif}%; \"{actual}%\" ambigu — "
              "tulis \"{poin} poin\" atau \"{relatif}%\": \"{quote}\"",
        "en": "From {lama} to {baru} is a change of {poin} percentage points, i.e. {relatif}%; \"{actual}%\" is "
              "ambiguous — write \"{poin} points\" or \"{relatif}%\": \"{quote}\"",
    },
})

ARAH = {"naik": ("semakin tinggi semakin baik", "higher is better"),
        "turun": ("semakin rendah semakin baik", "lower is better"),
        "?": ("arah indikator tidak disebut", "direction of the indicator not stated")}


# A factor written out ("dikalikan dengan seratus persen") is exact.
NUMBER_WORDS = {"seratus": Decimal(100), "sepuluh": Decimal(10), "seribu": Decimal(1000)}


def read_figure(text: str | None) -> ParsedNumber | None:
    """A figure as a report prints it; "1,035,979,833,682,00" (commas for thousands, two decimals) included."""
    if not text:
        return None
    t = text.strip().rstrip(" .,-").strip()
    if t[:2].lower() == "rp":
        t = t[2:].lstrip(". \t")
    if not t:
        return None
    try:
        return parse_number(t)
    except NumberFormatError:
        pass
    parts = t.split(",")
    if len(parts) > 2 and "." not in t and len(parts[-1]) == 2 and all(len(p) == 3 for p in parts[1:-1]):
        try:
            return parse_number(".".join(parts[:-1]).replace(".", "") + "," + parts[-1])
        except NumberFormatError:
            return None
    return None


def _fmt(v: Decimal, decimals: int, lang: str) -> str:
    return format_decimal(v, max(0, decimals), lang)


def _shown(n: ParsedNumber, lang: str) -> str:
    return _fmt(n.value, n.decimals, lang)


def _interval(f, *args: ParsedNumber) -> tuple[Decimal, Decimal] | None:
    """Range of a function monotone in each argument over the arguments' written intervals."""
    lows_highs = [(a.value - a.radius, a.value + a.radius) for a in args]
    vals = []
    n = len(args)
    for mask in range(1 << n):
        point = [lows_highs[i][(mask >> i) & 1] for i in range(n)]
        try:
            vals.append(f(*point))
        except (ArithmeticError, ValueError):
            return None
    return min(vals), max(vals)


def _outside(stated: ParsedNumber, lo: Decimal, hi: Decimal) -> bool:
    return stated.value + stated.radius < lo or stated.value - stated.radius > hi


class Roles:
    """The figures of one sentence, by role; a figure serves one role only."""

    def __init__(self):
        self.found: dict[str, list] = {}
        self.taken: list[tuple[int, int]] = []

    def add(self, role: str, start: int, end: int, raw: str, match):
        if any(start < e and s < end for s, e in self.taken):
            return
        n = read_figure(raw) if raw.strip().lower() not in NUMBER_WORDS else ParsedNumber(
            NUMBER_WORDS[raw.strip().lower()], 0, "number")
        if n is None:
            return
        self.taken.append((start, end))
        self.found.setdefault(role, []).append((start, end, n, match))

    def first(self, role: str):
        items = self.found.get(role)
        return min(items, key=lambda x: x[0]) if items else None

    def all(self, role: str):
        return sorted(self.found.get(role, []), key=lambda x: x[0])


def extract(ctx, rule, text: str) -> Roles:
    roles = Roles()
    for name, pats in rule.params["roles"].items():
        for pat in pats:
            for m in ctx.finditer(pat, text):
                s, e = m.span(name)
                if s >= 0 and m.group(name):
                    roles.add(name, s, e, m.group(name), m)
    return roles


# A sentence stating more figures than this is a table row run together, where
# roles cannot be told apart; the table checks handle tables.
MAX_FIGURES = 16


_FIGURE = regex.compile(r"\d+(?:[.,]\d+)*")
_YEAR = regex.compile(r"(?:19|20)\d\d")


def _figures(text: str) -> int:
    """Figures in a sentence, bare years not counted (prose names years freely)."""
    return sum(1 for m in _FIGURE.finditer(text) if not _YEAR.fullmatch(m.group()))


def claim_windows(ctx, rule):
    """(sentence, text) pairs: each sentence, joined with the next one when it ends with a colon."""
    sents = ctx.sentences()
    trigger = rule.params["trigger"]
    join = rule.params["join_colon"]
    candidates = range(len(sents)) if trigger is None else _triggered(ctx, trigger, sents, join)
    for i in candidates:
        s = sents[i]
        text = s.text
        if join and text.endswith(":") and i + 1 < len(sents):
            text = text + " " + sents[i + 1].text
        if trigger is not None and not ctx.search(trigger.regex, text, trigger.source):
            continue
        if _figures(text) > MAX_FIGURES:
            continue            # a table flattened into a "sentence", not a claim
        yield i, s, text


def _triggered(ctx, trigger, sents, join) -> list[int]:
    """Indices of the sentences the trigger occurs in, found with one search per
    paragraph unit instead of a call per sentence (most sentences make no claim)."""
    key = ("sentence_starts_list",)
    if key not in ctx._cache:
        ctx._cache[key] = [x.start for x in sents]
    starts = ctx._cache[key]
    hit = set()
    for m in ctx.finditer(trigger):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0:
            hit.add(i)
            if join and i > 0 and sents[i - 1].text.endswith(":"):
                hit.add(i - 1)
    return sorted(hit)


def run_claims(rule, ctx) -> list:
    out = []
    rel = RELATIONS[rule.params["relation"]]
    sents = ctx.sentences()
    for i, sent, text in claim_windows(ctx, rule):
        roles = extract(ctx, rule, text)
        if not roles.found:
            continue
        for key, start, values in rel(rule, ctx, sents, i, text, roles):
            doc_start = sent.doc_offset(start) if start < sent.length else sent.end
            out.append(ctx.finding(key, doc_start, doc_start + 1, quote=ctx.quote_text(text), **values))
    return out


def _factor(roles: Roles, rule) -> Decimal:
    f = roles.first("faktor")
    return f[2].value if f else Decimal(str(rule.params["factor"]))


def _rumus(rule, ctx, sents, i, text, roles):
    a, b, c = roles.first("pembilang"), roles.first("penyebut"), roles.first("hasil")
    if not (a and b and c) or b[2].value == 0:
        return
    lang = ctx.lang
    factor = _factor(roles, rule)
    rng = _interval(lambda x, y: x / y * factor, a[2], b[2])
    if rng is None or not _outside(c[2], *rng):
        return
    dec = c[2].decimals
    value = a[2].value / b[2].value * factor
    fx = "" if factor == 1 else f" × {_fmt(factor, 0, lang)}"
    yield "klaim.rumus", c[0], dict(
        rumus=f"{_shown(a[2], lang)} / {_shown(b[2], lang)}{fx}", expected=_fmt(value, dec, lang),
        actual=_shown(c[2], lang))


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


def _capaian(rule, ctx, sents, i, text, roles):
    r, t, c = roles.first("realisasi"), roles.first("target"), roles.first("capaian")
    if not c:
        return
    if not (r and t):
        # "Angka ini ... target ... capaian": the realisation was stated in the sentence before.
        for j in range(i - 1, max(-1, i - 1 - rule.params["lookback"]), -1):
            prev = extract(ctx, rule, sents[j].text)
            r = r or prev.first("realisasi")
            t = t or prev.first("target")
    if not (r and t) or t[2].value == 0 or r[2].value == 0:
        return
    arah = _direction(rule, ctx, sents, i, text)
    formulas = CAPAIAN_FORMULAS["naik"] + CAPAIAN_FORMULAS["turun"] if arah == "?" else CAPAIAN_FORMULAS[arah]
    for _, f in formulas:
        rng = _interval(f, r[2], t[2])
        if rng is not None and not _outside(c[2], *rng):
            return
    lang = ctx.lang
    name, f = formulas[0]
    dec = c[2].decimals
    rumus = name.replace("R", _shown(r[2], lang)).replace("T", _shown(t[2], lang))
    yield "klaim.capaian", c[0], dict(
        realisasi=_shown(r[2], lang), target=_shown(t[2], lang), expected=_fmt(f(r[2].value, t[2].value), dec, lang),
        actual=_shown(c[2], lang), rumus=rumus, arah=ARAH[arah][0], arah_en=ARAH[arah][1])


def _jumlah(rule, ctx, sents, i, text, roles):
    total = roles.first("total")
    if not total:
        return
    parts = [p for p in roles.all("bagian") if p[0] > total[0]]
    if len(parts) < 2:
        return
    s = sum(p[2].value for p in parts)
    tol = total[2].radius + sum(p[2].radius for p in parts)
    if abs(s - total[2].value) <= tol:
        return
    lang = ctx.lang
    dec = max(p[2].decimals for p in parts)
    yield "klaim.jumlah", total[0], dict(
        rumus=" + ".join(_shown(p[2], lang) for p in parts), expected=_fmt(s, dec, lang),
        actual=_shown(total[2], lang))


def _sisa(rule, ctx, sents, i, text, roles):
    u, b, s = roles.first("utuh"), roles.first("bagian"), roles.first("sisa")
    if not (u and b and s):
        return
    value = u[2].value - b[2].value
    if abs(value - s[2].value) <= u[2].radius + b[2].radius + s[2].radius:
        return
    lang = ctx.lang
    yield "klaim.sisa", s[0], dict(utuh=_shown(u[2], lang), bagian=_shown(b[2], lang),
                                   expected=_fmt(value, s[2].decimals, lang), actual=_shown(s[2], lang))


def _perbandingan(rule, ctx, sents, i, text, roles):
    left, right, arah = roles.first("kiri"), roles.first("kanan"), None
    if not (left and right):
        return
    m = left[3] if "arah" in left[3].re.groupindex and left[3].group("arah") else right[3]
    if "arah" not in m.re.groupindex or not m.group("arah"):
        return
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
        return
    yield "klaim.perbandingan", left[0], dict(kiri=_shown(lo, lang), kanan=_shown(hi, lang), arah=arah,
                                              tanda=tanda, expected=None, actual=_shown(lo, lang))


def _poin(rule, ctx, sents, i, text, roles):
    """A change written as "X%" that is the difference in points, not the relative change."""
    d, old, new = roles.first("selisih"), roles.first("lama"), roles.first("baru")
    if not (d and old and new) or old[2].value == 0:
        return
    m = d[3]
    if "poin" in m.re.groupindex and m.group("poin"):
        return
    pts = _interval(lambda a, b: abs(b - a), old[2], new[2])
    rel = _interval(lambda a, b: abs(b - a) / a * 100, old[2], new[2])
    if pts is None or rel is None or _outside(d[2], *pts) or not _outside(d[2], *rel):
        return
    lang = ctx.lang
    dec = max(d[2].decimals, 2)
    poin = abs(new[2].value - old[2].value)
    relatif = poin / old[2].value * 100
    yield "klaim.poin", d[0], dict(lama=_shown(old[2], lang), baru=_shown(new[2], lang),
                                   poin=_fmt(poin, d[2].decimals, lang), relatif=_fmt(relatif, dec, lang),
                                   expected=_fmt(relatif, dec, lang) + "%", actual=_shown(d[2], lang))


def _bagian_persen(rule, ctx, sents, i, text, roles):
    """"3 (tiga) indikator atau 60,00%" of the "5 (lima) indikator" named in the sentence or just before."""
    total = roles.first("total")
    for j in range(i - 1, max(-1, i - 1 - rule.params["lookback"]), -1):
        if total:
            break
        total = extract(ctx, rule, sents[j].text).first("total")
    if not total or total[2].value <= 0:
        return
    lang = ctx.lang
    for start, _, part, m in roles.all("bagian"):
        pct = read_figure(m.group("persen")) if "persen" in m.re.groupindex else None
        if pct is None or part.value > total[2].value:
            continue
        # Counts are exact: only the percentage's own rounding is allowed.
        value = part.value / total[2].value * 100
        if abs(value - pct.value) <= pct.radius:
            continue
        yield "klaim.bagian", m.start("persen"), dict(
            bagian=_fmt(part.value, 0, lang), total=_fmt(total[2].value, 0, lang),
            expected=_fmt(value, pct.decimals, lang) + "%", actual=_shown(pct, lang) + "%")


RELATIONS = {
    "bagian_persen": _bagian_persen,
    "rumus": _rumus,
    "capaian": _capaian,
    "jumlah": _jumlah,
    "sisa": _sisa,
    "perbandingan": _perbandingan,
    "poin": _poin,
}


_NAME_WORDS = regex.compile(r"\w+")
PERAN = {"target": ("Target", "target"), "realisasi": ("Realisasi", "realisation"), "capaian": ("Capaian", "capaian")}


def _name(text: str) -> str:
    return " " + " ".join(_NAME_WORDS.findall(text.lower())) + " "


def named_indicator(ctx, text: str, min_words: int, fact: str = "indikator"):
    """The one row of the data's measurement table whose indicator the text names, or None."""
    rows = ctx.facts.get(fact)
    if not isinstance(rows, list) or not rows:
        return None
    key = ("indicator_names", fact, min_words)
    if key not in ctx._cache:
        ctx._cache[key] = [(n, row) for row in rows if isinstance(row, dict)
                           for n in [_name(str(row.get("indikator") or ""))] if len(n.split()) >= min_words]
    said = _name(text)
    named = [(n, row) for n, row in ctx._cache[key] if n in said]
    # "Indeks Kepuasan" inside "Indeks Kepuasan Masyarakat": the longest name is the one meant.
    named = [x for x in named if not any(x[0] != y[0] and x[0] in y[0] for y in named)]
    return named[0][1] if len(named) == 1 else None


def run_indicator_facts(rule, ctx) -> list:
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
                indikator=" ".join(str(row.get("indikator")).split()), peran=PERAN[role][0], peran_en=PERAN[role][1]))
    return out


def _decimals(v: Decimal) -> int:
    exp = v.normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


i18n.register({
    "klaim.konsisten": {
        "id": "{besaran} disebut {actual} di sini, tetapi {expected} di baris {baris}: \"{quote}\"",
        "en": "{besaran_en} is given as {actual} here but as {expected} on line {baris}: \"{quote}\"",
    },
})

_YEAR_IN_TEXT = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def run_consistency(rule, ctx) -> list:
    """The same quantity (same name, same qualifiers, the report year only) stated with different figures."""
    p, lang, out = rule.params, ctx.lang, []
    first: dict = {}
    for i, sent, text in claim_windows(ctx, rule):
        if any(int(y) != ctx.year for y in _YEAR_IN_TEXT.findall(text)):
            continue            # another year is named: a comparison, not a restatement
        if p["skip"] is not None and ctx.search(p["skip"].regex, text, p["skip"].source):
            continue
        quals = frozenset(" ".join(q.split()).lower() for q in (
            m.group() for m in ctx.finditer(p["qualifiers"], text))) if p["qualifiers"] is not None else frozenset()
        for pat in p["patterns"]:
            for m in ctx.finditer(pat, text):
                n = read_figure(m.group("angka"))
                if n is None or n.value <= 0:
                    continue
                name = pat.options["quantity"]
                key = (name, quals)
                start = sent.doc_offset(m.start("angka"))
                if key not in first:
                    first[key] = (n, start)
                    continue
                ref, where = first[key]
                if abs(ref.value - n.value) <= ref.radius + n.radius:
                    continue
                label = pat.options.get("label") or {}
                out.append(ctx.finding(
                    "klaim.konsisten", start, start + 1, quote=ctx.quote_text(text),
                    expected=_shown(ref, lang), actual=_shown(n, lang), baris=ctx.doc.position(where)[0],
                    besaran=label.get("id", name), besaran_en=label.get("en", name)))
    return out
