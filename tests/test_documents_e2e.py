"""`lkjcheck run` on the corrected report as published: rendered PDF and DOCX (fixtures/dokumen).

The correct documents raise nothing, the staff recap cross-table (Tabel 2)
included; the same documents rendered with one figure changed raise that
figure's finding, located on the page and line (PDF) or in the table and row
(DOCX) where the reader found the figure.
"""
from __future__ import annotations

import importlib.util
import json
import shutil

import pytest

from conftest import FIXTURES
from lkjcheck.read.docx import read_docx
from lkjcheck.read.pdf import read_pdf

DOKUMEN = FIXTURES / "dokumen"


def _make():
    spec = importlib.util.spec_from_file_location("dokumen_make", DOKUMEN / "make.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


make = _make()


def _run(cli, path):
    code, out, err = cli("run", path, "--format", "json")
    assert code in (0, 1), err
    return code, json.loads(out)["findings"]


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_corrected_report_as_published_has_no_findings(cli, tmp_path, kind):
    # the report alone in its folder, as a reviewer receives it
    path = tmp_path / f"laporan.{kind}"
    shutil.copy(DOKUMEN / path.name, path)
    code, findings = _run(cli, path)
    assert findings == []
    assert code == 0


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_staff_recap_cross_table_is_read_cell_by_cell(kind):
    from lkjcheck.extract import read_and_extract
    from lkjcheck.model.definition import load_model

    from conftest import ROOT
    pack = ROOT / "rules" / "sakip"
    path = DOKUMEN / f"laporan.{kind}"
    ex, _ = read_and_extract(path, str(path), load_model(pack / "model.yaml"), [pack], 10**8, None)
    got = {(r["rekap"].text, r["kelompok"].text): r["jumlah"] for r in ex.tables["rekap_pegawai"]}
    data = make.load_data()
    printed = {(r["rekap"], r["kelompok"]): str(r["jumlah"]) for r in data["rekap_pegawai"]
               if r["rekap"] in ("status", "golongan_tabel")}
    # Komisioner's 5 is printed under "Non Gol." in the rendered table; the dataset keeps no such cell.
    assert {k: v.text for k, v in got.items() if k != ("golongan_tabel", "Komisioner Non Gol.")} == printed
    # each count is located at its own cell; the row total (PNS 11) at the row's label
    pns3 = got[("golongan_tabel", "PNS III")]
    assert pns3.where.column == 4 and (pns3.where.page == 4 if kind == "pdf" else pns3.where.table == 2)
    assert got[("status", "total")].text == "29"


def _capaian(d):
    d["pengukuran_kinerja"][2]["capaian"] = "96,43%"          # IKU-3 in the IKU table only
    return "96,43%"


def _budget_percent(d):
    d["anggaran"][1]["persen"] = "78,82%"                     # hibah
    return "78,82%"


def _nip_digit(d):
    p = d["pegawai"][4]                                       # ROBER DIANTO, L
    p["nip"] = p["nip"][:14] + "2" + p["nip"][15:]            # the sex digit says P
    return p["nip"]


def _recap_cell(d):
    (r,) = [r for r in d["rekap_pegawai"] if r["kelompok"] == "PNS III"]
    r["jumlah"] = 8                                           # the staff list has 9 PNS of golongan III
    return "8"


def _target_one_table(d):
    d["rincian_kinerja"][1]["target"] = "90%"                 # IKU-6 detail table; IKU table says 100%
    return "90%"


CASES = {
    "capaian": (_capaian, {"KIN002"}, "KIN002"),
    "persen_anggaran": (_budget_percent, {"ANG003"}, "ANG003"),
    "nip": (_nip_digit, {"SDM007"}, "SDM007"),
    # the detail table's capaian no longer follows from its own target either
    "target_satu_tabel": (_target_one_table, {"KIN003", "KIN004"}, "KIN004"),
    # the cell, its row's sum (PNS 10 of 11) and the recap's total (28 of 29) no longer agree
    "rekap_silang": (_recap_cell, {"SDM014", "SDM013", "SDM001"}, "SDM014"),
}


@pytest.mark.parametrize("kind", ["pdf", "docx"])
@pytest.mark.parametrize("case", list(CASES))
def test_one_changed_figure_is_found_where_it_is_printed(cli, tmp_path, kind, case):
    mutate, rules, located = CASES[case]
    data = make.load_data()
    changed = mutate(data)
    path = tmp_path / f"laporan.{kind}"
    (make.build_pdf if kind == "pdf" else make.build_docx)(data, path)
    code, findings = _run(cli, path)
    found = findings
    assert {f["rule"] for f in found} == rules, found
    assert code == 1
    # where the reader saw the changed figure
    doc = (read_pdf if kind == "pdf" else read_docx)(str(path), str(path))
    # a small count such as "8" is printed in several tables: the finding stands at one of them
    cells = [c for t in doc.tables() for r in t.rows for c in r if c.text == changed]
    loc = next(f for f in found if f["rule"] == located)["location"]
    assert loc["file"] == str(path)
    if kind == "pdf":
        assert (loc["page"], loc["line"]) in {(c.where.page, c.where.line) for c in cells}
    else:
        assert any(loc["cell"].startswith(f"tabel {c.where.table}, baris {c.where.row},") for c in cells)


def test_the_report_named_is_the_report_read(cli):
    # fixtures/dokumen holds the PDF, the DOCX and the scan side by side
    for name in ("laporan.pdf", "laporan.docx"):
        code, out, err = cli("run", DOKUMEN / name, "--format", "json")
        assert code == 0, err
        assert [d["path"] for d in json.loads(out)["datasets"]] == [str(DOKUMEN / name)]


def test_bad_documents_exit_2_with_one_line(cli, tmp_path, monkeypatch):
    """Through the CLI: encrypted, damaged, 2,000-page and image-only PDFs, a DOCX bomb."""
    import zipfile

    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas
    from test_read_pdf import _pages_pdf

    from lkjcheck.read import pdf as pdf_reader

    cases = {}
    locked = tmp_path / "terkunci" / "laporan.pdf"
    locked.parent.mkdir()
    c = canvas.Canvas(str(locked), encrypt=pdfencrypt.StandardEncryption("rahasia"))
    c.drawString(72, 700, "Capaian 98,14%")
    c.showPage()
    c.save()
    cases[locked] = "terenkripsi"
    broken = tmp_path / "rusak" / "laporan.pdf"
    broken.parent.mkdir()
    broken.write_bytes((DOKUMEN / "laporan.pdf").read_bytes()[:9000])
    cases[broken] = "rusak"
    thick = tmp_path / "tebal" / "laporan.pdf"
    thick.parent.mkdir()
    _pages_pdf(thick, 2000)
    cases[thick] = "batasnya 1.000 halaman"   # grouped the Indonesian way
    scan = tmp_path / "pindai" / "laporan.pdf"
    scan.parent.mkdir()
    shutil.copy(DOKUMEN / "laporan-pindai.pdf", scan)
    cases[scan] = "tanpa lapisan teks"
    bomb = tmp_path / "bom" / "laporan.docx"
    bomb.parent.mkdir()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * 60_000_000)
    cases[bomb] = "bom zip"
    monkeypatch.setattr(pdf_reader, "_ocr_engine", lambda: None)
    for path, words in cases.items():
        code, out, err = cli("run", path)
        lines = err.strip().splitlines()
        assert code == 2 and len(lines) == 1, (path, err)
        assert lines[0].startswith(f"lkjcheck: {path}: ") and words in lines[0], lines[0]
        assert "Traceback" not in err + out
