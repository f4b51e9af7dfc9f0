"""The claims the text checks recognise (`lkjcheck text --claims`), and the totals over a list on real text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjcheck.checks.text.check import check_document
from lkjcheck.checks.text.rules import load_text_rules
from lkjcheck.cli import main
from lkjcheck.read.textdoc import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
CORPUS = ROOT.parent / "shared" / "corpus"
RULES = load_text_rules(str(ROOT / "rules" / "sakip" / "teks.yaml")) + load_text_rules(
    str(ROOT / "rules" / "sakip" / "regulasi.yaml"))


def claims_of(text: str, year: int = 2024, rule: str | None = None, lang: str = "id"):
    claims: list = []
    found = check_document(Document.from_text(text), year, [r for r in RULES if rule is None or r.id == rule],
                           dataset="d", lang=lang, claims=claims)
    return found, claims


def test_each_claim_is_right_wrong_or_unchecked_with_its_recomputation():
    text = ("Persentase perkara selesai = 12.450 / 13.900 x 100 = 89,75%.\n\n"
            "Persentase perkara diminutasi = 900 / 1.000 x 100 = 90,00%.\n\n"
            "Capaian kinerja indikator ini sebesar 95%.")
    found, claims = claims_of(text)
    by_line = {c.line: c for c in claims if c.rule in ("TXT015", "TXT016")}
    assert by_line[1].status == "wrong" and by_line[1].result == "12.450 / 13.900 × 100 = 89,57"
    assert by_line[1].stated == "89,75"
    assert by_line[3].status == "right" and by_line[3].result == "900 / 1.000 × 100 = 90,00"
    assert by_line[5].status == "unchecked" and by_line[5].why == "no_figures"
    # every wrong claim is a finding, and no right or unchecked one is
    assert sorted((f.rule, f.location.line) for f in found if f.rule in ("TXT015", "TXT016")) == [("TXT015", 1)]


def test_listing_does_not_change_the_findings():
    text = (ROOT / "tests" / "data" / "text" / "buruk.md").read_text(encoding="utf-8")
    doc = Document.from_text(text, "buruk.md")
    plain = check_document(doc, 2024, RULES, dataset="d")
    listed = check_document(doc, 2024, RULES, dataset="d", claims=[])
    assert [f.to_dict() for f in plain] == [f.to_dict() for f in listed]


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seed")
def test_the_seeds_total_over_its_bullets_is_recognised_and_right():
    # Line 317 of the signed report: 11 civil servants, listed as rank III 9 and rank IV 2.
    _, claims = claims_of(SEED.read_text(encoding="utf-8"), rule="TXT031")
    [c] = [c for c in claims if c.line == 317]
    assert (c.status, c.result, c.stated) == ("right", "9 + 2 = 11", "11")


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seed")
def test_the_seeds_total_with_one_part_changed_is_found():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert "Golongan IV sebanyak 2 pegawai" in lines[319]
    lines[319] = lines[319].replace("sebanyak 2 pegawai", "sebanyak 3 pegawai")
    found, _ = claims_of("\n".join(lines), rule="TXT031")
    [f] = found
    assert (f.location.line, f.expected, f.actual) == (317, "12", "11")
    assert "9 + 3 = 12" in f.message


def test_a_list_with_an_item_without_a_figure_is_not_checked():
    text = ("Jumlah pegawai sebanyak 20 orang, terdiri dari:\n- PNS sebanyak 9 orang;\n- PPPK;\n"
            "- PPNPN sebanyak 2 orang.")
    found, claims = claims_of(text, rule="TXT031")
    assert found == [] and [(c.status, c.why) for c in claims] == [("unchecked", "part_without_figure")]


def test_a_total_with_its_parts_in_the_sentence_is_left_to_the_sentence_rules():
    text = "Jumlah pegawai sebanyak 20 orang terdiri dari PNS sebanyak 9 orang dan PPNPN sebanyak 2 orang."
    found, claims = claims_of(text, rule="TXT031")
    assert found == [] and claims == []
    assert [f.rule for f in claims_of(text, rule="TXT030")[0]] == ["TXT030"]


def test_an_average_whose_count_differs_from_the_figures_listed_is_not_checked():
    text = "Rata-rata capaian dari 3 indikator sebesar 50,00%. Indikator A mencapai 97,50% dan B capaiannya 92,50%."
    found, claims = claims_of(text, rule="TXT033")
    assert found == [] and [(c.status, c.why) for c in claims] == [("unchecked", "count_differs")]


def test_an_average_in_a_paragraph_without_bounds_is_not_checked():
    # A PDF page read without blank lines is one "paragraph": its figures are not the average's.
    filler = "Kegiatan berjalan sesuai rencana dan dilaporkan setiap bulan kepada pimpinan.\n" * 25
    text = ("Rata-rata capaian dari 2 indikator sebesar 50,00%.\n" + filler
            + "Indikator A mencapai 97,50% dan B capaiannya 92,50%.")
    found, claims = claims_of(text, rule="TXT033")
    assert found == [] and [(c.status, c.why) for c in claims] == [("unchecked", "long_paragraph")]


def test_measured_parts_are_compared_within_their_written_precision():
    lead = "Jumlah panjang jalan yang dibangun adalah {} km, terdiri dari:\n- ruas A: 12,4 km\n- ruas B: 8,3 km"
    assert claims_of(lead.format("20,8"), rule="TXT031")[0] == []      # 12,35 + 8,25 … 12,45 + 8,35 holds 20,8
    assert [f.rule for f in claims_of(lead.format("20,9"), rule="TXT031")[0]] == ["TXT031"]


def _cli(*args):
    return CliRunner().invoke(main, ["text", *args])


def test_cli_adds_the_claims_to_the_text_report(tmp_path):
    f = tmp_path / "laporan.md"
    f.write_text("Persentase perkara selesai = 12.450 / 13.900 x 100 = 89,75%.\n\n"
                 "Capaian kinerja indikator ini sebesar 95%.\n", encoding="utf-8")
    plain = _cli(str(f), "--tahun", "2024")
    r = _cli(str(f), "--tahun", "2024", "--claims")
    assert r.exit_code == plain.exit_code == 1, r.output
    # The findings report comes first, whole, then the claims section.
    report, _, listed = r.output.partition("\nKlaim yang dikenali di laporan.md: 2 (0 benar, 1 salah, 1 tidak diperiksa)\n")
    assert report.rstrip("\n") == plain.output.rstrip("\n") and "TXT015" in report and "89,57" in report
    assert "laporan.md:1:54 TXT015 [salah] rumus dengan hasilnya" in listed
    assert "12.450 / 13.900 × 100 = 89,57 (tertulis 89,75)" in listed
    assert "[tidak diperiksa]" in listed and "sebab:" in listed


def test_cli_adds_the_claims_to_the_json_report(tmp_path):
    import jsonschema

    f = tmp_path / "laporan.md"
    f.write_text("Persentase perkara selesai = 12.450 / 13.900 x 100 = 89,75%.\n\n"
                 "Capaian kinerja indikator ini sebesar 95%.\n", encoding="utf-8")
    plain = json.loads(_cli(str(f), "--tahun", "2024", "-f", "json", "--lang", "en").output)
    r = _cli(str(f), "--tahun", "2024", "--claims", "-f", "json", "--lang", "en")
    assert r.exit_code == 1, r.output
    doc = json.loads(r.output)
    jsonschema.validate(doc, json.loads((ROOT / "lkjcheck" / "schemas" / "findings.schema.json").read_text()))
    claims = doc.pop("claims")
    # Everything else is the findings report -f json writes without --claims.
    doc.pop("generated_at"), plain.pop("generated_at")
    assert doc == plain and [x["rule"] for x in doc["findings"] if x["rule"].startswith("TXT")] == ["TXT015"]
    assert claims["summary"] == {"claims": 2, "right": 0, "wrong": 1, "unchecked": 1}
    wrong = [c for c in claims["items"] if c["status"] == "wrong"]
    assert wrong[0]["result"] == "12,450 / 13,900 × 100 = 89.57" and wrong[0]["checked"] is True
    assert wrong[0]["kind_label"] == "formula with its result" and wrong[0]["line"] == 1
    unchecked = [c for c in claims["items"] if not c["checked"]]
    assert unchecked[0]["reason"].startswith("the figures to recompute it from")
    # English throughout: no Indonesian label leaks in
    assert "salah" not in r.output and "tidak diperiksa" not in r.output


def test_cli_claims_refuses_other_formats(tmp_path):
    f = tmp_path / "laporan.md"
    f.write_text("Teks.\n", encoding="utf-8")
    r = _cli(str(f), "--tahun", "2024", "--claims", "-f", "sarif")
    assert r.exit_code == 2 and "--claims" in r.output and "Traceback" not in r.output


def test_cli_claims_writes_its_file_atomically(tmp_path):
    f = tmp_path / "laporan.md"
    f.write_text("Persentase = 900 / 1.000 x 100 = 90,00%.\n", encoding="utf-8")
    out = tmp_path / "klaim.json"
    r = _cli(str(f), "--tahun", "2024", "--claims", "-f", "json", "-o", str(out), "--select", "TXT")
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["claims"]["summary"]["right"] == 1 and doc["findings"] == []


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus")
def test_every_corpus_excerpt_lists_its_claims_without_error():
    for path in sorted(CORPUS.glob("*-*.md")):
        year = int(path.stem[-4:])
        r = _cli(str(path), "--tahun", str(year), "--claims", "-f", "json")
        assert r.exit_code in (0, 1), (path.name, r.output)
        claims = json.loads(r.output)["claims"]
        assert claims["summary"]["claims"] == len(claims["items"])
        assert all(c["checked"] == (c["status"] != "unchecked") for c in claims["items"])


# Wordings of the issue not covered by tests/test_text_claims.py, both ways (own sentences).
MORE = [
    # "selisih" for the remainder
    ("TXT018", "Pagu kegiatan Rp 2.000.000.000 dengan realisasi Rp 1.750.000.000, selisih sebesar Rp 205.000.000.",
     "Pagu kegiatan Rp 2.000.000.000 dengan realisasi Rp 1.750.000.000, selisih sebesar Rp 250.000.000."),
    # "di atas" / "melebihi": the figure must be higher
    ("TXT019", "Realisasi sebesar 88,40% berada di atas target yaitu sebesar 90%.",
     "Realisasi sebesar 91,40% berada di atas target yaitu sebesar 90%."),
    ("TXT019", "Nilai tahun ini 72,5 lebih tinggi dari tahun sebelumnya yaitu 75,0.",
     "Nilai tahun ini 77,5 lebih tinggi dari tahun sebelumnya yaitu 75,0."),
    # PermenPANRB 53 given another year
    ("TXT023", "Laporan disusun menurut Peraturan Menteri PANRB Nomor 53 Tahun 2016 tentang Petunjuk Teknis "
               "Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi Pemerintah.",
     "Laporan disusun menurut Peraturan Menteri PANRB Nomor 53 Tahun 2014 tentang Petunjuk Teknis "
     "Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi Pemerintah."),
    # the percentage in parentheses with a line break after "Rp."
    ("TXT011", "Pagu Rp 4.000.000.000 dengan realisasi Rp.\n3.000.000.000 (70,00%).",
     "Pagu Rp 4.000.000.000 dengan realisasi Rp.\n3.000.000.000 (75,00%)."),
    # the same figure with a decimal point and a comma
    ("TXT022", "Indeks kepuasan mencapai 87,25. Nilai indeks kepuasan 87.25 itu di atas target.",
     "Indeks kepuasan mencapai 87,25. Nilai indeks kepuasan 87,25 itu di atas target."),
]


@pytest.mark.parametrize("rule,bad,good", MORE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(MORE)])
def test_more_wordings_both_ways(rule, bad, good):
    found, claims = claims_of(bad, rule=rule)
    assert [f.rule for f in found] == [rule], [f.message for f in found]
    assert any(c.status == "wrong" for c in claims)
    found, claims = claims_of(good, rule=rule)
    assert found == []
    if rule != "TXT022":        # a figure written one way only is no claim of its own
        assert claims and all(c.status == "right" for c in claims), claims
