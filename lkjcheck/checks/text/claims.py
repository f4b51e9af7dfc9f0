"""Claims in sentences: what the claim kinds (``klaim``, ``fakta_indikator``, ``konsisten``) share.

A claim rule names, for each role of a relation, patterns that find the role's
figure in a sentence: the realisation, the target and the capaian of a capaian
claim; the numerator, denominator and result of a formula; a total and its
parts. The patterns (and the small grammar of tokens they are written in) live
in the rule file; this module finds the sentences a rule looks at, reads the
figures by role and gives the interval arithmetic the kinds decide with.

Each sentence is one bounded unit (see ``units``), so the patterns never see
more than one sentence and the work is linear in the report. Figures carry
their written precision: a claim is reported only when the stated figure is
outside what the other figures, rounded as written, allow.
"""
from __future__ import annotations

import bisect
from decimal import Decimal

from lkjcheck.checks.text.figures import read_figure
from lkjcheck.read.numbers import ParsedNumber, format_decimal
from lkjcheck.safety import regexcache

# A factor written out ("dikalikan dengan seratus persen") is exact.
NUMBER_WORDS = {"seratus": Decimal(100), "sepuluh": Decimal(10), "seribu": Decimal(1000)}


def fmt(v: Decimal, decimals: int, lang: str) -> str:
    return format_decimal(v, max(0, decimals), lang)


def shown(n: ParsedNumber, lang: str) -> str:
    return fmt(n.value, n.decimals, lang)


def interval(f, *args: ParsedNumber) -> tuple[Decimal, Decimal] | None:
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


def outside(stated: ParsedNumber, lo: Decimal, hi: Decimal) -> bool:
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


_FIGURE = regexcache.compile(r"\d+(?:[.,]\d+)*")
_YEAR = regexcache.compile(r"(?:19|20)\d\d")


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
    starts = sents.starts
    hit = set()
    for m in ctx.finditer(trigger):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0:
            hit.add(i)
            if join and i > 0 and sents[i - 1].text.endswith(":"):
                hit.add(i - 1)
    return sorted(hit)


_NAME_WORDS = regexcache.compile(r"\w+")


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


def decimals_of(v: Decimal) -> int:
    exp = v.normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


