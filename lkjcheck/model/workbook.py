"""A whole LKj dataset in one Excel workbook, and the conversion from `lkj.yaml`.

Layout of a workbook dataset (documented in docs/dataset.md and README.md):

- one sheet per table, named as the table, first row = column names;
- a sheet `laporan` with two columns `kolom` / `nilai`, one row per identity
  field, using the flattened names (`penandatangan_tanggal`). The keys
  `lkjcheck`, `model`, `catatan` and `laporan_teks` may be written there too;
- sheets whose name starts with `_` are the user's own (notes, lists) and are
  not read.

Vertical key/value rows were chosen for `laporan` because it has fifteen fields
of one record: a single very wide row is hard to fill in and to review.

Reading reuses the dataset loader's row builder (same parsing, same findings),
so a workbook and its YAML equivalent give the same findings; only locations
differ (`pengukuran_kinerja!E5` instead of `lkj.yaml:120:5`). Writing a
workbook from a YAML dataset is `lkjcheck init`'s (lkjcheck.scaffold.workbook).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from lkjcheck import i18n
from lkjcheck.errors import InputError, suggest
from lkjcheck.model.building import FORMAT_VERSIONS, META_KEYS, TEXT_FILES, WORKBOOK_FILE, _Builder, _Loading, complete_tables
from lkjcheck.model.cells import Value
from lkjcheck.model.definition import Model
from lkjcheck.model.external import _read_sheet, xlsx_value
from lkjcheck.model.table import Dataset
from lkjcheck.read.sheet import open_workbook
from lkjcheck.read.yamlsafe import DEFAULT_MAX_BYTES

def _open(path: Path, disp: str, max_bytes: int):
    return open_workbook(path, disp, max_bytes, check_file_size=True)


def load_workbook_dataset(path: str | Path, model: Model, max_bytes: int = DEFAULT_MAX_BYTES,
                          name: str | None = None, lang: str = "id") -> Dataset:
    path = Path(path)
    if path.is_dir():
        wfile = path / WORKBOOK_FILE
        disp = os.path.join(str(path), WORKBOOK_FILE)
    else:
        wfile, disp = path, str(path)
    if not wfile.is_file():
        raise InputError(disp, None, "model.not_found")
    if path.is_dir() and not wfile.resolve().is_relative_to(path.resolve()):
        # lkj.xlsx as a link to a workbook elsewhere: the folder is the boundary.
        raise InputError(disp, None, "model.points_outside_dataset_folder_refused")
    root = wfile.parent
    display_root = os.path.dirname(disp)
    name = name or (path.resolve().name if path.is_dir() else wfile.stem)
    st = _Loading(name, root, display_root, max_bytes, lang, getattr(model, "catalogue", None))
    st.files.append(disp)

    # Opened once for all its sheets: openpyxl scans every sheet's XML each
    # time a workbook is opened, so one opening per sheet was quadratic.
    from openpyxl.utils import get_column_letter

    # The identity table is a sheet of `kolom | nilai` rows, which also holds the file's own keys.
    ident = model.identity.table
    wb = _open(wfile, disp, max_bytes)
    try:
        sheets = list(wb.sheetnames)
        meta: dict[str, Value] = {}
        lap_cells: dict[str, Value] | None = None
        if ident in sheets:
            lap = model.tables.get(ident)
            lap_cells, meta = _read_meta_sheet(st, wb[ident], disp, lap.columns if lap is not None else {})
            last = max((v.line or 0 for v in (*lap_cells.values(), *meta.values())), default=1)
            _check_format_version(st, meta.get("lkjcheck"), disp, last + 1, ident)
            tahun = lap_cells.get(model.identity.year)
            if tahun is not None and re.fullmatch(r"\s*\d{4}(\.0)?\s*", tahun.text):
                st.year = int(float(tahun.text))

        tables = {}
        if lap_cells is not None and ident in model.tables:
            b = _Builder(st, model.tables[ident])
            first = min((v.line for v in lap_cells.values() if v.line), default=2)
            b.add_row(lap_cells, disp, first, cell=f"{ident}!A{first}")
            tables[ident] = b.table
        for sheet in sheets:
            if sheet == ident or sheet.startswith("_"):
                continue
            tdef = model.tables.get(sheet)
            if tdef is None or tdef.single:
                st.finding("DAT006", "warning", disp, 1, 1, None, None, sheet,
                           i18n.Said("model.unknown_sheet", sheet=sheet, 
                                     suggest=suggest(sheet, model.tables) or i18n.Said("model.misspelt_table_name")),
                           cell=f"{sheet}!A1")
                continue
            b = _Builder(st, tdef)
            _read_sheet(st, b, wb, disp, sheet, get_column_letter, wfile)
            tables[sheet] = b.table
    except InputError:
        raise
    except Exception as e:
        # A damaged workbook fails part-way through openpyxl's parsing, in the
        # `laporan` sheet as much as in a table (found by the fuzz run).
        reason = (str(e).splitlines() or [""])[0][:200]
        raise InputError(disp, None, "model.xlsx_unreadable", name=type(e).__name__, reason=reason)
    finally:
        wb.close()
    agency = complete_tables(st, tables, model)
    if lap_cells is None:
        st.finding("DAT003", "error", disp, None, None, ident, None, None,
                   i18n.Said("model.sheet_laporan_report_identity_agency", sheet=ident), cell=f"{ident}!A1")
    text_path = _find_text(root, meta.get("laporan_teks"), disp, wfile.name == WORKBOOK_FILE)
    return Dataset(name, str(path), model, tables, st.findings, st.year, agency, st.files, text_path)


def _check_format_version(st: _Loading, v: Value | None, disp: str, free_row: int, sheet: str) -> None:
    """The `lkjcheck` row of the identity sheet: an unknown version is refused, a missing one is a finding."""
    if v is None:
        shown = f"{sheet}!A{free_row}"
        st.finding("DAT022", "warning", disp, None, None, sheet, None, "lkjcheck",
                   i18n.Said("model.sheet_does_not_state_its", meta_sheet=sheet, format_versions=FORMAT_VERSIONS[-1], shown=shown),
                   cell=shown)
        return
    text = v.text.strip()
    if text.endswith(".0"):     # 1 typed into Excel may be stored as the number 1.0
        text = text[:-2]
    if text not in FORMAT_VERSIONS:
        raise InputError(disp, v.line,
                         "model.unknown_format_version_cell", cell=v.cell, 
                         value=text or i18n.Said("value.empty"), version=FORMAT_VERSIONS[-1])


def _read_meta_sheet(st: _Loading, ws, disp: str, columns: dict | None = None) -> tuple[dict[str, Value], dict[str, Value]]:
    """The identity sheet: rows of kolom | nilai. A header row `kolom | nilai` is optional."""
    sheet = ws.title
    cells: dict[str, Value] = {}
    meta: dict[str, Value] = {}
    from lkjcheck.read.sheet import CellBudget, sheet_cells

    for r, row in sheet_cells(ws, disp, max_col=2, budget=st.__dict__.setdefault("cell_budget", CellBudget())):
        key = row.get(1, (None, None))[0]
        val, fmt = row.get(2, (None, None))
        if key is None or not str(key).strip():
            continue
        key = str(key).strip()
        if r == 1 and key.lower() == "kolom":
            continue
        if key in cells or key in meta:
            st.finding("DAT005", "error", disp, r, 1, sheet, None, key,
                       i18n.Said("model.field_written_twice_sheet_laporan", key=key, sheet=sheet),
                       cell=f"{sheet}!A{r}")
            continue
        if val is None:
            continue
        cdef = (columns or {}).get(key)
        v = xlsx_value(val, r, 2, f"{sheet}!B{r}", fmt, cdef.type if cdef is not None else None)
        if key in META_KEYS:
            meta[key] = v
        else:
            cells[key] = v
    return cells, meta


def _find_text(root: Path, ref: Value | None, disp: str, standard_name: bool) -> str | None:
    # The same gate as lkj.yaml's text: a workbook must not make lkjcheck quote
    # a file linked from outside the folder, or block on a FIFO.
    from lkjcheck.read.guard import check_name, inside, present

    noun = ("berkas teks", "text file")
    if ref is not None and not ref.is_null:
        name = ref.text.strip()
        p = Path(name)
        if p.is_absolute() or ".." in p.parts:
            raise InputError(disp, ref.line, "model.laporan_teks_lies_outside_dataset")
        full = root / check_name(name, disp, ref.line, noun)
        if present(full):
            inside(root, name, disp, ref.line, noun)
        return str(full)
    # Only a folder's lkj.xlsx owns the folder's laporan.md: beside book.xlsx
    # there may be other workbooks, and the text would be checked against the
    # wrong figures.
    if standard_name:
        for n in TEXT_FILES:
            if present(root / n):
                inside(root, n, disp, None, noun)
                return str(root / n)
    return None
