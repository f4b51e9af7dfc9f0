"""The narrative checks on the real report (read at test time, never copied into the repo).

The complete set of findings is pinned, so any new false positive fails a test.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lkjcheck.checks.text.check import check_document
from lkjcheck.read.textdoc import read_document
from lkjcheck.checks.text.rules import load_text_rules

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
RULES = ROOT / "rules" / "sakip" / "teks.yaml"
REGULATIONS = ROOT / "rules" / "sakip" / "regulasi.yaml"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"seed report not found at {SEED}")

# (rule, line, quote) for every finding on the seed, without facts.
EXPECTED = {
    ("TXT004", 19, "17 Januari 2024"),
    # The reviu (Januari 2025) is dated after the head signed (17 Januari 2024, as printed).
    ("TXT007", 39, "Januari 2025"),
    ("TXT002", 59, "Rencana Strategis Tahun"),                       # table of contents
    ("TXT002", 73, "Rencana Strategis (Renstra) Tahun"),
    ("TXT001", 384, "LK Sekretariat Komisi Pemilihan Umum Kabupaten Muaro Jambi Tahun 2020"),
    ("TXT001", 386, "LK 2023"),
    ("TXT001", 387, "LK 2023"),
    ("TXT001", 391, "Rencana kinerja (performance plan) tahun 2020"),
    ("TXT002", 392, "Rencana Strategis"),                             # "Rencana Strategis ."
    ("TXT001", 412, "Capaian Kinerja KPU Kabupaten Muaro Jambi Tahun 2020"),
    ("TXT002", 436, "Renstra KPU untuk periode"),                     # "periode dengan": period missing
    ("TXT002", 491, "Rencana Strategis Tahun"),                       # heading
    ("TXT002", 493, "Rencana Strategis Komisi pemilihan Umum Pusat tahun"),
    ("TXT002", 499, "Rencana Strategis Komisi Pemilihan Umum Tahun"),
    ("TXT002", 631, "Rencana Strategis"),
    ("TXT001", 631, "pencapaian kinerja persatuan kegiatan di tahun 2020"),
    ("TXT001", 635, "Tahun Anggaran 2023"),
    ("TXT013", 652, "Rp 28.146,626.000"),
    ("TXT013", 655, "Rp 28. 146,626.000"),
    ("TXT010", 674, "peningkatan realisasi sebesar 1,93% menjadi 94,83% dari tahun sebelumnya yaitu 92,50%"),
    ("TXT002", 674, "Rencana Strategis KPU Republik Indonesia Tahun"),
    ("TXT002", 687, "Rencana Strategis KPU Republik Indonesia Tahun"),
    ("TXT014", 759, "Rp 66.964.364.394.000"),
    ("TXT011", 767, "Rp 35.529.345.404 atau 99,97.%"),                # 35.529.345.404 / 35.648.351.000 = 99,67%
    ("TXT003", 771, "Desember 2004"),                                 # OCR "Peroda Desember 2004"
    ("TXT001", 871, "Tahun Anggaran 2023"),
    ("TXT002", 873, "Perencanaan Strategis Komisi Pemilihan Umum Tahun"),
    ("TXT001", 875, "capaian kinerja tahun 2020"),
    # 98,02 − 97,11 = 0,91 points, but 0,91 / 97,11 × 100 = 0,94%: "naik sebesar 0,91%" is ambiguous
    ("TXT020", 736, None),
    # 98,53 − 97,51 = 1,02 points; 1,02 / 97,51 × 100 = 1,05%
    ("TXT020", 751, None),
    # "Realisasi Anggaran sebesar Rp 66.964.726.000" (the pagu) after "Realisasi Anggaran sebesar
    # Rp. 59,900,669,261" on line 85: the same quantity, two figures
    ("TXT026", 650, None),
}


@pytest.fixture(scope="module")
def rules():
    return load_text_rules(str(RULES)) + load_text_rules(str(REGULATIONS))


@pytest.fixture(scope="module")
def doc():
    return read_document(str(SEED))


@pytest.fixture(scope="module")
def findings(doc, rules):
    return check_document(doc, 2024, rules, dataset="kpu-muaro-jambi-2024")


def _by(findings, rule, line):
    out = [f for f in findings if f.rule == rule and f.location.line == line]
    assert out, f"{rule} not found on line {line}"
    return out[0]


def test_complete_set_of_findings(findings):
    # A claim's quote is its whole sentence; where that is long the test pins rule and line only.
    wild = {(r, ln) for r, ln, q in EXPECTED if q is None}
    got = {(f.rule, f.location.line, None if (f.rule, f.location.line) in wild else f.quote) for f in findings}
    assert got - EXPECTED == set(), "new findings (false positives?)"
    assert EXPECTED - got == set(), "findings no longer reported"
    assert len(findings) == len(EXPECTED)


@pytest.mark.parametrize("line,year", [(384, "2020"), (386, "2023"), (387, "2023"), (391, "2020"), (412, "2020"),
                                       (635, "2023"), (871, "2023"), (875, "2020")])
def test_wrong_years(findings, line, year):
    f = _by(findings, "TXT001", line)
    assert (f.severity, f.expected, f.actual) == ("error", "2024", year)
    assert f.family == "teks" and f.reference and f.title
    assert f.location.file.endswith("lkj-kpu-muaro-jambi-2024.md") and f.location.column >= 1


def test_missing_years_are_warnings(findings):
    for line in (59, 73, 491, 499, 687, 873):
        assert _by(findings, "TXT002", line).severity == "warning"


def test_signing_date_before_year_end(findings):
    f = _by(findings, "TXT004", 19)
    assert f.severity == "error" and f.actual == "17 Januari 2024" and f.location.column == 10
    # Month precision, but "Januari 2025" is certainly after the signature as printed.
    r = _by(findings, "TXT007", 39)
    assert (r.actual, r.expected) == ("Januari 2025", "≤ 17 Januari 2024")


def test_terbilang_correct_and_not_flagged(findings):
    assert not [f for f in findings if f.rule == "TXT009"]
    # (line 650 also restates the realisation with another figure: TXT026, pinned above)
    assert not [f for f in findings if f.location.line in (79, 85, 650) and f.rule not in ("TXT011", "TXT026")]


def test_points_written_as_percent(findings):
    f = _by(findings, "TXT020", 736)
    assert (f.severity, f.expected, f.actual) == ("warning", "0,94%", "0,91")
    assert "0,91 poin" in f.message and "0,94%" in f.message
    # 99,01 − 98,55 = 0,46 points and 0,47%: both readings fit the written 0,46, so no warning.
    assert not [x for x in findings if x.rule == "TXT020" and x.location.line == 725]


def test_percentage_claim(findings):
    f = _by(findings, "TXT010", 674)
    assert (f.expected, f.actual) == ("94,43%", "94,83%")
    # The three correct claims in the same section stay silent.
    assert not [x for x in findings if x.rule == "TXT010" and x.location.line in (725, 736, 751)]


def test_number_format_and_magnitude(findings):
    assert "bercampur" in _by(findings, "TXT013", 652).message
    assert "spasi" in _by(findings, "TXT013", 655).message
    f = _by(findings, "TXT014", 759)
    assert f.severity == "warning" and "1.000×" in f.message and "66.964.726.000" in f.message


def test_absurd_year_in_budget_annex(findings):
    f = _by(findings, "TXT003", 771)
    assert (f.severity, f.actual) == ("warning", "2004")


def test_regulation_citations_and_events_not_flagged(doc, findings):
    lines = {f.location.line for f in findings if f.rule in ("TXT001", "TXT003", "TXT008")}
    for needle in ("Peraturan Presiden Nomor 29 Tahun 2014", "UU Nomor 7 tahun 2012", "Tahun 1945",
                   "Pemilu Serentak Tahun 2019", "RPJMN 2020 - 2024", "tanggal 11 Desember 2015",
                   "pada tanggal 23 Januari 2014", "Realisasi 2021", "tanggal 2 agustus 2024"):
        hits = [i + 1 for i, ln in enumerate(doc.lines) if needle in ln]
        assert hits, needle
        assert not set(hits) & lines, needle


def test_facts_hold_prose_against_tables(doc, rules):
    facts = {"pagu_total": 66964726000, "realisasi_total": 59900669261, "pagu_hibah": 31316375000,
             "pagu_rutin": 35648351000, "penandatangan_tanggal": date(2025, 1, 17)}
    fs = check_document(doc, 2024, rules, dataset="d", facts=facts)
    extra = {(f.rule, f.location.line) for f in fs} - {(r, ln) for r, ln, _ in EXPECTED}
    assert extra == {("TXT006", 19), ("TXT011", 85), ("TXT012", 650), ("TXT012", 652), ("TXT012", 759)}
    f = _by(fs, "TXT011", 85)
    assert (f.expected, f.actual) == ("89,45%", "93,61%")
    assert _by(fs, "TXT012", 650).expected == "Rp 59.900.669.261"
    # Hibah realisation 24.383.094.857 / 31.316.375.000 = 77,86%: right against the hibah budget.
    assert not [x for x in fs if x.rule == "TXT011" and x.location.line == 765]


def test_english_messages(doc, rules):
    fs = check_document(doc, 2024, rules, dataset="d", lang="en")
    f = _by(fs, "TXT010", 674)
    assert f.message.startswith("An increase of 1.93% from 92.50% gives 94.43%, not 94.83%")
    assert (f.expected, f.actual) == ("94.43%", "94.83%")
    assert _by(fs, "TXT004", 19).message.startswith("The report for 2024 is signed 17 January 2024")
    assert all(f.title and not f.title.startswith("TXT") for f in fs)
