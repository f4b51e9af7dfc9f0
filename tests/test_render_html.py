import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lkjcheck.report.html import render
from render_samples import DS_KOMINFO, DS_KPU, empty_result, findings, sample_result

DOCS = Path(__file__).resolve().parent.parent / "docs"


class _Doc(HTMLParser):
    """Collects the text, the tags and their attributes of an HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _parse(html: str) -> _Doc:
    doc = _Doc()
    doc.feed(html)
    doc.close()
    return doc


def _norm(s: str) -> str:
    return " ".join(s.split())


def _visible_text(html: str) -> str:
    return _norm(" ".join(_parse(html).text))


def _expected_message(f) -> str:
    return _norm(f.message.replace("\x0b", ""))


# ---------------------------------------------------------------- static


def test_document_shape_and_language():
    out = render(sample_result())
    assert out.startswith("<!DOCTYPE html>\n<html lang=\"id\">")
    assert '<meta charset="utf-8">' in out
    assert render(sample_result("en")).startswith("<!DOCTYPE html>\n<html lang=\"en\">")


def test_self_contained_no_network():
    out = render(sample_result())
    tags = _parse(out).tags
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object", "embed")]
    assert not any("src" in a for _, a in tags)
    # links only to the page's own sections (the index, temuan ids)
    assert all(a["href"].startswith("#") for _, a in tags if "href" in a)
    assert "url(" not in out
    assert "@import" not in out
    assert "http://" not in out and "https://" not in out


def test_print_css():
    out = render(sample_result())
    assert "@page { size: A4 landscape" in out
    assert "thead { display: table-header-group; }" in out
    assert "break-inside: avoid" in out


def test_every_finding_text_is_escaped_and_present():
    out = render(sample_result())
    # raw markup from the data never reaches the document as markup
    assert "<Rp 59" not in out and "<Kota Contoh>" not in out and "<selisih" not in out
    assert "&lt;Rp 59.900.669.261&gt; &amp; jumlah rincian | berbeda" in out
    assert "\x0b" not in out
    text = _visible_text(out)
    for f in findings():
        assert f.rule in text
        assert _expected_message(f) in text


def test_header_facts():
    text = _visible_text(render(sample_result()))
    assert "KERTAS KERJA REVIU" in text.upper()
    assert "Sekretariat KPU Kabupaten Muaro Jambi" in text
    assert "Dinas Komunikasi & Informatika <Kota Contoh>" in text
    assert "Dibuat 5 Maret 2025 pukul 14.30 WIB" in text
    assert "Versi lkjcheck 0.1.0" in text
    assert DS_KPU in text and DS_KOMINFO in text


def test_single_dataset_header():
    res = sample_result()
    res.datasets = res.datasets[:1]
    res.findings = [f for f in res.findings if f.dataset == DS_KPU]
    out = render(res)
    assert "<title>Kertas Kerja Reviu \u2014 Sekretariat KPU Kabupaten Muaro Jambi \u2014 2024</title>" in out
    text = _visible_text(out)
    assert "Instansi Sekretariat KPU Kabupaten Muaro Jambi" in text
    assert "Tahun 2024" in text


def test_findings_table_columns_and_empty_response_cell():
    out = render(sample_result())
    tables = re.findall(r'<table class="findings">.*?</table>', out, re.S)
    assert len(tables) == 2          # one table per dataset
    cols = re.findall(r"<th[^>]*>(.*?)</th>", re.search(r"<thead><tr>(.*?)</tr>", tables[0], re.S).group(1))
    assert cols == ["No", "Temuan", "Tingkat", "Lokasi dalam laporan", "Seharusnya", "Tertulis",
                    "Uraian", "Rekomendasi", "Tanggapan / Tindak lanjut"]
    # one row per unwaived temuan, each with an empty response cell
    assert sum(t.count('<td class="resp"></td>') for t in tables) == 5
    # figures may wrap only between digit groups
    assert "Rp 59.<wbr>900.<wbr>669.<wbr>261" in out


def test_summary_counts():
    out = render(sample_result())
    kpu, kominfo = out.split('<section class="dataset"')[1:3]
    # temuan per severity, per dataset (ANG001, PK002, PK010 and a waived PEG003; DAT001 and PK002)
    for part, (e, w, i, x) in ((kpu, (1, 1, 1, 1)), (kominfo, (1, 1, 0, 0))):
        counts = re.findall(r'<td class="n">(\d+)</td>', part.split("</table>", 1)[0])
        assert counts == [str(e), str(w), str(i), str(x), str(e + w + i + x)]
    assert "kesalahan</span></td><td class=\"n\">1<" in kpu
    # the criteria the errors bear on are not adequate, per dataset
    assert re.search(r'data-criterion="F6" data-status="tidak_memadai"', kpu)
    assert re.search(r'data-criterion="F6" data-status="memadai"', kominfo)
    assert re.search(r'data-criterion="M5" data-status="tidak_memadai"', kominfo)
    assert re.search(r'data-criterion="M1" data-status="manual"', kpu)


def test_waived_section_with_justification():
    out = render(sample_result())
    main, waived = out.split("Temuan yang dikecualikan", 1)
    assert "PEG003" not in "".join(re.findall(r'<table class="findings">.*?</table>', out, re.S))
    text = _visible_text(waived.split("</table>", 1)[0])
    assert "PEG003" in text
    assert "Satu pegawai pindah tugas 31 Desember; sudah dikonfirmasi | BKD" in text
    assert "Inspektur Pembantu II" in text
    assert "2025-06-30" in text


def test_waiver_english_keys():
    res = sample_result("en")
    res.findings = [
        f.with_waiver({"justification": "Accepted by <team>", "by": "A & B", "until": "2026-01-01"})
        if f.rule == "PEG003" else f
        for f in res.findings
    ]
    text = _visible_text(render(res))
    assert "Waived issues" in text
    assert "Accepted by <team>" in text and "A & B" in text and "2026-01-01" in text


def test_signature_block():
    out = render(sample_result())
    sign = _visible_text(out.split('<section class="signatures"', 1)[1])
    assert "Disusun oleh" in sign and "Direviu oleh" in sign
    for word in ("Nama", "NIP", "Tanggal", "Paraf"):
        assert sign.count(word) == 2, word


def test_english_labels():
    text = _visible_text(render(sample_result("en")))
    assert "Review Working Paper" in text
    assert "Response / follow-up" in text
    assert "Expected" in text and "Written" in text and "Recommendation" in text
    assert "Budget realisation adds up to its total" in text
    assert "5 March 2025, 14:30 WIB" in text
    assert "Conclusion" in text and "Aspect Substance" in text


def test_empty_run():
    text = _visible_text(render(empty_result()))
    assert "Tidak ada temuan." in text
    assert "Temuan yang dikecualikan" not in text


# ---------------------------------------------------------------- browser


def _chromium() -> str | None:
    for name in (os.environ.get("LKJCHECK_CHROMIUM"), "chromium", "chromium-browser",
                 "google-chrome", "google-chrome-stable"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="module")
def browser():
    exe = _chromium()
    if exe is None:
        pytest.skip("no chromium binary found (apt-get install -y chromium, or set LKJCHECK_CHROMIUM)")
    return exe


def _run_browser(exe: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={tmp / 'profile'}", *args,
    ]
    return subprocess.run(cmd, capture_output=True, timeout=180)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kkr")
    path = tmp / "kkr.html"
    path.write_text(render(sample_result()), encoding="utf-8")
    return tmp, path


def test_browser_dom_has_every_finding(browser, page):
    tmp, path = page
    proc = _run_browser(browser, tmp, "--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    dom = proc.stdout.decode("utf-8")
    text = _visible_text(dom)
    for f in findings():
        assert f.rule in text
        assert _expected_message(f) in text
    # the browser did not turn data into elements
    assert "<selisih" not in dom and "<kota" not in dom.lower()


def test_browser_screenshot_a4_width(browser, page):
    tmp, path = page
    png = tmp / "kkr.png"
    proc = _run_browser(browser, tmp, f"--screenshot={png}", "--window-size=794,1123", path.as_uri())
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000        # a blank page compresses to a few hundred bytes
    if os.environ.get("LKJCHECK_UPDATE_SCREENSHOT"):
        DOCS.mkdir(exist_ok=True)
        (DOCS / "kkr-screenshot.png").write_bytes(data)


def test_browser_print_to_pdf(browser, page):
    tmp, path = page
    pdf = tmp / "kkr.pdf"
    proc = _run_browser(browser, tmp, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", path.as_uri())
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000
    # A4 landscape: 842 x 595 points
    assert re.search(rb"/MediaBox\s*\[\s*0 0 841\.9\d* 59[45]\.\d+", data)
