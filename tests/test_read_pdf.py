"""The PDF reader on the rendered corrected report (fixtures/dokumen) and on bad PDFs.

Expected values come from the dataset the PDF was rendered from
(fixtures/kpu-muaro-jambi-2024-corrected/lkj.yaml) and, for line numbers, from
pdfplumber's own page text, so a test fails when the reader loses, merges or
misplaces what is printed.
"""
from __future__ import annotations

import importlib.util
import zlib
from pathlib import Path

import pytest
import yaml

from conftest import CORRECTED, FIXTURES
from lkjcheck.read import pdf as pdf_reader
from lkjcheck.read.document import TableBlock, TextLine
from lkjcheck.read.pdf import read_pdf
from lkjcheck.read.textdoc import DocumentError
from lkjcheck.errors import InputError

DOKUMEN = FIXTURES / "dokumen"
PDF = DOKUMEN / "laporan.pdf"
SCAN = DOKUMEN / "laporan-pindai.pdf"
HEADER = "Laporan Kinerja Sekretariat KPU Kabupaten Muaro Jambi Tahun 2024"


def _make():
    spec = importlib.util.spec_from_file_location("dokumen_make", DOKUMEN / "make.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def doc():
    return read_pdf(str(PDF), "laporan.pdf")


@pytest.fixture(scope="module")
def data():
    return yaml.safe_load((CORRECTED / "lkj.yaml").read_text(encoding="utf-8"))


def _one(s) -> str:
    return " ".join(str(s).split())


def _table(doc, caption_start):
    for i, b in enumerate(doc.blocks):
        if isinstance(b, TableBlock) and (b.caption or "").startswith(caption_start):
            return i, b
    raise AssertionError(f"no table captioned {caption_start!r}")


def _texts(row):
    return [c.text for c in row]


def _page_lines(page_no: int) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(PDF)) as p:
        return (p.pages[page_no - 1].extract_text() or "").splitlines()


# --------------------------------------------------------------------------- lines and pages

def test_pages_and_kind(doc):
    assert doc.kind == "pdf" and doc.pages == 12 and doc.ocr is False and doc.notices == []


def test_line_numbers_are_the_printed_lines(doc):
    lines = [b for b in doc.blocks if isinstance(b, TextLine)]
    for needle in ("alokasi sebesar Rp 66.964.726.000", "naik 1,93% menjadi 94,43%", "Pagu awal Rp 37.763.827.000"):
        hit = next(b for b in lines if needle in b.text)
        printed = _page_lines(hit.where.page)
        # pdfplumber's text of the page, running header included, is the page as printed
        assert printed[hit.where.line - 1].strip() == hit.text.replace("\t", " ")
        assert hit.where.file == "laporan.pdf"


def test_running_header_and_page_numbers_are_dropped(doc):
    lines = [b for b in doc.blocks if isinstance(b, TextLine)]
    # printed at the top of pages 2-12, read once: the cover's title (same words, mid-page)
    assert [(b.where.page, b.where.line) for b in lines if b.text == HEADER] == [(1, 1)]
    assert not any(b.text.strip().isdigit() for b in lines)
    # and the header still counts as printed line 1, so body text starts at line 2
    assert next(b for b in doc.blocks if isinstance(b, TextLine) and b.text == "KATA PENGANTAR").where.line == 2


def test_prose_keeps_reading_order(doc):
    lines = [b.text for b in doc.blocks if isinstance(b, TextLine)]
    heads = ["KATA PENGANTAR", "IKHTISAR EKSEKUTIF", "BAB I PENDAHULUAN", "BAB II PERENCANAAN DAN PERJANJIAN KINERJA",
             "BAB III AKUNTABILITAS KINERJA", "C. AKUNTABILITAS KEUANGAN", "BAB IV PENUTUP"]
    assert [lines.index(h) for h in heads] == sorted(lines.index(h) for h in heads)


# --------------------------------------------------------------------------- tables

def test_staff_table_split_over_two_pages_is_continued(doc, data):
    i, first = _table(doc, "Tabel 1.")
    second = doc.blocks[i + 1]
    assert isinstance(second, TableBlock) and second.continued and not first.continued
    assert second.where.page == first.where.page + 1
    assert _texts(first.rows[0]) == ["No", "Nama", "L/P", "NIP", "Status", "Gol", "TMT", "Jabatan"]
    # the header the PDF repeats on the next page is given once
    assert first.header_rows == 1 and second.rows[0][1].text != "Nama"
    rows = first.rows[1:] + second.rows
    assert [r[0].text for r in rows] == [str(p["no"]) for p in data["pegawai"]]
    assert [r[3].text for r in rows] == [str(p.get("nip") or "") for p in data["pegawai"]]
    assert [r[6].text for r in rows] == [str(p.get("tmt") or "") for p in data["pegawai"]]


def test_merged_header_cells_once_with_colspan(doc, data):
    _, t = _table(doc, "Tabel 2.")
    top, sub = t.rows[0], t.rows[1]
    assert [(c.text, c.where.column, c.colspan) for c in top] == [
        ("No.", 1, 1), ("Uraian", 2, 1), ("Jumlah", 3, 4), ("Keterangan", 7, 1)]
    # under cells merged down: empty cells, so the sub-header lines up with its grid columns
    assert [(c.text, c.where.column) for c in sub] == [
        ("", 1), ("", 2), ("Gol.IV", 3), ("Gol.III", 4), ("Gol.IX", 5), ("Non Gol.", 6), ("", 7)]
    total = t.rows[-1]
    assert [(c.text, c.colspan) for c in total] == [("", 1), ("TOTAL", 5), ("29", 1)]
    rekap = {r["kelompok"]: str(r["jumlah"]) for r in data["rekap_pegawai"] if r["rekap"] == "golongan_tabel"}
    asn = next(r for r in t.rows if r[1].text.startswith("Aparatur"))
    assert (asn[2].text, asn[3].text) == (rekap["PNS IV"], rekap["PNS III"])


def test_turned_landscape_page_is_read_upright(doc, data):
    import pdfplumber

    _, t = _table(doc, "Tabel 3.")
    with pdfplumber.open(str(PDF)) as p:
        assert p.pages[t.where.page - 1].rotation == 90
    assert _texts(t.rows[0]) == ["No", "Indikator Kinerja", "Target", "Realisasi", "Selisih", "Capaian"]
    want = [[r["no"], _one(r["indikator"]), r["target"], r["realisasi"], r["selisih"], r["capaian"]]
            for r in data["pengukuran_kinerja"]]
    assert [_texts(r) for r in t.rows[1:]] == want


def test_cell_locations(doc):
    _, t = _table(doc, "Tabel 3.")
    row = t.rows[3]                      # IKU-3
    cell = row[3]
    assert cell.text == "94,43%"
    w = cell.where
    assert (w.page, w.row, w.column) == (t.where.page, 4, 4)
    assert w.table == t.where.table and w.line > t.rows[2][0].where.line
    printed = _page_lines(w.page)
    assert "94,43%" in printed[w.line - 1]


def test_detail_tables_keep_history_years_under_2024(doc, data):
    details = [b for b in doc.blocks if isinstance(b, TableBlock) and b.rows and b.rows[0][-1].text == "Capaian"
               and len(b.rows) == 4]
    assert len(details) == len(data["rincian_kinerja"])
    for t, r in zip(details, data["rincian_kinerja"]):
        assert [(c.text, c.colspan) for c in t.rows[0] if c.text == "2024"] == [("2024", 2)]
        assert _texts(t.rows[1])[2:] == ["2021", "2022", "2023", "Target", "Realisasi", "2025", "Kinerja %"]
        assert _texts(t.rows[3])[2:] == [r["realisasi_2021"], r["realisasi_2022"], r["realisasi_2023"], r["target"],
                                         r["realisasi"], r["target_2025"], r["capaian"]]
        assert _one(r["kegiatan"]).startswith(t.caption[:40])


def test_table_without_rules_stays_aligned_lines(doc, data):
    i = next(k for k, b in enumerate(doc.blocks) if isinstance(b, TextLine) and b.text.startswith("Tabel 5."))
    head, *rows = doc.blocks[i + 1:i + 1 + 1 + len(data["hibah"])]
    assert all(isinstance(b, TextLine) for b in [head, *rows])
    assert head.text.split("\t") == ["Tahap", "Persentase", "Jumlah", "Tanggal"]
    assert [b.text.split("\t")[1:] for b in rows] == [[h["persen"], h["jumlah"], h["tanggal"]] for h in data["hibah"]]


def test_budget_table(doc, data):
    _, t = _table(doc, "Tabel 4.")
    assert _texts(t.rows[0]) == ["No", "Sumber Dana", "Pagu", "Realisasi", "%"]
    assert [_texts(r)[2:] for r in t.rows[1:]] == [[a["pagu"], a["realisasi"], a["persen"]] for a in data["anggaran"]]
    assert [r[0].text for r in t.rows[1:]] == ["1", "2", ""]


# --------------------------------------------------------------------------- sideways content, generated

def _sideways_pdf(path: Path) -> None:
    """A portrait page whose table is drawn turned a quarter, without /Rotate."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    W, H = A4
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.translate(W, 0)
    c.rotate(90)
    c.setFont("Helvetica", 10)
    for k, (a, b) in enumerate([("Indikator", "Capaian"), ("IKU-1", "99,01%"), ("IKU-2", "99,43%")]):
        c.drawString(72, W - 72 - 14 * k, a)
        c.drawString(300, W - 72 - 14 * k, b)
    c.showPage()
    c.save()


def test_text_drawn_sideways_is_read_upright(tmp_path):
    path = tmp_path / "miring.pdf"
    _sideways_pdf(path)
    doc = read_pdf(str(path), "miring.pdf")
    assert [b.text for b in doc.blocks] == ["Indikator\tCapaian", "IKU-1\t99,01%", "IKU-2\t99,43%"]
    assert [b.where.line for b in doc.blocks] == [1, 2, 3]


# --------------------------------------------------------------------------- OCR

needs_ocr = pytest.mark.skipif(not pdf_reader.ocr_available(),
                               reason="Tesseract with the Indonesian model is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def scanned():
    return read_pdf(str(SCAN), "laporan-pindai.pdf")


def _scan_has_no_text_layer():
    import pdfplumber

    with pdfplumber.open(str(SCAN)) as p:
        return all(not page.chars and page.images for page in p.pages)


@needs_ocr
def test_ocr_reads_the_scanned_pages(scanned):
    assert _scan_has_no_text_layer()
    assert scanned.ocr is True and scanned.pages == 2
    lines = [b for b in scanned.blocks if isinstance(b, TextLine)]
    assert not any(b.text == HEADER for b in lines)
    money = next(b for b in lines if "Rp 66.964.726.000" in b.text)
    assert money.where.page == 1 and "alokasi sebesar" in money.text
    # the figures of the ruled table on the turned page, row by row (the table
    # rules are taken out before OCR; the percent signs are left as read)
    table_rows = {b.text.split("\t")[0]: b.text for b in lines if b.where.page == 2}
    for no, realisasi in [("1", "99,0"), ("2", "99,43"), ("6", "98,45"), ("7", "99,09")]:
        assert realisasi in table_rows[no]


@needs_ocr
def test_ocr_text_is_not_repaired(scanned):
    # OCR misreads stay misreads for the number guards to flag: a line either
    # holds the figure as printed or something that is not a clean figure.
    lines = [b.text for b in scanned.blocks if isinstance(b, TextLine) and b.where.page == 2]
    iku2 = next(t for t in lines if t.startswith("2\t"))
    assert "99,43" in iku2


def test_image_only_pdf_without_ocr_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_reader, "_ocr_engine", lambda: None)
    with pytest.raises(DocumentError) as e:
        read_pdf(str(SCAN), "laporan-pindai.pdf")
    msg = e.value.text("id")
    assert msg.startswith("laporan-pindai.pdf: PDF tanpa lapisan teks") and "tesseract-ocr-ind" in msg
    assert "lkjcheck[ocr]" in e.value.text("en") and "\n" not in msg


def test_one_scanned_page_without_ocr_is_a_notice(tmp_path, monkeypatch):
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    img = tmp_path / "ttd.png"
    Image.new("L", (200, 100), 0).save(img)
    path = tmp_path / "campur.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawString(72, 700, "Capaian IKU 98,14%")
    c.showPage()
    c.drawImage(str(img), 72, 500, 200, 100)
    c.showPage()
    c.save()
    monkeypatch.setattr(pdf_reader, "_ocr_engine", lambda: None)
    doc = read_pdf(str(path), "campur.pdf")
    assert [b.text for b in doc.blocks] == ["Capaian IKU 98,14%"]
    assert [(n.where.page, n.rule) for n in doc.notices] == [(2, "DAT010")]
    assert "tanpa lapisan teks" in doc.notices[0].message_id and "OCR" in doc.notices[0].message_en


# --------------------------------------------------------------------------- bad input

def _refused(path, **kw) -> str:
    with pytest.raises(DocumentError) as e:
        read_pdf(str(path), path.name, **kw)
    assert isinstance(e.value, InputError)          # the CLI prints it in one line, exit 2
    msg = e.value.text("id")
    assert msg.startswith(path.name + ": ") and "\n" not in msg and "Traceback" not in msg
    assert e.value.text("en") != msg
    return msg


def test_encrypted_pdf(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "terkunci.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("rahasia", canPrint=0))
    c.drawString(72, 700, "Capaian 98,14%")
    c.showPage()
    c.save()
    assert "terenkripsi" in _refused(path)


def test_corrupt_pdfs(tmp_path):
    data = PDF.read_bytes()
    cut = tmp_path / "terpotong.pdf"
    cut.write_bytes(data[: len(data) // 3])
    garbage = tmp_path / "sampah.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + zlib.compress(b"x" * 5000) * 3)
    for path in (cut, garbage):
        msg = _refused(path)
        assert "rusak" in msg


def test_not_a_pdf(tmp_path):
    path = tmp_path / "laporan.pdf"
    path.write_text("Laporan Kinerja 2024\n", encoding="utf-8")
    assert "bukan berkas PDF" in _refused(path)


def test_too_large_file(tmp_path):
    path = tmp_path / "besar.pdf"
    path.write_bytes(PDF.read_bytes())
    assert "melebihi batas" in _refused(path, max_bytes=1000)


def _pages_pdf(path: Path, n: int, declared: int | None = None) -> None:
    """A minimal PDF of n empty pages, written by hand (fast even for thousands)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    for k in range(n):
        kids.append(f"{3 + k} 0 R")
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {declared if declared is not None else n} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


def test_2000_pages_are_refused_before_reading(tmp_path):
    path = tmp_path / "tebal.pdf"
    _pages_pdf(path, 2000)
    msg = _refused(path)
    assert "2.000 halaman" in msg.replace(",", ".") and "1.000" in msg.replace(",", ".")


def test_page_count_that_lies_is_caught_while_reading(tmp_path):
    path = tmp_path / "bohong.pdf"
    _pages_pdf(path, pdf_reader.MAX_PAGES + 1, declared=3)
    assert "batasnya" in _refused(path)


def test_pdf_without_pages(tmp_path):
    path = tmp_path / "kosong.pdf"
    _pages_pdf(path, 0)
    assert "tanpa halaman" in _refused(path)


def test_reader_leaves_the_file_alone(tmp_path):
    import hashlib

    before = hashlib.sha256(PDF.read_bytes()).hexdigest()
    read_pdf(str(PDF), "laporan.pdf")
    assert hashlib.sha256(PDF.read_bytes()).hexdigest() == before


# --------------------------------------------------------------------------- the committed fixtures are current

def test_fixture_pdf_renders_from_the_dataset(tmp_path, doc):
    """The committed PDF holds what make.py renders from lkj.yaml today."""
    make = _make()
    out = tmp_path / "laporan.pdf"
    make.build_pdf(make.load_data(), out)
    fresh = read_pdf(str(out), "laporan.pdf")
    assert [(type(b).__name__, b.where) for b in fresh.blocks] == [(type(b).__name__, b.where) for b in doc.blocks]
    assert fresh.lines() == doc.lines()
