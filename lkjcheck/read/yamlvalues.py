"""The values a YAML text is read into, and how a plain scalar is typed.

Both readers of lkjcheck.read.yamlsafe (the libyaml event builder and the
block-style fast reader of lkjcheck.read.yamlblock) make these, so they live
below both.
"""
from __future__ import annotations


class Scalar:
    """A scalar as written: its text, what YAML would make of it, and where it stands.

    A plain slotted class rather than a frozen dataclass: a report has a
    thousand scalars, and a frozen dataclass's __init__ costs several times more.
    """

    __slots__ = ("text", "tag", "line", "column", "quoted")
    cell = None         # the same shape as load.Value, so a row can hold either

    def __init__(self, text: str, tag: str, line: int, column: int, quoted: bool = False):
        # one store per slot, not a tuple unpacked: made 660,000 times for 1,000 reports
        self.text = text
        self.tag = tag
        self.line = line
        self.column = column
        self.quoted = quoted

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
    """A dict that remembers the line of every key.

    Slotted: a table row is one Mapping, and an instance dict per row was a
    tenth of a loaded row's memory.
    """

    __slots__ = ("line", "key_lines", "scalars_only")

    def __init__(self, *a, **kw):
        if a or kw:             # the readers make them empty, and then dict.__init__ has nothing to do
            dict.__init__(self, *a, **kw)
        self.line = 0
        self.key_lines = {}
        # True where the reader knows every value is a Scalar (a flow mapping
        # of the fast reader), so a table row need not be looked through
        # (model/building._row_cells); False says nothing.
        self.scalars_only = False


class Sequence(list):
    __slots__ = ("line",)

    def __init__(self, *a):
        if a:
            list.__init__(self, *a)
        self.line = 0


TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
}

# First characters with which a plain scalar can resolve to anything but text
# (numbers, null "~", booleans, null, timestamps, ".inf"/".nan", "<<", "=").
# Only those go through PyYAML's resolver, so tags stay exactly YAML 1.1's.
MAYBE_TYPED = frozenset("0123456789+-.~<=nNtTfFyYoO")
_STANDARD = []      # PyYAML's resolver, made on first use (yamlsafe says why PyYAML is imported late)
_RESOLVED: dict[str, tuple[str, str | None]] = {}
# text -> short tag alone, for the fast reader's inner loops (None: unsupported)
SHORT_TAGS: dict[str, str | None] = {}
# The same few hundred texts ("2024", "PNS", "95,00%") come back in report after
# report; beyond this many distinct ones the memo starts again rather than grow.
_MEMO_LIMIT = 50_000


def resolve_plain(text: str) -> tuple[str, str | None]:
    """(full tag, short tag or None) that YAML 1.1's SafeLoader gives a plain scalar, memoised."""
    hit = _RESOLVED.get(text)
    if hit is None:
        if text and text[0] not in MAYBE_TYPED:
            hit = ("tag:yaml.org,2002:str", "str")
        else:
            if not _STANDARD:
                import yaml

                _STANDARD.append((yaml.resolver.Resolver(), yaml.ScalarNode))
            resolver, node = _STANDARD[0]
            full = resolver.resolve(node, text, (True, False))
            hit = (full, TAGS.get(full))
        if len(_RESOLVED) >= _MEMO_LIMIT:
            _RESOLVED.clear()
            SHORT_TAGS.clear()
        _RESOLVED[text] = hit
        SHORT_TAGS[text] = hit[1]
    return hit
