"""Where `_Ctx.finditer` searches (the literal prefilter's plan) and which sentences a sentence kind reads.

The reasoning that makes each cut safe is in ``safety/literals.py``; what the
plan is: runs of the paragraph units (or, for a pattern no match of which
holds a line break, of the lines) that hold the words every match holds,
each searched as far as the pattern's tests look. A mixin of the check's
context (``check._Ctx``): it reads ``text``, ``units()``, ``sentences()``,
``prefilter``, ``_cache`` and ``_shared``.
"""
from __future__ import annotations

import bisect
import re
import time

from lkjcheck.checks.text.units import MAX_UNIT
from lkjcheck.read.textdoc import offset_array
from lkjcheck.safety import regexcache
from lkjcheck.safety.literals import FOLDS_TO_ASCII
from lkjcheck.safety.regex import real

# The shortest word of a set of the prefilter after the first that is worth looking for to rule out more units.
MIN_NARROWING = 2
# "." or "," before a digit: where a sentence's text may close up a line break (units._join)
_FIGURE_JOIN = re.compile(r"[.,][0-9]")


def _clock() -> float:
    # The rule budget counts the CPU this process spends, not the wall clock: on
    # a machine shared with other work (CI, a batch on two cores) the wall clock
    # also counts the others, and a correct rule must not fail because of them.
    # A pattern that backtracks without end is stopped by the per-call timeout.
    return time.process_time()


# A pattern whose searches cover fewer characters than this is searched: trying it at each word is for the rest.
HEADS_FROM = 8_000
# Tried at each word only if the words occur less often than once in this many characters of the searches.
HEADS_EVERY = 100


def _lowered(text: str) -> str | None:
    """`text` lower-cased, or None when a match could hold a character whose lower case is not the pattern's
    letter's (``safety.literals.FOLDS_TO_ASCII``) or lower case changes the text's length (U+0130)."""
    low = text.lower()
    if len(low) != len(text) or (not text.isascii() and any(c in text for c in FOLDS_TO_ASCII)):
        return None
    return low


class Searches:
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

    def _narrowed(self, low: str, marked: set, options, span, kind: str) -> set:
        """`marked` (units, or starts of lines) less those that lack a word of one of the other sets `options`
        requires: every match holds one of each, within its unit (its line). Each word is looked for only in
        the pieces still marked (`span` gives a piece's bounds), unless the report was searched for it already
        (`kind`: the key of those searches); a set with a one-letter word (the "t" of "T.A.") is in nearly
        every piece and is passed over."""
        for lits in options[1:]:
            if not marked or min(map(len, lits)) < MIN_NARROWING:
                continue
            known = [self._cache.get((kind, lit)) for lit in lits]
            if all(k is not None for k in known):
                marked = marked & set().union(*known)
                continue
            keep = set()
            for i in marked:
                a, b = span(i)
                if any(low.find(lit, a, b) >= 0 for lit in lits):
                    keep.add(i)
            marked = keep
        return marked

    def _runs(self, low: str, options, reach, ends) -> list:
        if ends == "line":
            lines = self._marked(low, options[0], self._lines_holding)
            if lines is not None:
                def line(a):
                    br = low.find("\n", a)
                    return a, (len(low) if br < 0 else br)
                return self._line_runs(sorted(self._narrowed(low, lines, options, line, "lines holding")), reach)
        units = self.units()
        text = self.text
        marked = self._marked(low, options[0])
        if marked is None:
            return self._whole_windows()
        found = sorted(self._narrowed(low, marked, options, units.__getitem__, "holding"))
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

    def _heads(self, rx, searches) -> list | None:
        """Where in the report a match of `rx` may begin, in order: each place one of its ``literals.prefixes``
        occurs (lower-cased); None where searching is the cheaper (the plan covers little of the report, or the
        words are everywhere) or the words are not known."""
        covered = sum(s[4] - s[0] for s in searches) if self.prefilter else 0
        if covered < HEADS_FROM:
            return None
        key = ("heads", rx.pattern, rx.flags)
        if key not in self._cache:
            self._cache[key] = None
            low = self._shared("lowered", lambda: _lowered(self.text))
            words = regexcache.heads(rx) if low is not None else None
            if words:
                # an attempt costs about what the engine's walk over some 50-100 characters does (measured on the seed)
                out, most = set(), covered // HEADS_EVERY
                for word in words:
                    at = low.find(word)
                    while at >= 0 and len(out) <= most:
                        out.add(at)
                        at = low.find(word, at + 1)
                if len(out) <= most:
                    self._cache[key] = sorted(out)
        return self._cache[key]

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
                if found is not None:
                    # the sentences still kept are few: each is looked at for this set's words
                    starts, ends = self.sentences().starts, self.sentences().ends
                    found = {k for k in found if any(low.find(lit, starts[k], ends[k]) >= 0 for lit in lits)}
                    continue
                holding: set = set()
                for lit in lits:
                    got = self._sentences_with(low, lit)
                    if got is None:
                        holding = None
                        break
                    holding |= got
                found = holding
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
            most, out, width, steps = len(starts) // 8 + 64, set(), len(lit), 0
            at = low.find(lit)
            while at >= 0:
                steps += 1
                if steps > 2 * most:            # hits that run over a sentence's end, again and again
                    out = None
                    break
                k = bisect.bisect_right(starts, at) - 1
                if k >= 0 and at + width <= ends[k]:
                    out.add(k)
                    at = low.find(lit, ends[k])     # a hit marks its sentence: go on after it
                else:
                    at = low.find(lit, at + 1)
            self._cache[key] = out
        return self._cache[key]
