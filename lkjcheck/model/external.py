"""A table kept in its own file (`berkas:` in lkj.yaml, or a workbook's sheet): CSV and XLSX rows.

Every value keeps its place (file, line and column, or sheet!A5) so that a
finding points at the cell to fix.
"""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from lkjcheck import i18n
from lkjcheck.errors import InputError
from lkjcheck.model.building import _Builder, _Loading
from lkjcheck.model.cells import Value
from lkjcheck.read.sheet import open_workbook
from lkjcheck.read.yamlsafe import Mapping, Scalar, read_text_file


def _safe_join(st: _Loading, ref: str, display_yaml: str, line: int) -> Path:
    from lkjcheck.read.guard import inside

    return inside(st.root, ref, display_yaml, line)


def _read_external(st: _Loading, b: _Builder, spec: Mapping, display_yaml: str) -> None:
    ref = spec["berkas"]
    line = spec.key_lines["berkas"]
    if not isinstance(ref, Scalar):
        raise InputError(display_yaml, line, "model.berkas_must_file_name")
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
        raise InputError(display_yaml, line, "model.file_type_not_supported_csv", suffix=suffix)


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
        raise InputError(disp, 1, "model.invalid_csv", e=e)
    header = [h.strip() for h in header]
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            # Like a duplicate YAML key: one of the two columns would be lost.
            raise InputError(disp, 1, "model.duplicate_column_header", h=h)
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
                           i18n.Said("model.row_has_cells_header", cells=len(row), header=len(header)))
            cells = {}
            col = 1
            for h, c in zip(header, row):
                if h:
                    cells[h] = Value(c, "str", False, start, col)
                col += len(c) + 1
            b.add_row(cells, disp, start)
    except csv.Error as e:
        raise InputError(disp, reader.line_num, "model.invalid_csv", e=e)


def _read_xlsx(st: _Loading, b: _Builder, path: Path, disp: str, sheet: str) -> None:
    from openpyxl.utils import get_column_letter

    wb = open_workbook(path, disp, st.max_bytes)
    try:
        _read_sheet(st, b, wb, disp, sheet, get_column_letter, path)
    except InputError:
        raise
    except Exception as e:  # a damaged workbook fails part-way through openpyxl's parsing
        raise InputError(disp, None, "model.xlsx_cannot_read", name=type(e).__name__, e=e)
    finally:
        wb.close()


def _read_sheet(st: _Loading, b: _Builder, wb, disp: str, sheet: str, get_column_letter, path=None) -> None:
    if sheet not in wb.sheetnames:
        raise InputError(disp, None, "model.sheet_does_not_exist", sheet=sheet)
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
                   i18n.Said("model.column_holds_values_from_row", col=col, r=r),
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
                               i18n.Said("model.cell_holds_formula_without_saved", coord=coord, value=value),
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
