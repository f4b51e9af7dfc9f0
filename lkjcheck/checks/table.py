"""Evaluate compiled rules over loaded datasets and turn failures into findings.

All datasets of a run are stacked into one table per name (with the dataset's
index on every row), so each rule is evaluated once per run, not once per file;
aggregates group by dataset, so stacking never mixes two reports' figures.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from itertools import chain
from operator import attrgetter

import numpy as np

from lkjcheck import i18n
from lkjcheck.lang import Compare, Env, Frame, Vec
from lkjcheck.findings import Finding, Location, RuleCap, make, omitted, row_key as _row_key
from lkjcheck.i18n import _PLACEHOLDER
from lkjcheck.model.table import SHARED_NONE, SHARED_ZERO, Column, Dataset, Table
from lkjcheck.model.table import row_number
from lkjcheck.model.definition import printed_year_name
from lkjcheck.checks.rules import CompiledRule, RulePack



def stack(datasets: list[Dataset], pack: RulePack) -> dict[str, Table]:
    out: dict[str, Table] = {}
    for name, tdef in pack.model.tables.items():
        present = [(i, src) for i, ds in enumerate(datasets)
                   if (src := ds.tables.get(name)) is not None and len(src)]
        # Each stacked list joined in one pass over the reports, not extended
        # report by report: 1,000 reports x ~200 columns x 8 lists were 160,000
        # calls, a tenth of checking a batch.
        lines = list(_chain([src.lines for _, src in present]))
        cells = list(_chain([src.cells for _, src in present]))
        n = len(lines)
        cols = {}
        for c, k in tdef.engine_columns().items():
            default = _unfilled(present, c)
            if default is not _FILLED:
                # No report filled it: what joining their lists gives, made
                # without reading a thousand columns scattered in memory.
                cols[c] = Column(c, k, [default] * n, [0.0] * n, [None] * n, [None] * n, [None] * n,
                                 lines.copy(), [None] * n, cells.copy())
                continue
            parts = [src.columns[c] for _, src in present]
            marks = _shared(present, c)
            if marks is None:
                cols[c] = Column(c, k, *(list(_chain(map(get, parts))) for get in _COLUMN_GETTERS))
                continue
            # the lists every report shares with its table, made as joining them would
            cols[c] = Column(c, k, *(list(_chain(map(get, parts))) if m is None
                                     else [None] * n if m == SHARED_NONE else [0.0] * n if m == SHARED_ZERO
                                     else (lines if a == "lines" else cells).copy()
                                     for a, get, m in zip(_COLUMN_LISTS, _COLUMN_GETTERS, marks)))
        t = Table(name, cols)
        t.files = list(_chain([src.files for _, src in present]))
        t.lines = lines
        t.cells = cells
        t.ds = list(_chain([[i] * len(src) for i, src in present]))
        out[name] = t
    return out


def _unfilled(present: list, c: str):
    """The default column c holds in every report when none filled it, else _FILLED."""
    if not present:
        return _FILLED
    default = present[0][1].unfilled.get(c, _FILLED)
    if default is not _FILLED:
        for _, src in present:
            if src.unfilled.get(c, _FILLED) is not default:
                return _FILLED
    return default


def _shared(present: list, c: str):
    """Per list of column c, what every report's is (Table.shared), or None when nothing is common."""
    marks = present[0][1].shared.get(c) if present else None
    if marks is None:
        return None
    for _, src in present:
        other = src.shared.get(c)
        if other is not marks:
            if other is None:
                return None
            marks = tuple(a if a == b else None for a, b in zip(marks, other))
    return marks


_FILLED = object()
_chain = chain.from_iterable
_COLUMN_LISTS = ("values", "rad", "raw", "decimals", "units", "lines", "cols", "cells")
# attrgetters mapped in C over the reports' columns, rather than getattr in a
# Python loop for each of 1,000 reports x ~200 columns x 8 lists.
_COLUMN_GETTERS = tuple(attrgetter(a) for a in _COLUMN_LISTS)


def run_rules(datasets: list[Dataset], pack: RulePack, rules: list[CompiledRule], lang: str = "id",
              params: dict | None = None, tables: dict[str, Table] | None = None, debug: bool = False) -> list[Finding]:
    """`tables`: the datasets already stacked (the runner stacks once for schemas and rules).

    A rule that raises (a bug of ours, or a rule pack's expression meeting data
    it was not written for) is one finding per dataset it fails on, and the
    other rules and datasets are still checked; `debug` lets the exception through.
    """
    if tables is None:
        tables = stack(datasets, pack)
    p = dict(pack.model.parameters)
    p.update(params or {})
    env = Env(tables, p, getattr(pack.model, "derived_nodes", {}), identity=pack.model.identity)
    findings: list[Finding] = []
    # A rule may overflow (x * 1e308): the row then shows inf, and numpy's
    # warnings would only clutter a CI log with lines that name no rule.
    with np.errstate(all="ignore"):
        for rule in rules:
            try:
                findings.extend(run_rule(rule, env, tables, datasets, lang))
            except Exception:
                if debug:
                    raise
                findings.extend(_run_rule_alone(rule, env, tables, datasets, lang))
    return findings


def _run_rule_alone(rule: CompiledRule, env: Env, tables, datasets, lang) -> list[Finding]:
    """The rule once per dataset, so that only the datasets it raises on lose it (in the same stacked tables,
    so a cross-year rule still sees the other years)."""
    out: list[Finding] = []
    for i, ds in enumerate(datasets):
        try:
            out.extend(run_rule(rule, env, tables, datasets, lang, only=i))
        except Exception as e:
            out.append(_internal_error(rule, ds, type(e).__name__, lang))
    return out


def _internal_error(rule: CompiledRule, ds: Dataset, what: str, lang: str) -> Finding:
    meta = rule.meta
    message = i18n.Said("checks.internal_error_rule", rid=meta.id, what=what)
    # Always an error, whatever the rule's own severity: a check that did not run is not a pass.
    return make(meta.id, message, severity="error", lang=lang, dataset=ds.name,
                location=Location(ds.files[0] if ds.files else str(ds.path)), table=rule.table,
                reference=meta.reference, title=meta.title_in(lang), family=meta.family)


def run_rule(rule: CompiledRule, env: Env, tables, datasets, lang, only: int | None = None) -> list[Finding]:
    table = tables[rule.table]
    n = len(table)
    if not n:
        return []
    rows = np.arange(n)
    if only is not None:
        rows = rows[env.ds(rule.table) == only]
        if not len(rows):
            return []
    frame = Frame(rule.table, rows, env.ds(rule.table) if only is None else env.ds(rule.table)[rows])
    if rule.where is not None:
        w = rule.where.eval(env, frame)
        keep = w.val.astype(bool) & ~w.null
        rows = rows[keep]
        if not len(rows):
            return []
        frame = Frame(rule.table, rows, env.ds(rule.table)[rows])
    res = rule.check.eval(env, frame)
    failing = (~res.val.astype(bool)) & ~res.null
    if not failing.any():
        return []
    bad = frame.rows[failing]
    bad_frame = Frame(rule.table, bad, env.ds(rule.table)[bad])
    top = rule.check if isinstance(rule.check, Compare) else None
    left = right = None
    if top is not None:
        left, right = top.left.eval(env, bad_frame), top.right.eval(env, bad_frame)
    named = derived_named(rule, rule.table, env, lang)
    out = []
    cap, first_over = RuleCap(), {}
    for j, r in enumerate(bad):
        dsi = table.ds[int(r)]
        if not cap.admit(dsi, rule.meta.id):
            if dsi in first_over:
                continue        # only counted: a rule failing on every row must not fill memory
        f = row_finding(rule, table, int(r), datasets, left, right, j, lang, top,
                        derived_values(env, rule.table, int(r), lang, named))
        if cap.over(dsi, rule.meta.id):
            first_over[dsi] = f
        else:
            out.append(f)
    out += [omitted(f, cap.over(dsi, rule.meta.id), lang) for dsi, f in first_over.items()]
    return out


def derived_named(rule: CompiledRule, table: str, env: Env, lang: str) -> list[str]:
    """The derived columns of the table that the rule's message names: only those are worth showing."""
    names = _placeholders(rule)
    return [c for (t, c) in env.derived if t == table and c in names]


def _placeholders(rule: CompiledRule) -> set[str]:
    """The names a rule's message uses, in either language: a finding is worded later, in either."""
    return {n for text in (rule.message or {}).values() if isinstance(text, str) for n in _PLACEHOLDER.findall(text)}


def derived_values(env: Env, table: str, r: int, lang: str, names: list[str]) -> dict:
    """The named derived columns of the row, for message templates ({jenis_indikator} ...)."""
    out = {}
    for c in names:
        try:
            v = env.column(table, c)
        except Exception:      # a derived column that cannot be evaluated is simply not offered
            continue
        out[c] = None if v.null[r] else value_of(v, r)
    return out


def row_finding(rule: CompiledRule, table: Table, r: int, datasets, left: Vec | None, right: Vec | None, j: int,
             lang: str, top: Compare | None, derived: dict | None = None) -> Finding:
    ds = datasets[table.ds[r]]
    labels_en = getattr(ds.model, "labels_en", None) or {}
    meta = rule.meta
    fieldname = rule.blame
    if fieldname is None and left is not None and left.src is not None and left.src.table == rule.table \
            and left.src.column in table.columns:
        fieldname = left.src.column
    if fieldname is None:
        refs = [c for c in rule.check.columns() if c.table == rule.table and c.column in table.columns]
        fieldname = refs[0].column if refs else None
    line, col, cell = table.lines[r], None, table.cells[r]
    if fieldname is not None:
        c = table.columns[fieldname]
        line = c.lines[r] or line
        col = c.cols[r]
        cell = c.cells[r] or cell
    found = wanted = None
    if left is not None and right is not None and top is not None and top.op in ("==", "!=") \
            and rule.blame is not None and _is_column(right, rule.table, rule.blame) \
            and not _is_column(left, rule.table, rule.blame):
        # `nip_kelamin == jenis_kelamin` blamed on jenis_kelamin: what was found is
        # the blamed cell, whichever side of the equality it is written on.
        left, right = right, left
    if left is not None:
        found = value_of(left, j)
        wanted = value_of(right, j, like=left)
        if top.op != "==":
            wanted = i18n.Bound(top.op, wanted)

    def label(v):
        # The pack's English word for a code as written (cacah → count), used when worded in English.
        if labels_en and isinstance(v, str):
            en = labels_en.get(v.lower())
            if en is not None:
                return i18n.Label(v, en)
        return v

    found, wanted = label(found), label(wanted)
    key = row_key(rule, table, r)
    names = _placeholders(rule)
    args = None
    if rule.message and i18n.pick(rule.message, lang):
        args = {k: label(v) for k, v in (derived or {}).items() if k in names}
        for name in names & table.columns.keys():
            col_ = table.columns[name]
            args[name] = label(col_.raw[r] if col_.raw[r] is not None else col_.values[r])
        args.update(actual=found, expected=wanted, row=label(key))
        args = {k: ("" if v is None else v) for k, v in args.items()}
        msg = rule.message
    elif found is not None:
        msg, args = "finding.stated", {"title": _title(meta), "actual": found, "expected": wanted}
    else:
        msg = _title(meta)
    return make(
        meta.id, msg, args=args, dataset=ds.name, lang=lang, severity=meta.severity, title=meta.title_in(lang),
        family=meta.family, reference=meta.reference,
        location=Location(table.files[r], line, col, cell), table=rule.table, row=key,
        # realisasi_n1 is shown as printed in this report (realisasi_2023): the
        # stacked column holds several years' reports, so the name is per row.
        field=printed_year_name(fieldname, ds.year) if fieldname else None,
        found=found, wanted=wanted,
    )


def _title(meta) -> i18n.Both:
    return i18n.Both(meta.title_in("id"), meta.title_in("en"))


def _is_column(v: Vec, table: str, column: str) -> bool:
    return v.src is not None and v.src.table == table and v.src.column == column


def row_key(rule: CompiledRule, table: Table, r: int) -> str:
    name = rule.row_name
    kode = table.columns[name].values[r] if name and name in table.columns and name not in rule.key else None
    parts = ([kode] if kode else []) + [table.columns[k].values[r] for k in rule.key]
    return _row_key(parts, table.name, lambda: row_number(table, r))


def show(v: Vec | None, j: int, lang: str = "id", like: Vec | None = None) -> str:
    """A value as a reviewer would write it, in `lang` (see value_of)."""
    return "" if v is None else i18n.show(value_of(v, j, like), lang)


def value_of(v: Vec, j: int, like: Vec | None = None):
    """A value as a reviewer would write it: Rp for money, % and the same decimals as the stated figure.

    Typed (i18n.Figure, i18n.Rupiah, i18n.Day ...), so that the language it is
    worded in is chosen by the report, not by the check.
    """
    if v.null[j]:
        return i18n.Key("value.empty")
    x = v.val[j]
    if v.kind == "bool":
        return bool(x)
    if v.kind == "text":
        return str(x)
    if v.kind != "money" and not np.isfinite(float(x)):
        return str(float(x))  # a rule's arithmetic overflowed: show inf/nan rather than fail to format it
    if v.kind == "date" or (like is not None and like.kind == "date" and v.kind != "num"):
        return _date_value(float(x), float(v.radius()[j]))
    unit = None
    for src in (v, like):
        if src is not None and src.unit is not None and j < len(src.unit) and src.unit[j]:
            unit = src.unit[j]
            break
    if v.kind == "money" or unit == "Rp":
        if float(x) == int(float(x)) or v.kind == "money":
            return i18n.Rupiah(int(x) if v.kind == "money" else round(float(x)))
    dec = None
    if v.src is not None and v.dec is not None and v.dec[j] is not None:
        dec = int(v.dec[j])       # a figure as written keeps its own decimals
    elif like is not None and like.dec is not None and like.dec[j] is not None:
        # A computed figure: at least two decimals, so "99%" never hides 98,85%.
        dec = max(int(like.dec[j]), 2)
    if dec is None:
        f = float(x)
        dec = 0 if f == round(f) else 2
    elif v.src is None and float(x) == round(float(x)) and (like is None or like.dec is None or not like.dec[j]):
        dec = 0
    return i18n.Figure(Decimal(str(float(x))), dec, unit)


def _date_value(mid: float, rad: float):
    try:
        lo = _dt.date.fromordinal(int(round(mid - rad)))
        hi = _dt.date.fromordinal(int(round(mid + rad)))
    except (ValueError, OverflowError):
        return str(mid)
    return i18n.Day(lo, hi)
