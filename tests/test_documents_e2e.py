"""`lkjcheck run` on the corrected report as published: rendered PDF and DOCX (fixtures/dokumen).

The correct documents raise nothing but the notice that the staff recap table
(Tabel 2) is a table recognition does not know; the same documents rendered
with one figure changed raise that figure's finding, located on the page and
line (PDF) or in the table and row (DOCX) where the reader found the figure.
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


def _recap_notice(f, kind) -> bool:
    loc = f["location"]
    where = (loc.get("page"), loc.get("line")) if kind == "pdf" else loc.get("cell", "").startswith("tabel 2,")
    return f["rule"] == "DAT011" and f["severity"] == "info" and where in ((4, 9), True) and "No. | Uraian" in f["message"]


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_corrected_report_as_published_has_no_findings(cli, tmp_path, kind):
    # the report alone in its folder, as a reviewer receives it
    path = tmp_path / f"laporan.{kind}"
    shutil.copy(DOKUMEN / path.name, path)
    code, findings = _run(cli, path)
    assert len(findings) == 1 and _recap_notice(findings[0], kind), findings
    assert code == 0


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


def _target_one_table(d):
    d["rincian_kinerja"][1]["target"] = "90%"                 # IKU-6 detail table; IKU table says 100%
    return "90%"


CASES = {
    "capaian": (_capaian, {"KIN002"}, "KIN002"),
    "persen_anggaran": (_budget_percent, {"ANG003"}, "ANG003"),
    "nip": (_nip_digit, {"SDM007"}, "SDM007"),
    # the detail table's capaian no longer follows from its own target either
    "target_satu_tabel": (_target_one_table, {"KIN003", "KIN004"}, "KIN004"),
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
    found = [f for f in findings if not _recap_notice(f, kind)]
    assert {f["rule"] for f in found} == rules, found
    assert code == 1
    # where the reader saw the changed figure
    doc = (read_pdf if kind == "pdf" else read_docx)(str(path), str(path))
    (cell,) = [c for t in doc.tables() for r in t.rows for c in r if c.text == changed]
    loc = next(f for f in found if f["rule"] == located)["location"]
    assert loc["file"] == str(path)
    if kind == "pdf":
        assert (loc["page"], loc["line"]) == (cell.where.page, cell.where.line)
    else:
        assert loc["cell"].startswith(f"tabel {cell.where.table}, baris {cell.where.row},")


def test_the_report_named_is_the_report_read(cli):
    # fixtures/dokumen holds the PDF, the DOCX and the scan side by side
    for name in ("laporan.pdf", "laporan.docx"):
        code, findings = _run(cli, DOKUMEN / name)
        assert [f["location"]["file"] for f in findings] == [str(DOKUMEN / name)]


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
    cases[thick] = "batasnya 1,000 halaman"
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
