"""Reading YAML that anyone in a data repo may have written.

PyYAML's own constructors lose line numbers, silently keep the last of two
duplicate keys (a checker that does that loses data without a word) and expand
aliases without bound. We therefore compose the node graph ourselves and build
plain values that remember where they were written.
"""
from __future__ import annotations

import os
import stat
from itertools import accumulate
from typing import Any

import yaml

from lkjcheck.i18n import format_decimal, quote, yaml_problem
from lkjcheck.errors import InputError

try:  # libyaml is ~8x faster; it gives the same marks
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader

_STR = "tag:yaml.org,2002:str"
# First characters with which a plain scalar can resolve to anything but text
# (numbers, null "~", booleans, null, timestamps, ".inf"/".nan", "<<", "=").
_MAYBE_TYPED = set("0123456789+-.~<=nNtTfFyYoO")


_PLAIN = "tag:lkjcheck,2026:plain"
_STANDARD = yaml.resolver.Resolver()


class _Loader(_BaseLoader):
    """Leaves plain scalars unresolved while composing.

    libyaml calls back into Python to resolve every node (and to track the
    path, which no LKj file uses); that is a quarter of composing. We resolve
    plain scalars ourselves in `_build`, only the few that could be anything
    but text, with PyYAML's own resolver, so tags stay exactly YAML 1.1's.
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


def _scalar_tag(node) -> str:
    tag = node.tag
    if tag != _PLAIN:
        return tag
    value = node.value
    if not value or value[0] in _MAYBE_TYPED:
        return _STANDARD.resolve(yaml.ScalarNode, value, (True, False))
    return _STR


DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 64
# Nodes reached a second time through an alias. Real files use an anchor or two
# for shared text; "billion laughs" needs millions, and refusing it early keeps
# both time and memory small.
MAX_ALIAS_NODES = 100_000
# Characters of text reached again through aliases. A scalar is one node
# however long, so a 2 MB scalar aliased 300 times passed the node bound while
# every later stage (findings, messages, reports) multiplied its 2 MB.
MAX_ALIAS_CHARS = 2_000_000
# Scalars shorter than this are not tracked: their aliases are bounded by the
# node counts already, and tracking every scalar would slow the common path.
_TRACKED_SCALAR = 256


class Scalar:
    """A scalar as written: its text, what YAML would make of it, and where it stands.

    A plain slotted class rather than a frozen dataclass: a report has a
    thousand scalars, and a frozen dataclass's __init__ costs several times more.
    """

    __slots__ = ("text", "tag", "line", "column", "quoted")
    cell = None         # the same shape as load.Value, so a row can hold either

    def __init__(self, text: str, tag: str, line: int, column: int, quoted: bool = False):
        self.text, self.tag, self.line, self.column, self.quoted = text, tag, line, column, quoted

    def __repr__(self) -> str:
        return f"Scalar({self.text!r}, {self.tag!r}, line={self.line}, column={self.column}, quoted={self.quoted})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Scalar) and (self.text, self.tag, self.line, self.column, self.quoted) == (
            other.text, other.tag, other.line, other.column, other.quoted)

    __hash__ = None     # mutable now; nothing keys on scalars

    @property
    def is_null(self) -> bool:
        return self.tag == "null" or (self.tag == "str" and not self.quoted and self.text.strip() == "")


class Mapping(dict):
    """A dict that remembers the line of every key."""

    line: int = 0
    key_lines: dict

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.key_lines = {}


class Sequence(list):
    line: int = 0


_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
}


def read_text_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None,
                   cli_limit: bool = True) -> str:
    """The text of a regular UTF-8 file of at most `max_bytes`.

    `cli_limit=False` for limits that --max-bytes does not change (rule files),
    so the message does not send the user to an option that will not help.
    """
    display = display or path
    hint_id, hint_en = (" (ubah dengan --max-bytes)", " (change with --max-bytes)") if cli_limit else ("", "")
    try:
        # O_NONBLOCK: opening a FIFO must not wait forever for a writer; the
        # fstat below then refuses it, as it refuses devices and folders.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise InputError(display, None, f"tidak dapat dibaca ({e.strerror})", f"cannot be read ({e.strerror})")
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        what = ("folder", "a folder") if stat.S_ISDIR(st.st_mode) else ("berkas khusus", "a special file")
        raise InputError(display, None, f"adalah {what[0]}, bukan berkas biasa", f"is {what[1]}, not a regular file")
    with os.fdopen(fd, "rb") as fh:
        if st.st_size > max_bytes:
            raise InputError(
                display, None,
                f"berkas {st.st_size:,} byte melebihi batas {max_bytes:,} byte{hint_id}",
                f"file of {st.st_size:,} bytes exceeds the limit of {max_bytes:,} bytes{hint_en}",
            )
        try:
            data = fh.read(max_bytes + 1)
        except OSError as e:
            raise InputError(display, None, f"tidak dapat dibaca ({e.strerror})", f"cannot be read ({e.strerror})")
    if len(data) > max_bytes:  # grew while we read it
        raise InputError(display, None, f"berkas melebihi batas {max_bytes:,} byte{hint_id}",
                         f"file exceeds the limit of {max_bytes:,} bytes{hint_en}")
    nul = data.find(b"\x00")
    if nul >= 0:
        # UTF-16 text and spreadsheets saved under a .csv name land here too.
        line = data[:nul].count(b"\n") + 1
        raise InputError(display, line, "berkas biner (berisi bita NUL), bukan teks", "binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            display, line,
            "bukan UTF-8 (simpan ulang berkas sebagai UTF-8)",
            "not UTF-8 (save the file again as UTF-8)",
        )


def load_yaml(path: str, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None,
              cli_limit: bool = True) -> Any:
    display = display or path
    text = read_text_file(path, max_bytes, display, cli_limit)
    return parse_yaml(text, display)


# libyaml refuses flow nesting beyond 1000 levels by itself; PyYAML's pure
# Python composer recurses once per level instead, so without libyaml we look
# at the brackets first rather than meet a RecursionError deep in the stack.
MAX_FLOW_DEPTH = 1000
_BRACKETS = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NOT_BRACKETS = bytes(c for c in range(256) if c not in _BRACKETS)


def _flow_depth(text: str) -> int:
    """Deepest bracket nesting, quotes ignored: an upper bound that is cheap to get."""
    raw = text.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    if len(raw) <= MAX_FLOW_DEPTH:
        return 0
    return max(accumulate(_BRACKETS[b] for b in raw))


def _tab_at(text: str, mark) -> tuple[int, int] | None:
    """(line, column) of a tab at or just before the error mark, if that is the problem."""
    if mark is None:
        return None
    lines = text.splitlines()
    for ln in (mark.line, mark.line - 1):
        if 0 <= ln < len(lines):
            lead = lines[ln][: len(lines[ln]) - len(lines[ln].lstrip(" \t"))]
            if "\t" in lead:
                return ln + 1, lead.index("\t") + 1
    return None


def parse_yaml(text: str, display: str) -> Any:
    if not getattr(_BaseLoader, "__module__", "").startswith("yaml.cyaml") and _flow_depth(text) > MAX_FLOW_DEPTH:
        raise InputError(display, None, f"YAML bersarang lebih dari {MAX_FLOW_DEPTH} tingkat",
                         f"YAML nested deeper than {MAX_FLOW_DEPTH} levels")
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        problem = (e.problem or e.context or "").strip()
        tab = _tab_at(text, mark)
        if tab:
            # libyaml says only "cannot start any token"; a tab is what nearly always stands there.
            line, col = tab
            raise InputError(display, line, f"karakter tab di kolom {col}: YAML hanya menerima spasi untuk "
                             "indentasi; ganti tab dengan spasi",
                             f"tab character at column {col}: YAML indents with spaces only; replace the tab "
                             "with spaces")
        raise InputError(display, line, f"YAML tidak sah: {yaml_problem(problem, 'id')}", f"invalid YAML: {problem}")
    except yaml.YAMLError as e:
        raise InputError(display, None, f"YAML tidak sah: {quote(e)}", f"invalid YAML: {e}")
    except RecursionError:
        raise InputError(display, None, "YAML bersarang terlalu dalam", "YAML nested too deeply")
    if not nodes:
        return None
    if len(nodes) > 1:
        line = nodes[1].start_mark.line + 1
        raise InputError(display, line, "lebih dari satu dokumen YAML", "more than one YAML document")
    budget = [MAX_NODES, MAX_ALIAS_NODES, set(), MAX_ALIAS_CHARS]
    return _build(nodes[0], display, 0, budget)


_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_QUOTED_STYLES = frozenset(("'", '"', "|", ">"))
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


def _scalar(node, display: str, budget: list) -> Scalar:
    tag = node.tag
    value = node.value
    if len(value) > _TRACKED_SCALAR:
        _count_long_scalar(node, display, budget)
    if tag == _STR or (tag == _PLAIN and value and value[0] not in _MAYBE_TYPED):
        short = "str"
    else:
        full = _scalar_tag(node)
        short = _TAGS.get(full)
        if short is None:
            raise InputError(display, node.start_mark.line + 1, f"tag YAML tidak didukung: {full}",
                             f"unsupported YAML tag: {full}")
    mark = node.start_mark
    return Scalar(value, short, mark.line + 1, mark.column + 1, node.style in _QUOTED_STYLES)


def _count_long_scalar(node, display: str, budget: list) -> None:
    seen = budget[2]
    if id(node) not in seen:
        seen.add(id(node))
        return
    budget[3] -= len(node.value)
    if budget[3] < 0:
        raise InputError(display, node.start_mark.line + 1,
                         f"alias YAML mengulang lebih dari {MAX_ALIAS_CHARS:,} karakter teks (bom alias?)",
                         f"YAML aliases repeat more than {MAX_ALIAS_CHARS:,} characters of text (alias bomb?)")


def _build(node, display: str, depth: int, budget: list) -> Any:
    # Scalars, nine nodes in ten, are built inline by their collection rather
    # than through a call of their own: this walk is a sixth of loading a report.
    if node.__class__ is _ScalarNode:
        budget[0] -= 1
        if depth > MAX_DEPTH:
            raise InputError(display, node.start_mark.line + 1, "YAML bersarang terlalu dalam", "YAML nested too deeply")
        return _scalar(node, display, budget)
    line = node.start_mark.line + 1
    children = node.value
    budget[0] -= 1 + len(children)
    if budget[0] < 0:
        raise InputError(display, line, "terlalu banyak simpul YAML (alias yang mengembang?)",
                         "too many YAML nodes (expanding aliases?)")
    # The composer hands us an aliased collection as the very same node
    # object, so a second visit is an alias expansion.
    seen = budget[2]
    if id(node) in seen:
        budget[1] -= len(children) + 1
        if budget[1] < 0:
            raise InputError(
                display, line,
                f"alias YAML mengembang lebih dari {format_decimal(MAX_ALIAS_NODES, 0)} simpul (bom alias?)",
                f"YAML aliases expand to more than {MAX_ALIAS_NODES:,} nodes (alias bomb?)",
            )
    else:
        seen.add(id(node))
    if node.tag not in _COLLECTION_TAGS:
        raise InputError(display, line, f"tag YAML tidak didukung: {node.tag}", f"unsupported YAML tag: {node.tag}")
    if depth > MAX_DEPTH:
        raise InputError(display, line, "YAML bersarang terlalu dalam", "YAML nested too deeply")
    inner = depth + 1
    if node.__class__ is _SequenceNode:
        out = Sequence()
        out.line = line
        append = out.append
        for n in children:
            if n.__class__ is _ScalarNode and inner <= MAX_DEPTH:
                append(_scalar(n, display, budget))
            else:
                budget[0] += 1          # counted above, counted again by _build
                append(_build(n, display, inner, budget))
        return out
    if node.__class__ is _MappingNode:
        out = Mapping()
        out.line = line
        key_lines = out.key_lines
        for knode, vnode in children:
            if knode.__class__ is not _ScalarNode:
                raise InputError(display, knode.start_mark.line + 1, "kunci harus teks", "a key must be text")
            key = knode.value
            if key == "<<" and knode.tag == _PLAIN:
                raise InputError(display, knode.start_mark.line + 1,
                                 "kunci gabungan '<<' tidak didukung", "merge key '<<' is not supported")
            kline = knode.start_mark.line + 1
            if key in out:
                raise InputError(
                    display, kline,
                    f"kunci ganda '{key}' (sudah ada di baris {key_lines[key]}); salah satu nilainya akan hilang",
                    f"duplicate key '{key}' (already on line {key_lines[key]}); one of its values would be lost",
                )
            if vnode.__class__ is _ScalarNode and inner <= MAX_DEPTH:
                out[key] = _scalar(vnode, display, budget)
            else:
                budget[0] += 1
                out[key] = _build(vnode, display, inner, budget)
            key_lines[key] = kline
        return out
    raise InputError(display, line, "simpul YAML tidak dikenal", "unknown YAML node")  # pragma: no cover


def plain(value: Any) -> Any:
    """Located values → ordinary Python values (for configuration and rule files)."""
    if isinstance(value, Scalar):
        if value.tag == "null":
            return None
        if value.tag == "int":
            for base in (10, 0):  # 0 accepts the 0x/0o forms YAML also calls int
                try:
                    return int(value.text.replace("_", ""), base)
                except ValueError:
                    pass
            return value.text
        if value.tag == "float":
            try:
                return float(value.text.replace("_", ""))
            except ValueError:
                return value.text
        if value.tag == "bool":
            return value.text.lower() in ("true", "yes", "on", "y")
        return value.text
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
