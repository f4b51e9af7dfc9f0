"""Reading the report as users have it: Markdown/plain text in any common encoding, .docx, and refusals."""
from __future__ import annotations

import pytest

from lkjcheck.checks.text.check import check_document
from lkjcheck.read.textdoc import Document, DocumentError, read_document
from lkjcheck.checks.text.rules import load_text_rules
from lkjcheck.errors import InputError

from pathlib import Path

RULES = load_text_rules(str(Path(__file__).resolve().parents[1] / "rules" / "sakip" / "teks.yaml"))
TEXT = "Judul\nPengukuran dalam Tahun Anggaran 2023.\n"


def _years(doc):
    return [(f.location.line, f.location.column, f.actual)
            for f in check_document(doc, 2024, RULES, dataset="d") if f.rule == "TXT001"]


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    (TEXT.replace("\n", "\r").encode("utf-8"), "utf-8"),
    (("Judul \u201cé\u201d\n" + TEXT.split("\n", 1)[1]).encode("cp1252"), "cp1252"),
])
def test_encodings_and_line_endings(tmp_path, data, encoding):
    p = tmp_path / "laporan.md"
    p.write_bytes(data)
    doc = read_document(str(p))
    assert doc.encoding == encoding and doc.kind == "markdown"
    assert _years(doc) == [(2, 18, "2023")]
    assert not doc.lines[0].startswith("\ufeff") and "\r" not in doc.text


def test_cp1252_text_is_decoded(tmp_path):
    p = tmp_path / "laporan.txt"
    p.write_bytes("Realisasi \u2013 “baik”".encode("cp1252"))
    doc = read_document(str(p))
    assert doc.lines == ["Realisasi \u2013 “baik”"] and doc.kind == "text"


@pytest.mark.parametrize("data,word", [
    (b"%PDF-1.7\n...", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".doc"),
    (b"abc\x00def" * 10, "biner"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
])
def test_binary_file_is_refused(tmp_path, data, word):
    p = tmp_path / "laporan.md"
    p.write_bytes(data)
    with pytest.raises(DocumentError) as e:
        read_document(str(p))
    assert e.value.file == str(p) and word in e.value.text("id")
    assert isinstance(e.value, InputError)


def test_undecodable_text_names_file_and_line(tmp_path):
    p = tmp_path / "laporan.txt"
    p.write_bytes(b"baris satu\nbaris \x81\x8d dua\n")
    with pytest.raises(DocumentError) as e:
        read_document(str(p))
    assert e.value.line == 2 and "UTF-8" in e.value.text("en") and str(p) in str(e.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DocumentError) as e:
        read_document(str(tmp_path / "tidak-ada.md"))
    assert "tidak-ada.md" in str(e.value)
    with pytest.raises(DocumentError):
        read_document(str(tmp_path))


def test_size_limit(tmp_path):
    p = tmp_path / "besar.md"
    p.write_bytes(b"a" * 2000)
    with pytest.raises(DocumentError) as e:
        read_document(str(p), max_bytes=1000)
    assert "1,000" in e.value.text("en")


def test_display_name_is_used_in_findings(tmp_path):
    p = tmp_path / "laporan.md"
    p.write_text(TEXT, encoding="utf-8")
    doc = read_document(str(p), display="data/laporan.md")
    [f] = [f for f in check_document(doc, 2024, RULES, dataset="d") if f.rule == "TXT001"]
    assert f.location.file == "data/laporan.md"


def test_position_maps_offsets_to_lines_and_columns():
    doc = Document.from_text("ab\ncde\n\nf")
    assert [doc.position(i) for i in (0, 1, 3, 5, 7, 8)] == [(1, 1), (1, 2), (2, 1), (2, 3), (3, 1), (4, 1)]


def _make_docx(path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("KATA PENGANTAR", level=1)                        # paragraph 1
    d.add_paragraph("Laporan ini disusun untuk Tahun Anggaran 2024.")  # 2
    d.add_paragraph("Sengeti, 17 Januari 2024")                       # 3
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Uraian"                                      # 4
    t.cell(0, 1).text = "Nilai"                                       # 5
    a = t.cell(1, 0).merge(t.cell(1, 1))
    a.text = "Pengukuran dalam Tahun Anggaran 2023"                   # 6 (merged: once)
    p = d.add_paragraph("Alokasi Rp 1.250.000 ")                      # 7
    p.add_run("(satu juta dua ratus ribu rupiah)").bold = True
    d.save(str(path))


def test_docx_paragraphs_and_table_cells(tmp_path):
    p = tmp_path / "laporan.docx"
    _make_docx(p)
    doc = read_document(str(p))
    assert doc.kind == "docx"
    assert doc.lines[:3] == ["KATA PENGANTAR", "Laporan ini disusun untuk Tahun Anggaran 2024.",
                             "Sengeti, 17 Januari 2024"]
    assert doc.lines.count("Pengukuran dalam Tahun Anggaran 2023") == 1
    fs = {(f.rule, f.location.line) for f in check_document(doc, 2024, RULES, dataset="d")}
    assert fs == {("TXT004", 3), ("TXT001", 6), ("TXT009", 7)}


def test_broken_docx_is_refused(tmp_path):
    p = tmp_path / "laporan.docx"
    p.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError) as e:
        read_document(str(p))
    assert ".docx" in e.value.text("id")
