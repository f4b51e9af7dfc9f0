"""Compiled regular expressions kept from one process to the next.

Why this exists: the ``regex`` package parses and compiles a pattern in pure
Python (``_regex_core``), and the built-in pack's ~140 text patterns cost
about 0.15 s of CPU in every process, more than checking a whole report takes.
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
- its name carries the versions of ``regex`` and of its C engine and of
  Python, and its body a SHA-256 digest checked on reading; every entry must
  name the very pattern text and flags asked for and have the shape
  ``_regex.compile`` expects. Anything else — a torn, truncated, foreign or
  older file, an entry of the wrong shape, an exception from the engine — is
  ignored and the pattern is compiled the ordinary way;
- it is written atomically (``safety.output.write_atomic``), bounded in
  entries and bytes, and never required: ``LKJCHECK_NO_CACHE=1`` turns it off,
  and any error reading or writing it is silent (it only saves time).
"""
from __future__ import annotations

import atexit
import sys
import threading
from pathlib import Path

from lkjcheck import cachefile
from lkjcheck.cachefile import DISABLE_ENV  # noqa: F401 - read from here by tests and docs

FORMAT = 1
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


def enabled() -> bool:
    return cachefile.enabled()


def cache_file() -> Path | None:
    """Where this installation's cache is, or None when there is no usable cache folder."""
    import regex
    from regex import _regex

    base = cachefile.folder()
    if base is None:
        return None
    name = f"regex-{regex.__version__}-{_regex.MAGIC}-{_regex.CODE_SIZE}-{sys.implementation.cache_tag}.json"
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
    entry = [int(out_flags), list(code), dict(group_index), int(req_offset), list(req_chars), int(req_flags),
             int(group_count)]
    return entry if _valid(entry) else None


def _valid(entry) -> bool:
    if not isinstance(entry, list) or len(entry) != 7:
        return False
    out_flags, code, groups, req_offset, req_chars, req_flags, count = entry

    def word(v):
        return type(v) is int and 0 <= v <= _WORD

    # req_offset is -1 when the pattern has no required literal
    return (word(out_flags) and word(req_flags) and type(req_offset) is int and -1 <= req_offset <= _WORD and word(count)
            and _words(code) and (not req_chars or _words(req_chars))
            and isinstance(req_chars, list) and isinstance(groups, dict)
            and all(isinstance(n, str) and type(i) is int and 0 < i <= count for n, i in groups.items()))


def _words(values) -> bool:
    """A non-empty list of unsigned 32-bit ints (checked in C: a program is thousands of them)."""
    return (isinstance(values, list) and bool(values) and set(map(type, values)) == {int}
            and min(values) >= 0 and max(values) <= _WORD)


def _from_cache(pattern: str, flags: int):
    entries = _entries()
    entry = entries.get(_key(pattern, flags))
    if entry is None or not _valid(entry):
        return None
    out_flags, code, groups, req_offset, req_chars, req_flags, count = entry
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
    if done is not None:
        return done
    from lkjcheck.safety.literals import VERSION, analyse

    with _lock:
        fkey = f"L{rx.flags}:{rx.pattern}"
        stored = _entries().get(fkey) if enabled() else None
        if _valid_hint(stored) and stored[0] == VERSION:
            _version, lits, reach, ends = stored
            done = (lits, None if reach is None else (reach[0], reach[1]), ends)
            hint_stats["read"] += 1
        else:
            done = analyse(rx.pattern, rx.flags)
            hint_stats["made"] += 1
            if enabled():
                _keep(fkey, [VERSION, done[0], None if done[1] is None else list(done[1]), done[2]])
        if len(_hints) >= MAX_ENTRIES:
            _hints.clear()
        _hints[key] = done
    return done


def heads(rx) -> list | None:
    """``safety.literals.prefixes`` of the compiled pattern `rx`: from this process's memory, the cache file (under
    ``P<flags>:<pattern>``, as `hint` keeps its own), or worked out now and added to the file."""
    key = ("P", rx.pattern, rx.flags)
    if key in _hints:
        return _hints[key]
    from lkjcheck.safety.literals import VERSION, prefixes

    with _lock:
        fkey = f"P{rx.flags}:{rx.pattern}"
        stored = _entries().get(fkey) if enabled() else None
        if _valid_heads(stored) and stored[0] == VERSION:
            done = stored[1]
        else:
            done = prefixes(rx.pattern, rx.flags)
            if enabled():
                _keep(fkey, [VERSION, done])
        if len(_hints) >= MAX_ENTRIES:
            _hints.clear()
        _hints[key] = done
    return done


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
        _state["entries"] = None
        _state["new"] = {}
        for counts in (stats, hint_stats):
            for k in counts:
                counts[k] = 0
