"""Running text rules over a report: the context every check kind works through.

Each check kind (one module of ``kinds/``) reads figures out of the matches of
its rule's patterns (named groups) and decides. Decisions use the precision the
writer used: a figure written with two decimals stands for an interval half a
unit wide on each side, and a partial date ("Januari 2025") for the days of that
month, so a rule only fires when the text is certainly wrong.
"""
from __future__ import annotations

import bisect
import os

from lkjcheck import i18n
from lkjcheck.checks.text.kinds import KINDS
from lkjcheck.checks.text.params import MATCH_TIMEOUT, RULE_TIME_BUDGET, TextRuleError
from lkjcheck.checks.text.searching import Searches, _clock, _lowered
from lkjcheck.checks.text.units import SentenceTable, Spans
from lkjcheck.findings import MAX_PER_RULE, Finding, Location, make, omitted, sort_findings
from lkjcheck.read.guard import guard_error
from lkjcheck.read.textdoc import Document
from lkjcheck.safety import regexcache
from lkjcheck.safety.regex import DeferredPatternError, real

QUOTE_MAX = 160
# Set to 1 to search every paragraph with every pattern (no literal prefilter; the same findings, slower).
NO_PREFILTER_ENV = "LKJCHECK_NO_PREFILTER"


def _split_source(source: str) -> tuple[str, int | None]:
    file, _, line = (source or "").rpartition(":")
    if not line.isdigit():
        return source or "<aturan>", None
    return file or "<aturan>", int(line)


class _Ctx(Searches):
    def __init__(self, doc: Document, year: int, lang: str, facts: dict, dataset: str):
        self.doc, self.year, self.lang, self.facts, self.dataset = doc, year, lang, facts, dataset
        self.text = doc.text
        self.rule = None
        self.deadline = 0.0
        self._cache: dict = {}
        self.claims: list | None = None     # the claims the kinds recognise, when asked for (ledger.note)
        self.prefilter = os.environ.get(NO_PREFILTER_ENV, "").strip() in ("", "0")

    def start(self, rule) -> None:
        self.rule = rule
        # The budget grows with the text: the work is linear in it (one unit at
        # a time), so a large report is not a reason for a correct rule to fail.
        per_mib = max(1.0, len(self.text) / (1 << 20))
        self.deadline = _clock() + RULE_TIME_BUDGET * per_mib

    def _shared(self, key: str, make):
        """A piece of the document every rule uses, made once; its cost is not the asking rule's.

        The first rule to ask would otherwise pay for all of them: on a text of
        many tiny paragraphs segmenting it is most of the work, and it ran one
        rule out of its budget.
        """
        if key not in self._cache:
            t = _clock()
            self._cache[key] = make()
            self.deadline += _clock() - t
        return self._cache[key]

    def units(self) -> Spans:
        """The paragraph units, (start, end) by index; their ``starts`` are an array, in order."""
        return self._shared("units", lambda: Spans(self.text))

    def sentences(self) -> SentenceTable:
        """The report's sentences (abbreviation-aware), computed once per document.

        A sequence of Sentences made when read; its ``starts`` and ``ends`` are
        arrays, which the kinds search instead of making lists of their own.
        """
        return self._shared("sentences", lambda: SentenceTable(self.text))

    def _too_slow(self, what: str):
        r = self.rule
        file, line = _split_source(r.meta.source)
        raise guard_error(TextRuleError, file, line, "checks.text_rule_pattern_timed_out",
                          rule=r.id, pattern=repr(what), path=self.doc.path)

    def finditer(self, pattern, text: str | None = None):
        """Matches in ``text``, or in the whole report one paragraph unit at a time.

        No match runs past the end of its unit, and positions stay offsets of
        the report text (look-behinds still see the text before a unit). The
        units are searched a window at a time: a match that would run into the
        next unit is found again within its own unit alone, and the window's
        search goes on after that unit. Each call has its own timeout.
        """
        rx = real(pattern.regex)
        try:
            if text is not None:
                if _clock() > self.deadline:
                    self._too_slow(pattern.source)
                options = regexcache.hint(rx)[0] if self.prefilter else None    # a sentence is searched whole
                if options:
                    low = _lowered(text)
                    if low is not None and not all(any(lit in low for lit in o) for o in options):
                        return
                yield from rx.finditer(text, timeout=MATCH_TIMEOUT)
                return
            text = self.text
            units = self.units()
            starts = units.starts
            searches = self._searches(rx)
            heads = self._heads(rx, searches)
            if heads is not None:
                yield from self._at_heads(rx, heads, pattern.source)
                return
            for ws, we, i0, i1, stop in searches:
                if _clock() > self.deadline:
                    self._too_slow(pattern.source)
                pos = ws
                while pos is not None:
                    nxt = None
                    for m in rx.finditer(text, pos, we, timeout=MATCH_TIMEOUT):
                        if m.start() >= stop:
                            break
                        u = bisect.bisect_right(starts, m.start(), i0, i1) - 1
                        ue = units[u][1]
                        if m.end() <= ue:
                            yield m
                            continue
                        yield from rx.finditer(text, m.start(), ue, timeout=MATCH_TIMEOUT)
                        nxt = ue if ue < stop else None
                        break
                    pos = nxt
        except TimeoutError:
            self._too_slow(pattern.source)

    def _at_heads(self, rx, heads: list, source: str):
        """`finditer` over the report for a pattern every match of which begins with one of its ``prefixes``:
        the windows' search (without the prefilter) done by trying only where one occurs.

        A window's search tries each position from where it stands; at a
        position where no such word begins no match does, so trying the next
        word's position with the same end (the window's) finds the match the
        window's search finds next, and whatever it does with a match that
        runs into the next unit is done the same way here. An attempt does not
        depend on where a search began (``^``, ``\\b`` and look-behinds read the
        report itself), and every match is at least a word long.
        """
        text, units, windows = self.text, self.units(), self.windows()
        starts, wstarts = units.starts, self._shared("window starts", lambda: [w[0] for w in windows])
        n, pos = len(starts), 0
        for p in heads:
            if p < pos:
                continue
            if _clock() > self.deadline:
                self._too_slow(source)
            we = windows[bisect.bisect_right(wstarts, p) - 1][1]
            m = rx.match(text, p, we, timeout=MATCH_TIMEOUT)
            if m is None:
                continue
            u = bisect.bisect_right(starts, p) - 1
            ue = starts[u + 1] if u + 1 < n else units.end
            if m.end() <= ue:
                yield m
                pos = m.end()
                continue
            yield from rx.finditer(text, p, ue, timeout=MATCH_TIMEOUT)
            pos = ue

    def search(self, rx, text: str, source: str = ""):
        if _clock() > self.deadline:
            self._too_slow(source or rx.pattern)
        try:
            return rx.search(text, timeout=MATCH_TIMEOUT)
        except TimeoutError:
            self._too_slow(source or rx.pattern)

    def allowed(self, contexts, start: int, end: int, window: int) -> bool:
        if _clock() > self.deadline:
            self._too_slow("allowed")
        try:
            return any(c.allows(self.text, start, end, window) for c in contexts)
        except TimeoutError:
            self._too_slow("allowed")

    def quote(self, start: int, end: int) -> str:
        return self.quote_text(self.text[start:end])

    @staticmethod
    def quote_text(text: str) -> str:
        q = " ".join(text.split())
        return q if len(q) <= QUOTE_MAX else q[: QUOTE_MAX - 1] + "…"

    def finding(self, key: str, start: int, end: int, **kw) -> "_Pending":
        """A finding of the running rule, made (worded, located, quoted) only if the report will show it."""
        return _Pending(key, start, end, kw)

    def made(self, pending: list) -> list[Finding]:
        """The running rule's findings; beyond MAX_PER_RULE + 1 only those the report shows, and one for the rest.

        The report keeps the first MAX_PER_RULE + 1 findings of a rule in its
        order (findings.cap_findings) and counts the rest in one finding. Text
        written to trigger a rule everywhere yields one finding every few
        characters; making each of them (its wording, position and quote) was
        most of the cost, so only the ones in front are made here: all those up
        to the position of the first one left out, then sorted as the report sorts.
        """
        keep = MAX_PER_RULE + 1
        if len(pending) <= keep:
            return [self._make(p) for p in pending]
        position = self.doc.position
        at = sorted((position(p.start), i) for i, p in enumerate(pending))
        cut = at[keep][0]
        head = sort_findings([self._make(pending[i]) for pos, i in at if pos <= cut])
        return head[:keep] + [omitted(head[keep], len(pending) - keep, self.lang)]

    def _make(self, p: "_Pending") -> Finding:
        return self._finding(p.key, p.start, p.end, **p.kw)

    def _finding(self, key: str, start: int, end: int, *, expected=None, actual=None, quote=None,
                 **values) -> Finding:
        r = self.rule
        line, col = self.doc.position(start)
        quote = self.quote(start, end) if quote is None else quote
        values = {"year": self.year, "quote": quote, "expected": expected, "actual": actual, **values}
        # The rule file's own wording if it has one, else the catalogue's; worded again by the report.
        template = r.message.get(self.lang) or r.message.get("id") if r.message else None
        return make(
            r.id, r.message if template else key, args=values, lang=self.lang, severity=r.meta.severity,
            title=r.meta.title_in(self.lang), family=r.meta.family, reference=r.meta.reference,
            dataset=self.dataset, location=Location(self.doc.path, line, col), quote=quote,
            expected=None if expected is None else _said(expected, self.lang),
            actual=None if actual is None else _said(actual, self.lang),
            wanted=expected if isinstance(expected, i18n.Value) else None,
            found=actual if isinstance(actual, i18n.Value) else None,
        )


class _Pending:
    """What a check kind found, before it is made into a Finding."""

    __slots__ = ("key", "start", "end", "kw")

    def __init__(self, key: str, start: int, end: int, kw: dict):
        self.key, self.start, self.end, self.kw = key, start, end, kw


def _said(value, lang: str) -> str:
    return value.words(lang) if isinstance(value, i18n.Value) else str(value)


def check_document(doc: Document, year: int, rules: list, *, dataset: str, lang: str = "id",
                   facts: dict | None = None, claims: list | None = None) -> list[Finding]:
    """Run text rules over one report; findings come in document order.

    ``facts`` optionally carries figures from the dataset's tables so the prose
    can be held against them: ``pagu_total``, ``realisasi_total`` (numbers),
    ``penandatangan_tanggal`` (a date or date text), and any key a rule names.
    ``claims``, a list, receives every claim the kinds recognised (``ledger.Claim``).
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError("year must be an int")
    ctx = _Ctx(doc, year, lang if lang in i18n.LANGS else "id", dict(facts or {}), dataset)
    ctx.claims = claims
    out: list[Finding] = []
    for rule in rules:
        if not rule.meta.enabled:
            continue
        ctx.start(rule)
        try:
            out.extend(ctx.made(KINDS[rule.check].run(rule, ctx)))
        except TextRuleError:
            raise
        except DeferredPatternError as e:
            # a built-in pattern compiled on first use (checks/rules.load_pack) that does not compile
            file, line = _split_source(rule.meta.source)
            raise guard_error(TextRuleError, file, line, "checks.text_rule_pattern_invalid", rule=rule.id,
                              problem=i18n.Said(e.key, **e.values)) from e
        except (ArithmeticError, ValueError, TypeError, IndexError, KeyError) as e:
            # A rule whose groups capture something unexpected must not end in a
            # traceback; the message names the rule so its author can fix it.
            file, line = _split_source(rule.meta.source)
            raise guard_error(TextRuleError, file, line, "checks.text_rule_failed", rule=rule.id, path=doc.path,
                              error=type(e).__name__, detail=str(e)) from e
    out.sort(key=lambda f: (f.location.line or 0, f.location.column or 0, f.rule))
    if claims is not None:
        claims.sort(key=lambda c: (c.line, c.column, c.rule))
    return out

