"""Synthetic LKj datasets for the benchmark: consistent reports with faults injected at known places.

    python benchmarks/generate.py N OUT_DIR [--seed S] [--fault-rate R]

Every dataset is a complete SAKIP report (identity, PK, Renja, IKU measurement,
per-indicator detail with history, budget, ceiling changes, grant tranches, staff
list, recaps and narrative claims) whose figures agree with each other. A share R
of the datasets then gets one or two faults of the kinds reviewers find in real
reports; OUT_DIR/faults.json says which dataset, which kind, which table and row.
"""
from __future__ import annotations

import argparse
import json
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

# fault class -> (table, the rules that should catch it)
FAULTS = {
    "capaian_salah": ("pengukuran_kinerja", ["KIN002"]),
    "selisih_salah": ("pengukuran_kinerja", ["KIN001"]),
    "capaian_rincian_salah": ("rincian_kinerja", ["KIN003"]),
    "persen_anggaran_salah": ("anggaran", ["ANG003"]),
    "total_realisasi_tidak_cocok": ("anggaran", ["ANG001"]),
    "tahap_hibah_tidak_cocok": ("anggaran", ["HIB001"]),
    "rekap_selisih_satu": ("rekap_pegawai", ["SDM001"]),
    "klaim_capaian_salah": ("klaim", ["KLM001"]),
    "klaim_persen_anggaran_salah": ("klaim", ["KLM002"]),
}

PROVINCES = ["Jambi", "Riau", "Sumatera Barat", "Bengkulu", "Lampung", "Kalimantan Barat", "Sulawesi Tengah",
             "Nusa Tenggara Barat", "Maluku", "Papua Barat"]
REGENCIES = ["Muaro Jambi", "Batang Hari", "Tebo", "Bungo", "Merangin", "Sarolangun", "Kerinci", "Tanjung Jabung",
             "Kampar", "Siak", "Agam", "Solok", "Kaur", "Lebong", "Pesawaran", "Sambas", "Poso", "Bima", "Buru",
             "Manokwari", "Sintang", "Lombok Timur", "Tanggamus", "Pasaman"]
AGENCIES = ["Sekretariat KPU Kabupaten", "Dinas Kesehatan Kabupaten", "Badan Perencanaan Pembangunan Daerah Kabupaten",
            "Inspektorat Kabupaten", "Dinas Pendidikan Kabupaten", "Badan Pengelola Keuangan Daerah Kabupaten"]
FIRST = ["AGUS", "BUDI", "SITI", "RINA", "DEDI", "WATI", "HASAN", "ANDI", "YULI", "RAHMAT", "DEWI", "FITRI", "IWAN",
         "NURUL", "HENDRA", "SRI", "JOKO", "LINDA", "ARIF", "MAYA", "TAUFIK", "EKA", "IRMA", "FAJAR"]
LAST = ["SANTOSO", "HARAHAP", "NASUTION", "SIREGAR", "PRATAMA", "LESTARI", "HIDAYAT", "SAPUTRA", "WIJAYA",
        "KURNIAWAN", "RAHAYU", "PUTRI", "SETIAWAN", "SYAHPUTRA", "MARPAUNG", "ROSADI"]
UNITS = ["Keuangan, Umum dan Logistik", "Perencanaan, Data dan Informasi", "Hukum dan SDM", "Teknis dan Parhupmas"]
EDU = ["S2", "S1", "D3", "SMA"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
INDICATORS = [
    ("Persentase pemutakhiran data pemilih yang tepat waktu", "%", "maksimal"),
    ("Persentase dokumen perencanaan yang disusun tepat waktu", "%", "maksimal"),
    ("Persentase pendistribusian logistik tepat sasaran dan tepat waktu", "%", "maksimal"),
    ("Persentase laporan keuangan berbasis SAP yang tersusun", "%", "maksimal"),
    ("Persentase sarana dan prasarana kerja yang berfungsi baik", "%", "maksimal"),
    ("Persentase informasi publik yang dipublikasikan", "%", "maksimal"),
    ("Jumlah dokumen evaluasi akuntabilitas kinerja", "dokumen", "maksimal"),
    ("Jumlah laporan pelaksanaan kegiatan", "laporan", "maksimal"),
    ("Persentase temuan pemeriksaan yang belum ditindaklanjuti", "%", "minimal"),
    ("Persentase keterlambatan pembayaran gaji dan tunjangan", "%", "minimal"),
    ("Jumlah sosialisasi kepada pemilih pemula", "kegiatan", "maksimal"),
    ("Persentase pegawai yang mengikuti pengembangan kompetensi", "%", "maksimal"),
]

TWO = Decimal("0.01")


def r2(x) -> Decimal:
    return Decimal(x).quantize(TWO, rounding=ROUND_HALF_UP)


def pct(x) -> str:
    return f"{r2(x):.2f}".replace(".", ",") + "%"


def rp(n: int) -> str:
    return "Rp " + f"{n:,}".replace(",", ".")


def qty(v, unit) -> str:
    if unit == "%":
        return pct(v)
    return f"{int(v)} {unit}"


def date(y, m, d) -> str:
    return f"{d} {MONTHS[m - 1]} {y}"


def q(s) -> str:
    """A YAML double-quoted string (json is a subset of YAML flow style)."""
    return json.dumps(str(s), ensure_ascii=False)


class Report:
    def __init__(self, rng: random.Random, idx: int):
        self.rng, self.idx = rng, idx
        self.year = 2024
        self.regency = rng.choice(REGENCIES)
        self.agency = f"{rng.choice(AGENCIES)} {self.regency} {idx}"
        self.has_hibah = rng.random() < 0.7
        self.iku = self._indicators()
        self.budget = self._budget()
        self.staff = self._staff()
        self.recaps = self._recaps()
        self.fault_rows: list[tuple[str, str]] = []

    # ----------------------------------------------------------- consistent figures
    def _indicators(self):
        rng = self.rng
        out = []
        for k, (name, unit, arah) in enumerate(rng.sample(INDICATORS, rng.randint(5, 10)), start=1):
            if unit == "%":
                if arah == "minimal":
                    target = Decimal(rng.choice([5, 10, 15]))
                    real = r2(Decimal(rng.uniform(float(target) * 0.5, float(target) * 1.2)))
                else:
                    target = Decimal(rng.choice([80, 90, 95, 100]))
                    real = r2(Decimal(rng.uniform(float(target) * 0.85, min(100.0, float(target) * 1.1))))
            else:
                target = Decimal(rng.randint(2, 24))
                real = Decimal(max(1, int(target) + rng.randint(-2, 1)))
            if arah == "minimal":
                cap = (2 * target - real) / target * 100
            else:
                cap = real / target * 100
            hist = [r2(real * Decimal(1 - 0.03 * j - rng.uniform(0, 0.02))) if unit == "%" else
                    Decimal(max(1, int(real) - j)) for j in (3, 2, 1)]
            out.append(dict(kode=f"IKU-{k}", nama=name, unit=unit, arah=arah, target=target, real=real,
                            cap=r2(cap), cap_exact=cap, selisih=abs(target - real), hist=hist,
                            target_next=max(target, real.to_integral_value(rounding="ROUND_CEILING"))
                            if arah == "maksimal" else min(target, real.to_integral_value(rounding="ROUND_FLOOR"))))
        return out

    def _budget(self):
        rng = self.rng
        awal = rng.randint(5_000, 60_000) * 1_000_000
        tarik = rng.randint(0, 3_000) * 1_000_000
        pagu = awal - tarik
        real = int(pagu * rng.uniform(0.85, 0.999))
        b = {"rutin": dict(pagu_awal=awal, pagu=pagu, real=real, tarik=tarik)}
        if self.has_hibah:
            hpagu = rng.randint(2_000, 40_000) * 1_000_000
            b["hibah"] = dict(pagu=hpagu, real=int(hpagu * rng.uniform(0.6, 0.99)),
                              tahap=[hpagu * 40 // 100, hpagu - hpagu * 40 // 100])
        b["total"] = dict(pagu=sum(v["pagu"] for v in b.values()), real=sum(v["real"] for v in b.values()))
        for v in b.values():
            v["persen"] = r2(Decimal(v["real"]) / Decimal(v["pagu"]) * 100)
        return b

    def _staff(self):
        rng = self.rng
        n = rng.randint(10, 60)
        out, nips = [], set()
        for i in range(n):
            if i < 5:
                status = "Komisioner" if "KPU" in self.agency else "PNS"
            else:
                status = rng.choices(["PNS", "PPPK", "PPNPN"], [6, 2, 2])[0]
            sex = rng.choice("LP")
            p = dict(no=str(i + 1), nama=f"{rng.choice(FIRST)} {rng.choice(LAST)}", jk=sex, status=status,
                     unit=rng.choice(UNITS), pend=rng.choices(EDU, [1, 5, 1, 2])[0])
            if status in ("PNS", "PPPK"):
                by, bm, bd = rng.randint(1966, 1998), rng.randint(1, 12), rng.randint(1, 28)
                if status == "PNS":
                    ty, tm = by + rng.randint(20, 30), rng.randint(1, 12)
                    ty = min(ty, 2022)
                    gol = rng.choice(["III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"])
                else:
                    ty, tm = 2024, 21
                    gol = "IX"
                while True:
                    nip = f"{by:04d}{bm:02d}{bd:02d}{ty:04d}{tm:02d}{1 if sex == 'L' else 2}{rng.randint(1, 999):03d}"
                    if nip not in nips:
                        nips.add(nip)
                        break
                # The rank's TMT comes after the appointment recorded in the NIP
                # (same random draws as before, so earlier benchmark data is reproduced).
                p.update(nip=nip, gol=gol, tmt=f"01/{rng.randint(1, 12):02d}/{min(ty + 1, 2024) if status == 'PNS' else 2024}")
            elif status == "Komisioner":
                p.update(unit=None)
            out.append(p)
        out[0 if out[0]["status"] == "PNS" else 5 if len(out) > 5 and out[5]["status"] == "PNS" else 0]["jab"] = "Sekretaris"
        return out

    def _recaps(self):
        def count(key, pred=lambda p: True):
            out: dict[str, int] = {}
            for p in self.staff:
                if pred(p) and p.get(key):
                    out[p[key]] = out.get(p[key], 0) + 1
            return out
        return {
            "status": count("status"),
            "pendidikan": count("pend"),
            "unit": count("unit", lambda p: p["status"] != "Komisioner"),
            "golongan_asn": count("golongan", lambda p: p["status"] == "PNS") if False else
            {g: sum(1 for p in self.staff if p["status"] == "PNS" and p["gol"].split("/")[0] == g)
             for g in ("III", "IV")},
        }

    # ----------------------------------------------------------- faults
    def inject(self, cls: str) -> str:
        """Change one figure the way a careless author would; returns the row key a reviewer would cite."""
        rng = self.rng
        if cls in ("capaian_salah", "selisih_salah", "capaian_rincian_salah"):
            # A count ("11 dokumen") stands for 10,5..11,5, so its capaian may
            # honestly lie anywhere in a wide band; a fault must be outside it.
            ind = rng.choice([i for i in self.iku if i["unit"] == "%"] or self.iku)
            if ind["unit"] != "%" and cls != "selisih_salah":
                delta = Decimal(rng.choice([-1, 1])) * r2(Decimal(60) / ind["target"] + rng.uniform(0.5, 3))
                ind["cap_iku" if cls == "capaian_salah" else "cap_rincian"] = ind["cap"] + delta
                return ind["kode"]
            delta = Decimal(rng.choice([-1, 1])) * r2(Decimal(rng.uniform(0.5, 5)))
            if cls == "capaian_salah":
                ind["cap_iku"] = ind["cap"] + delta
            elif cls == "selisih_salah":
                ind["selisih_stated"] = abs(ind["selisih"] + (delta if ind["unit"] == "%" else Decimal(rng.choice([1, 2]))))
            else:
                ind["cap_rincian"] = ind["cap"] + delta
            return ind["kode"]
        b = self.budget
        if cls == "persen_anggaran_salah":
            b["rutin"]["persen_stated"] = b["rutin"]["persen"] + Decimal(rng.choice([-1, 1])) * r2(rng.uniform(0.3, 4))
            return "rutin"
        if cls == "total_realisasi_tidak_cocok":
            t = b["total"]
            t["real"] += rng.choice([-1, 1]) * rng.randint(1, 500) * 1_000_000
            t["persen"] = r2(Decimal(t["real"]) / Decimal(t["pagu"]) * 100)   # the error propagates consistently
            return "total"
        if cls == "tahap_hibah_tidak_cocok":
            h = b["hibah"]
            h["tahap"][1] += rng.randint(1, 900) * 1_000_000
            return "hibah"
        if cls == "rekap_selisih_satu":
            self.recap_total_delta = rng.choice([-1, 1])
            return "status total"
        if cls == "klaim_capaian_salah":
            # The mean inherits every indicator's written precision (see above).
            band = sum((Decimal("0.5") if i["unit"] != "%" else Decimal("0.005")) / i["target"] * 100
                       for i in self.iku) / len(self.iku)
            self.claim_cap_delta = Decimal(rng.choice([-1, 1])) * r2(band + Decimal(rng.uniform(0.2, 3)))
            return "K01"
        if cls == "klaim_persen_anggaran_salah":
            self.claim_persen_delta = Decimal(rng.choice([-1, 1])) * r2(rng.uniform(0.2, 3))
            return "K02"
        raise ValueError(cls)

    # ----------------------------------------------------------- YAML
    def yaml(self) -> str:
        y = self.year
        sek = next(p for p in self.staff if p.get("jab") == "Sekretaris")
        L = ["lkjcheck: 1", "model: sakip", "", "laporan:", f"  instansi: {q(self.agency)}",
             f"  kode_satker: \"{600000 + self.idx}\"", "  bagian_anggaran: \"076\"", f"  tahun: {y}",
             "  penandatangan:", f"    tempat: {q(self.regency)}", f"    tanggal: \"{date(y + 1, 1, 17)}\"",
             f"    nama: {q(sek['nama'])}", f"    nip: \"{sek.get('nip', '')}\"" if sek.get("nip") else "    nip: ~",
             "    jabatan: Sekretaris", "  reviu:", "    tempat: Jakarta", f"    tanggal: \"{date(y + 1, 1, 10)}\"",
             "    nama: INSPEKTUR", "    nip: \"19660203 198603 1 001\"", "    jabatan: Inspektur", ""]
        L.append("perjanjian_kinerja:")
        for i in self.iku:
            L += [f"  - {{\"no\": \"{i['kode'][4:]}\", kode: {i['kode']}, sasaran: {q('Meningkatnya ' + i['nama'].lower())}, "
                  f"indikator: {q(i['nama'])}, target: \"{qty(i['target'], i['unit'])}\"}}"]
        L += ["", "rencana_kinerja:"]
        for i in self.iku:
            L += [f"  - {{\"no\": \"A.{i['kode'][4:]}\", program: Program dukungan manajemen, kegiatan: {q('Kegiatan ' + i['kode'])}, "
                  f"kode: {i['kode']}, indikator: {q(i['nama'])}, target: \"{qty(i['target'], i['unit'])}\"}}"]
        L += ["", "pengukuran_kinerja:"]
        for i in self.iku:
            sel = i.get("selisih_stated", i["selisih"])
            L += [f"  - \"no\": \"{i['kode'][4:]}\"", f"    kode: {i['kode']}", f"    indikator: {q(i['nama'])}",
                  f"    arah: {i['arah']}", f"    target: \"{qty(i['target'], i['unit'])}\"",
                  f"    realisasi: \"{qty(i['real'], i['unit'])}\"", f"    selisih: \"{qty(sel, i['unit'])}\"",
                  f"    capaian: \"{pct(i.get('cap_iku', i['cap']))}\""]
        L += ["", "rincian_kinerja:"]
        for i in self.iku:
            L += [f"  - \"no\": \"{i['kode'][4:]}\"", f"    kegiatan: {q('Kegiatan ' + i['kode'])}", f"    kode: {i['kode']}",
                  f"    indikator: {q(i['nama'])}"]
            L += [f"    realisasi_{y - 3 + j}: \"{qty(h, i['unit'])}\"" for j, h in enumerate(i["hist"])]
            L += [f"    target: \"{qty(i['target'], i['unit'])}\"", f"    realisasi: \"{qty(i['real'], i['unit'])}\"",
                  f"    target_{y + 1}: \"{qty(i['target_next'], i['unit'])}\"",
                  f"    capaian: \"{pct(i.get('cap_rincian', i['cap']))}\""]
        b = self.budget
        L += ["", "anggaran:"]
        for src, v in b.items():
            L += [f"  - sumber: {src}"]
            if src == "rutin":
                L += [f"    pagu_awal: \"{rp(v['pagu_awal'])}\""]
            L += [f"    pagu: \"{rp(v['pagu'])}\"", f"    realisasi: \"{rp(v['real'])}\"",
                  f"    persen: \"{pct(v.get('persen_stated', v['persen']))}\""]
        if b["rutin"]["tarik"]:
            L += ["", "perubahan_pagu:", "  - sumber: rutin", f"    tanggal: \"{date(y, 12, 17)}\"", "    jenis: kurang",
                  f"    jumlah: \"{rp(b['rutin']['tarik'])}\"", "    uraian: Penarikan sisa anggaran"]
        if self.has_hibah:
            h = b["hibah"]
            total = sum(h["tahap"])
            L += ["", "hibah:"]
            for k, (amt, d) in enumerate(zip(h["tahap"], [(y, 1, 15), (y, 6, 14)]), start=1):
                L += [f"  - tahap: {k}", f"    persen: \"{pct(Decimal(amt) / Decimal(total) * 100)}\"",
                      f"    jumlah: \"{rp(amt)}\"", f"    tanggal: \"{date(*d)}\""]
        L += ["", "pegawai:"]
        for p in self.staff:
            f = [f"\"no\": \"{p['no']}\"", f"nama: {q(p['nama'])}", f"jenis_kelamin: {p['jk']}", f"status: {p['status']}"]
            if p.get("nip"):
                f += [f"nip: \"{p['nip']}\"", f"golongan: {p['gol']}", f"tmt: \"{p['tmt']}\""]
            if p.get("jab"):
                f += [f"jabatan: {p['jab']}"]
            if p.get("unit"):
                f += [f"unit: {q(p['unit'])}"]
            f += [f"pendidikan: {p['pend']}"]
            L.append("  - {" + ", ".join(f) + "}")
        L += ["", "rekap_pegawai:"]
        for rekap, groups in self.recaps.items():
            for g, n in groups.items():
                L.append(f"  - {{rekap: {rekap}, kelompok: {q(g)}, jumlah: {n}, sumber: Tabel 2}}")
            tot = sum(groups.values()) + (getattr(self, "recap_total_delta", 0) if rekap == "status" else 0)
            L.append(f"  - {{rekap: {rekap}, kelompok: total, jumlah: {tot}, sumber: Tabel 2}}")
        mean = sum(i["cap_exact"] for i in self.iku) / len(self.iku)
        claims = [
            ("capaian_iku", None, pct(r2(mean) + getattr(self, "claim_cap_delta", 0))),
            ("persen_realisasi_anggaran", "total", pct(b["total"]["persen"] + getattr(self, "claim_persen_delta", 0))),
            ("jumlah_indikator", None, str(len(self.iku))),
            ("pagu_anggaran", "total", rp(b["total"]["pagu"])),
            ("realisasi_anggaran", "total", rp(b["total"]["real"])),
            ("persen_realisasi_anggaran", "rutin", pct(b["rutin"]["persen"])),
            ("jumlah_pegawai", "total", str(len(self.staff))),
        ]
        i1 = self.iku[0]
        if i1["unit"] == "%":
            claims.append(("perubahan_realisasi", i1["kode"], None))
        L += ["", "klaim:"]
        for k, (besaran, acuan, nilai) in enumerate(claims, start=1):
            f = [f"kode: K{k:02d}", "lokasi: Ikhtisar Eksekutif", f"besaran: {besaran}"]
            if acuan:
                f.append(f"acuan: {q(acuan)}")
            if besaran == "perubahan_realisasi":
                f += [f"nilai: \"{pct(i1['real'] - i1['hist'][2])}\"", f"nilai_akhir: \"{pct(i1['real'])}\"",
                      f"nilai_awal: \"{pct(i1['hist'][2])}\""]
            else:
                f.append(f"nilai: \"{nilai}\"")
            L.append("  - {" + ", ".join(f) + "}")
        return "\n".join(L) + "\n"


def generate(n: int, out: Path, seed: int = 1, fault_rate: float = 0.3) -> list[dict]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for idx in range(n):
        rep = Report(rng, idx)
        rel = f"{PROVINCES[idx % len(PROVINCES)].lower().replace(' ', '-')}/satker-{idx:05d}/{rep.year}"
        faults = []
        if rng.random() < fault_rate:
            classes = [c for c in FAULTS if rep.has_hibah or c != "tahap_hibah_tidak_cocok"]
            for cls in rng.sample(classes, rng.choice([1, 1, 2])):
                # two faults on one row would hide one behind the other
                if cls.startswith("klaim") and any(f["class"].startswith("klaim") for f in faults):
                    continue
                faults.append({"dataset": rel, "class": cls, "table": FAULTS[cls][0], "row": rep.inject(cls),
                               "rules": FAULTS[cls][1]})
        folder = out / rel
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "lkj.yaml").write_text(rep.yaml(), encoding="utf-8")
        truth.append({"dataset": rel, "faults": faults})
    (out / "faults.json").write_text(json.dumps({"n": n, "seed": seed, "fault_rate": fault_rate, "datasets": truth},
                                                indent=1, ensure_ascii=False), encoding="utf-8")
    return truth


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fault-rate", type=float, default=0.3)
    a = ap.parse_args()
    truth = generate(a.n, a.out, a.seed, a.fault_rate)
    print(f"{a.n} datasets, {sum(len(t['faults']) for t in truth)} faults in "
          f"{sum(1 for t in truth if t['faults'])} datasets -> {a.out}")


if __name__ == "__main__":
    main()
