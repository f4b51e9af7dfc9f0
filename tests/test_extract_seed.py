"""The real seed report and corpus excerpts, checked as published (read at test time, never copied)."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
CORPUS = ROOT.parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"seed report not found at {SEED}")


def _run(cli, *args):
    code, out, err = cli("run", *args, "-f", "json")
    assert "Traceback" not in err, err
    return code, json.loads(out)["findings"] if out.strip() else []


@pytest.fixture(scope="module")
def seed_findings():
    from click.testing import CliRunner

    from lkjcheck.cli import main

    res = CliRunner().invoke(main, ["run", str(SEED), "--tahun", "2024", "-f", "json"])
    return json.loads(res.output)["findings"]


def _by(findings, rule):
    return [f for f in findings if f["rule"] == rule]


def test_wrong_capaian_of_the_detail_tables_found_at_the_printed_row(seed_findings):
    kin = {f["row"].split()[0]: f for f in _by(seed_findings, "KIN003")}
    # 99,43 / 87,5 is 113,63%, printed 99,43% (seed line 694); IKU-4 (98,02 / 100 = 98,02%) is right.
    assert set(kin) == {"IKU-1", "IKU-2", "IKU-6", "IKU-7"}
    assert kin["IKU-2"]["location"]["line"] == 694 and kin["IKU-2"]["expected"] == "113,63%"
    assert kin["IKU-2"]["quote"].startswith("1 | Persentase evaluasi dan pengelolaan")


def test_budget_from_the_prose_and_its_wrong_percentage(seed_findings):
    ang = {f["row"]: f for f in _by(seed_findings, "ANG003")}
    # 59.900.669.261 / 66.964.726.000 is 89,45%, printed 93.61% (line 85); hibah 77,86% is right.
    assert set(ang) == {"rutin", "total"}
    assert ang["total"]["location"]["line"] == 85 and ang["total"]["actual"] == "93,61%"


def test_staff_list_defects_and_unreadable_cells(seed_findings):
    dup = sorted(f["row"].split()[0] for f in _by(seed_findings, "SDM008"))
    assert dup == ["ANDI", "MASITA", "SUMAIDI", "WATI"]
    dat = [f for f in _by(seed_findings, "DAT010") if "jenis_kelamin" in f["message"]]
    # The gender cells "HAMAAD FAHMI 1" and a run of zeros are not read (lines 255, 256) ...
    assert {f["location"]["line"] for f in dat if f["severity"] == "error"} == {255, 256}
    # ... so both staff count as without gender, as in the hand-made fixture.
    assert {f["row"].split()[0] for f in _by(seed_findings, "SDM010")} == {"ARNOLD", "MUHAMAAD", "PARIYANTO"}


def test_claims_in_the_prose(seed_findings):
    klm = {(f["row"], f["actual"]) for f in _by(seed_findings, "KLM001")}
    assert klm == {("K085-1", "99,67%"), ("K085-2", "100%"), ("K650-2", "99,09%"), ("K875-1", "95%")}
    assert ("K674-1", "1,93%") in {(f["row"], f["actual"]) for f in _by(seed_findings, "KLM005")}
    assert [f["location"]["line"] for f in _by(seed_findings, "HIB006")] == [757]
    assert _by(seed_findings, "TGL001")[0]["actual"] == "17 Januari 2024"


def test_a_two_figure_cell_is_unknown_not_guessed(seed_findings):
    (f,) = [f for f in _by(seed_findings, "DAT010") if "1 satker 1 laporan" in f["message"]]
    assert f["location"]["line"] == 586


def test_recall_floor_against_the_hand_made_fixture():
    spec = importlib.util.spec_from_file_location("recall_seed", ROOT / "benchmarks" / "recall_seed.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    r = mod.measure()
    # Issue 13 asks for 80%. The hand-made fixture has since gained the appendix
    # and second-statement findings (ANG018, KLM012, KLM019, KLM020) whose tables
    # the recogniser does not read yet, so the measured share fell from 94,5%;
    # the staff recap cross-table (SDM014 PPPK III) brought it to 89/99.
    assert r["recall"] >= 0.89, r["missed"]
    assert r["false_positives"] == []


def test_extract_round_trip(tmp_path, cli):
    out = tmp_path / "ds"
    code, stdout, err = cli("extract", SEED, "-o", out)
    assert code == 0, err
    # One language for the success lines (Bahasa Indonesia without a configuration).
    assert re.search(r"^ditulis: .*lkj\.yaml \(.*; \d+ catatan\)$", stdout, re.M), stdout
    assert "written" not in stdout and "tinjau, lalu: lkjcheck run" in stdout
    text = (out / "lkj.yaml").read_text(encoding="utf-8")
    # Every value says where it was printed.
    assert re.search(r'realisasi: "94,43%"  # .*lkj-kpu-muaro-jambi-2024\.md:672', text)
    assert "temuan_ekstraksi:" in text and "1 satker 1 laporan" in text
    _, from_report = _run(cli, SEED, "--tahun", "2024")
    _, from_dir = _run(cli, out)

    def keys(fs):
        return sorted((f["rule"], f.get("row") or "", f.get("actual") or "") for f in fs)

    assert keys(from_dir) == keys(from_report)
    # Correct one printed capaian by hand: its finding goes, nothing else changes.
    fixed = text.replace('capaian: "99,43%"', 'capaian: "113,63%"', 1)
    assert fixed != text
    (out / "lkj.yaml").write_text(fixed, encoding="utf-8")
    _, edited = _run(cli, out)
    gone = set(keys(from_dir)) - set(keys(edited))
    assert {g[0] for g in gone} == {"KIN003"} and len(gone) == 1


def test_extract_refuses_to_overwrite(tmp_path, cli):
    (tmp_path / "lkj.yaml").write_text("x: 1\n", encoding="utf-8")
    code, out, err = cli("extract", SEED, "-o", tmp_path)
    assert code == 2 and "--force" in err
    assert (tmp_path / "lkj.yaml").read_text(encoding="utf-8") == "x: 1\n"


CORPUS_FILES = sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md") if CORPUS.exists() else []


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_every_corpus_file_runs_without_a_traceback(path, cli):
    year = re.search(r"(\d{4})$", path.stem).group(1)
    code, out, err = cli("run", path, "--tahun", year, "-f", "json")
    assert code in (0, 1), err
    assert "Traceback" not in err
    json.loads(out)


def test_the_staff_recap_cross_table_of_the_seed(seed_findings):
    # Tabel 2 (seed:270-276): PPPK's 5 is printed under Gol.III, every PPPK of Tabel 1 is IX.
    (f,) = _by(seed_findings, "SDM014")
    assert f["row"] == "golongan_tabel PPPK III" and f["location"]["line"] == 274
    # ASN's Non Gol. cell holds OCR debris, and the TOTAL row two figures (29 and 1):
    # reported where they stand, neither read, so PNS gets no row total and the recap no total.
    dat = {f["location"]["line"]: f["message"] for f in _by(seed_findings, "DAT010") if f.get("table") == "rekap_pegawai"}
    assert set(dat) == {273, 276} and "T <sub>k</sub> a is" in dat[273] and "(29, 1)" in dat[276]
    # Gol.IV 2 and Gol.III 9 for ASN are right (2 of IV and 9 of III in the fixture's list), but the
    # list read from the seed lost KIKI OKTARINA's golongan: the PNS cells are not judged against it.
    assert not [f for f in _by(seed_findings, "SDM014") if "PNS" in f["row"]]
