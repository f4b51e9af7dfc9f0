"""pandera schemas built from the data model; every failure becomes a finding.

The loader has already parsed each value with its column's type (a value it
could not read is a DAT001 finding and left empty). The schemas then enforce
what a value of the right type must still satisfy: required columns filled,
choices from the allowed set, counts not negative, plausible years. Validation
is lazy, so every failure is reported with its row, not just the first.

pandera is the authority, but it costs ~1 s of CPU to import pandas and
pandera for ~20 ms of validating one report; so each table is first put to the
pure-Python twin (model/schema_twin.py), which states pandera's failure cases
where it can be sure of them, and pandera is asked only when it cannot.
"""
from __future__ import annotations

import warnings

from lkjcheck.findings import Finding, Location, make, row_key, row_number
from lkjcheck.model.table import Table
from lkjcheck.model.definition import Model, TableDef
from lkjcheck.model.schema_twin import NUMERIC, checks_of, judged, twin_failures


def _schema(tdef: TableDef):
    import pandera.pandas as pa

    make_check = {
        "isin": lambda c: pa.Check.isin(list(c.values), name="isin"),
        "nonneg": lambda c: pa.Check.ge(0, name="nonneg") if c.type in NUMERIC else
        pa.Check(lambda s: s.map(lambda x: x >= 0), element_wise=False, name="nonneg"),
    }
    cols = {}
    for name, c in tdef.columns.items():
        # Optional free text has nothing pandera could find wrong, and every
        # column costs it a pass (a third of validating a single report).
        if not judged(c):
            continue
        # Text and rupiah cells are typed by the loader already (rupiah as exact
        # Python ints, which no numpy dtype holds); asking pandera to check
        # their dtype would only fail on pandas' own string dtype choice.
        dtype = float if c.type in NUMERIC else None
        checks = [make_check[k](c) for k in checks_of(c)]
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


def validate(tables: dict[str, Table], model: Model, dataset_names: list[str], lang: str = "id",
             catalogue: dict | None = None) -> list[Finding]:
    """`catalogue`: the rule pack's metadata, whose severity and reference the findings take.

    pandas and pandera are imported only when some table is one the twin cannot decide.
    """
    findings: list[Finding] = []
    for name, tdef in model.tables.items():
        t = tables.get(name)
        if t is not None and len(t):
            findings.extend(table_findings(t, tdef, dataset_names, lang, catalogue, model.source))
    return findings


def table_findings(t: Table, tdef: TableDef, dataset_names: list[str], lang: str = "id",
                   catalogue: dict | None = None, source=None) -> list[Finding]:
    """The schema's findings on one non-empty table: the twin's when it can tell, else pandera's."""
    cases = twin_failures(t, tdef)
    if cases is None:
        cases = pandera_failures(t, tdef, source)
        cases = [] if cases is None else cases.to_dict("records")
    return _to_findings(cases, t, tdef, dataset_names, lang, catalogue)


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
        if tdef.columns[c].type in NUMERIC:
            frame[c] = pd.to_numeric(frame[c], errors="coerce").astype(float)
    try:
        with warnings.catch_warnings(), _WithoutHypothesis():
            warnings.simplefilter("ignore")
            schema.validate(frame, lazy=True)
    except pe.SchemaErrors as err:
        return err.failure_cases
    return None


def _to_findings(cases: list[dict], t: Table, tdef: TableDef, names, lang, catalogue=None) -> list[Finding]:
    """Findings from failure cases as records (pandera's frame as `to_dict("records")`, or the twin's)."""
    out = []
    seen = set()
    for rec in cases:
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
