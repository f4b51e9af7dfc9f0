"""Compiled regular expressions kept from one process to the next.

Why this exists: the ``regex`` package parses and compiles a pattern in pure
Python (``_regex_core``), and the built-in pack's ~140 text patterns cost
about 0.15 s of CPU in every process, more than checking a whole report takes
(the text checks' own dozen module-level patterns, compiled here too, were
another 3 ms of every start).
What that Python work produces is plain data (a list of ints for the C
engine, the group names, the required literal), and the package hands it to
its C extension's ``_regex.compile``, which builds the pattern object in
microseconds. The first process to compile a pattern therefore records those
arguments; later processes build the same object from them. Beside them it
keeps what ``safety.literals`` reads from each pattern for the text rules'
prefilter (`hint`), which costs about as much again to work out.

Why it is safe to trust the file (docs/security.md, "The caches"; the file rules are safety/cachefile's):

- it lives only in the user's cache folder (``$XDG_CACHE_HOME/lkjcheck`` or
  ``~/.cache/lkjcheck``), never in a dataset or rule folder, and is read only
  if it is a regular file (no link followed) owned by this user, writable by
  no one else, and under `MAX_FILE_BYTES`: whoever could plant one could
  already edit the user's own Python installation;
- its name carries its format and the versions of ``regex``, of its C
  engine and of Python, and its body a digest checked on reading; every entry must
  name the very pattern text and flags asked for and have the shape
  ``_regex.compile`` expects. Anything else — a torn, truncated, foreign or
  older file, an entry of the wrong shape, an exception from the engine — is
  ignored and the pattern is compiled the ordinary way;
- it is written atomically (``safety.output.write_atomic``), bounded in
  entries and bytes, and never required: ``LKJCHECK_NO_CACHE=1`` turns it off,
  and any error reading or writing it is silent (it only saves time).
"""
from __future__ import annotations

import array
import atexit
import binascii
import sys
import threading
from pathlib import Path

from lkjcheck import cachefile
from lkjcheck.cachefile import DISABLE_ENV  # noqa: F401 - read from here by tests and docs

# 2: a program is one base64 text of little-endian 32-bit words, not a JSON list of numbers, which made
# decoding the file (~30,000 numbers for the built-in pack) 3 of its 4 ms in every process.
# 3: the file's digest is BLAKE2b (cachefile.digest), not SHA-256.
FORMAT = 3
# The built-in pack's patterns take ~150 KB; room for many contributed packs.
MAX_FILE_BYTES = 8 << 20
MAX_ENTRIES = 4000
# The engine's opcodes and operands are unsigned 32-bit words.
_WORD = (1 << 32) - 1

_lock = threading.RLock()
_local = threading.local()
# pattern text, flags -> a compiled pattern, for this process (and for the
# batch workers forked from it, run/parallel.check_batch)
_made: dict[tuple[str, int], object] = {}
_state: dict = {"entries": None, "new": {}, "hooked": False, "at_exit": False}
# How patterns were made in this process, for tests and benchmarks.
stats = {"compiled": 0, "from_cache": 0, "rejected": 0}
hint_stats = {"made": 0, "read": 0}
# (pattern text, compiled flags) -> (literals, reach) of safety.literals.analyse, for this process
_hints: dict[tuple[str, int], tuple] = {}
# pattern text -> (unrolled size, named groups) of safety.regex, for this process
_shapes: dict[str, tuple[int, dict[str, int]]] = {}
shape_stats = {"made": 0, "read": 0}
# The same for `heads`.
heads_stats = {"made": 0, "read": 0}
# What safety.regex measures of a pattern changes with its code; an entry of another version is measured again.
SHAPE_VERSION = 1


def enabled() -> bool:
    return cachefile.enabled()


def cache_file() -> Path | None:
    """Where this installation's cache is, or None when there is no usable cache folder."""
    import regex
    from regex import _regex

    base = cachefile.folder()
    if base is None:
        return None
    # The format is in the name too: an lkjcheck that writes another format keeps its own file, and the two do
    # not throw each other's entries away in turn when they share a cache folder.
    name = (f"regex-f{FORMAT}-{regex.__version__}-{_regex.MAGIC}-{_regex.CODE_SIZE}-"
            f"{sys.implementation.cache_tag}.json")
    return base / name


def compile(pattern: str, flags: int = 0):
    """``regex.compile(pattern, flags)``, from this process's memory, the cache file or the compiler, in that order."""
    flags = int(flags)
    key = (pattern, flags)
    done = _made.get(key)
    if done is not None:
        return done
    with _lock:
        done = _made.get(key)
        if done is None:
            done = _from_cache(pattern, flags) if enabled() else None
            if done is None:
                done = _compile_recording(pattern, flags)
            if len(_made) >= MAX_ENTRIES:      # a long-lived server loading pack after pack
                _made.clear()
            _made[key] = done
    return done


def _compile_recording(pattern: str, flags: int):
    import regex

    record = enabled() and _hook()
    sink: list = []
    if record:
        _local.sink = sink
    try:
        # cache_pattern=False: a pattern in the package's own cache would not reach _regex.compile to be recorded
        rx = regex.compile(pattern, flags, cache_pattern=False)
    finally:
        if record:
            _local.sink = None
    stats["compiled"] += 1
    if record and len(sink) == 1:
        entry = _entry(pattern, flags, sink[0])
        if entry is not None:
            _keep(_key(pattern, flags), entry)
    return rx


class _Recorder:
    """Stands in for the package's C module inside ``regex._main``: passes everything through, and notes the
    arguments of ``compile`` on the thread that asked for them."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)

    def compile(self, *args):
        made = self._real.compile(*args)
        sink = getattr(_local, "sink", None)
        if sink is not None:
            sink.append(args)
        return made


def _hook() -> bool:
    """Put the recorder in front of ``_regex`` in ``regex._main`` (once); False if the package is not laid out so."""
    if not _state["hooked"]:
        try:
            from regex import _main, _regex

            if getattr(_main, "_regex", None) is _regex:
                _main._regex = _Recorder(_regex)
        except ImportError:
            return False
        _state["hooked"] = True
    try:
        from regex import _main

        return isinstance(_main._regex, _Recorder)
    except ImportError:
        return False


def _keep(key: str, entry) -> None:
    """An entry for the file, written with the others when the process exits."""
    _state["new"][key] = entry
    if not _state["at_exit"]:
        _state["at_exit"] = True
        atexit.register(flush)


def _key(pattern: str, flags: int) -> str:
    return f"{flags}:{pattern}"


def _entry(pattern: str, flags: int, args: tuple) -> list | None:
    """What to keep of one ``_regex.compile`` call, or None if it is not one we can rebuild."""
    try:
        (pat, out_flags, code, group_index, _index_group, named_lists, named_list_indexes, req_offset, req_chars,
         req_flags, group_count) = args
    except ValueError:
        return None
    if pat != pattern or named_lists or named_list_indexes:
        return None
    packed = _pack(code)
    if packed is None:
        return None
    entry = [int(out_flags), packed, dict(group_index), int(req_offset), list(req_chars), int(req_flags),
             int(group_count)]
    return entry if _program(entry) == list(code) else None


def _program(entry) -> list | None:
    """The engine's program of a stored entry, or None unless the whole entry has the shape we write."""
    if not isinstance(entry, list) or len(entry) != 7:
        return None
    out_flags, code, groups, req_offset, req_chars, req_flags, count = entry

    def word(v):
        return type(v) is int and 0 <= v <= _WORD

    # req_offset is -1 when the pattern has no required literal
    if not (word(out_flags) and word(req_flags) and type(req_offset) is int and -1 <= req_offset <= _WORD
            and word(count) and (not req_chars or _words(req_chars))
            and isinstance(req_chars, list) and isinstance(groups, dict)
            and all(isinstance(n, str) and type(i) is int and 0 < i <= count for n, i in groups.items())):
        return None
    return _unpack(code)


def _words(values) -> bool:
    """A non-empty list of unsigned 32-bit ints."""
    return (isinstance(values, list) and bool(values) and set(map(type, values)) == {int}
            and min(values) >= 0 and max(values) <= _WORD)


# Unsigned 32-bit words: "I" where a C int is 4 bytes (everywhere lkjcheck runs); else no program is kept.
_WORDS_TYPE = next((t for t in "IL" if array.array(t).itemsize == 4), None)


def _pack(code) -> str | None:
    """A program as base64 text of little-endian unsigned 32-bit words, or None if it is not such words."""
    if _WORDS_TYPE is None or not isinstance(code, list) or not code or set(map(type, code)) != {int}:
        return None
    try:
        words = array.array(_WORDS_TYPE, code)
    except OverflowError:       # a negative word or one above 32 bits
        return None
    if sys.byteorder == "big":
        words.byteswap()
    return binascii.b2a_base64(words.tobytes(), newline=False).decode("ascii")


def _unpack(text) -> list | None:
    """`_pack`'s text back to the list of words, or None when it is not such a text."""
    if _WORDS_TYPE is None or type(text) is not str or not text:
        return None
    try:
        raw = binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError):
        return None
    if not raw or len(raw) % 4:
        return None
    words = array.array(_WORDS_TYPE)
    words.frombytes(raw)
    if sys.byteorder == "big":
        words.byteswap()
    return words.tolist()


def _from_cache(pattern: str, flags: int):
    entries = _entries()
    entry = entries.get(_key(pattern, flags))
    code = None if entry is None else _program(entry)
    if code is None:
        return None
    out_flags, _packed, groups, req_offset, req_chars, req_flags, count = entry
    try:
        from regex import _regex

        real = _regex._real if isinstance(_regex, _Recorder) else _regex
        rx = real.compile(pattern, out_flags, code, groups, {i: n for n, i in groups.items()}, {}, [], req_offset,
                          tuple(req_chars), req_flags, count)
    except Exception:        # any mismatch with this engine: compile it the ordinary way
        rx = None
    if rx is None or rx.pattern != pattern or rx.flags != out_flags or dict(rx.groupindex) != groups:
        stats["rejected"] += 1
        return None
    stats["from_cache"] += 1
    return rx


def hint(rx) -> tuple:
    """(literals, reach, ends) of the compiled pattern `rx` (``safety.literals.analyse``): from this process's memory,
    the cache file, or worked out now and added to the file, in that order.

    Kept under a key of its own (``L<flags>:<pattern>``) beside the pattern's
    compiled entry rather than inside it, so that an older lkjcheck sharing the
    file still reads every entry it knows (and keeps these when it writes).
    """
    key = (rx.pattern, rx.flags)
    done = _hints.get(key)
    if done is not None:        # the common case, before anything else: asked for every search of every text
        return done
    from lkjcheck.safety.literals import VERSION, analyse

    def read(stored):
        if not (_valid_hint(stored) and stored[0] == VERSION):
            return None
        _version, lits, reach, ends = stored
        return lits, None if reach is None else (reach[0], reach[1]), ends

    def make():
        done = analyse(rx.pattern, rx.flags)
        return done, [VERSION, done[0], None if done[1] is None else list(done[1]), done[2]]

    return _remembered(_hints, key, f"L{rx.flags}:{rx.pattern}", read, make, hint_stats)


def _remembered(memo: dict, key, fkey: str, read, make, counts: dict):
    """A value kept beside the compiled patterns: from `memo` (this process), else the file's entry `fkey` if
    ``read(entry)`` makes it one to trust (None: not), else ``make()`` (the value and the entry to keep for it)."""
    with _lock:
        done = memo.get(key)
        if done is not None:
            return done
        stored = _entries().get(fkey) if enabled() else None
        done = None if stored is None else read(stored)
        if done is not None:
            counts["read"] += 1
        else:
            done, entry = make()
            counts["made"] += 1
            if enabled():
                _keep(fkey, entry)
        if len(memo) >= MAX_ENTRIES:
            memo.clear()
        memo[key] = done
    return done


def heads(rx) -> list | None:
    """``safety.literals.prefixes`` of the compiled pattern `rx`: from this process's memory, the cache file (under
    ``P<flags>:<pattern>``, as `hint` keeps its own), or worked out now and added to the file."""
    key = ("P", rx.pattern, rx.flags)
    done = _hints.get(key)
    if done is not None:
        return done[0]
    from lkjcheck.safety.literals import VERSION, prefixes

    # Held as a 1-tuple: None is a real answer here (no words every match begins with), and `_remembered`
    # takes None for "not known yet".
    def read(stored):
        return (stored[1],) if _valid_heads(stored) and stored[0] == VERSION else None

    def make():
        done = prefixes(rx.pattern, rx.flags)
        return (done,), [VERSION, done]

    return _remembered(_hints, key, f"P{rx.flags}:{rx.pattern}", read, make, heads_stats)[0]


def _valid_heads(h) -> bool:
    """[version, prefixes]: prefixes null or a non-empty list of non-empty lower-case ASCII strings."""
    from lkjcheck.safety.literals import MAX_LITERALS

    return (isinstance(h, list) and len(h) == 2 and type(h[0]) is int
            and (h[1] is None or (isinstance(h[1], list) and 0 < len(h[1]) <= MAX_LITERALS and all(
                isinstance(x, str) and x and x.isascii() and x == x.lower() for x in h[1]))))


def _valid_hint(h) -> bool:
    """[version, literals, reach, ends]: literals null or a list of lists of non-empty lower-case ASCII strings; reach null
    or [an int >= 0, a bool]; ends null, "line", "blank" or "newline"."""
    from lkjcheck.safety.literals import MAX_LITERALS, MAX_OPTIONS

    if not isinstance(h, list) or len(h) != 4:
        return False
    version, lits, reach, ends = h
    lits_ok = lits is None or (isinstance(lits, list) and 0 < len(lits) <= MAX_OPTIONS and all(
        isinstance(o, list) and 0 < len(o) <= MAX_LITERALS and all(
            isinstance(x, str) and x and x.isascii() and x == x.lower() for x in o) for o in lits))
    reach_ok = reach is None or (isinstance(reach, list) and len(reach) == 2 and type(reach[0]) is int
                                 and reach[0] >= 0 and type(reach[1]) is bool)
    return type(version) is int and lits_ok and reach_ok and ends in (None, "line", "blank", "newline")


def shape(pattern: str, measure, max_size: int) -> tuple[int, dict[str, int]]:
    """``measure(pattern)``: the (unrolled size, named groups) of safety.regex's size check and group reader, from
    this process's memory, the cache file, or measured now and added to the file, in that order.

    Why: measuring the built-in pack's ~150 patterns is a third of loading it,
    and a pattern's text alone decides both (flags do not enter), so they are
    kept under a key of their own (``S:<pattern>``) as the hints are. A
    pattern `measure` refuses raises and is never kept, and a stored size
    above `max_size` (or of any other shape) is measured again: the file can
    only save the work, never let a bigger pattern through than measuring would.
    """
    done = _shapes.get(pattern)
    if done is not None:
        return done

    def made():
        done = measure(pattern)
        return done, [SHAPE_VERSION, done[0], dict(done[1])]

    return _remembered(_shapes, pattern, f"S:{pattern}", lambda s: (s[1], s[2]) if _valid_shape(s, max_size) else None,
                       made, shape_stats)


def _valid_shape(s, max_size: int) -> bool:
    """[version, size, {name: number}]: this version, a size within bounds, group numbers counting from 1."""
    return (isinstance(s, list) and len(s) == 3 and s[0] == SHAPE_VERSION and type(s[0]) is int
            and type(s[1]) is int and 0 <= s[1] <= max_size and isinstance(s[2], dict)
            and all(isinstance(n, str) and n and type(i) is int and i > 0 for n, i in s[2].items()))


def _entries() -> dict:
    if _state["entries"] is None:
        _state["entries"] = _read(cache_file())
    return _state["entries"]


def _read(path: Path | None) -> dict:
    """The entries of the cache file, or {} if there is none or it is not one to trust."""
    return cachefile.read(path, FORMAT, MAX_FILE_BYTES)


def flush() -> None:
    """Add this process's new patterns to the cache file (atomically); silent on any failure."""
    with _lock:
        new = _state["new"]
        if not new or not enabled():
            return
        _state["new"] = {}
        path = cache_file()
        if path is None:
            return
        merged = dict(_read(path))      # what other processes wrote since this one read it
        merged.update(new)
        if len(merged) > MAX_ENTRIES:
            merged = dict(new)          # a cache grown past its bound starts again from what is in use
        data = cachefile.encode(merged, FORMAT)
        if len(data) > MAX_FILE_BYTES or not cachefile.write(path, data):
            return
        _state["entries"] = merged


def forget() -> None:
    """Drop what this process holds (its compiled patterns and the file's entries); for tests and benchmarks."""
    with _lock:
        _made.clear()
        _hints.clear()
        _shapes.clear()
        _state["entries"] = None
        _state["new"] = {}
        for counts in (stats, hint_stats, shape_stats, heads_stats):
            for k in counts:
                counts[k] = 0
