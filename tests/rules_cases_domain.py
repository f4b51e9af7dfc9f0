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
SKALA_RAPAT = [{"dari": 90, "dari_lebih": ">", "kategori": "Sangat Baik"},
               {"dari": 75, "dari_lebih": ">", "sampai": 90, "kategori": "Baik"},
               {"dari": 0, "sampai": 75, "kategori": "Kurang"}]

CASES += [
    ("KIN015", {"pengukuran_kinerja": [iku(kategori="Sangat Baik")], "skala_kategori": SKALA_RAPAT},
     {"pengukuran_kinerja": [iku(kategori="Baik")], "skala_kategori": SKALA_RAPAT}),
    ("KIN016", {"pengukuran_kinerja": [iku(kategori="Berhasil")]},
     {"pengukuran_kinerja": [iku(kategori="Sangat Berhasil")]}),
    ("KIN017", {"skala_kategori": SKALA_CETAK}, {"skala_kategori": SKALA_RAPAT}),
    # "> 75 s.d. < 85" then "> 85": 85 itself has no class
    ("KIN017", {"skala_kategori": [{"dari": 85, "dari_lebih": ">", "kategori": "Memuaskan"},
                                   {"dari": 75, "dari_lebih": ">", "sampai": 85, "sampai_kurang": "<",
                                    "kategori": "Sangat Baik"}]},
     {"skala_kategori": [{"dari": 85, "kategori": "Memuaskan"},
                         {"dari": 75, "dari_lebih": ">", "sampai": 85, "sampai_kurang": "<", "kategori": "Sangat Baik"}]}),
    # "s.d. 90" then "90 s.d.": 90 has two classes
    ("KIN017", {"skala_kategori": [{"dari": 90, "kategori": "Sangat Baik"},
                                   {"dari": 75, "sampai": 90, "kategori": "Baik"}]},
     {"skala_kategori": [{"dari": 90, "dari_lebih": "ya", "kategori": "Sangat Baik"},
                         {"dari": 75, "sampai": 90, "kategori": "Baik"}]}),
    ("KIN018", {"skala_kategori": SKALA_CETAK[:1]}, {"skala_kategori": SKALA_RAPAT[:1]}),
]

CASES += [
    ("KLM017", {"pengukuran_kinerja": [iku()], "skala_kategori": SKALA_RAPAT,
                "klaim": [{"kode": "K1", "besaran": "kategori_capaian", "nilai": "Sangat Baik"}]},
     {"pengukuran_kinerja": [iku()], "skala_kategori": SKALA_RAPAT,
      "klaim": [{"kode": "K1", "besaran": "kategori_capaian", "nilai": "Baik"}]}),
]


# An APBD OPD's table by program > kegiatan > sub kegiatan (own figures, as Pemda print them).
def apbd(changes=None, drop=()):
    rows = [
        {"kode": "1.01.01", "tingkat": "program", "induk": "T", "uraian": "Program Penunjang Urusan Pemerintahan",
         "pagu": "Rp 1.200.000.000", "realisasi": "Rp 1.022.500.000", "persen": "85,21%"},
        {"kode": "1.01.01.2.01", "tingkat": "kegiatan", "induk": "1.01.01", "uraian": "Perencanaan Perangkat Daerah",
         "pagu": "Rp 800.000.000", "realisasi": "Rp 642.500.000", "persen": "80,31%"},
        {"kode": "1.01.01.2.01.01", "tingkat": "sub kegiatan", "induk": "1.01.01.2.01",
         "uraian": "Penyusunan Dokumen Perencanaan", "pagu": "Rp 664.902.000", "realisasi": "Rp 512.500.000",
         "persen": "77,08%", "sisa": "Rp 152.402.000", "sisa_persen": "22,92%"},
        {"kode": "1.01.01.2.01.02", "tingkat": "sub kegiatan", "induk": "1.01.01.2.01",
         "uraian": "Evaluasi Kinerja Perangkat Daerah", "pagu": "Rp 135.098.000", "realisasi": "Rp 130.000.000",
         "persen": "96,23%"},
        {"kode": "1.01.01.2.02", "tingkat": "kegiatan", "induk": "1.01.01", "uraian": "Administrasi Keuangan",
         "pagu": "Rp 400.000.000", "realisasi": "Rp 380.000.000", "persen": "95,00%"},
        {"kode": "T", "tingkat": "jumlah", "uraian": "Jumlah", "pagu": "Rp 1.200.000.000",
         "realisasi": "Rp 1.022.500.000", "persen": "85,21%"},
    ]
    for (kode, col), v in (changes or {}).items():
        for r in rows:
            if r["kode"] == kode:
                if v is None:
                    r.pop(col, None)
                else:
                    r[col] = v
    return {"anggaran_rinci": [r for r in rows if r["kode"] not in drop]}


# By type of spending, older APBD: belanja tidak langsung / langsung.
BELANJA = [
    {"kode": "T", "tingkat": "total", "uraian": "Jumlah Belanja", "pagu": "Rp 2.000.000.000",
     "realisasi": "Rp 1.850.000.000", "persen": "92,50%"},
    {"kode": "BTL", "tingkat": "kelompok belanja", "induk": "T", "uraian": "Belanja Tidak Langsung",
     "pagu": "Rp 900.000.000", "realisasi": "Rp 880.000.000", "persen": "97,78%"},
    {"kode": "BTL.1", "tingkat": "jenis belanja", "induk": "BTL", "uraian": "Belanja Pegawai",
     "pagu": "Rp 900.000.000", "realisasi": "Rp 880.000.000"},
    {"kode": "BL", "tingkat": "kelompok belanja", "induk": "T", "uraian": "Belanja Langsung",
     "pagu": "Rp 1.100.000.000", "realisasi": "Rp 970.000.000", "persen": "88,18%"},
    {"kode": "BL.1", "tingkat": "jenis belanja", "induk": "BL", "uraian": "Belanja Pegawai",
     "pagu": "Rp 100.000.000", "realisasi": "Rp 95.000.000"},
    {"kode": "BL.2", "tingkat": "jenis belanja", "induk": "BL", "uraian": "Belanja Barang dan Jasa",
     "pagu": "Rp 700.000.000", "realisasi": "Rp 640.000.000"},
    {"kode": "BL.3", "tingkat": "jenis belanja", "induk": "BL", "uraian": "Belanja Modal",
     "pagu": "Rp 300.000.000", "realisasi": "Rp 235.000.000"},
]


def belanja(kode, **kw):
    rows = [dict(r) for r in BELANJA]
    for r in rows:
        if r["kode"] == kode:
            r.update(kw)
    return {"anggaran_rinci": rows}


KPU_ANGG = [
    {"sumber": "rutin", "pagu": "Rp 35.648.351.000", "realisasi": "Rp 35.529.345.404"},
    {"sumber": "hibah", "pagu": "Rp 31.316.375.000", "realisasi": "Rp 24.371.324.857"},
]
LAMPIRAN = [{"sumber": "hibah", "lokasi": "Laporan Ketersediaan Dana", "realisasi": "Rp 24.371.324.857",
             "persen": "77,82%"}]


def lamp(**kw):
    return [dict(LAMPIRAN[0], **kw)]


def claim(besaran, nilai, acuan=None, **kw):
    row = {"kode": "K1", "besaran": besaran, "nilai": nilai}
    if acuan is not None:
        row["acuan"] = acuan
    row.update(kw)
    return row


def staff(n_pns, n_pppk):
    rows = [{"nama": f"PNS {i}", "status": "PNS"} for i in range(n_pns)]
    return rows + [{"nama": f"PPPK {i}", "status": "PPPK"} for i in range(n_pppk)]


TW = {"kode": "IKU-1", "triwulan": "II", "kumulatif": "ya", "target": "50%", "realisasi": "45%"}
IKU_TAHUN = [iku(target="100%", realisasi="94,00%")]
PK_DOC = {"tanggal": "2 Januari 2024", "pihak_pertama": {"nama": "NAMA KEPALA", "jabatan": "Kepala Dinas"},
          "pihak_kedua": {"nama": "NAMA BUPATI", "jabatan": "Bupati"}}
HIB = [{"tahap": 1, "persen": "40%", "jumlah": "Rp 12.526.550.000"},
       {"tahap": 2, "persen": "60%", "jumlah": "Rp 18.789.825.000"}]

CASES += [
    ("ANG012", apbd({("1.01.01", "pagu"): "Rp 1.250.000.000", ("1.01.01", "persen"): None}), apbd()),
    ("ANG012", belanja("BL", pagu="Rp 1.000.000.000", persen=None), belanja("BL")),
    ("ANG013", apbd({("1.01.01.2.01", "realisasi"): "Rp 700.000.000", ("1.01.01.2.01", "persen"): None}), apbd()),
    ("ANG013", belanja("T", realisasi="Rp 1.805.000.000", persen=None), belanja("T")),
    ("ANG014", apbd({("1.01.01.2.01.01", "persen"): "80,5%"}), apbd()),
    ("ANG015", apbd({("1.01.01", "pagu"): None, ("1.01.01", "realisasi"): None, ("1.01.01", "persen"): "88,6%"}),
     apbd({("1.01.01", "pagu"): None, ("1.01.01", "realisasi"): None})),
    ("ANG016", apbd({("1.01.01.2.01.01", "sisa"): "Rp 152.042.000"}), apbd()),
    ("ANG017", apbd({("1.01.01.2.01.01", "sisa_persen"): "19,50%"}), apbd()),
    ("ANG018", {"anggaran": KPU_ANGG, "anggaran_lampiran": lamp(realisasi="Rp 24.383.094.857", persen=None)},
     {"anggaran": KPU_ANGG, "anggaran_lampiran": LAMPIRAN}),
    ("ANG019", {"anggaran": KPU_ANGG, "anggaran_lampiran": lamp(pagu="Rp 31.316.376.000", persen=None)},
     {"anggaran": KPU_ANGG, "anggaran_lampiran": lamp(pagu="Rp 31.316.375.000")}),
    ("ANG020", {"anggaran": KPU_ANGG, "anggaran_lampiran": lamp(persen="77,86%")},
     {"anggaran": KPU_ANGG, "anggaran_lampiran": LAMPIRAN}),
    ("TGL008", {"laporan": {"periode": "Triwulan II", "penandatangan": {"tanggal": "20 Juni 2024"}}},
     {"laporan": {"periode": "Triwulan II", "penandatangan": {"tanggal": "10 Juli 2024"}}}),
    ("KIN019", {"kinerja_triwulan": [dict(TW, capaian="95%")]}, {"kinerja_triwulan": [dict(TW, capaian="90,00%")]}),
    ("KIN020", {"pengukuran_kinerja": IKU_TAHUN, "kinerja_triwulan": [dict(TW, triwulan="IV", realisasi="92%")]},
     {"pengukuran_kinerja": IKU_TAHUN, "kinerja_triwulan": [dict(TW, triwulan="IV", realisasi="94,00%")]}),
    ("KIN021", {"pengukuran_kinerja": IKU_TAHUN, "kinerja_triwulan": [dict(TW, triwulan="IV", target="90%")]},
     {"pengukuran_kinerja": IKU_TAHUN, "kinerja_triwulan": [dict(TW, triwulan="IV", target="100%")]}),
    ("KIN022", {"laporan": {"pk": dict(PK_DOC, tanggal="2 Januari 2025")}}, {"laporan": {"pk": PK_DOC}}),
    ("KIN023", {"laporan": {"pk": {k: v for k, v in PK_DOC.items() if k != "pihak_kedua"}}},
     {"laporan": {"pk": PK_DOC}}),
    ("KLM018", {"pegawai": staff(11, 5), "klaim": [claim("jumlah_pegawai", 17, "PNS+PPPK")]},
     {"pegawai": staff(11, 5), "klaim": [claim("jumlah_pegawai", 16, "PNS + PPPK")]}),
    ("KLM019", {"anggaran_lampiran": LAMPIRAN, "klaim": [claim("realisasi_anggaran", "Rp 24.383.094.857", "hibah")]},
     {"anggaran_lampiran": LAMPIRAN, "klaim": [claim("realisasi_anggaran", "Rp 24.371.324.857", "hibah")]}),
    ("KLM020", {"anggaran_lampiran": LAMPIRAN, "klaim": [claim("persen_realisasi_anggaran", "77,86%", "hibah")]},
     {"anggaran_lampiran": LAMPIRAN, "klaim": [claim("persen_realisasi_anggaran", "77,82%", "hibah")]}),
    ("KLM021", {"hibah": HIB, "klaim": [claim("hibah_tahap", "Rp 6.000.000.000", "4")]},
     {"hibah": HIB, "klaim": [claim("hibah_tahap", "Rp 18.789.825.000", "2")]}),
    ("KLM022", {"pengukuran_kinerja": [iku()], "klaim": [claim("capaian_indikator", "88,00%", "IKU-9")]},
     {"pengukuran_kinerja": [iku()], "klaim": [claim("capaian_indikator", "88,00%", "IKU-1")]}),
]

# A court satker's DIPA by type of spending with initial and revised ceilings.
DIPA_BELANJA = [
    {"kode": "J", "tingkat": "jumlah", "uraian": "Jumlah", "pagu_awal": "Rp 3.600.947.000"},
    {"kode": "1", "tingkat": "jenis belanja", "induk": "J", "uraian": "Belanja Pegawai", "pagu_awal": "Rp 2.592.320.000"},
    {"kode": "2", "tingkat": "jenis belanja", "induk": "J", "uraian": "Belanja Barang", "pagu_awal": "Rp 1.008.627.000"},
    {"kode": "3", "tingkat": "jenis belanja", "induk": "J", "uraian": "Belanja Modal", "pagu_awal": "Rp 0"},
]
PORSI = [{"kode": "D", "tingkat": "total", "uraian": "DIPA revisi ke-6", "pagu": "Rp 1.344.550.388.000"},
         {"kode": "P", "tingkat": "kelompok belanja", "induk": "D", "uraian": "Pengembangan",
          "pagu": "Rp 1.036.196.551.000", "porsi": "77,07%"}]

CASES += [
    ("ANG021", {"anggaran_rinci": [dict(DIPA_BELANJA[0], pagu_awal="Rp 3.606.947.000")] + DIPA_BELANJA[1:]},
     {"anggaran_rinci": DIPA_BELANJA}),
    ("ANG022", {"anggaran_rinci": [PORSI[0], dict(PORSI[1], porsi="77,70%")]}, {"anggaran_rinci": PORSI}),
]

CASES += [
    ("SDM025", {"pegawai": staff(11, 5), "rekap_pegawai": [{"rekap": "status_narasi", "kelompok": "PNS+PPPK", "jumlah": 17}]},
     {"pegawai": staff(11, 5), "rekap_pegawai": [{"rekap": "status_narasi", "kelompok": "PNS+PPPK", "jumlah": 16}]}),
]
