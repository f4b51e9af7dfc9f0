import re

import pytest

from lkjcheck.report.markdown import cell, escape, render
from render_samples import DS_KOMINFO, DS_KPU, empty_result, sample_result

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _tables(md):
    """Rows of every pipe table, split on unescaped pipes."""
    rows = []
    for line in md.splitlines():
        if line.startswith("|"):
            rows.append([c.strip() for c in _UNESCAPED_PIPE.split(line)[1:-1]])
    return rows


def test_structure_id():
    md = render(sample_result())
    assert md.startswith("# Kertas Kerja Reviu\n")
    assert "- **Versi lkjcheck:** 0.1.0" in md
    assert "- **Dibuat:** 5 Maret 2025 pukul 14.30 WIB" in md
    assert f"## 1. Ringkasan \u2014 {DS_KPU} \u2014 Sekretariat KPU Kabupaten Muaro Jambi" in md
    assert f"## 9. Daftar Temuan \u2014 {DS_KOMINFO}" in md
    for heading in ("## 2. Dasar Hukum", "## 5. Hasil Reviu", "### Aspek Format", "### Aspek Mekanisme penyusunan",
                    "### Aspek Substansi", "## 7. Simpulan", "## 8. Rekomendasi", "## 10. Cakupan Pemeriksaan",
                    "## 11. Pengesahan"):
        assert heading in md
    assert "### Temuan yang dikecualikan" in md
    assert "| kesalahan | 1 |" in md
    assert "| dikecualikan | 1 |" in md
    assert "pengukuran\\_kinerja" not in md   # intraword _ is left alone
    assert "tabel pengukuran_kinerja" in md


def test_every_table_row_has_header_width():
    md = render(sample_result())
    width = None
    for line in md.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        n = len(_UNESCAPED_PIPE.split(line)) - 2
        if width is None:
            width = n
        assert n == width, line


def test_findings_table_cells():
    rows = _tables(render(sample_result()))
    ang = next(r for r in rows if "Aturan: ANG001" in r[1])
    assert ang[0] == "1"
    assert ang[1].startswith("T01<br>Jumlah realisasi anggaran sama dengan totalnya")
    assert ang[2] == "kesalahan"
    assert ang[3] == "tabel anggaran, baris \u201ctotal\u201d, kolom realisasi (kpu-muaro-jambi-2024/lkj.yaml:42:7)"
    assert ang[4] == "Rp 59.900.669.261"
    assert ang[5] == "Rp 59.900.669.000 \\<selisih 261\\>"
    assert ang[6] == ('Realisasi "total" \\<Rp 59.900.669.261\\> \\& jumlah rincian \\| berbeda'
                      "<br>baris kedua: capaian 99,01%")
    assert ang[7].startswith("Hitung ulang pagu")            # the anggaran family's recommendation
    assert ang[8] == ""                                     # the unit's response, to be filled in
    xlsx = next(r for r in rows if "Aturan: PK002" in r[1] and "xlsx" in r[3])
    assert xlsx[3].startswith("lembar pengukuran_kinerja, sel E5")
    assert "pengukuran.xlsx\\[pengukuran_kinerja!E5\\]" in xlsx[3]


def test_waived_section():
    md = render(sample_result())
    waived_part = md.split("### Temuan yang dikecualikan", 1)[1].split("\n## ", 1)[0]
    rows = _tables(waived_part)
    assert rows[0][:3] == ["No. temuan", "Aturan", "Tingkat"]
    peg = rows[2]
    assert peg[1] == "PEG003"
    assert peg[5] == ("Satu pegawai pindah tugas 31 Desember; sudah dikonfirmasi \\| BKD \u2014 "
                      "Inspektur Pembantu II \u2014 2025-06-30")
    # the waived finding is not in the temuan tables
    for part in md.split("## 9. Daftar Temuan")[1:]:
        assert "PEG003" not in part.split("## 10.", 1)[0]


def test_english():
    md = render(sample_result("en"))
    assert md.startswith("# Review Working Paper\n")
    assert ("| No | Issues | Severity | Where in the report | Expected | Written | Description | Recommendation | "
            "Response / follow-up |") in md
    assert "### Waived issues" in md
    assert "5 March 2025, 14:30 WIB" in md
    assert "galat" not in md and "kesalahan" not in md and "temuan" not in md.lower()


def test_empty_run():
    md = render(empty_result())
    assert "Tidak ada temuan." in md
    assert "- **Instansi:** Sekretariat KPU Kabupaten Muaro Jambi" in md
    assert "Temuan yang dikecualikan" not in md
    assert "tidak menemukan ketidaksesuaian" in md.split("## 7. Simpulan", 1)[1]


def test_escape_helpers():
    assert escape("a_b _c d_ *e* `f` [g](h)") == "a_b \\_c d\\_ \\*e\\* \\`f\\` \\[g\\](h)"
    assert cell("a|b\nc\r\nd") == "a\\|b<br>c<br>d"
    assert cell("") == " "
    assert cell(None) == " "


def test_commonmark_reads_the_tables():
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark").enable("table")
    html = md.render(render(sample_result()))
    # escapes come back as literal characters, in the right cell
    assert "<td>Realisasi &quot;total&quot; &lt;Rp 59.900.669.261&gt; &amp; jumlah rincian | berbeda" in html
    assert "<td>Rp 59.900.669.000 &lt;selisih 261&gt;</td>" in html
    # per dataset: severity counts, three aspects, temuan; the first has a waived table; one sign-off table
    assert html.count("<table>") == 2 * 5 + 1 + 1
    # the ANG001 row has nine cells like its header
    row = next(r for r in html.split("<tr>") if "Aturan: ANG001" in r)
    assert row.count("<td>") == 9
