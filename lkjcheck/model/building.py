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
from lkjcheck.model.table import Column, Table
from lkjcheck.read.yamlsafe import Mapping, Scalar

DATASET_FILE = "lkj.yaml"
WORKBOOK_FILE = "lkj.xlsx"
TEXT_FILES = ("laporan.md", "laporan.txt", "laporan.docx", "laporan.pdf")
META_KEYS = {"lkjcheck", "model", "laporan_teks", "catatan", "temuan_ekstraksi"}
# Dataset format versions this release reads (lkj.yaml's `lkjcheck: 1`, a
# workbook's `lkjcheck` row). A later version may mean something else by the
# same keys, so it is refused rather than guessed at.
FORMAT_VERSIONS = ("1",)
_WIDTH = 9      # entries per filled cell in _Builder._filled
_YEARCOL = re.compile(r"^([a-z_]+?)_(\d{4})$")


class _Builder:
    """Collects rows of one table into typed columns, with findings for bad cells.

    Most cells of most rows are absent (a table has ~20 columns, a row fills a
    few), so filled cells are kept sparse while reading and the dense columns
    are built once, when the table is asked for. A column's filled cells are
    one flat list, _WIDTH entries a cell (row, value, rad, raw, decimals,
    unit, line, column, cell): no tuple per cell, and the dense lists are its
    strided slices.
    """

    def __init__(self, ds: "_Loading", tdef: TableDef):
        self.ds, self.tdef = ds, tdef
        self._table = Table(tdef.name, {})
        self._kinds = tdef.engine_columns()
        self._filled: dict[str, list] = {}
        self._done = False
        self._label_keys = (*((tdef.row_name,) if tdef.row_name else ()), *tdef.key)
        self._columns: dict = {}        # key as written -> (column name, ColumnDef | None, its memo)
        self._unknown_reported: set[str] = set()

    @property
    def table(self) -> Table:
        if not self._done:
            self._finish()
        return self._table

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
        label = None
        for k in self._label_keys:
            v = cells.get(k)
            if v is not None and not _blank(v):
                label = v.text.strip()
                break
        filled = self._filled
        columns = self._columns
        for key, val in cells.items():
            target = columns.get(key)
            if target is None:
                name, cdef = self._column_for(key)
                target = columns[key] = (name, cdef, None if cdef is None else cdef.__dict__.setdefault("_parsed", {}))
            name, cdef, memo = target
            vline = val.line or line
            if cdef is None:
                # Once per column, at its first value: a thousand unknown
                # columns of four hundred rows are a thousand findings, not 400 000.
                if key not in self._unknown_reported:
                    self._unknown_reported.add(key)
                    near = list(self.tdef.columns)
                    self.ds.finding("DAT007", "warning", file, vline, val.column, t.name, label, key,
                                    i18n.Said("model.unknown_column", key=key, name=t.name,
                                              suggest=suggest(key, near)), cell=val.cell)
                continue
            hit = memo.get((val.text, val.tag, val.quoted)) or _parse_into(memo, cdef, val)
            if hit is _BLANK:
                continue
            if len(hit) == 2:
                rule, msg = hit
                self.ds.finding(rule, "error", file, vline, val.column, t.name, label, key,
                                i18n.Said("model.cell_unreadable", key=key, text=repr(val.text), reason=msg),
                                actual=val.text, cell=val.cell)
                continue
            value, rad, raw, dec, unit, text = hit
            filled.setdefault(name, []).extend((r, value, rad, raw, dec, unit, vline, val.column, val.cell))
            if cdef.type == "besaran":
                where = (vline, val.column, val.cell)
                filled.setdefault(name + "_satuan", []).extend((r, unit, 0.0, unit, None, None) + where)
                filled.setdefault(name + "_teks", []).extend((r, text, 0.0, text, None, None) + where)

    def _finish(self) -> None:
        t = self._table
        n = len(t.lines)
        # Columns nobody filled (most of them) share one set of read-only
        # lists; only filled columns get lists of their own to write into.
        nones, zeros = [None] * n, [0.0] * n
        for name, kind in self._kinds.items():
            entries = self._filled.get(name)
            cdef = self.tdef.columns.get(name)
            default = cdef.default if cdef is not None else None
            if not entries:
                values = [default] * n if default is not None else nones
                t.columns[name] = Column(name, kind, values, zeros, nones, nones, nones, t.lines, nones, t.cells)
                continue
            if len(entries) == n * _WIDTH and entries[0::_WIDTH] == list(range(n)):
                # Every row filled, once each (the usual case): the columns are slices, made at C speed.
                t.columns[name] = Column(name, kind, *(entries[i::_WIDTH] for i in range(1, _WIDTH)))
                continue
            col = Column(name, kind, [default] * n, [0.0] * n, [None] * n, [None] * n, [None] * n,
                         list(t.lines), [None] * n, list(t.cells))
            for i in range(0, len(entries), _WIDTH):
                r, value, rad, raw, dec, unit, line, c, cell = entries[i:i + _WIDTH]
                col.values[r], col.rad[r], col.raw[r], col.decimals[r], col.units[r] = value, rad, raw, dec, unit
                col.lines[r], col.cols[r], col.cells[r] = line, c, cell
            t.columns[name] = col
        self._filled = {}       # the columns hold it all now
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
    """A row's cells by column name, nested mappings flattened to prefix_key."""
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
