import re

import pytest

from lkjcheck.render.markdown import cell, escape, render
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
    assert md.startswith("# Hasil Reviu Data Laporan Kinerja\n")
    assert "- **Versi lkjcheck:** 0.1.0" in md
    assert "- **Tanggal dibuat:** 5 Maret 2025 14.30 (UTC+07:00)" in md
    assert "## Ringkasan" in md
    assert f"### {DS_KPU} \u2014 Sekretariat KPU Kabupaten Muaro Jambi" in md
    assert f"### {DS_KOMINFO}" in md
    assert "## Temuan yang dikecualikan" in md
    assert "| Galat | 2 |" in md
    assert "| Dikecualikan | 1 |" in md
    assert "| pengukuran\\_kinerja | 0 | 2 | 1 | 0 |" not in md   # intraword _ is left alone
    assert "| pengukuran_kinerja | 0 | 2 | 1 | 0 |" in md


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
    ang = next(r for r in rows if r[1] == "ANG001")
    assert ang[0] == "1"
    assert ang[2] == "galat"
    assert ang[3].startswith("kpu-muaro-jambi-2024/lkj.yaml:42:7<br>tabel anggaran")
    assert ang[4] == "Rp 59.900.669.261"
    assert ang[5] == "Rp 59.900.669.000 \\<selisih 261\\>"
    assert ang[6].startswith("PMK 62/PMK.02/2023")
    assert ang[7] == ('Realisasi "total" \\<Rp 59.900.669.261\\> \\& jumlah rincian \\| berbeda'
                      "<br>baris kedua: capaian 99,01%")
    xlsx = next(r for r in rows if r[1] == "PK002" and "xlsx" in r[3])
    assert "pengukuran.xlsx\\[pengukuran_kinerja!E5\\]" in xlsx[3]


def test_waived_section():
    md = render(sample_result())
    waived_part = md.split("## Temuan yang dikecualikan", 1)[1]
    rows = _tables(waived_part)
    assert rows[0][:3] == ["No", "Dataset", "ID"]
    peg = rows[2]
    assert peg[2] == "PEG003"
    assert peg[6] == "Satu pegawai pindah tugas 31 Desember; sudah dikonfirmasi \\| BKD"
    assert peg[7] == "Inspektur Pembantu II"
    assert peg[8] == "2025-06-30"
    # the waived finding is not in the main table
    main = md.split("## Temuan yang dikecualikan", 1)[0]
    assert "PEG003" not in main.split("## Temuan\n", 1)[1]


def test_english():
    md = render(sample_result("en"))
    assert md.startswith("# Performance Report Data Review\n")
    assert "| No | ID | Severity | Where | Expected | Found | Regulation | Message |" in md
    assert "## Waived findings" in md
    assert "5 March 2025 14:30" in md


def test_empty_run():
    md = render(empty_result())
    assert "Tidak ada temuan." in md
    assert "- **Instansi:** Sekretariat KPU Kabupaten Muaro Jambi" in md
    assert "dikecualikan" not in md.split("## Temuan", 1)[1]


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
    assert html.count("<table>") == 6   # datasets, severity, family, 2 findings, waived
    # the ANG001 row has eight cells like its header
    row = html.split("<td>ANG001</td>")[0].rsplit("<tr>", 1)[1] + html.split("<td>ANG001</td>")[1].split("</tr>")[0]
    assert row.count("<td>") == 7
