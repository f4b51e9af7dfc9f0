"""A YAML dataset written as one Excel workbook (`lkjcheck init --format xlsx --from`).

The layout is the one lkjcheck.model.workbook reads; every value is written
as the YAML had it, so that the workbook gives the same findings.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from lkjcheck.errors import InputError
from lkjcheck.model.building import DATASET_FILE, FORMAT_VERSIONS, META_KEYS, _flatten
from lkjcheck.model.cells import Value, _from_scalar
from lkjcheck.model.definition import Model
from lkjcheck.model.workbook import _open
from lkjcheck.read.yamlsafe import DEFAULT_MAX_BYTES, Mapping, Scalar, Sequence, load_yaml, read_text_file

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
                    raise InputError(str(full), None, "scaffold.sheet_does_not_exist", sname=sname)
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
        raise InputError(disp, None, "model.file_must_mapping_key_value")
    from lkjcheck.scaffold import load_scaffold

    ident = model.identity.table
    wb = Workbook()
    ws = wb.active
    ws.title = ident
    head = list(load_scaffold(model).identity_sheet_header)
    ws.append(head)
    if not isinstance(data.get("lkjcheck"), Scalar) or data["lkjcheck"].is_null:
        # A workbook states the format it is written in, as lkj.yaml does.
        ws.append(["lkjcheck", int(FORMAT_VERSIONS[-1])])
    for key in ("lkjcheck", "model", "laporan_teks", "catatan"):
        if isinstance(data.get(key), Scalar) and not data[key].is_null:
            _append(ws, [key, _cell_value(_from_scalar(data[key]))], disp, data[key].line)
    lap = data.get(ident)
    if isinstance(lap, Mapping):
        for k, v in _flatten(lap).items():
            _append(ws, [k, _cell_value(v)], disp, v.line)
    _decorate(ws, model, ident, head)

    for tname in [t for t in model.tables if t != ident] + [k for k in data if k not in model.tables]:
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
            raise InputError(disp, line, "scaffold.text_holds_control_character_u", v=repr(v[:40]), ord=format(ord(c), '04X'))
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
        if tname == model.identity.table:
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
    if tname == model.identity.table:
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 50
        for r in range(2, ws.max_row + 1):
            key = ws.cell(row=r, column=1).value
            help_text = column_help(tname, str(key), model) if key else None
            if help_text:
                ws.cell(row=r, column=1).comment = Comment(help_text, "lkjcheck", width=320, height=120)
