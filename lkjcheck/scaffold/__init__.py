"""`lkjcheck init`: a new dataset to fill in, explained column by column.

What is written is the pack's (scaffold.yaml beside model.yaml: comments,
column help, example rows that agree with each other), so the scaffold passes
`lkjcheck run` as written; this module only lays it out in the model's table
order. Whoever fills it in replaces the rows; a figure that no longer agrees
is then found.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from lkjcheck.model.building import DATASET_FILE, FORMAT_VERSIONS, TEXT_FILES, WORKBOOK_FILE

# The pack's file that holds the starting dataset, beside its model.yaml.
SCAFFOLD_FILE = "scaffold.yaml"
# Keys YAML 1.1 would read as booleans when bare (`no: 1` is {False: 1}).
_YAML11_BOOL = re.compile(r"(?i)y|n|yes|no|on|off")
_YEAR = re.compile(r"\{tahun([+-]\d{1,3})?\}")


@dataclass(frozen=True)
class Scaffold:
    """A pack's starting dataset (scaffold.yaml): the comments, the column help and the example rows."""

    header: tuple[str, ...]
    columns: dict[str, dict[str, tuple[str, str]]]
    rows: dict[str, list[dict]]          # with {tahun} placeholders, filled by example_rows
    identity_sheet_header: tuple[str, ...]


_CACHE: dict[str, Scaffold] = {}


def load_scaffold(model) -> Scaffold:
    """The scaffold.yaml of the model's pack, read once; a pack without one has an empty scaffold."""
    path = Path(model.source).with_name(SCAFFOLD_FILE)
    key = str(path.resolve())
    if key not in _CACHE:
        _CACHE[key] = _read_scaffold(path) if path.is_file() else Scaffold((), {}, {}, ())
    return _CACHE[key]


def _read_scaffold(path: Path) -> Scaffold:
    from lkjcheck.errors import InputError
    from lkjcheck.read.yamlsafe import Mapping, load_yaml, plain

    disp = str(path)
    data = load_yaml(disp, display=disp)
    if not isinstance(data, Mapping) or set(data) - {"header", "columns", "rows", "identity_sheet_header"}:
        raise InputError(disp, None, "scaffold.scaffold_yaml_holds_header_columns")
    raw = plain(data)
    columns = {}
    for tname, cols in (raw.get("columns") or {}).items():
        for cname, pair in cols.items():
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
                raise InputError(disp, data["columns"][tname].key_lines.get(cname),
                                 "scaffold.columns_write_explanation_example", tname=tname, cname=cname)
        columns[tname] = {c: tuple(pair) for c, pair in cols.items()}
    rows = raw.get("rows") or {}
    for tname, trows in rows.items():
        if not (isinstance(trows, list) and all(isinstance(r, dict) for r in trows)):
            raise InputError(disp, data["rows"].key_lines.get(tname), "scaffold.rows_write_list_rows_mappings",
                             tname=tname)
    return Scaffold(tuple(raw.get("header") or ()), columns, rows,
                    tuple(raw.get("identity_sheet_header") or ()))


_TYPE_WORDS = {
    "teks": "teks", "bilangan": "angka", "persen": "persen", "rupiah": "rupiah", "cacah": "bilangan bulat",
    "tahun": "tahun", "tanggal": "tanggal", "nip": "NIP", "besaran": "angka dengan satuan", "pilihan": "pilihan",
}


def _help_of(table: str, column: str, model):
    cols = load_scaffold(model).columns.get(table, {})
    if column in cols:
        return cols[column]
    m = re.fullmatch(r"([a-z_]+?)_(\d{4})", column)
    if m and f"{m.group(1)}_" in cols:
        return cols[f"{m.group(1)}_"]
    return None


def column_help(table: str, column: str, model=None) -> str | None:
    """The explanation of a column, for a YAML comment or an Excel cell comment."""
    model = model or _model()
    h = _help_of(table, column, model)
    if h is None:
        return None
    text, example = h
    extra = ""
    if table in model.tables:
        cdef = model.tables[table].columns.get(column)
        if cdef is not None:
            extra = f" [{_TYPE_WORDS.get(cdef.type, cdef.type)}{', wajib' if cdef.required else ''}]"
            if cdef.type == "pilihan" and cdef.values:
                extra += f" Pilihan: {', '.join(cdef.values)}."
    return f"{text}.{extra} Contoh: {example}"


def example_rows(year: int, model=None) -> dict[str, list[dict[str, object]]]:
    """The pack's example rows for a report of `year`. Every figure there agrees with every other."""
    def fill(v):
        if isinstance(v, dict):
            return {fill(k): fill(x) for k, x in v.items()}
        if isinstance(v, list):
            return [fill(x) for x in v]
        if not isinstance(v, str):
            return v
        if _YEAR.fullmatch(v):
            return year + int(_YEAR.fullmatch(v).group(1) or 0)
        return _YEAR.sub(lambda m: str(year + int(m.group(1) or 0)), v)

    return fill(load_scaffold(model or _model()).rows)


def _scalar(v) -> str:
    if v is None:
        return "~"
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    # JSON strings are valid YAML double-quoted scalars: no surprise with "no", "076", ":".
    return json.dumps(str(v), ensure_ascii=False)


def _comment_lines(text: str, indent: str) -> list[str]:
    return [f"{indent}# {text}"]


def render_yaml(model, year: int) -> str:
    rows = example_rows(year, model)
    out = [*(f"# {line}" for line in load_scaffold(model).header),
           f"lkjcheck: {FORMAT_VERSIONS[-1]}", f"model: {model.name}", ""]
    for tname, tdef in model.tables.items():
        title = tdef.title.get("id", tname)
        out.append(f"# ---- {title} " + "-" * max(3, 60 - len(title)))
        if tdef.single:
            out.append(f"{tname}:")
            row = rows.get(tname, [{}])[0]
            # the example row's mappings (penandatangan: {tempat, ...}) group the columns they prefix
            groups = [k for k, v in row.items() if isinstance(v, dict)]
            nested: dict[str, list[str]] = {}
            for col in tdef.columns:
                prefix = next((p for p in groups if col.startswith(p + "_")), None)
                if prefix:
                    nested.setdefault(prefix, []).append(col)
                    continue
                out.append(f"  {col}: {_scalar(row.get(col))}    # {column_help(tname, col, model)}")
            for prefix, cols in nested.items():
                out.append(f"  {prefix}:")
                for col in cols:
                    sub = col[len(prefix) + 1:]
                    v = row.get(prefix, {}).get(sub)
                    out.append(f"    {sub}: {_scalar(v)}    # {column_help(tname, col, model)}")
            out.append("")
            continue
        out.append(f"{tname}:")
        for i, row in enumerate(rows.get(tname, [])):
            first = True
            for col, v in row.items():
                lead = "  - " if first else "    "
                first = False
                # Only the first row carries the explanations: one is enough to read.
                note = f"    # {column_help(tname, col, model)}" if i == 0 else ""
                out.append(f"{lead}{_yaml_key(col)}: {_scalar(v)}{note}")
        out.append("")
    return "\n".join(out)


def _yaml_key(k: str) -> str:
    # YAML 1.1 reads a bare `no` as false.
    return json.dumps(k) if _YAML11_BOOL.fullmatch(k) else k


def _model():
    from lkjcheck.model.definition import get_model
    from lkjcheck.checks.rules import builtin_rules_dir

    return get_model(builtin_rules_dir() / "sakip" / "model.yaml")


class ScaffoldExists(Exception):
    pass


def init_dataset(folder: str | Path, xlsx: bool = False, force: bool = False, source: str | Path | None = None,
                 year: int | None = None, model=None) -> Path:
    """Write DIR/lkj.yaml (or DIR/lkj.xlsx); from the example, or converted from an existing dataset."""
    import datetime as _dt
    import tempfile

    model = model or _model()
    folder = Path(folder)
    target = folder / (WORKBOOK_FILE if xlsx else DATASET_FILE)
    if target.exists() and not force:
        raise ScaffoldExists(str(target))
    other = folder / (DATASET_FILE if xlsx else WORKBOOK_FILE)
    if other.exists() and not force and source is None:
        # Two dataset files in one folder is refused by `run`; say so now.
        raise ScaffoldExists(str(other))
    folder.mkdir(parents=True, exist_ok=True)
    year = year or (_dt.date.today().year - 1)
    if xlsx:
        from lkjcheck.scaffold.workbook import dataset_to_workbook

        if source is not None:
            out = dataset_to_workbook(source, target, model)
            _copy_report_text(Path(source), folder, force)
            return out
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / DATASET_FILE).write_text(render_yaml(model, year), encoding="utf-8")
            return dataset_to_workbook(tmp, target, model)
    if source is not None:
        raise ValueError("--from needs --xlsx")
    from lkjcheck.safety.output import write_atomic

    write_atomic(target, render_yaml(model, year))     # never through a planted link
    return target


def _copy_report_text(source: Path, folder: Path, force: bool) -> Path | None:
    """The report text beside the source dataset goes along, or its text findings would vanish.

    Found as `run` finds it (laporan_teks, else laporan.md/.txt/.docx/.pdf), with
    the same refusal of a file outside the source folder; written under the
    standard name the new folder's lkj.xlsx reads.
    """
    import shutil

    from lkjcheck.model.dataset import _find_text
    from lkjcheck.safety.output import write_atomic
    from lkjcheck.read.yamlsafe import Mapping, load_yaml

    src = source if source.is_dir() else source.parent
    yfile = src / DATASET_FILE
    data = load_yaml(str(yfile), display=str(yfile)) if yfile.is_file() else None
    text = _find_text(src, data if isinstance(data, Mapping) else {}, str(src))
    if not text or not Path(text).is_file():
        return None
    # The copy keeps its kind (a PDF read as Markdown would be nothing but refusals)
    # under the standard name of that kind; any other suffix is text.
    ext = Path(text).suffix.lower()
    names = {Path(n).suffix: n for n in TEXT_FILES}
    target = folder / names.get(ext, TEXT_FILES[0])
    if target.exists() and not force:
        return None
    # A fresh temporary name, never a fixed one that a planted link could redirect.
    with open(text, "rb") as src_fh:
        write_atomic(target, lambda fh: shutil.copyfileobj(src_fh, fh))
    return target
