"""A pure-Python twin of the pandera schemas (model/schema.py): pandera's verdict without pandas.

Why it exists: importing pandas and pandera costs about a second of CPU per
process, while validating one report's tables takes some 20 ms. A single
report (`lkjcheck run DIR`) would spend most of its time on that import, only
to learn that a table passes, or that a required cell is empty.

pandera stays the authority on the schemas. The twin answers only where it can
say exactly what pandera would say - the same failure cases, with the same
values and in the same order - and otherwise declines (returns None), and the
table goes to pandera as before. It declines on anything it is not sure of:
a value of a type the loader does not produce (bool, str in a numeric column,
float in a text column ...), a whole number too large to be exact as a float,
a choice list that is not all text, a missing column, and more failure cases
than pandera keeps in order (see _MAX_CASES). tests/test_schema_precheck.py
and tests/test_schema_twin.py hold it to pandera itself.
"""
from __future__ import annotations

from lkjcheck.model.definition import ColumnDef, TableDef
from lkjcheck.model.table import Table

# Column types the frame handed to pandera holds as floats (model/schema.pandera_failures).
NUMERIC = frozenset(("bilangan", "persen", "cacah", "tahun", "tanggal", "besaran"))
_NONNEG_NUMERIC = frozenset(("cacah", "persen"))

# Whole numbers beyond this are not all exact as floats, and pandas may hold
# them as uint64 or objects; the twin leaves such columns to pandera.
_EXACT_INT = 2 ** 53

# pandera orders its failure cases with pandas' default sort, an unstable
# quicksort: beyond 16 cases (numpy's insertion-sort cut-off) equal keys come
# out shuffled. The twin states the order only where it is the natural one.
_MAX_CASES = 16

_NAN = float("nan")


def checks_of(c: ColumnDef) -> tuple[str, ...]:
    """The names of the value checks the schema puts on column `c` (model/schema._schema builds them)."""
    if c.type == "pilihan" and c.values:
        return ("isin",)
    if c.type in _NONNEG_NUMERIC or c.type == "rupiah":
        return ("nonneg",)
    return ()


def reported_check(c: ColumnDef) -> str:
    """How pandera names the failing value check of `c` in its failure cases.

    Its built-in checks go by their error text, not the name they were given;
    only the rupiah check, a custom one, goes by its name.
    """
    if c.type == "pilihan":
        return f"isin({list(c.values)})"
    return "nonneg" if c.type == "rupiah" else "greater_than_or_equal_to(0)"


def judged(c: ColumnDef) -> bool:
    """Whether the schema has column `c` at all: optional free text has nothing to fail."""
    return c.type in NUMERIC or c.required or bool(checks_of(c))


def twin_failures(t: Table, tdef: TableDef) -> list[dict] | None:
    """pandera's failure cases for `t`, as records (column, index, check, failure_case); None: not sure, ask pandera.

    An empty list means pandera passes the table.
    """
    cases: list[dict] = []
    for name, c in tdef.columns.items():
        if not judged(c):
            continue
        col = t.columns.get(name)
        if col is None or len(col.values) != len(t):
            return None
        found = _column(col.values, c)
        if found is None:
            return None
        nulls, bad = found
        if nulls and c.required:
            # The frame holds a numeric column as floats, so its missing cells are NaN.
            missing = _NAN if c.type in NUMERIC else None
            cases.extend({"column": name, "index": r, "check": "not_nullable", "failure_case": missing}
                         for r in nulls)
        if bad:
            check = reported_check(c)
            cases.extend({"column": name, "index": r, "check": check, "failure_case": v} for r, v in bad)
        if len(cases) > _MAX_CASES:
            return None
    return cases


def _column(values: list, c: ColumnDef):
    """(rows with no value, [(row, value as pandera sees it) failing the column's check]); None: not sure."""
    nulls: list[int] = []
    bad: list[tuple[int, object]] = []
    if c.type in NUMERIC:
        nonneg = c.type in _NONNEG_NUMERIC
        for r, v in enumerate(values):
            tv = type(v)
            if v is None or (tv is float and v != v):
                nulls.append(r)
            elif tv is float:
                if nonneg and not v >= 0:
                    bad.append((r, v))
            elif tv is int:
                if not -_EXACT_INT <= v <= _EXACT_INT:
                    return None
                if nonneg and v < 0:
                    bad.append((r, float(v)))
            else:
                return None
    elif c.type == "rupiah":
        for r, v in enumerate(values):
            if v is None:
                nulls.append(r)
            elif type(v) is not int:
                return None
            elif v < 0:
                bad.append((r, v))
    elif checks_of(c):  # choices
        if not all(type(a) is str for a in c.values):
            return None
        allowed = frozenset(c.values)
        for r, v in enumerate(values):
            if v is None:
                nulls.append(r)
            elif type(v) is not str:
                return None
            elif v not in allowed:
                bad.append((r, v))
    else:
        # Required text: pandera asks only that it is there; a str is never missing, even "" or " ".
        for r, v in enumerate(values):
            if v is None:
                nulls.append(r)
            elif type(v) is not str:
                return None
    return nulls, bad
