"""A batch goes on past a dataset whose report text, or whose pair of dataset
files, cannot be used: that dataset says so, the others are checked."""
from __future__ import annotations

import json
import shutil

from conftest import ROOT

CORRECTED = ROOT / "fixtures" / "kpu-muaro-jambi-2024-corrected"


def _batch(tmp_path):
    for name in ("a", "b", "d"):
        shutil.copytree(CORRECTED, tmp_path / name)
    # a: its report text is a PDF's first bytes under a .md name, not text
    (tmp_path / "a" / "laporan.md").write_bytes(b"%PDF-1.4 not a report")
    # d: both a YAML and a workbook dataset, which lkjcheck will not choose between
    (tmp_path / "d" / "lkj.xlsx").write_bytes(b"")
    return tmp_path


def test_unreadable_report_text_is_a_finding_of_its_dataset_and_the_batch_goes_on(tmp_path, cli):
    root = _batch(tmp_path)
    code, out, err = cli("run", str(root), "-f", "json")
    doc = json.loads(out)
    assert code == 2                                    # d could not be used at all
    by_name = {d["name"]: d for d in doc["datasets"]}
    assert set(by_name) == {"a", "b", "d"}
    unreadable = [f for f in doc["findings"] if f["rule"] == "DAT014"]
    assert [(f["dataset"], f["location"]["file"].endswith("laporan.md")) for f in unreadable] == [("a", True)]
    assert "biner" in unreadable[0]["message"]
    # b, the untouched twin, is checked and clean; a's tables are checked too (nothing else is wrong there)
    assert not [f for f in doc["findings"] if f["dataset"] in ("a", "b") and f["rule"] != "DAT014"]


def test_a_folder_with_both_dataset_files_is_refused_alone(tmp_path, cli):
    root = _batch(tmp_path)
    code, out, err = cli("run", str(root / "b"), str(root / "d"), "--lang", "en")
    assert code == 2
    assert "holds both lkj.yaml and lkj.xlsx; keep only one" in out + err
    assert "Traceback" not in err
    # b was still checked: its coverage line is there
    assert "b: read" in out
