"""The loader's columnar tables equal the plain row-by-row typing of every cell.

The reference below types each cell of each row on its own with the public
`parse_cell` and fills the columns one row at a time, as a reader of the model
would: no memo, no shared lists, no shortcuts. The loaded tables (shared
empty lists, memoised cells, transposed columns) must hold exactly that, on
the fixtures, the corpus datasets and generated reports.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import generated_reports

from lkjcheck.checks.rules import builtin_rules_dir
from lkjcheck.model import cells
from lkjcheck.model.cells import CellError, parse_cell
from lkjcheck.model.dataset import load_dataset
from lkjcheck.model.definition import load_model, relative_year_name
from lkjcheck.read import numbers
from lkjcheck.read.numbers import NumberFormatError, parse_number
from lkjcheck.read.yamlsafe import Mapping, Scalar, Sequence, load_yaml

ROOT = Path(__file__).resolve().parents[1]
MODEL = load_model(builtin_rules_dir() / "sakip" / "model.yaml")
FIXTURES = sorted(p.parent for p in (ROOT / "fixtures").rglob("lkj.yaml"))
ATTRS = ("values", "rad", "raw", "decimals", "units", "lines", "cols", "cells")


def _flat(m: Mapping, prefix: str = "") -> dict:
    out = {}
    for k, v in m.items():
        if isinstance(v, Mapping):
            out.update(_flat(v, f"{prefix}{k}_"))
        else:
            out[f"{prefix}{k}"] = v
    return out


def _reference(folder: Path) -> dict:
    """table -> column -> attribute -> list, typed row by row."""
    tree = load_yaml(str(folder / "lkj.yaml"))
    year = None
    lap = tree.get("laporan")
    if isinstance(lap, Mapping) and isinstance(lap.get("tahun"), Scalar) and re.fullmatch(r"\s*\d{4}\s*",
                                                                                          lap["tahun"].text):
        year = int(lap["tahun"].text)
    out = {}
    for tname, tdef in MODEL.tables.items():
        value = tree.get(tname)
        if isinstance(value, Mapping) and "berkas" in value:
            continue        # a CSV or XLSX table: tests/test_external* hold its reading
        if tdef.single:
            rows = [value] if isinstance(value, Mapping) else []
        else:
            rows = [r for r in value if isinstance(r, Mapping)] if isinstance(value, Sequence) else []
        n = len(rows)
        cols = {}
        for name in tdef.engine_columns():
            cdef = tdef.columns.get(name)
            default = cdef.default if cdef is not None else None
            cols[name] = {"values": [default] * n, "rad": [0.0] * n, "raw": [None] * n, "decimals": [None] * n,
                          "units": [None] * n, "lines": [r.line for r in rows], "cols": [None] * n,
                          "cells": [None] * n}
        for r, row in enumerate(rows):
            for key, val in _flat(row).items():
                if not isinstance(val, Scalar):
                    continue        # a list in a cell: the loader's own business, not in these datasets
                name, cdef = key, tdef.columns.get(key)
                m = re.match(r"^([a-z_]+?)_(\d{4})$", key)
                if cdef is None and m and m.group(1) in tdef.year_columns and year:
                    name = relative_year_name(m.group(1), int(m.group(2)), year)
                    cdef = tdef.year_columns[m.group(1)] if name else None
                if cdef is None or val.tag == "null" or val.text.strip() in ("", "~", "-", "—"):
                    continue
                try:
                    c = parse_cell(cdef, val)
                except CellError:
                    continue
                parts = [(name, (c.value, c.rad, c.raw, c.decimals, c.unit))]
                if cdef.type == "besaran":
                    parts += [(name + "_satuan", (c.unit, 0.0, c.unit, None, None)),
                              (name + "_teks", (c.text, 0.0, c.text, None, None))]
                for target, typed in parts:
                    col = cols[target]
                    for attr, v in zip(ATTRS, (*typed, val.line or row.line, val.column, None)):
                        col[attr][r] = v
        out[tname] = cols
    return out


def _assert_equal_to_reference(folder: Path) -> int:
    ds = load_dataset(folder, MODEL)
    filled = 0
    for tname, cols in _reference(folder).items():
        t = ds.tables[tname]
        assert set(t.columns) == set(cols), tname
        for name, want in cols.items():
            col = t.columns[name]
            for attr in ATTRS:
                got = getattr(col, attr)
                assert got == want[attr], (folder, tname, name, attr)
                # same types too: an int is not a float that equals it
                assert [type(x) for x in got] == [type(x) for x in want[attr]], (folder, tname, name, attr)
            filled += sum(v is not None for v in want["raw"])
    return filled


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_fixture_and_corpus_tables_equal_the_row_by_row_typing(folder):
    assert _assert_equal_to_reference(folder) > 0


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return generated_reports(tmp_path_factory.mktemp("gen"), 25)


def test_generated_report_tables_equal_the_row_by_row_typing(generated):
    assert len(generated) == 25
    assert sum(_assert_equal_to_reference(f) for f in generated) > 1000


def test_a_small_memo_stays_within_its_bound_and_changes_nothing(generated, monkeypatch):
    wide = [load_dataset(f, MODEL).tables for f in generated[:5]]
    monkeypatch.setattr(cells, "_PARSED_MAX", 3)
    for tdef in MODEL.tables.values():
        for cdef in [*tdef.columns.values(), *tdef.year_columns.values()]:
            cdef.__dict__.pop("_parsed", None)
    narrow = [load_dataset(f, MODEL).tables for f in generated[:5]]
    assert narrow == wide
    sizes = [len(c.__dict__.get("_parsed", ())) for t in MODEL.tables.values() for c in t.columns.values()]
    assert max(sizes) <= 3 and any(sizes)


# Texts whose readings the shortcut for common forms must leave exactly as the general path reads them:
# Indonesian and English separators, the ambiguous "1,234", percent, leading zeros, too many digits.
TEXTS = ["16", "007", "0", "1.234", "1.234.567", "1.234,5", "1.234.567,89", "8,84", "1,234", "12,345", "1234,5",
         "95,00%", "100%", "1,234%", "99.01", "1234.567", "12.34", "1.23", "12,", ",5", "1.2345", "12.345.67",
         "1" * 25, "1" * 20 + ",12345", "0" * 30 + "1", "1.000.000.000.000.000.000.000.000",
         "Rp 1.234", "1.234,-", "(5)", "-5", "5 %", "66,96 miliar", "１２", " 12", "12 "]


@pytest.mark.parametrize("expect", [None, "number", "percent", "rupiah"])
def test_common_forms_read_as_the_general_path_reads_them(monkeypatch, expect):
    def read(text):
        try:
            return parse_number(text, expect=expect)
        except NumberFormatError as e:
            return (e.key, e.values)

    shortcut = {t: read(t) for t in TEXTS}
    monkeypatch.setattr(numbers, "_COMMON", re.compile(r"(?!)"))
    general = {t: read(t) for t in TEXTS}
    assert shortcut == general
    # and it did read both ways: thousands in rupiah, a decimal comma elsewhere
    assert shortcut["1,234"].value == (1234 if expect == "rupiah" else parse_number("1,234").value)
    assert isinstance(shortcut["1" * 25], tuple)
