"""Tables printed inside the report text, figures stated twice and counts with their parts (TXT027–TXT030), on real text read from ../shared.

The real excerpts are read at test time, never copied; where a test needs the
other way round, it changes one figure of the real text in memory and says so.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from lkjcheck.checks.text.check import check_document
from lkjcheck.checks.text.rules import load_text_rules
from lkjcheck.read.textdoc import Document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
RULES = {r.id: r for r in load_text_rules(str(ROOT / "rules" / "sakip" / "teks.yaml"))}
NEW = ("TXT027", "TXT028", "TXT029", "TXT030")


def real(name: str) -> str:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus excerpt not found at {path}")
    return path.read_text(encoding="utf-8")


def run(text: str, year: int, *ids: str, lang: str = "id"):
    return check_document(Document.from_text(text), year, [RULES[i] for i in ids or NEW], dataset="d", lang=lang)


# ---------------------------------------------------------------- TXT027: a JUMLAH row against its rows

def test_total_row_of_the_real_budget_table_is_held_against_its_rows():
    # The DIPA table lists three kinds of expenditure; each money column of its JUMLAH row is
    # Rp 6.000.000 more than its rows (2.592.320.000 + 1.008.627.000 + 0 = 3.600.947.000, and so on).
    # The % column (99.25, smaller than 99.87 above it) is a ratio, not a sum, and is left alone.
    text = real("pengadilan-dipa01-bua-2019.md")
    fs = run(text, 2019, "TXT027")
    assert sorted((f.expected, f.actual) for f in fs) == [
        ("3.026.087.867", "3.032.087.867"), ("3.049.075.000", "3.055.075.000"), ("3.600.947.000", "3.606.947.000")]
    assert {f.location.line for f in fs} == {text.splitlines().index(
        next(x for x in text.splitlines() if x.startswith("JUMLAH"))) + 1}
    assert "1.856.657.167 + 1.144.390.700 + 25.040.000 = 3.026.087.867" in " ".join(f.message for f in fs)


def test_the_same_table_with_totals_that_add_up_is_not_flagged():
    # the real table, its JUMLAH row changed in memory to the sums of its rows
    text = real("pengadilan-dipa01-bua-2019.md").replace(
        "JUMLAH 3.606.947.000,- 3.055.075.000,- 3.032.087.867,-", "JUMLAH 3.600.947.000,- 3.049.075.000,- 3.026.087.867,-")
    assert run(text, 2019, "TXT027") == []


def test_markdown_and_tab_tables_keep_their_empty_cells_in_place():
    md = ("| No | Belanja | Pagu | Realisasi | % |\n|---|---|---|---|---|\n| 1 | Pegawai | 1.000.000 | 900.000 | 90,00 |\n"
          "| 2 | Barang | 2.000.000 | | |\n| 3 | Modal | 3.000.000 | 2.700.000 | 90,00 |\n"
          "| | Jumlah | 6.000.000 | 3.600.000 | 60,00 |\n")
    # row 2 has no realisation: that column does not line up and is not summed; the pagu column adds up
    assert run(md, 2024, "TXT027") == []
    [f] = run(md.replace("| 6.000.000 |", "| 6.500.000 |"), 2024, "TXT027")
    assert (f.expected, f.actual) == ("6.000.000", "6.500.000")
    tabbed = "1\tPegawai\t1.000\t900\n2\tBarang\t2.000\t1.800\nJumlah\t\t3.500\t2.700\n"
    [f] = run(tabbed, 2024, "TXT027")
    assert (f.expected, f.actual) == ("3.000", "3.500")
    assert run(tabbed.replace("3.500", "3.000"), 2024, "TXT027") == []


def test_a_total_row_and_its_rows_are_read_from_the_seed_without_a_false_finding():
    if not SEED.exists():
        pytest.skip("seed not found")
    # the seed's staff table (tab-separated, OCR-garbled, "TOTAL 29 1") has no row ending in a figure
    assert run(SEED.read_text(encoding="utf-8"), 2024) == []


# ---------------------------------------------------------------- TXT028: "rata-rata capaian … sebesar X"

MANGGARAI = "kab-manggarai-timur-lkjip-2019.md"
STATED = "Rata-rata Capaian kinerja Tahun 2019 sebesar 85,38 %"


def test_real_average_within_its_written_precision_is_not_flagged():
    # (87,10 + 96,54 + 72,52) / 3 = 85,3867; each figure stands for ±0,005, so 85,38 (truncated) is possible
    text = real(MANGGARAI)
    assert STATED in text
    assert run(text, 2019, "TXT028") == []


def test_real_average_with_one_figure_changed_is_found():
    # the real paragraph, its 85,38 changed to 83,58 in memory
    text = real(MANGGARAI).replace(STATED, STATED.replace("85,38", "83,58"))
    [f] = run(text, 2019, "TXT028")
    assert (f.expected, f.actual) == ("85,39", "83,58")
    assert "(87,10 + 96,54 + 72,52) / 3 = 85,39" in f.message
    [en] = run(text, 2019, "TXT028", lang="en")
    assert "The average of the 3 figures" in en.message and "85.39" in en.message


def test_the_average_of_another_year_in_the_same_sentence_is_a_comparison():
    # "… rata-rata capaian kinerja tahun sebelumnya 2018 sebesar 91,02 %" is about 2018, not the table's 2019 column
    text = real(MANGGARAI).replace("2018 sebesar 91,02", "2018 sebesar 11,02")
    assert run(text, 2019, "TXT028") == []


def test_an_average_without_a_table_above_is_not_judged():
    text = real("kec-blimbing-malang-lkjip-2022.md")      # the table is an image, missing from the text
    assert "100,33%" in text
    assert run(text.replace("100,33%", "10,33%"), 2022, "TXT028") == []


# ---------------------------------------------------------------- TXT029: one indicator, two figures

REAL_SENTENCE = "realisasi kematian bayi sebesar 9,53/1.000 KH"


def _with_restatement(figure: str) -> str:
    # The real data states each indicator's realisation once; the test restates the real sentence
    # in a paragraph of its own, with its figure changed (or not), to build the other statement.
    text = real(MANGGARAI)
    assert REAL_SENTENCE in text
    sentence = next(s for s in text.split("\n") if REAL_SENTENCE in s).strip()
    return text + "\n\n" + sentence.replace("9,53/1.000", figure + "/1.000") + "\n"


def test_an_indicator_realisation_stated_twice_with_different_figures_is_found():
    [f] = run(_with_restatement("9,35"), 2019, "TXT029")
    assert (f.expected, f.actual) == ("9,53", "9,35")
    assert "Realisasi indikator \"kematian bayi\"" in f.message


def test_the_same_figure_restated_is_not_flagged():
    assert run(_with_restatement("9,53"), 2019, "TXT029") == []


def test_targets_are_compared_with_targets_and_indicators_with_themselves():
    text = ("Realisasi angka kematian bayi sebesar 9,53. Target angka kematian bayi sebesar 9,20. "
            "Realisasi angka kematian ibu sebesar 0,19.\n\nTarget angka kematian bayi sebesar 9,50.")
    [f] = run(text, 2019, "TXT029")
    assert (f.expected, f.actual) == ("9,20", "9,50") and "Target indikator" in f.message
    assert run(text.replace("9,50.", "9,20."), 2019, "TXT029") == []


def test_no_new_finding_on_any_real_excerpt_except_the_budget_table():
    found = set()
    for path in sorted(CORPUS.glob("*.md")):
        if path.name == "README.md":
            continue
        for f in run(path.read_text(encoding="utf-8"), 2019):
            found.add((path.name, f.rule))
    assert found == {("pengadilan-dipa01-bua-2019.md", "TXT027")}


# ---------------------------------------------------------------- TXT030: a count and its parts

STAFF = "PPPK sebanyak 16 pegawai"
EDUCATION = "S1 sebanyak 17 orang"


def _seed() -> str:
    if not SEED.exists():
        pytest.skip("seed not found")
    return SEED.read_text(encoding="utf-8")


def test_the_seeds_staff_counts_add_up_and_are_not_flagged():
    # 29 = 5 + 16 + 8 (the PPNPN's own breakdown, 3 + 2 + 1 + 2, is not a part) and 29 = 3 + 17 + 1 + 8
    # ("Diploma 3" is a name, not a part)
    text = _seed()
    assert STAFF in text and EDUCATION in text
    assert run(text, 2024, "TXT030") == []


@pytest.mark.parametrize("written,changed,expected", [
    (STAFF, "PPPK sebanyak 15 pegawai", "5 + 15 + 8 = 28"),
    (EDUCATION, "S1 sebanyak 18 orang", "3 + 18 + 1 + 8 = 30"),
])
def test_the_seeds_staff_counts_with_one_figure_changed_are_found(written, changed, expected):
    # the real sentence, one of its parts changed in memory
    [f] = run(_seed().replace(written, changed), 2024, "TXT030")
    assert expected in f.message and f.actual == "29"


def test_a_breakdown_of_one_part_is_not_a_part_of_the_total():
    # "PPNPN 8 orang dengan rincian … Pramubakti sebanyak 2": changing the breakdown leaves 5 + 16 + 8 = 29
    assert run(_seed().replace("Pramubakti sebanyak 2", "Pramubakti sebanyak 4"), 2024, "TXT030") == []
