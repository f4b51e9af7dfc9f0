"""The DOCX reader on the rendered corrected report (fixtures/dokumen/laporan.docx) and on bad packages."""
from __future__ import annotations

import importlib.util
import zipfile

import pytest
import yaml

from conftest import CORRECTED, FIXTURES
from lkjcheck.read.document import TableBlock, TextLine
from lkjcheck.read.docx import read_docx
from lkjcheck.read.textdoc import DocumentError
from lkjcheck.errors import InputError

DOCX = FIXTURES / "dokumen" / "laporan.docx"


@pytest.fixture(scope="module")
def doc():
    return read_docx(str(DOCX), "laporan.docx")


@pytest.fixture(scope="module")
def data():
    return yaml.safe_load((CORRECTED / "lkj.yaml").read_text(encoding="utf-8"))


def _one(s) -> str:
    return " ".join(str(s).split())


def _table(doc, caption_start) -> TableBlock:
    return next(b for b in doc.blocks if isinstance(b, TableBlock) and (b.caption or "").startswith(caption_start))


def _texts(row):
    return [c.text for c in row]


def _body_paragraphs():
    import docx

    return [p.text for p in docx.Document(str(DOCX)).paragraphs]


def test_paragraphs_numbered_in_the_body(doc):
    body = _body_paragraphs()
    lines = [b for b in doc.blocks if isinstance(b, TextLine)]
    assert lines and all(b.where.page is None and b.where.line is None for b in lines)
    for b in lines:
        assert "\t".join(_one(part) for part in body[b.where.paragraph - 1].split("\t")).strip() == b.text
    # empty paragraphs are counted, never given as lines
    assert len(lines) == sum(1 for t in body if t.strip())


def test_tables_in_body_order_after_their_caption(doc):
    order = [("T" if isinstance(b, TableBlock) else b.text[:8]) for b in doc.blocks]
    i = order.index("Tabel 1.")
    assert order[i + 1] == "T" and order[i + 2] == "Tabel 2." and order[i + 3] == "T"
    numbers = [b.where.table for b in doc.blocks if isinstance(b, TableBlock)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 13


def test_staff_table_cells_and_locations(doc, data):
    t = _table(doc, "Tabel 1.")
    assert t.header_rows == 1
    assert _texts(t.rows[0]) == ["No", "Nama", "L/P", "NIP", "Status", "Gol", "TMT", "Jabatan"]
    assert [r[3].text for r in t.rows[1:]] == [str(p.get("nip") or "") for p in data["pegawai"]]
    w = t.rows[12][3].where        # SUMAIDI's NIP
    assert (w.file, w.table, w.row, w.column) == ("laporan.docx", 1, 13, 4)
    assert t.rows[12][1].text == "SUMAIDI"


def test_merged_cells_given_once(doc):
    t = _table(doc, "Tabel 2.")
    assert t.header_rows == 2
    assert [(c.text, c.where.column, c.colspan) for c in t.rows[0]] == [
        ("No.", 1, 1), ("Uraian", 2, 1), ("Jumlah", 3, 4), ("Keterangan", 7, 1)]
    assert [(c.text, c.where.column) for c in t.rows[1]] == [
        ("", 1), ("", 2), ("Gol.IV", 3), ("Gol.III", 4), ("Gol.IX", 5), ("Non Gol.", 6), ("", 7)]
    assert [(c.text, c.colspan) for c in t.rows[-1]] == [("", 1), ("TOTAL", 5), ("29", 1)]
    # python-docx's own view repeats the merged cell once per grid column
    import docx

    table = docx.Document(str(DOCX)).tables[1]
    assert [c.text.strip() for c in table.rows[0].cells].count("Jumlah") == 4


def test_detail_tables(doc, data):
    details = [b for b in doc.blocks if isinstance(b, TableBlock) and b.header_rows == 3]
    assert len(details) == len(data["rincian_kinerja"])
    for t, r in zip(details, data["rincian_kinerja"]):
        assert [(c.text, c.colspan) for c in t.rows[0] if c.text == "2024"] == [("2024", 2)]
        assert _texts(t.rows[3]) == ["1", _one(r["indikator"]), r["realisasi_2021"], r["realisasi_2022"],
                                     r["realisasi_2023"], r["target"], r["realisasi"], r["target_2025"], r["capaian"]]
        assert t.caption == _one(r["kegiatan"])


def test_landscape_section_table(doc, data):
    t = _table(doc, "Tabel 3.")
    assert [_texts(r) for r in t.rows[1:]] == [
        [r["no"], _one(r["indikator"]), r["target"], r["realisasi"], r["selisih"], r["capaian"]]
        for r in data["pengukuran_kinerja"]]


def test_running_header_is_not_body_text(doc):
    import docx

    header = docx.Document(str(DOCX)).sections[0].header.paragraphs[0].text
    # the cover's title has the same words; the section header is not read at all
    assert [b.where.paragraph for b in doc.blocks if isinstance(b, TextLine) and b.text == header] == [1]


def test_tab_typed_table_stays_lines(doc, data):
    i = next(k for k, b in enumerate(doc.blocks) if isinstance(b, TextLine) and b.text.startswith("Tabel 5."))
    rows = doc.blocks[i + 1:i + 2 + len(data["hibah"])]
    assert [b.text.split("\t") for b in rows] == [["Tahap", "Persentase", "Jumlah", "Tanggal"]] + [
        ["I" if h["tahap"] == 1 else "II", h["persen"], h["jumlah"], h["tanggal"]] for h in data["hibah"]]


def test_tabs_in_a_paragraph_are_kept(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Target 2024\tRealisasi 2024\tCapaian")
    d.add_paragraph("100%\t  99,01%\t99,01%")
    path = tmp_path / "tab.docx"
    d.save(str(path))
    got = read_docx(str(path), "tab.docx")
    assert [b.text for b in got.blocks] == ["Target 2024\tRealisasi 2024\tCapaian", "100%\t99,01%\t99,01%"]


def test_fixture_docx_renders_from_the_dataset(tmp_path, doc):
    spec = importlib.util.spec_from_file_location("dokumen_make", FIXTURES / "dokumen" / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    out = tmp_path / "laporan.docx"
    make.build_docx(make.load_data(), out)
    assert read_docx(str(out), "laporan.docx") == doc


# --------------------------------------------------------------------------- bad packages

def _refused(path, **kw) -> str:
    with pytest.raises(DocumentError) as e:
        read_docx(str(path), path.name, **kw)
    assert isinstance(e.value, InputError)
    msg = e.value.text("id")
    assert msg.startswith(path.name + ": ") and "\n" not in msg
    return msg


def test_docx_bomb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("[Content_Types].xml", "_rels/.rels"):
            z.writestr(name, DOCX_PART(name))
        # 60 MB of one repeated byte packs into about 60 kB
        z.writestr("word/document.xml", b"<" + b" " * 60_000_000)
    assert path.stat().st_size < 1_000_000
    msg = _refused(path)
    # Each language groups the figures its own way.
    assert "bom zip" in msg and "60.002.601 byte" in msg and "batas 52.428.800 byte" in msg
    with pytest.raises(DocumentError) as e:
        read_docx(str(path), path.name)
    assert "60,002,601 bytes" in e.value.text("en") and "zip bomb" in e.value.text("en")


def DOCX_PART(name: str) -> bytes:
    with zipfile.ZipFile(DOCX) as z:
        return z.read(name)


def test_limit_follows_max_bytes(tmp_path):
    path = tmp_path / "laporan.docx"
    path.write_bytes(DOCX.read_bytes())
    assert "setelah dibuka" in _refused(path, max_bytes=100_000)


def test_too_many_parts(tmp_path):
    path = tmp_path / "banyak.docx"
    with zipfile.ZipFile(path, "w") as z:
        for k in range(10_001):
            z.writestr(f"x/{k}", b"")
    assert "berisi 10.001 bagian, melebihi batas 10.000" in _refused(path)


def test_file_over_max_bytes_is_worded_per_language(tmp_path):
    path = tmp_path / "besar.docx"
    path.write_bytes(DOCX.read_bytes())
    size = path.stat().st_size
    assert f"berkas {size:,} byte melebihi batas 1.000 byte".replace(",", ".") in _refused(path, max_bytes=1000)
    with pytest.raises(DocumentError) as e:
        read_docx(str(path), path.name, max_bytes=1000)
    assert f"file of {size:,} bytes exceeds the limit of 1,000 bytes" in e.value.text("en")


def test_not_a_docx(tmp_path):
    text = tmp_path / "teks.docx"
    text.write_text("bukan zip", encoding="utf-8")
    assert "bukan .docx yang sah" in _refused(text)
    other_zip = tmp_path / "arsip.docx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("isi.txt", "halo")
    assert "bukan .docx yang sah" in _refused(other_zip)
    broken = tmp_path / "rusak.docx"
    data = DOCX.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    assert "bukan .docx yang sah" in _refused(broken)
