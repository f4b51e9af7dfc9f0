"""A dataset folder → typed tables that remember where every figure was written.

Unreadable files are an `InputError` (exit 2). An unreadable *value* is not: it
becomes a finding naming its file, line and column, and the rest of the dataset
is still checked — one OCR slip must not hide every other error.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from lkjcheck import i18n
from lkjcheck.errors import InputError, suggest
from lkjcheck.findings import Location, make
from lkjcheck.i18n import Both
from lkjcheck.model.building import (
    DATASET_FILE,
    FORMAT_VERSIONS,
    META_KEYS,
    TEXT_FILES,
    WORKBOOK_FILE,
    _Builder,
    _Loading,
    _row_cells,
    complete_tables,
)
from lkjcheck.model.definition import Model
from lkjcheck.model.vocabulary import EXTRACTION_NOTE
from lkjcheck.model.external import _read_external
from lkjcheck.model.table import Dataset, Table
from lkjcheck.read.yamlsafe import DEFAULT_MAX_BYTES, Mapping, Scalar, Sequence, load_yaml


def is_workbook_dataset(path: Path) -> bool:
    """A whole dataset in one workbook: book.xlsx itself, or a folder with lkj.xlsx and no lkj.yaml."""
    if path.is_dir():
        return (path / WORKBOOK_FILE).is_file() and not (path / DATASET_FILE).exists()
    return path.suffix.lower() in (".xlsx", ".xlsm")


def find_dataset_file(path: Path) -> Path:
    if path.is_dir():
        f = path / DATASET_FILE
        if not f.exists():
            raise InputError(str(path), None, "model.no_this_folder", dataset_file=DATASET_FILE)
        return f
    if not path.exists():
        raise InputError(str(path), None, "model.not_found")
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
        raise InputError(display_yaml, None, "model.points_outside_dataset_folder_refused")
    data = load_yaml(str(yfile), max_bytes, display_yaml)
    if data is None:
        raise InputError(display_yaml, None, "model.file_empty")
    if not isinstance(data, Mapping):
        raise InputError(display_yaml, getattr(data, "line", None) if data is not None else None,
                         "model.file_must_mapping_key_value")
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
                       i18n.Said("model.unknown_section", key=key, 
                                 suggest=suggest(key, model.tables) or i18n.Said("model.misspelt_table_name")))
            continue
        b = _Builder(st, tdef)
        if tdef.single:
            if not isinstance(value, Mapping):
                st.finding("DAT005", "error", display_yaml, kline, None, key, None, None,
                           i18n.Said("model.must_mapping", key=key))
                continue
            b.add_row(_row_cells(value), display_yaml, value.line)
        elif isinstance(value, Sequence):
            for i, row in enumerate(value):
                if not isinstance(row, Mapping):
                    line = getattr(row, "line", None) or value.line
                    st.finding("DAT005", "error", display_yaml, line, None, key, str(i + 1), None,
                               i18n.Said("model.row_table_must_mapping_column", value=i + 1, key=key))
                    continue
                b.add_row(_row_cells(row), display_yaml, row.line)
        elif isinstance(value, Mapping) and "berkas" in value:
            _read_external(st, b, value, display_yaml)
        elif isinstance(value, Scalar) and value.is_null:
            pass
        else:
            st.finding("DAT005", "error", display_yaml, kline, None, key, None, None,
                       i18n.Said("model.table_rows_or_file", key=key))
            continue
        tables[key] = b.table

    _extraction_notes(st, data.get("temuan_ekstraksi"), display_yaml)
    agency = complete_tables(st, tables, model)
    if who.table and who.table not in data:
        st.finding("DAT003", "error", display_yaml, 1, None, who.table, None, None,
                   i18n.Said("model.section_report_identity_agency_year", table=who.table, agency=who.agency, year=who.year))
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
        text = {k: (v.text if isinstance(v, Scalar) else "") for k, v in n.items()}
        get = {k: text.get(k) or text.get(old) or "" for k, old in EXTRACTION_NOTE.items()}
        rule = get["rule"] or "DAT010"
        if not re.fullmatch(r"DAT\d{3}", rule):
            continue
        sev = get["severity"] if get["severity"] in ("error", "warning", "info") else "warning"
        st.add([make(
            rule, Both(get["message"] or rule, get["message_en"] or get["message"] or rule),
            catalogue=st.catalogue, severity=sev, lang=st.lang, dataset=st.name,
            location=Location(get["location"] or display_yaml), table=get["table"] or None,
            family="data", reference="docs/documents.md")])



def _check_format_version(data: Mapping, display_yaml: str) -> None:
    v = data.get("lkjcheck")
    if v is None:
        return
    text = v.text.strip() if isinstance(v, Scalar) else ""
    if text not in FORMAT_VERSIONS:
        raise InputError(display_yaml, data.key_lines.get("lkjcheck"), "model.unknown_format_version",
                         value=text or i18n.Said("model.not_a_number"))


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
                             "model.laporan_teks_lies_outside_dataset")
        full = root / check_name(ref.text, display_yaml, ref.line, _TEXT_NOUN)
        if present(full):
            _check_text_file(root, full, display_yaml, ref.line, ref.text)
        return str(full)
    if not _may_hold_text(root):
        return None
    for name in TEXT_FILES:
        full = root / name
        if os.path.lexists(full):     # a link, even a broken one, is refused by the check below
            _check_text_file(root, full, display_yaml, None, name)
            return str(full)
    return None


def _may_hold_text(root: Path) -> bool:
    """False when no entry of the folder can be a report text: one listing, not a look (and a
    FileNotFoundError) per name. Any name that starts like one of TEXT_FILES in any case, or a
    folder that cannot be listed, is left to the looks, which decide as they always did."""
    try:
        names = os.listdir(root)
    except OSError:
        return True
    return any(n.casefold().startswith(_TEXT_STEMS) for n in names)


_TEXT_STEMS = tuple(sorted({name.rpartition(".")[0].casefold() for name in TEXT_FILES}))


_TEXT_NOUN = ("berkas teks", "text file")


def _check_text_file(root: Path, full: Path, display_yaml: str, line: int | None, ref: str) -> None:
    from lkjcheck.read.guard import inside

    inside(root, ref, display_yaml, line, _TEXT_NOUN)
