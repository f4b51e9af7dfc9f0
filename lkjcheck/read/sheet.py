"""The cells of a worksheet as they are stored, without openpyxl's padding.

openpyxl's read-only ``iter_rows`` trusts the sheet's declared
``<dimension ref="A1:XFD1048576"/>``: it yields every missing row up to the
last one and pads every row to the widest column, so a 1.6 KB workbook with
one cell at XFD1048576 becomes seventeen billion empty cells. Here the
worksheet XML is parsed with openpyxl's own parser (same shared strings, same
dates and numbers) and only the cells that hold a value are kept; the cells of
a whole run are counted against a bound of the same size as YAML's node limit.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from lkjcheck.read.yamlsafe import MAX_NODES
from lkjcheck.errors import InputError
from lkjcheck.i18n import Figure, Foreign

# Cells holding a value, per workbook read; a report has a few thousand.
MAX_CELLS = MAX_NODES // 4


# Worksheet XML of one workbook: ~25 000 filled cells, five times a large LKj.
# openpyxl parses it in pure Python (~0.5 MB/s on a busy two-core machine,
# with its own scan for the dimension when none is declared), and every cell
# is then typed and checked: at this size the worst workbook is checked within
# docs/security.md's 5 s (benchmarks/hostile_worst.py); 1 MiB took 6.2 s.
# A larger table belongs in lkj.yaml or a CSV file.
MAX_SHEET_XML_BYTES = 512 * 1024


def check_xlsx_size(path: Path, disp: str, max_bytes: int) -> None:
    """Refuse a workbook that unpacks to more than the byte limit (a zip bomb) before openpyxl opens it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(disp, None, "read.xlsx_cannot_opened", reason=Foreign(e))
    if total > max_bytes:
        raise InputError(disp, None,
                         "read.xlsx_too_large", total=Figure(total), max_bytes=Figure(max_bytes))
    sheets = sum(i.file_size for i in infos if i.filename.startswith("xl/worksheets/"))
    if sheets > MAX_SHEET_XML_BYTES:
        # openpyxl parses worksheet XML at ~2 MB/s, twice (its size scan, then the cells).
        raise InputError(disp, None,
                         "read.xlsx_xml_too_large", sheets=Figure(sheets), max_sheet_xml_bytes=Figure(MAX_SHEET_XML_BYTES))


def open_workbook(path: Path, disp: str, max_bytes: int, data_only: bool = True, check_file_size: bool = False):
    """An openpyxl workbook (read-only) of a file that passed the size guards, or an InputError.

    The one place that imports openpyxl for reading: without the optional
    extra the message says how to get it.
    """
    try:
        import openpyxl
    except ImportError:
        raise InputError(disp, None, "read.xlsx_needs_openpyxl")
    if check_file_size:
        try:
            size = path.stat().st_size
        except OSError as e:
            raise InputError(disp, None, "read.cannot_read", strerror=e.strerror)
        if size > max_bytes:
            raise InputError(disp, None, "read.xlsx_file_too_large", size=size, max_bytes=max_bytes)
    check_xlsx_size(path, disp, max_bytes)      # a zip bomb is refused before openpyxl unpacks it
    try:
        return openpyxl.load_workbook(str(path), read_only=True, data_only=data_only)
    except Exception as e:  # zip, XML and openpyxl errors alike: the file is not a usable workbook
        reason = (str(e).splitlines() or [type(e).__name__])[0][:200]
        raise InputError(disp, None, "read.xlsx_cannot_opened", reason=Foreign(reason))


class CellBudget:
    def __init__(self, total: int = MAX_CELLS):
        self.left = total


def sheet_rows(ws, disp: str, max_col: int | None = None,
               budget: CellBudget | None = None) -> Iterator[tuple[int, dict[int, object]]]:
    """(row number, {column number: value}) for each row of `ws` (read-only) that holds a value."""
    for idx, row in sheet_cells(ws, disp, max_col, budget, formats=False):
        values = {col: v for col, (v, _) in row.items() if v is not None}
        if values:
            yield idx, values


def dense(row: dict[int, object], width: int) -> tuple:
    """The first `width` cells of a sparse row, None where empty."""
    return tuple(row.get(c) for c in range(1, width + 1))


def _number_format(wb, style_id) -> str:
    """The number format of a stored cell, as openpyxl's ReadOnlyCell.number_format finds it."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    try:
        fid = wb._cell_styles[int(style_id or 0)].numFmtId
    except (IndexError, TypeError, ValueError):
        return "General"
    if fid < BUILTIN_FORMATS_MAX_SIZE:
        return BUILTIN_FORMATS.get(fid, "General")
    try:
        return wb._number_formats[fid - BUILTIN_FORMATS_MAX_SIZE]
    except IndexError:
        return "General"


def sheet_cells(ws, disp: str, max_col: int | None = None, budget: CellBudget | None = None,
                formats: bool = True) -> Iterator[tuple[int, dict[int, tuple[object, str | None]]]]:
    """As `sheet_rows`, with each cell's number format, and stored cells without a
    value kept as None: a formula saved without its result is such a cell, and the
    number format decides how a figure is read (0.95 shown as 95%)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    budget = budget or CellBudget()
    wb = ws.parent
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for idx, cells in parser.parse():
            row = {}
            for c in cells:
                col = c.get("column")
                if col is None or (max_col is not None and col > max_col):
                    continue
                row[col] = (c.get("value"), _number_format(wb, c.get("style_id")) if formats else None)
            if not row:
                continue
            budget.left -= len(row)
            if budget.left < 0:
                raise InputError(disp, idx, "read.xlsx_too_many_cells", max_cells=Figure(MAX_CELLS))
            yield idx, row
