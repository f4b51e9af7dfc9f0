"""The structure keys of a rule pack's data files, and the spellings they replaced.

model.yaml, the rule files, pengenalan.yaml and reviu.yaml are written with
English structure keys, one spelling each; what the keys hold (the table and
column names dataset authors type, the words matched in reports, the texts a
reviewer reads) stays Indonesian. A key of an earlier release is refused with
the one that replaced it, at its file and line. The old spellings are kept here,
in one place: they are Indonesian words, some the same as a table's or a
column's name in another sense.
"""
from __future__ import annotations


from lkjcheck.errors import InputError
from lkjcheck.read.yamlsafe import Mapping

# model.yaml: old spelling -> key.
RENAMED = {
    "tabel": "tables", "kolom": "columns", "kolom_tahun": "year_columns", "kunci": "key", "judul": "title",
    "tunggal": "single", "turunan": "derived", "tipe": "type", "wajib": "required", "nilai": "values",
    "alias": "aliases", "bawaan": "default", "presisi": "precision", "parameter": "parameters",
    "satuan_terukur": "measured_units", "versi": "version", "tanpa_satuan": "unitless_figures",
}


def check_keys(m: Mapping, allowed: set[str], file: str, where: str, renamed: dict[str, str] = RENAMED) -> None:
    """An old spelling names its replacement; any other unknown key is refused with the known ones."""
    for k in m:
        if k in allowed:
            continue
        line = m.key_lines.get(k)
        if k in renamed and renamed[k] in allowed:
            raise InputError(file, line, "model.key_was_renamed_write", where=where, k=k, renamed=renamed[k])
        raise InputError(file, line, "model.unknown_key", where=where, k=k, join=', '.join(sorted(allowed)))


# In the classes below each level maps a key to the spelling it replaced (None: new in this release).
class Recognition:
    """pengenalan.yaml, level by level."""

    TOP = {
        "recognition": "pengenalan", "identity": "identitas", "signatures": "tanda_tangan",
        "column_numbers": "baris_nomor_kolom", "row_number": "nomor_baris", "group_row": "baris_grup",
        "damaged_figures": "angka_rusak", "number_column": None, "unit_column": None, "tables": "tabel",
        "cross_tables": "silang", "link": "tautan", "claim_rows": None, "claim_tables": "tabel_klaim",
        "shapes": "bentuk", "subject_aliases": "acuan_alias", "claims": "klaim", "budget_from_claims": "anggaran_dari_klaim",
    }
    IDENTITY = {"head_lines": "baris_awal", "year": "tahun", "agency": "instansi"}
    SIGNATURES = {"roles": None, "place_date": "tempat_tanggal", "name": "nama_nip", "position": "jabatan",
                  "reach": "jarak"}
    ROLE = {"section": "bagian", "first_without_section": "tanpa_bagian"}
    TABLE = {
        "titles": "judul", "required": "wajib", "without": "tanpa", "any_of": "perlu_salah_satu",
        "needs_years": "perlu_tahun", "no_years": "tanpa_tahun", "past_years": "tahun_lalu", "future_years": "tahun_depan",
        "columns": "kolom", "carry_down": "ikut", "group": "grup", "link": "tautan", "code": "kode", "shift": "geser",
        "fill": "isi", "flat": "datar", "clean": "bersihkan", "cell_shape": "bentuk_sel",
    }
    TABLE_LINK = {"to": "ke", "threshold": "ambang"}
    SHIFT = {"from": "dari", "to": "ke"}
    FILL = {"from": "dari", "patterns": "pola"}
    FILL_PATTERN = {"match": "cocok", "value": "nilai"}
    CROSS = {
        "table": "tabel", "rows": "baris", "total": None, "columns": "kolom", "min_columns": "kolom_minimal",
        "sum_column": "kolom_jumlah", "figure": "angka", "empty": "kosong", "cell": "sel", "row_sum": "jumlah_baris",
        "total_row": "baris_total",
    }
    CROSS_COLUMN = {"match": "cocok", "name": "nama"}
    LINK = {"threshold": "ambang", "ignore_words": "kata_abaikan"}
    CLAIM_ROWS = {"table": None, "columns": None, "previous_tables": None}
    CLAIM_ROW_PARTS = {p: None for p in ("code", "quantity", "value", "quote", "line", "subject", "section")}
    CLAIM_TABLE = {"header": "kepala", "subject": "acuan"}
    CLAIM = {"pattern": "pola", "rows": "klaim", "context": "konteks", "table_row": "hibah"}
    CLAIM_ROW = {"quantity": "besaran", "value": "nilai", "subject": "acuan", "columns": None}
    TABLE_ROW = {"table": None, "columns": None}
    BUDGET = {"table": None, "source_column": None, "sources": None, "unnamed": None, "first": None, "paired": None,
              "needs_any": None}
    ANY = {"*": None}       # a mapping whose keys are the pack's own names


class Review:
    """reviu.yaml, level by level."""

    TOP = {"aspects": "aspek", "facts": "fakta", "families": "kelompok", "rules": "aturan",
           "same_cell": "gabung_sel_sama", "legal_basis": "dasar_hukum", "purpose": "tujuan"}
    ASPECT = {"id": None, "title": "judul", "criteria": "kriteria"}
    CRITERION = {"id": None, "title": "judul", "automatic": "otomatis", "checked": "diperiksa",
                 "not_checked": "tidak_diperiksa"}
    FACT = {"title": "judul", "same_when": "sama_bila"}
    ENTRY = {"criteria": "kriteria", "criteria_by_table": "kriteria_tabel", "fact": "fakta",
             "recommendation": "rekomendasi"}
    CELL_GROUP = {"id": None, "rules": "aturan", "same_when": "sama_bila"}


# lkj.yaml's `temuan_ekstraksi:` entries, what `lkjcheck extract` could not read. They are
# written by the tool, not typed, so the spellings of earlier releases are still read.
EXTRACTION_NOTE = {"rule": "aturan", "severity": "tingkat", "location": "lokasi", "table": "tabel",
                   "message": "pesan", "message_en": "pesan_en"}


# A claim's subject that is not a fixed word: the code of the row of the table just above
# the sentence, or the running number of the pattern's matches.
PREVIOUS_TABLE = "previous_table"
SEQUENCE = "match_number"
_OLD_SUBJECTS = {"tabel_sebelumnya": PREVIOUS_TABLE, "urutan": SEQUENCE}

# Placeholders of a code template and of a cross-table's cell template.
CODE_PARTS = {"number": "no", "seq": "urut"}
CROSS_PARTS = {"row": "baris", "column": "kolom", "count": "angka"}


def keys(node: Mapping, level: dict, file: str, where: str) -> None:
    """Only the level's keys; an old spelling is told its new name."""
    if "*" in level:
        return
    check_keys(node, set(level), file, where, {old: new for new, old in level.items() if old})


def old_subject(value, file: str, line, where: str) -> None:
    new = _OLD_SUBJECTS.get(value) if isinstance(value, str) else None
    if new:
        raise InputError(file, line, "model.was_renamed_write", where=where, value=value, new=new)


def templates(text: str, parts: dict, file: str, line, where: str) -> None:
    """A template names only its known placeholders; one of an earlier release names its replacement."""
    import string       # here: only templates need it (the regex package imports it anyway; `lkjcheck rules` then does not, 0.5 ms)

    old = {o: n for n, o in parts.items()}
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as e:
        raise InputError(file, line, "model.invalid_template", where=where, text=text, e=e)
    for f in names:
        if f in parts:
            continue
        if f in old:
            raise InputError(file, line, "model.was_renamed_write_2", where=where, f=f, old=old[f])
        raise InputError(file, line, "model.unknown_placeholder", where=where, f=f, join=', '.join(parts))
