"""Evaluate compiled rules over loaded datasets and turn failures into findings.

All datasets of a run are stacked into one table per name (with the dataset's
index on every row), so each rule is evaluated once per run, not once per file;
aggregates group by dataset, so stacking never mixes two reports' figures.
"""
from __future__ import annotations

import datetime as _dt

import numpy as np

from lkjcheck.lang.expr import Compare, Env, Frame, Vec
from lkjcheck.findings import Finding, Location, RuleCap, omitted
from lkjcheck.i18n import _PLACEHOLDER, fill
from lkjcheck.model.dataset import Column, Dataset, Table
from lkjcheck.model.definition import printed_year_name
from lkjcheck.read.numbers import format_decimal, format_rupiah
from lkjcheck.checks.rules import CompiledRule, RulePack



def stack(datasets: list[Dataset], pack: RulePack) -> dict[str, Table]:
    out: dict[str, Table] = {}
    for name, tdef in pack.model.tables.items():
        cols = {c: Column(c, k) for c, k in tdef.engine_columns().items()}
        t = Table(name, cols)
        for i, ds in enumerate(datasets):
            src = ds.tables.get(name)
            if src is None or not len(src):
                continue
            for c, col in cols.items():
                col.extend(src.columns[c])
            t.files.extend(src.files)
            t.lines.extend(src.lines)
            t.cells.extend(src.cells)
            t.ds.extend([i] * len(src))
        out[name] = t
    return out


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
    env = Env(tables, p, getattr(pack.model, "derived_nodes", {}))
    findings: list[Finding] = []
    # A rule may overflow (x * 1e308): the row then shows inf, and numpy's
    # warnings would only clutter a CI log with lines that name no rule.
    with np.errstate(all="ignore"):
        for rule in rules:
            try:
                findings.extend(_run_rule(rule, env, tables, datasets, lang))
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
            out.extend(_run_rule(rule, env, tables, datasets, lang, only=i))
        except Exception as e:
            out.append(_internal_error(rule, ds, type(e).__name__, lang))
    return out


def _internal_error(rule: CompiledRule, ds: Dataset, what: str, lang: str) -> Finding:
    meta = rule.meta
    message = (f"internal error in rule {meta.id} ({what}); the rule was not checked for this dataset" if lang == "en"
               else f"kesalahan internal pada aturan {meta.id} ({what}); aturan ini tidak diperiksa untuk dataset ini")
    return Finding(rule=meta.id, severity="error", message=message, dataset=ds.name,
                   location=Location(ds.files[0] if ds.files else str(ds.path)), table=rule.table,
                   reference=meta.reference, title=meta.title_in(lang), family=meta.family)


def _run_rule(rule: CompiledRule, env: Env, tables, datasets, lang, only: int | None = None) -> list[Finding]:
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
    named = _derived_named(rule, rule.table, env, lang)
    out = []
    cap, first_over = RuleCap(), {}
    for j, r in enumerate(bad):
        dsi = table.ds[int(r)]
        if not cap.admit(dsi, rule.meta.id):
            if dsi in first_over:
                continue        # only counted: a rule failing on every row must not fill memory
        f = _finding(rule, table, int(r), datasets, left, right, j, lang, top,
                     _derived_values(env, rule.table, int(r), lang, named))
        if cap.over(dsi, rule.meta.id):
            first_over[dsi] = f
        else:
            out.append(f)
    out += [omitted(f, cap.over(dsi, rule.meta.id), lang) for dsi, f in first_over.items()]
    return out


def _derived_named(rule: CompiledRule, table: str, env: Env, lang: str) -> list[str]:
    """The derived columns of the table that the rule's message names: only those are worth showing."""
    template = rule.message.get(lang) or rule.message.get("id") or ""
    names = set(_PLACEHOLDER.findall(template))
    return [c for (t, c) in env.derived if t == table and c in names]


def _derived_values(env: Env, table: str, r: int, lang: str, names: list[str]) -> dict:
    """The named derived columns of the row, for message templates ({jenis_indikator} ...)."""
    out = {}
    for c in names:
        try:
            v = env.column(table, c)
        except Exception:      # a derived column that cannot be evaluated is simply not offered
            continue
        out[c] = None if v.null[r] else show(v, r, lang)
    return out


def _finding(rule: CompiledRule, table: Table, r: int, datasets, left: Vec | None, right: Vec | None, j: int,
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
    actual = expected = None
    if left is not None and right is not None and top is not None and top.op in ("==", "!=") \
            and rule.blame is not None and _is_column(right, rule.table, rule.blame) \
            and not _is_column(left, rule.table, rule.blame):
        # `nip_kelamin == jenis_kelamin` blamed on jenis_kelamin: what was found is
        # the blamed cell, whichever side of the equality it is written on.
        left, right = right, left
    if left is not None:
        actual = show(left, j, lang)
        expected = show(right, j, lang, like=left)
        if top.op != "==":
            expected = f"{top.op} {expected}"
    key = row_key(rule, table, r)
    values = dict(derived or {})
    values.update({name: (col_.raw[r] if col_.raw[r] is not None else col_.values[r]) for name, col_ in table.columns.items()})
    values.update(actual=actual, expected=expected, row=key, baris=key)
    if lang == "en" and labels_en:
        def en(v):
            return labels_en.get(v.lower(), v) if isinstance(v, str) else v
        values = {k: en(v) for k, v in values.items()}
        actual, expected = en(actual), en(expected)
    template = rule.message.get(lang) or rule.message.get("id")
    title = meta.title_in(lang)
    if template:
        message = fill(template, {k: ("" if v is None else v) for k, v in values.items()})
    elif actual is not None:
        if lang == "en":
            message = f"{title}: stated {actual}, expected {expected}"
        else:
            message = f"{title}: tertulis {actual}, seharusnya {expected}"
    else:
        message = title
    return Finding(
        rule=meta.id, severity=meta.severity, message=message, dataset=ds.name,
        location=Location(table.files[r], line, col, cell), table=rule.table, row=key,
        # realisasi_n1 is shown as printed in this report (realisasi_2023): the
        # stacked column holds several years' reports, so the name is per row.
        field=printed_year_name(fieldname, ds.year) if fieldname else None,
        expected=expected, actual=actual, reference=meta.reference, title=title, family=meta.family,
    )


def row_number(table: Table, r: int) -> int:
    """1-based number of stacked row r within its own report (stack() keeps each report's rows together)."""
    import bisect

    return r - bisect.bisect_left(table.ds, table.ds[r]) + 1


def _is_column(v: Vec, table: str, column: str) -> bool:
    return v.src is not None and v.src.table == table and v.src.column == column


def row_key(rule: CompiledRule, table: Table, r: int) -> str:
    parts = []
    if "kode" in table.columns and "kode" not in rule.key and table.columns["kode"].values[r]:
        parts.append(str(table.columns["kode"].values[r]))
    for k in rule.key:
        v = table.columns[k].values[r]
        if v is not None and str(v) not in parts:
            parts.append(str(v))
    if parts:
        # Whole: a waiver matches on it and machine formats carry it; the text report wraps it.
        return " ".join(parts)
    # A row without a name is the n-th row of its table in its own report, not a YAML line.
    return f"{table.name} #{row_number(table, r)}"


def show(v: Vec | None, j: int, lang: str = "id", like: Vec | None = None) -> str:
    """A value as a reviewer would write it: Rp for money, % and the same decimals as the stated figure."""
    if v is None:
        return ""
    if v.null[j]:
        return "(kosong)" if lang == "id" else "(empty)"
    x = v.val[j]
    if v.kind == "bool":
        return ("benar" if x else "salah") if lang == "id" else ("true" if x else "false")
    if v.kind == "text":
        return str(x)
    if v.kind != "money" and not np.isfinite(float(x)):
        return str(float(x))  # a rule's arithmetic overflowed: show inf/nan rather than fail to format it
    if v.kind == "date" or (like is not None and like.kind == "date" and v.kind != "num"):
        return _show_date(float(x), float(v.radius()[j]), lang)
    unit = None
    for src in (v, like):
        if src is not None and src.unit is not None and j < len(src.unit) and src.unit[j]:
            unit = src.unit[j]
            break
    if v.kind == "money" or unit == "Rp":
        if float(x) == int(float(x)) or v.kind == "money":
            return format_rupiah(int(x) if v.kind == "money" else round(float(x)), lang)
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
    text = format_decimal(float(x), dec, lang)
    if unit == "%":
        return text + "%"
    if unit and unit != "Rp":
        return f"{text} {unit}"
    return text


_MONTHS = {"id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                  "Oktober", "November", "Desember"],
           "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"]}


def _show_date(mid: float, rad: float, lang: str) -> str:
    try:
        lo = _dt.date.fromordinal(int(round(mid - rad)))
        hi = _dt.date.fromordinal(int(round(mid + rad)))
    except (ValueError, OverflowError):
        return str(mid)
    names = _MONTHS.get(lang, _MONTHS["id"])
    if lo == hi:
        return f"{lo.day} {names[lo.month - 1]} {lo.year}"
    if lo.year == hi.year and lo.month == hi.month and lo.day == 1:
        return f"{names[lo.month - 1]} {lo.year}"
    return f"{lo.day} {names[lo.month - 1]} {lo.year} – {hi.day} {names[hi.month - 1]} {hi.year}"
