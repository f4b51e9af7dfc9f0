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

# Modules outside checks/ that may still spell a word the pack uses as a table or
# column name, each with the words and the reason; the list may only shrink, and
# an entry whose words are gone must leave it.
KNOWN = {
    # The Indonesian spellings the pack's structure keys had before they became English (model.yaml,
    # pengenalan.yaml, reviu.yaml, lkj.yaml's extraction notes), kept in one place to refuse them with the
    # key that replaced them (the notes, written by the tool, are still read).
    "lkjcheck/model/vocabulary.py": {"acuan", "baris", "dari", "hibah", "instansi", "jabatan", "kelompok", "klaim",
                                     "kode", "lokasi", "nama", "nilai", "no", "tingkat"},
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
    # A message's words ({"id": "baris", "en": "row"}) are wording that happens to spell a column, not a name.
    words = {id(v) for n in ast.walk(tree) if isinstance(n, ast.Dict)
             and {getattr(k, "value", None) for k in n.keys} == {"id", "en"} for v in n.values}
    return {n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs | words}


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
