"""A workbook is read as Excel shows it: number formats, date cells and serials, formulas, merged headers.

The same small report is written twice: as lkj.yaml (figures as text, the way
the report prints them) and as a workbook the way a planner keeps it (0.95
formatted `0%`, rupiah as numbers formatted `#,##0`, dates as date cells and
as serial numbers, a formula column). Both must give the same findings; a
saved-by-script formula without a result is a finding of its own; the same
workbook saved by LibreOffice (formulas computed) gives exactly the YAML's.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import subprocess

import pytest

openpyxl = pytest.importorskip("openpyxl")

YAML = """\
laporan:
  instansi: Satker Uji
  tahun: 2024
  penandatangan:
    tanggal: "20 Februari 2025"
  reviu:
    tanggal: "21 Februari 2025"
perjanjian_kinerja:
  - {kode: IKU-1, indikator: Persentase laporan tepat waktu, target: "95%"}
  - {kode: IKU-2, indikator: Persentase data mutakhir, target: "100%"}
pengukuran_kinerja:
  - {kode: IKU-1, indikator: Persentase laporan tepat waktu, target: "95%", realisasi: "90,25%", capaian: "95%"}
  - {kode: IKU-2, indikator: Persentase data mutakhir, target: "100%", realisasi: "99,01%", capaian: "99,50%"}
anggaran:
  - {sumber: rutin, pagu: "Rp 100.000.000", realisasi: "Rp 99.000.000", persen: "99,00%", sisa: "Rp 1.000.000"}
  - {sumber: total, pagu: "Rp 100.000.000", realisasi: "Rp 99.000.000", persen: "98,00%", sisa: "Rp 1.000.000"}
"""


def _workbook(path, merged_header: bool = False):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "laporan"
    ws.append(["kolom", "nilai"])
    ws.append(["instansi", "Satker Uji"])
    ws.append(["tahun", 2024])
    ws.append(["penandatangan_tanggal", _dt.date(2025, 2, 20)])       # a date cell
    ws["B4"].number_format = "dd/mm/yyyy"
    # A serial number: 21 February 2025, a day after the signature (TGL003: the reviu comes first).
    ws.append(["reviu_tanggal", 45709])
    ws.append(["lkjcheck", 1])
    pk = wb.create_sheet("perjanjian_kinerja")
    pk.append(["kode", "indikator", "target"])
    pk.append(["IKU-1", "Persentase laporan tepat waktu", 0.95])
    pk.append(["IKU-2", "Persentase data mutakhir", 1])
    for r in (2, 3):
        pk[f"C{r}"].number_format = "0%"
    ik = wb.create_sheet("pengukuran_kinerja")
    ik.append(["kode", "indikator", "target", "realisasi", "capaian"])
    ik.append(["IKU-1", "Persentase laporan tepat waktu", 0.95, 0.9025, 0.95])
    ik.append(["IKU-2", "Persentase data mutakhir", 1, 0.9901, 0.995])
    for r in (2, 3):
        ik[f"C{r}"].number_format = "0%"
        ik[f"D{r}"].number_format = "0.00%"
    ik["E2"].number_format = "0%"
    ik["E3"].number_format = "0.00%"
    an = wb.create_sheet("anggaran")
    an.append(["sumber", "pagu", "realisasi", "persen", "sisa"])
    an.append(["rutin", 100000000, 99000000, 0.99, "=B2-C2"])
    an.append(["total", 100000000, 99000000, 0.98, "=B3-C3"])
    for r in (2, 3):
        an[f"B{r}"].number_format = an[f"C{r}"].number_format = an[f"E{r}"].number_format = "#,##0"
        an[f"D{r}"].number_format = "0.00%"
    if merged_header:
        an["F1"] = "catatan"
        an.merge_cells("F1:G1")
        an["G2"] = "isi di bawah sel kepala gabungan"
    path.mkdir(parents=True, exist_ok=True)
    wb.save(path / "lkj.xlsx")
    return path


def _findings(cli, folder, *args):
    code, out, err = cli("run", folder, "--no-text", "-f", "json", *args)
    assert code in (0, 1), err
    return {(f["rule"], f["row"], f["actual"], f["expected"]) for f in json.loads(out)["findings"]}


@pytest.fixture
def as_yaml(cli, tmp_path):
    (tmp_path / "yaml").mkdir()
    (tmp_path / "yaml" / "lkj.yaml").write_text(YAML, encoding="utf-8")
    found = _findings(cli, tmp_path / "yaml")
    # Not vacuous: a wrong capaian, a wrong budget percentage, a review dated before the report.
    assert {r for r, *_ in found} == {"KIN002", "ANG003", "TGL003"}
    return found


def test_formatted_workbook_gives_the_yaml_findings_plus_the_unsaved_formulas(cli, tmp_path, as_yaml):
    book = _findings(cli, _workbook(tmp_path / "xlsx"))
    formulas = {f for f in book if f[0] == "DAT020"}
    assert {f[2] for f in formulas} == {"=B2-C2", "=B3-C3"}
    assert book - formulas == as_yaml
    # no "tertulis 95%, seharusnya 0,95%" and no unit mismatch from ignoring the percent format
    assert not any(r.startswith("SAT") for r, *_ in book)


def test_unsaved_formula_message_says_how_to_fix_it(cli, tmp_path):
    _workbook(tmp_path / "x")
    for lang, words in (("id", "buka dan simpan buku kerja"), ("en", "open and save the workbook")):
        code, out, _ = cli("run", tmp_path / "x", "--no-text", "-f", "json", "--lang", lang, "--select", "DAT020")
        f = json.loads(out)["findings"][0]
        assert words in f["message"] and f["location"]["cell"] == "anggaran!E2"


def test_values_under_a_merged_header_cell_are_a_finding(cli, tmp_path):
    code, out, _ = cli("run", _workbook(tmp_path / "m", merged_header=True), "--no-text", "-f", "json")
    dat = [f for f in json.loads(out)["findings"] if f["rule"] == "DAT021"]
    assert len(dat) == 1 and dat[0]["location"]["cell"] == "anggaran!G1" and "digabung" in dat[0]["message"]


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def _has_calc() -> bool:
    exe = _soffice()
    if not exe:
        return False
    root = os.path.dirname(os.path.realpath(exe))
    return any(os.path.exists(os.path.join(d, "libsclo.so")) for d in (root, os.path.join(root, "..", "program")))


@pytest.mark.skipif(not _has_calc(), reason="LibreOffice Calc (libreoffice-calc-nogui) not installed")
def test_workbook_saved_by_libreoffice_gives_exactly_the_yaml_findings(cli, tmp_path, as_yaml):
    src = _workbook(tmp_path / "script")
    out = tmp_path / "saved"
    out.mkdir()
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src / "lkj.xlsx")],
                   check=True, capture_output=True, timeout=180)
    assert (out / "lkj.xlsx").is_file()
    saved = openpyxl.load_workbook(out / "lkj.xlsx", data_only=True)
    assert saved["anggaran"]["E2"].value == 1000000                  # LibreOffice computed the formula
    assert saved["pengukuran_kinerja"]["D3"].number_format.endswith("%")
    assert _findings(cli, out) == as_yaml
