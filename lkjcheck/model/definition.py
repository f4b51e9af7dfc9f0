"""The data model a rule pack declares: tables, columns and their types."""
from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path

from lkjcheck.errors import InputError
from lkjcheck.read.yamlsafe import Mapping, load_yaml, plain

# The keys are English, like those of the rule files; a model written with the Indonesian
# keys of earlier releases is told the new name (the old spellings: model/vocabulary.py).
from lkjcheck.model.vocabulary import RENAMED, check_keys  # noqa: F401 - RENAMED is read from here too
from lkjcheck.record import record

TYPES = ("teks", "bilangan", "persen", "rupiah", "cacah", "tahun", "tanggal", "nip", "besaran", "pilihan")

# How the engine sees a column: numbers and dates are intervals, the rest exact.
ENGINE_KIND = {
    "teks": "text", "nip": "text", "pilihan": "text",
    "bilangan": "num", "persen": "num", "cacah": "num", "tahun": "num",
    "rupiah": "money", "tanggal": "date", "besaran": "num",
}


@record
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
    # (the model's `unitless_figures: count`); otherwise it keeps its written precision.
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


@record
class TableDef:
    name: str
    title: dict[str, str]
    columns: dict[str, ColumnDef]
    key: tuple[str, ...] = ()
    single: bool = False
    year_columns: dict[str, ColumnDef] = field(default_factory=dict)
    derived: dict[str, str] = field(default_factory=dict)     # name -> expression
    derived_lines: dict[str, int] = field(default_factory=dict)
    row_name: str | None = None     # the model's row_name: names a row before the key

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


@record(frozen=True)
class Identity:
    """Where a report says whose it is and for which year (`report:` in model.yaml).

    The engine finds an agency's report of another year by these (aggregates
    with `tahun=`) and names a dataset by its agency; it knows no table of its own.
    """
    table: str | None = None          # the one-row table of the report's identity
    agency: str | None = None         # the agency's name
    agency_code: str | None = None    # its unit code, preferred to the name when a report gives one
    year: str | None = None           # the reporting year


@record(frozen=True)
class FactSpec:
    """Figures of the tables that text rules hold the prose against (`facts:` in model.yaml).

    kind `per_row`: `<column>_<value of per>` for every row (pagu_rutin), and
    `<column>_<total>` as the sum of the rows for the columns in `sum` when no
    row is the total; `rows`: the table's rows as a list under the fact's name,
    `figures` as (value, radius); `written`: single values as the report wrote them.
    """
    name: str
    kind: str
    table: str
    columns: tuple[str, ...]
    per: str | None = None
    total: str | None = None
    sum: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()


FACT_KINDS = ("per_row", "rows", "written")
FACT_KEYS = {"kind", "table", "columns", "per", "total", "sum", "figures"}
IDENTITY_KEYS = {"table", "agency", "agency_code", "year"}


@record
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
    identity: Identity = field(default_factory=Identity)
    # the column that names a row in a finding before the rule's key (an indicator's code)
    row_name: str | None = None
    facts: tuple[FactSpec, ...] = ()


MODEL_KEYS = {"model", "version", "measured_units", "unitless_figures", "label_en", "parameters", "tables", "report",
              "row_name", "facts"}
TABLE_KEYS = {"title", "single", "key", "columns", "year_columns", "derived"}
COLUMN_KEYS = {"type", "required", "precision", "values", "aliases", "default"}
PRECISIONS = ("written", "exact")


def _col(name: str, raw, file: str, line: int) -> ColumnDef:
    if raw is not None and not isinstance(raw, Mapping):
        raise InputError(file, line, "model.column_must_mapping", name=name)
    if raw is not None:
        check_keys(raw, COLUMN_KEYS, file, name)
    spec = plain(raw) if raw is not None else {}
    typ = spec.get("type", "teks")
    if typ not in TYPES:
        raise InputError(file, line, "model.unknown_column_type", typ=typ)
    precision = spec.get("precision", "written")
    if precision not in PRECISIONS:
        raise InputError(file, raw.key_lines.get("precision", line),
                         "model.unknown_precision_written_exact", precision=precision)
    return ColumnDef(
        name=name,
        type=typ,
        required=bool(spec.get("required", False)),
        exact=precision == "exact",
        values=tuple(str(v) for v in spec.get("values", ()) or ()),
        aliases={str(k): str(v) for k, v in (spec.get("aliases") or {}).items()},
        default=spec.get("default"),
    )


def _mapping(m: Mapping, key: str, file: str, where: str) -> Mapping | None:
    v = m.get(key)
    if v is not None and not isinstance(v, Mapping):
        raise InputError(file, m.key_lines.get(key), "model.section_not_mapping", where=where, key_=key)
    return v


def load_model(path: Path) -> Model:
    display = str(path)
    data = load_yaml(str(path), display=display, cache=True)
    if not isinstance(data, Mapping):
        raise InputError(display, None, "model.model_must_have_tables")
    check_keys(data, MODEL_KEYS, display, "model")
    if not isinstance(data.get("tables"), Mapping):
        raise InputError(display, None, "model.model_must_have_tables")
    tables = {}
    for tname, tdef in data["tables"].items():
        line = data["tables"].key_lines[tname]
        if not isinstance(tdef, Mapping):
            raise InputError(display, line, "model.table_must_mapping", tname=tname)
        check_keys(tdef, TABLE_KEYS, display, tname)
        cols_raw = _mapping(tdef, "columns", display, tname)
        if cols_raw is None:
            raise InputError(display, line, "model.table_must_have_columns", tname=tname)
        cols = {c: _col(c, v, display, cols_raw.key_lines[c]) for c, v in cols_raw.items()}
        years_raw = _mapping(tdef, "year_columns", display, tname)
        years = {p: _col(p, v, display, years_raw.key_lines[p]) for p, v in years_raw.items()} if years_raw else {}
        title = plain(tdef.get("title")) or {}
        key = plain(tdef.get("key")) or []
        single = plain(tdef.get("single")) or False
        derived, dlines = {}, {}
        derived_raw = _mapping(tdef, "derived", display, tname)
        for dname, dsrc in (derived_raw or {}).items():
            derived[dname] = str(plain(dsrc))
            dlines[dname] = derived_raw.key_lines[dname]
        tables[tname] = TableDef(tname, title if isinstance(title, dict) else {"id": str(title)},
                                 cols, tuple(key), bool(single), years, derived, dlines)
    measured = plain(data.get("measured_units"))
    if measured is not None:
        if not isinstance(measured, list):
            raise InputError(display, data.key_lines.get("measured_units"), "model.measured_units_must_list")
        units = frozenset(str(u).strip().lower() for u in measured)
        for t in tables.values():
            for c in (*t.columns.values(), *t.year_columns.values()):
                if c.type == "besaran":
                    c.measured_units = units
    bare = plain(data.get("unitless_figures"))
    if bare not in (None, "count", "measured"):
        raise InputError(display, data.key_lines.get("unitless_figures"),
                         "model.unitless_figures_must_count_measured")
    for t in tables.values():
        for c in (*t.columns.values(), *t.year_columns.values()):
            if c.type == "besaran":
                c.bare_counts = bare == "count"
    params = plain(data.get("parameters")) or {}
    name = plain(data.get("model")) or path.parent.name
    labels = plain(data.get("label_en")) or {}
    if not isinstance(labels, dict):
        raise InputError(display, data.key_lines.get("label_en"), "model.label_en_must_mapping")
    identity = _identity(data, tables, display)
    row_name = _column_name(data, "row_name", display)
    for t in tables.values():
        t.row_name = row_name
    facts = _facts(data, tables, display)
    return Model(str(name), tables, params if isinstance(params, dict) else {}, display,
                 {str(k).lower(): str(v) for k, v in labels.items()}, identity=identity, row_name=row_name,
                 facts=facts)


def _column_name(m: Mapping, key: str, file: str) -> str | None:
    v = plain(m.get(key))
    if v is not None and not isinstance(v, str):
        raise InputError(file, m.key_lines.get(key), "model.must_column_name", key_=key)
    return v


def _unknown_column(file, line, where, table, col):
    return InputError(file, line, "model.column_not_table", where=where, col=col, table=table)


def _identity(data: Mapping, tables: dict[str, TableDef], file: str) -> Identity:
    raw = _mapping(data, "report", file, "model")
    if raw is None:
        return Identity()
    check_keys(raw, IDENTITY_KEYS, file, "report")
    spec = {k: _column_name(raw, k, file) for k in IDENTITY_KEYS}
    t = tables.get(spec["table"] or "")
    if t is None or not t.single:
        raise InputError(file, raw.key_lines.get("table"), "model.report_table_must_one_row")
    for k in ("agency", "agency_code", "year"):
        if spec[k] is not None and spec[k] not in t.columns:
            raise _unknown_column(file, raw.key_lines.get(k), f"report.{k}", t.name, spec[k])
    return Identity(**spec)


def _names(v) -> tuple[str, ...]:
    return tuple(str(x) for x in v) if isinstance(v, list) else ((str(v),) if v is not None else ())


def _facts(data: Mapping, tables: dict[str, TableDef], file: str) -> tuple[FactSpec, ...]:
    raw = _mapping(data, "facts", file, "model")
    out = []
    for name, spec_raw in (raw or {}).items():
        line = raw.key_lines[name]
        if not isinstance(spec_raw, Mapping):
            raise InputError(file, line, "model.facts_must_mapping", name=name)
        check_keys(spec_raw, FACT_KEYS, file, f"facts.{name}")
        spec = plain(spec_raw)
        if spec.get("kind") not in FACT_KINDS:
            raise InputError(file, line, "model.facts_kind_must", name=name, join=', '.join(FACT_KINDS))
        t = tables.get(str(spec.get("table")))
        if t is None:
            raise InputError(file, line, "model.facts_table_not_model", name=name, get=spec.get('table'))
        fact = FactSpec(str(name), spec["kind"], t.name, _names(spec.get("columns")),
                        spec.get("per"), spec.get("total"), _names(spec.get("sum")), _names(spec.get("figures")))
        for col in (*fact.columns, *fact.sum, *fact.figures, *_names(fact.per)):
            if col not in t.columns:
                raise _unknown_column(file, line, f"facts.{name}", t.name, col)
        out.append(fact)
    return tuple(out)


_CACHE: dict[str, Model] = {}


def get_model(path: Path) -> Model:
    key = str(path.resolve())
    if key not in _CACHE:
        _CACHE[key] = load_model(path)
    return _CACHE[key]
