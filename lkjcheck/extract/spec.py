"""The rule pack's recognition data (pengenalan.yaml), read once and checked.

Everything that decides what a published table or sentence means comes from
here; the code in this package only applies it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lkjcheck.errors import InputError
from lkjcheck.read.yamlsafe import load_yaml, plain

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
    shift: list[dict]
    fill: dict
    flat: bool = False                            # also looked for as a flattened table in the text
    clean: dict = field(default_factory=dict)      # column -> regex of printed debris to drop
    shape: dict = field(default_factory=dict)      # column -> regex a readable cell matches
    link_threshold: float | None = None           # this table's own `tautan: {ambang}`, else the file's

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
    claims: list[dict]
    context: re.Pattern | None = None
    hibah: dict | None = None
    source: str = ""


@dataclass
class CrossSpec:
    """A cross-table (`silang:`): rows named by one thing, columns by another, a count in each cell."""

    table: str
    rows: dict[str, list[str]]               # row value -> label aliases (normalised)
    total: list[str]                         # labels of the row stating the total
    columns: list[tuple[re.Pattern, str]]    # header pattern -> column value (a template over its groups)
    min_columns: int
    cell: dict[str, str]                     # model column -> template over {baris} {kolom} {angka}
    row_sum: dict[str, str]                  # the same for one row's figures added up ({angka} = the sum)
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
    budget_from_claims: dict[str, str] = field(default_factory=dict)
    damaged: list = field(default_factory=list)       # patterns of an OCR-damaged figure
    cross: list[CrossSpec] = field(default_factory=list)


def norm(text: str) -> str:
    """Lower case, punctuation but % and / to spaces, spaces collapsed."""
    return " ".join(re.sub(r"[^\w%/]+", " ", text.lower()).split())


def _re(display: str, text, what: str) -> re.Pattern:
    try:
        return re.compile(str(text))
    except re.error as e:
        raise InputError(display, None, "extract.invalid_pattern", what=what, e=e)


def load_spec(pack_dir: Path) -> Spec | None:
    path = Path(pack_dir) / SPEC_FILE
    if not path.is_file():
        return None
    display = str(path)
    raw = plain(load_yaml(str(path), 1_000_000, display=display, cli_limit=False))
    if not isinstance(raw, dict) or raw.get("pengenalan") != 1:
        raise InputError(display, None, "extract.recognition_file_must_have_pengenalan")
    ident = raw.get("identitas") or {}
    sig = raw.get("tanda_tangan") or {}
    tables = {}
    for name, t in (raw.get("tabel") or {}).items():
        cols = {str(c): [norm(a) for a in (al or [])] for c, al in (t.get("kolom") or {}).items()}
        tables[name] = TableSpec(
            name, cols, list(t.get("wajib") or []), list(t.get("tanpa") or []), list(t.get("perlu_salah_satu") or []),
            [norm(x) for x in t.get("judul") or []], bool(t.get("perlu_tahun")), bool(t.get("tanpa_tahun")),
            t.get("tahun_lalu"), t.get("tahun_depan"), [str(x) for x in t.get("ikut") or []], t.get("grup"),
            (t.get("tautan") or {}).get("ke"), t.get("kode"), list(t.get("geser") or []), dict(t.get("isi") or {}),
            bool(t.get("datar")),
            {c: _re(display, v, f"bersihkan {c}") for c, v in (t.get("bersihkan") or {}).items()},
            {c: _re(display, v, f"bentuk_sel {c}") for c, v in (t.get("bentuk_sel") or {}).items()},
            _threshold((t.get("tautan") or {}).get("ambang")))
    shapes = {k: str(v) for k, v in (raw.get("bentuk") or {}).items()}
    claims = []
    for i, c in enumerate(raw.get("klaim") or []):
        src = str(c["pola"])
        text = src
        for k, v in shapes.items():
            text = text.replace("{" + k + "}", "(?:" + v + ")")
        claims.append(ClaimPattern(_re(display, text, f"klaim ke-{i + 1}"), list(c.get("klaim") or []),
                                   _re(display, c["konteks"], "konteks") if c.get("konteks") else None,
                                   c.get("hibah"), src))
    link = raw.get("tautan") or {}
    return Spec(
        display, int(ident.get("baris_awal", 60)),
        [_re(display, p, "tahun") for p in ident.get("tahun") or []],
        [_re(display, p, "instansi") for p in ident.get("instansi") or []],
        {k: _re(display, v["bagian"], k) for k, v in sig.items() if isinstance(v, dict) and "bagian" in v},
        {k for k, v in sig.items() if isinstance(v, dict) and v.get("tanpa_bagian")},
        _re(display, sig.get("tempat_tanggal", "$^"), "tempat_tanggal"),
        _re(display, sig.get("nama_nip", "$^"), "nama_nip"),
        _re(display, sig.get("jabatan", "$^"), "jabatan"),
        int(sig.get("jarak", 10)),
        _re(display, raw.get("baris_nomor_kolom", "$^"), "baris_nomor_kolom"),
        _re(display, raw.get("nomor_baris", "$^"), "nomor_baris"),
        _re(display, raw.get("baris_grup", "$^"), "baris_grup"),
        tables, float(link.get("ambang", 0.6)), frozenset(norm(w) for w in link.get("kata_abaikan") or []),
        [{"kepala": {norm(k): v for k, v in (c.get("kepala") or {}).items()}, "acuan": c.get("acuan")}
         for c in raw.get("tabel_klaim") or []],
        claims, {norm(str(k)): str(v) for k, v in (raw.get("acuan_alias") or {}).items()},
        {str(k): str(v) for k, v in (raw.get("anggaran_dari_klaim") or {}).items()},
        [_re(display, p, "angka_rusak") for p in raw.get("angka_rusak") or []],
        [_cross(display, c) for c in raw.get("silang") or []],
    )


def _cross(display: str, c: dict) -> CrossSpec:
    def templates(key):
        return {str(k): str(v) for k, v in (c.get(key) or {}).items()}

    return CrossSpec(
        str(c["tabel"]), {str(k): [norm(a) for a in v or []] for k, v in (c.get("baris") or {}).items()},
        [norm(a) for a in c.get("total") or []],
        [(_re(display, k["cocok"], "silang kolom"), str(k["nama"])) for k in c.get("kolom") or []],
        int(c.get("kolom_minimal", 2)), templates("sel"), templates("jumlah_baris"), templates("baris_total"),
        _re(display, c.get("angka", r"^\d{1,6}$"), "silang angka"), _re(display, c.get("kosong", r"^[-\u2013]?$"), "silang kosong"),
        [norm(a) for a in c.get("kolom_jumlah") or []])


def _threshold(v) -> float | None:
    return None if v is None else float(v)
