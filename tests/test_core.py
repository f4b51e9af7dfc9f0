"""Issue 2 acceptance: the seed fixture, the corrected fixture, JSON contract, exit codes."""
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import CORRECTED, FAULTY, ROOT, write_dataset


def run_json(cli, *args):
    code, out, err = cli("run", *args, "--format", "json", "--no-text")
    return code, json.loads(out), err


def by_rule(doc, rule):
    return [f for f in doc["findings"] if f["rule"] == rule]


def test_seed_budget_realisation_percentages_are_found(cli):
    code, doc, _ = run_json(cli, FAULTY)
    assert code == 1
    ang3 = {f["row"]: f for f in by_rule(doc, "ANG003")}
    assert ang3["total"]["actual"] == "93,61%" and ang3["total"]["expected"] == "89,45%"
    assert ang3["rutin"]["actual"] == "99,97%" and ang3["rutin"]["expected"] == "99,67%"
    assert "hibah" not in ang3            # 24.383.094.857 / 31.316.375.000 = 77,86% is right
    for f in ang3.values():
        assert f["location"]["file"].endswith("lkj.yaml") and f["location"]["line"] > 0
        assert "53/2014" in f["reference"]


def test_seed_capaian_that_do_not_follow_are_found(cli):
    _, doc, _ = run_json(cli, FAULTY)
    wrong = {f["row"].split()[0]: (f["actual"], f["expected"]) for f in by_rule(doc, "KIN003")}
    assert wrong == {
        "IKU-1": ("99,09%", "99,01%"),
        "IKU-2": ("99,43%", "113,63%"),
        "IKU-6": ("98,45%", "281,29%"),
        "IKU-7": ("99,09%", "141,56%"),
    }


def test_seed_correct_figures_are_not_flagged(cli):
    _, doc, _ = run_json(cli, FAULTY)
    assert by_rule(doc, "KIN001") == []      # the 7 selisih are right
    assert by_rule(doc, "HIB001") == []      # 12.526.550.000 + 18.789.825.000 = 31.316.375.000
    assert by_rule(doc, "HIB002") == []
    assert by_rule(doc, "ANG002") == []      # 35.648.351.000 + 31.316.375.000 = 66.964.726.000


def test_seed_overall_achievement_claims_are_all_found(cli):
    _, doc, _ = run_json(cli, FAULTY)
    claims = sorted(f["actual"] for f in by_rule(doc, "KLM001"))
    assert claims == sorted(["99,67%", "100%", "99,09%", "95%"])
    assert {f["expected"] for f in by_rule(doc, "KLM001")} == {"98,85%"}


def test_corrected_fixture_has_no_findings(cli):
    code, out, err = cli("run", CORRECTED)
    assert code == 0, out
    code, doc, _ = run_json(cli, CORRECTED)
    assert code == 0 and doc["findings"] == []


@pytest.mark.parametrize("fixture", [FAULTY, CORRECTED])
def test_json_output_follows_the_shipped_schema(cli, fixture):
    schema = json.loads((ROOT / "lkjcheck" / "schemas" / "findings.schema.json").read_text())
    _, doc, _ = run_json(cli, fixture)
    jsonschema.validate(doc, schema)
    for f in doc["findings"]:
        for key in ("rule", "severity", "message", "dataset", "table", "row", "location", "expected", "actual", "reference"):
            assert key in f


MINI = """\
lkjcheck: 1
laporan:
  instansi: Satker Uji
  tahun: 2024
pengukuran_kinerja:
  - kode: IKU-1
    indikator: Persentase laporan tepat waktu
    target: "100%"
    realisasi: "{realisasi}"
    selisih: "1,00%"
    capaian: "99,00%"
"""


def test_malformed_value_is_a_finding_with_file_and_line_not_a_traceback(cli, tmp_path):
    ds = write_dataset(tmp_path / "ds", MINI.format(realisasi="99,0x%"))
    code, out, err = cli("run", ds, "--format", "json")
    doc = json.loads(out)
    dat = by_rule(doc, "DAT001")
    assert len(dat) == 1
    assert dat[0]["location"]["line"] == 9 and dat[0]["field"] == "realisasi"
    assert "99,0x%" in dat[0]["message"]
    assert code == 1 and "Traceback" not in err


def test_good_mini_dataset_passes_and_bad_one_fails(cli, tmp_path):
    good = write_dataset(tmp_path / "good", MINI.format(realisasi="99,00%"))
    bad = write_dataset(tmp_path / "bad", MINI.format(realisasi="98,00%"))
    assert cli("run", good)[0] == 0
    code, out, _ = cli("run", bad, "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert code == 1 and {"KIN001", "KIN002"} <= rules


def test_exit_codes_and_fail_on(cli, tmp_path):
    assert cli("run", tmp_path / "missing")[0] == 2
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "lkj.yaml").write_text("laporan: [unclosed\n")
    code, out, err = cli("run", tmp_path / "broken")
    assert code == 2 and "lkj.yaml:" in err and "Traceback" not in err
    # a dataset whose only finding is a warning passes by default, fails with --fail-on warning
    ds = write_dataset(tmp_path / "warn", MINI.format(realisasi="99,00%") + "tabel_aneh: []\n")
    assert cli("run", ds)[0] == 0
    assert cli("run", ds, "--fail-on", "warning")[0] == 1


def test_messages_follow_lang(cli):
    _, doc_id, _ = run_json(cli, FAULTY, "--select", "ANG003")
    _, doc_en, _ = run_json(cli, FAULTY, "--select", "ANG003", "--lang", "en")
    assert any("tertulis 93,61%, seharusnya 89,45%" in f["message"] for f in doc_id["findings"])
    assert any("stated 93.61%, expected 89.45%" in f["message"] for f in doc_en["findings"])


def test_text_output_groups_by_severity_and_ends_with_summary(cli):
    code, out, _ = cli("run", FAULTY, "--no-text", "--select", "ANG")
    assert out.splitlines()[-1].startswith("1 dataset: 3 kesalahan")
    assert "KESALAHAN (3)" in out


def test_version(cli):
    from lkjcheck import __version__
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"lkjcheck {__version__}"


def test_output_file_is_written(cli, tmp_path):
    target = tmp_path / "hasil.json"
    code, out, _ = cli("run", FAULTY, "--no-text", "-f", "json", "-o", target)
    assert code == 1 and json.loads(target.read_text())["findings"]


def test_text_output_names_the_regulation_of_every_rule_found(cli):
    code, out, _ = cli("run", FAULTY, "--no-text", "--select", "ANG003,KLM001")
    refs = out.split("Dasar aturan", 1)[1]
    assert "ANG003" in refs and "KLM001" in refs and "PermenPANRB 53/2014" in refs
