"""Parsed rule files, kept from one process to the next (the message catalogue's twin is catalogue.cached).

Why this exists: every `lkjcheck text` or `run` reads the same rule pack and
the same twenty message files, and parsing them was a fifth of checking the
seed report's text (about 35 ms of YAML, plus 10 ms importing PyYAML).
What parsing a rule file produces is plain data: the located tree of
lkjcheck.read.yamlvalues (text, tag, line, column of every scalar; the line
of every key). The first process keeps that data in the user's cache; later
ones rebuild the same values from it.

Keyed by content, not by name or time: an entry is found only for the very
text it was made from (its digest), so an edited rule file is parsed anew,
whatever its clock says. Tree entries also carry a tag of the parser's own
code (the size and mtime of the reader modules and lkjcheck's version), so a
changed parser does not reuse trees the old one built. Only texts that parsed
without error are kept. A node the parser shares (an alias and its anchor) is
written once and referred to after, so the rebuilt tree shares it too and is
exactly what the parser gives.

The files follow lkjcheck/cachefile's rules (docs/security.md, "The caches").
Reading an entry checks its whole shape (types, tags, nesting depth) and
treats anything unexpected as a miss; nothing in it is ever executed.
"""
from __future__ import annotations

import os

from lkjcheck import cachefile

_SHORT_TAGS = frozenset(("str", "int", "float", "bool", "null", "timestamp"))
# A rule file nests a few levels; the parser's own bound is 64.
_MAX_DEPTH = 64

_state: dict = {"tag": None}
stats = {"hits": 0, "misses": 0, "kept": 0}


def cache_file():
    return cachefile.PARSED.path()


def digest(data: bytes) -> str:
    return cachefile.digest(data)


def _code_tag() -> str:
    """Which parser made a tree: lkjcheck's version and the reader modules' size and mtime."""
    if _state["tag"] is None:
        from lkjcheck import __version__

        here = os.path.dirname(os.path.abspath(__file__))
        parts = [__version__]
        for name in ("yamlsafe.py", "yamlblock.py", "yamlvalues.py", "textfile.py", "treecache.py"):
            try:
                st = os.stat(os.path.join(here, name))
                parts.append(f"{st.st_size}.{st.st_mtime_ns}")
            except OSError:
                parts.append("-")
        _state["tag"] = digest("|".join(parts).encode())[:16]
    return _state["tag"]


# --- located trees -------------------------------------------------------------------------------

def tree(text: str, parse, max_again: int):
    """``parse(text)``'s located tree, from the cache when this very text was parsed before.

    ``max_again``: the parser's bound on nodes reached again through aliases
    (yamlsafe.MAX_ALIAS_NODES), which references in a cached tree count against.
    """
    if not cachefile.enabled():
        return parse(text)
    key = f"t:{_code_tag()}:{digest(text.encode('utf-8', 'surrogatepass'))}"
    raw = cachefile.PARSED.get(key)
    if raw is not None:
        try:
            value = _Decoder(max_again).value(raw, 0)
        except (ValueError, TypeError, IndexError, KeyError, RecursionError):
            value = _MISS
        if value is not _MISS:
            stats["hits"] += 1
            return value
    stats["misses"] += 1
    value = parse(text)
    encoded = _Encoder(value).value(value)
    if encoded is not _MISS:
        cachefile.PARSED.put(key, encoded)
        stats["kept"] += 1
    return value


_MISS = object()
_S, _M, _Q, _REF, _SHARED = 0, 1, 2, 3, 4     # scalar, mapping, sequence; a node met again; one met first


class _Encoder:
    """Plain JSON for a located tree; a node reached twice (a YAML alias) is written once and referred to after."""

    def __init__(self, root):
        from lkjcheck.read.yamlvalues import Mapping, Scalar, Sequence

        self.types = Mapping, Scalar, Sequence
        self.count: dict[int, int] = {}
        self.refs: dict[int, int] = {}
        stack = [root]
        while stack:
            v = stack.pop()
            if v is None:
                continue
            n = self.count.get(id(v), 0)
            self.count[id(v)] = n + 1
            if n == 0 and isinstance(v, (dict, list)):
                stack.extend(v.values() if isinstance(v, dict) else v)

    def value(self, v):
        if v is None:
            return None
        if id(v) in self.refs:
            return [_REF, self.refs[id(v)]]
        if self.count[id(v)] > 1:
            n = self.refs[id(v)] = len(self.refs)
            body = self._plain(v)
            return _MISS if body is _MISS else [_SHARED, n, body]
        return self._plain(v)

    def _plain(self, v):
        Mapping, Scalar, Sequence = self.types
        if type(v) is Scalar:
            return [_S, v.text, v.tag, v.line, v.column, bool(v.quoted)]
        if type(v) is Mapping:
            if set(v.key_lines) != set(v) or not all(type(k) is str for k in v):
                return _MISS
            flat = []
            for k, x in v.items():
                e = self.value(x)
                if e is _MISS:
                    return _MISS
                flat += (k, v.key_lines[k], e)
            return [_M, v.line, flat]
        if type(v) is Sequence:
            items = []
            for x in v:
                e = self.value(x)
                if e is _MISS:
                    return _MISS
                items.append(e)
            return [_Q, v.line, items]
        return _MISS


def _line(v) -> int:
    if type(v) is not int or v < 0:
        raise ValueError("line")
    return v


class _Decoder:
    """The located tree back from `_Encoder`'s JSON, every shape checked; any surprise raises ValueError.

    A node referred to again is shared, as the parser shares an alias's
    anchor, and counts again for the parser's alias bound: a spoiled file
    cannot make a tree that walking would multiply beyond what YAML may.
    """

    def __init__(self, max_again: int):
        from lkjcheck.read.yamlvalues import Mapping, Scalar, Sequence

        self.types = Mapping, Scalar, Sequence
        self.shared: dict[int, tuple[object, int]] = {}
        self.nodes = 0
        self.again = 0
        self.max_again = max_again

    def value(self, raw, depth: int):
        if raw is None:
            return None
        if depth > _MAX_DEPTH or type(raw) is not list or not raw:
            raise ValueError("shape")
        kind = raw[0]
        if kind == _REF:
            _, n = raw
            value, size = self.shared[n]
            self.again += size
            if self.again > self.max_again:
                raise ValueError("aliases")
            return value
        if kind == _SHARED:
            _, n, body = raw
            if type(n) is not int or n in self.shared:
                raise ValueError("ref")
            before = self.nodes
            value = self.value(body, depth)
            self.shared[n] = (value, self.nodes - before)
            return value
        self.nodes += 1
        Mapping, Scalar, Sequence = self.types
        if kind == _S:
            _, text, tag, line, column, quoted = raw
            if type(text) is not str or tag not in _SHORT_TAGS or type(quoted) is not bool:
                raise ValueError("scalar")
            return Scalar(text, tag, _line(line), _line(column), quoted)
        _, line, body = raw
        if type(body) is not list:
            raise ValueError("body")
        if kind == _M:
            if len(body) % 3:
                raise ValueError("mapping")
            m = Mapping()
            m.line = _line(line)
            lines = m.key_lines
            for i in range(0, len(body), 3):
                k = body[i]
                if type(k) is not str or k in m:
                    raise ValueError("key")
                lines[k] = _line(body[i + 1])
                m[k] = self.value(body[i + 2], depth + 1)
            return m
        if kind == _Q:
            s = Sequence([self.value(v, depth + 1) for v in body])
            s.line = _line(line)
            return s
        raise ValueError("kind")


def forget() -> None:
    """Drop what this process holds; for tests and benchmarks."""
    cachefile.PARSED.forget()
    _state["tag"] = None
    for k in stats:
        stats[k] = 0


def flush() -> None:
    cachefile.PARSED.flush()
