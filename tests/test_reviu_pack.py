"""The working paper of a rule pack for another kind of report (tests/data/paket-desa).

The pack has its own model.yaml, so it replaces the built-in SAKIP pack; with its own
reviu.yaml the working paper follows that guide, without one it falls back to one
"criterion" per rule family and says the pack has no guide. SAKIP's criteria, legal
basis and recommendations must never appear for it.
"""
import io
import json
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from lkjcheck.report.reviu import builtin_review
from lkjcheck.report.guide import NO_GUIDE_NOTE

DESA = Path(__file__).resolve().parent / "data" / "paket-desa"
PACK, DATA = DESA / "paket", DESA / "data"


def _sakip_words() -> list[str]:
    """What only SAKIP's guide says: its criterion titles and its legal basis."""
    g = builtin_review()
    return [c.title["id"] for c in g.criteria.values()] + [x["id"] for x in g.texts["legal_basis"]]


def _no_sakip(text: str) -> None:
    hits = [w for w in _sakip_words() if w in text]
    assert not hits, hits


@pytest.fixture
def bare_pack(tmp_path):
    """The same pack without its reviu.yaml."""
    folder = tmp_path / "paket"
    shutil.copytree(PACK, folder)
    (folder / "reviu.yaml").unlink()
    return folder


def _docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def _xlsx_text(path: Path) -> str:
    wb = openpyxl.load_workbook(str(path))
    return "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)


def test_the_pack_replaces_sakip_and_its_guide_drives_every_working_paper(cli, tmp_path):
    out = {f: tmp_path / f"kkr.{f}" for f in ("markdown", "html", "docx", "xlsx", "json")}
    args = [x for f, p in out.items() for x in ("-f", f, "-o", p)]
    code, _, err = cli("run", DATA, "--rules", PACK, *args)
    assert code == 1, err
    doc = json.loads(out["json"].read_text(encoding="utf-8"))
    assert {f["rule"] for f in doc["findings"]} == {"DES001", "DES002"}     # no SAKIP rule ran
    assert {c for t in doc["temuan"] for c in t["criteria"]} == {"D1"}
    for fmt in ("markdown", "html", "docx", "xlsx"):
        p = out[fmt]
        text = _docx_text(p) if fmt == "docx" else _xlsx_text(p) if fmt == "xlsx" else p.read_text(encoding="utf-8")
        assert "Belanja setiap kegiatan dalam batas pagu" in text, fmt
        assert "Sesuaikan realisasi dengan pagu APBDes" in text, fmt
        if fmt in ("markdown", "html", "docx"):
            assert "Permendagri Nomor 20 Tahun 2018" in text, fmt
            assert "Musyawarah desa menyetujui APBDes" in text, fmt        # the criterion left to the reviewer
        _no_sakip(text)
        assert NO_GUIDE_NOTE["id"] not in text


def test_a_pack_without_a_guide_is_grouped_by_family_with_a_note(cli, tmp_path, bare_pack):
    md, html, xl = tmp_path / "k.md", tmp_path / "k.html", tmp_path / "k.xlsx"
    code, _, err = cli("run", DATA, "--rules", bare_pack, "-f", "markdown", "-o", md, "-f", "html", "-o", html,
                       "-f", "xlsx", "-o", xl)
    assert code == 1 and "Traceback" not in err
    for p in (md, html):
        text = p.read_text(encoding="utf-8")
        assert NO_GUIDE_NOTE["id"] in text
        assert "Dana desa" in text and "DES001" in text
        assert "Perbaiki data yang ditunjuk temuan kelompok Dana desa" in text     # a recommendation, not "none"
        _no_sakip(text)
    _no_sakip(_xlsx_text(xl))
    code, out, _ = cli("run", DATA, "--rules", bare_pack, "-f", "markdown", "--lang", "en")
    assert NO_GUIDE_NOTE["en"] in out and "Village fund" in out and NO_GUIDE_NOTE["id"] not in out


def test_without_a_guide_no_reviu_statement_is_drafted(cli, tmp_path, bare_pack):
    clean = tmp_path / "bersih"
    clean.mkdir()
    (clean / "lkj.yaml").write_text(
        "lkjcheck: 1\nlaporan: {instansi: Desa Contoh, tahun: 2024}\n"
        "dana_desa:\n  - {kegiatan: Posyandu, pagu: \"Rp 50.000.000\", realisasi: \"Rp 40.000.000\"}\n",
        encoding="utf-8")
    code, out, _ = cli("run", clean, "--rules", bare_pack, "-f", "markdown")
    assert code == 0 and "Rancangan Pernyataan Telah Direviu" not in out
    # ... while the pack's own guide, stating its reviu, does get the draft.
    code, out, _ = cli("run", clean, "--rules", PACK, "-f", "markdown")
    assert code == 0 and "Rancangan Pernyataan Telah Direviu" in out


@pytest.mark.parametrize("body, line, words", [
    ("aspects:\n  - id: a\n    criteria:\n      - {id: D1, automatic: kadang}\n", 4, "ya/sebagian/tidak"),
    ("families:\n  desa: [D1]\n", 2, "entri harus berupa pemetaan"),
    ("aspects: [\n", 2, ""),
    ("same_cell: ya\n", 1, "same_cell"),
])
@pytest.mark.parametrize("fmt", ["html", "json", "docx"])
def test_a_malformed_guide_is_exit_2_with_file_and_line(cli, tmp_path, bare_pack, body, line, words, fmt):
    (bare_pack / "reviu.yaml").write_text(body, encoding="utf-8")
    code, out, err = cli("run", DATA, "--rules", bare_pack, "-f", fmt, "-o", tmp_path / f"x.{fmt}")
    assert code == 2, (out, err)
    assert f"reviu.yaml:{line}" in err and words in err
    assert "Traceback" not in err + out and len(err.strip().splitlines()) == 1
    assert not (tmp_path / f"x.{fmt}").exists()


def test_rules_explain_uses_the_packs_guide(cli, bare_pack):
    code, out, _ = cli("rules", "--rules", PACK, "explain", "DES001")
    assert code == 0 and "D1 Belanja setiap kegiatan dalam batas pagu" in out
    assert "Sesuaikan realisasi dengan pagu APBDes" in out
    code, out, _ = cli("rules", "--rules", bare_pack, "explain", "DES001")
    assert code == 0 and "Kriteria reviu:" not in out
    (bare_pack / "reviu.yaml").write_text("aspects: 5\n", encoding="utf-8")
    code, out, err = cli("rules", "--rules", bare_pack, "explain", "DES001")
    assert code == 2 and "reviu.yaml" in err


def test_an_extension_pack_keeps_sakip_and_adds_its_own_criteria(cli, tmp_path):
    """A folder without model.yaml adds rules to SAKIP; its reviu.yaml extends SAKIP's guide."""
    ext = tmp_path / "tim"
    ext.mkdir()
    (ext / "tim.yaml").write_text('''
family: {id: tim, title: {id: "Batas tim", en: "Team limits"}}
rules:
  - {id: TIM001, title: {id: "Realisasi paling banyak 98%", en: "Realisation at most 98%"}, severity: error,
     table: pengukuran_kinerja, where: ada(realisasi), assert: realisasi <= 98, reference: "Kebijakan tim",
     rationale: {id: "Batas tim.", en: "Team limit."}, example: {bad: "99,5%", good: "97%"}}
''', encoding="utf-8")
    seed = Path(__file__).resolve().parent.parent / "fixtures" / "kpu-muaro-jambi-2024"
    code, out, _ = cli("run", seed, "--rules", ext, "--select", "TIM,KIN", "-f", "markdown")
    assert "Temuan di luar kriteria reviu" in out and "TIM001" in out
    assert "LKj menyajikan akuntabilitas keuangan" in out                  # SAKIP's F6 is still there
    (ext / "reviu.yaml").write_text(
        "aspects:\n  - id: tim\n    title: Tim\n    criteria:\n"
        "      - {id: T1, title: Batas internal realisasi, automatic: ya}\n"
        "families:\n  tim: {criteria: [T1], recommendation: {id: Turunkan realisasi., en: Lower it.}}\n",
        encoding="utf-8")
    code, out, _ = cli("run", seed, "--rules", ext, "--select", "TIM,KIN", "-f", "markdown")
    assert "T1 | Batas internal realisasi" in out and "Turunkan realisasi." in out
    assert "LKj menyajikan akuntabilitas keuangan" in out
