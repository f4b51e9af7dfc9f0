"""The data model a rule pack declares: tables, columns and their types."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lkjcheck.errors import InputError
from lkjcheck.read.yamlsafe import Mapping, load_yaml, plain

TYPES = ("teks", "bilangan", "persen", "rupiah", "cacah", "tahun", "tanggal", "nip", "besaran", "pilihan")

# How the engine sees a column: numbers and dates are intervals, the rest exact.
ENGINE_KIND = {
    "teks": "text", "nip": "text", "pilihan": "text",
    "bilangan": "num", "persen": "num", "cacah": "num", "tahun": "num",
    "rupiah": "money", "tanggal": "date", "besaran": "num",
}


@dataclass
class ColumnDef:
    name: str
    type: str
    required: bool = False
    exact: bool = False
    values: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    # besaran: units whose figures are measured; a figure with another unit is a
    # count, exact as written. None: every figure keeps its written precision.
    measured_units: frozenset | None = None
    # besaran: a whole figure written without any unit ("16") is a count, exact
    # (the model's `tanpa_satuan: cacah`); otherwise it keeps its written precision.
    bare_counts: bool = False

    def canonical(self, text: str) -> str:
        """Map a spelling found in a report to the allowed value, if we know it."""
        table = self.__dict__.get("_lookup")
        if table is None:
            # Built once per column: this runs for every choice cell of every dataset.
            table = {_fold(a): v for a, v in self.aliases.items()}
            table.update({_fold(v): v for v in self.values})
            self.__dict__["_lookup"] = table
        return table.get(_fold(text), text)


_FOLD = re.compile(r"[\s_\-]+")


def _fold(s: str) -> str:
    return _FOLD.sub(" ", s.strip().lower())


@dataclass
class TableDef:
    name: str
    title: dict[str, str]
    columns: dict[str, ColumnDef]
    key: tuple[str, ...] = ()
    single: bool = False
    year_columns: dict[str, ColumnDef] = field(default_factory=dict)
    derived: dict[str, str] = field(default_factory=dict)     # name -> expression
    derived_lines: dict[str, int] = field(default_factory=dict)

    def engine_columns(self) -> dict[str, str]:
        """Every column name a rule may use, with its engine kind."""
        cached = self.__dict__.get("_engine_columns")
        if cached is not None:
            return dict(cached)
        out = {}
        for c in self.columns.values():
            out[c.name] = ENGINE_KIND[c.type]
            if c.type == "besaran":
                out[c.name + "_satuan"] = "text"
                out[c.name + "_teks"] = "text"
        for prefix, c in self.year_columns.items():
            for rel in _relative_names(prefix):
                out[rel] = ENGINE_KIND[c.type]
                if c.type == "besaran":
                    out[rel + "_satuan"] = "text"
                    out[rel + "_teks"] = "text"
        self.__dict__["_engine_columns"] = dict(out)
        return out


def _relative_names(prefix: str) -> list[str]:
    # Five years back and two ahead cover any printed history table.
    return [f"{prefix}_n{i}" for i in range(1, 6)] + [f"{prefix}_p{i}" for i in range(1, 3)]


_RELATIVE = re.compile(r"^(?P<prefix>[a-z_]+?)_(?P<dir>[np])(?P<k>[1-9])$")


def printed_year_name(name: str, report_year: int | None) -> str:
    """realisasi_n1 in a 2024 report was printed as realisasi_2023."""
    m = _RELATIVE.match(name)
    if not m or report_year is None:
        return name
    k = int(m.group("k"))
    return f"{m.group('prefix')}_{report_year - k if m.group('dir') == 'n' else report_year + k}"


def relative_year_name(prefix: str, year: int, report_year: int) -> str | None:
    d = year - report_year
    if -5 <= d <= -1:
        return f"{prefix}_n{-d}"
    if 1 <= d <= 2:
        return f"{prefix}_p{d}"
    return None


@dataclass
class Model:
    name: str
    tables: dict[str, TableDef]
    parameters: dict[str, object]
    source: str
    # English words for the pack's Indonesian codes ("cacah", "predikat" ...),
    # used when findings are written in English.
    labels_en: dict[str, str] = field(default_factory=dict)
    # The catalogue of the pack loaded with this model (lkjcheck.checks.rules.load_pack,
    # lkjcheck.toml applied): the loader's and the schema's findings take their severity from it.
    catalogue: dict = field(default_factory=dict, repr=False, compare=False)


def _col(name: str, raw, file: str, line: int) -> ColumnDef:
    spec = plain(raw) if raw is not None else {}
    if not isinstance(spec, dict):
        raise InputError(file, line, f"kolom '{name}' harus berupa pemetaan", f"column '{name}' must be a mapping")
    typ = spec.get("tipe", "teks")
    if typ not in TYPES:
        raise InputError(file, line, f"tipe kolom '{typ}' tidak dikenal", f"unknown column type '{typ}'")
    return ColumnDef(
        name=name,
        type=typ,
        required=bool(spec.get("wajib", False)),
        exact=spec.get("presisi", "tertulis") == "tepat",
        values=tuple(str(v) for v in spec.get("nilai", ()) or ()),
        aliases={str(k): str(v) for k, v in (spec.get("alias") or {}).items()},
        default=spec.get("bawaan"),
    )


def load_model(path: Path) -> Model:
    display = str(path)
    data = load_yaml(str(path), display=display)
    if not isinstance(data, Mapping) or not isinstance(data.get("tabel"), Mapping):
        raise InputError(display, None, "model harus memuat 'tabel'", "a model must have 'tabel'")
    tables = {}
    for tname, tdef in data["tabel"].items():
        line = data["tabel"].key_lines[tname]
        if not isinstance(tdef, Mapping) or not isinstance(tdef.get("kolom"), Mapping):
            raise InputError(display, line, f"tabel '{tname}' harus memuat 'kolom'", f"table '{tname}' must have 'kolom'")
        cols = {c: _col(c, v, display, tdef["kolom"].key_lines[c]) for c, v in tdef["kolom"].items()}
        years = {}
        if isinstance(tdef.get("kolom_tahun"), Mapping):
            years = {p: _col(p, v, display, tdef["kolom_tahun"].key_lines[p]) for p, v in tdef["kolom_tahun"].items()}
        title = plain(tdef.get("judul")) or {}
        key = plain(tdef.get("kunci")) or []
        single = plain(tdef.get("tunggal")) or False
        derived, dlines = {}, {}
        if isinstance(tdef.get("turunan"), Mapping):
            for dname, dsrc in tdef["turunan"].items():
                derived[dname] = str(plain(dsrc))
                dlines[dname] = tdef["turunan"].key_lines[dname]
        tables[tname] = TableDef(tname, title if isinstance(title, dict) else {"id": str(title)},
                                 cols, tuple(key), bool(single), years, derived, dlines)
    measured = plain(data.get("satuan_terukur"))
    if measured is not None:
        if not isinstance(measured, list):
            raise InputError(display, data.key_lines.get("satuan_terukur"), "'satuan_terukur' harus daftar",
                             "'satuan_terukur' must be a list")
        units = frozenset(str(u).strip().lower() for u in measured)
        for t in tables.values():
            for c in (*t.columns.values(), *t.year_columns.values()):
                if c.type == "besaran":
                    c.measured_units = units
    bare = plain(data.get("tanpa_satuan"))
    if bare not in (None, "cacah", "terukur"):
        raise InputError(display, data.key_lines.get("tanpa_satuan"), "'tanpa_satuan' harus 'cacah' atau 'terukur'",
                         "'tanpa_satuan' must be 'cacah' or 'terukur'")
    for t in tables.values():
        for c in (*t.columns.values(), *t.year_columns.values()):
            if c.type == "besaran":
                c.bare_counts = bare == "cacah"
    params = plain(data.get("parameter")) or {}
    name = plain(data.get("model")) or path.parent.name
    labels = plain(data.get("label_en")) or {}
    if not isinstance(labels, dict):
        raise InputError(display, data.key_lines.get("label_en"), "'label_en' harus pemetaan", "'label_en' must be a mapping")
    return Model(str(name), tables, params if isinstance(params, dict) else {}, display,
                 {str(k).lower(): str(v) for k, v in labels.items()})


_CACHE: dict[str, Model] = {}


def get_model(path: Path) -> Model:
    key = str(path.resolve())
    if key not in _CACHE:
        _CACHE[key] = load_model(path)
    return _CACHE[key]
