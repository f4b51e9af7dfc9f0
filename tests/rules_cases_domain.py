"""Both-ways cases for the rules that fit other kinds of LKj (pemda, K/L, satker):
revisions and cuts of a DIPA/DPA, unspent shares, returned grants, the reviu date.
Imported into test_rules_cases.CASES."""
from __future__ import annotations

SIGNED = {"penandatangan": {"tanggal": "17 Januari 2025"}}

# A BPOM-like satker: DIPA awal issued before the year, a savings cut, a revision.
DIPA_AWAL = {"sumber": "rm", "jenis": "DIPA awal", "tanggal": "23 November 2020", "pagu_setelah": "Rp 10.000.000.000"}
HEMAT = {"sumber": "rm", "jenis": "penghematan", "tanggal": "15 Mei 2021", "jumlah": "Rp 750.000.000",
         "pagu_setelah": "Rp 9.250.000.000"}
REVISI = {"sumber": "rm", "jenis": "revisi", "tanggal": "20 Oktober 2021", "pagu_setelah": "Rp 9.400.000.000"}


def rm_row(**kw):
    row = {"sumber": "rupiah murni", "pagu_awal": "Rp 10.000.000.000", "pagu": "Rp 9.400.000.000",
           "realisasi": "Rp 9.000.000.000", "persen": "95,74%"}
    row.update(kw)
    return row


LAP_2021 = {"tahun": 2021}

CASES = [
    ("TGL006", {"laporan": {**SIGNED, "reviu": {"tanggal": "Januari 2025"}}},
     {"laporan": {**SIGNED, "reviu": {"tanggal": "15 Januari 2025"}}}),
    # the reviu must be finished before the head signs (Lampiran III, waktu pelaksanaan)
    ("TGL003", {"laporan": {**SIGNED, "reviu": {"tanggal": "31 Januari 2025"}}},
     {"laporan": {**SIGNED, "reviu": {"tanggal": "17 Januari 2025"}}}),
    ("TGL007", {"laporan": LAP_2021, "perubahan_pagu": [dict(DIPA_AWAL, tanggal="25 November 2019")]},
     {"laporan": LAP_2021, "perubahan_pagu": [DIPA_AWAL]}),
    ("ANG008", {"laporan": LAP_2021, "anggaran": [rm_row(pagu="Rp 9.250.000.000", persen="97,30%")],
                "perubahan_pagu": [DIPA_AWAL, HEMAT, REVISI]},
     {"laporan": LAP_2021, "anggaran": [rm_row()], "perubahan_pagu": [DIPA_AWAL, HEMAT, REVISI]}),
    ("ANG009", {"anggaran": [rm_row(persen="90,00%")]}, {"anggaran": [rm_row()]}),
    ("ANG010", {"anggaran": [{"sumber": "apbd", "pagu": "Rp 2.000.000.000", "realisasi": "Rp 1.850.000.000",
                              "sisa": "Rp 150.000.000", "sisa_persen": "7,25%"}]},
     {"anggaran": [{"sumber": "apbd", "pagu": "Rp 2.000.000.000", "realisasi": "Rp 1.850.000.000",
                    "sisa": "Rp 150.000.000", "sisa_persen": "7,50%"}]}),
    ("ANG011", {"anggaran": [{"sumber": "hibah", "pagu": "Rp 1.500.000.000", "diterima": "Rp 1.500.000.000",
                              "realisasi": "Rp 1.412.337.500", "dikembalikan": "Rp 87.663.303"}]},
     {"anggaran": [{"sumber": "hibah", "pagu": "Rp 1.500.000.000", "diterima": "Rp 1.500.000.000",
                    "realisasi": "Rp 1.412.337.500", "dikembalikan": "Rp 87.662.500"}]}),
]


def iku(kode="IKU-1", ind="Persentase layanan selesai tepat waktu", target="100%", realisasi="88,00%", **kw):
    row = {"kode": kode, "indikator": ind, "target": target, "realisasi": realisasi}
    row.update(kw)
    return row


# As Pemda reports print it: "91 - 100 Sangat Baik; 76 - 90 Baik; ..." (gaps at 90-91 and above 100).
SKALA_CETAK = [{"dari": 91, "sampai": 100, "kategori": "Sangat Baik"},
               {"dari": 76, "sampai": 90, "kategori": "Baik"},
               {"dari": 0, "sampai": 75, "kategori": "Kurang"}]
SKALA_RAPAT = [{"dari": 90, "kategori": "Sangat Baik"},
               {"dari": 75, "sampai": 90, "kategori": "Baik"},
               {"dari": 0, "sampai": 75, "kategori": "Kurang"}]

CASES += [
    ("KIN015", {"pengukuran_kinerja": [iku(kategori="Sangat Baik")], "skala_kategori": SKALA_RAPAT},
     {"pengukuran_kinerja": [iku(kategori="Baik")], "skala_kategori": SKALA_RAPAT}),
    ("KIN016", {"pengukuran_kinerja": [iku(kategori="Berhasil")]},
     {"pengukuran_kinerja": [iku(kategori="Sangat Berhasil")]}),
    ("KIN017", {"skala_kategori": SKALA_CETAK}, {"skala_kategori": SKALA_RAPAT}),
    ("KIN018", {"skala_kategori": SKALA_CETAK[:1]}, {"skala_kategori": SKALA_RAPAT[:1]}),
]

CASES += [
    ("KLM017", {"pengukuran_kinerja": [iku()], "skala_kategori": SKALA_RAPAT,
                "klaim": [{"kode": "K1", "besaran": "kategori_capaian", "nilai": "Sangat Baik"}]},
     {"pengukuran_kinerja": [iku()], "skala_kategori": SKALA_RAPAT,
      "klaim": [{"kode": "K1", "besaran": "kategori_capaian", "nilai": "Baik"}]}),
]
