"""Great Expectations (GX 1.x) as a second engine: export rules as expectations, validate through GX.

Only imported by `lkjcheck gx ...` and `lkjcheck run --engine gx`: importing
GX costs seconds and hundreds of megabytes, which a pre-commit hook must not pay.

The translation is honest rather than convenient: GX judges every exported
row, and lkjcheck's engine only formats the messages of the rows GX rejected.
GX has no interval arithmetic, so a row rule `L == R` becomes a derived column
holding the row's *excess* |L − R| − tolerance, where the tolerance is computed
from the written precision of the inputs exactly as the native engine does
(radius columns `<col>__rad`), and GX checks that excess with a between-
expectation. The derived columns are defined in a small, documented dialect
(`evaluate`) that anyone can compute with numpy/pandas; the suite's meta carries
the definitions. Rules that need other tables, aggregates or dates do not
translate and are reported with the reason (docs/gx.md).
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field

import numpy as np

from lkjcheck.lang import expr as X

PREFIX = "__lkj_"
ROW, DS = PREFIX + "row", PREFIX + "ds"
RAD = "__rad"
EPS = X._EPS
# GX 1.x has its own severity vocabulary on every expectation.
GX_SEVERITY = {"error": "critical", "warning": "warning", "info": "info"}


class NotExpressible(Exception):
    """A rule (or part of one) that GX cannot check faithfully; the message is the reason."""


@dataclass
class Plan:
    """One GX expectation standing for one rule (a rule of `a and b` may give several)."""

    rule: object                      # rules.CompiledRule
    table: str
    expectation: str                  # class name in great_expectations.expectations
    kwargs: dict
    derived: dict = field(default_factory=dict)     # column -> definition in the dialect
    inputs: list = field(default_factory=list)      # stored columns the frame must carry

    @property
    def rule_id(self) -> str:
        return self.rule.meta.id

    def meta(self) -> dict:
        m = self.rule.meta
        out = {"lkjcheck_rule": m.id, "lkjcheck_severity": m.severity, "table": self.table,
               "title": m.title_in("en"), "reference": m.reference}
        if self.derived:
            out["derived_columns"] = dict(self.derived)
        out["required_columns"] = list(self.inputs)
        return out


@dataclass
class Skipped:
    rule_id: str
    table: str
    reason: str


# ---------------------------------------------------------------- translation

def _sum(*xs: str) -> str:
    # Exact inputs have radius "0": leaving those terms out keeps the exported definitions readable.
    xs = [x for x in xs if x != "0"]
    return "0" if not xs else xs[0] if len(xs) == 1 else f"({' + '.join(xs)})"


def _prod(a: str, b: str) -> str:
    return "0" if "0" in (a, b) else f"{a} * {b}"


class _Translator:
    """lkjcheck expression nodes → dialect source, mirroring expr.py's interval semantics.

    Numbers come out as (value, radius) source pairs; truth values as 1.0 /
    0.0 / NaN (unknown), so Kleene logic and "unknown is not a failure"
    survive the translation.
    """

    def __init__(self, table: str, derived: dict, params: dict, model):
        self.table, self.derived, self.params, self.model = table, derived, params, model
        self.inputs: list[str] = []

    def _use(self, name: str) -> None:
        if name not in self.inputs:
            self.inputs.append(name)

    def _const(self, node):
        """The value of a node that does not depend on the row, or raise KeyError."""
        if isinstance(node, X.Const):
            return node.value
        if isinstance(node, X.Param):
            if node.kind == "date":
                raise NotExpressible(f"param('{node.name}') is a date; dates are intervals")
            return self.params.get(node.name)
        raise KeyError

    def _column(self, node):
        if isinstance(node, X.Broadcast):
            raise NotExpressible(f"reads {node.ref.table}.{node.ref.column} from another table")
        ref = node.ref
        if (ref.table, ref.column) in self.derived:
            return self.derived[(ref.table, ref.column)]
        if node.kind == "date":
            raise NotExpressible(f"{ref.column} is a date; dates are intervals of days")
        return None

    def num(self, node) -> tuple[str, str]:
        if isinstance(node, (X.Const, X.Param)):
            v = self._const(node)
            if v is None:
                return "nan", "0"
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise NotExpressible(f"non-numeric constant {v!r} used as a number")
            return repr(float(v)), "0"
        if isinstance(node, (X.Column, X.Broadcast)):
            inner = self._column(node)
            if inner is not None:
                return self.num(inner)
            if node.kind not in ("num", "money"):
                raise NotExpressible(f"{node.ref.column} is {node.kind}, not a number")
            self._use(node.ref.column)
            self._use(node.ref.column + RAD)
            return node.ref.column, node.ref.column + RAD
        if isinstance(node, X.Aggregate):
            raise NotExpressible(f"{node.func}() aggregates over table {node.table} (GX checks one row at a time)")
        if isinstance(node, X.Unary) and node.op in "-+":
            v, r = self.num(node.arg)
            return (f"(-{v})" if node.op == "-" else v), r
        if isinstance(node, X.BinOp):
            (a, ra), (b, rb) = self.num(node.left), self.num(node.right)
            if node.op in "+-":
                return f"({a} {node.op} {b})", _sum(ra, rb)
            if node.op == "*":
                return f"({a} * {b})", _sum(_prod(f"abs({a})", rb), _prod(f"abs({b})", ra), _prod(ra, rb))
            return f"div({a}, {b}, {rb})", f"divrad({a}, {ra}, {b}, {rb})"
        if isinstance(node, X.IfExp):
            try:
                c = self._truth_const(node.cond)
            except KeyError:
                c = None
            if c is not None:
                return self.num(node.then if c else node.other)
            t = self.truth(node.cond)
            (a, ra), (b, rb) = self.num(node.then), self.num(node.other)
            return f"pick({t}, {a}, {b})", f"pick({t}, {ra}, {rb})"
        if isinstance(node, X.Func) and node.name == "abs":
            v, r = self.num(node.args[0])
            return f"abs({v})", r
        if isinstance(node, X.Func) and node.name in ("min", "max") and len(node.args) == 2:
            # The smaller (larger) value, with its own radius, as the native engine picks.
            (a, ra), (b, rb) = self.num(node.args[0]), self.num(node.args[1])
            first = f"le0(({a}) - ({b}))" if node.name == "min" else f"le0(({b}) - ({a}))"
            return f"pick({first}, {a}, {b})", f"pick({first}, {ra}, {rb})"
        if isinstance(node, X.Func):
            raise NotExpressible(f"function {node.name}() has no translation")
        raise NotExpressible(f"{type(node).__name__} has no translation")

    def text(self, node) -> str:
        if isinstance(node, (X.Const, X.Param)):
            v = self._const(node)
            if not isinstance(v, str):
                raise NotExpressible(f"{v!r} used as text")
            return repr(v)
        if isinstance(node, (X.Column, X.Broadcast)):
            inner = self._column(node)
            if inner is not None:
                return self.text(inner)
            self._use(node.ref.column)
            return node.ref.column
        if isinstance(node, X.Func) and node.name in ("lower", "upper", "trim"):
            return f"{node.name}({self.text(node.args[0])})"
        if isinstance(node, X.Aggregate):
            raise NotExpressible(f"{node.func}() looks up table {node.table} (GX checks one row at a time)")
        if isinstance(node, X.Func):
            raise NotExpressible(f"function {node.name}() has no translation")
        raise NotExpressible(f"{type(node).__name__} has no text translation")

    def _truth_const(self, node):
        if isinstance(node, X.Compare):
            a, b = self._const(node.left), self._const(node.right)
            return {"==": a == b, "!=": a != b}.get(node.op) if isinstance(a, str) or isinstance(b, str) \
                else X.compare(node.op, X._scalar_vec(a, 1), X._scalar_vec(b, 1)).val[0]
        if isinstance(node, X.Const) and isinstance(node.value, bool):
            return node.value
        raise KeyError

    def excess(self, node: "X.Compare") -> tuple[str, bool, bool]:
        """A numeric comparison as (source of a value that must be <= 0 (or < 0 when strict), strict)."""
        (a, ra), (b, rb) = self.num(node.left), self.num(node.right)
        money = node.left.kind == "money" and node.right.kind == "money"
        tol = "0" if node.exact else _sum(ra, rb)
        if node.slack:
            tol = f"({tol} + {node.slack!r})"
        # Float noise as in expr.compare: it widens <=, >=, == and narrows < and >.
        noise = f"({EPS!r} * maximum(maximum(abs({a}), abs({b})), 1.0))"
        if money:
            # Whole-rupiah amounts without written imprecision compare exactly.
            noise = f"exactzero({tol}, {noise})"
        d = f"({a} - {b})"
        if node.op == "==":
            return f"(abs({d}) - ({tol} + {noise}))", False, False
        if node.op == "<=":
            return f"({d} - ({tol} + {noise}))", False, False
        if node.op == "<":
            return f"({d} - ({tol} - {noise}))", True, False
        if node.op == ">=":
            return f"(-{d} - ({tol} + {noise}))", False, False
        if node.op == ">":
            return f"(-{d} - ({tol} - {noise}))", True, False
        return f"(abs({d}) - ({tol} + {noise}))", True, True     # !=: excess must be > 0

    def truth(self, node) -> str:
        try:
            c = self._truth_const(node)
            return "1.0" if c else "0.0"
        except KeyError:
            pass
        if isinstance(node, X.Compare):
            if node.left.kind == "text" or node.right.kind == "text":
                if node.op not in ("==", "!="):
                    raise NotExpressible("ordering of text")
                return f"text_{'eq' if node.op == '==' else 'ne'}({self.text(node.left)}, {self.text(node.right)})"
            if node.left.kind == "bool" or node.right.kind == "bool":
                raise NotExpressible("comparison of truth values")
            src, strict, negate = self.excess(node)
            if negate:
                return f"knot(le0({src}))"
            return f"{'lt0' if strict else 'le0'}({src})"
        if isinstance(node, X.BoolOp):
            return f"k{node.op}({', '.join(self.truth(a) for a in node.args)})"
        if isinstance(node, X.Unary) and node.op == "not":
            return f"knot({self.truth(node.arg)})"
        if isinstance(node, X.InList):
            if node.arg.kind != "text":
                raise NotExpressible("'in' on numbers follows written precision")
            t = f"isin({self.text(node.arg)}, {list(map(str, node.values))!r})"
            return f"knot({t})" if node.negate else t
        if isinstance(node, X.Func) and node.name in ("ada", "kosong"):
            arg = node.args[0]
            if isinstance(arg, (X.Column, X.Broadcast)) and self._column(arg) is None:
                self._use(arg.ref.column)
                src = arg.ref.column
            elif arg.kind in ("num", "money"):
                src = self.num(arg)[0]
            else:
                src = self.text(arg)
            return f"{'notnull' if node.name == 'ada' else 'isnull'}({src})"
        if isinstance(node, X.Func) and node.name == "matches":
            raise NotExpressible("matches() inside a larger expression")
        if isinstance(node, X.Aggregate):
            raise NotExpressible(f"{node.func}() over table {node.table}")
        if isinstance(node, X.IfExp):
            raise NotExpressible("a conditional truth value")
        if isinstance(node, X.Func):
            raise NotExpressible(f"function {node.name}() has no translation")
        raise NotExpressible(f"{type(node).__name__} has no translation")


def _regex_of(node):
    """The pattern of `matches(col, 'p')`, recovered from the compiled closure."""
    for cell in node.impl.__closure__ or ():
        pat = getattr(cell.cell_contents, "pattern", None)
        if isinstance(pat, str):
            return pat
    raise NotExpressible("matches(): pattern not recoverable")


def _exact_column(model, table: str, column: str) -> bool:
    c = model.tables[table].columns.get(column)
    return c is not None and (c.type in ("cacah", "tahun") or getattr(c, "precision", None) == "tepat"
                              or getattr(c, "presisi", None) == "tepat")


def plan_rule(rule, pack, params: dict) -> list[Plan]:
    """The expectations for one rule, or NotExpressible with the reason."""
    derived = getattr(pack.model, "derived_nodes", {})
    rid, table = rule.meta.id, rule.table
    tr = _Translator(table, derived, params, pack.model)
    where = tr.truth(rule.where) if rule.where is not None else None
    check = rule.check
    base = f"{PREFIX}{rid}"

    def masked(src: str, n: int | None = None) -> dict:
        name = base if n is None else f"{base}_{n}"
        return {name: src if where is None else f"keep({where}, {src})"}

    # Recognised shapes first: they map onto GX's own vocabulary.
    if isinstance(check, X.Func) and check.name == "matches" and isinstance(check.args[0], X.Column) \
            and tr._column(check.args[0]) is None:
        pat = _regex_of(check)
        try:
            re.compile(pat)
        except re.error as e:
            raise NotExpressible(f"the pattern is not a Python `re` pattern ({e})")
        col = check.args[0].ref.column
        tr._use(col)
        der = {} if where is None else masked(col)
        return [Plan(rule, table, "ExpectColumnValuesToMatchRegex",
                     {"column": next(iter(der), col), "regex": pat}, der, tr.inputs)]
    if isinstance(check, X.InList) and check.arg.kind == "text" and isinstance(check.arg, X.Column) \
            and tr._column(check.arg) is None:
        col = check.arg.ref.column
        tr._use(col)
        der = {} if where is None else masked(col)
        kind = "ExpectColumnValuesToNotBeInSet" if check.negate else "ExpectColumnValuesToBeInSet"
        return [Plan(rule, table, kind, {"column": next(iter(der), col), "value_set": [str(v) for v in check.values]},
                     der, tr.inputs)]
    unique = _unique_column(rule)
    if unique is not None:
        tr._use(unique)
        return [Plan(rule, table, "ExpectCompoundColumnsToBeUnique",
                     {"column_list": [DS, unique], "ignore_row_if": "any_value_is_missing"}, {}, [DS] + tr.inputs)]
    parts = check.args if isinstance(check, X.BoolOp) and check.op == "and" else [check]
    rng = _range(parts, pack.model, table) if where is None else None
    if rng is not None:
        col, kw = rng
        tr._use(col)
        return [Plan(rule, table, "ExpectColumnValuesToBeBetween", {"column": col, **kw}, {}, tr.inputs)]
    plans = []
    for i, part in enumerate(parts):
        n = None if len(parts) == 1 else i + 1
        if isinstance(part, X.Compare) and part.left.kind not in ("text", "bool") \
                and part.right.kind not in ("text", "bool"):
            src, strict, negate = tr.excess(part)
            der = masked(src, n)
            kw = {"min_value": 0, "strict_min": True} if negate else {"max_value": 0, "strict_max": strict}
        else:
            der = masked(tr.truth(part), n)
            kw = {"min_value": 1, "max_value": 1}
        plans.append(Plan(rule, table, "ExpectColumnValuesToBeBetween", {"column": next(iter(der)), **kw}, der, []))
    for p in plans:
        p.inputs = list(tr.inputs)
    return plans


def _unique_column(rule):
    """`count(T, by=c) == 1` (or `<= 1`) on T itself, with `where: ada(c)`: per-dataset uniqueness of c."""
    c = rule.check
    if not (isinstance(c, X.Compare) and c.op in ("==", "<=") and isinstance(c.left, X.Aggregate)
            and isinstance(c.right, X.Const) and c.right.value == 1):
        return None
    agg = c.left
    if agg.func != "count" or agg.table != rule.table or agg.where is not None or not agg.by \
            or not (isinstance(agg.key, X.Column) and agg.key.ref.column == agg.by):
        return None
    w = rule.where
    # Rows whose key is empty count as not unique in the native engine; GX skips
    # them, so the shapes agree only when the rule itself skips them.
    if not (isinstance(w, X.Func) and w.name == "ada" and isinstance(w.args[0], X.Column)
            and w.args[0].ref.column == agg.by):
        return None
    return agg.by


def _range(parts, model, table):
    """`lo <= c`, `c <= hi` (and both) on an exactly stated column: a plain between-expectation."""
    col, kw = None, {}
    for p in parts:
        if not isinstance(p, X.Compare) or p.op not in ("<", "<=", ">", ">=") or p.slack:
            return None
        left, right, op = p.left, p.right, p.op
        if isinstance(left, X.Const) and isinstance(right, X.Column):
            left, right, op = right, left, {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
        if not (isinstance(left, X.Column) and isinstance(right, X.Const)) or isinstance(right.value, (bool, str)) \
                or right.value is None or not _exact_column(model, table, left.ref.column):
            return None
        if col not in (None, left.ref.column):
            return None
        col = left.ref.column
        if op in ("<", "<="):
            kw.update(max_value=right.value, strict_max=op == "<")
        else:
            kw.update(min_value=right.value, strict_min=op == ">")
    return (col, kw) if col else None


def plan_pack(pack, rules=None, params: dict | None = None) -> tuple[list[Plan], list[Skipped]]:
    p = dict(pack.model.parameters)
    p.update(params or {})
    plans, skipped = [], []
    for rule in rules if rules is not None else pack.rules:
        try:
            plans.extend(plan_rule(rule, pack, p))
        except NotExpressible as e:
            skipped.append(Skipped(rule.meta.id, rule.table, str(e)))
    return plans, skipped


# ---------------------------------------------------------------- the dialect

def _nan_to(x, v):
    return np.where(np.isnan(x), v, x)


def _truth(x):
    return np.asarray(x, dtype=float)


def _text_op(fn):
    def impl(s):
        return np.array([None if v is None else fn(v) for v in s], dtype=object)
    return impl


def _k_and(*xs):
    # A constant operand (a parameter test) is a scalar beside row arrays.
    xs = np.broadcast_arrays(*[np.asarray(x, float) for x in xs])
    false = np.any([x == 0 for x in xs], axis=0)
    unknown = np.any([np.isnan(x) for x in xs], axis=0)
    return np.where(false, 0.0, np.where(unknown, np.nan, 1.0))


def _k_or(*xs):
    xs = np.broadcast_arrays(*[np.asarray(x, float) for x in xs])
    true = np.any([x == 1 for x in xs], axis=0)
    unknown = np.any([np.isnan(x) for x in xs], axis=0)
    return np.where(true, 1.0, np.where(unknown, np.nan, 0.0))


def _div(a, b, rb):
    with np.errstate(divide="ignore", invalid="ignore"):
        zero = (np.abs(b) <= rb) | (b == 0)
        return np.where(zero, np.nan, a / np.where(zero, 1.0, b))


def _divrad(a, ra, b, rb):
    with np.errstate(divide="ignore", invalid="ignore"):
        zero = (np.abs(b) <= rb) | (b == 0)
        safe = np.where(zero, 1.0, b)
        r = (np.abs(a) * rb + np.abs(safe) * ra) / (np.abs(safe) * np.maximum(np.abs(safe) - rb, 1e-300))
        return np.where(zero, 0.0, r)


def _cmp0(strict):
    def impl(x):
        x = np.asarray(x, float)
        with np.errstate(invalid="ignore"):
            ok = x < 0 if strict else x <= 0
        return np.where(np.isnan(x), np.nan, ok.astype(float))
    return impl


def _text_cmp(eq):
    def impl(a, b):
        n = len(a) if not isinstance(a, str) else len(b)
        a = [a] * n if isinstance(a, str) else a
        b = [b] * n if isinstance(b, str) else b
        return np.array([np.nan if x is None or y is None else float((x == y) == eq) for x, y in zip(a, b)])
    return impl


FUNCTIONS = {
    "abs": np.abs, "maximum": np.maximum, "nan": np.nan,
    "div": _div, "divrad": _divrad,
    # An unknown condition takes the else branch, as in the native engine.
    "pick": lambda c, a, b: np.where(np.asarray(c, float) == 1, a, b),
    "keep": lambda w, x: np.where(np.asarray(w, float) == 1, x, np.nan) if np.asarray(x).dtype != object
    else np.array([v if k == 1 else None for k, v in zip(np.asarray(w, float), x)], dtype=object),
    "exactzero": lambda tol, noise: np.where(np.asarray(tol) == 0, 0.0, noise),
    "le0": _cmp0(False), "lt0": _cmp0(True),
    "kand": _k_and, "kor": _k_or, "knot": lambda x: 1.0 - np.asarray(x, float),
    "notnull": lambda s: np.array([0.0 if _isnull(v) else 1.0 for v in s]),
    "isnull": lambda s: np.array([1.0 if _isnull(v) else 0.0 for v in s]),
    "text_eq": _text_cmp(True), "text_ne": _text_cmp(False),
    "isin": lambda s, vals: np.array([np.nan if v is None else float(v in vals) for v in s]),
    "lower": _text_op(str.lower), "upper": _text_op(str.upper), "trim": _text_op(lambda v: " ".join(v.split())),
}


def _isnull(v) -> bool:
    return v is None or (isinstance(v, float) and v != v)


_ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Constant, ast.Load, ast.List,
            ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd)


def evaluate(src: str, columns) -> np.ndarray:
    """Compute a derived column from its definition over a frame (any mapping of column -> array).

    The definitions are generated by lkjcheck, but a suite file may be edited
    by anyone, so evaluation stays a whitelist: arithmetic, names and the
    FUNCTIONS above, nothing else.
    """
    tree = ast.parse(src, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ValueError(f"not allowed in a derived column: {type(node).__name__}")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS):
            raise ValueError("only the dialect's functions may be called")

    def ev(n):
        if isinstance(n, ast.Expression):
            return ev(n.body)
        if isinstance(n, ast.Constant):
            return n.value
        if isinstance(n, ast.List):
            return [ev(e) for e in n.elts]
        if isinstance(n, ast.Name):
            if n.id in FUNCTIONS:
                return FUNCTIONS[n.id]
            v = columns[n.id]
            return v if isinstance(v, np.ndarray) and v.dtype == object else np.asarray(v, dtype=float) \
                if getattr(v, "dtype", None) is None or v.dtype != object else np.asarray(v)
        if isinstance(n, ast.UnaryOp):
            v = ev(n.operand)
            return -v if isinstance(n.op, ast.USub) else v
        if isinstance(n, ast.BinOp):
            a, b = ev(n.left), ev(n.right)
            with np.errstate(all="ignore"):
                return {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply,
                        ast.Div: np.divide}[type(n.op)](a, b)
        if isinstance(n, ast.Call):
            return FUNCTIONS[n.func.id](*[ev(a) for a in n.args])
        raise ValueError(type(n).__name__)

    return ev(tree)


# ---------------------------------------------------------------- suites

def suite_dicts(plans: list[Plan], name: str = "lkjcheck") -> list[dict]:
    """One GX ExpectationSuite per table (a suite validates one batch), as JSON-ready dicts."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    _context()          # GX builds suites only inside an active context
    out = []
    for table in sorted({p.table for p in plans}):
        suite = gx.ExpectationSuite(name=f"{name}.{table}", meta={"lkjcheck_table": table})
        for p in (p for p in plans if p.table == table):
            suite.add_expectation(getattr(gxe, p.expectation)(**p.kwargs, meta=p.meta(),
                                                               severity=GX_SEVERITY[p.rule.meta.severity]))
        out.append(suite.to_json_dict())
    return out


def export_document(pack, rules=None, params=None, name: str = "lkjcheck") -> tuple[dict, list[Skipped]]:
    plans, skipped = plan_pack(pack, rules, params)
    doc = {
        "lkjcheck_gx_export": 1,
        "about": ("One GX 1.x ExpectationSuite per table. Expectations on __lkj_* columns need the derived "
                  "columns of their meta.derived_columns, computed with lkjcheck.gx.evaluate from the stored "
                  "columns and their <column>__rad radii (half a unit of the last written digit). "
                  "`lkjcheck run --engine gx` computes them itself. See docs/gx.md."),
        "parameters": {k: v for k, v in sorted({**pack.model.parameters, **(params or {})}.items())},
        "suites": suite_dicts(plans, name),
        "not_exported": [{"rule": s.rule_id, "table": s.table, "reason": s.reason} for s in skipped],
    }
    return doc, skipped


# ---------------------------------------------------------------- running

def frame_for(table: str, env, plans: list[Plan]):
    """The stacked table as a pandas frame with the inputs and derived columns the plans need."""
    import pandas as pd

    n = env.nrows(table)
    cols = {ROW: np.arange(n), DS: env.ds(table)}
    for p in plans:
        for c in p.inputs:
            if c in cols:
                continue
            if c.endswith(RAD):
                v = env.column(table, c[: -len(RAD)])
                cols[c] = v.radius().astype(float)
                continue
            v = env.column(table, c)
            if v.kind in ("num", "money"):
                cols[c] = np.where(v.null, np.nan, v.as_float())
            else:
                arr = np.empty(n, dtype=object)
                arr[:] = [None if v.null[i] else str(v.val[i]) for i in range(n)]
                cols[c] = arr
    for p in plans:
        for name, src in p.derived.items():
            cols[name] = evaluate(src, cols)
    return pd.DataFrame(cols)


def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    # Progress bars go to stderr on every validation: noise in a CI log.
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


def validate(plans: list[Plan], env, suite_name: str = "lkjcheck", docs_dir=None) -> dict[tuple[str, str], set[int]]:
    """Run the plans through GX; returns {(rule id, table): failing row indexes of the stacked table}."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    ctx = _context()
    source = ctx.data_sources.add_pandas("lkjcheck")
    failing: dict[tuple[str, str], set[int]] = {}
    for table in sorted({p.table for p in plans}):
        tplans = [p for p in plans if p.table == table]
        if not env.nrows(table):
            continue
        df = frame_for(table, env, tplans)
        batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("all")
        suite = ctx.suites.add(gx.ExpectationSuite(name=f"{suite_name}.{table}"))
        for p in tplans:
            suite.add_expectation(getattr(gxe, p.expectation)(**p.kwargs, meta=p.meta(),
                                                               severity=GX_SEVERITY[p.rule.meta.severity]))
        vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=f"{suite_name}.{table}", data=batch, suite=suite))
        res = vd.run(batch_parameters={"dataframe": df},
                     result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]})
        for r in res.results:
            info = r.exception_info or {}
            raised = info.get("raised_exception") if isinstance(info, dict) and "raised_exception" in info else any(
                v.get("raised_exception") for v in info.values() if isinstance(v, dict))
            if raised:
                # A broken expectation must not pass for good (or bad) data.
                raise RuntimeError(f"GX could not evaluate {r.expectation_config.meta.get('lkjcheck_rule')}: {info}")
            rid = r.expectation_config.meta["lkjcheck_rule"]
            rows = failing.setdefault((rid, table), set())
            for item in r.result.get("unexpected_index_list") or []:
                rows.add(int(item[ROW]))
    if docs_dir is not None:
        build_docs(ctx, docs_dir)
    return failing


def build_docs(ctx, docs_dir) -> None:
    """Data Docs from the results the validation definitions already stored in the context."""
    from pathlib import Path

    base = Path(docs_dir).resolve()
    base.mkdir(parents=True, exist_ok=True)
    ctx.add_data_docs_site("lkjcheck", {"class_name": "SiteBuilder",
                                        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                                                          "base_directory": str(base)},
                                        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"}})
    ctx.build_data_docs(site_names=["lkjcheck"])


def run_rules_gx(datasets, pack, rules, lang: str = "id", params: dict | None = None, docs_dir=None):
    """Findings for `rules`: GX judges the exportable ones, the native engine the rest.

    Returns (findings, plans, skipped). Findings are built by the native engine's
    own `_finding`, so they are the same records, ids, rows and locations.
    """
    from lkjcheck.checks.table import _derived_named, _derived_values, _finding, _run_rule, stack
    from lkjcheck.lang.expr import Compare, Env, Frame

    plans, skipped = plan_pack(pack, rules, params)
    tables = stack(datasets, pack)
    p = dict(pack.model.parameters)
    p.update(params or {})
    env = Env(tables, p, getattr(pack.model, "derived_nodes", {}), identity=pack.model.identity)
    failing = validate(plans, env, docs_dir=docs_dir) if plans else {}
    by_id = {r.meta.id: r for r in rules}
    gx_ids = {pl.rule_id for pl in plans}
    findings = []
    for rule in rules:
        if rule.meta.id not in gx_ids:
            findings.extend(_run_rule(rule, env, tables, datasets, lang))
    for (rid, tname), rows in sorted(failing.items()):
        if not rows:
            continue
        rule, table = by_id[rid], tables[tname]
        bad = np.array(sorted(rows), dtype=np.int64)
        frame = Frame(tname, bad, env.ds(tname)[bad])
        top = rule.check if isinstance(rule.check, Compare) else None
        left = right = None
        if top is not None:
            left, right = top.left.eval(env, frame), top.right.eval(env, frame)
        named = _derived_named(rule, tname, env, lang)
        for j, r in enumerate(bad):
            findings.append(_finding(rule, table, int(r), datasets, left, right, j, lang, top,
                                     _derived_values(env, tname, int(r), lang, named)))
    return findings, plans, skipped


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"
