"""Reading YAML that anyone in a data repo may have written.

PyYAML's own constructors lose line numbers, silently keep the last of two
duplicate keys (a checker that does that loses data without a word) and expand
aliases without bound. We therefore build, straight from libyaml's events,
plain values that remember where they were written, with every limit counted
while the text is parsed. The block-style YAML reports are written in is read
first by lkjcheck.read.yamlblock, which gives the same values or declines.
"""
from __future__ import annotations

from itertools import accumulate
from typing import Any

from lkjcheck.i18n import Figure, Foreign, YamlProblem
from lkjcheck.errors import InputError
from lkjcheck.read.textfile import DEFAULT_MAX_BYTES, MAX_LIMIT_BYTES, read_text_file  # noqa: F401 - read from here too
from lkjcheck.read.yamlvalues import TAGS as _TAGS, Mapping, Scalar, Sequence, resolve_plain  # noqa: F401 - read from here


def _libyaml() -> None:
    """Import PyYAML and the block reader, and bind what the event builder uses, on the first parse.

    Not on import: a `text` run whose rule files and messages all come from
    read/treecache parses no YAML, and importing PyYAML and the block
    reader was a tenth of it.
    """
    global yaml, read_block, _Loader, _CParser, _SCALAR_EV, _ALIAS_EV, _MAP_START, _SEQ_START, _MAP_END, _SEQ_END
    global _DOC_START, _STREAM_END
    if "_Loader" in globals():
        return
    import yaml

    from lkjcheck.read.yamlblock import read_block

    try:  # libyaml is ~8x faster; it gives the same marks
        from yaml import CSafeLoader as _Loader
        from yaml._yaml import CParser as _CParser
    except ImportError:  # pragma: no cover - depends on the PyYAML build
        from yaml import SafeLoader as _Loader
        _CParser = None
    e = yaml.events
    _SCALAR_EV, _ALIAS_EV = e.ScalarEvent, e.AliasEvent
    _MAP_START, _SEQ_START = e.MappingStartEvent, e.SequenceStartEvent
    _MAP_END, _SEQ_END = e.MappingEndEvent, e.SequenceEndEvent
    _DOC_START, _STREAM_END = e.DocumentStartEvent, e.StreamEndEvent


def __getattr__(name: str):
    # yamlsafe.yaml, ._Loader, ._CParser from outside (tests, benchmarks) load them as a parse would
    if name in ("yaml", "read_block", "_Loader", "_CParser"):
        _libyaml()
        return globals()[name]
    raise AttributeError(name)

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


def load_yaml(path: str, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None,
              cli_limit: bool = True, cache: bool = False) -> Any:
    """The located tree of a YAML file; ``cache``: a rule file, whose tree is kept between processes (read/treecache)."""
    display = display or path
    text = read_text_file(path, max_bytes, display, cli_limit)
    if cache:
        from lkjcheck.read import treecache

        return treecache.tree(text, lambda t: parse_yaml(t, display), MAX_ALIAS_NODES)
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


def _syntax_error(e: yaml.MarkedYAMLError, text: str, display: str) -> InputError:
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark else None
    problem = (e.problem or e.context or "").strip()
    tab = _tab_at(text, mark)
    if tab:
        # libyaml says only "cannot start any token"; a tab is what nearly always stands there.
        line, col = tab
        return InputError(display, line, "read.tab_character_at_column_yaml", col=col)
    return InputError(display, line, "read.invalid_yaml", problem=YamlProblem(problem))


def parse_yaml(text: str, display: str) -> Any:
    _libyaml()
    if not getattr(_Loader, "__module__", "").startswith("yaml.cyaml") and _flow_depth(text) > MAX_FLOW_DEPTH:
        raise InputError(display, None, "read.yaml_nested_deeper_than_levels", max_flow_depth=MAX_FLOW_DEPTH)
    _prescan(text, display)
    # The block-style subset reports are written in is read at a fraction of
    # the cost (lkjcheck.read.yamlblock says why it is safe); anything else,
    # and every error, is the event builder's.
    fast = read_block(text, MAX_NODES, MAX_DEPTH)
    if fast is not None:
        return fast
    return build_from_events(text, display)


def build_from_events(text: str, display: str) -> Any:
    """The located tree from libyaml's events: any YAML, every refusal (the prescan aside)."""
    _libyaml()
    try:
        return _Tree(text, display).build()
    except yaml.MarkedYAMLError as e:
        raise _syntax_error(e, text, display)
    except yaml.YAMLError as e:
        raise InputError(display, None, "read.invalid_yaml_quoted", problem=Foreign(e))
    except RecursionError:  # pragma: no cover - the builder keeps its own stack; kept for the pure-Python parser
        raise InputError(display, None, "read.yaml_nested_too_deeply")


def _too_many_nodes(display: str, line: int | None, aliases: bool) -> InputError:
    if aliases:
        return InputError(display, line, "read.too_many_yaml_nodes_expanding")
    return InputError(display, line,
                      "read.more_than_yaml_nodes_values", max_nodes=Figure(MAX_NODES))


# Below this many characters a text cannot hold more than MAX_NODES nodes
# (every node takes at least one character), so only larger texts are counted first.
_PRESCAN_CHARS = MAX_NODES
_SAMPLE_CHARS = 1 << 20
# Events a cut text may have that the whole text has not: the ends of the
# collections open at the cut, with room to spare.
_CUT_MARGIN = 4096


def _events(text: str) -> int | None:
    try:
        return _CParser(text).raw_parse()
    except Exception:  # a syntax error, or a cut inside a quoted scalar: no count
        return None


def _head(text: str, chars: int) -> str:
    return text[: text.rfind("\n", 0, chars) + 1]


def _prescan(text: str, display: str) -> None:
    """Refuse a text with far too many nodes before a single Python object is made for it.

    libyaml counts the events of a text in C (no objects, no memory beyond
    the text). Every node but a key takes at least one event and a
    key-value pair two, so half the events is a floor for the nodes the
    builder would count. libyaml reads a text line by line, so the text's
    first lines alone give the same events up to their end: a sample
    says how dense the text is, and only as many lines as should hold
    twice MAX_NODES events are counted. A 28 MB table is refused here in a
    fraction of the time and memory building it would take; a text that
    merely is large passes on to the exact count while building.
    """
    if len(text) <= _PRESCAN_CHARS or _CParser is None:
        return
    need = 2 * MAX_NODES + _CUT_MARGIN
    sample = _head(text, _SAMPLE_CHARS)
    found = _events(sample) if sample else None
    head = text
    if found:
        head = _head(text, int(len(sample) * need / found * 1.1))
        if len(head) >= len(text) or not head:
            head = text
    found = _events(head)
    if found is None and head is not text:
        head, found = text, _events(text)
    if found is not None and found - (4 if head is text else _CUT_MARGIN) > 2 * MAX_NODES:
        raise _too_many_nodes(display, None, False)


_QUOTED_STYLES = frozenset(("'", '"', "|", ">"))
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_NO_KEY = object()
_OPEN = object()        # an anchor whose collection is still being read


class _Tree:
    """The located tree, built straight from libyaml's events.

    No node graph is composed first: each event becomes its Scalar, Mapping
    or Sequence at once, and every limit (nodes, depth, aliases, text reached
    again through aliases) is counted as the events arrive, so a hostile text
    is refused at the event that crosses a limit, with what was built so far
    as the only memory spent. An alias shares the object of its anchor; it
    counts as many nodes as that object holds, as if it were copied.
    """

    def __init__(self, text: str, display: str):
        self.display = display
        self.parser = _Loader(text)
        self.used = 0               # nodes, aliases counted by what they repeat
        self.long = 0               # characters of long scalars, likewise
        self.alias_nodes = 0
        self.alias_chars = 0
        self.anchors: dict = {}     # anchor -> [object, nodes, long chars]
        # The same key text in row after row, and a row's key and value on one
        # line, are one object each: a fifth of a loaded row's memory.
        self.keys: dict[str, str] = {}
        self.lines: dict[int, int] = {}

    def line_of(self, mark) -> int:
        n = mark.line
        line = self.lines.get(n)
        if line is None:
            line = self.lines[n] = n + 1
        return line

    def fail(self, line, key, **args):
        return InputError(self.display, line, key, **args)

    def build(self) -> Any:
        get = self.parser.get_event
        display = self.display
        anchors = self.anchors
        root = _NO_KEY
        stack: list = []            # (container, key, key line, anchor, used, long) of enclosing collections
        cur = None                  # the collection being read, None at the top
        is_map = False
        key = _NO_KEY               # in a mapping: the key waiting for its value
        kline = 0
        docs = 0
        used = 0
        while True:
            ev = get()
            cls = ev.__class__
            if cls is _SCALAR_EV:
                if is_map and key is _NO_KEY:
                    key, kline = self._key(ev, cur)
                    if ev.anchor is not None:
                        self._anchor(ev.anchor, ev, ev.start_mark.line + 1)
                    continue
                used += 1
                if used > MAX_NODES:
                    self.used = used
                    raise _too_many_nodes(display, ev.start_mark.line + 1, self.alias_nodes > 0)
                value = self._scalar(ev, len(stack))
                if ev.anchor is not None:
                    self._anchor(ev.anchor, value, value.line)
                    anchors[ev.anchor][2] = len(value.text) if len(value.text) > _TRACKED_SCALAR else 0
                if len(value.text) > _TRACKED_SCALAR:
                    self.long += len(value.text)
            elif cls is _MAP_START or cls is _SEQ_START:
                line = ev.start_mark.line + 1
                if is_map and key is _NO_KEY:
                    raise self.fail(line, "read.key_must_text")
                if cur is None and docs > 1:
                    raise self.fail(line, "read.more_than_one_yaml_document")
                used += 1
                self.used = used
                if used > MAX_NODES:
                    raise _too_many_nodes(display, line, self.alias_nodes > 0)
                tag = ev.tag
                if tag is not None and tag != "!" and tag not in _COLLECTION_TAGS:
                    raise self.fail(line, "read.unsupported_yaml_tag_2", tag=tag)
                if len(stack) > MAX_DEPTH:
                    raise self.fail(line, "read.yaml_nested_too_deeply")
                new = Mapping() if cls is _MAP_START else Sequence()
                new.line = line
                if ev.anchor is not None:
                    self._anchor(ev.anchor, _OPEN, line)
                stack.append((cur, is_map, key, kline, ev.anchor, used, self.long))
                cur, is_map, key = new, cls is _MAP_START, _NO_KEY
                continue
            elif cls is _MAP_END or cls is _SEQ_END:
                value = cur
                cur, is_map, key, kline, anchor, used0, long0 = stack.pop()
                if anchor is not None:
                    anchors[anchor] = [value, used - used0 + 1, self.long - long0]
            elif cls is _ALIAS_EV:
                line = ev.start_mark.line + 1
                entry = anchors.get(ev.anchor)
                if entry is None:
                    raise self.fail(line, "read.invalid_yaml_found_undefined_alias")
                value, nodes, chars = entry
                if value is _OPEN:
                    # An alias inside its own anchor: the tree would be infinitely deep.
                    raise self.fail(line, "read.yaml_nested_too_deeply")
                if is_map and key is _NO_KEY:
                    if value.__class__ is _SCALAR_EV:
                        key, kline = self._key(value, cur)
                    elif value.__class__ is Scalar:
                        key, kline = self._key_text(value.text, value.line, cur)
                    else:
                        raise self.fail(value.line, "read.key_must_text")
                    continue
                if value.__class__ is _SCALAR_EV:     # a key's anchor, used as a value
                    value = self._scalar(value, len(stack))
                used += nodes
                if value.__class__ is not Scalar:
                    self.alias_nodes += nodes
                    if self.alias_nodes > MAX_ALIAS_NODES:
                        raise self.fail(
                            line, "read.alias_bomb", 
                            limit=Figure(MAX_ALIAS_NODES))
                    if len(stack) + self._depth_of(value) > MAX_DEPTH + 1:
                        raise self.fail(line, "read.yaml_nested_too_deeply")
                if chars:
                    self.long += chars
                    self.alias_chars += chars
                    if self.alias_chars > MAX_ALIAS_CHARS:
                        raise self.fail(
                            line, "read.yaml_aliases_repeat_more_than", max_alias_chars=Figure(MAX_ALIAS_CHARS))
                self.used = used
                if used > MAX_NODES:
                    raise _too_many_nodes(display, line, True)
            elif cls is _DOC_START:
                docs += 1
                continue
            elif cls is _STREAM_END:
                return None if root is _NO_KEY else root
            else:       # stream start, document end
                continue
            # a finished value: into its collection, or the document's root
            if cur is None:
                if docs > 1:
                    raise self.fail(getattr(value, "line", None), "read.more_than_one_yaml_document")
                root = value
            elif is_map:
                cur[key] = value
                cur.key_lines[key] = kline
                key = _NO_KEY
            else:
                cur.append(value)

    def _anchor(self, anchor: str, value, line: int) -> None:
        if anchor in self.anchors:
            # libyaml's composer refuses a second anchor of the same name; so does this builder
            raise self.fail(line, "read.invalid_yaml_second_occurrence")
        self.anchors[anchor] = [value, 1, 0]

    def _key(self, ev, cur) -> tuple[str, int]:
        value = self.keys.setdefault(ev.value, ev.value)
        line = self.line_of(ev.start_mark)
        if value == "<<" and ev.tag is None and ev.implicit[0]:
            raise self.fail(line, "read.merge_key_not_supported")
        return self._key_text(value, line, cur)

    def _key_text(self, key: str, line: int, cur) -> tuple[str, int]:
        if key in cur:
            raise self.fail(
                line,
                "read.duplicate_key_already_on_line", key_=key, key_lines=cur.key_lines[key],
            )
        return key, line

    def _scalar(self, ev, depth: int) -> Scalar:
        mark = ev.start_mark
        if depth > MAX_DEPTH:
            raise self.fail(mark.line + 1, "read.yaml_nested_too_deeply")
        value = ev.value
        tag = ev.tag
        if tag is None or tag == "!":
            if ev.implicit[0]:
                full, short = resolve_plain(value)
            else:
                short = full = "str"
        else:
            full = tag
            short = _TAGS.get(tag)
        if short is None:
            raise self.fail(mark.line + 1, "read.unsupported_yaml_tag", full=full)
        return Scalar(value, short, self.line_of(mark), mark.column + 1, ev.style in _QUOTED_STYLES)

    @staticmethod
    def _depth_of(value) -> int:
        """Levels of collections in an aliased value (its depth where it is used counts too)."""
        depth, level = 0, [value]
        while level:
            depth += 1
            level = [v for c in level for v in (c.values() if isinstance(c, dict) else c)
                     if isinstance(v, (Mapping, Sequence))]
        return depth


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
