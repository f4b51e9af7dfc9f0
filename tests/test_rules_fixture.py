"""The rule pack on the real report: exactly the seed's defects, none of its correct figures."""
from __future__ import annotations

import functools

from conftest import CORRECTED, FAULTY

# Every (rule, row) the table rules report on the faulty fixture. The defects are
# documented in the fixture's YAML comments; a change here is a change in what a
# reviewer would read, so it must be deliberate.
EXPECTED = {
    ('ANG001', 'total'),
    ('ANG003', 'rutin'),
    ('ANG003', 'total'),
    ('ANG005', 'rutin'),
    ('DAT001', 'K17'),
    ('DAT001', 'K20'),
    ('DAT003', 'rencana_kinerja #5'),
    ('HIB006', '2'),
    ('KIN003', 'IKU-1 Persentase Pemutakhiran Data Pemilih yang tepat waktu pada Pemilihan di KPU Kabupaten Muaro Jambi'),
    ('KIN003', 'IKU-2 Persentase evaluasi dan pengelolaan dokumentasi Teknis Pemilu dan Pemilihan'),
    ('KIN003', 'IKU-6 Persentase Informasi mengenai Partai Politik yang mutakhir dan dipublikasikan pada public'),
    ('KIN003', 'IKU-7 Persentase evaluasi atas akuntabilitas kinerja pelaksanaan KPU'),
    ('KIN004', 'IKU-2 Persentase evaluasi dan pengelolaan dokumentasi Teknis Pemilu dan Pemilihan'),
    ('KIN004', 'IKU-6 Persentase Informasi mengenai Partai Politik yang mutakhir dan dipublikasikan pada public'),
    ('KIN004', 'IKU-7 Persentase evaluasi atas akuntabilitas kinerja pelaksanaan KPU'),
    ('KIN005', 'IKU-3 Persentase pendistribusian logistik pemilu/pemilukada secara tepat sasaran, tepat jumlah, tepat jenis, tepat mutu, dan tepat waktu di Kabupaten Muaro Jambi'),
    ('KIN006', 'IKU-1 Persentase Pemutakhiran Data Pemilih yang tepat waktu pada Pemilihan di KPU Kabupaten Muaro Jambi'),
    ('KIN006', 'IKU-4 Reviu hasil laporan Keuangan Berbasis Sistem Akuntansi Pemerintah (SAP) KPU Kabupaten Muaro Jambi'),
    ('KIN006', 'IKU-5 Persentase kebutuhan sarana dan prasarana administrasi penunjang kinerja pegawai yang memenuhi'),
    ('KIN006', 'IKU-6 Informasi mengenai Partai Politik yang mutakhir dan dipublikasikan pada publik'),
    # PK-01..PK-25 and IKU-1..IKU-7 share no code: one root cause, one finding
    ('KIN014', 'Sekretariat KPU Kabupaten Muaro Jambi'),
    ('KIN009', 'PK-10 Persentase Fasilitasi dukungan kegiatan pengadaan, pengelolaan, pendistribusian, pelaporan dan pendokumentasian logistic dengan tepat'),
    ('KIN012', 'IKU-6 Persentase Informasi mengenai Partai Politik yang mutakhir dan dipublikasikan pada public'),
    ('KLM001', 'K03'),
    ('KLM001', 'K04'),
    ('KLM001', 'K15'),
    ('KLM001', 'K47'),
    ('KLM002', 'K06'),
    ('KLM002', 'K19'),
    ('KLM002', 'K22'),
    ('KLM002', 'K40'),
    ('KLM002', 'K41'),
    ('KLM002', 'K46'),
    ('KLM003', 'K16'),
    ('KLM003', 'K18'),
    ('KLM003', 'K21'),
    ('KLM004', 'K39'),
    ('KLM005', 'K23'),
    ('KLM007', 'K25'),
    ('KLM007', 'K27'),
    ('KLM007', 'K29'),
    ('KLM010', 'K23'),
    ('KLM012', 'K15'),
    ('KLM012', 'K16'),
    ('KLM012', 'K18'),
    ('KLM012', 'K19'),
    ('KLM012', 'K21'),
    ('KLM012', 'K22'),
    ('KLM012', 'K39'),
    ('KLM012', 'K43'),
    ('KLM012', 'K46'),
    ('KLM012', 'K47'),
    ('KLM013', 'K48'),
    ('SAT001', 'PK-07 Nilai keterbukaan Informasi Publik'),
    ('SAT001', 'PK-15 Jumlah laporan sistem akuntansi dan pelaporan keuangan'),
    ('SAT001', 'PK-23 Jumlah laporan Barang Milik Negara (BMN) berdasarkan SIMAK BMN yang datanya sesuai dengan data SAK'),
    ('SAT002', 'IKU-1 Persentase Pemutakhiran Data Pemilih yang tepat waktu pada Pemilihan di KPU Kabupaten Muaro Jambi'),
    ('SAT002', 'IKU-7 Persentase evaluasi atas akuntabilitas kinerja pelaksanaan KPU'),
    ('SDM001', 'unit total'),
    ('SDM003', 'SUMAIDI 196702122008012003'),
    ('SDM005', 'ARNOLD DEWA SAPUTRA 199505160202012001'),
    ('SDM007', 'SUMAIDI 196702122008012003'),
    ('SDM007', 'WATI 198701112024211006'),
    ('SDM008', 'ANDI NURSAL 198701112024211006'),
    ('SDM008', 'MASITA 196702122008012003'),
    ('SDM008', 'SUMAIDI 196702122008012003'),
    ('SDM008', 'WATI 198701112024211006'),
    ('SDM009', 'ADE ISMANTO'),
    ('SDM009', 'KIKI OKTARINA'),
    ('SDM009', 'MUHAMAAD FAHMI'),
    ('SDM009', 'PARIYANTO'),
    ('SDM010', 'ARNOLD DEWA SAPUTRA'),
    ('SDM010', 'MUHAMAAD FAHMI'),
    ('SDM010', 'PARIYANTO'),
    ('SDM014', 'golongan_tabel PPPK III'),
    ('SDM018', 'Sekretariat KPU Kabupaten Muaro Jambi'),
    # TMT printed month/day in the seed (10/01/2021, 12/01/2020) beside day/month elsewhere
    ('SDM021', 'PARIYANTO'),
    ('SDM021', 'MUHAMAAD FAHMI'),
    ('SDM021', 'ARNOLD DEWA SAPUTRA 199505160202012001'),
    ('TGL001', 'Sekretariat KPU Kabupaten Muaro Jambi'),
    # signed 17 Januari 2024, reviu "Januari 2025": the reviu is after the signature, and has no day
    ('TGL003', 'Sekretariat KPU Kabupaten Muaro Jambi'),
    ('TGL006', 'Sekretariat KPU Kabupaten Muaro Jambi'),
    # the annex (Laporan Ketersediaan Dana): hibah 24.371.324.857 / 77,82%; the narrative 24.383.094.857 / 77,86%
    ('ANG018', 'hibah'),
    ('KLM019', 'K42'),
    ('KLM020', 'K41'),
    ('KLM020', 'K43'),
    # the national absorption target: 95% (seed:652, 714), then 99,9% (seed:767)
    ('KLM012', 'K51'),
}


@functools.lru_cache(maxsize=None)
def _run(path):
    from lkjcheck.run.runner import run
    from lkjcheck.run.options import Options
    return run([str(path)], Options(check_text=False)).findings


def test_faulty_fixture_exact_findings():
    got = {(f.rule, f.row) for f in _run(FAULTY)}
    assert got - EXPECTED == set(), "new findings"
    assert EXPECTED - got == set(), "findings lost"


def test_corrected_fixture_has_no_findings():
    assert _run(CORRECTED) == []


def test_correct_figures_not_flagged():
    found = _run(FAULTY)
    rules = {f.rule for f in found}
    assert "KIN001" not in rules                     # the 7 IKU selisih values are right
    assert not rules & {"HIB001", "HIB002", "HIB003"}  # 12.526.550.000 + 18.789.825.000 = 31.316.375.000, 40/60
    assert "ANG002" not in rules                     # 35.648.351.000 + 31.316.375.000 = 66.964.726.000
    assert not [f for f in found if f.row and f.row.startswith("SYAMSUDDIN")]   # 196612311989121004, male PNS
    for k in ("K30", "K31", "K32"):                  # naik 0,46 / 0,91 / 1,02: right
        assert not [f for f in found if f.row == k], k
    assert not [f for f in found if f.rule.startswith("SDM") and f.row and "DEDI" in f.row]
    # "ASN dan PPPK sebanyak 16 pegawai" (K10): the staff list holds 11 PNS and 5 PPPK
    assert "KLM018" not in rules and not [f for f in found if f.row == "K10"]
    assert "SDM025" not in rules                     # the recap cell "PNS+PPPK" 16 agrees too
    assert "ANG020" not in rules                     # 24.371.324.857 / 31.316.375.000 = 77,82%, as the annex prints


def test_every_family_finds_something():
    fams = {f.rule[:3] for f in _run(FAULTY)}
    assert {"KIN", "SAT", "ANG", "HIB", "SDM", "TGL", "KLM"} <= fams
