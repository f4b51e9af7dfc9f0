import json

import pytest

from conftest import SEED


@pytest.mark.skipif(not SEED.exists(), reason="seed report not available")
def test_text_command_checks_a_bare_document(cli):
    code, out, err = cli("text", SEED, "--tahun", "2024", "-f", "json")
    doc = json.loads(out)
    assert code == 1
    got = {(f["rule"], f["location"]["line"]) for f in doc["findings"]}
    assert ("TXT004", 19) in got          # report for 2024 signed "17 Januari 2024"
    assert ("TXT010", 674) in got         # 92,50% + 1,93% is 94,43%, not 94,83%
    assert all(f["location"]["file"].endswith(".md") for f in doc["findings"])


def test_text_command_needs_a_year_and_a_readable_file(cli, tmp_path):
    f = tmp_path / "laporan.md"
    f.write_text("Laporan Kinerja Tahun 2024\n", encoding="utf-8")
    assert cli("text", f)[0] == 2
    assert cli("text", tmp_path / "nope.md", "--tahun", "2024")[0] == 2
    # one line is no report: its three mandatory parts are missing (LKP001)
    code, out, _ = cli("text", f, "--tahun", "2024", "-f", "json")
    import json
    assert code == 1 and sorted(x["field"] for x in json.loads(out)["findings"]) == [
        "anggaran", "pengukuran_kinerja", "perjanjian_kinerja"]
    code, out, _ = cli("text", f, "--tahun", "2024", "--ignore", "LKP")
    assert code == 0
