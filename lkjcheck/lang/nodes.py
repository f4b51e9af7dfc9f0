"""The typed tree of a compiled expression, and how each node evaluates.

Building the tree (`lang.types`) needs no numpy: `lkjcheck rules` and
`lkjcheck text` compile rules and derived columns without ever evaluating
them. Each `eval` therefore reaches the array code (`lang.values`,
`lang.intervals`, `lang.aggregate`, `lang.vectorised`) only when it runs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lkjcheck.lang.syntax import ColRef, ExprError


class Node:
    kind: str = "num"

    def eval(self, env, frame):  # pragma: no cover - abstract
        raise NotImplementedError

    def columns(self) -> list[ColRef]:
        return []


@dataclass
class Const(Node):
    value: Any
    kind: str = "num"

    def eval(self, env, frame):
        from lkjcheck.lang.values import scalar_vec

        return scalar_vec(self.value, len(frame.rows))


@dataclass
class ListConst(Node):
    values: tuple
    kind: str = "list"

    def eval(self, env, frame):  # pragma: no cover - only used by `in`
        raise ExprError("lang.list_only_allowed_right")


@dataclass
class Column(Node):
    ref: ColRef
    kind: str = "num"

    def eval(self, env, frame):
        from lkjcheck.lang.values import take

        return take(env.column(self.ref.table, self.ref.column), frame.rows)

    def columns(self):
        return [self.ref]


@dataclass
class Broadcast(Node):
    """A column of a one-row-per-dataset table (laporan.tahun) seen from any table."""

    ref: ColRef
    kind: str = "num"

    def eval(self, env, frame):
        from lkjcheck.lang.values import broadcast

        return broadcast(env, self.ref, frame)


@dataclass
class Param(Node):
    name: str
    kind: str = "num"

    def eval(self, env, frame):
        from lkjcheck.lang.values import scalar_vec

        value = env.params.get(self.name)
        if isinstance(value, str) and self.kind == "date":
            from lkjcheck.read.dates import parse_date
            value = parse_date(value).first
        return scalar_vec(value, len(frame.rows))


@dataclass
class Unary(Node):
    op: str
    arg: Node
    kind: str = "num"

    def eval(self, env, frame):
        from lkjcheck.lang import intervals

        a = self.arg.eval(env, frame)
        if self.op == "not":
            return intervals.kleene_not(a)
        if self.op == "-":
            return intervals.negate(a)
        return a

    def columns(self):
        return self.arg.columns()


@dataclass
class BinOp(Node):
    op: str
    left: Node
    right: Node
    kind: str = "num"

    def eval(self, env, frame):
        from lkjcheck.lang.intervals import arithmetic

        return arithmetic(self.op, self.left.eval(env, frame), self.right.eval(env, frame), self.kind)

    def columns(self):
        return self.left.columns() + self.right.columns()


@dataclass
class Compare(Node):
    op: str
    left: Node
    right: Node
    kind: str = "bool"
    slack: float = 0.0
    exact: bool = False

    def eval(self, env, frame):
        from lkjcheck.lang.intervals import compare

        a, b = self.left.eval(env, frame), self.right.eval(env, frame)
        return compare(self.op, a, b, self.slack, self.exact)

    def columns(self):
        return self.left.columns() + self.right.columns()


@dataclass
class InList(Node):
    arg: Node
    values: tuple
    negate: bool = False
    kind: str = "bool"

    def eval(self, env, frame):
        from lkjcheck.lang.intervals import in_list

        return in_list(self.arg.eval(env, frame), self.values, self.negate)

    def columns(self):
        return self.arg.columns()


@dataclass
class BoolOp(Node):
    op: str
    args: list
    kind: str = "bool"

    def eval(self, env, frame):
        from lkjcheck.lang.intervals import kleene

        return kleene(self.op, [a.eval(env, frame) for a in self.args], len(frame.rows))

    def columns(self):
        return [c for a in self.args for c in a.columns()]


@dataclass
class IfExp(Node):
    cond: Node
    then: Node
    other: Node
    kind: str = "num"

    def eval(self, env, frame):
        from lkjcheck.lang.intervals import choose

        c = self.cond.eval(env, frame)
        return choose(c, self.then.eval(env, frame), self.other.eval(env, frame), self.kind)

    def columns(self):
        return self.cond.columns() + self.then.columns() + self.other.columns()


@dataclass
class Func(Node):
    """A call of a function of the registry (`lang.functions`).

    `extra` holds what the call fixed when it was compiled (round's digits,
    substr's positions, the compiled pattern of matches/ambil and its budget).
    """

    name: str
    args: list
    kind: str = "num"
    extra: dict = field(default_factory=dict)

    def eval(self, env, frame):
        from lkjcheck.lang.vectorised import call

        return call(self.name, env, frame, [a.eval(env, frame) for a in self.args], self.extra)

    def columns(self):
        return [c for a in self.args for c in a.columns()]


@dataclass
class Aggregate(Node):
    """sum/mean/count/min/max/one over another table, per dataset and optionally per key."""

    func: str
    table: str
    value: Node | None               # None for count
    where: Node | None
    by: str | None
    key: Node | None
    kind: str = "num"
    # tahun=: look in the report of the same agency for that year instead of
    # the row's own report (cross-year checks).
    year: Node | None = None

    def eval(self, env, frame):
        from lkjcheck.lang.aggregate import evaluate

        return evaluate(self, env, frame, self.value.ref if isinstance(self.value, Column) else None)

    def columns(self):
        return []


def set_tolerance(node: Node, slack: float, exact: bool) -> None:
    """Give a rule's `tolerance:` to the comparisons its truth value is made of.

    Those are the comparisons reached from the top through and/or/not, if/else
    and function arguments; a comparison inside another comparison's operand,
    inside arithmetic or inside an aggregate's where= keeps the automatic
    tolerance of its figures' written precision.
    """
    if isinstance(node, Compare):
        node.slack, node.exact = slack, exact
    for child in getattr(node, "args", None) or []:
        if isinstance(child, Node):
            set_tolerance(child, slack, exact)
    for attr in ("arg", "cond", "then", "other"):
        child = getattr(node, attr, None)
        if isinstance(child, Node):
            set_tolerance(child, slack, exact)
