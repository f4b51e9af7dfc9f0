"""Every table rule, both ways: a tiny dataset with the broken figure is found,
the same dataset with the right figure is not."""
from __future__ import annotations

import pytest

from rules_cases_domain import CASES as DOMAIN_CASES
from rules_cases_residual import CASES as RESIDUAL_CASES
from rules_helpers import pack, run_rule, write_dataset


def iku(kode="IKU-1", ind="Persentase data mutakhir", target="100%", realisasi="99,01%", **kw):
    row = {"kode": kode, "indikator": ind, "target": target, "realisasi": realisasi}
    row.update(kw)
    return row


def rinci(kode="IKU-1", ind="Persentase data mutakhir", target="100%", realisasi="99,01%", **kw):
    row = {"kode": kode, "indikator": ind, "target": target, "realisasi": realisasi}
    row.update(kw)
    return row


def pk(kode="IKU-1", ind="Persentase data mutakhir", target="100%"):
    return {"kode": kode, "indikator": ind, "target": target}


def pegawai(**kw):
    row = {"nama": "SYAMSUDDIN", "jenis_kelamin": "L", "nip": "196612311989121004", "status": "PNS",
           "golongan": "IV/b", "tmt": "01/10/2016", "jabatan": "Sekretaris"}
    row.update(kw)
    return row


ANGG = [
    {"sumber": "rutin", "pagu": "Rp 35.648.351.000", "realisasi": "Rp 35.529.345.404", "persen": "99,67%"},
    {"sumber": "hibah", "pagu": "Rp 31.316.375.000", "realisasi": "Rp 24.371.323.857", "persen": "77,82%"},
    {"sumber": "total", "pagu": "Rp 66.964.726.000", "realisasi": "Rp 59.900.669.261", "persen": "89,45%"},
]


def angg(changes=None):
    rows = [dict(r) for r in ANGG]
    for (src, col), v in (changes or {}).items():
        for r in rows:
            if r["sumber"] == src:
                r[col] = v
    return rows


HIBAH = [{"tahap": 1, "persen": "40%", "jumlah": "Rp 12.526.550.000", "tanggal": "15 Januari 2024"},
         {"tahap": 2, "persen": "60%", "jumlah": "Rp 18.789.825.000", "tanggal": "14 Juni 2024"}]


def hib(i, **kw):
    rows = [dict(r) for r in HIBAH]
    rows[i].update(kw)
    return rows


def klaim(besaran, nilai, acuan=None, kode="K1", **kw):
    row = {"kode": kode, "besaran": besaran, "nilai": nilai}
    if acuan is not None:
        row["acuan"] = acuan
    row.update(kw)
    return row


RINCI_HIST = [rinci(realisasi_2023="92,50%", realisasi="94,43%", target_2025="100%")]
REKAP_OK = [{"rekap": "status", "kelompok": "PNS", "jumlah": 1}]

# (rule, bad tables, good tables)
CASES = [
    ("KIN001", {"pengukuran_kinerja": [iku(selisih="1,99%")]}, {"pengukuran_kinerja": [iku(selisih="0,99%")]}),
    ("KIN002", {"pengukuran_kinerja": [iku(capaian="99,09%")]}, {"pengukuran_kinerja": [iku(capaian="99,01%")]}),
    ("KIN003", {"rincian_kinerja": [rinci(target="35%", realisasi="98,45%", capaian="98,45%")]},
     {"rincian_kinerja": [rinci(target="35%", realisasi="98,45%", capaian="281,29%")]}),
    ("KIN004", {"pengukuran_kinerja": [iku()], "rincian_kinerja": [rinci(target="35%")]},
     {"pengukuran_kinerja": [iku()], "rincian_kinerja": [rinci(target="100%")]}),
    ("KIN005", {"pengukuran_kinerja": [iku(realisasi="99,43%")], "rincian_kinerja": [rinci(realisasi="94,43%")]},
     {"pengukuran_kinerja": [iku(realisasi="94,43%")], "rincian_kinerja": [rinci(realisasi="94,43%")]}),
    ("KIN006", {"pengukuran_kinerja": [iku()], "rencana_kinerja": [pk(target="90 %")]},
     {"pengukuran_kinerja": [iku()], "rencana_kinerja": [pk(target="100 %")]}),
    ("KIN007", {"pengukuran_kinerja": [iku()], "perjanjian_kinerja": [pk(target="70%")]},
     {"pengukuran_kinerja": [iku()], "perjanjian_kinerja": [pk(target="100%")]}),
    ("KIN008", {"pengukuran_kinerja": [iku()], "perjanjian_kinerja": [pk(), pk(kode="PK-02", ind="Persentase lain")]},
     {"pengukuran_kinerja": [iku()], "perjanjian_kinerja": [pk()]}),
    ("KIN009", {"perjanjian_kinerja": [pk(target=None)]}, {"perjanjian_kinerja": [pk()]}),
    ("KIN010", {"pengukuran_kinerja": [iku(), iku(kode="IKU-2", ind="Persentase lain")], "perjanjian_kinerja": [pk()]},
     {"pengukuran_kinerja": [iku()], "perjanjian_kinerja": [pk()]}),
    ("KIN014", {"pengukuran_kinerja": [iku()], "perjanjian_kinerja": [pk(kode="PK-01")]},
     {"pengukuran_kinerja": [iku()], "perjanjian_kinerja": [pk(), pk(kode="PK-01")]}),
    ("KIN011", {"pengukuran_kinerja": [iku(realisasi=None)]}, {"pengukuran_kinerja": [iku()]}),
    ("KIN012", {"rincian_kinerja": [rinci(target="35%", realisasi="98,45%", target_2025="40%")]},
     {"rincian_kinerja": [rinci(target="35%", realisasi="98,45%", target_2025="100%")]}),
    # A minimise indicator regresses upwards; its falling target must not trip KIN012.
    ("KIN013", {"pengukuran_kinerja": [iku(arah="minimal", target="5 aduan", realisasi="3 aduan")],
                "rincian_kinerja": [rinci(target="5 aduan", realisasi="3 aduan", target_2025="6 aduan")]},
     {"pengukuran_kinerja": [iku(arah="minimal", target="5 aduan", realisasi="3 aduan")],
      "rincian_kinerja": [rinci(target="5 aduan", realisasi="3 aduan", target_2025="2 aduan")]}),
    ("SAT001", {"perjanjian_kinerja": [pk(ind="Jumlah laporan keuangan", target="100%")]},
     {"perjanjian_kinerja": [pk(ind="Jumlah laporan keuangan", target="12 laporan")]}),
    ("SAT002", {"rencana_kinerja": [pk(target="1 laporan")]}, {"rencana_kinerja": [pk(target="100 %")]}),
    ("SAT003", {"pengukuran_kinerja": [iku(ind="Nilai keterbukaan informasi publik", target="100%", realisasi="B")]},
     {"pengukuran_kinerja": [iku(ind="Nilai keterbukaan informasi publik", target="B", realisasi="B")]}),
    ("SAT004", {"pengukuran_kinerja": [iku(realisasi="12 laporan")]}, {"pengukuran_kinerja": [iku()]}),
    ("SAT005", {"pengukuran_kinerja": [iku(realisasi="104%")]}, {"pengukuran_kinerja": [iku(realisasi="99,43%")]}),
    ("SAT006", {"rincian_kinerja": [rinci(realisasi="281,29%")]}, {"rincian_kinerja": [rinci(realisasi="98,45%")]}),
    ("ANG001", {"anggaran": angg({("hibah", "realisasi"): "Rp 24.383.094.857"})}, {"anggaran": angg()}),
    ("ANG002", {"anggaran": angg({("total", "pagu"): "Rp 66.964.364.394.000"})}, {"anggaran": angg()}),
    ("ANG003", {"anggaran": angg({("total", "persen"): "93,61%"})}, {"anggaran": angg()}),
    ("ANG004", {"anggaran": angg({("rutin", "pagu_awal"): "Rp 37.763.827.000"}),
                "perubahan_pagu": [{"sumber": "rutin", "jenis": "kurang", "jumlah": "Rp 2.000.000.000"}]},
     {"anggaran": angg({("rutin", "pagu_awal"): "Rp 37.763.827.000"}),
      "perubahan_pagu": [{"sumber": "rutin", "jenis": "kurang", "jumlah": "Rp 2.115.476.000"}]}),
    ("ANG005", {"anggaran": angg({("rutin", "pagu_awal"): "Rp 37.763.827.000"}),
                "perubahan_pagu": [{"sumber": "rutin", "jenis": "penarikan", "jumlah": None}]},
     {"anggaran": angg({("rutin", "pagu_awal"): "Rp 37.763.827.000"}),
      "perubahan_pagu": [{"sumber": "rutin", "jenis": "penarikan", "jumlah": "Rp 2.115.476.000"}]}),
    ("ANG006", {"anggaran": angg({("rutin", "sisa"): "Rp 119.005.000"})},
     {"anggaran": angg({("rutin", "sisa"): "Rp 119.005.596"})}),
    ("ANG007", {"anggaran": angg({("rutin", "realisasi"): "Rp 35.700.000.000", ("rutin", "persen"): None,
                                    ("total", "realisasi"): None, ("total", "persen"): None})},
     {"anggaran": angg()}),
    ("HIB001", {"anggaran": angg(), "hibah": hib(1, jumlah="Rp 18.789.826.000", persen=None)}, {"anggaran": angg(), "hibah": HIBAH}),
    ("HIB002", {"hibah": hib(0, persen="45%")}, {"hibah": HIBAH}),
    ("HIB003", {"hibah": [{"tahap": 1, "persen": "50%"}, {"tahap": 2, "persen": "50%"}]}, {"hibah": HIBAH}),
    ("HIB004", {"hibah": hib(1, tanggal="2 Agustus 2023")}, {"hibah": HIBAH}),
    ("HIB005", {"hibah": hib(0, tanggal="15 Juli 2024")}, {"hibah": HIBAH}),
    ("HIB006", {"hibah": hib(1, tanggal="2 Agustus 2024")}, {"hibah": HIBAH}),
    ("KLM001", {"pengukuran_kinerja": [iku(), iku(kode="IKU-2", realisasi="98,69%")], "klaim": [klaim("capaian_iku", "99,67%")]},
     {"pengukuran_kinerja": [iku(), iku(kode="IKU-2", realisasi="98,69%")], "klaim": [klaim("capaian_iku", "98,85%")]}),
    ("KLM002", {"anggaran": angg(), "klaim": [klaim("persen_realisasi_anggaran", "93,61%", "total")]},
     {"anggaran": angg(), "klaim": [klaim("persen_realisasi_anggaran", "89,45%", "total")]}),
    ("KLM003", {"anggaran": angg(), "klaim": [klaim("realisasi_anggaran", "Rp 66.964.726.000")]},
     {"anggaran": angg(), "klaim": [klaim("realisasi_anggaran", "Rp 59.900.669.261")]}),
    ("KLM004", {"anggaran": angg(), "klaim": [klaim("pagu_anggaran", "Rp 66.964.364.394.000")]},
     {"anggaran": angg(), "klaim": [klaim("pagu_anggaran", "Rp 66.964.726.000")]}),
    ("KLM005", {"klaim": [klaim("perubahan_realisasi", "1,93%", "IKU-1", nilai_awal="92,50%", nilai_akhir="94,83%")]},
     {"klaim": [klaim("perubahan_realisasi", "1,93%", "IKU-1", nilai_awal="92,50%", nilai_akhir="94,43%")]}),
    ("KLM006", {"pengukuran_kinerja": [iku()], "klaim": [klaim("jumlah_indikator", "8")]},
     {"pengukuran_kinerja": [iku()], "klaim": [klaim("jumlah_indikator", "1")]}),
    ("KLM007", {"pengukuran_kinerja": [iku()], "klaim": [klaim("target_indikator", "35%", "IKU-1")]},
     {"pengukuran_kinerja": [iku()], "klaim": [klaim("target_indikator", "100%", "IKU-1")]}),
    ("KLM008", {"pengukuran_kinerja": [iku()], "klaim": [klaim("realisasi_indikator", "99,10%", "IKU-1")]},
     {"pengukuran_kinerja": [iku()], "klaim": [klaim("realisasi_indikator", "99,01%", "IKU-1")]}),
    ("KLM009", {"pengukuran_kinerja": [iku(target="35%", realisasi="98,45%")], "klaim": [klaim("capaian_indikator", "98,45%", "IKU-1")]},
     {"pengukuran_kinerja": [iku(target="35%", realisasi="98,45%")], "klaim": [klaim("capaian_indikator", "281,29%", "IKU-1")]}),
    ("KLM010", {"rincian_kinerja": RINCI_HIST, "klaim": [klaim("perubahan_realisasi", "2,33%", "IKU-1", nilai_awal="92,50%", nilai_akhir="94,83%")]},
     {"rincian_kinerja": RINCI_HIST, "klaim": [klaim("perubahan_realisasi", "1,93%", "IKU-1", nilai_awal="92,50%", nilai_akhir="94,43%")]}),
    ("KLM011", {"rincian_kinerja": RINCI_HIST, "klaim": [klaim("perubahan_realisasi", "1,93%", "IKU-1", nilai_awal="92,40%", nilai_akhir="94,43%")]},
     {"rincian_kinerja": RINCI_HIST, "klaim": [klaim("perubahan_realisasi", "1,93%", "IKU-1", nilai_awal="92,50%", nilai_akhir="94,43%")]}),
    ("KLM012", {"klaim": [klaim("capaian_iku", "99,67%"), klaim("capaian_iku", "99,09%", kode="K2")]},
     {"klaim": [klaim("capaian_iku", "99,67%"), klaim("capaian_iku", "99,67%", kode="K2"), klaim("capaian_iku", "100%", kode="K3")]}),
    ("KLM013", {"pengukuran_kinerja": [iku()], "klaim": [klaim("kategori_capaian", "Berhasil")]},
     {"pengukuran_kinerja": [iku()], "klaim": [klaim("kategori_capaian", "Sangat Berhasil")]}),
    ("KLM014", {"anggaran": angg({("rutin", "pagu_awal"): "Rp 37.763.827.000"}), "klaim": [klaim("pagu_awal", "Rp 37.763.000.000", "rutin")]},
     {"anggaran": angg({("rutin", "pagu_awal"): "Rp 37.763.827.000"}), "klaim": [klaim("pagu_awal", "Rp 37.763.827.000", "rutin")]}),
    ("KLM015", {"hibah": HIBAH, "klaim": [klaim("hibah_tahap", "Rp 12.562.550.000", "1"), klaim("hibah_tahap", "40%", "1", kode="K2")]},
     {"hibah": HIBAH, "klaim": [klaim("hibah_tahap", "Rp 12.526.550.000", "1"), klaim("hibah_tahap", "40%", "1", kode="K2")]}),
    ("KLM016", {"pegawai": [pegawai()], "klaim": [klaim("jumlah_pegawai", "2", "PNS")]},
     {"pegawai": [pegawai()], "klaim": [klaim("jumlah_pegawai", "1", "PNS")]}),
    ("SDM001", {"rekap_pegawai": [{"rekap": "unit", "kelompok": "A", "jumlah": 15}, {"rekap": "unit", "kelompok": "B", "jumlah": 8},
                                  {"rekap": "unit", "kelompok": "total", "jumlah": 24}]},
     {"rekap_pegawai": [{"rekap": "unit", "kelompok": "A", "jumlah": 16}, {"rekap": "unit", "kelompok": "B", "jumlah": 8},
                        {"rekap": "unit", "kelompok": "total", "jumlah": 24}]}),
    ("SDM002", {"pegawai": [pegawai(nip="198512222024211004")]}, {"pegawai": [pegawai()]}),
    ("SDM003", {"pegawai": [pegawai(status="PPPK", golongan="IX", nip="196702122008011003")]},
     {"pegawai": [pegawai(status="PPPK", golongan="IX", nip="198512222024211004")]}),
    ("SDM004", {"pegawai": [pegawai(nip="196613311989121004")]}, {"pegawai": [pegawai()]}),
    ("SDM005", {"pegawai": [pegawai(nip="199505160202012001", jenis_kelamin="P")]},
     {"pegawai": [pegawai(nip="199505162020121001", jenis_kelamin="L")]}),
    ("SDM006", {"pegawai": [pegawai(nip="198503192026121007")]}, {"pegawai": [pegawai(nip="198503192010121007")]}),
    ("SDM007", {"pegawai": [pegawai(jenis_kelamin="P")]}, {"pegawai": [pegawai(jenis_kelamin="L")]}),
    ("SDM008", {"pegawai": [pegawai(), pegawai(nama="HASAN")]},
     {"pegawai": [pegawai(), pegawai(nama="HASAN", nip="196905051989121002")]}),
    ("SDM009", {"pegawai": [pegawai(nip=None)]}, {"pegawai": [pegawai()]}),
    ("SDM010", {"pegawai": [pegawai(jenis_kelamin=None)]}, {"pegawai": [pegawai()]}),
    ("SDM011", {"pegawai": [pegawai(golongan="IV/f")]}, {"pegawai": [pegawai(golongan="IV/e")]}),
    ("SDM012", {"pegawai": [pegawai(tmt="01/04/2025")]}, {"pegawai": [pegawai(tmt="01/04/2024")]}),
    ("SDM013", {"pegawai": [pegawai()], "rekap_pegawai": [{"rekap": "status", "kelompok": "PNS", "jumlah": 2}]},
     {"pegawai": [pegawai()], "rekap_pegawai": REKAP_OK}),
    ("SDM014", {"pegawai": [pegawai(status="PPPK", golongan="IX", nip="198512222024211004")],
                "rekap_pegawai": [{"rekap": "gol", "kelompok": "PPPK III", "jumlah": 1}]},
     {"pegawai": [pegawai(status="PPPK", golongan="IX", nip="198512222024211004")],
      "rekap_pegawai": [{"rekap": "gol", "kelompok": "PPPK IX", "jumlah": 1}]}),
    ("SDM015", {"pegawai": [pegawai()], "rekap_pegawai": [{"rekap": "jk", "kelompok": "Laki-laki", "jumlah": 2}]},
     {"pegawai": [pegawai()], "rekap_pegawai": [{"rekap": "jk", "kelompok": "Laki-laki", "jumlah": 1}]}),
    ("SDM016", {"laporan": {"penandatangan": {"nip": "19850319201012107"}}},
     {"laporan": {"penandatangan": {"nip": "198503192010121007"}}}),
    ("SDM017", {"laporan": {"reviu": {"nip": "19660203 198613 1 001"}}},
     {"laporan": {"reviu": {"nip": "19660203 198603 1 001"}}}),
    ("SDM018", {"pegawai": [pegawai()], "laporan": {"penandatangan": {"nama": "AGUNG NUGROHO", "jabatan": "Pla Sekretaris"}}},
     {"pegawai": [pegawai()], "laporan": {"penandatangan": {"nama": "AGUNG NUGROHO", "jabatan": "Sekretaris"}}}),
    ("SDM019", {"pegawai": [pegawai(pendidikan="S1"), pegawai(nama="B", nip="198211112011012003", jenis_kelamin="P",
                                                              pendidikan="S2")],
                "rekap_pegawai": [{"rekap": "pendidikan", "kelompok": "S1", "jumlah": 2}]},
     {"pegawai": [pegawai(pendidikan="S1"), pegawai(nama="B", nip="198211112011012003", jenis_kelamin="P",
                                                    pendidikan="S1")],
      "rekap_pegawai": [{"rekap": "pendidikan", "kelompok": "S1", "jumlah": 2}]}),
    ("SDM020", {"pegawai": [pegawai(unit="Keuangan, Umum dan Logistik")],
                "rekap_pegawai": [{"rekap": "unit", "kelompok": "Keuangan, Umum dan Logistik", "jumlah": 15}]},
     {"pegawai": [pegawai(unit="Keuangan, Umum dan Logistik")],
      "rekap_pegawai": [{"rekap": "unit", "kelompok": "Keuangan, Umum dan Logistik", "jumlah": 1}]}),
    ("SDM021", {"pegawai": [pegawai(tmt="10/01/2021")]}, {"pegawai": [pegawai(tmt="01/10/2021")]}),
    ("SDM022", {"pegawai": [pegawai(tmt="01/10/1988")]}, {"pegawai": [pegawai(tmt="01/12/1989")]}),
    # the list's NIP for the signatory's name (titles and degrees set aside)
    ("SDM023", {"pegawai": [pegawai(nama="Drs. SYAMSUDDIN, M.Si.")],
                "laporan": {"penandatangan": {"nama": "SYAMSUDDIN", "nip": "196612311989121040"}}},
     {"pegawai": [pegawai(nama="Drs. SYAMSUDDIN, M.Si.")],
      "laporan": {"penandatangan": {"nama": "SYAMSUDDIN", "nip": "196612311989121004"}}}),
    # a NIP the list gives to someone else
    ("SDM024", {"pegawai": [pegawai(), pegawai(nama="AGUNG NUGROHO", nip="198503192010121007", jabatan="Kasubbag")],
                "laporan": {"penandatangan": {"nama": "AGUNG NUGROHO", "nip": "196612311989121004"}}},
     {"pegawai": [pegawai(), pegawai(nama="AGUNG NUGROHO", nip="198503192010121007", jabatan="Kasubbag")],
      "laporan": {"penandatangan": {"nama": "H. Agung Nugroho, S.E.", "nip": "198503192010121007"}}}),
    ("TGL001", {"laporan": {"penandatangan": {"tanggal": "17 Januari 2024"}}},
     {"laporan": {"penandatangan": {"tanggal": "17 Januari 2025"}}}),
    ("TGL002", {"laporan": {"penandatangan": {"tanggal": "15 Mei 2025"}}},
     {"laporan": {"penandatangan": {"tanggal": "28 Februari 2025"}}}),
    # partial reviu date certainly after the signature; the same month cannot be ordered (TGL006 warns)
    ("TGL003", {"laporan": {"penandatangan": {"tanggal": "17 Januari 2025"}, "reviu": {"tanggal": "Februari 2025"}}},
     {"laporan": {"penandatangan": {"tanggal": "17 Februari 2025"}, "reviu": {"tanggal": "Januari 2025"}}}),
    ("TGL004", {"perubahan_pagu": [{"sumber": "rutin", "jenis": "kurang", "tanggal": "17 Desember 2004"}]},
     {"perubahan_pagu": [{"sumber": "rutin", "jenis": "kurang", "tanggal": "17 Desember 2024"}]}),
    ("TGL005", {"pegawai": [pegawai(nip="199505162020121001", tmt="01/12/2002")]},
     {"pegawai": [pegawai(nip="199505162020121001", tmt="01/12/2020")]}),
]

CASES += DOMAIN_CASES
CASES += RESIDUAL_CASES


@pytest.mark.parametrize("rule,bad,good", CASES, ids=[c[0] for c in CASES])
def test_rule_both_ways(tmp_path, rule, bad, good):
    found = run_rule(write_dataset(tmp_path / "bad", bad), rule)
    assert [f.rule for f in found if f.rule == rule], f"{rule} missed the broken figure: {found}"
    assert not [f for f in found if f.rule.startswith("DAT")], found
    ok = run_rule(write_dataset(tmp_path / "good", good), rule)
    assert not ok, f"{rule} flagged the right figure: {ok}"


# Cross-year rules need several reports of one agency: tests/test_cross_year.py
# tests them both ways on the fixture and its history.
CROSS_YEAR = {"THN001", "THN002", "THN003", "THN004"}


def test_every_table_rule_has_a_case():
    table_rules = {r.meta.id for r in pack().rules} - CROSS_YEAR
    assert table_rules <= {c[0] for c in CASES}, sorted(table_rules - {c[0] for c in CASES})


def test_messages_in_english(tmp_path):
    f = run_rule(write_dataset(tmp_path / "d", {"pegawai": [pegawai(jenis_kelamin="P")]}), "SDM007", lang="en")
    assert f and f[0].message.startswith("Gender is written")


def test_capaian_cap_only_when_configured(tmp_path):
    d = write_dataset(tmp_path / "d", {"pengukuran_kinerja": [iku(target="35%", realisasi="98,45%", capaian="120%")]})
    assert [f.rule for f in run_rule(d, "KIN002")] == ["KIN002"]
    assert run_rule(d, "KIN002", params={"batas_capaian": 120}) == []


def test_minimise_formula_is_a_parameter(tmp_path):
    rows = [iku(arah="minimal", target="10%", realisasi="8,00%", capaian="120,00%")]
    d = write_dataset(tmp_path / "d", {"pengukuran_kinerja": rows})
    assert run_rule(d, "KIN002") == []                               # (2t - r) / t = 120%
    assert [f.expected for f in run_rule(d, "KIN002", params={"rumus_minimal": "t/r"})] == ["125,00%"]


def test_deadline_parameter_and_dataset_override(tmp_path):
    d = write_dataset(tmp_path / "d", {"laporan": {"penandatangan": {"tanggal": "20 Maret 2025"}}})
    assert [f.rule for f in run_rule(d, "TGL002")] == ["TGL002"]
    assert run_rule(d, "TGL002", params={"batas_bulan_penyampaian": 3}) == []
    d2 = write_dataset(tmp_path / "d2", {"laporan": {"penandatangan": {"tanggal": "20 Maret 2025"},
                                                     "batas_waktu": "31 Maret 2025"}})
    assert run_rule(d2, "TGL002") == []


def test_category_scale_is_a_parameter(tmp_path):
    d = write_dataset(tmp_path / "d", {"pengukuran_kinerja": [iku()], "klaim": [klaim("kategori_capaian", "Berhasil")]})
    assert run_rule(d, "KLM013", params={"skala_kategori_capaian": "100: Sangat Berhasil; 90: Berhasil; 0: Kurang"}) == []


def test_partial_reviu_date_only_flagged_when_certainly_after(tmp_path):
    d = write_dataset(tmp_path / "d", {"laporan": {"penandatangan": {"tanggal": "17 Januari 2025"},
                                                   "reviu": {"tanggal": "Januari 2025"}}})
    assert run_rule(d, "TGL003") == []


def test_falling_target_of_a_minimise_indicator_is_not_a_regression(tmp_path):
    data = {"pengukuran_kinerja": [iku(arah="minimal", target="5 aduan", realisasi="3 aduan")],
            "rincian_kinerja": [rinci(target="5 aduan", realisasi="3 aduan", target_2025="2 aduan")]}
    assert run_rule(write_dataset(tmp_path / "d", data), "KIN012") == []


def test_recap_against_a_partial_staff_list_is_not_judged(tmp_path):
    # One person's education is missing: the list cannot be counted against the recap.
    data = {"pegawai": [pegawai(pendidikan="S1"), pegawai(nama="B", nip="198211112011012003", jenis_kelamin="P")],
            "rekap_pegawai": [{"rekap": "pendidikan", "kelompok": "S1", "jumlah": 2}]}
    assert run_rule(write_dataset(tmp_path / "d", data), "SDM019") == []


def test_partial_tmt_is_not_judged(tmp_path):
    assert run_rule(write_dataset(tmp_path / "d", {"pegawai": [pegawai(tmt="Oktober 2016")]}), "SDM021") == []


def test_english_findings_translate_the_packs_codes(tmp_path):
    data = {"perjanjian_kinerja": [pk(ind="Nilai akuntabilitas kinerja", target="100%")]}
    ds = write_dataset(tmp_path / "d", data)
    msg_en = run_rule(ds, "SAT001", lang="en")[0].message
    msg_id = run_rule(ds, "SAT001")[0].message
    assert "a grade" in msg_en and "predikat" not in msg_en
    assert "predikat" in msg_id


def test_disjoint_agreement_and_measurement_is_one_finding_not_one_per_indicator(tmp_path):
    data = {"pengukuran_kinerja": [iku(), iku(kode="IKU-2", ind="Persentase lain")],
            "perjanjian_kinerja": [pk(kode="PK-01"), pk(kode="PK-02")]}
    found = run_rule(write_dataset(tmp_path / "d", data), ["KIN008", "KIN010", "KIN014"])
    assert [f.rule for f in found] == ["KIN014"]


def test_signatory_nip_is_not_judged_when_the_list_cannot_tell(tmp_path):
    sign = {"penandatangan": {"nama": "SYAMSUDDIN", "nip": "196612311989121040"}}
    # two staff of that name: which one signed is unknown
    twins = {"pegawai": [pegawai(), pegawai(nip="196612311989121055")], "laporan": sign}
    assert run_rule(write_dataset(tmp_path / "twins", twins), "SDM023") == []
    # a list without NIPs: nothing to compare with
    no_nip = {"pegawai": [pegawai(nip=None)], "laporan": sign}
    assert run_rule(write_dataset(tmp_path / "no_nip", no_nip), "SDM023") == []
    # an acting signatory from elsewhere is SDM018's question, not a NIP conflict
    other = {"pegawai": [pegawai()], "laporan": {"penandatangan": {"nama": "AGUNG NUGROHO", "nip": "198503192010121007"}}}
    assert run_rule(write_dataset(tmp_path / "other", other), "SDM023") == []
    assert run_rule(write_dataset(tmp_path / "other2", other), "SDM024") == []


# -- how figures are judged (issue 14) ---------------------------------------------------

def test_capaian_from_counts_is_exact(tmp_path):
    # 4 laporan of a target of 3 is 133,33%; as ±0,5 intervals 4,5/3 = 150% would pass.
    bad = iku(ind="Jumlah laporan keuangan", target="3 laporan", realisasi="4 laporan", capaian="150%")
    good = dict(bad, capaian="133,33%")
    assert [f.expected for f in run_rule(write_dataset(tmp_path / "b", {"pengukuran_kinerja": [bad]}), "KIN002")] \
        == ["133,33%"]
    assert run_rule(write_dataset(tmp_path / "g", {"pengukuran_kinerja": [good]}), "KIN002") == []
    # the detail table reads its counts the same way
    assert [f.expected for f in run_rule(write_dataset(tmp_path / "r", {"rincian_kinerja": [bad]}), "KIN003")] \
        == ["133,33%"]


def test_measured_unit_keeps_its_written_precision(tmp_path):
    # 4 hari is measured (3,5 .. 4,5 days): a capaian of 150% against 3 hari cannot be refuted.
    row = iku(ind="Rata-rata waktu layanan", target="3 hari", realisasi="4 hari", capaian="150%")
    assert run_rule(write_dataset(tmp_path / "d", {"pengukuran_kinerja": [row]}), "KIN002") == []


@pytest.mark.parametrize("written", ["n/a", "N/A", "tidak ada data", "belum tersedia", "-", "Data belum tersedia"])
def test_not_measured_realisation_is_a_missing_realisation(tmp_path, written):
    d = write_dataset(tmp_path / "d", {"pengukuran_kinerja": [iku(realisasi=written)]})
    assert [f.rule for f in run_rule(d, "KIN011")] == ["KIN011"]


def test_not_measured_pk_indicator_is_found(tmp_path):
    d = write_dataset(tmp_path / "d", {"perjanjian_kinerja": [pk(), pk(kode="IKU-2")],
                                       "pengukuran_kinerja": [iku(), iku(kode="IKU-2", realisasi="n/a")]})
    assert [f.row.split()[0] for f in run_rule(d, "KIN008")] == ["IKU-2"]


@pytest.mark.parametrize("ind,sifat", [("Angka Partisipasi Kasar (APK) SMP", None),
                                       ("Persentase pertumbuhan PAD", None),
                                       ("Persentase penerimaan PNBP terhadap target", "rasio")])
def test_indicators_that_may_exceed_100_are_not_out_of_range(tmp_path, ind, sifat):
    row = iku(ind=ind, target="100%", realisasi="104,20%")
    if sifat:
        row["sifat"] = sifat
    assert run_rule(write_dataset(tmp_path / "d", {"pengukuran_kinerja": [row]}), "SAT005") == []
    row["sifat"] = "bagian"
    assert [f.rule for f in run_rule(write_dataset(tmp_path / "e", {"pengukuran_kinerja": [row]}), "SAT005")] \
        == ["SAT005"]


def test_formula_per_indicator(tmp_path):
    # One indicator of an agency whose default is (2t-r)/t declares t/r: 10 / 8 = 125%.
    row = iku(arah="minimal", target="10%", realisasi="8,00%", capaian="125,00%", rumus="t/r")
    assert run_rule(write_dataset(tmp_path / "d", {"pengukuran_kinerja": [row]}), "KIN002") == []
    row["rumus"] = "2t-r"
    assert [f.expected for f in run_rule(write_dataset(tmp_path / "e", {"pengukuran_kinerja": [row]}), "KIN002")] \
        == ["120,00%"]


def test_cap_per_indicator(tmp_path):
    row = iku(target="35%", realisasi="98,45%", capaian="120%", batas_capaian="120%")
    assert run_rule(write_dataset(tmp_path / "d", {"pengukuran_kinerja": [row]}), "KIN002") == []
    row.pop("batas_capaian")
    assert [f.rule for f in run_rule(write_dataset(tmp_path / "e", {"pengukuran_kinerja": [row]}), "KIN002")] \
        == ["KIN002"]


def test_category_message_names_the_scale(tmp_path):
    own = run_rule(write_dataset(tmp_path / "a", {"pengukuran_kinerja": [iku(realisasi="90,50%", kategori="Baik")],
                                                  "skala_kategori": [{"dari": 90, "kategori": "Sangat Baik"},
                                                                     {"dari": 75, "sampai": 90, "kategori": "Baik"}]}),
                   "KIN015")
    assert own and "skala_kategori" in own[0].message
    conf = run_rule(write_dataset(tmp_path / "b", {"pengukuran_kinerja": [iku(kategori="Berhasil")]}), "KIN016")
    assert conf and "skala_kategori_capaian" in conf[0].message and conf[0].expected.lower() == "sangat berhasil"


def test_budget_detail_rows_are_named_by_level_and_title(tmp_path):
    from rules_cases_domain import apbd
    d = write_dataset(tmp_path / "d", apbd({("1.01.01.2.01.01", "persen"): "80,5%",
                                            ("1.01.01", "realisasi"): "Rp 1.025.000.000"}))
    rows = {(f.rule, f.row) for f in run_rule(d, ["ANG013", "ANG014"])}
    assert ("ANG014", "sub_kegiatan 1.01.01.2.01.01 Penyusunan Dokumen Perencanaan") in rows
    assert ("ANG013", "program 1.01.01 Program Penunjang Urusan Pemerintahan") in rows
    # the wrong programme realisation is also found one level up, against the table's total
    assert ("ANG013", "total T Jumlah") in rows


def test_combined_headcount_of_three_statuses(tmp_path):
    from rules_cases_domain import claim, staff
    people = staff(2, 1) + [{"nama": "X", "status": "PPNPN"}]
    ok = write_dataset(tmp_path / "a", {"pegawai": people, "klaim": [claim("jumlah_pegawai", 4, "PNS+PPPK+PPNPN")]})
    assert run_rule(ok, "KLM018") == []
    bad = write_dataset(tmp_path / "b", {"pegawai": people, "klaim": [claim("jumlah_pegawai", 3, "PNS+PPPK+PPNPN")]})
    assert [f.expected for f in run_rule(bad, "KLM018")] == ["4"]


def test_a_score_in_points_is_a_number_not_a_count(tmp_path):
    row = iku(kode="S1", ind="Nilai LHE AKIP komponen perencanaan", target="22 poin", realisasi="20,83 poin")
    d = write_dataset(tmp_path / "d", {"pengukuran_kinerja": [row]})
    assert run_rule(d, ["SAT003", "SAT004"]) == []


def test_latest_ceiling_only_when_the_last_change_states_one(tmp_path):
    from rules_cases_domain import DIPA_AWAL, LAP_2021, rm_row
    added = {"sumber": "rm", "jenis": "tambah", "tanggal": "1 Juli 2021", "jumlah": "Rp 400.000.000"}
    d = write_dataset(tmp_path / "d", {"laporan": LAP_2021, "anggaran": [rm_row(pagu_awal=None, persen=None)],
                                       "perubahan_pagu": [DIPA_AWAL, added]})
    assert run_rule(d, "ANG008") == []
