"""lkjcheck's typed expression tree → source in the GX dialect (`lkjcheck.gx.dialect`), or the reason it cannot be.

Numbers come out as (value, radius) source pairs that follow the radii of
`lkjcheck.lang.intervals`; truth values as 1.0 / 0.0 / NaN (unknown), so
Kleene logic and "unknown is not a failure" survive the translation.
"""
from __future__ import annotations

from lkjcheck import i18n
from lkjcheck.lang import nodes as N
from lkjcheck.lang.intervals import EPS, compare
from lkjcheck.lang.values import scalar_vec

PREFIX = "__lkj_"
ROW, DS = PREFIX + "row", PREFIX + "ds"
RAD = "__rad"


class NotExpressible(Exception):
    """A rule (or part of one) that GX cannot check faithfully, with the reason as a catalogue message (gx.*).

    `str()` is the English wording, which the exported document's `reason` keeps
    (a machine field, stable across languages); people read `said` in theirs.
    """

    def __init__(self, key: str, /, **values):
        self.said = i18n.Said(key, **values)
        super().__init__(self.said.words("en"))


def _sum(*xs: str) -> str:
    # Exact inputs have radius "0": leaving those terms out keeps the exported definitions readable.
    xs = [x for x in xs if x != "0"]
    return "0" if not xs else xs[0] if len(xs) == 1 else f"({' + '.join(xs)})"


def _prod(a: str, b: str) -> str:
    return "0" if "0" in (a, b) else f"{a} * {b}"


class Translator:
    """The expressions of one rule on `table` → dialect source; `inputs` collects the stored columns used."""

    def __init__(self, table: str, derived: dict, params: dict, model):
        self.table, self.derived, self.params, self.model = table, derived, params, model
        self.inputs: list[str] = []

    def _use(self, name: str) -> None:
        if name not in self.inputs:
            self.inputs.append(name)

    def _const(self, node):
        """The value of a node that does not depend on the row, or raise KeyError."""
        if isinstance(node, N.Const):
            return node.value
        if isinstance(node, N.Param):
            if node.kind == "date":
                raise NotExpressible("gx.param_is_date", name=node.name)
            return self.params.get(node.name)
        raise KeyError

    def _column(self, node):
        if isinstance(node, N.Broadcast):
            raise NotExpressible("gx.other_table", table=node.ref.table, column=node.ref.column)
        ref = node.ref
        if (ref.table, ref.column) in self.derived:
            return self.derived[(ref.table, ref.column)]
        if node.kind == "date":
            raise NotExpressible("gx.column_is_date", column=ref.column)
        return None

    def num(self, node) -> tuple[str, str]:
        if isinstance(node, (N.Const, N.Param)):
            v = self._const(node)
            if v is None:
                return "nan", "0"
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise NotExpressible("gx.text_as_number", value=repr(v))
            return repr(float(v)), "0"
        if isinstance(node, (N.Column, N.Broadcast)):
            inner = self._column(node)
            if inner is not None:
                return self.num(inner)
            if node.kind not in ("num", "money"):
                raise NotExpressible("gx.not_a_number", column=node.ref.column, kind=node.kind)
            self._use(node.ref.column)
            self._use(node.ref.column + RAD)
            return node.ref.column, node.ref.column + RAD
        if isinstance(node, N.Aggregate):
            raise NotExpressible("gx.aggregates", func=node.func, table=node.table)
        if isinstance(node, N.Unary) and node.op in "-+":
            v, r = self.num(node.arg)
            return (f"(-{v})" if node.op == "-" else v), r
        if isinstance(node, N.BinOp):
            (a, ra), (b, rb) = self.num(node.left), self.num(node.right)
            if node.op in "+-":
                return f"({a} {node.op} {b})", _sum(ra, rb)
            if node.op == "*":
                return f"({a} * {b})", _sum(_prod(f"abs({a})", rb), _prod(f"abs({b})", ra), _prod(ra, rb))
            return f"div({a}, {b}, {rb})", f"divrad({a}, {ra}, {b}, {rb})"
        if isinstance(node, N.IfExp):
            try:
                c = self._truth_const(node.cond)
            except KeyError:
                c = None
            if c is not None:
                return self.num(node.then if c else node.other)
            t = self.truth(node.cond)
            (a, ra), (b, rb) = self.num(node.then), self.num(node.other)
            return f"pick({t}, {a}, {b})", f"pick({t}, {ra}, {rb})"
        if isinstance(node, N.Func) and node.name == "abs":
            v, r = self.num(node.args[0])
            return f"abs({v})", r
        if isinstance(node, N.Func) and node.name in ("min", "max") and len(node.args) == 2:
            # The smaller (larger) value, with its own radius, as the native engine picks.
            (a, ra), (b, rb) = self.num(node.args[0]), self.num(node.args[1])
            first = f"le0(({a}) - ({b}))" if node.name == "min" else f"le0(({b}) - ({a}))"
            return f"pick({first}, {a}, {b})", f"pick({first}, {ra}, {rb})"
        if isinstance(node, N.Func):
            raise NotExpressible("gx.function_untranslated", name=node.name)
        raise NotExpressible("gx.node_untranslated", node=type(node).__name__)

    def text(self, node) -> str:
        if isinstance(node, (N.Const, N.Param)):
            v = self._const(node)
            if not isinstance(v, str):
                raise NotExpressible("gx.used_as_text", value=repr(v))
            return repr(v)
        if isinstance(node, (N.Column, N.Broadcast)):
            inner = self._column(node)
            if inner is not None:
                return self.text(inner)
            self._use(node.ref.column)
            return node.ref.column
        if isinstance(node, N.Func) and node.name in ("lower", "upper", "trim"):
            return f"{node.name}({self.text(node.args[0])})"
        if isinstance(node, N.Aggregate):
            raise NotExpressible("gx.looks_up", func=node.func, table=node.table)
        if isinstance(node, N.Func):
            raise NotExpressible("gx.function_untranslated", name=node.name)
        raise NotExpressible("gx.node_untranslated_text", node=type(node).__name__)

    def _truth_const(self, node):
        if isinstance(node, N.Compare):
            a, b = self._const(node.left), self._const(node.right)
            return {"==": a == b, "!=": a != b}.get(node.op) if isinstance(a, str) or isinstance(b, str) \
                else compare(node.op, scalar_vec(a, 1), scalar_vec(b, 1)).val[0]
        if isinstance(node, N.Const) and isinstance(node.value, bool):
            return node.value
        raise KeyError

    def excess(self, node: "N.Compare") -> tuple[str, bool, bool]:
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
        if isinstance(node, N.Compare):
            if node.left.kind == "text" or node.right.kind == "text":
                if node.op not in ("==", "!="):
                    raise NotExpressible("gx.text_ordering")
                return f"text_{'eq' if node.op == '==' else 'ne'}({self.text(node.left)}, {self.text(node.right)})"
            if node.left.kind == "bool" or node.right.kind == "bool":
                raise NotExpressible("gx.truth_comparison")
            src, strict, negate = self.excess(node)
            if negate:
                return f"knot(le0({src}))"
            return f"{'lt0' if strict else 'le0'}({src})"
        if isinstance(node, N.BoolOp):
            return f"k{node.op}({', '.join(self.truth(a) for a in node.args)})"
        if isinstance(node, N.Unary) and node.op == "not":
            return f"knot({self.truth(node.arg)})"
        if isinstance(node, N.InList):
            if node.arg.kind != "text":
                raise NotExpressible("gx.in_on_numbers")
            t = f"isin({self.text(node.arg)}, {list(map(str, node.values))!r})"
            return f"knot({t})" if node.negate else t
        if isinstance(node, N.Func) and node.name in ("ada", "kosong"):
            arg = node.args[0]
            if isinstance(arg, (N.Column, N.Broadcast)) and self._column(arg) is None:
                self._use(arg.ref.column)
                src = arg.ref.column
            elif arg.kind in ("num", "money"):
                src = self.num(arg)[0]
            else:
                src = self.text(arg)
            return f"{'notnull' if node.name == 'ada' else 'isnull'}({src})"
        if isinstance(node, N.Func) and node.name == "matches":
            raise NotExpressible("gx.matches_nested")
        if isinstance(node, N.Aggregate):
            raise NotExpressible("gx.over_table", func=node.func, table=node.table)
        if isinstance(node, N.IfExp):
            raise NotExpressible("gx.conditional_truth")
        if isinstance(node, N.Func):
            raise NotExpressible("gx.function_untranslated", name=node.name)
        raise NotExpressible("gx.node_untranslated", node=type(node).__name__)


def regex_of(node) -> str:
    """The pattern of `matches(col, 'p')` as written."""
    return node.extra["pattern"].pattern
