"""Both-ways cases for the staff-recap and quarterly rules of issue 14's residue
(SDM026, SDM027, KIN024). Imported into test_rules_cases.CASES."""
from __future__ import annotations


def _person(nama, status, golongan=None):
    row = {"nama": nama, "status": status}
    if golongan:
        row["golongan"] = golongan
    return row


# The seed's Tabel 1 figures (11 PNS: 2 of IV, 9 of III; 5 PPPK of IX). The seed's list has
# no PPNPN, so its recap's "PPNPN Non Gol. 8" cannot be judged; here 8 PPNPN are added.
SEED_LIST = ([_person(f"PNS IV {i}", "PNS", "IV/a") for i in range(2)]
             + [_person(f"PNS III {i}", "PNS", "III/b") for i in range(9)]
             + [_person(f"PPPK {i}", "PPPK", "IX") for i in range(5)])
WITH_PPNPN = SEED_LIST + [_person(f"PPNPN {i}", "PPNPN") for i in range(8)]


def _recap(kelompok, jumlah, rekap="golongan_tabel"):
    return [{"rekap": rekap, "kelompok": kelompok, "jumlah": jumlah}]


def _tw(triwulan, realisasi, kumulatif="ya"):
    return {"kode": "IKU-1", "triwulan": triwulan, "kumulatif": kumulatif, "target": "100%", "realisasi": realisasi}


CASES = [
    ("SDM026", {"pegawai": WITH_PPNPN, "rekap_pegawai": _recap("PPNPN Non Gol.", 9)},
     {"pegawai": WITH_PPNPN, "rekap_pegawai": _recap("PPNPN Non Gol.", 8)}),
    ("SDM027", {"pegawai": SEED_LIST, "rekap_pegawai": _recap("III", 10, "golongan_asn")},
     {"pegawai": SEED_LIST, "rekap_pegawai": _recap("III", 9, "golongan_asn")}),
    ("KIN024", {"kinerja_triwulan": [_tw("I", "30%"), _tw("II", "25%")]},
     {"kinerja_triwulan": [_tw("I", "30%"), _tw("II", "45%")]}),
]
