"""pandera schemas built from the data model; every failure becomes a finding.

The loader has already parsed each value with its column's type (a value it
could not read is a DAT001 finding and left empty). The schemas then enforce
what a value of the right type must still satisfy: required columns filled,
choices from the allowed set, counts not negative, plausible years. Validation
is lazy, so every failure is reported with its row, not just the first.
"""
from __future__ import annotations

import warnings

from lkjcheck.findings import Finding, Location, make, row_key, row_number
from lkjcheck.model.table import Table
from lkjcheck.model.definition import Model, TableDef



# Column types the frame holds as floats (the loader typed them already).
_NUMERIC = frozenset(("bilangan", "persen", "cacah", "tahun", "tanggal", "besaran"))


def _schema(tdef: TableDef):
    import pandera.pandas as pa

    cols = {}
    for name, c in tdef.columns.items():
        checks = []
        if c.type == "pilihan" and c.values:
            checks.append(pa.Check.isin(list(c.values), name="isin"))
        if c.type == "cacah":
            checks.append(pa.Check.ge(0, name="nonneg"))
        if c.type == "persen":
            checks.append(pa.Check.ge(0, name="nonneg"))
        if c.type == "rupiah":
            checks.append(pa.Check(lambda s: s.map(lambda x: x >= 0), element_wise=False, name="nonneg"))
        # Text and rupiah cells are typed by the loader already (rupiah as exact
        # Python ints, which no numpy dtype holds); asking pandera to check
        # their dtype would only fail on pandas' own string dtype choice.
        dtype = float if c.type in _NUMERIC else None
        if dtype is None and not checks and not c.required:
            # Optional free text: nothing pandera could find wrong, and every
            # column costs it a pass (a third of validating a single report).
            continue
        cols[name] = pa.Column(dtype, checks=checks, nullable=not c.required, required=True, coerce=False)
    return pa.DataFrameSchema(cols, name=tdef.name)


_CACHE: dict = {}


class _WithoutHypothesis:
    """Keep pandera from importing hypothesis while it builds checks.

    pandera imports hypothesis (for data synthesis we never use) when a check is
    first created, if hypothesis happens to be installed: ~80 ms on every run of
    a dev or CI environment. A `None` entry in sys.modules makes that optional
    import fail fast. Only done when nothing has imported hypothesis yet, and
    undone right after, so a test process that uses hypothesis is unaffected.
    """

    def __enter__(self):
        import sys
        self.hidden = "hypothesis" not in sys.modules
        if self.hidden:
            sys.modules["hypothesis"] = None
        return self

    def __exit__(self, *exc):
        import sys
        if self.hidden and sys.modules.get("hypothesis", 0) is None:
            del sys.modules["hypothesis"]
        return False


# Whole numbers beyond this are not all exact as floats, and pandas may hold
# them as uint64 or objects; the pre-check leaves such columns to pandera.
_EXACT_INT = 2 ** 53


def surely_valid(t: Table, tdef: TableDef) -> bool:
    """True only when the pandera schema of `tdef` cannot fail on `t`.

    Importing pandas and pandera costs most of a second, far more than checking
    one report, and a clean table gives pandera nothing to say. This mirrors,
    cell by cell, what `_schema` asks and what `validate` hands pandera (numeric
    columns coerced to float, the rest as Python objects), but accepts only
    values whose outcome it is sure of: plain ints, floats and strs. Anything
    else (another type, a whole number too large for a float, a choice list
    that is not all text) answers False, and pandera, which stays the judge of
    every failure, runs as before. tests/test_schema_precheck.py holds it to
    this against pandera itself.
    """
    for name, c in tdef.columns.items():
        col = t.columns.get(name)
        if col is None or len(col.values) != len(t):
            return False
        values = col.values
        if c.type in _NUMERIC:
            nonneg = c.type in ("cacah", "persen")
            for v in values:
                tv = type(v)
                if v is None or (tv is float and v != v):
                    if c.required:
                        return False
                elif tv is float:
                    if nonneg and not v >= 0:
                        return False
                elif tv is int:
                    if not -_EXACT_INT <= v <= _EXACT_INT or (nonneg and v < 0):
                        return False
                else:
                    return False
        elif c.type == "rupiah":
            for v in values:
                if v is None:
                    if c.required:
                        return False
                elif type(v) is not int or v < 0:
                    return False
        elif c.type == "pilihan" and c.values:
            allowed = c.values
            if not all(type(a) is str for a in allowed):
                return False
            allowed = frozenset(allowed)
            for v in values:
                if v is None:
                    if c.required:
                        return False
                elif type(v) is not str or v not in allowed:
                    return False
        elif c.required:
            # Text: pandera asks only that it is there; a str never counts as missing.
            for v in values:
                if type(v) is not str:
                    return False
    return True


def validate(tables: dict[str, Table], model: Model, dataset_names: list[str], lang: str = "id",
             catalogue: dict | None = None) -> list[Finding]:
    """`catalogue`: the rule pack's metadata, whose severity and reference the findings take.

    Tables that `surely_valid` clears are not handed to pandera, and when it
    clears them all, pandas and pandera are not even imported.
    """
    findings: list[Finding] = []
    for name, tdef in model.tables.items():
        t = tables.get(name)
        if t is None or not len(t) or surely_valid(t, tdef):
            continue
        cases = pandera_failures(t, tdef, model.source)
        if cases is not None:
            findings.extend(_to_findings(cases, t, tdef, dataset_names, lang, catalogue))
    return findings


def pandera_failures(t: Table, tdef: TableDef, source=None):
    """pandera's failure cases (a DataFrame) for one non-empty table, or None when it passes.

    `source` (the model's file) keys the cache of built schemas.
    """
    import pandas as pd
    import pandera.errors as pe

    key = (source, tdef.name)
    schema = _CACHE.get(key)
    if schema is None:
        with _WithoutHypothesis():
            schema = _CACHE[key] = _schema(tdef)
    frame = pd.DataFrame({c: pd.Series(t.columns[c].values, dtype=object) for c in schema.columns})
    for c in schema.columns:
        if tdef.columns[c].type in _NUMERIC:
            frame[c] = pd.to_numeric(frame[c], errors="coerce").astype(float)
    try:
        with warnings.catch_warnings(), _WithoutHypothesis():
            warnings.simplefilter("ignore")
            schema.validate(frame, lazy=True)
    except pe.SchemaErrors as err:
        return err.failure_cases
    return None


def _to_findings(cases, t: Table, tdef: TableDef, names, lang, catalogue=None) -> list[Finding]:
    out = []
    seen = set()
    for rec in cases.to_dict("records"):
        col = rec.get("column")
        idx = rec.get("index")
        check = str(rec.get("check") or "")
        if col not in tdef.columns or idx is None or idx != idx:
            continue
        r = int(idx)
        kind = "required" if "not_nullable" in check else "isin" if "isin" in check else \
            "nonneg" if "nonneg" in check else "range"
        if (col, r, kind) in seen:
            continue
        seen.add((col, r, kind))
        if kind == "required" and t.columns[col].raw[r] is not None:
            continue  # unreadable, already reported by the loader as DAT001
        cdef = tdef.columns[col]
        value = t.columns[col].raw[r] if t.columns[col].raw[r] is not None else rec.get("failure_case")
        rule = {"required": "DAT003", "isin": "DAT004", "nonneg": "DAT008", "range": "DAT008"}[kind]
        c = t.columns[col]
        allowed = ", ".join(cdef.values)
        out.append(make(
            rule, f"schema.{kind}", args={"table": tdef.name, "column": col, "v": value, "allowed": allowed},
            catalogue=catalogue, lang=lang, severity="error", family="data", reference="docs/dataset.md",
            dataset=names[t.ds[r]],
            location=Location(t.files[r], c.lines[r] or t.lines[r], c.cols[r], c.cells[r] or t.cells[r]),
            table=tdef.name, row=_key(t, tdef, r), field=col,
            expected=allowed if kind == "isin" else None,
            actual=None if value is None else str(value),
        ))
    return out


def _key(t: Table, tdef: TableDef, r: int) -> str:
    parts = [t.columns[k].values[r] for k in tdef.key if k in t.columns]
    return row_key(parts, tdef.name, lambda: row_number(t.ds, r))
