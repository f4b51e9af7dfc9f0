"""A dataset folder → typed tables that remember where every figure was written.

Unreadable files are an `InputError` (exit 2). An unreadable *value* is not: it
becomes a finding naming its file, line and column, and the rest of the dataset
is still checked — one OCR slip must not hide every other error.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from lkjcheck.errors import suggest
from lkjcheck.findings import Finding, Location, make
from lkjcheck.i18n import Both, Value, quote
from lkjcheck.model.definition import ColumnDef, Model, TableDef, relative_year_name
from lkjcheck.read.numbers import NumberFormatError, decimals_of_plain, parse_number
from lkjcheck.read.yamlsafe import DEFAULT_MAX_BYTES, Mapping, Scalar, Sequence, load_yaml, read_text_file
from lkjcheck.errors import InputError

DATASET_FILE = "lkj.yaml"
WORKBOOK_FILE = "lkj.xlsx"
TEXT_FILES = ("laporan.md", "laporan.txt", "laporan.docx", "laporan.pdf")
META_KEYS = {"lkjcheck", "model", "laporan_teks", "catatan", "temuan_ekstraksi"}


@dataclass
class Column:
    name: str
    kind: str                    # engine kind: num, money, text, date
    values: list = field(default_factory=list)
    rad: list = field(default_factory=list)
    raw: list = field(default_factory=list)
    decimals: list = field(default_factory=list)
    units: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    cols: list = field(default_factory=list)
    cells: list = field(default_factory=list)

    def append(self, value=None, rad=0.0, raw=None, decimals=None, unit=None, line=None, col=None, cell=None):
        """For columns built by hand (tests, tools). A loaded column may share
        its lists with the other empty columns of its table (_Builder._finish):
        read it, or extend a new Column from it, but never append to it."""
        self.values.append(value)
        self.rad.append(rad)
        self.raw.append(raw)
        self.decimals.append(decimals)
        self.units.append(unit)
        self.lines.append(line)
        self.cols.append(col)
        self.cells.append(cell)

    def extend(self, other: "Column") -> None:
        for attr in ("values", "rad", "raw", "decimals", "units", "lines", "cols", "cells"):
            getattr(self, attr).extend(getattr(other, attr))


@dataclass
class Table:
    name: str
    columns: dict[str, Column]
    files: list = field(default_factory=list)       # per row
    lines: list = field(default_factory=list)       # per row
    ds: list = field(default_factory=list)          # per row: index of the dataset
    cells: list = field(default_factory=list)       # per row: sheet!A5 of the row start (xlsx)

    def __len__(self) -> int:
        return len(self.lines)


@dataclass
class Dataset:
    name: str
    path: str
    model: Model
    tables: dict[str, Table]
    findings: list[Finding]
    year: int | None = None
    agency: str | None = None
    files: list[str] = field(default_factory=list)
    text_path: str | None = None
    # Built from a report document (lkjcheck.extract): its text for the text
    # rules, and where each value's placeholder line really is in the document.
    document: Any = None
    relocate: dict | None = None


# ------------------------------------------------------------------ cell parsing

class CellError(Exception):
    def __init__(self, rule: str, msg_id: str, msg_en: str):
        super().__init__(msg_en)
        self.rule, self.msg_id, self.msg_en = rule, msg_id, msg_en


@dataclass
class Cell:
    value: Any = None
    rad: float = 0.0
    raw: str | None = None
    decimals: int | None = None
    unit: str | None = None
    text: str | None = None      # for besaran: the words as written


# "1 laporan", "12 dokumen": a figure, a space, then the unit's words.
_QTY = re.compile(r"^\s*([-+(]?\s*\d[\d.,]*\)?)\s+([^\d\s%][^%]*)$")
_YEARCOL = re.compile(r"^([a-z_]+?)_(\d{4})$")


def _num_error(e: NumberFormatError) -> CellError:
    return CellError("DAT001", f"angka tidak terbaca: {e.reason_id}", f"unreadable number: {e.reason_en}")


def _number_from(sc: "Value", expect: str) -> tuple[Decimal, int, str, float]:
    """(value, decimals, kind, radius) from a YAML scalar or a CSV/XLSX cell."""
    if sc.tag in ("int", "float") and not sc.quoted:
        t = sc.text.strip().replace("_", "")
        try:
            v = Decimal(t)
        except Exception:
            raise CellError("DAT001", "angka tidak terbaca", "unreadable number")
        if not v.is_finite():
            raise CellError("DAT001", "angka tidak terhingga", "number is not finite")
        if abs(v) >= Decimal(10) ** 24:
            raise CellError("DAT001", "angka terlalu besar", "number too large")
        d = decimals_of_plain(t)
        return v, d, "number", float(Decimal(5).scaleb(-(d + 1)))
    try:
        p = parse_number(sc.text, expect=expect)
    except NumberFormatError as e:
        raise _num_error(e)
    return p.value, p.decimals, p.kind, float(p.radius)


def parse_cell(cdef: ColumnDef, sc: "Value") -> Cell:
    t = cdef.type
    raw = sc.text
    if t in ("teks", "nip", "pilihan"):
        s = raw.strip()
        if t == "nip":
            s = re.sub(r"[\s.\-]", "", s)
        if t == "pilihan":
            s = cdef.canonical(s)
        return Cell(s, 0.0, raw)
    if t in ("bilangan", "persen", "cacah", "tahun"):
        v, d, kind, rad = _number_from(sc, "percent" if t == "persen" else "number")
        if kind == "rupiah":
            raise CellError("DAT002", "rupiah di kolom yang bukan rupiah", "rupiah amount in a non-rupiah column")
        if t in ("cacah", "tahun"):
            if v != v.to_integral_value():
                raise CellError("DAT002", "harus bilangan bulat", "must be a whole number")
            v = int(v)
            if t == "tahun" and not 1900 <= v <= 2200:
                raise CellError("DAT002", f"tahun {v} tidak masuk akal", f"year {v} is not plausible")
            return Cell(v, 0.0, raw, 0, None)
        return Cell(float(v), 0.0 if cdef.exact else rad, raw, d, "%" if t == "persen" else None)
    if t == "rupiah":
        v, d, kind, rad = _number_from(sc, "rupiah")
        if kind == "percent":
            raise CellError("DAT002", "persen di kolom rupiah", "a percentage in a rupiah column")
        if v != v.to_integral_value():
            raise CellError("DAT002", "rupiah harus bilangan bulat", "rupiah must be a whole amount")
        exact_written = rad <= 0.5
        return Cell(int(v), 0.0 if exact_written else rad, raw, 0, "Rp")
    if t == "tanggal":
        return _date_cell(sc)
    if t == "besaran":
        return _quantity_cell(cdef, sc)
    raise CellError("DAT002", f"tipe {t} tidak dikenal", f"unknown type {t}")  # pragma: no cover


def _date_cell(sc: "Value") -> Cell:
    from lkjcheck.read.dates import parse_date  # shared with the narrative checks

    try:
        iv = parse_date(sc.text)
    except Exception as e:  # the parser's own message says what is wrong, in each language
        rid, ren = getattr(e, "reason_id", None) or str(e), getattr(e, "reason_en", None) or str(e)
        raise CellError("DAT001", f"tanggal tidak terbaca: {rid}", f"unreadable date: {ren}")
    lo, hi = iv.first.toordinal(), iv.last.toordinal()
    return Cell((lo + hi) / 2, (hi - lo) / 2, sc.text, None, None)


def _quantity_cell(cdef: ColumnDef, sc: "Value") -> Cell:
    raw = sc.text.strip()
    if sc.tag in ("int", "float") and not sc.quoted:
        v, d, _, rad = _number_from(sc, "number")
        bare_count = cdef.bare_counts and d == 0 and v == v.to_integral_value()
        return Cell(float(v), 0.0 if cdef.exact or bare_count else rad, raw, d, None, raw)
    try:
        p = parse_number(raw)
        unit = {"percent": "%", "rupiah": "Rp"}.get(p.kind)
        bare_count = (cdef.bare_counts and p.kind == "number" and not p.decimals and p.scale == 1
                      and p.value == p.value.to_integral_value())
        exact = cdef.exact or bare_count or (p.kind == "rupiah" and p.scale == 1)
        return Cell(float(p.value) if p.kind != "rupiah" else int(p.value), 0.0 if exact else float(p.radius),
                    raw, p.decimals, unit, raw)
    except NumberFormatError:
        pass
    m = _QTY.match(raw)
    if not m:
        if re.match(r"^\s*(?:rp\.?\s*)?[-+(]?\d", raw, re.I):
            # Starts like a figure but is not one we can read: never guess.
            try:
                parse_number(raw)
            except NumberFormatError as e:
                raise _num_error(e)
        # A grade ("B"), an opinion ("WTP") or words: no number to compute with.
        return Cell(None, 0.0, raw, None, None, raw)
    num, unit = m.group(1).strip(), m.group(2).strip()
    if unit.lower() == "persen":
        num, unit = num + "%", "%"
    try:
        p = parse_number(num, expect="percent" if unit == "%" else "number")
    except NumberFormatError as e:
        raise _num_error(e)
    if p.kind == "rupiah":
        unit = "Rp"
    return Cell(float(p.value), 0.0 if cdef.exact or _counted(cdef, unit, p) else float(p.radius),
                raw, p.decimals, unit or None, raw)


def _counted(cdef: ColumnDef, unit: str, p) -> bool:
    """A whole figure of a unit that is counted, not measured ("4 laporan"): exact."""
    if cdef.measured_units is None or not unit or unit in ("%", "Rp") or p.decimals or p.scale != 1:
        return False
    return unit.lower() not in cdef.measured_units and p.value == p.value.to_integral_value()


# ------------------------------------------------------------------ table reading

@dataclass
class Value:
    """One cell as written, wherever it came from."""

    text: str
    tag: str = "str"
    quoted: bool = True
    line: int | None = None
    column: int | None = None
    cell: str | None = None

    @property
    def is_null(self) -> bool:
        return _blank(self)


_BLANKS = frozenset(("", "~", "-", "—"))


def _blank(cell) -> bool:
    """An empty cell, for a Value or a YAML Scalar alike (a dash is empty in a table)."""
    return cell.tag == "null" or cell.text.strip() in _BLANKS


def _from_scalar(sc: Scalar) -> Value:
    return Value(sc.text, sc.tag, sc.quoted, sc.line, sc.column)


# Per column definition, at most this many distinct cell texts are remembered.
_PARSED_MAX = 4096


_BLANK = ("blank",)


def _parse_into(memo: dict, cdef: ColumnDef, val) -> tuple:
    """A cell typed for its column: (value, rad, raw, decimals, unit, text),
    (rule, message_id, message_en) when unreadable, or _BLANK when empty.

    Reports repeat their figures ("100,00%", "IKU-1", dates, units) in row
    after row and report after report, and typing a cell (Indonesian number
    formats, precision, dates) is most of loading one; the result depends on
    nothing but the column and the cell as written, so each column keeps it.
    """
    if _blank(val):
        hit = _BLANK
    else:
        try:
            c = parse_cell(cdef, val)
            hit = (c.value, c.rad, c.raw, c.decimals, c.unit, c.text)
        except CellError as e:
            # The message, not the exception: re-raising one object would
            # grow its traceback with every cell that repeats the error.
            hit = (e.rule, e.msg_id, e.msg_en)
    if len(memo) >= _PARSED_MAX:
        memo.clear()
    memo[(val.text, val.tag, val.quoted)] = hit
    return hit


class _Builder:
    """Collects rows of one table into typed columns, with findings for bad cells.

    Most cells of most rows are absent (a table has ~20 columns, a row fills a
    few), so filled cells are kept sparse while reading and the dense columns
    are built once, when the table is asked for.
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
                                    f"kolom '{key}' tidak dikenal di tabel {t.name}; nilainya diabaikan"
                                    f"{suggest(key, near, 'id')}",
                                    f"unknown column '{key}' in table {t.name}; its value is ignored"
                                    f"{suggest(key, near, 'en')}", cell=val.cell)
                continue
            hit = memo.get((val.text, val.tag, val.quoted)) or _parse_into(memo, cdef, val)
            if hit is _BLANK:
                continue
            if len(hit) == 3:
                rule, msg_id, msg_en = hit
                self.ds.finding(rule, "error", file, vline, val.column, t.name, label, key,
                                f"{key} = {val.text!r}: {msg_id}", f"{key} = {val.text!r}: {msg_en}",
                                actual=val.text, cell=val.cell)
                continue
            value, rad, raw, dec, unit, text = hit
            filled.setdefault(name, []).append((r, value, rad, raw, dec, unit, vline, val.column, val.cell))
            if cdef.type == "besaran":
                where = (vline, val.column, val.cell)
                filled.setdefault(name + "_satuan", []).append((r, unit, 0.0, unit, None, None) + where)
                filled.setdefault(name + "_teks", []).append((r, text, 0.0, text, None, None) + where)

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
            if len(entries) == n:
                rows, values, rad, raw, dec, unit, line, c, cell = map(list, zip(*entries))
                if rows == list(range(n)):
                    # Every row filled, once each (the usual case): transpose at C speed.
                    t.columns[name] = Column(name, kind, values, rad, raw, dec, unit, line, c, cell)
                    continue
            col = Column(name, kind, [default] * n, [0.0] * n, [None] * n, [None] * n, [None] * n,
                         list(t.lines), [None] * n, list(t.cells))
            for r, value, rad, raw, dec, unit, line, c, cell in entries:
                col.values[r], col.rad[r], col.raw[r], col.decimals[r], col.units[r] = value, rad, raw, dec, unit
                col.lines[r], col.cols[r], col.cells[r] = line, c, cell
            t.columns[name] = col
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

    def finding(self, rule, severity, file, line, column, table, row, fieldname, msg_id, msg_en,
                actual=None, expected=None, cell=None):
        cap = self._cap
        if not cap.admit(self.name, rule):
            # Beyond the cap a finding is only counted; the `findings` property
            # turns the count into one "N lainnya" finding.
            if rule not in self._over:
                self._append(rule, severity, file, line, column, table, row, fieldname, msg_id, msg_en, actual,
                             expected, cell)
                self._over[rule] = self._findings.pop()
            return
        self._append(rule, severity, file, line, column, table, row, fieldname, msg_id, msg_en, actual, expected, cell)

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

    def _append(self, rule, severity, file, line, column, table, row, fieldname, msg_id, msg_en,
                actual=None, expected=None, cell=None):
        self._findings.append(make(
            rule, msg_id if isinstance(msg_id, Value) else Both(msg_id, msg_en), catalogue=self.catalogue,
            severity=severity, lang=self.lang, dataset=self.name, location=Location(file, line, column, cell),
            table=table, row=row, field=fieldname, actual=actual, expected=expected, family="data",
            reference="docs/dataset.md",
        ))


def is_workbook_dataset(path: Path) -> bool:
    """A whole dataset in one workbook: book.xlsx itself, or a folder with lkj.xlsx and no lkj.yaml."""
    if path.is_dir():
        return (path / WORKBOOK_FILE).is_file() and not (path / DATASET_FILE).exists()
    return path.suffix.lower() in (".xlsx", ".xlsm")


def find_dataset_file(path: Path) -> Path:
    if path.is_dir():
        f = path / DATASET_FILE
        if not f.exists():
            raise InputError(str(path), None, f"tidak ada {DATASET_FILE} di folder ini", f"no {DATASET_FILE} in this folder")
        return f
    if not path.exists():
        raise InputError(str(path), None, "tidak ditemukan", "not found")
    return path


def load_dataset(path: str | Path, model: Model, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None,
                 lang: str = "id") -> Dataset:
    path = Path(path)
    if is_workbook_dataset(path):
        from lkjcheck.model.workbook import load_workbook_dataset
        return load_workbook_dataset(path, model, max_bytes, name=name, lang=lang)
    yfile = find_dataset_file(path)
    root = yfile.parent
    display_yaml = str(yfile) if not path.is_dir() else os.path.join(str(path), DATASET_FILE)
    display_root = os.path.dirname(display_yaml)
    name = name or (root.resolve().name)
    st = _Loading(name, root, display_root, max_bytes, lang, getattr(model, "catalogue", None))
    if yfile.is_symlink() and not yfile.resolve().is_relative_to(root.resolve()):
        raise InputError(display_yaml, None, "menunjuk ke luar folder dataset; ditolak",
                         "points outside the dataset folder; refused")
    data = load_yaml(str(yfile), max_bytes, display_yaml)
    if data is None:
        raise InputError(display_yaml, None, "berkas kosong", "the file is empty")
    if not isinstance(data, Mapping):
        raise InputError(display_yaml, getattr(data, "line", None) if data is not None else None,
                         "isi berkas harus berupa pemetaan (kunci: nilai) di tingkat teratas",
                         "the file must be a mapping (key: value) at the top level")
    _check_format_version(data, display_yaml)
    st.files.append(display_yaml)
    return load_tree(st, data, model, display_yaml, path, find_text=True)


def load_tree(st: "_Loading", data: Mapping, model: Model, display_yaml: str, path, find_text: bool = True) -> Dataset:
    """A dataset from a tree shaped like lkj.yaml: read from a file, or built
    from a report document (lkjcheck.extract), whose values carry the
    document's locations instead of the YAML's."""
    tables: dict[str, Table] = {}

    # The report year must be known before any table, to name history columns.
    who = model.identity
    lap = data.get(who.table) if who.table else None
    if isinstance(lap, Mapping) and who.year:
        tahun = lap.get(who.year)
        if isinstance(tahun, Scalar) and re.fullmatch(r"\s*\d{4}\s*", tahun.text):
            st.year = int(tahun.text)

    for key, value in data.items():
        kline = data.key_lines[key]
        if key in META_KEYS:
            continue
        tdef = model.tables.get(key)
        if tdef is None:
            st.finding("DAT006", "warning", display_yaml, kline, None, None, None, key,
                       f"bagian '{key}' tidak dikenal; isinya tidak diperiksa"
                       f"{suggest(key, model.tables, 'id') or ' (salah ketik nama tabel?)'}",
                       f"unknown section '{key}'; its content is not checked"
                       f"{suggest(key, model.tables, 'en') or ' (misspelt table name?)'}")
            continue
        b = _Builder(st, tdef)
        if tdef.single:
            if not isinstance(value, Mapping):
                st.finding("DAT005", "error", display_yaml, kline, None, key, None, None,
                           f"'{key}' harus berupa pemetaan", f"'{key}' must be a mapping")
                continue
            b.add_row(_row_cells(value), display_yaml, value.line)
        elif isinstance(value, Sequence):
            for i, row in enumerate(value):
                if not isinstance(row, Mapping):
                    line = getattr(row, "line", None) or value.line
                    st.finding("DAT005", "error", display_yaml, line, None, key, str(i + 1), None,
                               f"baris ke-{i + 1} tabel {key} harus berupa pemetaan kolom: nilai",
                               f"row {i + 1} of table {key} must be a mapping column: value")
                    continue
                b.add_row(_row_cells(row), display_yaml, row.line)
        elif isinstance(value, Mapping) and "berkas" in value:
            _read_external(st, b, value, display_yaml)
        elif isinstance(value, Scalar) and value.is_null:
            pass
        else:
            st.finding("DAT005", "error", display_yaml, kline, None, key, None, None,
                       f"tabel '{key}' harus berupa daftar baris atau {{berkas: ...}}",
                       f"table '{key}' must be a list of rows or {{berkas: ...}}")
            continue
        tables[key] = b.table

    _extraction_notes(st, data.get("temuan_ekstraksi"), display_yaml)
    agency = complete_tables(st, tables, model)
    if who.table and who.table not in data:
        st.finding("DAT003", "error", display_yaml, 1, None, who.table, None, None,
                   f"bagian '{who.table}' (identitas laporan: {who.agency}, {who.year}, ...) tidak ada",
                   f"section '{who.table}' (report identity: agency, year, ...) is missing")
    text_path = _find_text(st.root, data, st.display_root) if find_text else None
    return Dataset(st.name, str(path), model, tables, st.findings, st.year, agency, st.files, text_path)


def _extraction_notes(st: "_Loading", notes, display_yaml: str) -> None:
    """What `lkjcheck extract` could not read, listed in lkj.yaml: still findings
    after the round trip, at the report's place they were seen."""
    if not isinstance(notes, Sequence):
        return
    for n in notes:
        if not isinstance(n, Mapping):
            continue
        get = {k: (v.text if isinstance(v, Scalar) else "") for k, v in n.items()}
        rule = get.get("aturan") or "DAT010"
        if not re.fullmatch(r"DAT\d{3}", rule):
            continue
        sev = get.get("tingkat") if get.get("tingkat") in ("error", "warning", "info") else "warning"
        st.add([make(
            rule, Both(get.get("pesan") or rule, get.get("pesan_en") or get.get("pesan") or rule),
            catalogue=st.catalogue, severity=sev, lang=st.lang, dataset=st.name,
            location=Location(get.get("lokasi") or display_yaml), table=get.get("tabel") or None,
            family="data", reference="docs/documents.md")])


# Dataset format versions this release reads. A later version may mean
# something else by the same keys, so it is refused rather than guessed at.
FORMAT_VERSIONS = ("1",)


def _check_format_version(data: Mapping, display_yaml: str) -> None:
    v = data.get("lkjcheck")
    if v is None:
        return
    text = v.text.strip() if isinstance(v, Scalar) else ""
    if text not in FORMAT_VERSIONS:
        shown = text or "(bukan angka)"
        raise InputError(display_yaml, data.key_lines.get("lkjcheck"),
                         f"versi format dataset 'lkjcheck: {shown}' tidak dikenal; versi ini membaca lkjcheck: 1",
                         f"unknown dataset format version 'lkjcheck: {text or '(not a number)'}'; "
                         "this release reads lkjcheck: 1")


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


def _safe_join(st: _Loading, ref: str, display_yaml: str, line: int) -> Path:
    from lkjcheck.read.guard import inside

    return inside(st.root, ref, display_yaml, line)


def _read_external(st: _Loading, b: _Builder, spec: Mapping, display_yaml: str) -> None:
    ref = spec["berkas"]
    line = spec.key_lines["berkas"]
    if not isinstance(ref, Scalar):
        raise InputError(display_yaml, line, "'berkas' harus nama berkas", "'berkas' must be a file name")
    real = _safe_join(st, ref.text, display_yaml, line)
    disp = st.display(st.root / ref.text)
    st.files.append(disp)
    suffix = real.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        _read_csv(st, b, real, disp)
    elif suffix in (".xlsx", ".xlsm"):
        sheet = spec.get("lembar")
        _read_xlsx(st, b, real, disp, sheet.text if isinstance(sheet, Scalar) else b.tdef.name)
    else:
        raise InputError(display_yaml, line, f"jenis berkas '{suffix}' tidak didukung (CSV atau XLSX)",
                         f"file type '{suffix}' not supported (CSV or XLSX)")


def _read_csv(st: _Loading, b: _Builder, path: Path, disp: str) -> None:
    text = read_text_file(str(path), st.max_bytes, disp)
    sample = text[:4096]
    delim = ";" if sample.count(";") > sample.count(",") else "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as e:
        raise InputError(disp, 1, f"CSV tidak sah: {e}", f"invalid CSV: {e}")
    header = [h.strip() for h in header]
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            # Like a duplicate YAML key: one of the two columns would be lost.
            raise InputError(disp, 1, f"kolom '{h}' ganda di baris kepala", f"duplicate column '{h}' in the header")
        seen.add(h)
    line = reader.line_num
    try:
        for row in reader:
            start = line + 1
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if len(row) > len(header):
                st.finding("DAT005", "error", disp, start, None, b.tdef.name, None, None,
                           f"baris memiliki {len(row)} sel, kepala kolom {len(header)}",
                           f"row has {len(row)} cells, the header {len(header)}")
            cells = {}
            col = 1
            for h, c in zip(header, row):
                if h:
                    cells[h] = Value(c, "str", False, start, col)
                col += len(c) + 1
            b.add_row(cells, disp, start)
    except csv.Error as e:
        raise InputError(disp, reader.line_num, f"CSV tidak sah: {e}", f"invalid CSV: {e}")


def _read_xlsx(st: _Loading, b: _Builder, path: Path, disp: str, sheet: str) -> None:
    try:
        import openpyxl
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise InputError(disp, None, "membaca XLSX memerlukan paket openpyxl (pip install lkjcheck[xlsx])",
                         "reading XLSX needs the openpyxl package (pip install lkjcheck[xlsx])")
    check_xlsx_size(path, disp, st.max_bytes)
    try:
        wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as e:
        raise InputError(disp, None, f"XLSX tidak dapat dibuka: {quote(e)}", f"XLSX cannot be opened: {e}")
    try:
        _read_sheet(st, b, wb, disp, sheet, get_column_letter, path)
    except InputError:
        raise
    except Exception as e:  # a damaged workbook fails part-way through openpyxl's parsing
        raise InputError(disp, None, f"XLSX tidak dapat dibaca: {type(e).__name__}: {e}",
                         f"XLSX cannot be read: {type(e).__name__}: {e}")
    finally:
        wb.close()


# Worksheet XML of one workbook: ~50 000 filled cells, ten times a large LKj; at
# that size a run takes a few seconds (openpyxl and the loader are pure Python).
MAX_SHEET_XML_BYTES = 1024 * 1024


def check_xlsx_size(path: Path, disp: str, max_bytes: int) -> None:
    """Refuse a workbook that unpacks to more than the byte limit (a zip bomb) before openpyxl opens it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(disp, None, f"XLSX tidak dapat dibuka: {quote(e)}", f"XLSX cannot be opened: {e}")
    if total > max_bytes:
        raise InputError(disp, None,
                         f"XLSX berisi {total:,} byte setelah dibuka, melebihi batas {max_bytes:,} byte (ubah dengan --max-bytes)",
                         f"XLSX unpacks to {total:,} bytes, over the limit of {max_bytes:,} bytes (change with --max-bytes)")
    sheets = sum(i.file_size for i in infos if i.filename.startswith("xl/worksheets/"))
    if sheets > MAX_SHEET_XML_BYTES:
        # openpyxl parses worksheet XML at ~2 MB/s, twice (its size scan, then the cells).
        raise InputError(disp, None,
                         f"lembar-lembar XLSX berisi {sheets:,} byte XML, melebihi batas {MAX_SHEET_XML_BYTES:,} byte",
                         f"the XLSX sheets hold {sheets:,} bytes of XML, over the limit of {MAX_SHEET_XML_BYTES:,} bytes")


def _read_sheet(st: _Loading, b: _Builder, wb, disp: str, sheet: str, get_column_letter, path=None) -> None:
    if sheet not in wb.sheetnames:
        raise InputError(disp, None, f"lembar '{sheet}' tidak ada", f"sheet '{sheet}' does not exist")
    from lkjcheck.read.sheet import CellBudget, sheet_cells

    # Only the stored cells: the declared dimension of a sheet is not trusted.
    budget = st.__dict__.setdefault("cell_budget", CellBudget())
    header = None
    # Cells that are stored but hold no value: blank, or a formula whose result
    # was never saved (a workbook written by a script). Told apart below.
    hollow: dict[str, tuple] = {}
    unnamed: dict[int, int] = {}
    for r, row in sheet_cells(wb[sheet], disp, budget=budget):
        if header is None:
            header = {ci: str(v).strip() for ci, (v, _) in row.items() if v is not None} if r == 1 else {}
            if r == 1:
                continue
        cells = {}
        for ci, (v, fmt) in sorted(row.items()):
            h = header.get(ci, "")
            ref = f"{sheet}!{get_column_letter(ci)}{r}"
            if v is None:
                if h:
                    hollow[f"{get_column_letter(ci)}{r}"] = (r, ci, h, ref, None)
                continue
            if not str(v).strip():
                continue
            if not h:
                unnamed.setdefault(ci, r)
                continue
            cdef = b.tdef.columns.get(h)
            cells[h] = xlsx_value(v, r, ci, ref, fmt, cdef.type if cdef is not None else None)
        if not cells:
            continue
        b.add_row(cells, disp, r, cell=f"{sheet}!A{r}")
    for ci, r in unnamed.items():
        col = get_column_letter(ci)
        # Typically a header cell merged over two columns: the second has no name of its own.
        st.finding("DAT021", "error", disp, 1, ci, b.tdef.name, None, None,
                   f"kolom {col} berisi nilai (mulai baris {r}) tetapi tidak bernama di baris kepala "
                   "(sel kepala digabung?); isinya tidak dibaca — beri setiap kolom namanya sendiri",
                   f"column {col} holds values (from row {r}) but has no name in the header row "
                   "(merged header cells?); it is not read — give every column its own name",
                   cell=f"{sheet}!{col}1")
    if hollow and path is not None:
        _uncached_formulas(st, b, path, disp, sheet, hollow)


def _uncached_formulas(st: _Loading, b: _Builder, path, disp: str, sheet: str, hollow: dict) -> None:
    """A formula saved without its result is read as empty by every reader; say so instead of guessing."""
    import openpyxl

    from openpyxl.utils import get_column_letter

    from lkjcheck.read.sheet import CellBudget, sheet_rows

    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=False)
    try:
        # The stored cells only, as for the values: the sheet's dimension is not trusted.
        for r0, row in sheet_rows(wb[sheet], disp, budget=CellBudget()):
            for ci, value in row.items():
                coord = f"{get_column_letter(ci)}{r0}"
                if coord in hollow and isinstance(value, str) and value.startswith("="):
                    r, ci, h, ref, _ = hollow[coord]
                    st.finding("DAT020", "error", disp, r, ci, b.tdef.name, None, h,
                               f"sel {coord} berisi rumus {value} tanpa hasil tersimpan; buka dan simpan "
                               "buku kerja di Excel atau LibreOffice agar hasilnya tersimpan, atau tulis nilainya",
                               f"cell {coord} holds the formula {value} without a saved result; open and save "
                               "the workbook in Excel or LibreOffice so that its result is stored, or write the value",
                               actual=value, cell=ref)
    finally:
        wb.close()


_FMT_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_EXCEL_EPOCH_ORDINAL = 693594       # date(1899, 12, 30).toordinal(): serial 0 in the 1900 date system


def xlsx_value(v, row: int, col: int, ref: str, number_format: str | None = None,
               column_type: str | None = None) -> Value:
    """One worksheet cell as a `Value` (shared with whole-workbook datasets, lkjcheck.model.workbook).

    A number cell is read as the sheet shows it: its number format decides.
    0.95 formatted `0%` is the 95% the planner typed, with the decimals the
    format shows; a plain number formatted `0.00` has two written decimals;
    a serial number in a date column is that date.
    """
    if isinstance(v, bool):
        return Value(str(v), "str", True, row, col, ref)
    if isinstance(v, (int, float)):
        fmt = _FMT_LITERAL.sub("", number_format or "")
        if column_type == "tanggal" and 1 <= v < 2958466:
            import datetime as _dt
            day = _dt.date.fromordinal(_EXCEL_EPOCH_ORDINAL + int(v))
            return Value(day.isoformat(), "str", True, row, col, ref)
        if "%" in fmt:
            from lkjcheck.read.numbers import format_decimal
            decimals = _format_decimals(fmt)
            shown = format_decimal(Decimal(repr(v)) * 100, decimals)
            return Value(shown + "%", "str", True, row, col, ref)
        if isinstance(v, float) and fmt and fmt.lower() != "general":
            decimals = _format_decimals(fmt)
            return Value(f"{Decimal(repr(v)):.{decimals}f}", "float" if decimals else "int", False, row, col, ref)
        return Value(repr(v) if isinstance(v, float) else str(v), "float" if isinstance(v, float) else "int", False,
                     row, col, ref)
    if hasattr(v, "isoformat"):
        return Value(v.date().isoformat() if hasattr(v, "date") else v.isoformat(), "str", True, row, col, ref)
    return Value(str(v), "str", True, row, col, ref)


def _format_decimals(fmt: str) -> int:
    """Decimals an Excel number format shows: `0.00%` → 2, `#,##0` → 0 (first section only)."""
    first = fmt.split(";", 1)[0]
    m = re.search(r"\.([0#?]+)", first)
    return len(m.group(1)) if m else 0


def _find_text(root: Path, data: Mapping, display_root: str) -> str | None:
    # The text rules quote the report back in their findings, so a text file
    # linked from elsewhere (a CI secret, ~/.netrc) must never be read.
    from lkjcheck.read.guard import check_name, present

    display_yaml = os.path.join(display_root, DATASET_FILE)
    ref = data.get("laporan_teks")
    if isinstance(ref, Scalar) and not ref.is_null:
        p = Path(ref.text)
        if p.is_absolute() or ".." in p.parts:
            raise InputError(display_yaml, ref.line,
                             "laporan_teks berada di luar folder dataset; ditolak",
                             "laporan_teks lies outside the dataset folder; refused")
        full = root / check_name(ref.text, display_yaml, ref.line, _TEXT_NOUN)
        if present(full):
            _check_text_file(root, full, display_yaml, ref.line, ref.text)
        return str(full)
    for name in TEXT_FILES:
        full = root / name
        if full.is_symlink() or full.exists():
            _check_text_file(root, full, display_yaml, None, name)
            return str(full)
    return None


_TEXT_NOUN = ("berkas teks", "text file")


def _check_text_file(root: Path, full: Path, display_yaml: str, line: int | None, ref: str) -> None:
    from lkjcheck.read.guard import inside

    inside(root, ref, display_yaml, line, _TEXT_NOUN)
