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

Reading reuses the loader of load.py (same parsing, same findings), so a
workbook and its YAML equivalent give the same findings; only locations differ
(`pengukuran_kinerja!E5` instead of `lkj.yaml:120:5`).
"""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from lkjcheck.i18n import quote
from lkjcheck.errors import suggest
from lkjcheck.model.dataset import DATASET_FILE, complete_tables, META_KEYS, TEXT_FILES, WORKBOOK_FILE, Dataset, Value, _Builder, _flatten, _Loading, xlsx_value
from lkjcheck.model.definition import Model
from lkjcheck.read.yamlsafe import DEFAULT_MAX_BYTES, Mapping, Scalar, Sequence, load_yaml, read_text_file
from lkjcheck.errors import InputError

META_SHEET = "laporan"


def _open(path: Path, disp: str, max_bytes: int, read_only: bool = True):
    try:
        import openpyxl
    except ImportError:
        raise InputError(disp, None, "membaca XLSX memerlukan paket openpyxl (pip install lkjcheck[xlsx])",
                         "reading XLSX needs the openpyxl package (pip install lkjcheck[xlsx])")
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError(disp, None, f"tidak dapat dibaca: {e.strerror}", f"cannot be read: {e.strerror}")
    if size > max_bytes:
        raise InputError(disp, None, f"berkas terlalu besar ({size} byte, batas {max_bytes})",
                         f"file too large ({size} bytes, limit {max_bytes})")
    from lkjcheck.model.dataset import check_xlsx_size
    check_xlsx_size(path, disp, max_bytes)      # a zip bomb is refused before openpyxl unpacks it
    try:
        return openpyxl.load_workbook(str(path), read_only=read_only, data_only=True)
    except Exception as e:  # zip, XML and openpyxl errors alike: the file is not a usable workbook
        reason = (str(e).splitlines() or [type(e).__name__])[0][:200]
        raise InputError(disp, None, f"XLSX tidak dapat dibuka: {quote(reason)}", f"XLSX cannot be opened: {reason}")


def load_workbook_dataset(path: str | Path, model: Model, max_bytes: int = DEFAULT_MAX_BYTES,
                          name: str | None = None, lang: str = "id") -> Dataset:
    path = Path(path)
    if path.is_dir():
        wfile = path / WORKBOOK_FILE
        disp = os.path.join(str(path), WORKBOOK_FILE)
    else:
        wfile, disp = path, str(path)
    if not wfile.is_file():
        raise InputError(disp, None, "tidak ditemukan", "not found")
    if path.is_dir() and not wfile.resolve().is_relative_to(path.resolve()):
        # lkj.xlsx as a link to a workbook elsewhere: the folder is the boundary.
        raise InputError(disp, None, "menunjuk ke luar folder dataset; ditolak",
                         "points outside the dataset folder; refused")
    root = wfile.parent
    display_root = os.path.dirname(disp)
    name = name or (path.resolve().name if path.is_dir() else wfile.stem)
    st = _Loading(name, root, display_root, max_bytes, lang, getattr(model, "catalogue", None))
    st.files.append(disp)

    # Opened once for all its sheets: openpyxl scans every sheet's XML each
    # time a workbook is opened, so one opening per sheet was quadratic.
    from openpyxl.utils import get_column_letter

    from lkjcheck.model.dataset import _read_sheet

    wb = _open(wfile, disp, max_bytes)
    try:
        sheets = list(wb.sheetnames)
        meta: dict[str, Value] = {}
        lap_cells: dict[str, Value] | None = None
        if META_SHEET in sheets:
            lap = model.tables.get("laporan")
            lap_cells, meta = _read_meta_sheet(st, wb[META_SHEET], disp, lap.columns if lap is not None else {})
            tahun = lap_cells.get("tahun")
            if tahun is not None and re.fullmatch(r"\s*\d{4}(\.0)?\s*", tahun.text):
                st.year = int(float(tahun.text))

        tables = {}
        if lap_cells is not None and "laporan" in model.tables:
            b = _Builder(st, model.tables["laporan"])
            first = min((v.line for v in lap_cells.values() if v.line), default=2)
            b.add_row(lap_cells, disp, first, cell=f"{META_SHEET}!A{first}")
            tables["laporan"] = b.table
        for sheet in sheets:
            if sheet == META_SHEET or sheet.startswith("_"):
                continue
            tdef = model.tables.get(sheet)
            if tdef is None or tdef.single:
                st.finding("DAT006", "warning", disp, 1, 1, None, None, sheet,
                           f"lembar '{sheet}' tidak dikenal; isinya tidak diperiksa"
                           f"{suggest(sheet, model.tables, 'id') or ' (salah ketik nama tabel?)'}",
                           f"unknown sheet '{sheet}'; its content is not checked"
                           f"{suggest(sheet, model.tables, 'en') or ' (misspelt table name?)'}",
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
        raise InputError(disp, None, f"XLSX tidak dapat dibaca: {type(e).__name__}: {reason}",
                         f"XLSX cannot be read: {type(e).__name__}: {reason}")
    finally:
        wb.close()
    agency = complete_tables(st, tables, model)
    if lap_cells is None:
        st.finding("DAT003", "error", disp, None, None, "laporan", None, None,
                   "lembar 'laporan' (identitas laporan: instansi, tahun, ...) tidak ada",
                   "sheet 'laporan' (report identity: agency, year, ...) is missing", cell=f"{META_SHEET}!A1")
    text_path = _find_text(root, meta.get("laporan_teks"), disp, wfile.name == WORKBOOK_FILE)
    return Dataset(name, str(path), model, tables, st.findings, st.year, agency, st.files, text_path)


def _read_meta_sheet(st: _Loading, ws, disp: str, columns: dict | None = None) -> tuple[dict[str, Value], dict[str, Value]]:
    """The `laporan` sheet: rows of kolom | nilai. A header row `kolom | nilai` is optional."""
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
            st.finding("DAT005", "error", disp, r, 1, "laporan", None, key,
                       f"kolom '{key}' ditulis dua kali di lembar laporan; baris ini diabaikan",
                       f"field '{key}' is written twice in sheet laporan; this row is ignored",
                       cell=f"{META_SHEET}!A{r}")
            continue
        if val is None:
            continue
        cdef = (columns or {}).get(key)
        v = xlsx_value(val, r, 2, f"{META_SHEET}!B{r}", fmt, cdef.type if cdef is not None else None)
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
            raise InputError(disp, ref.line, "laporan_teks berada di luar folder dataset; ditolak",
                             "laporan_teks lies outside the dataset folder; refused")
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


# ------------------------------------------------------------------ YAML → workbook

def _cell_value(v: Value):
    """What to put in a cell so that reading it back gives the same value and precision."""
    t = v.text
    if v.is_null:
        return None
    if v.tag == "int" and not v.quoted and re.fullmatch(r"-?(0|[1-9]\d{0,14})", t.strip()):
        return int(t)
    if v.tag == "float" and not v.quoted:
        s = t.strip()
        if re.fullmatch(r"-?\d+\.\d+", s) and repr(float(s)) == s:
            return float(s)
        if re.fullmatch(r"-?\d+\.\d+", s):
            # 99.10 as a float would lose its written precision, and "1.234" as
            # text reads as a thousands separator: the decimal comma keeps both.
            return s.replace(".", ",")
    return t


def _rows_of(value, root: Path, tname: str, max_bytes: int, disp_yaml: str) -> list[dict[str, object]]:
    if isinstance(value, Sequence):
        out = []
        for row in value:
            if isinstance(row, Mapping):
                out.append({k: _cell_value(v) for k, v in _flatten(row).items()})
        return out
    if isinstance(value, Mapping) and isinstance(value.get("berkas"), Scalar):
        from lkjcheck.read.guard import inside

        # Whatever is copied into the workbook must come from inside the folder.
        full = inside(root, value["berkas"].text, disp_yaml, value.key_lines.get("berkas", value.line))
        if full.suffix.lower() in (".xlsx", ".xlsm"):
            sheet = value.get("lembar")
            wb = _open(full, str(full), max_bytes)
            try:
                sname = sheet.text if isinstance(sheet, Scalar) else tname
                if sname not in wb.sheetnames:
                    raise InputError(str(full), None, f"lembar '{sname}' tidak ada", f"sheet '{sname}' does not exist")
                from lkjcheck.read.sheet import sheet_rows

                out, header = [], None
                for r, row in sheet_rows(wb[sname], str(full)):
                    if header is None:
                        header = {ci: str(h).strip() for ci, h in row.items()} if r == 1 else {}
                        if r == 1:
                            continue
                    if any(str(c).strip() for c in row.values()):
                        out.append({header[ci]: c for ci, c in row.items() if header.get(ci)})
                return out
            finally:
                wb.close()
        text = read_text_file(str(full), max_bytes, str(full))
        sample = text[:4096]
        delim = ";" if sample.count(";") > sample.count(",") else "\t" if sample.count("\t") > sample.count(",") else ","
        rd = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        header = [h.strip() for h in next(rd, [])]
        return [{h: c for h, c in zip(header, r) if h and c.strip()} for r in rd if any(c.strip() for c in r)]
    return []


def dataset_to_workbook(yaml_dataset_dir: str | Path, out_path: str | Path, model: Model | None = None,
                        max_bytes: int = DEFAULT_MAX_BYTES) -> Path:
    """Write the dataset of a folder (lkj.yaml and its CSV/XLSX tables) as one workbook.

    Every value is written as the YAML had it (text stays text), so that the
    workbook gives the same findings. Header cells get a comment explaining the
    column; choice columns get a drop-down.
    """
    from openpyxl import Workbook

    if model is None:
        from lkjcheck.checks.rules import builtin_rules_dir
        from lkjcheck.model.definition import get_model
        model = get_model(builtin_rules_dir() / "sakip" / "model.yaml")
    src = Path(yaml_dataset_dir)
    yfile = src / DATASET_FILE if src.is_dir() else src
    disp = str(yfile)
    data = load_yaml(str(yfile), max_bytes, disp)
    if not isinstance(data, Mapping):
        raise InputError(disp, None, "isi berkas harus berupa pemetaan (kunci: nilai) di tingkat teratas",
                         "the file must be a mapping (key: value) at the top level")
    wb = Workbook()
    ws = wb.active
    ws.title = META_SHEET
    ws.append(["kolom", "nilai"])
    for key in ("lkjcheck", "model", "laporan_teks", "catatan"):
        if isinstance(data.get(key), Scalar) and not data[key].is_null:
            _append(ws, [key, _cell_value(_from(data[key]))], disp, data[key].line)
    lap = data.get("laporan")
    if isinstance(lap, Mapping):
        for k, v in _flatten(lap).items():
            _append(ws, [k, _cell_value(v)], disp, v.line)
    _decorate(ws, model, "laporan", ["kolom", "nilai"])

    for tname in [t for t in model.tables if t != "laporan"] + [k for k in data if k not in model.tables]:
        if tname not in data or tname in META_KEYS:
            continue
        rows = _rows_of(data[tname], yfile.parent, tname, max_bytes, disp)
        tdef = model.tables.get(tname)
        header = list(tdef.columns) if tdef is not None else []
        for r in rows:
            header += [k for k in r if k not in header]
        ws = wb.create_sheet(tname if tdef is not None else _sheet_title(tname, wb.sheetnames))
        _append(ws, header, disp)
        for r in rows:
            _append(ws, [r.get(h) for h in header], disp)
        _decorate(ws, model, tname, header)
    out = Path(out_path)
    from lkjcheck.safety.output import write_atomic

    # mkstemp, not a fixed ".lkj.xlsx.tmp": a link planted under a predictable
    # name would make the save overwrite whatever it points to.
    write_atomic(out, wb.save)
    return out


def _from(sc: Scalar) -> Value:
    return Value(sc.text, sc.tag, sc.quoted, sc.line, sc.column)


# Characters a worksheet cannot hold (openpyxl refuses them) and those a sheet title may not have.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_TITLE = re.compile(r"[\\/*?:\[\]\x00-\x1f\x7f]")


def _sheet_title(name: str, taken: list[str]) -> str:
    """A valid, unused sheet title for a key the model does not know (reading it back reports it)."""
    base = (_BAD_TITLE.sub("_", str(name)).strip("'") or "_")[:31]
    title, n = base, 1
    while title.lower() in (t.lower() for t in taken):
        n += 1
        title = f"{base[:28]}~{n}"
    return title


def _append(ws, values: list, disp: str = "", line: int | None = None) -> None:
    for v in values:
        if isinstance(v, str) and _ILLEGAL.search(v):
            c = _ILLEGAL.search(v).group(0)
            raise InputError(disp, line, f"teks {v[:40]!r} berisi karakter kendali U+{ord(c):04X} yang tidak dapat "
                             "disimpan di XLSX", f"text {v[:40]!r} holds the control character U+{ord(c):04X}, which "
                             "XLSX cannot store")
    ws.append(values)
    # openpyxl takes any text starting with "=" for a formula; a report's text
    # ("= 100%") must stay text.
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _decorate(ws, model: Model, tname: str, header: list[str]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from lkjcheck.scaffold import column_help

    ws.freeze_panes = "A2"
    tdef = model.tables.get(tname)
    last = max(ws.max_row, 2) + 500
    for ci, h in enumerate(header, start=1):
        cell = ws.cell(row=1, column=ci)
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(ci)].width = max(12, min(40, len(str(h)) + 4))
        if tname == "laporan":
            continue
        help_text = column_help(tname, str(h), model)
        if help_text:
            cell.comment = Comment(help_text, "lkjcheck", width=320, height=160)
        cdef = tdef.columns.get(h) if tdef is not None else None
        if cdef is not None and cdef.type == "pilihan" and cdef.values:
            choices = ",".join(cdef.values)
            if len(choices) <= 255:  # Excel's limit for a literal list
                # A warning, not a stop: the loader also accepts the spellings
                # reports use (Laki-laki, honorer ...).
                dv = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, errorStyle="warning",
                                    showErrorMessage=True, errorTitle="lkjcheck",
                                    error=f"Pilihan: {', '.join(cdef.values)}")
                ws.add_data_validation(dv)
                col = get_column_letter(ci)
                dv.add(f"{col}2:{col}{last}")
    if tname == "laporan":
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 50
        for r in range(2, ws.max_row + 1):
            key = ws.cell(row=r, column=1).value
            help_text = column_help("laporan", str(key), model) if key else None
            if help_text:
                ws.cell(row=r, column=1).comment = Comment(help_text, "lkjcheck", width=320, height=120)
