"""What a rule expression may be written as: limits, and the Python syntax that is let through.

Rule files are untrusted (they come from data repos and run in CI), so an
expression is parsed with `ast` and only a whitelist of its nodes is accepted:
arithmetic (+ - * /), comparisons, and/or/not, `x if c else y`, literals,
column names and the functions of `lang.functions`. There is no attribute
access beyond `table.column`, no power operator, no comprehension, lambda or
subscript, so evaluation cannot run code, touch files, or take time beyond a
pass over the tables. This module only reads text; `lang.types` turns the
accepted tree into typed nodes.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from lkjcheck.errors import Keyed
from lkjcheck.i18n import Foreign

MAX_SOURCE = 4000
MAX_NODES = 400
MAX_DEPTH = 40
MAX_STRING = 500
MAX_INT = 10**24
MAX_LIST = 200
REGEX_TIMEOUT = 0.25
# All rows of one matches()/ambil() together: a pattern that backtracks on
# every row of a 1000-row table would otherwise take 1000 x REGEX_TIMEOUT.
REGEX_BUDGET = 2.0

ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
COMPARISONS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


@dataclass(frozen=True)
class ColRef:
    """What a column name in an expression resolved to."""

    table: str
    column: str


class ExprError(Keyed, Exception):
    """An expression that cannot be accepted; `col` is the 1-based column in the source.

    `key` is a catalogue key (lkjcheck/messages/lang.yaml) and `values` its values; `msg_id` and
    `msg_en` word it, for the rule file's error that quotes it.
    """

    def __init__(self, key: str, /, col: int | None = None, **values):
        self.key, self.col, self.values = key, col, values
        super().__init__(self.msg_en)

    def __reduce__(self):
        # The base class would rebuild it from its English words alone.
        return (_rebuild, (self.key, self.col, self.values))


def _rebuild(key, col, values):
    return ExprError(key, col, **values)


def fail(node, key: str, /, **values):
    """Refuse the expression at `node`'s column."""
    raise ExprError(key, getattr(node, "col_offset", None) + 1 if hasattr(node, "col_offset") else None, **values)


def parse_tree(src: str) -> ast.expr:
    """The body of `src` parsed as one Python expression, within the size and nesting limits."""
    if not isinstance(src, str):
        raise ExprError("lang.expression_must_text")
    if len(src) > MAX_SOURCE:
        raise ExprError("lang.expression_longer_than_characters", max_source=MAX_SOURCE)
    depth = best = 0
    for ch in src:
        if ch in "([{":
            depth += 1
            best = max(best, depth)
        elif ch in ")]}":
            depth -= 1
    if best > MAX_DEPTH:
        raise ExprError("lang.brackets_nested_deeper_than", max_depth=MAX_DEPTH)
    # YAML block scalars keep line breaks (and extra indentation) inside an
    # expression; a rule author means one expression.
    src = " ".join(line.strip() for line in src.strip().splitlines())
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as e:
        raise ExprError("lang.invalid_syntax", e.offset, problem=Foreign(e.msg))
    except (ValueError, RecursionError, MemoryError):
        raise ExprError("lang.expression_cannot_parsed")
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ExprError("lang.expression_too_large_nodes", count=count)
    return tree.body


def literal(node: ast.Constant):
    """The value of a constant the language has (truth values, None, bounded numbers and text)."""
    v = node.value
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        if abs(v) > MAX_INT:
            fail(node, "lang.number_too_large")
        return v
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            fail(node, "lang.number_not_finite")
        return v
    if isinstance(v, str):
        if len(v) > MAX_STRING:
            fail(node, "lang.text_longer_than_characters", max_string=MAX_STRING)
        return v
    fail(node, "lang.unsupported_constant")


def literal_list(node: ast.List | ast.Tuple) -> tuple:
    """The values of `[...]` right of `in`: literal text or numbers only."""
    vals = []
    for e in node.elts:
        if not isinstance(e, ast.Constant) or not isinstance(e.value, (str, int, float)) or isinstance(e.value, bool):
            fail(e, "lang.list_may_hold_only_literal")
        if isinstance(e.value, str) and len(e.value) > MAX_STRING:
            fail(e, "lang.text_too_long")
        vals.append(e.value)
    if len(vals) > MAX_LIST:
        fail(node, "lang.list_too_long")
    return tuple(vals)
