"""Rows → typed columns, and the findings a dataset's loading makes.

`_Builder` collects the rows of one table, however they were read (lkj.yaml,
a CSV or XLSX table, a workbook sheet, a report document), and types each
cell for its column; `_Loading` is one dataset being loaded: its folder, its
limits, its findings under the cap per rule.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from lkjcheck.errors import suggest
from lkjcheck import i18n
from lkjcheck.findings import Finding, Location, make
from lkjcheck.model.cells import _BLANK, Value, _blank, _from_scalar, _parse_into
from lkjcheck.model.definition import Model, TableDef, relative_year_name
from lkjcheck.model.table import SHARED_NONE as _NONE, SHARED_ROW as _ROW, SHARED_ZERO as _ZERO, Column, Table
from lkjcheck.read.yamlsafe import Mapping, Scalar

DATASET_FILE = "lkj.yaml"
WORKBOOK_FILE = "lkj.xlsx"
TEXT_FILES = ("laporan.md", "laporan.txt", "laporan.docx", "laporan.pdf")
META_KEYS = {"lkjcheck", "model", "laporan_teks", "catatan", "temuan_ekstraksi"}
# Dataset format versions this release reads (lkj.yaml's `lkjcheck: 1`, a
# workbook's `lkjcheck` row). A later version may mean something else by the
# same keys, so it is refused rather than guessed at.
FORMAT_VERSIONS = ("1",)
_WIDTH = 5      # entries per filled cell in _Builder._filled
_YEARCOL = re.compile(r"^([a-z_]+?)_(\d{4})$")
_new = object.__new__
_ONLY_SCALARS = frozenset((Scalar,))
_MARKS: dict = {}       # one tuple object for each pattern, so tables compare them by identity


class _Builder:
    """Collects rows of one table into typed columns, with findings for bad cells.

    Most cells of most rows are absent (a table has ~20 columns, a row fills a
    few), so filled cells are kept sparse while reading and the dense columns
    are built once, when the table is asked for. A column's filled cells are
    one flat list, _WIDTH entries a cell (row, typed, line, column, cell),
    where `typed` is the column memo's own tuple (value, rad, raw, decimals,
    unit), shared by every cell written the same way: no object per cell, and
    the dense lists are strided slices and one transposition.
    """

    def __init__(self, ds: "_Loading", tdef: TableDef):
        self.ds, self.tdef = ds, tdef
        self._table = Table(tdef.name, {})
        plan = tdef.__dict__.get("_dense_plan")
        if plan is None:
            # What _finish walks for every table of this definition: each engine
            # column with its kind and default, worked out once per definition.
            plan = tdef.__dict__["_dense_plan"] = tuple(
                (name, kind, getattr(tdef.columns.get(name), "default", None))
                for name, kind in tdef.engine_columns().items())
        self._plan = plan
        self._filled: dict[str, list] = {}
        self._done = False
        self._label_keys = (*((tdef.row_name,) if tdef.row_name else ()), *tdef.key)
        # key as written -> (its filled list, its ColumnDef, the memo, the _satuan
        # and _teks lists of a quantity); the ColumnDef is None for an unknown column
        self._columns: dict = {}
        self._unknown_reported: set[str] = set()

    @property
    def table(self) -> Table:
        if not self._done:
            self._finish()
        return self._table

    def _label(self, cells: dict):
        """The row's name or key as a finding names it."""
        for k in self._label_keys:
            v = cells.get(k)
            if v is not None and not _blank(v):
                return v.text.strip()
        return None

    def _target(self, key: str) -> tuple:
        name, cdef = self._column_for(key)
        if cdef is None:
            target = (None, None, None, None)
        else:
            filled = self._filled
            extra = None
            if cdef.type == "besaran":
                extra = (filled.setdefault(name + "_satuan", []), filled.setdefault(name + "_teks", []))
            target = (filled.setdefault(name, []), cdef, cdef.__dict__.setdefault("_parsed", {}), extra)
        self._columns[key] = target
        return target

    def add_row(self, cells: dict, file: str, line: int | None, key_lines: dict | None = None, cell=None):
        """One row: `cells` maps column names to Values or YAML Scalars."""
        t = self._table
        if self._done:
            raise RuntimeError("table already finished")  # pragma: no cover - internal misuse
        r = len(t.lines)
        t.files.append(file)
        t.lines.append(line)
        t.ds.append(0)
        t.cells.append(cell)
        columns = self._columns
        for key, val in cells.items():
            dest, cdef, memo, extra = columns.get(key) or self._target(key)
            hit = memo.get((val.text, val.tag, val.quoted)) if memo is not None else None
            if hit is None:
                if cdef is None:
                    self._unknown(key, val, file, line, cells)
                    continue
                hit = _parse_into(memo, cdef, val)
            if len(hit) == 5:
                dest.extend((r, hit, val.line or line, val.column, val.cell))
            elif len(hit) == 3:
                vline, c, vcell = val.line or line, val.column, val.cell
                dest.extend((r, hit[0], vline, c, vcell))
                extra[0].extend((r, hit[1], vline, c, vcell))
                extra[1].extend((r, hit[2], vline, c, vcell))
            elif hit is not _BLANK:
                rule, msg = hit
                self.ds.finding(rule, "error", file, val.line or line, val.column, t.name, self._label(cells), key,
                                i18n.Said("model.cell_unreadable", key=key, text=repr(val.text), reason=msg),
                                actual=val.text, cell=val.cell)

    def _unknown(self, key: str, val, file: str, line, cells: dict) -> None:
        # Once per column, at its first value: a thousand unknown
        # columns of four hundred rows are a thousand findings, not 400 000.
        if key in self._unknown_reported:
            return
        self._unknown_reported.add(key)
        near = list(self.tdef.columns)
        t = self._table
        self.ds.finding("DAT007", "warning", file, val.line or line, val.column, t.name, self._label(cells), key,
                        i18n.Said("model.unknown_column", key=key, name=t.name,
                                  suggest=suggest(key, near)), cell=val.cell)

    def _finish(self) -> None:
        t = self._table
        n = len(t.lines)
        # Columns nobody filled (most of them) share one set of read-only
        # lists, and so do the lists of filled columns that hold nothing of
        # their own (no decimals, every line the row's): only what a column
        # really holds is a list of its own.
        nones, zeros = [None] * n, [0.0] * n
        rows = list(range(n))
        filled, columns, lines_, cells_ = self._filled, t.columns, t.lines, t.cells
        unfilled = t.unfilled
        for name, kind, default in self._plan:
            entries = filled.get(name)
            if not entries:
                # Built without the dataclass __init__: a report has ~200 such
                # columns, and their construction was a tenth of typing it.
                col = _new(Column)
                col.__dict__ = {"name": name, "kind": kind,
                                "values": [default] * n if default is not None else nones,
                                "rad": zeros, "raw": nones, "decimals": nones, "units": nones,
                                "lines": lines_, "cols": nones, "cells": cells_}
                columns[name] = col
                unfilled[name] = default
                continue
            if len(entries) == n * _WIDTH and entries[0::_WIDTH] == rows:
                # Every row filled, once each (the usual case): the columns are a
                # transposition and slices, made at C speed.
                values, rad, raw, dec, units = map(list, zip(*entries[1::_WIDTH]))
                lines, cells = entries[2::_WIDTH], entries[4::_WIDTH]
                col = t.columns[name] = Column(
                    name, kind, values,
                    zeros if rad.count(0.0) == n else rad, raw,
                    nones if dec.count(None) == n else dec,
                    nones if units.count(None) == n else units,
                    t.lines if lines == t.lines else lines, entries[3::_WIDTH],
                    nones if cells.count(None) == n else cells)
                marks = (None, _ZERO if col.rad is zeros else None, None,
                         _NONE if col.decimals is nones else None, _NONE if col.units is nones else None,
                         _ROW if col.lines is lines_ else None, None, _NONE if col.cells is nones else None)
                t.shared[name] = _MARKS.setdefault(marks, marks)
                continue
            col = Column(name, kind, [default] * n, [0.0] * n, [None] * n, [None] * n, [None] * n,
                         list(t.lines), [None] * n, list(t.cells))
            for i in range(0, len(entries), _WIDTH):
                r, typed, line, c, cell = entries[i:i + _WIDTH]
                col.values[r], col.rad[r], col.raw[r], col.decimals[r], col.units[r] = typed
                col.lines[r], col.cols[r], col.cells[r] = line, c, cell
            t.columns[name] = col
        self._filled = {}       # the columns hold it all now
        self._columns = {}
        self._done = True

    def _column_for(self, key: str):
        cdef = self.tdef.columns.get(key)
        if cdef is not None:
            return key, cdef
        m = _YEARCOL.match(key)
        if m and m.group(1) in self.tdef.year_columns and self.ds.year:
            rel = relative_year_name(m.group(1), int(m.group(2)), self.ds.year)
            if rel:
                return rel, self.tdef.year_columns[m.group(1)]
        return key, None


class _Loading:
    def __init__(self, name: str, root: Path, display_root: str, max_bytes: int, lang: str, catalogue=None):
        self.name, self.root, self.display_root, self.max_bytes = name, root, display_root, max_bytes
        self.lang = lang
        # The rule pack's metadata (with lkjcheck.toml applied): severity and reference of every DAT finding.
        self.catalogue = catalogue
        from lkjcheck.findings import RuleCap

        self._findings: list[Finding] = []
        self._cap, self._over = RuleCap(), {}
        self.year: int | None = None
        self.files: list[str] = []

    def display(self, path: Path) -> str:
        try:
            rel = path.relative_to(self.root)
        except ValueError:
            rel = path
        return os.path.join(self.display_root, str(rel)) if self.display_root else str(rel)

    def finding(self, rule, severity, file, line, column, table, row, fieldname, msg,
                actual=None, expected=None, cell=None):
        cap = self._cap
        if not cap.admit(self.name, rule):
            # Beyond the cap a finding is only counted; the `findings` property
            # turns the count into one "N lainnya" finding.
            if rule not in self._over:
                self._append(rule, severity, file, line, column, table, row, fieldname, msg, actual,
                             expected, cell)
                self._over[rule] = self._findings.pop()
            return
        self._append(rule, severity, file, line, column, table, row, fieldname, msg, actual, expected, cell)

    def add(self, found: list[Finding]) -> None:
        """Findings made elsewhere (a report's unreadable cells), under the same cap per rule."""
        for f in found:
            if self._cap.admit(self.name, f.rule):
                self._findings.append(f)
            elif f.rule not in self._over:
                self._over[f.rule] = f

    @property
    def findings(self) -> list[Finding]:
        """The findings so far. A new list each time: add them with `finding` or `add`."""
        from lkjcheck.findings import omitted

        return self._findings + [omitted(f, self._cap.over(self.name, r), self.lang) for r, f in self._over.items()]

    def _append(self, rule, severity, file, line, column, table, row, fieldname, msg: i18n.Value,
                actual=None, expected=None, cell=None):
        self._findings.append(make(
            rule, msg, catalogue=self.catalogue,
            severity=severity, lang=self.lang, dataset=self.name, location=Location(file, line, column, cell),
            table=table, row=row, field=fieldname, actual=actual, expected=expected, family="data",
            reference="docs/dataset.md",
        ))


def complete_tables(st: "_Loading", tables: dict, model: Model):
    """Give every model table a (possibly empty) table; return the agency named in `laporan`."""
    for tname, tdef in model.tables.items():
        if tname not in tables:
            tables[tname] = _Builder(st, tdef).table
    who = model.identity
    lt = tables.get(who.table) if who.table else None
    if lt is not None and len(lt) and who.agency in lt.columns:
        return lt.columns[who.agency].values[0]
    return None


def _flatten(m: Mapping) -> dict[str, Value]:
    """A row's cells as Values (for tools that read Value.is_null's table meaning)."""
    return {k: _from_scalar(v) if isinstance(v, Scalar) else v for k, v in _row_cells(m).items()}


def _row_cells(m: Mapping, prefix: str = "") -> dict:
    """A row's cells by column name, nested mappings flattened to prefix_key.

    A row of scalars only (nearly every row) is its own answer: add_row only reads it.
    A flow row of the fast reader says so itself (looking cost 0.8 µs a row).
    """
    if not prefix and (m.scalars_only or _ONLY_SCALARS >= set(map(type, m.values()))):
        return m
    out: dict = {}
    for k, v in m.items():
        name = f"{prefix}{k}" if prefix else k
        if v.__class__ is Scalar:
            out[name] = v
        elif isinstance(v, Mapping):
            out.update(_row_cells(v, name + "_"))
        else:
            # A list where a value is expected: keep it visible as text so the
            # column's type check reports it with its line.
            line = getattr(v, "line", None) or m.key_lines.get(k)
            out[name] = Value(f"[daftar {len(v)} unsur]", "list", True, line, None)
    return out
