"""Compiling a regular expression from a rule file without letting it exhaust the machine.

Matching is bounded by the ``regex`` package's timeout, but compiling is not:
the compiler unrolls counted repetitions, so ``(?:a{3000}){3000}`` (17
characters) becomes nine million nodes, gigabytes and seconds before a single
row is matched. Before ``regex.compile`` sees a pattern we therefore estimate
the size it unrolls to, the product of the counts of nested repetitions times
what they repeat, and refuse a pattern above `MAX_UNROLLED`. The estimate reads
the pattern's own syntax (escapes, classes, groups, ``{m,n}``) and is an upper
bound of what the compiler builds, so a pattern it accepts compiles in
milliseconds.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar

from lkjcheck.errors import Keyed
from lkjcheck.i18n import Figure

# Unrolled size of one pattern: the built-in pack's largest is under 2 000;
# 100 000 compiles in about 0.05 s and a few MB.
MAX_UNROLLED = 100_000
# A single count above this is refused however small what it repeats.
MAX_COUNT = 10_000
# Patterns one rule pack may compile in total: a pack of many rules, each
# within the bounds, still may not unroll without end.
MAX_PACK_UNROLLED = 2_000_000

_COUNT = r"\{\s*(\d*)\s*(?:,\s*(\d*)\s*)?\}"


class PatternTooBig(Keyed, ValueError):
    """A pattern whose compiled form would be unreasonably large: a catalogue key (lkjcheck/messages/safety.yaml)
    and its values, worded in both languages by `msg_id` and `msg_en`."""

    def __init__(self, key: str, /, **values):
        self.key, self.values = key, values
        super().__init__(self.msg_en)


def unrolled_size(pattern: str) -> int:
    """An upper bound of the number of nodes the compiler makes of `pattern`."""
    # Each open group has [size so far, size of its last item]; the last item
    # is what a following quantifier multiplies.
    stack = [[0, 0]]
    i, n = 0, len(pattern)
    counted = re.compile(_COUNT)    # here, not at import: with the measures cached (regexcache.shape), seldom needed
    while i < n:
        ch = pattern[i]
        top = stack[-1]
        if ch == "\\":
            i += 2
            # \p{...}, \N{...}, \x{...} and \g<...> are one item however long.
            if i <= n and pattern[i - 1:i] in ("p", "P", "N", "x", "g") and i < n and pattern[i] in "{<":
                close = pattern.find("}" if pattern[i] == "{" else ">", i)
                i = n if close < 0 else close + 1
            top[0] += 1
            top[1] = 1
            continue
        if ch == "[":
            i = _after_set(pattern, i)
            top[0] += 1
            top[1] = 1
            continue
        if ch == "(":
            stack.append([0, 0])
            i += 1
            continue
        if ch == ")":
            if len(stack) > 1:
                inner = stack.pop()[0] + 1
                stack[-1][0] += inner
                stack[-1][1] = inner
            i += 1
            continue
        if ch == "{":
            m = counted.match(pattern, i)
            if m:
                lo, hi = m.group(1), m.group(2)
                count = max(int(lo or 0), int(hi or 0) if hi else 0, 1)
                if len(str(count)) > 6 or count > MAX_COUNT:
                    raise PatternTooBig("safety.repetition_above", group=m.group(0), max_count=Figure(MAX_COUNT))
                # The item is already counted once; the rest of its copies are added.
                top[0] += top[1] * (count - 1)
                top[1] *= count
                if top[0] > MAX_UNROLLED:
                    raise _too_big()
                i = m.end()
                continue
        if ch == "|":
            top[1] = 0
            top[0] += 1
            i += 1
            continue
        top[0] += 1
        top[1] = 1 if ch not in "*+?" else top[1]
        i += 1
    total = sum(level[0] for level in stack) + len(stack) - 1
    if total > MAX_UNROLLED:
        raise _too_big()
    return total


def _after_set(pattern: str, i: int) -> int:
    """Where the ``[...]`` set opening at `i` ends (a leading ``]`` or ``^]`` is a member, as is an escape)."""
    n = len(pattern)
    j = i + 1
    if j < n and pattern[j] == "^":
        j += 1
    if j < n and pattern[j] == "]":
        j += 1
    while j < n and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _too_big() -> PatternTooBig:
    return PatternTooBig("safety.pattern_too_large_once_its", max_unrolled=Figure(MAX_UNROLLED))


class CompileBudget:
    """What one rule pack may still unroll; shared by every pattern the pack compiles."""

    def __init__(self, total: int = MAX_PACK_UNROLLED):
        self.left = total

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise PatternTooBig("safety.patterns_rule_pack_together_exceed",
                                max_pack_unrolled=Figure(MAX_PACK_UNROLLED))


_DEFAULT_BUDGET = CompileBudget()


def compile_bounded(pattern: str, flags: int = 0, budget: CompileBudget | None = None):
    """``regex.compile`` after the size checks; raises PatternTooBig or regex.error.

    Inside `deferred()` the size checks still run here, but the pattern is
    compiled only when it is first used (a `LazyRegex`).
    """
    from lkjcheck.safety import regexcache

    size, groups = regexcache.shape(pattern, _measure, MAX_UNROLLED)
    (budget or _DEFAULT_BUDGET).spend(size)
    if _DEFER.get():
        return LazyRegex(pattern, int(flags), groups)
    return regexcache.compile(pattern, flags)


def _measure(pattern: str) -> tuple[int, dict[str, int]]:
    return unrolled_size(pattern), group_names(pattern)


def reset_default_budget() -> None:
    """A new rule pack starts with the whole budget (called when a pack is loaded)."""
    _DEFAULT_BUDGET.left = MAX_PACK_UNROLLED


# ------------------------------------------------------------ compiling on first use

_DEFER: ContextVar[bool] = ContextVar("lkjcheck_defer_regex", default=False)


@contextmanager
def deferred():
    """Patterns `compile_bounded` is given in this block are compiled when first used, not now.

    For patterns known to compile (the built-in pack, which the test suite
    compiles whole): a run that checks no report text then compiles none of
    them. A pattern that fails when it is finally compiled raises
    `DeferredPatternError`, which the text checks turn into the rule's
    file:line message.
    """
    token = _DEFER.set(True)
    try:
        yield
    finally:
        _DEFER.reset(token)


class DeferredPatternError(Keyed, ValueError):
    """A deferred pattern that did not compile when it was first used."""

    def __init__(self, pattern: str, error: Exception):
        self.key, self.values = "safety.deferred_pattern_invalid", {"pattern": repr(pattern), "error": str(error)}
        super().__init__(self.msg_en)


class LazyRegex:
    """A compiled pattern that is compiled on first use: every attribute but its text, flags and group names
    comes from the real one (``regex.Pattern``).

    The group names are read from the pattern's text (`group_names`) so that a
    rule's required named groups are still checked when it is loaded.
    """

    __slots__ = ("pattern", "flags", "_rx", "_groups")

    def __init__(self, pattern: str, flags: int, groups: dict[str, int] | None = None):
        # a copy: `groups` may be the regex cache's, shared by every pattern of this text
        self.pattern, self.flags, self._rx = pattern, flags, None
        self._groups = None if groups is None else dict(groups)

    def compiled(self):
        if self._rx is None:
            import regex

            from lkjcheck.safety import regexcache
            try:
                self._rx = regexcache.compile(self.pattern, self.flags)
            except (regex.error, OverflowError, ValueError, RecursionError) as e:
                raise DeferredPatternError(self.pattern, e) from e
        return self._rx

    @property
    def groupindex(self):
        if self._rx is not None:
            return self._rx.groupindex
        if self._groups is None:
            self._groups = group_names(self.pattern)
        return self._groups

    def __getattr__(self, name):
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyRegex({self.pattern!r}, {self.flags})"


def real(rx):
    """The compiled pattern behind `rx` (compiling a `LazyRegex` now), or `rx` itself."""
    return rx.compiled() if type(rx) is LazyRegex else rx


def group_names(pattern: str) -> dict[str, int]:
    """The named groups of `pattern` and their numbers, read from its text without compiling it.

    Reads the syntax the built-in pack uses (escapes, ``[...]`` sets,
    ``(?P<name>``, ``(?<name>``, ``(?'name'``; the same name again reuses its
    number); tests/test_regex_lazy.py checks it against ``regex.compile``'s
    ``groupindex`` for every pattern of the pack.
    """
    names: dict[str, int] = {}
    count, i, n = 0, 0, len(pattern)
    named = re.compile(_NAMED)      # re keeps it after the first
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _after_set(pattern, i)
            continue
        if ch == "(":
            m = named.match(pattern, i)
            if m:
                name = m.group(1) or m.group(2)
                if name not in names:
                    count += 1
                    names[name] = count
                i = m.end()
                continue
            if not pattern.startswith("(?", i):
                count += 1
        i += 1
    return names


_NAMED = r"\(\?(?:P?<(\w+)>|'(\w+)')"
