"""Workbook datasets: one .xlsx per report gives the same findings as its lkj.yaml."""
import json
import re
import shutil
from collections import Counter

import pytest

openpyxl = pytest.importorskip("openpyxl")

from conftest import CORRECTED, FAULTY  # noqa: E402


def _key(f):
    # A row without a key is named by where it starts (#303 in YAML, #6 in a
    # sheet): that is a location, which may differ.
    row = re.sub(r"^#\d+$", "#", f["row"] or "")
    return (f["rule"], f["severity"], f["table"], row, f["field"], f["expected"], f["actual"])


def _findings(cli, *args):
    code, out, err = cli("run", *args, "-f", "json")
    assert code in (0, 1), err
    return code, json.loads(out)["findings"]


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    from lkjcheck.scaffold.workbook import dataset_to_workbook

    root = tmp_path_factory.mktemp("books")
    out = {}
    for src in (FAULTY, CORRECTED):
        d = root / src.name
        d.mkdir()
        dataset_to_workbook(src, d / "lkj.xlsx")
        shutil.copy(src / "laporan.md", d / "laporan.md")
        out[src.name] = d
    return out


@pytest.mark.parametrize("src", [FAULTY, CORRECTED], ids=["faulty", "corrected"])
def test_workbook_gives_same_findings_as_yaml(cli, books, src):
    code_y, fy = _findings(cli, src)
    code_x, fx = _findings(cli, books[src.name])
    assert code_x == code_y
    assert Counter(map(_key, fx)) == Counter(map(_key, fy))
    if src == FAULTY:
        assert fy, "the faulty fixture must have findings"
        table_findings = [f for f in fx if f["table"] and f["table"] != "laporan" and f["location"].get("cell")]
        assert table_findings
        for f in table_findings:
            assert re.fullmatch(r"[a-z_]+![A-Z]+\d+", f["location"]["cell"]), f["location"]
            assert f["location"]["file"].endswith("lkj.xlsx")


def test_finding_points_to_sheet_cell(cli, books):
    _, fx = _findings(cli, books[FAULTY.name], "--select", "ANG003")
    cells = {f["row"]: f["location"]["cell"] for f in fx}
    # anggaran: header row 1, rutin row 2; persen is the 6th column (F)
    assert cells["rutin"] == "anggaran!F2"


def test_standalone_workbook_file(cli, books, tmp_path):
    book = tmp_path / "muaro-jambi.xlsx"
    shutil.copy(books[CORRECTED.name] / "lkj.xlsx", book)
    code, out, err = cli("run", book)
    assert code == 0, out + err
    code, fx = _findings(cli, books[FAULTY.name] / "lkj.xlsx", "--no-text")
    assert code == 1 and fx


def test_unreadable_workbook_is_exit_2_one_line(cli, tmp_path):
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    code, out, err = cli("run", bad)
    assert code == 2
    assert "rusak.xlsx" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_unknown_sheet_missing_laporan_and_bad_cell(cli, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "anggaran"
    ws.append(["sumber", "pagu", "realisasi", "persen"])
    ws.append(["rutin", "Rp 1.000", "Rp 500", "5x%"])
    wb.create_sheet("angaran")
    wb.create_sheet("_catatan")            # the user's own sheet: not read
    wb.save(tmp_path / "b.xlsx")
    code, fx = _findings(cli, tmp_path / "b.xlsx", "--no-text")
    rules = {(f["rule"], f["location"].get("cell")) for f in fx}
    assert ("DAT003", "laporan!A1") in rules
    assert ("DAT006", "angaran!A1") in rules
    assert ("DAT001", "anggaran!D2") in rules
    assert not any("_catatan" in str(f["location"]) for f in fx)


def test_folder_with_both_yaml_and_xlsx_is_refused(cli, tmp_path):
    shutil.copytree(CORRECTED, tmp_path / "ds")
    (tmp_path / "ds" / "lkj.xlsx").write_bytes(b"")
    code, out, err = cli("run", tmp_path / "ds")
    assert code == 2 and "lkj.xlsx" in err


def test_converter_keeps_precision_and_formula_like_text(tmp_path):
    from lkjcheck.scaffold.workbook import dataset_to_workbook

    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "lkj.yaml").write_text(
        "laporan: {instansi: X, tahun: 2024}\n"
        "anggaran:\n  - {sumber: rutin, pagu: 1000, realisasi: 999, persen: 99.90, uraian: '=SUM(A1)'}\n",
        encoding="utf-8")
    dataset_to_workbook(tmp_path / "ds", tmp_path / "o.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "o.xlsx")["anggaran"]
    row = {h.value: c.value for h, c in zip(ws[1], ws[2])}
    assert row["persen"] == "99,90"          # not 99.9: the written precision stays
    assert row["pagu"] == 1000
    assert row["uraian"] == "=SUM(A1)" and ws.cell(2, list(row).index("uraian") + 1).data_type == "s"


# ------------------------------------------------------------------ format version (issue 14)

def _version_rows(path):
    ws = openpyxl.load_workbook(path)["laporan"]
    return [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "lkjcheck"], ws


def test_init_writes_the_format_version_and_it_is_read(cli, tmp_path):
    code, _, err = cli("init", "--xlsx", tmp_path / "ds")
    assert code == 0, err
    rows, ws = _version_rows(tmp_path / "ds" / "lkj.xlsx")
    assert len(rows) == 1 and ws.cell(rows[0], 2).value == 1
    code, fx = _findings(cli, tmp_path / "ds", "--no-text")
    assert code == 0 and not [f for f in fx if f["rule"] == "DAT022"]


def test_converting_a_yaml_without_version_still_states_it(cli, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(CORRECTED, src)
    text = (src / "lkj.yaml").read_text(encoding="utf-8")
    (src / "lkj.yaml").write_text(re.sub(r"(?m)^lkjcheck: 1\n", "", text), encoding="utf-8")
    code, _, err = cli("init", "--xlsx", "--from", src, tmp_path / "out")
    assert code == 0, err
    rows, ws = _version_rows(tmp_path / "out" / "lkj.xlsx")
    assert [ws.cell(r, 2).value for r in rows] == [1]


def test_missing_format_version_is_a_finding_naming_the_sheet(cli, books, tmp_path):
    book = tmp_path / "tanpa-versi.xlsx"
    shutil.copy(books[CORRECTED.name] / "lkj.xlsx", book)
    rows, ws = _version_rows(book)
    ws.delete_rows(rows[0])
    ws.parent.save(book)
    code, fx = _findings(cli, book, "--no-text")
    dat = [f for f in fx if f["rule"] == "DAT022"]
    assert len(dat) == 1 and dat[0]["severity"] == "warning"
    assert dat[0]["location"]["cell"].startswith("laporan!A") and "lkjcheck" in dat[0]["message"]
    # the rest of the workbook is still read and checked as version 1
    assert [f for f in fx if f["rule"] != "DAT022"] == []


@pytest.mark.parametrize("version", [4, "dua", 1.5])
def test_unknown_format_version_is_refused_naming_the_cell(cli, books, tmp_path, version):
    book = tmp_path / "versi.xlsx"
    shutil.copy(books[CORRECTED.name] / "lkj.xlsx", book)
    rows, ws = _version_rows(book)
    ws.cell(rows[0], 2).value = version
    ws.parent.save(book)
    code, out, err = cli("run", book, "--lang", "en")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"laporan!B{rows[0]}: unknown dataset format version 'lkjcheck: {version}'" in err
