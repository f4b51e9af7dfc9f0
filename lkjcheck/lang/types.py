"""Type checking: an accepted syntax tree → typed nodes, every name resolved against the data model.

A typo is a load error, never a rule that silently never fires; text is
never added to a number, a date never multiplied. Functions are checked
against their entry in `lang.functions`.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from lkjcheck.i18n import Both, Foreign, kind_name
from lkjcheck.lang.functions import AGG_KEYWORDS, AGGREGATES, FUNCTIONS, RegexBudget
from lkjcheck.lang.nodes import (Aggregate, BinOp, BoolOp, Broadcast, Column, ColRef, Compare, Const, Func, IfExp,
                                 InList, ListConst, Node, Param, Unary)
from lkjcheck.lang.syntax import ARITHMETIC, COMPARISONS, MAX_DEPTH, fail, literal, literal_list, parse_tree


@dataclass
class Scope:
    table: str
    tables: dict                      # name -> {column: kind}
    single: set                       # tables with one row per dataset
    params: dict


def parse_expr(src: str, scope: Scope) -> Node:
    """The typed node of expression `src` on `scope.table`, or ExprError."""
    return _Compiler(scope).build(parse_tree(src), 0)


class _Compiler:
    def __init__(self, scope: Scope):
        self.scope = scope
        # One budget for every matches()/ambil() of the expression: sixty call
        # sites over one catastrophic pattern share REGEX_BUDGET, not 60 x.
        self.regex_budget = RegexBudget()

    def build(self, node, depth: int, scope: Scope | None = None) -> Node:
        scope = scope or self.scope
        if depth > MAX_DEPTH:
            fail(node, "lang.expression_nested_too_deeply")
        d = depth + 1
        if isinstance(node, ast.Constant):
            v = literal(node)
            return Const(v, "bool" if isinstance(v, bool) else "text" if isinstance(v, str) else "num")
        if isinstance(node, ast.Name):
            return self._name(node, scope)
        if isinstance(node, ast.Attribute):
            return self._attribute(node, scope)
        if isinstance(node, ast.UnaryOp):
            arg = self.build(node.operand, d, scope)
            if isinstance(node.op, ast.Not):
                self._want(node, arg, ("bool",))
                return Unary("not", arg, "bool")
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                self._want(node, arg, ("num", "money"))
                return Unary("-" if isinstance(node.op, ast.USub) else "+", arg, arg.kind)
            fail(node, "lang.operator_not_allowed")
        if isinstance(node, ast.BinOp):
            op = ARITHMETIC.get(type(node.op))
            if op is None:
                fail(node, "lang.operator_not_allowed_only")
            left, right = self.build(node.left, d, scope), self.build(node.right, d, scope)
            return BinOp(op, left, right, self._arith_kind(node, op, left, right))
        if isinstance(node, ast.BoolOp):
            args = [self.build(v, d, scope) for v in node.values]
            for a in args:
                self._want(node, a, ("bool",))
            return BoolOp("and" if isinstance(node.op, ast.And) else "or", args)
        if isinstance(node, ast.Compare):
            return self._compare(node, d, scope)
        if isinstance(node, ast.IfExp):
            cond = self.build(node.test, d, scope)
            self._want(node, cond, ("bool",))
            a, b = self.build(node.body, d, scope), self.build(node.orelse, d, scope)
            if (a.kind == "text") != (b.kind == "text"):
                fail(node, "lang.both_branches_must_same_kind")
            return IfExp(cond, a, b, a.kind)
        if isinstance(node, ast.Call):
            return self._call(node, d, scope)
        if isinstance(node, (ast.List, ast.Tuple)):
            return ListConst(literal_list(node))
        fail(node, "lang.syntax_not_allowed_rules", name=type(node).__name__)

    def _want(self, node, arg, kinds):
        if arg.kind not in kinds:
            fail(node, "lang.expected_got", join='/'.join(kinds), kind=arg.kind)

    def _arith_kind(self, node, op, a, b):
        for x in (a, b):
            if x.kind in ("text", "bool", "list"):
                fail(node, "lang.arithmetic_not_allowed", kind=Both(kind_name(x.kind, "id"), x.kind))
        if op in "+-":
            if a.kind == "date" and b.kind == "date":
                if op == "+":
                    fail(node, "lang.dates_cannot_added")
                return "num"
            if "date" in (a.kind, b.kind):
                return "date"
            if a.kind == "money" and b.kind == "money":
                return "money"
            return "num"
        if "date" in (a.kind, b.kind):
            fail(node, "lang.dates_cannot_multiplied_divided")
        return "num"

    def _compare(self, node, d, scope):
        if len(node.ops) != 1:
            fail(node, "lang.write_one_comparison_at_time")
        op = node.ops[0]
        left = self.build(node.left, d, scope)
        if isinstance(op, (ast.In, ast.NotIn)):
            right = self.build(node.comparators[0], d, scope)
            if not isinstance(right, ListConst):
                fail(node, "lang.must_followed_by_literal_list")
            return InList(left, right.values, isinstance(op, ast.NotIn))
        sym = COMPARISONS.get(type(op))
        if sym is None:
            fail(node, "lang.comparison_not_allowed")
        right = self.build(node.comparators[0], d, scope)
        lt, rt = left.kind == "text", right.kind == "text"
        if lt != rt and not (isinstance(left, Const) and left.value is None) and not (isinstance(right, Const) and right.value is None):
            fail(node, "lang.comparing_text_with_number")
        if (left.kind == "bool") != (right.kind == "bool"):
            fail(node, "lang.comparing_truth_value_with_another")
        return Compare(sym, left, right)

    def _name(self, node, scope):
        cols = scope.tables[scope.table]
        if node.id in cols:
            return Column(ColRef(scope.table, node.id), cols[node.id])
        if node.id in scope.tables:
            fail(node, "lang.table_write_column_count", id=node.id)
        fail(node, "lang.column_not_in_table", column=node.id, table=scope.table)

    def _attribute(self, node, scope):
        if not isinstance(node.value, ast.Name):
            fail(node, "lang.only_table_column_allowed")
        t, c = node.value.id, node.attr
        if t not in scope.tables:
            fail(node, "lang.table_does_not_exist", t=t)
        if c not in scope.tables[t]:
            fail(node, "lang.column_not_in_table", column=c, table=t)
        kind = scope.tables[t][c]
        if t == scope.table:
            return Column(ColRef(t, c), kind)
        if t in scope.single:
            return Broadcast(ColRef(t, c), kind)
        fail(node, "lang.has_many_rows_use_aggregate", t=t, c=c)

    def _call(self, node, d, scope):
        if not isinstance(node.func, ast.Name):
            fail(node, "lang.only_provided_functions_may_called")
        name = node.func.id
        if name == "param":
            if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Constant) \
                    or not isinstance(node.args[0].value, str):
                fail(node, "lang.param_name_needs_one_literal")
            pname = node.args[0].value
            if pname not in scope.params:
                fail(node, "lang.unknown_parameter", pname=pname)
            v = scope.params[pname]
            kind = "bool" if isinstance(v, bool) else "num" if isinstance(v, (int, float)) or v is None else "text"
            if isinstance(v, str) and (pname.endswith("_tanggal") or pname.startswith("tanggal")):
                kind = "date"
            return Param(pname, kind)
        first = node.args[0] if node.args else None
        is_agg = name in AGGREGATES and first is not None and (
            (isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name) and first.value.id in scope.tables)
            or (name == "count" and isinstance(first, ast.Name) and first.id in scope.tables))
        if is_agg:
            return self._aggregate(node, name, d, scope)
        if name in ("sum", "mean", "count", "one", "first", "lookup"):
            fail(node, "lang.needs_table_column_its_first", name=name)
        spec = FUNCTIONS.get(name)
        if spec is None:
            fail(node, "lang.function_not_available", name=name)
        if node.keywords:
            fail(node, "lang.takes_no_keyword_arguments", name=name)
        lo, hi = spec.arity
        if not lo <= len(node.args) <= hi:
            fail(node, "lang.takes_arguments", name=name, lo=lo, hi=hi)
        args = [self.build(a, d, scope) for a in node.args]
        for i, a in enumerate(args):
            want = spec.args[min(i, len(spec.args) - 1)]
            if want.kinds is not None and a.kind not in want.kinds:
                if want.wrong:
                    fail(node, want.wrong, name=name)
                self._want(node, a, want.kinds)
        extra = {}
        if spec.literal is not None:
            args, extra = spec.literal(self, node, args)
        return Func(name, args, spec.result or args[0].kind, extra)

    def constant(self, node, default=None):
        """The value of a literal argument, or `default` when it is not one."""
        return node.value if isinstance(node, Const) else default

    def parameter(self, node, default=None):
        """The value param('...') has for this rule pack, or `default` when the node is not a parameter."""
        if isinstance(node, Param):
            return self.scope.params.get(node.name, default)
        return default

    def literal_regex(self, node, name, arg):
        """A pattern written in the rule itself, compiled once when the rule loads."""
        if not isinstance(arg, Const) or not isinstance(arg.value, str):
            fail(node, "lang.pattern_literal", name=name)
        import regex

        from lkjcheck.safety.regex import PatternTooBig, compile_bounded
        try:
            return compile_bounded(arg.value)
        except PatternTooBig as e:
            fail(node, e.key, **e.values)
        except (regex.error, OverflowError, ValueError, RecursionError) as e:
            fail(node, "lang.invalid_regex", problem=Foreign(e))

    def _aggregate(self, node, name, d, scope):
        first = node.args[0]
        if len(node.args) > 1:
            fail(node, "lang.write_condition_where_not_second", name=name)
        if isinstance(first, ast.Name):
            table, value = first.id, None
        else:
            table = first.value.id
            if first.attr not in scope.tables[table]:
                fail(first, "lang.column_not_in_table", column=first.attr, table=table)
            value = Column(ColRef(table, first.attr), scope.tables[table][first.attr])
            if name in ("sum", "mean") and value.kind not in ("num", "money"):
                fail(first, "lang.needs_numeric_column", name=name)
        inner = Scope(table, scope.tables, scope.single, scope.params)
        where = by = key = year = None
        for kw in node.keywords:
            if kw.arg not in AGG_KEYWORDS:
                fail(node, "lang.unknown_argument_where_by_key", arg=kw.arg)
            if kw.arg == "where":
                where = self.build(kw.value, d, inner)
                self._want(kw.value, where, ("bool",))
            elif kw.arg == "by":
                if not isinstance(kw.value, ast.Name) or kw.value.id not in scope.tables[table]:
                    fail(kw.value, "lang.by_must_column_table", table=table)
                by = kw.value.id
            elif kw.arg == "tahun":
                year = self.build(kw.value, d, scope)
                self._want(kw.value, year, ("num",))
            else:
                key = self.build(kw.value, d, scope)
        if by and key is None:
            if by not in scope.tables[scope.table]:
                fail(node, "lang.key_needed_table_has_no", table=scope.table, by=by)
            key = Column(ColRef(scope.table, by), scope.tables[scope.table][by])
        if key is not None and not by:
            fail(node, "lang.key_needs_by")
        func = "one" if name == "lookup" else name
        kind = "num" if value is None else value.kind
        if func == "mean":
            kind = "num"
        return Aggregate(func, table, value, where, by, key, kind, year)
