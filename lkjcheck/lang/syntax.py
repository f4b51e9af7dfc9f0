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

from lkjcheck.i18n import quote

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


class ExprError(Exception):
    """An expression that cannot be accepted; `col` is the 1-based column in the source."""

    def __init__(self, msg_id: str, msg_en: str, col: int | None = None):
        super().__init__(msg_en)
        self.msg_id, self.msg_en, self.col = msg_id, msg_en, col


def fail(node, msg_id: str, msg_en: str):
    """Refuse the expression at `node`'s column."""
    raise ExprError(msg_id, msg_en, getattr(node, "col_offset", None) + 1 if hasattr(node, "col_offset") else None)


def parse_tree(src: str) -> ast.expr:
    """The body of `src` parsed as one Python expression, within the size and nesting limits."""
    if not isinstance(src, str):
        raise ExprError("ekspresi harus berupa teks", "an expression must be text")
    if len(src) > MAX_SOURCE:
        raise ExprError(f"ekspresi lebih dari {MAX_SOURCE} karakter", f"expression longer than {MAX_SOURCE} characters")
    depth = best = 0
    for ch in src:
        if ch in "([{":
            depth += 1
            best = max(best, depth)
        elif ch in ")]}":
            depth -= 1
    if best > MAX_DEPTH:
        raise ExprError(f"kurung bersarang lebih dari {MAX_DEPTH} tingkat", f"brackets nested deeper than {MAX_DEPTH}")
    # YAML block scalars keep line breaks (and extra indentation) inside an
    # expression; a rule author means one expression.
    src = " ".join(line.strip() for line in src.strip().splitlines())
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as e:
        raise ExprError(f"sintaks tidak sah: {quote(e.msg)}", f"invalid syntax: {e.msg}", e.offset)
    except (ValueError, RecursionError, MemoryError):
        raise ExprError("ekspresi tidak dapat diurai", "expression cannot be parsed")
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ExprError(f"ekspresi terlalu besar ({count} simpul)", f"expression too large ({count} nodes)")
    return tree.body


def literal(node: ast.Constant):
    """The value of a constant the language has (truth values, None, bounded numbers and text)."""
    v = node.value
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        if abs(v) > MAX_INT:
            fail(node, "bilangan terlalu besar", "number too large")
        return v
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            fail(node, "bilangan tidak terhingga", "number is not finite")
        return v
    if isinstance(v, str):
        if len(v) > MAX_STRING:
            fail(node, f"teks lebih dari {MAX_STRING} karakter", f"text longer than {MAX_STRING} characters")
        return v
    fail(node, "nilai tetap tidak didukung", "unsupported constant")


def literal_list(node: ast.List | ast.Tuple) -> tuple:
    """The values of `[...]` right of `in`: literal text or numbers only."""
    vals = []
    for e in node.elts:
        if not isinstance(e, ast.Constant) or not isinstance(e.value, (str, int, float)) or isinstance(e.value, bool):
            fail(e, "daftar hanya boleh berisi teks atau angka tetap", "a list may hold only literal text or numbers")
        if isinstance(e.value, str) and len(e.value) > MAX_STRING:
            fail(e, "teks terlalu panjang", "text too long")
        vals.append(e.value)
    if len(vals) > MAX_LIST:
        fail(node, "daftar terlalu panjang", "list too long")
    return tuple(vals)
