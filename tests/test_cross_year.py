"""Cross-year checks: the 2024 report's history against small reports of 2021-2023."""
import json
import shutil

import pytest

from conftest import CORRECTED, FAULTY, FIXTURES

HISTORY = FIXTURES / "kpu-muaro-jambi-riwayat"


def thn(doc):
    return sorted((f["rule"], f["dataset"], f["row"].split()[0], f["actual"], f["expected"])
                  for f in doc["findings"] if f["rule"].startswith("THN"))


@pytest.mark.parametrize("fixture", [FAULTY, CORRECTED])
def test_history_in_the_2024_report_matches_the_earlier_reports(cli, fixture):
    code, out, _ = cli("run", fixture, HISTORY, "-f", "json", "--no-text", "--select", "THN")
    assert code == 0 and thn(json.loads(out)) == []


def test_a_restated_figure_that_differs_is_found(cli, tmp_path):
    hist = tmp_path / "riwayat"
    shutil.copytree(HISTORY, hist)
    y2023 = hist / "2023" / "lkj.yaml"
    text = y2023.read_text(encoding="utf-8")
    # The 2023 report said 98,15% for IKU-1; the 2024 report restates 98,55%.
    text = text.replace('realisasi: "98,55%"\n    selisih: "1,45%"\n    capaian: "98,55%"',
                        'realisasi: "98,15%"\n    selisih: "1,85%"\n    capaian: "98,15%"', 1)
    # ... and promised 35% for IKU-6 in 2024, which the 2024 report measures against 100%.
    text = text.replace('target_2024: "100%"', 'target_2024: "35%"', 6)
    y2023.write_text(text, encoding="utf-8")
    code, out, _ = cli("run", FAULTY, hist, "-f", "json", "--no-text", "--select", "THN")
    found = thn(json.loads(out))
    assert ("THN001", "kpu-muaro-jambi-2024", "IKU-1", "98,55%", "98,15%") in found
    assert any(f[0] == "THN004" and f[1] == "2023" and f[2] == "IKU-6" and f[3] == "35%" for f in found)
    assert code == 1


def test_previous_reports_are_consulted_but_not_reported(cli, tmp_path):
    hist = tmp_path / "riwayat"
    shutil.copytree(HISTORY, hist)
    y2022 = hist / "2022" / "lkj.yaml"
    y2022.write_text(y2022.read_text(encoding="utf-8").replace('realisasi: "97,33%"', 'realisasi: "96,33%"', 1),
                     encoding="utf-8")
    code, out, _ = cli("run", FAULTY, "--previous", hist, "-f", "json", "--no-text", "--select", "THN,KIN001")
    doc = json.loads(out)
    assert [d["name"] for d in doc["datasets"]] == ["kpu-muaro-jambi-2024"]
    assert {f["dataset"] for f in doc["findings"]} == {"kpu-muaro-jambi-2024"}
    assert ("THN002", "kpu-muaro-jambi-2024", "IKU-1", "97,33%", "96,33%") in thn(doc)


def test_two_reports_for_one_agency_and_year_are_not_guessed_between(cli):
    # The faulty and the corrected 2024 reports are the same agency and year:
    # 2023's promises cannot be held against either.
    code, out, _ = cli("run", FAULTY, CORRECTED, HISTORY, "-f", "json", "--no-text", "--select", "THN004")
    assert thn(json.loads(out)) == []


def test_three_years_back_is_held_against_the_2021_report(cli, tmp_path):
    hist = tmp_path / "riwayat"
    shutil.copytree(HISTORY, hist)
    y2021 = hist / "2021" / "lkj.yaml"
    y2021.write_text(y2021.read_text(encoding="utf-8").replace('realisasi: "60%"', 'realisasi: "65%"', 1),
                     encoding="utf-8")
    code, out, _ = cli("run", FAULTY, "--previous", hist, "-f", "json", "--no-text", "--select", "THN")
    assert ("THN003", "kpu-muaro-jambi-2024", "IKU-7", "60%", "65%") in thn(json.loads(out))
