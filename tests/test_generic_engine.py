"""The engine knows no SAKIP: outside `lkjcheck/checks/` no module names a table or
column of the pack's model; what it must know of a report (its identity, the row
name, the facts the text rules read) it reads from model.yaml."""
from __future__ import annotations

import ast
from pathlib import Path

from lkjcheck.lang.functions import AGG_KEYWORDS, FUNCTIONS
from lkjcheck.model.definition import TYPES, load_model

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "lkjcheck"
MODEL = load_model(ROOT / "rules" / "sakip" / "model.yaml")

# Modules that still name the pack's tables, each with the names it uses. They
# read or write SAKIP documents as such (the recognition of published reports,
# the starting dataset, the workbook layout) and are the next to move into the
# pack; the list may only shrink, and an entry whose names are gone must leave it.
KNOWN = {
    # They read or write SAKIP documents as such (the recognition of published reports, the starting
    # dataset, the workbook layout) and are the next to move into the pack.
    "lkjcheck/extract/build.py": {"indikator", "klaim", "kode"},
    "lkjcheck/extract/flat.py": {"indikator", "no"},
    "lkjcheck/extract/prose.py": {"acuan", "anggaran", "hibah", "instansi", "jabatan", "klaim", "kode", "nama",
                                 "nilai", "nilai_akhir", "nilai_awal", "pagu", "pagu_awal", "pengukuran_kinerja",
                                 "realisasi", "rincian_kinerja", "sumber"},
    "lkjcheck/extract/spec.py": {"acuan", "baris", "hibah", "instansi", "jabatan", "klaim", "kode", "nama"},
    "lkjcheck/extract/tables.py": {"acuan", "baris", "dari", "indikator", "klaim", "kode", "kutipan", "lokasi",
                                  "nilai", "no"},
    "lkjcheck/extract/tree.py": {"anggaran", "hibah", "klaim", "laporan", "no", "pegawai", "pengukuran_kinerja",
                                "perjanjian_kinerja", "rekap_pegawai", "rencana_kinerja", "rincian_kinerja"},
    "lkjcheck/model/workbook.py": {"laporan"},
    "lkjcheck/scaffold/__init__.py": "*",
    "lkjcheck/scaffold/workbook.py": {"laporan", "nilai"},
    # The rule language's reference: each function's example runs on the SAKIP model (docs/expressions.md).
    "lkjcheck/lang/functions.py": {"anggaran", "anggaran_rinci", "kinerja_triwulan", "laporan", "pegawai",
                                  "pengukuran_kinerja"},
    # The same words in another sense: a dataset's extraction notes (`temuan_ekstraksi: [{tingkat, lokasi, ...}]`),
    # labels of the working paper and the SARIF status, a default file name, an i18n unit.
    "lkjcheck/i18n.py": {"unit"},
    "lkjcheck/model/dataset.py": {"lokasi", "tingkat"},
    "lkjcheck/model/definition.py": {"nilai"},
    "lkjcheck/report/common.py": {"sampai"},
    "lkjcheck/report/docx.py": {"status", "uraian"},
    "lkjcheck/report/guide.py": {"kelompok"},
    "lkjcheck/report/sarif.py": {"status"},
    "lkjcheck/report/text.py": {"sampai"},
    "lkjcheck/report/xlsx.py": {"status", "uraian"},
    "lkjcheck/serve/app.py": {"laporan"},
    "lkjcheck/serve/upload.py": {"laporan"},
}


def _sakip_names() -> set[str]:
    names = set(MODEL.tables)
    for t in MODEL.tables.values():
        names |= set(t.columns) | set(t.year_columns) | set(t.derived)
    # the column types and the rule language's own words are the engine's, not the pack's
    return names - set(TYPES) - set(FUNCTIONS) - set(AGG_KEYWORDS) - {"nip"}


def _strings(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return {n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs}


def test_no_module_outside_checks_names_the_packs_tables():
    names = _sakip_names()
    assert {"laporan", "kode_satker", "instansi", "anggaran", "penandatangan_tanggal", "kode"} <= names
    found = {}
    for p in sorted(PKG.rglob("*.py")):
        rel = str(p.relative_to(ROOT))
        if rel.startswith("lkjcheck/checks/"):
            continue
        hit = _strings(p) & names
        if hit:
            found[rel] = hit
    wrong = {m: sorted(h - KNOWN[m]) if KNOWN.get(m) != "*" else [] for m, h in found.items()
             if m not in KNOWN or (KNOWN[m] != "*" and h - KNOWN[m])}
    assert not wrong, f"SAKIP names outside lkjcheck/checks/ (read them from the model): {wrong}"
    stale = {m: sorted(KNOWN[m] - found.get(m, set())) for m in KNOWN
             if KNOWN[m] != "*" and KNOWN[m] - found.get(m, set())}
    stale.update({m: "*" for m in KNOWN if KNOWN[m] == "*" and m not in found})
    assert not stale, f"no longer named there, remove from KNOWN: {stale}"


def test_the_model_declares_what_the_engine_must_know():
    who = MODEL.identity
    assert (who.table, who.agency, who.agency_code, who.year) == ("laporan", "instansi", "kode_satker", "tahun")
    assert MODEL.row_name == "kode"
    assert [f.name for f in MODEL.facts] == ["anggaran", "indikator", "tanggal"]
