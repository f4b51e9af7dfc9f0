"""The rule pack's recognition data (pengenalan.yaml), read once and checked.

Everything that decides what a published table or sentence means comes from
here, and so do the names of the tables and columns the extraction fills; the
code in this package only applies it. The file's structure keys are English,
like those of model.yaml and the rule files; a key of an earlier release is
refused with the one that replaced it (lkjcheck/model/vocabulary.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lkjcheck.errors import InputError
from lkjcheck.read.yamlsafe import Mapping, Sequence, load_yaml, plain

from lkjcheck.model.vocabulary import CODE_PARTS, CROSS_PARTS, PREVIOUS_TABLE, SEQUENCE, keys, old_subject, templates
from lkjcheck.model.vocabulary import Recognition as K

SPEC_FILE = "pengenalan.yaml"


@dataclass
class TableSpec:
    name: str
    columns: dict[str, list[str]]           # model column -> header aliases (normalised)
    required: list[str]
    absent: list[str]
    any_of: list[str]
    titles: list[str]
    needs_year: bool
    no_year: bool
    past: str | None
    future: str | None
    inherit: list[str]
    group: str | None
    link: str | None
    code: str | None
    shift: list[tuple[str, str]]                  # (column the value slid from, column it belongs to)
    fill: dict                                    # column -> (source column, [(regex, value)])
    flat: bool = False                            # also looked for as a flattened table in the text
    clean: dict = field(default_factory=dict)      # column -> regex of printed debris to drop
    shape: dict = field(default_factory=dict)      # column -> regex a readable cell matches
    link_threshold: float | None = None           # this table's own `link: {threshold}`, else the file's

    def alias_regex(self) -> tuple[re.Pattern, dict[str, str]]:
        """One pattern for every alias, longest first, and which column each alias names."""
        cached = self.__dict__.get("_alias_rx")
        if cached is None:
            owner: dict[str, str] = {}
            for col, aliases in self.columns.items():
                for a in aliases:
                    if a:
                        owner.setdefault(a, col)
            alts = "|".join(re.escape(a) for a in sorted(owner, key=len, reverse=True)) or "(?!)"
            cached = self.__dict__["_alias_rx"] = (re.compile(r"(?<![\w%])(?:" + alts + r")(?![\w%])"), owner)
        return cached


@dataclass
class ClaimPattern:
    regex: re.Pattern
    claims: list[dict]                       # {quantity, value, subject, columns}
    context: re.Pattern | None = None
    table_row: tuple[str, dict] | None = None    # (table, column -> group or SEQUENCE)
    source: str = ""


@dataclass
class ClaimRows:
    """The table the claims become and the column each part of a claim goes to."""

    table: str
    columns: dict[str, str]                  # code, quantity, value, quote, line, subject, section -> column
    previous_tables: tuple[str, ...] = ()    # tables whose row above a claim `previous_table` names


@dataclass
class BudgetFromClaims:
    """The budget table made from the prose when the report prints none."""

    table: str
    source_column: str
    sources: tuple[str, ...]                 # the rows, in this order
    unnamed: str                             # the source of a claim that names none
    first: dict[str, str]                    # column -> quantity: the first such claim
    paired: dict[str, str]                   # columns -> quantities stated together in one sentence
    needs_any: tuple[str, ...]               # a source row is written when it has one of these


@dataclass
class CrossSpec:
    """A cross-table (`cross_tables:`): rows named by one thing, columns by another, a count in each cell."""

    table: str
    rows: dict[str, list[str]]               # row value -> label aliases (normalised)
    total: list[str]                         # labels of the row stating the total
    columns: list[tuple[re.Pattern, str]]    # header pattern -> column value (a template over its groups)
    min_columns: int
    cell: dict[str, str]                     # model column -> template over {row} {column} {count}
    row_sum: dict[str, str]                  # the same for one row's figures added up ({count} = the sum)
    total_row: dict[str, str]                # the same for the total row's single figure
    figure: re.Pattern                       # a readable cell
    empty: re.Pattern                        # a cell that holds nothing ("-")
    sum_column: list[str] = field(default_factory=list)   # header of a column printing each row's total

    def row_regex(self) -> tuple[re.Pattern, dict[str, str]]:
        """One pattern for every row label (longest first, so "non asn" wins over "asn")."""
        cached = self.__dict__.get("_row_rx")
        if cached is None:
            owner = {a: v for v, al in self.rows.items() for a in al}
            owner.update({a: "total" for a in self.total})
            alts = "|".join(re.escape(a) for a in sorted(owner, key=len, reverse=True)) or "(?!)"
            cached = self.__dict__["_row_rx"] = (re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)"), owner)
        return cached


@dataclass
class Spec:
    path: str
    head_lines: int
    year_patterns: list[re.Pattern]
    agency_patterns: list[re.Pattern]
    signatures: dict[str, re.Pattern]
    signature_anywhere: set
    signature_place: re.Pattern
    signature_name: re.Pattern
    signature_title: re.Pattern
    signature_reach: int
    column_numbers: re.Pattern
    row_number: re.Pattern
    group_row: re.Pattern
    tables: dict[str, TableSpec]
    link_threshold: float
    link_ignore: frozenset
    claim_tables: list[dict]
    claims: list[ClaimPattern]
    source_alias: dict[str, str]
    claim_rows: ClaimRows | None = None
    budget_from_claims: BudgetFromClaims | None = None
    damaged: list = field(default_factory=list)       # patterns of an OCR-damaged figure
    cross: list[CrossSpec] = field(default_factory=list)
    number_column: str | None = None     # a row's printed number: codes use it, a row without one continues
    unit_column: str | None = None       # a column whose word is the unit of the row's figures


def norm(text: str) -> str:
    """Lower case, punctuation but % and / to spaces, spaces collapsed."""
    return " ".join(re.sub(r"[^\w%/]+", " ", text.lower()).split())


def _re(display: str, text, what: str, line=None) -> re.Pattern:
    try:
        return re.compile(str(text))
    except re.error as e:
        raise InputError(display, line, "extract.invalid_pattern", what=what, e=e)


def _map(node, display: str, where: str, allowed: dict, line=None) -> Mapping:
    """A mapping of the file with only the keys it may have; an empty one when absent."""
    if node is None or (not isinstance(node, Mapping) and plain(node) is None):
        return Mapping()
    if not isinstance(node, Mapping):
        raise InputError(display, getattr(node, "line", None) or line, "extract.must_mapping", where=where)
    keys(node, allowed, display, where)
    return node


def _list(node) -> list:
    return list(node) if isinstance(node, Sequence) else []


def load_spec(pack_dir: Path) -> Spec | None:
    path = Path(pack_dir) / SPEC_FILE
    if not path.is_file():
        return None
    display = str(path)
    raw = load_yaml(str(path), 1_000_000, display=display, cli_limit=False, cache=True)
    if not isinstance(raw, Mapping):
        raise InputError(display, None, "extract.recognition_file_must_have_recognition")
    keys(raw, K.TOP, display, SPEC_FILE)
    if plain(raw.get("recognition")) != 1:
        raise InputError(display, raw.key_lines.get("recognition"), "extract.recognition_file_must_have_recognition")
    ident = plain(_map(raw.get("identity"), display, "identity", K.IDENTITY))
    sig_node = _map(raw.get("signatures"), display, "signatures", K.SIGNATURES)
    roles = {str(k): plain(_map(v, display, f"signatures.roles.{k}", K.ROLE))
             for k, v in _map(sig_node.get("roles"), display, "signatures.roles", K.ANY).items()}
    sig = plain(sig_node)
    tables_node = raw.get("tables")
    tables = {}
    for name, t in (tables_node.items() if isinstance(tables_node, Mapping) else ()):
        tables[str(name)] = _table(display, str(name), _map(t, display, f"tables.{name}", K.TABLE))
    shapes = {k: str(v) for k, v in plain(_map(raw.get("shapes"), display, "shapes", K.ANY)).items()}
    claims = [_claim(display, i, c, shapes) for i, c in enumerate(_list(raw.get("claims")))]
    link = plain(_map(raw.get("link"), display, "link", K.LINK))
    claim_tables = []
    for c in _list(raw.get("claim_tables")):
        c = plain(_map(c, display, "claim_tables", K.CLAIM_TABLE))
        claim_tables.append({"header": {norm(k): v for k, v in (c.get("header") or {}).items()},
                             "subject": c.get("subject")})
    return Spec(
        display, int(ident.get("head_lines", 60)),
        [_re(display, p, "year") for p in ident.get("year") or []],
        [_re(display, p, "agency") for p in ident.get("agency") or []],
        {k: _re(display, v["section"], k) for k, v in roles.items() if "section" in v},
        {k for k, v in roles.items() if v.get("first_without_section")},
        _re(display, sig.get("place_date", "$^"), "place_date"),
        _re(display, sig.get("name", "$^"), "name"),
        _re(display, sig.get("position", "$^"), "position"),
        int(sig.get("reach", 10)),
        _re(display, plain(raw.get("column_numbers")) or "$^", "column_numbers"),
        _re(display, plain(raw.get("row_number")) or "$^", "row_number"),
        _re(display, plain(raw.get("group_row")) or "$^", "group_row"),
        tables, float(link.get("threshold", 0.6)), frozenset(norm(w) for w in link.get("ignore_words") or []),
        claim_tables, claims, {norm(str(k)): str(v) for k, v in (plain(raw.get("subject_aliases")) or {}).items()},
        _claim_rows(display, raw.get("claim_rows")),
        _budget(display, raw.get("budget_from_claims")),
        [_re(display, p, "damaged_figures") for p in plain(raw.get("damaged_figures")) or []],
        [_cross(display, c) for c in _list(raw.get("cross_tables"))],
        _name(plain(raw.get("number_column"))), _name(plain(raw.get("unit_column"))),
    )


def _name(v) -> str | None:
    return None if v is None else str(v)


def _table(display: str, name: str, node: Mapping) -> TableSpec:
    t = plain(node)
    link = plain(_map(node.get("link"), display, f"tables.{name}.link", K.TABLE_LINK))
    shifts = []
    for s in _list(node.get("shift")):
        s = plain(_map(s, display, f"tables.{name}.shift", K.SHIFT))
        shifts.append((str(s.get("from")), str(s.get("to"))))
    fill = {}
    for col, rule in _map(node.get("fill"), display, f"tables.{name}.fill", K.ANY).items():
        rule = _map(rule, display, f"tables.{name}.fill.{col}", K.FILL)
        pats = [plain(_map(p, display, f"tables.{name}.fill.{col}.patterns", K.FILL_PATTERN))
                for p in _list(rule.get("patterns"))]
        fill[str(col)] = (str(plain(rule.get("from"))),
                          [(_re(display, p["match"], f"fill {col}"), str(p["value"])) for p in pats])
    code = t.get("code")
    if code is not None:
        templates(str(code), CODE_PARTS, display, node.key_lines.get("code"), f"tables.{name}.code")
    return TableSpec(
        name, {str(c): [norm(a) for a in (al or [])] for c, al in (t.get("columns") or {}).items()},
        list(t.get("required") or []), list(t.get("without") or []), list(t.get("any_of") or []),
        [norm(x) for x in t.get("titles") or []], bool(t.get("needs_years")), bool(t.get("no_years")),
        t.get("past_years"), t.get("future_years"), [str(x) for x in t.get("carry_down") or []], t.get("group"),
        link.get("to"), code, shifts, fill, bool(t.get("flat")),
        {c: _re(display, v, f"clean {c}") for c, v in (t.get("clean") or {}).items()},
        {c: _re(display, v, f"cell_shape {c}") for c, v in (t.get("cell_shape") or {}).items()},
        None if link.get("threshold") is None else float(link["threshold"]))


def _claim(display: str, i: int, node, shapes: dict[str, str]) -> ClaimPattern:
    where = f"claims[{i + 1}]"
    node = _map(node, display, where, K.CLAIM)
    if "pattern" not in node:
        raise InputError(display, node.line, "extract.pattern_required", where=where)
    src = str(plain(node["pattern"]))
    text = src
    for k, v in shapes.items():
        text = text.replace("{" + k + "}", "(?:" + v + ")")
    rows = []
    for r in _list(node.get("rows")):
        r = _map(r, display, f"{where}.rows", K.CLAIM_ROW)
        subject = plain(r.get("subject"))
        line = r.key_lines.get("subject", r.line)
        if isinstance(subject, dict):
            keys(r["subject"], {"group": "grup"}, display, f"{where}.subject")
        else:
            old_subject(subject, display, line, where)
        for part in ("quantity", "value"):
            if not isinstance(plain(r.get(part)), str):
                raise InputError(display, r.line, "extract.rows_required", where=where, part=part)
        rows.append({"quantity": plain(r.get("quantity")), "value": plain(r.get("value")), "subject": subject,
                     "columns": {str(k): str(v) for k, v in (plain(r.get("columns")) or {}).items()}})
    table_row = None
    if node.get("table_row") is not None:
        tr = _map(node["table_row"], display, f"{where}.table_row", K.TABLE_ROW)
        table_row = (str(plain(tr.get("table"))), {str(k): str(v) for k, v in (plain(tr.get("columns")) or {}).items()})
        for v in table_row[1].values():
            old_subject(v, display, tr.key_lines.get("columns", tr.line), where)
    context = plain(node.get("context"))
    return ClaimPattern(_re(display, text, where, node.key_lines.get("pattern")), rows,
                        _re(display, context, "context") if context else None, table_row, src)


def _claim_rows(display: str, node) -> ClaimRows | None:
    if node is None:
        return None
    node = _map(node, display, "claim_rows", K.CLAIM_ROWS)
    cols = plain(_map(node.get("columns"), display, "claim_rows.columns", K.CLAIM_ROW_PARTS))
    for part in ("code", "quantity", "value"):
        if part not in cols:
            raise InputError(display, node.line, "extract.claim_rows_columns_required", part=part)
    return ClaimRows(str(plain(node.get("table"))), {k: str(v) for k, v in cols.items()},
                     tuple(str(x) for x in plain(node.get("previous_tables")) or ()))


def _budget(display: str, node) -> BudgetFromClaims | None:
    if node is None:
        return None
    b = plain(_map(node, display, "budget_from_claims", K.BUDGET))
    return BudgetFromClaims(
        str(b.get("table")), str(b.get("source_column")), tuple(str(s) for s in b.get("sources") or ()),
        str(b.get("unnamed", "")), {str(k): str(v) for k, v in (b.get("first") or {}).items()},
        {str(k): str(v) for k, v in (b.get("paired") or {}).items()}, tuple(str(s) for s in b.get("needs_any") or ()))


def _cross(display: str, node) -> CrossSpec:
    node = _map(node, display, "cross_tables", K.CROSS)
    c = plain(node)

    def parts(key):
        out = {str(k): str(v) for k, v in (c.get(key) or {}).items()}
        for v in out.values():
            templates(v, CROSS_PARTS, display, node.key_lines.get(key), f"cross_tables.{key}")
        return out

    columns = []
    for k in _list(node.get("columns")):
        k = plain(_map(k, display, "cross_tables.columns", K.CROSS_COLUMN))
        columns.append((_re(display, k["match"], "cross_tables columns"), str(k["name"])))
    return CrossSpec(
        str(c["table"]), {str(k): [norm(a) for a in v or []] for k, v in (c.get("rows") or {}).items()},
        [norm(a) for a in c.get("total") or []], columns,
        int(c.get("min_columns", 2)), parts("cell"), parts("row_sum"), parts("total_row"),
        _re(display, c.get("figure", r"^\d{1,6}$"), "cross_tables figure"),
        _re(display, c.get("empty", r"^[-\u2013]?$"), "cross_tables empty"),
        [norm(a) for a in c.get("sum_column") or []])


__all__ = ["BudgetFromClaims", "ClaimPattern", "ClaimRows", "CrossSpec", "PREVIOUS_TABLE", "SEQUENCE", "Spec",
           "TableSpec", "load_spec", "norm"]
