"""Every text rule both ways: a small bad text is flagged, a small good text is not."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lkjcheck.checks.text.check import check_document
from lkjcheck.read.textdoc import Document
from lkjcheck.checks.text.rules import load_text_rules

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "text"
ALL = load_text_rules(str(ROOT / "rules" / "sakip" / "teks.yaml"))
RULES = {r.id: r for r in ALL}

# A measurement table as the runner hands it on: (value, radius) per figure.
INDIKATOR = [{"indikator": "Indeks Kepuasan Layanan Publik", "target": (75, 0), "realisasi": (82, 0.5),
              "capaian": (None, 0)}]
KP = "#### KATA PENGANTAR\n\nLaporan ini disusun untuk tahun 2024.\n\n"
REVIU = "#### PERNYATAAN TELAH DIREVIU\n\nKami telah mereviu laporan ini.\n\n"


def run(rule_id, text, year=2024, **kw):
    doc = Document.from_text(text, "laporan.md")
    return check_document(doc, year, [RULES[rule_id]], dataset="uji", **kw)


BAD = [
    ("TXT001", "Pengukuran kinerja dalam Tahun Anggaran 2023 berjalan baik."),
    ("TXT001", "Menjadikan LK 2023 sebagai sarana pertanggungjawaban."),
    ("TXT001", "Rencana kinerja (performance plan) tahun 2020 digunakan untuk mengukur."),
    ("TXT001", "# A. Capaian Kinerja Dinas Contoh Tahun 2020\n\nIsi."),
    ("TXT001", "sebagai tolok ukur capaian kinerja tahun 2020. Dari kebijakan itu"),
    ("TXT001", "Penyusunan LK Dinas Contoh Tahun 2020, mencakup hal berikut"),
    ("TXT001", "Perjanjian Kinerja Tahun 2023 ditandatangani."),
    ("TXT001", "Penyusunan Laporan Kinerja Dinas Contoh\nTahun 2020 mencakup hal berikut"),   # hard-wrapped
    ("TXT001", "Realisasi DIPA Dinas Contoh Tahun 2022 dilaporkan."),
    ("TXT001", "Laporan ketersediaan dana TA 2023."),
    ("TXT001", "Perjanjian Kinerja Sekretariat Dinas Contoh Tahun 2023 ditandatangani kepala dinas."),
    ("TXT001", "Capaian sasaran strategis I pada tahun 2023 adalah sebagai berikut."),
    ("TXT001", "Rencana Aksi Dinas Contoh Tahun 2022 disusun setiap triwulan."),
    ("TXT001", "Pengukuran IKU Dinas Contoh tahun 2023 dilakukan setiap semester."),
    ("TXT002", "sesuai dengan Rencana Strategis (Renstra) Tahun, dengan beberapa indikator"),
    ("TXT002", "mengacu pada Rencana Strategis KPU Tahun .\n"),
    ("TXT002", "#### B. Rencana Strategis Tahun\n\nPerencanaan strategis adalah proses."),
    ("TXT002", "B. Rencana Strategis Tahun\t26\nC. Rencana Kinerja Tahunan 2024\t30"),
    ("TXT002", "KPU menyusun Renstra untuk periode dengan berpedoman pada RPJPN."),
    ("TXT002", "sebagaimana diuraikan dalam Rencana Strategis . Analisis berikut"),
    ("TXT002", "Kegiatan pada Tahun , sebagaimana direncanakan."),
    ("TXT003", "Laporan ketersediaan dana, periode Desember 2004."),
    ("TXT004", KP + "Sengeti, 17 Januari 2024\n\nKepala,"),
    ("TXT004", KP + "Sengeti, Desember 2024\n\nKepala,"),
    ("TXT004", KP + "Sengeti, 31 Februari 2025\n\nKepala,"),
    ("TXT004", "# BAB IV PENUTUP\n\nDemikian.\n\nJakarta, 30 Desember 2024\n"),
    ("TXT005", KP + "Sengeti, 15 Mei 2025\n\nKepala,"),
    ("TXT005", KP + "Sengeti, Maret 2025\n\nKepala,"),
    ("TXT007", KP + "Sengeti, 20 Januari 2025\n\nKepala,\n\n" + REVIU + "Jakarta, Februari 2025\n\nInspektur,"),
    ("TXT007", KP + "Sengeti, 20 Januari 2025\n\nKepala,\n\n" + REVIU + "Jakarta, 21 Januari 2025\n\nInspektur,"),
    ("TXT008", "Dana hibah tahap II diterima pada tanggal 2 Agustus 2023."),
    ("TXT008", "Rapat evaluasi pada tanggal 31 Februari 2024."),
    ("TXT008", "Kegiatan sosialisasi dilaksanakan 5 Juni 2025."),
    ("TXT009", "alokasi anggaran sebesar Rp 1.250.000 (satu juta dua ratus ribu rupiah)."),
    ("TXT009", "Terdapat 7 (delapan) buah indikator."),
    ("TXT009", "Rp 66.964.726.000- (Enam Puluh Enam Milyar Sembilan Ratus Enam Puluh Empat Juta rupiah)"),
    ("TXT010", "mengalami peningkatan realisasi sebesar 1,93% menjadi 94,83% dari tahun sebelumnya yaitu 92,50%."),
    ("TXT010", "Indeks kepuasan turun sebesar 2% menjadi 85% dari 90%."),
    ("TXT010", "Capaian naik sebesar 3% dari 90% menjadi 95%."),
    ("TXT010", "Capaian naik dari 90% menjadi 95% atau sebesar 3%."),
    ("TXT011", "Pagu Rp 35.648.351.000 dengan realisasi Rp 35.529.345.404 atau 99,97.%, memenuhi target."),
    ("TXT011", "Anggaran rutin sebesar\n\nRp 35.648.351.000 terealisasi Rp 35.529.345.404 (tiga puluh lima miliar) atau 99,97%."),
    ("TXT013", "Total pagu Rp 28. 146,626.000- dengan realisasi Rp 28.012.583.090,-"),
    ("TXT013", "total anggaran sebesar Rp 28.146,626.000-. dengan total realisasi"),
    ("TXT014", "Pagu Rp 66.964.726.000. Pagu akhir Rp 66.964.364.394.000.-."),
    ("TXT014", "Jumlah Rp 6.000.000.000.000.000 tercatat."),
]

GOOD = [
    ("TXT001", "Pengukuran kinerja dalam Tahun Anggaran 2024 berjalan baik."),
    ("TXT001", "Laporan Kinerja ini mengacu pada Peraturan Presiden Nomor 29 Tahun 2014."),
    ("TXT001", "Laporan Kinerja ini disusun sesuai Peraturan Presiden Nomor 29\nTahun 2014 tentang SAKIP."),
    ("TXT001", "Laporan Kinerja disusun menurut UU Nomor 7 tahun 2012 dan PP 8 Tahun 2006."),
    ("TXT001", "Laporan Kinerja ini berlandaskan Undang-Undang Dasar Negara Republik Indonesia Tahun 1945."),
    ("TXT001", "Capaian kinerja dibandingkan tahun 2023 meningkat."),
    ("TXT001", "Capaian kinerja tahun 2023 dibandingkan dengan tahun 2024 menurun."),
    ("TXT001", "Menjadikan LK 2020-2024 sebagai rangkuman lima tahun."),
    ("TXT001", "Capaian kinerja pada Pemilu Serentak Tahun 2019 menjadi pelajaran."),
    ("TXT001", "Capaian kinerja untuk target tahun 2025 ditetapkan 96%."),
    ("TXT001", "| Indikator | Realisasi 2021 | Realisasi 2022 | Target 2025 |"),
    ("TXT001", "Laporan Kinerja Komisi Pemilihan Umum Kabupaten Contoh Tahun 2024 ini disusun."),
    ("TXT001", "Perjanjian Kinerja Sekretariat Dinas Contoh Tahun 2024 ditandatangani kepala dinas."),
    ("TXT001", "Capaian sasaran strategis tahun 2023 dibandingkan dengan tahun 2024 meningkat."),
    ("TXT001", "IKU Renstra Dinas Contoh tahun 2020-2024 ditetapkan."),
    ("TXT001", "Rencana Aksi Dinas Contoh Tahun 2024 disusun setiap triwulan."),
    ("TXT002", "sesuai dengan Rencana Strategis (Renstra) Tahun 2020–2024, dengan beberapa indikator"),
    ("TXT002", "mengacu pada Rencana Strategis Tahun\n2020-2024 yang telah ditetapkan."),
    ("TXT002", "Renstra disusun untuk lima tahun ke depan."),
    ("TXT002", "Rencana Strategis tahun kedua dilaksanakan."),
    ("TXT002", "Tahun : 2024\nRencana Strategis (Renstra)."),
    ("TXT003", "Laporan ketersediaan dana, periode Desember 2024."),
    ("TXT003", "Surat Nomor B/1/2010 tanggal 3 Maret 2010 masih berlaku."),
    ("TXT003", "Keputusan Mahkamah Konstitusi\npada tanggal 23 Januari 2014 mengamanatkan pemilu serentak."),
    ("TXT004", KP + "Sengeti, 17 Januari 2025\n\nKepala,"),
    ("TXT004", KP + "Sengeti, Januari 2025\n\nKepala,"),
    ("TXT004", "KATA PENGANTAR\ti\nDAFTAR ISI\tiv\nSengeti, 17 Januari 2024\n"),   # a table of contents
    ("TXT005", KP + "Sengeti, 28 Februari 2025\n\nKepala,"),
    ("TXT005", KP + "Sengeti, Februari 2025\n\nKepala,"),
    ("TXT007", KP + "Sengeti, 20 Januari 2025\n\nKepala,\n\n" + REVIU + "Jakarta, Januari 2025\n\nInspektur,"),
    ("TXT007", KP + "Sengeti, 20 Februari 2025\n\nKepala,\n\n" + REVIU + "Jakarta, Februari 2025\n\nInspektur,"),
    ("TXT007", KP + "Sengeti, 20 Februari 2025\n\nKepala,\n\n" + REVIU + "Jakarta, Januari 2025\n\nInspektur,"),
    ("TXT007", KP + "Sengeti, 20 Januari 2025\n\nKepala,\n\n" + REVIU + "Jakarta, 20 Januari 2025\n\nInspektur,"),
    ("TXT007", REVIU + "Jakarta, Januari 2025\n\nInspektur,"),       # nothing to compare with
    ("TXT008", "Dana hibah tahap II diterima pada tanggal 2 Agustus 2024."),
    ("TXT008", "Laporan disampaikan pada tanggal 10 Februari 2025."),
    ("TXT008", "Menindaklanjuti Surat Nomor B/100/M. PANRB/12/2015 tanggal 11 Desember 2015 perihal evaluasi."),
    ("TXT008", KP + "Sengeti, 17 Januari 2023\n\nKepala,"),       # the signing line is TXT004's business
    ("TXT009", "alokasi anggaran sebesar Rp 1.250.000 (satu juta dua ratus lima puluh ribu rupiah)."),
    ("TXT009", "Realisasi Rp. 59,900,669,261 (Lima Puluh Sembilan Milyar Sembilan ratus juta enam ratus enam puluh "
               "Sembilan ribu dua ratus enam puluh satu rupiah) atau 93.61%."),
    ("TXT009", "Rp 66.964.726.000- (Enam Puluh Enam Milyar Sembilan Ratus Enam Puluh Empat Juta Tujuh Ratus Dua "
               "Puluh Enam Ribu rupiah)"),
    ("TXT009", "Rp 100.000 (seratus ribu rupiah) dan Rp 100.000 (satu ratus ribu rupiah)"),
    ("TXT009", "Rp 1.000.000,- (Satu Juta Rupiah), Rp 21.000 (dua-puluh satu ribu rupiah), Rp 1.100 (seribu seratus)"),
    ("TXT009", "11 (sebelas) orang, 7 (tujuh) buah indikator, 5 (lima) orang, 4 (empat) kali, 1 (satu) tahun."),
    ("TXT009", "Target 1 (performance plan) dan 22e ayat (5)."),
    ("TXT010", "mengalami peningkatan realisasi sebesar 0,46% menjadi 99,01% dari tahun sebelumnya yaitu 98,55%."),
    ("TXT010", "mengalami peningkatan realisasi sebesar 1,93% menjadi 94,43%\ndari tahun sebelumnya yaitu 92,50%."),
    ("TXT010", "Indeks kepuasan turun sebesar 2,0% menjadi 88,0% dari 90,0%."),
    ("TXT010", "Capaian naik 10% dari 50% menjadi 55%."),                   # relative change
    ("TXT010", "Capaian naik dari 90% menjadi 95% atau sebesar 5%."),
    ("TXT011", "Pagu Rp 35.648.351.000 dengan realisasi Rp 35.529.345.404 atau 99,67%."),
    ("TXT011", "Realisasi hibah sebesar Rp 24.383.094.857 atau 77,86%."),       # no budget known
    ("TXT011", "Pagu Rp 28.146,626.000 dengan realisasi Rp 28.012.583.090 atau 50%."),   # budget unreadable
    ("TXT011", "Hibah Rp 24.383.094.857 atau 77,86% dan rutin Rp 35.529.345.404 atau 99,67%."),
    ("TXT012", "Pagu anggaran sebesar Rp 66.964.726.000."),                  # no facts: nothing to compare
    ("TXT013", "Pagu awal sebesar Rp 37.763.827.000.-, realisasi Rp. 59,900,669,261 dan Rp 31.316.375.000 . -"),
    ("TXT013", "dana hibah sebesar Rp12.526.550.000 dan Rp 31.316.375.000,- serta Rp 1.500,50."),
    ("TXT014", "Pagu Rp 66.964.726.000 dan honor Rp 1.000.000 serta Rp 31.316.375.000."),
    ("TXT014", "Jumlah Rp 66.964.364.394.000 saja."),                          # nothing to compare with
]


# The claim rules' own sentences (tests/test_text_claims.py), both ways, join the lists.
from test_text_claims import CASES  # noqa: E402

BAD += [(rule, bad) for rule, bad, _, _, _ in CASES if rule in RULES]
GOOD += [(rule, good) for rule, _, good, _, _ in CASES if rule in RULES]


@pytest.mark.parametrize("rule_id,text", BAD)
def test_bad_text_is_flagged(rule_id, text):
    fs = run(rule_id, text)
    assert len(fs) == 1, [f.message for f in fs]
    f = fs[0]
    assert f.rule == rule_id and f.severity == RULES[rule_id].meta.severity and f.family == "teks"
    assert f.location.file == "laporan.md" and f.location.line >= 1 and f.location.column >= 1
    assert f.quote and f.message and f.reference and f.dataset == "uji"


@pytest.mark.parametrize("rule_id,text", GOOD)
def test_good_text_is_not_flagged(rule_id, text):
    assert run(rule_id, text) == []


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_bad_and_good_cases(rule_id):
    if rule_id in ("TXT006", "TXT012", "TXT024"):      # need facts; tested below and in test_text_claims
        return
    assert any(r == rule_id for r, _ in BAD) and any(r == rule_id for r, _ in GOOD)


@pytest.mark.parametrize("rule_id,text", BAD)
def test_english_messages(rule_id, text):
    fid, fen = run(rule_id, text)[0], run(rule_id, text, lang="en")[0]
    assert fen.message != fid.message and fen.title != fid.title
    assert fen.title == RULES[rule_id].meta.title["en"]


def test_location_and_expected_actual():
    text = "Baris satu.\nPengukuran dalam Tahun Anggaran 2023 berjalan."
    [f] = run("TXT001", text)
    assert (f.location.line, f.location.column) == (2, 18)
    assert (f.quote, f.expected, f.actual) == ("Tahun Anggaran 2023", "2024", "2023")
    [f] = run("TXT009", "Rp 1.250.000 (satu juta dua ratus ribu rupiah)")
    assert f.expected == "satu juta dua ratus lima puluh ribu" and f.actual == "satu juta dua ratus ribu rupiah"
    [f] = run("TXT010", "Indeks turun sebesar 2% menjadi 85% dari 90%.")
    assert (f.expected, f.actual) == ("88%", "85%") and f.message.startswith("Penurunan 2%")


def test_signing_date_against_facts():
    text = KP + "Sengeti, 17 Januari 2024\n\nKepala,"
    assert run("TXT006", text) == []
    [f] = run("TXT006", text, facts={"penandatangan_tanggal": date(2025, 1, 17)})
    assert (f.expected, f.actual) == ("17 Januari 2025", "17 Januari 2024")
    assert run("TXT006", text, facts={"penandatangan_tanggal": "17 Januari 2024"}) == []
    month = KP + "Sengeti, Januari 2025\n\nKepala,"
    assert run("TXT006", month, facts={"penandatangan_tanggal": "2025-01-17"}) == []


def test_reviu_against_signing_date_from_facts():
    text = REVIU + "Jakarta, Januari 2025\n\nInspektur,"
    assert run("TXT007", text, facts={"penandatangan_tanggal": "17 Januari 2025"}) == []
    assert run("TXT007", text, facts={"penandatangan_tanggal": "3 Februari 2025"}) == []
    [f] = run("TXT007", text, facts={"penandatangan_tanggal": "30 Desember 2024"})
    assert (f.actual, f.expected) == ("Januari 2025", "≤ 30 Desember 2024")


def test_deadline_follows_year():
    text = KP + "Sengeti, 15 Mei 2024\n\nKepala,"
    assert run("TXT005", text, year=2023)       # report 2023 due by 29 Feb 2024
    assert run("TXT005", KP + "Sengeti, 29 Februari 2024\n\nKepala,", year=2023) == []


def test_figures_against_facts():
    facts = {"pagu_total": 66964726000, "realisasi_total": "Rp 59.900.669.261"}
    assert run("TXT012", "Pagu anggaran sebesar Rp 66.964.726.000.", facts=facts) == []
    [f] = run("TXT012", "Pagu anggaran sebesar Rp 66.964.364.394.000.", facts=facts)
    assert (f.expected, f.actual) == ("Rp 66.964.726.000", "Rp 66.964.364.394.000")
    [f] = run("TXT012", "Realisasi Anggaran sebesar Rp 66.964.726.000- (enam puluh ...).", facts=facts)
    assert f.expected == "Rp 59.900.669.261"
    assert run("TXT012", "Pagu awal sebesar Rp 37.763.827.000.", facts=facts) == []


def test_percentage_against_budget_facts():
    hibah = "Realisasi hibah sebesar Rp 24.383.094.857 atau 80%."
    [f] = run("TXT011", hibah, facts={"pagu_hibah": 31316375000, "pagu_total": 66964726000})
    assert (f.expected, f.actual) == ("78%", "80%")
    ok = "Realisasi hibah sebesar Rp 24.383.094.857 atau 77,86%."
    assert run("TXT011", ok, facts={"pagu_hibah": 31316375000, "pagu_total": 66964726000}) == []
    # The total budget is not held against a sentence about the grant.
    assert run("TXT011", ok, facts={"pagu_total": 66964726000}) == []
    total = "Realisasi anggaran Rp. 59,900,669,261 atau 93.61%."
    [f] = run("TXT011", total, facts={"pagu_total": 66964726000.0})
    assert f.expected == "89,45%"


def test_repeated_wrong_magnitude_does_not_vouch_for_itself():
    fs = run("TXT014", "Pagu Rp 66.964.726.000; ditulis Rp 66.964.364.394.000 dan lagi Rp 66.964.364.394.000.")
    assert [f.location.column for f in fs] == [33, 64]


def test_magnitude_against_facts():
    [f] = run("TXT014", "Pagu akhir Rp 66.964.364.394.000.", facts={"pagu_total": 66964726000})
    assert "66.964.726.000" in f.message


def test_good_report_has_no_findings():
    text = (DATA / "baik.md").read_text(encoding="utf-8")
    doc = Document.from_text(text, "baik.md")
    facts = {"pagu_total": 10_000_000_000, "penandatangan_tanggal": "20 Januari 2025"}
    assert check_document(doc, 2024, ALL, dataset="uji", facts=facts) == []


def test_bad_report_has_one_finding_per_rule():
    doc = Document.from_text((DATA / "buruk.md").read_text(encoding="utf-8"), "buruk.md")
    facts = {"pagu_total": 10_000_000_000, "realisasi_total": 9_500_000_000,
             "penandatangan_tanggal": "Mei 2025", "indikator": INDIKATOR}
    fs = check_document(doc, 2024, ALL, dataset="uji", facts=facts)
    assert sorted(f.rule for f in fs) == sorted(RULES), [(f.rule, f.location.line, f.quote) for f in fs]


def test_disabled_rule_is_skipped():
    from dataclasses import replace

    r = RULES["TXT001"]
    off = replace(r, meta=replace(r.meta, enabled=False))
    doc = Document.from_text("Tahun Anggaran 2023.", "x.md")
    assert check_document(doc, 2024, [off], dataset="uji") == []


def test_findings_in_document_order():
    doc = Document.from_text((DATA / "buruk.md").read_text(encoding="utf-8"), "buruk.md")
    fs = check_document(doc, 2024, ALL, dataset="uji")
    keys = [(f.location.line, f.location.column) for f in fs]
    assert keys == sorted(keys)


def test_year_must_be_int():
    with pytest.raises(TypeError):
        check_document(Document.from_text("x"), "2024", ALL, dataset="uji")


# ------------------------------------------------------------ robustness

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = ["Rp", "Rp.", "Tahun", "tahun", "Anggaran", "2024", "2023", "2004", "Januari", "Desember", "17", "31",
          "Februari", "(", ")", "satu", "juta", "ribu", "naik", "sebesar", "menjadi", "dari", "%", "atau",
          "1,93%", "94,83%", "92,50%", "66.964.726.000", "28. 146,626.000-", ",", ".", "\n", "\n\n", "\t",
          "KATA PENGANTAR", "PERNYATAAN TELAH DIREVIU", "Sengeti,", "Renstra", "Rencana Strategis", "LK",
          "capaian kinerja", "Nomor", "-", "–", "pagu", "realisasi", "#", "|", "é", "\u00a0"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=60).map(" ".join))
def test_any_text_gives_findings_not_tracebacks(text):
    doc = Document.from_text(text, "acak.md")
    facts = {"pagu_total": 66964726000, "realisasi_total": "Rp 59.900.669.261", "pagu_hibah": 0,
             "penandatangan_tanggal": "bukan tanggal"}
    for f in check_document(doc, 2024, ALL, dataset="uji", facts=facts, lang="en"):
        assert 1 <= f.location.line <= len(doc.lines) and f.location.column >= 1
        assert f.message and f.rule in RULES
