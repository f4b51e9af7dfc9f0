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
import re
import time

from lkjcheck import i18n
from lkjcheck.checks.text.kinds import KINDS
from lkjcheck.checks.text.params import MATCH_TIMEOUT, RULE_TIME_BUDGET, TextRuleError
from lkjcheck.checks.text.units import MAX_UNIT, SentenceTable, Spans
from lkjcheck.findings import MAX_PER_RULE, Finding, Location, make, omitted, sort_findings
from lkjcheck.read.guard import guard_error
from lkjcheck.read.textdoc import Document, offset_array
from lkjcheck.safety import regexcache
from lkjcheck.safety.literals import FOLDS_TO_ASCII
from lkjcheck.safety.regex import DeferredPatternError, real

QUOTE_MAX = 160
# The shortest word of a set of the prefilter after the first that is worth looking for to rule out more units.
MIN_NARROWING = 3
# "." or "," before a digit: where a sentence's text may close up a line break (units._join)
_FIGURE_JOIN = re.compile(r"[.,][0-9]")
# Set to 1 to search every paragraph with every pattern (no literal prefilter; the same findings, slower).
NO_PREFILTER_ENV = "LKJCHECK_NO_PREFILTER"


def _clock() -> float:
    # The rule budget counts the CPU this process spends, not the wall clock: on
    # a machine shared with other work (CI, a batch on two cores) the wall clock
    # also counts the others, and a correct rule must not fail because of them.
    # A pattern that backtracks without end is stopped by the per-call timeout.
    return time.process_time()


def _lowered(text: str) -> str | None:
    """`text` lower-cased, or None when a match could hold a character whose lower case is not the pattern's
    letter's (``safety.literals.FOLDS_TO_ASCII``) or lower case changes the text's length (U+0130)."""
    low = text.lower()
    if len(low) != len(text) or (not text.isascii() and any(c in text for c in FOLDS_TO_ASCII)):
        return None
    return low


def _split_source(source: str) -> tuple[str, int | None]:
    file, _, line = (source or "").rpartition(":")
    if not line.isdigit():
        return source or "<aturan>", None
    return file or "<aturan>", int(line)


class _Ctx:
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

    def windows(self) -> list:
        """Runs of whole units of at most MAX_UNIT characters (a longer unit alone): one regex call each.

        A call per paragraph cost more than the matching itself (a few
        microseconds each, for each pattern), and a text of one-word paragraphs
        made that the whole cost; a window holds many paragraphs and still
        bounds what one call (and its timeout) sees.
        """
        if "windows" not in self._cache:
            units = self.units()
            t = _clock()
            out, i = [], 0
            while i < len(units):
                j = i + 1
                while j < len(units) and units[j][1] - units[i][0] <= MAX_UNIT:
                    j += 1
                out.append((units[i][0], units[j - 1][1], i, j))
                i = j
            self._cache["windows"] = out
            self.deadline += _clock() - t
        return self._cache["windows"]

    def _searches(self, rx) -> list:
        """(from, to, first unit, end unit, stop) of each regex call over the report: a match starting at or
        after ``stop`` is not looked at.

        Without a prefilter these are the windows. With one (``safety.literals``:
        every match holds one of the pattern's literals, lower-cased) only units
        whose lower-cased text holds one are searched: a unit without one holds
        no match, and the window's search would only have stepped over it.
        Where the pattern allows (``ends``), each run of such units is searched
        alone, ending where no attempt begun in the run can tell the cut from
        the window (see ``analyse``) and read on as far as its tests look
        (``reach``); else from the window's first such unit to its end. Either
        way the matches are those of the window's search, in its order.
        """
        options, reach, ends = regexcache.hint(rx) if self.prefilter else (None, None, None)
        low = self._shared("lowered", lambda: _lowered(self.text)) if options else None
        if low is None:
            return self._whole_windows()
        # Counting the words in the text to pick the rarest set cost more (a pass over the text for each) than it
        # saved; the longest shortest word goes first.
        key = ("searches", tuple(map(tuple, options)), reach, ends)
        if key not in self._cache:
            self._cache[key] = self._runs(low, options, reach, ends)
        return self._cache[key]

    def _whole_windows(self) -> list:
        """`_searches` without a prefilter: every window, each searched to its end."""
        if "whole windows" not in self._cache:
            self._cache["whole windows"] = [(ws, we, i0, i1, we) for ws, we, i0, i1 in self.windows()]
        return self._cache["whole windows"]

    def _marked(self, low: str, lits, holding_of=None) -> set | None:
        """The units (or lines) holding one of `lits`, or None when one of them is in so many that it says little."""
        marked: set = set()
        for lit in lits:
            holding = (holding_of or self._holding)(low, lit)
            if holding is None:
                return None
            marked.update(holding)
        return marked

    def _holding(self, low: str, lit: str):
        """The units whose lower-cased text holds `lit`, in order (patterns share their words), or None when so
        many do that searching everything is the cheaper."""
        key = ("holding", lit)
        if key not in self._cache:
            starts = self.units().starts
            n, out = len(starts), offset_array(len(starts))
            # A hit costs about a microsecond and the engine's walk some 30 ns
            # a character, so a word in a unit of every few hundred characters
            # saves little; past that (a text of one-word paragraphs) the lists
            # kept for every word would also grow with the text.
            most = len(low) // 512 + 128
            at = low.find(lit)
            while at >= 0:
                u = bisect.bisect_right(starts, at) - 1
                out.append(u)
                if len(out) > most:
                    out = None
                    break
                at = low.find(lit, starts[u + 1]) if u + 1 < n else -1     # a hit marks its unit: go on after it
            self._cache[key] = out
        return self._cache[key]

    def _lines_holding(self, low: str, lit: str):
        """The starts of the lines whose lower-cased text holds `lit` (a word of a pattern no match of which holds
        a line break), in order, or None when so many do that the units' marks are the cheaper."""
        key = ("lines holding", lit)
        if key not in self._cache:
            out, most = [], len(low) // 256 + 128
            at = low.find(lit)
            while at >= 0:
                out.append(low.rfind("\n", 0, at) + 1)
                if len(out) > most:
                    out = None
                    break
                br = low.find("\n", at + len(lit))
                at = low.find(lit, br + 1) if br >= 0 else -1     # a hit marks its line: go on after it
            self._cache[key] = out
        return self._cache[key]

    def _line_runs(self, lines: list, reach) -> list:
        """`_searches` for a pattern no match of which holds a line break, from the starts of the lines that may
        hold one: each run of such lines is searched alone, within its window, to the line break that ends it
        and as far past as its tests read (a match lies in one line, and the window's search, which no match
        carries across a line break, reaches the run's first line at or before its start)."""
        text, starts, windows = self.text, self.units().starts, self.windows()
        wstarts = [w[0] for w in windows]
        out, i = [], 0
        while i < len(lines):
            a = lines[i]
            br = text.find("\n", a)
            b = len(text) if br < 0 else br + 1
            i += 1
            while i < len(lines) and lines[i] == b:
                br = text.find("\n", b)
                b = len(text) if br < 0 else br + 1
                i += 1
            w = max(bisect.bisect_right(wstarts, a) - 1, 0)
            while w < len(windows) and windows[w][0] < b:
                ws, we = windows[w][0], windows[w][1]
                s, e = max(a, ws), min(b, we)
                out.append((s, min(we, e + reach[0]), bisect.bisect_right(starts, s) - 1,
                            bisect.bisect_left(starts, e), e))
                w += 1
        return out

    def _runs(self, low: str, options, reach, ends) -> list:
        if ends == "line":
            lines = self._marked(low, options[0], self._lines_holding)
            if lines is not None:
                for lits in options[1:]:
                    if lines and min(map(len, lits)) >= MIN_NARROWING:
                        also = self._marked(low, lits, self._lines_holding)
                        if also is not None:
                            lines &= also
                return self._line_runs(sorted(lines), reach)
        units = self.units()
        text = self.text
        marked = self._marked(low, options[0])
        if marked is None:
            return self._whole_windows()
        # Every match holds a word of each set, within its unit: a unit must hold one of every set. Sets of
        # short words (a year's "19", "20") are in nearly every unit and would cost a pass for little.
        for lits in options[1:]:
            if marked and min(map(len, lits)) >= MIN_NARROWING:
                also = self._marked(low, lits)
                if also is not None:
                    marked &= also
        found = sorted(marked)
        out, k = [], 0
        blanks = "\n" if ends == "newline" else " \t\n"      # what the units of a run must end with
        for _ws, we, i0, i1 in self.windows():
            k = bisect.bisect_left(found, i0, k)
            if k == len(found) or found[k] >= i1:
                continue
            first, runs = found[k], ([] if ends else None)
            while runs is not None and k < len(found) and found[k] < i1:
                a = b = found[k]
                while k < len(found) and found[k] == b < i1:
                    b, k = b + 1, k + 1
                end = units[b - 1][1]
                if ends == "line":
                    while end < we and text[end - 1] != "\n" and text[end] != "\n":
                        b, end = b + 1, units[b][1]     # a unit cut inside a line: on to a line break
                    k = bisect.bisect_left(found, b, k)
                elif any(e < we and text[e - 1] not in blanks for e in (units[i][1] for i in range(a, b))):
                    runs = None                         # a unit cut inside a paragraph: the whole window
                    break
                to = end
                if reach is not None:
                    to = end + reach[0]
                    if reach[1]:
                        br = text.find("\n", end, we)
                        to = max(to, we if br < 0 else br + 1)
                runs.append((units[a][0], min(we, to), a, b, end))
            if runs is None:
                out.append((units[first][0], we, first, i1, we))
                k = bisect.bisect_left(found, i1, k)
            else:
                out.extend(runs)
        return out

    def sentences(self) -> SentenceTable:
        """The report's sentences (abbreviation-aware), computed once per document.

        A sequence of Sentences made when read; its ``starts`` and ``ends`` are
        arrays, which the kinds search instead of making lists of their own.
        """
        return self._shared("sentences", lambda: SentenceTable(self.text))

    def sentences_for(self, patterns):
        """The sentences, in order, whose text may hold a match of one of `patterns` (each searched in a sentence's
        text by `finditer`); the others, which it would search in vain, are skipped before their text is made."""
        sents = self.sentences()
        keep = self._sentences_holding(patterns)
        return iter(sents) if keep is None else (sents[k] for k in keep)

    def _sentences_holding(self, patterns) -> list | None:
        """Indices of the sentences `sentences_for` keeps, or None for all of them.

        A sentence's text is its span with each line break (and the blanks
        around it) made one space, or nothing where a figure broken at the line
        end is rejoined (``units._join``): a word of the prefilter with no
        blank and no "." or "," before a digit in it is therefore in that text
        only if it is in the span. The words are looked for in the lower-cased
        report; a sentence whose span holds no word of one such set of a
        pattern is one `finditer`'s own check would pass over.
        """
        rxs = [real(p.regex) for p in patterns]
        key = ("sentences for", tuple((rx.pattern, rx.flags) for rx in rxs))
        if key in self._cache:
            return self._cache[key]
        low = self._shared("lowered", lambda: _lowered(self.text)) if self.prefilter else None
        keep: set | None = set() if low is not None else None
        for rx in rxs:
            if keep is None:
                break
            found = None
            for lits in regexcache.hint(rx)[0] or ():
                if any(" " in lit or _FIGURE_JOIN.search(lit) for lit in lits):
                    continue                    # a word that may be made by a join: the span may lack it
                holding: set = set()
                for lit in lits:
                    got = self._sentences_with(low, lit)
                    if got is None:
                        holding = None
                        break
                    holding |= got
                if holding is not None:
                    found = holding if found is None else found & holding
            keep = None if found is None else keep | found
        out = None if keep is None else sorted(keep)
        self._cache[key] = out
        return out

    def _sentences_with(self, low: str, lit: str):
        """The indices of the sentences whose span's lower-cased text holds `lit`, or None when so many do that
        checking each sentence is the cheaper."""
        key = ("sentences with", lit)
        if key not in self._cache:
            sents = self.sentences()
            starts, ends = sents.starts, sents.ends
            most, out, width = len(starts) // 8 + 64, set(), len(lit)
            at = low.find(lit)
            while at >= 0:
                k = bisect.bisect_right(starts, at) - 1
                if k >= 0 and at + width <= ends[k]:
                    out.add(k)
                    if len(out) > most:
                        out = None
                        break
                    at = low.find(lit, ends[k])     # a hit marks its sentence: go on after it
                else:
                    at = low.find(lit, at + 1)
            self._cache[key] = out
        return self._cache[key]

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
            for ws, we, i0, i1, stop in self._searches(rx):
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

