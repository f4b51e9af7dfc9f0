"""What text every match of a pattern must contain, read from the pattern itself.

Why: most text-rule patterns begin with a word list such as
``\\b(?:naik|kenaikan|turun)\\b`` under IGNORECASE, which gives the ``regex``
engine no literal to jump to, so it tries every position of the report, for
every pattern. A paragraph whose lower-cased text holds none of the words
cannot hold a match; ``str.find`` on the lower-cased report rules such
paragraphs out far faster than the engine walks them
(``checks/text/check.py``, docs/architecture.md "Literal prefilter").

`analyse` answers three questions about a pattern:

- ``literals``: sets of ASCII strings, lower case, such that every match
  contains one of each set (lower-cased), the likeliest to be rare first;
  None when no such set was found;
- ``reach``: how far past the position where a zero-width test (``\\b``,
  ``$``, a look-ahead) is made that test may read: ``(chars, line)``, at most
  ``chars`` characters, or up to the first line break when ``line`` (a
  look-ahead that cannot match a line break, such as ``(?=[ \\t]+[.,])``);
  None when it has no bound;
- ``ends``: where a search of a run of paragraphs may be cut and still find
  what the window's search finds (None: only at the window's end).

Why a cut can change nothing. The search ends at the cut plus ``reach``, so
an attempt begun in the run along a way that does not pass the cut reads
what it reads in the window. Only a way that passes the cut differs; if it
succeeds the window's search finds that match again inside its own unit
alone (``checks/text/check.py``), with the text ending at the unit's end. So
the two searches can differ only (1) if some way passes the cut, and (2) a
test then answers differently at a unit's end than in the whole text.

- ``"line"``: no match can hold a line break and the cut is at one, so (1)
  cannot happen.
- ``"blank"``: every test that looks ahead (``\\b``, ``$``, a look-ahead)
  either is made at the attempt's start or right after a character that is
  not blank (a look-ahead then matching no blank), or is followed in the
  pattern by at least as many characters as it reads; a unit ends in blanks
  (every unit but one cut for length, which the caller checks), so no test
  an attempt that stays in its unit makes is made at the unit's end or reads
  past it: (2) cannot happen. ``"newline"``: the same, where a look-ahead
  reads to the next line break, which must then end the unit.

The pattern is read with the standard library's parser (``re._parser``). It
reads the syntax the two packages share the same way; where ``regex`` has
syntax of its own, ``re`` either refuses it (then: no literals) or reads it
as something else, and each such case we know of is refused here: nested and
set-operation classes (a FutureWarning from ``re``), fuzzy counts and spaced
counts (``{e<=1}``, ``{ 2 }``, which ``re`` reads as the literal text, so a
literal ``{`` is refused), and the verbose, full-case, word and version-1 modes.
"""
from __future__ import annotations

import re
import warnings

try:
    from re import _constants as _c
    from re import _parser as _sre
except ImportError:                     # Python before 3.11
    import sre_constants as _c          # type: ignore[no-redef]
    import sre_parse as _sre            # type: ignore[no-redef]

# Non-ASCII characters ``regex`` (IGNORECASE, simple case folding) matches to
# an ASCII character whose lower case their own ``str.lower()`` is not: in a
# text holding one, a lower-cased search could miss a match, so such a text is
# searched without the prefilter. tests/test_text_prefilter.py derives the set
# from every code point with the installed ``regex`` and checks it is this one.
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f")

# Kept with each hint in the regex cache: a hint made by another way of reading patterns is made again.
VERSION = 5
# A set of more literals than this costs more in ``str.find`` passes than it saves.
MAX_LITERALS = 24
# Requirements kept of one pattern: which is the rarest depends on the text (check._Ctx._searches counts them).
MAX_OPTIONS = 3

# an (?s) or (?s:...) anywhere (or what looks like one) counts for the whole pattern
_SCOPED_S = re.compile(r"\(\?[a-zA-Z-]*s")
_NONE = (0, False)          # reads nothing past the position
_LINE_BREAK = 10


class _Refuse(Exception):
    """The pattern uses syntax ``re`` may read differently from ``regex``."""


def analyse(pattern: str, flags: int) -> tuple[list[str] | None, tuple[int, bool] | None, str | None]:
    """(literals, reach, ends) of `pattern` compiled with `flags` (``regex`` flags); see the module's text."""
    import regex

    # WORD makes other characters line breaks too
    if flags & (regex.VERBOSE | regex.FULLCASE | regex.VERSION1 | regex.WORD):
        return None, None, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = _sre.parse(pattern, 0)
        if tree.state.flags & _c.SRE_FLAG_VERBOSE:
            return None, None, None
        walk = _Walk(bool(flags & regex.DOTALL or tree.state.flags & _c.SRE_FLAG_DOTALL or _SCOPED_S.search(pattern)))
        req, _width, reach, breaks, _passes = walk.sequence(tree.data, walk.options)
        ends = _ends(tree, walk, breaks, reach)
    except Exception:       # anything re refuses, warns about or we do not follow (_Refuse): no prefilter
        return None, None, None
    options = sorted({o for o in walk.options if o and len(o) <= MAX_LITERALS}, key=lambda o: (_rank(o), sorted(o)),
                     reverse=True)
    return ([sorted(o) for o in options[:MAX_OPTIONS]] or None), reach, ends


def prefixes(pattern: str, flags: int) -> list[str] | None:
    """ASCII strings, lower case, one of which every match of `pattern` begins with (lower-cased), or None.

    Read as `analyse` reads a pattern, and refused where it refuses: the
    zero-width tests that open a pattern (``\\b``, ``^``, look-arounds) are
    passed over, and a match then begins with a literal run, or with one of
    each alternative's, or with a repeated body's if it is repeated at least
    once; anything else (a class, an optional part, a back-reference) gives
    None. A match begins where one of them occurs in the lower-cased text, so
    those are the only places `check._Ctx.finditer` need try.
    """
    import regex

    if flags & (regex.VERBOSE | regex.FULLCASE | regex.VERSION1 | regex.WORD | regex.REVERSE | regex.BESTMATCH
                | regex.ENHANCEMATCH | regex.POSIX):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = _sre.parse(pattern, 0)
        if tree.state.flags & _c.SRE_FLAG_VERBOSE:
            return None
        _Walk(False).sequence(tree.data)        # refuses what re may read otherwise than regex (a literal "{")
        heads = _heads(list(tree.data))
    except Exception:
        return None
    if not heads or len(heads) > MAX_LITERALS:
        return None
    return sorted(heads)


def _heads(items):
    """The strings one of which every match of the parsed sequence `items` begins with, or None."""
    for i, (op, av) in enumerate(items):
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            continue                                # reads, but consumes nothing
        if op is _c.LITERAL:
            run = []
            for op2, av2 in items[i:]:
                if op2 is not _c.LITERAL or av2 >= 128:
                    break
                run.append(chr(av2).lower())
            return frozenset(["".join(run)]) if run else None
        if op is _c.SUBPATTERN:
            return _heads(list(av[-1].data))
        if op is _c.ATOMIC_GROUP:
            return _heads(list(av.data))
        if op is _c.BRANCH:
            parts = [_heads(list(alt.data)) for alt in av[1]]
            if not all(parts):
                return None
            heads = set().union(*parts)
            # a string another one begins says nothing more (not _union: "ab" is in "xab", but "xab" does not begin so)
            return frozenset(x for x in heads if not any(y != x and x.startswith(y) for y in heads))
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            lo, _hi, body = av
            return _heads(list(body.data)) if lo >= 1 else None
        return None
    return None


def _rank(a):
    # the longer shortest literal, then the fewer literals
    return min(map(len, a)), -len(a)


def _best(a, b):
    """The more selective of two requirements, by their text alone."""
    if a is None:
        return b
    if b is None:
        return a
    return a if _rank(a) >= _rank(b) else b


def _union(parts):
    """Every alternative's requirement together, without a literal that holds another one."""
    lits = set().union(*parts)
    return frozenset(x for x in lits if not any(y != x and y in x for y in lits))


def _add(a, b):
    return None if a is None or b is None else a + b


def _wider(a, b):
    return None if a is None or b is None else max(a, b)


def _farther(a, b):
    """The reach of two tests together."""
    return None if a is None or b is None else (max(a[0], b[0]), a[1] or b[1])


# Which of tab, line break and space each class category holds (the others: unsure).
_CATEGORY_HOLDS = {
    "CATEGORY_SPACE": {9, 10, 32}, "CATEGORY_NOT_DIGIT": {9, 10, 32}, "CATEGORY_NOT_WORD": {9, 10, 32},
    "CATEGORY_LINEBREAK": {10}, "CATEGORY_NOT_LINEBREAK": {9, 32},
    "CATEGORY_DIGIT": set(), "CATEGORY_WORD": set(), "CATEGORY_NOT_SPACE": set(),
}
_BLANKS = (9, 10, 32)


def _class_may(items, ch: int) -> bool:
    """Whether a ``[...]`` class may match the character `ch` (tab, line break or space; when unsure: yes)."""
    negate, has, unsure = False, False, False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            has = has or av == ch
        elif op is _c.RANGE:
            has = has or av[0] <= ch <= av[1]
        elif op is _c.CATEGORY and str(av) in _CATEGORY_HOLDS:
            has = has or ch in _CATEGORY_HOLDS[str(av)]
        else:
            unsure = True
    return not has if negate else (has or unsure)


def _class_breaks(items) -> bool:
    return _class_may(items, _LINE_BREAK)


class _Walk:
    def __init__(self, dotall: bool):
        self.dotall = dotall        # a dot matches a line break
        self.options: list = []     # every requirement of the whole pattern's own items

    def sequence(self, items, options: list | None = None):
        """(requirement, widest match, reach, may match a line break, may read past one it matched) of a
        sequence of parsed items."""
        req, run = None, []
        width, reach, breaks, passes = 0, _NONE, False, False

        def flush():
            nonlocal req, run
            if run:
                req = _best(req, frozenset(["".join(run)]))
                if options is not None:
                    options.append(frozenset(["".join(run)]))
                run = []

        for op, av in items:
            if op is _c.LITERAL:
                if av == ord("{"):
                    raise _Refuse()          # regex's fuzzy or spaced counts, which re reads as text
                if av < 128:
                    run.append(chr(av).lower())
                else:
                    flush()
                width = _add(width, 1)
                passes = passes or breaks
                breaks = breaks or av == _LINE_BREAK
                continue
            flush()
            r, w, z, b, pa = self.item(op, av)
            req = _best(req, r)
            if options is not None and r:
                options.append(r)
            width = _add(width, w)
            reach = _farther(reach, z)
            passes = passes or breaks or pa
            breaks = breaks or b
        flush()
        return req, width, reach, breaks, passes

    def item(self, op, av):
        """What `sequence` tells, of one parsed item other than a literal."""
        if op is _c.NOT_LITERAL:
            return None, 1, _NONE, av != _LINE_BREAK, False
        if op is _c.ANY:
            return None, 1, _NONE, self.dotall, False
        if op is _c.IN:
            return None, 1, _NONE, _class_breaks(av), False
        if op is _c.AT:
            return None, 0, (1, False), False, False      # \b, $, ^ look at the character at the position
        if op is _c.SUBPATTERN:
            if av[1] & _c.SRE_FLAG_VERBOSE:
                raise _Refuse()
            return self.sequence(av[-1].data)
        if op is _c.ATOMIC_GROUP:
            return self.sequence(av.data)
        if op is _c.BRANCH:
            parts = [self.sequence(alt.data) for alt in av[1]]
            width, reach = _joined(parts)
            reqs = [p[0] for p in parts]
            return ((_union(reqs) if all(reqs) else None), width, reach, any(p[3] for p in parts),
                    any(p[4] for p in parts))
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            lo, hi, body = av
            r, w, z, b, pa = self.sequence(body.data)
            total = (None if w != 0 else 0) if hi is _c.MAXREPEAT or w is None else hi * w
            # a copy after one that matched a line break reads past it
            return (r if lo >= 1 else None), total, z, b, pa or (b and (hi is _c.MAXREPEAT or hi > 1))
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, body = av
            _r, w, z, _b, pa = self.sequence(body.data)
            if direction != 1:
                return None, 0, z, False, False     # a look-behind reads before the position, but for its own tests
            return None, 0, _ahead(w, z, pa), False, False
        if op is _c.GROUPREF_EXISTS:
            _group, yes, no = av
            parts = [self.sequence(yes.data)] + ([self.sequence(no.data)] if no is not None else [])
            width, reach = _joined(parts)
            return None, width, reach, any(p[3] for p in parts), any(p[4] for p in parts)
        if op is _c.GROUPREF:
            return None, None, _NONE, True, True
        raise _Refuse()                      # an item we do not know: no prefilter


def _joined(parts):
    """The widest match and the reach of alternatives."""
    width, reach = 0, _NONE
    for _r, w, z, _b, _pa in parts:
        width, reach = _wider(width, w), _farther(reach, z)
    return width, reach


def _ahead(width, reach, passes):
    """The reach of a look-ahead whose body matches at most `width` characters, whose own tests reach `reach`
    and which may (`passes`) read past a line break it matched."""
    if reach is None:
        return None
    if width is not None:
        # its tests are at most `width` characters on; one that stops at a line break must not be past one
        return None if reach[1] and passes else (width + reach[0], reach[1])
    if passes or reach[0] > 1:
        return None
    # it reads up to the first line break at most (a test there reads that character)
    return (0, True)


class _Unsafe(Exception):
    """A test that may see the end of a paragraph."""


# the tests that look only behind the position
_BACK_AT = {"AT_BEGINNING", "AT_BEGINNING_LINE", "AT_BEGINNING_STRING"}


def _ends(tree, walk: "_Walk", breaks: bool, reach) -> str | None:
    if not breaks and reach is not None:
        return "line"
    guard = _Guard(tree.state, walk)
    try:
        guard.walk(tree.data, True, "top", 0)
    except _Unsafe:
        return None
    return "newline" if guard.newline else "blank"


def _blind(op, av) -> bool:
    """Whether a character item cannot match a tab, a line break or a space."""
    if op is _c.LITERAL:
        return av not in _BLANKS
    if op is _c.IN:
        return not any(_class_may(av, ch) for ch in _BLANKS)
    return False


class _Guard:
    """Whether a test may be made at a paragraph's end (or read past it) by a match attempt that stays inside.

    A forward test is safe where it comes first or right after a character
    that is not blank (`after`), for no paragraph ends so, or where what
    follows it in the pattern is at least as long as what it reads (`tail`,
    the shortest the rest of the pattern matches): the attempt then reads no
    further than it goes, and an attempt that goes past the paragraph's end is
    found again in its unit alone by both searches alike.
    """

    def __init__(self, state, walk: "_Walk"):
        self.state, self.reader = state, walk
        # a look-ahead that reads to the next line break is safe only where paragraphs end with one
        self.newline = False

    def shortest(self, items) -> int:
        return _sre.SubPattern(self.state, list(items)).getwidth()[0]

    def walk(self, items, after: bool, mode: str, tail: int) -> bool:
        """Walk `items` in `mode` ("top", "ahead": a look-ahead's body, where every item must be blind;
        "behind": a look-behind's body); return `after` for the position after them. Raises _Unsafe."""
        widths = [self.shortest([item]) for item in items]
        for i, (op, av) in enumerate(items):
            rest = sum(widths[i + 1:]) + tail
            if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
                after = _blind(op, av)
                if mode == "ahead" and not after:
                    raise _Unsafe()
            elif op is _c.AT:
                if mode == "top" and str(av) not in _BACK_AT and not after and rest < 1:
                    raise _Unsafe()
            elif op is _c.SUBPATTERN:
                after = self.walk(av[-1].data, after, mode, rest)
            elif op is _c.ATOMIC_GROUP:
                after = self.walk(av.data, after, mode, rest)
            elif op is _c.BRANCH:
                after = all([self.walk(alt.data, after, mode, rest) for alt in av[1]])
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
                lo, _hi, body = av
                # a second copy starts where the first ended
                again = self.walk(body.data, after and self.walk(body.data, after, mode, rest), mode, rest)
                after = again if lo >= 1 else after and again
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                self.look(av, after, mode, rest)
            elif op is _c.GROUPREF_EXISTS:
                _group, yes, no = av
                after = all([self.walk(b.data, after, mode, rest) for b in (yes, no) if b is not None]) and (
                    no is not None or after)
            else:                                # a back-reference, or what we do not know
                raise _Unsafe()
        return after

    def look(self, av, after: bool, mode: str, rest: int) -> None:
        direction, body = av
        if direction != 1:
            # reads before its position, which is inside the attempt when the attempt goes on past it
            if mode == "top" and not after and rest < 1:
                raise _Unsafe()
            self.walk(body.data, True, "behind", 0)
            return
        if mode == "behind":
            raise _Unsafe()
        if mode == "top":
            _r, w, z, _b, pa = self.reader.sequence(body.data)
            far = _ahead(w, z, pa)
            if far is not None and rest >= max(far[0], 1):
                self.newline = self.newline or far[1]
                return                           # reads no further than the attempt goes
            if not after:
                raise _Unsafe()
        self.walk(body.data, True, "ahead", 0)
