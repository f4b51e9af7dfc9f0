"""Which GX expectation stands for each rule: GX's own vocabulary where a rule has a known shape, else a derived column."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkjcheck.gx.translate import DS, PREFIX, NotExpressible, Translator, regex_of
from lkjcheck.lang import nodes as N

# GX 1.x has its own severity vocabulary on every expectation.
GX_SEVERITY = {"error": "critical", "warning": "warning", "info": "info"}


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
    reason: str                  # in English, as the exported document keeps it
    said: object = None          # the reason as an i18n.Said, for people (`words(lang)`)

    def reason_in(self, lang: str) -> str:
        return self.said.words(lang) if self.said is not None else self.reason


def _exact_column(model, table: str, column: str) -> bool:
    c = model.tables[table].columns.get(column)
    return c is not None and (c.type in ("cacah", "tahun") or c.exact)


def plan_rule(rule, pack, params: dict) -> list[Plan]:
    """The expectations for one rule, or NotExpressible with the reason."""
    derived = getattr(pack.model, "derived_nodes", {})
    rid, table = rule.meta.id, rule.table
    tr = Translator(table, derived, params, pack.model)
    where = tr.truth(rule.where) if rule.where is not None else None
    check = rule.check
    base = f"{PREFIX}{rid}"

    def masked(src: str, n: int | None = None) -> dict:
        name = base if n is None else f"{base}_{n}"
        return {name: src if where is None else f"keep({where}, {src})"}

    # Recognised shapes first: they map onto GX's own vocabulary.
    if isinstance(check, N.Func) and check.name == "matches" and isinstance(check.args[0], N.Column) \
            and tr._column(check.args[0]) is None:
        pat = regex_of(check)
        try:
            re.compile(pat)
        except re.error as e:
            raise NotExpressible("gx.pattern_not_re", error=str(e))
        col = check.args[0].ref.column
        tr._use(col)
        der = {} if where is None else masked(col)
        return [Plan(rule, table, "ExpectColumnValuesToMatchRegex",
                     {"column": next(iter(der), col), "regex": pat}, der, tr.inputs)]
    if isinstance(check, N.InList) and check.arg.kind == "text" and isinstance(check.arg, N.Column) \
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
    parts = check.args if isinstance(check, N.BoolOp) and check.op == "and" else [check]
    rng = _range(parts, pack.model, table) if where is None else None
    if rng is not None:
        col, kw = rng
        tr._use(col)
        return [Plan(rule, table, "ExpectColumnValuesToBeBetween", {"column": col, **kw}, {}, tr.inputs)]
    plans = []
    for i, part in enumerate(parts):
        n = None if len(parts) == 1 else i + 1
        if isinstance(part, N.Compare) and part.left.kind not in ("text", "bool") \
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
    if not (isinstance(c, N.Compare) and c.op in ("==", "<=") and isinstance(c.left, N.Aggregate)
            and isinstance(c.right, N.Const) and c.right.value == 1):
        return None
    agg = c.left
    if agg.func != "count" or agg.table != rule.table or agg.where is not None or not agg.by \
            or not (isinstance(agg.key, N.Column) and agg.key.ref.column == agg.by):
        return None
    w = rule.where
    # Rows whose key is empty count as not unique in the native engine; GX skips
    # them, so the shapes agree only when the rule itself skips them.
    if not (isinstance(w, N.Func) and w.name == "ada" and isinstance(w.args[0], N.Column)
            and w.args[0].ref.column == agg.by):
        return None
    return agg.by


def _range(parts, model, table):
    """`lo <= c`, `c <= hi` (and both) on an exactly stated column: a plain between-expectation."""
    col, kw = None, {}
    for p in parts:
        if not isinstance(p, N.Compare) or p.op not in ("<", "<=", ">", ">=") or p.slack:
            return None
        left, right, op = p.left, p.right, p.op
        if isinstance(left, N.Const) and isinstance(right, N.Column):
            left, right, op = right, left, {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
        if not (isinstance(left, N.Column) and isinstance(right, N.Const)) or isinstance(right.value, (bool, str)) \
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
            skipped.append(Skipped(rule.meta.id, rule.table, str(e), e.said))
    return plans, skipped

