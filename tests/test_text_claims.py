"""Claims as real reports word them, with our own sentences: each wrong figure is found, each right one is not."""
from __future__ import annotations

from pathlib import Path

import pytest

from lkjcheck.checks.text.check import check_document
from lkjcheck.read.textdoc import Document
from lkjcheck.checks.text.rules import load_text_rules
from lkjcheck.checks.text.units import document_sentences

ROOT = Path(__file__).resolve().parents[1]
RULES = load_text_rules(str(ROOT / "rules" / "sakip" / "teks.yaml")) + load_text_rules(
    str(ROOT / "rules" / "sakip" / "regulasi.yaml"))


def run(text: str, year: int = 2023, rule: str | None = None, lang: str = "id", facts=None):
    rules = [r for r in RULES if rule is None or r.id == rule]
    return check_document(Document.from_text(text), year, rules, dataset="d", lang=lang, facts=facts)


# (rule, wrong sentence, the same sentence with the right figure, expected, actual)
CASES = [
    # budget sentence variants (TXT011)
    ("TXT011", "Pagu belanja sebesar Rp 3.370.000.000 dengan realisasi sebesar Rp. 2.405.118.300 (72,36%).",
     "Pagu belanja sebesar Rp 3.370.000.000 dengan realisasi sebesar Rp. 2.405.118.300 (71,37%).", "71,37%", "72,36%"),
    ("TXT011", "Pagu Rp 5.000.000.000, realisasi Rp 2.058.500.000 atau sebesar 41.71%.",
     "Pagu Rp 5.000.000.000, realisasi Rp 2.058.500.000 atau sebesar 41.17%.", "41,17%", "41,71%"),
    ("TXT011", "Pagu kantor Rp 8.000.000.000, Realisasinya sebesar Rp 7.284.000.000 atau 91,50%.",
     "Pagu kantor Rp 8.000.000.000, Realisasinya sebesar Rp 7.284.000.000 atau 91,05%.", "91,05%", "91,50%"),
    ("TXT011", "Tahun ini realisasi anggaran Rp 7.284.000.000 dari pagu Rp 8.000.000.000 atau 90,15%.",
     "Tahun ini realisasi anggaran Rp 7.284.000.000 dari pagu Rp 8.000.000.000 atau 91,05%.", "91,05%", "90,15%"),
    ("TXT011", "Dari pagu Rp 8.000.000.000 terealisasi Rp 7.284.000.000 atau 95,05 dengan sisa anggaran Rp 716.000.000.",
     "Dari pagu Rp 8.000.000.000 terealisasi Rp 7.284.000.000 atau 91,05 dengan sisa anggaran Rp 716.000.000.",
     "91,05%", "95,05%"),
    ("TXT011", "Pagu Januari s.d. Desember Rp 8.000.000.000 dan realisasi s.d. Desember Rp 7.284.000.000 atau 93,05%.",
     "Pagu Januari s.d. Desember Rp 8.000.000.000 dan realisasi s.d. Desember Rp 7.284.000.000 atau 91,05%.",
     "91,05%", "93,05%"),
    ("TXT011", "Pagu sebesar Rp.\n8.000.000.000 dengan realisasi Rp.\n7.284.000.000 atau 97,05%.",
     "Pagu sebesar Rp.\n8.000.000.000 dengan realisasi Rp.\n7.284.000.000 atau 91,05%.", "91,05%", "97,05%"),
    ("TXT011", "Realisasi mencapai Rp.1,035,979,833,682,00 (99,68%) dari total pagu sebesar Rp.1.036.196.551.000,00.",
     "Realisasi mencapai Rp.1,035,979,833,682,00 (99,98%) dari total pagu sebesar Rp.1.036.196.551.000,00.",
     "99,98%", "99,68%"),
    # formula with its result (TXT015)
    ("TXT015", "Persentase perkara selesai = 12.450 / 13.900 x 100 = 89,75%.",
     "Persentase perkara selesai = 12.450 / 13.900 x 100 = 89,57%.", "89,57", "89,75"),
    ("TXT015", "Realisasi sebesar 0,19% dibagi target sebesar 0,16% dikalikan dengan seratus persen sama dengan 87,10%.",
     "Realisasi sebesar 0,19% dibagi target sebesar 0,16% dikalikan dengan seratus persen sama dengan 118,75%.",
     "118,75", "87,10"),
    # capaian from realisation and target, with the indicator's direction (TXT016)
    ("TXT016", "Realisasi tahun 2023 tercapai sebesar 85 dari target sebesar 90 sehingga capaiannya 98,44%.",
     "Realisasi tahun 2023 tercapai sebesar 85 dari target sebesar 90 sehingga capaiannya 94,44%.", "94,44", "98,44"),
    ("TXT016", "Angka kematian bayi tahun 2023 sebesar 4,88 per 1000 dengan target sebesar 32 per 1000, capaian "
               "kinerja sebesar 15,25.",
     "Angka kematian bayi tahun 2023 sebesar 4,88 per 1000 dengan target sebesar 32 per 1000, capaian "
     "kinerja sebesar 184,75.", "184,75", "15,25"),
    # a total and its parts (TXT017)
    ("TXT017", "Belanja Langsung sebesar Rp 55.463.202.837, terdiri atas Belanja Pegawai Rp 536.035.400, Belanja "
               "Barang dan Jasa Rp 19.545.506.348 dan Belanja Modal Rp 5.069.499.096.",
     "Belanja Langsung sebesar Rp 25.151.040.844, terdiri atas Belanja Pegawai Rp 536.035.400, Belanja "
     "Barang dan Jasa Rp 19.545.506.348 dan Belanja Modal Rp 5.069.499.096.", "25.151.040.844", "55.463.202.837"),
    # the remainder (TXT018)
    ("TXT018", "Dari pagu Rp 8.000.000.000 terealisasi Rp 7.284.000.000 dengan sisa anggaran sebesar Rp 761.000.000.",
     "Dari pagu Rp 8.000.000.000 terealisasi Rp 7.284.000.000 dengan sisa anggaran sebesar Rp 716.000.000.",
     "716.000.000", "761.000.000"),
    # comparisons (TXT019)
    ("TXT019", "Realisasi tahun 2023 sebesar 92,5% masih di bawah target yaitu sebesar 90%.",
     "Realisasi tahun 2023 sebesar 88,5% masih di bawah target yaitu sebesar 90%.", None, "92,5"),
    ("TXT019", "Rata-rata capaian sebesar 95,38% mengalami penurunan jika dibandingkan dengan tahun sebelumnya sebesar "
               "91,02%.",
     "Rata-rata capaian sebesar 85,38% mengalami penurunan jika dibandingkan dengan tahun sebelumnya sebesar "
     "91,02%.", None, "95,38"),
    # percentage points written as per cent (TXT020)
    ("TXT020", "Capaian turun sebesar 3,60% dari 96,40% menjadi 92,80%.",
     "Capaian turun sebesar 3,60 poin dari 96,40% menjadi 92,80%.", "3,73%", "3,60"),
    # the year's place in the plan period (TXT021)
    ("TXT021", "Tahun 2023 merupakan tahun kedua pelaksanaan Renstra 2019-2024.",
     "Tahun 2023 merupakan tahun kelima pelaksanaan Renstra 2019-2024.", "5", "2"),
    ("TXT021", "Tahun 2022 adalah tahun ke-3 pelaksanaan RPJMD 2019–2023.",
     "Tahun 2022 adalah tahun ke-4 pelaksanaan RPJMD 2019–2023.", "4", "3"),
    # shares of a count (TXT025)
    ("TXT025", "Pengukuran dilakukan pada 5 (lima) indikator kinerja utama. Penjabarannya yaitu 3 (tiga) indikator "
               "sasaran atau sebanyak 75,00% dikategorikan sangat baik.",
     "Pengukuran dilakukan pada 5 (lima) indikator kinerja utama. Penjabarannya yaitu 3 (tiga) indikator "
     "sasaran atau sebanyak 60,00% dikategorikan sangat baik.", "60,00%", "75,00%"),
    # the same quantity stated twice (TXT026); a sentence about another year or another budget is not compared
    ("TXT026", "Pagu anggaran sebesar Rp 8.000.000.000 dikelola satker. Pagu rutin sebesar Rp 5.000.000.000. Pagu "
               "anggaran 2022 sebesar Rp 7.000.000.000. Sampai akhir tahun, pagu anggaran sebesar "
               "Rp 8.500.000.000 dikelola satker.",
     "Pagu anggaran sebesar Rp 8.000.000.000 dikelola satker. Pagu rutin sebesar Rp 5.000.000.000. Pagu "
     "anggaran 2022 sebesar Rp 7.000.000.000. Sampai akhir tahun, pagu anggaran sebesar "
     "Rp 8.000.000.000 dikelola satker.", "8.000.000.000", "8.500.000.000"),
    # a table printed in the text: its JUMLAH row against its rows (TXT027)
    ("TXT027", "1 Belanja Pegawai 1.877.248.000 98,90\n2 Belanja Barang 1.145.827.000 99,87\nJUMLAH 3.029.075.000 99,25",
     "1 Belanja Pegawai 1.877.248.000 98,90\n2 Belanja Barang 1.145.827.000 99,87\nJUMLAH 3.023.075.000 99,25",
     "3.023.075.000", "3.029.075.000"),
    # the average stated after the table (TXT028); the last column is the capaian
    ("TXT028", "AKI 0,16 0,19 87,10\nAKB 9,20 9,53 96,54\nAKBa 0,64 0,18 72,52\n\nRata-rata capaian kinerja "
               "sebesar 83,58 %.",
     "AKI 0,16 0,19 87,10\nAKB 9,20 9,53 96,54\nAKBa 0,64 0,18 72,52\n\nRata-rata capaian kinerja "
     "sebesar 85,39 %.", "85,39", "83,58"),
    # one indicator's realisation in two sentences (TXT029)
    ("TXT029", "Realisasi angka kematian bayi sebesar 9,53. Di bagian lain, realisasi angka kematian bayi sebesar 9,35.",
     "Realisasi angka kematian bayi sebesar 9,53. Di bagian lain, realisasi angka kematian bayi sebesar 9,53.",
     "9,53", "9,35"),
    # a count and its parts (TXT030): counts are exact
    ("TXT030", "Jumlah pegawai sebanyak 29 orang terdiri dari Komisioner sebanyak 5 pegawai, ASN sebanyak 15 pegawai, "
               "PPNPN 8 orang.",
     "Jumlah pegawai sebanyak 29 orang terdiri dari Komisioner sebanyak 5 pegawai, ASN sebanyak 16 pegawai, "
     "PPNPN 8 orang.", "28", "29"),
    # decimal point and comma for the same figure (TXT022)
    ("TXT022", "Nilai LKBUN 98,15. Capaian IKU Nilai LKBUN tercapai yaitu 98.15%.",
     "Nilai LKBUN 98,15. Capaian IKU Nilai LKBUN tercapai yaitu 98,15%.", "98,15", "98.15"),
    # regulations (TXT023)
    ("TXT023", "Disusun berdasarkan Peraturan Presiden Nomor 29 Tahun 2015 tentang Sistem Akuntabilitas Kinerja "
               "Instansi Pemerintah.",
     "Disusun berdasarkan Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja "
     "Instansi Pemerintah.", "2014", "2015"),
    ("TXT023", "Peraturan Presiden No. 7 tahun 1999 menginstruksikan akuntabilitas kinerja instansi pemerintah.",
     "Instruksi Presiden No. 7 tahun 1999 menginstruksikan akuntabilitas kinerja instansi pemerintah.",
     "Inpres", "Peraturan Presiden"),
    ("TXT023", "Mengacu pada PermenPANRB Nomor 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Peiaporan "
               "Kinerja darr Tata Cara Rev-rtr atas Laporan Kinerja.",
     "Mengacu pada PermenPANRB Nomor 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan "
     "Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi Pemerintah.", None, None),
    # a total whose sentence ends with a colon, its parts the list below it (TXT031, TXT032)
    ("TXT031", "Jumlah ASN sebanyak 12 pegawai terdiri dari dua golongan, sebagai berikut:\n\n"
               "- Golongan III sebanyak 9 pegawai;\n- ii. Golongan IV sebanyak 2 pegawai.",
     "Jumlah ASN sebanyak 11 pegawai terdiri dari dua golongan, sebagai berikut:\n\n"
     "- Golongan III sebanyak 9 pegawai;\n- ii. Golongan IV sebanyak 2 pegawai.", "11", "12"),
    ("TXT032", "Total pagu sebesar Rp 1.500.000.000 dengan rincian:\n1. Belanja Pegawai Rp 900.000.000;\n"
               "2. Belanja Barang Rp.\n500.000.000.",
     "Total pagu sebesar Rp 1.400.000.000 dengan rincian:\n1. Belanja Pegawai Rp 900.000.000;\n"
     "2. Belanja Barang Rp.\n500.000.000.", "1.400.000.000", "1.500.000.000"),
    # an average against the figures its own paragraph lists (TXT033)
    ("TXT033", "Rata-rata capaian dari 2 indikator sebesar 94,00%. Indikator A mencapai 97,50% dan indikator B "
               "capaiannya 92,50%.",
     "Rata-rata capaian dari 2 indikator sebesar 95,00%. Indikator A mencapai 97,50% dan indikator B "
     "capaiannya 92,50%.", "95,00", "94,00"),
]


@pytest.mark.parametrize("rule,bad,good,expected,actual", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_wrong_figure_found_right_one_not(rule, bad, good, expected, actual):
    found = run(bad, rule=rule)
    assert len(found) == 1, [f.message for f in found]
    f = found[0]
    if expected is not None:
        assert f.expected == expected
    if actual is not None:
        assert f.actual == actual
    assert run(good, rule=rule) == []
    # The whole pack stays silent on the right sentence too (TXT013 rightly refuses "1,035,979,833,682,00").
    assert [x.rule for x in run(good) if x.rule != "TXT013"] == []


def test_message_quotes_sentence_and_shows_recomputation():
    [f] = run("Persentase perkara selesai = 12.450 / 13.900 x 100 = 89,75%.", rule="TXT015")
    assert f.message.startswith("12.450 / 13.900 × 100 = 89,57, bukan 89,75")
    assert "\"Persentase perkara selesai = 12.450 / 13.900 x 100 = 89,75%.\"" in f.message
    [e] = run("Persentase perkara selesai = 12.450 / 13.900 x 100 = 89,75%.", rule="TXT015", lang="en")
    assert e.message.startswith("12,450 / 13,900 × 100 = 89.57, not 89.75")
    [b] = run("Pagu Rp 5.000.000.000, realisasi Rp 2.058.500.000 atau sebesar 41.71%.", rule="TXT011", lang="en")
    assert "2,058,500,000 / 5,000,000,000 × 100 = 41.17%" in b.message and "bukan" not in b.message


def test_lower_is_better_is_held_to_its_formula():
    # 4,88 against 32 with "kematian" named: only (2T − R)/T or T/R count, so R/T (15,25) is wrong.
    [f] = run("Angka kematian bayi tahun 2023 sebesar 4,88 per 1000 dengan target sebesar 32, capaian kinerja "
              "sebesar 15,25.",
              rule="TXT016")
    assert "semakin rendah semakin baik" in f.message
    # Without a direction, R/T is accepted.
    assert run("Nilai indeks tahun 2023 sebesar 4,88 persen dengan target sebesar 32, capaian kinerja sebesar 15,25.",
               rule="TXT016") == []


def test_capaian_takes_realisation_from_the_previous_sentence():
    text = ("Angka Kematian Bayi tahun 2023 sebesar 4,88 per 1000 kelahiran hidup. Angka ini dibandingkan dengan "
            "target sebesar 32 per 1000 kelahiran hidup dengan capaian kinerja sebesar {c} dengan kriteria Sangat "
            "Tinggi.")
    assert run(text.format(c="184,75"), rule="TXT016") == []
    [f] = run(text.format(c="148,75"), rule="TXT016")
    assert f.expected == "184,75"


def test_plan_year_defaults_to_the_report_year():
    [f] = run("Tahun ini adalah tahun kedua pelaksanaan Renstra 2020–2024.", year=2023, rule="TXT021")
    assert (f.expected, f.actual) == ("4", "2")
    assert run("Tahun ini adalah tahun keempat pelaksanaan Renstra 2020–2024.", year=2023, rule="TXT021") == []
    [g] = run("Tahun ini adalah tahun kedua pelaksanaan Renstra 2015–2019.", year=2023, rule="TXT021")
    assert "di luar periode" in g.message


def test_budget_checked_against_data_without_a_total_row():
    # One source only (no `total` row): the runner hands its pagu on as pagu_total.
    facts = {"pagu_rutin": 8000000000, "pagu_total": 8000000000}
    [f] = run("Realisasi anggaran sebesar Rp 7.284.000.000 atau 97,05%.", rule="TXT011", facts=facts)
    assert f.expected == "91,05%"
    assert run("Realisasi anggaran sebesar Rp 7.284.000.000 atau 91,05%.", rule="TXT011", facts=facts) == []


def test_segmenter_abbreviations_and_broken_figures():
    text = ("Realisasi s.d. Desember Kab. Muaro Jambi dll. sebesar Rp.\n2.405.118.300 dan sisa Rp 12.450.\n000 "
            "saja. Ir. Adi Nugroho hadir.\n\nParagraf baru.")
    got = [s.text for s in document_sentences(text)]
    assert got == ["Realisasi s.d. Desember Kab. Muaro Jambi dll. sebesar Rp. 2.405.118.300 dan sisa "
                   "Rp 12.450.000 saja.", "Ir. Adi Nugroho hadir.", "Paragraf baru."]
    s = list(document_sentences(text))[0]
    i = s.text.index("2.405")
    assert text[s.doc_offset(i):s.doc_offset(i) + 5] == "2.405"


def test_tables_flattened_into_a_sentence_are_not_claims():
    row = ("Indikator Realisasi 2021 2022 2023 Target Capaian 1 Persentase 98,1 97,2 99,0 100 99,0 2 Persentase "
           "97,5 96,1 98,0 100 98,0 3 Persentase 91,1 92,3 93,4 100 93,4 Capaian 88")
    assert run(row) == []


def test_comparison_and_changes_in_english():
    [f] = run("Realisasi tahun 2023 sebesar 92,5% masih di bawah target yaitu sebesar 90%.", rule="TXT019",
              lang="en")
    assert f.message.startswith("92.5 is said to be \"masih di bawah\" 90, but 92.5 > 90")


def test_one_budget_source_without_total_row_is_checked(tmp_path):
    """A satker with one budget source and no `total` row: its sentences are held against that budget."""
    from rules_helpers import pack, write_dataset

    from lkjcheck.model.dataset import load_dataset
    from lkjcheck.model.facts import text_facts

    folder = write_dataset(tmp_path / "ds", {"anggaran": [
        {"sumber": "rutin", "uraian": "DIPA", "pagu": "Rp 8.000.000.000", "realisasi": "Rp 7.284.000.000",
         "persen": "91,05%"}]})
    facts = text_facts(load_dataset(folder, pack().model), pack().model)
    assert facts["pagu_total"] == 8000000000 and facts["realisasi_total"] == 7284000000
    [f] = run("Realisasi anggaran sebesar Rp 7.284.000.000 atau 97,05%.", rule="TXT011", facts=facts)
    assert f.expected == "91,05%"
    # With a total row the total row is used as it stands.
    folder2 = write_dataset(tmp_path / "ds2", {"anggaran": [
        {"sumber": "rutin", "uraian": "DIPA", "pagu": "Rp 8.000.000.000", "realisasi": "Rp 7.284.000.000",
         "persen": "91,05%"},
        {"sumber": "total", "uraian": "Jumlah", "pagu": "Rp 9.000.000.000", "realisasi": "Rp 7.284.000.000",
         "persen": "80,93%"}]})
    assert text_facts(load_dataset(folder2, pack().model), pack().model)["pagu_total"] == 9000000000


def test_indicator_figures_held_against_the_measurement_table(tmp_path):
    """TXT024 through a real dataset: the runner hands the pengukuran_kinerja rows to the text checks."""
    from rules_helpers import pack, write_dataset

    from lkjcheck.model.dataset import load_dataset
    from lkjcheck.model.facts import text_facts

    folder = write_dataset(tmp_path / "ds", {"pengukuran_kinerja": [
        {"no": "1", "indikator": "Indeks Kepuasan Layanan Publik", "target": "75", "realisasi": "82,40",
         "capaian": "109,87%"},
        {"no": "2", "indikator": "Persentase Dokumen Perencanaan Tepat Waktu", "target": "100%",
         "realisasi": "90%", "capaian": "90%"}]})
    facts = text_facts(load_dataset(folder, pack().model), pack().model)
    bad = "Indeks Kepuasan Layanan Publik mencapai realisasi sebesar 82,40 dari target sebesar 80."
    [f] = run(bad, rule="TXT024", facts=facts)
    assert (f.expected, f.actual) == ("75", "80") and "Indeks Kepuasan Layanan Publik" in f.message
    assert run(bad.replace("80.", "75."), rule="TXT024", facts=facts) == []
    # Realisation and capaian too; "peningkatan realisasi sebesar" is a change, not the realisation.
    [g] = run("Persentase Dokumen Perencanaan Tepat Waktu dengan realisasi sebesar 95%.", rule="TXT024", facts=facts)
    assert (g.expected, g.actual) == ("90", "95")
    assert run("Persentase Dokumen Perencanaan Tepat Waktu mengalami peningkatan realisasi sebesar 5% dan "
               "capaian sebesar 90%.", rule="TXT024", facts=facts) == []
    # Without data nothing is compared; a sentence naming two indicators is not attributed to either.
    assert run(bad, rule="TXT024") == []
    assert run("Indeks Kepuasan Layanan Publik dan Persentase Dokumen Perencanaan Tepat Waktu dengan target "
               "sebesar 80.", rule="TXT024", facts=facts) == []


def test_sentence_cut_by_a_blank_line_is_joined():
    # PDF conversion puts blank lines inside sentences; a paragraph starting in lower case or with a
    # figure continues the sentence before it when that one has no stop.
    text = ("Realisasi sebesar 0,19% dibagi target sebesar\n\n0,16% dikalikan dengan seratus persen sama dengan\n\n"
            "87,10% atau kategori Baik .Angka Kematian Ibu menurun.\n\n# Judul\n\ndan teks berikutnya.")
    got = [s.text for s in document_sentences(text)]
    assert got == ["Realisasi sebesar 0,19% dibagi target sebesar 0,16% dikalikan dengan seratus persen sama dengan "
                   "87,10% atau kategori Baik .", "Angka Kematian Ibu menurun.", "# Judul", "dan teks berikutnya."]
    [f] = run(text, rule="TXT015")
    assert f.expected == "118,75" and f.location.line == 5      # where the stated result is
    # A heading followed by a capitalised paragraph stays apart.
    assert [s.text for s in document_sentences("Tujuan Laporan\n\nLaporan ini disusun.")] == [
        "Tujuan Laporan", "Laporan ini disusun."]


def test_direction_of_an_indicator_comes_from_the_data():
    facts = {"indikator": [{"indikator": "Angka Penularan Penyakit Menular", "arah": "minimal", "target": (32, 0),
                            "realisasi": (None, 0), "capaian": (None, 0)}]}
    text = ("Angka Penularan Penyakit Menular dengan realisasi sebesar 4,88 dari target sebesar 32, capaian kinerja "
            "sebesar {c}.")
    # No direction word in the sentence: without data R/T (15,25) passes; the data says lower is better.
    assert run(text.format(c="15,25"), rule="TXT016") == []
    [f] = run(text.format(c="15,25"), rule="TXT016", facts=facts)
    assert f.expected == "184,75" and "semakin rendah" in f.message
    assert run(text.format(c="184,75"), rule="TXT016", facts=facts) == []
