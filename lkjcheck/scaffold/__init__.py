"""`lkjcheck init`: a new dataset to fill in, explained column by column in Bahasa Indonesia.

The example rows are consistent with each other (capaian = realisasi / target,
total = rutin + hibah, tranches add up to the grant, the recap adds up to the
staff list ...), so the scaffold passes `lkjcheck run` as written. Whoever
fills it in replaces the rows; a figure that no longer agrees is then found.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from lkjcheck.model.dataset import DATASET_FILE, WORKBOOK_FILE

# table -> column -> (what to write, example as a report prints it)
HELP: dict[str, dict[str, tuple[str, str]]] = {
    "laporan": {
        "instansi": ("Nama instansi/satuan kerja persis seperti di sampul LKj", "Dinas Kominfo Kabupaten Contoh"),
        "kode_satker": ("Kode satuan kerja (6 digit), ditulis sebagai teks", "656422"),
        "bagian_anggaran": ("Kode bagian anggaran (BA) K/L, ditulis sebagai teks", "076"),
        "tahun": ("Tahun anggaran yang dilaporkan (4 angka)", "2024"),
        "penandatangan_tempat": ("Tempat penandatanganan LKj", "Sengeti"),
        "penandatangan_tanggal": ("Tanggal penandatanganan LKj (sesudah tahun anggaran berakhir)", "17 Januari 2025"),
        "penandatangan_nama": ("Nama pimpinan yang menandatangani (ada di daftar pegawai)", "SYAMSUDDIN"),
        "penandatangan_nip": ("NIP penandatangan, 18 angka, spasi boleh", "19661231 198912 1 004"),
        "penandatangan_jabatan": ("Jabatan penandatangan", "Sekretaris"),
        "reviu_tempat": ("Tempat penandatanganan Pernyataan Telah Direviu", "Jakarta"),
        "reviu_tanggal": ("Tanggal Pernyataan Telah Direviu (reviu selesai sebelum LKj ditandatangani)",
                          "10 Januari 2025"),
        "reviu_nama": ("Nama pereviu (APIP) yang menandatangani pernyataan", "NANANG PRIYATNA"),
        "reviu_nip": ("NIP pereviu", "19660203 198603 1 001"),
        "reviu_jabatan": ("Jabatan pereviu", "Inspektur Utama"),
        "batas_waktu": ("Batas waktu penyampaian LKj bila instansi punya ketentuan sendiri; kosongkan bila tidak",
                        "28 Februari 2025"),
        "periode": ("tahunan untuk LKj tahunan; tw1..tw4 untuk laporan kinerja triwulan", "tahunan"),
        "pk_tempat": ("Tempat penandatanganan Perjanjian Kinerja", "Contoh"),
        "pk_tanggal": ("Tanggal Perjanjian Kinerja (awal tahun kinerjanya)", "2 Januari 2024"),
        "pk_pihak_pertama_nama": ("Pihak pertama PK: pimpinan unit yang berjanji", "NAMA KEPALA"),
        "pk_pihak_pertama_jabatan": ("Jabatan pihak pertama", "Kepala Dinas"),
        "pk_pihak_kedua_nama": ("Pihak kedua PK: atasan pihak pertama", "NAMA BUPATI"),
        "pk_pihak_kedua_jabatan": ("Jabatan pihak kedua", "Bupati"),
    },
    "skala_kategori": {
        "dari": ("Batas bawah kelas seperti tercetak", "90"),
        "dari_lebih": ("ya bila batas bawah tertulis 'lebih dari' (> 90): nilai 90 sendiri bukan kelas ini", "ya"),
        "sampai_kurang": ("ya bila batas atas tertulis 'kurang dari' (< 85)", "tidak"),
        "sampai": ("Batas atas kelas; kosongkan untuk kelas tertinggi yang terbuka", "100"),
        "kategori": ("Nama kategori", "Sangat Baik"),
    },
    "perjanjian_kinerja": {
        "no": ("Nomor urut seperti tercetak", "1"),
        "kode": ("Kode indikator, sama di semua tabel (untuk mencocokkan baris)", "IKU-1"),
        "sasaran": ("Sasaran strategis", "Meningkatnya kualitas pelayanan publik"),
        "indikator": ("Indikator kinerja (wajib)", "Persentase layanan yang selesai tepat waktu"),
        "target": ("Target dengan satuannya", "100%  /  12 dokumen  /  WTP"),
    },
    "rencana_kinerja": {
        "no": ("Nomor urut seperti tercetak", "A.1"),
        "program": ("Program", "Program dukungan manajemen"),
        "kegiatan": ("Kegiatan", "Pelaksanaan manajemen perencanaan dan data"),
        "sasaran": ("Sasaran", "Meningkatnya kualitas pelayanan publik"),
        "kode": ("Kode indikator, sama dengan di tabel lain", "IKU-1"),
        "indikator": ("Indikator kinerja (wajib)", "Persentase layanan yang selesai tepat waktu"),
        "target": ("Target dengan satuannya", "100%"),
    },
    "pengukuran_kinerja": {
        "no": ("Nomor urut seperti tercetak", "1"),
        "kode": ("Kode indikator, sama dengan di Perjanjian Kinerja", "IKU-1"),
        "sasaran": ("Sasaran strategis", "Meningkatnya kualitas pelayanan publik"),
        "indikator": ("Indikator kinerja (wajib)", "Persentase layanan yang selesai tepat waktu"),
        "arah": ("maksimal (makin besar makin baik) atau minimal (makin kecil makin baik)", "maksimal"),
        "kategori": ("Kategori capaian baris ini seperti tercetak, bila ada", "Sangat Baik"),
        "target": ("Target dengan satuannya", "100%"),
        "realisasi": ("Realisasi dengan satuannya", "95%"),
        "selisih": ("Selisih realisasi dan target seperti tercetak (boleh kosong)", "-5%"),
        "capaian": ("Capaian = realisasi / target x 100 (indikator maksimal)", "95,00%"),
    },
    "rincian_kinerja": {
        "no": ("Nomor urut seperti tercetak", "1"),
        "kegiatan": ("Kegiatan", "Pelaksanaan manajemen perencanaan dan data"),
        "kode": ("Kode indikator, sama dengan di tabel pengukuran", "IKU-1"),
        "indikator": ("Indikator kinerja (wajib)", "Persentase layanan yang selesai tepat waktu"),
        "target": ("Target tahun ini dengan satuannya", "100%"),
        "realisasi": ("Realisasi tahun ini dengan satuannya", "95%"),
        "capaian": ("Capaian tahun ini = realisasi / target x 100", "95,00%"),
        "realisasi_": ("Realisasi tahun sebelumnya; nama kolom memuat tahunnya (realisasi_2023)", "90%"),
        "target_": ("Target tahun berikutnya; nama kolom memuat tahunnya (target_2025)", "100%"),
    },
    "anggaran": {
        "sumber": ("rutin (DIPA), hibah, atau total (baris jumlah)", "rutin"),
        "uraian": ("Uraian seperti tercetak", "DIPA Sekretariat"),
        "pagu_awal": ("Pagu awal tahun (rupiah)", "Rp 1.000.000.000"),
        "pagu": ("Pagu akhir sesudah revisi (rupiah)", "Rp 1.100.000.000"),
        "realisasi": ("Realisasi anggaran (rupiah)", "Rp 1.045.000.000"),
        "persen": ("Persentase realisasi = realisasi / pagu x 100", "95,00%"),
        "sisa": ("Sisa anggaran = pagu - realisasi (rupiah)", "Rp 55.000.000"),
    },
    "perubahan_pagu": {
        "sumber": ("Sumber dana yang berubah pagunya (rutin, hibah, rm, apbd ...)", "rutin"),
        "tanggal": ("Tanggal DIPA/DPA atau revisinya", "15 Juli 2024"),
        "jenis": ("awal (DIPA/DPA terbit), revisi, tambah, atau kurang (penghematan, blokir)", "tambah"),
        "nomor": ("Nomor DIPA/DPA atau revisi seperti tercetak", "Revisi ke-2"),
        "jumlah": ("Besar perubahan (rupiah, tanpa tanda minus)", "Rp 100.000.000"),
        "pagu_setelah": ("Pagu sesudah perubahan ini, bila tercetak", "Rp 1.100.000.000"),
        "uraian": ("Uraian atau dasar revisi", "Revisi DIPA ke-2"),
    },
    "anggaran_lampiran": {
        "sumber": ("Sumber dana, seperti di tabel anggaran", "hibah"),
        "lokasi": ("Lampiran yang memuatnya", "Laporan Ketersediaan Dana"),
        "uraian": ("Uraian seperti tercetak", "Hibah daerah"),
        "pagu": ("Pagu menurut lampiran", "Rp 500.000.000"),
        "realisasi": ("Realisasi menurut lampiran", "Rp 400.000.000"),
        "persen": ("Persentase realisasi menurut lampiran", "80,00%"),
        "sisa": ("Sisa anggaran menurut lampiran", "Rp 100.000.000"),
    },
    "anggaran_rinci": {
        "kode": ("Kode rekening/program seperti tercetak, atau kode pendek buatan sendiri", "1.01.01"),
        "tingkat": ("total, program, kegiatan, sub_kegiatan, kelompok_belanja, jenis_belanja, atau akun", "program"),
        "induk": ("Kode baris induknya (program untuk kegiatan, dst.)", "T"),
        "uraian": ("Nama program/kegiatan/jenis belanja (wajib)", "Program Dukungan Manajemen"),
        "pagu": ("Pagu baris ini", "Rp 1.100.000.000"),
        "realisasi": ("Realisasi baris ini", "Rp 1.045.000.000"),
        "persen": ("Persentase realisasi baris ini", "95,00%"),
        "sisa": ("Sisa anggaran baris ini", "Rp 55.000.000"),
    },
    "kinerja_triwulan": {
        "kode": ("Kode indikator, sama dengan tabel IKU", "IKU-1"),
        "indikator": ("Indikator kinerja", "Persentase layanan yang selesai tepat waktu"),
        "triwulan": ("Triwulan I, II, III atau IV", "II"),
        "kumulatif": ("ya bila angka kumulatif sampai triwulan itu", "ya"),
        "target": ("Target sampai triwulan itu", "50%"),
        "realisasi": ("Realisasi sampai triwulan itu", "45%"),
        "capaian": ("Capaian triwulan itu", "90,00%"),
    },
    "hibah": {
        "tahap": ("Tahap pencairan hibah (1, 2, ...)", "1"),
        "persen": ("Bagian tahap ini dari seluruh hibah (%)", "40%"),
        "jumlah": ("Jumlah yang diterima pada tahap ini (rupiah)", "Rp 200.000.000"),
        "tanggal": ("Tanggal penerimaan", "15 Februari 2024"),
        "uraian": ("Uraian, misalnya nomor NPHD", "NPHD Nomor 1/2024"),
    },
    "pegawai": {
        "no": ("Nomor urut seperti tercetak", "1"),
        "nama": ("Nama pegawai (wajib)", "SYAMSUDDIN"),
        "jenis_kelamin": ("L atau P", "L"),
        "nip": ("NIP 18 angka (kosong untuk PPNPN)", "19661231 198912 1 004"),
        "status": ("PNS, PPPK, PPNPN, atau Komisioner", "PNS"),
        "golongan": ("Pangkat/golongan", "IV/b"),
        "tmt": ("Terhitung mulai tanggal (TMT) jabatan", "1 Oktober 2016"),
        "jabatan": ("Jabatan", "Sekretaris"),
        "unit": ("Unit kerja", "Sekretariat"),
        "pendidikan": ("Pendidikan terakhir", "S2"),
    },
    "rekap_pegawai": {
        "rekap": ("Nama tabel rekap yang tercetak (satu rekap = beberapa baris)", "status"),
        "kelompok": ("Kelompok dalam rekap; baris 'total' adalah jumlah yang dinyatakan", "PNS"),
        "jumlah": ("Jumlah pegawai dalam kelompok ini", "16"),
        "sumber": ("Di mana rekap ini tercetak", "Tabel 2.1"),
    },
    "klaim": {
        "kode": ("Kode klaim, unik", "K01"),
        "lokasi": ("Di mana klaim tertulis (bab, halaman)", "Bab III, hlm. 12"),
        "baris": ("Nomor baris di berkas teks laporan, bila diketahui", "120"),
        "kutipan": ("Kalimat yang memuat angka, dikutip apa adanya", "capaian IKU sebesar 95%"),
        "besaran": ("Apa yang diklaim: capaian_iku, persen_realisasi_anggaran, jumlah_pegawai, ...", "capaian_iku"),
        "acuan": ("Untuk siapa angkanya: kode indikator, sumber anggaran (rutin/hibah/total), status pegawai",
                  "total"),
        "nilai": ("Angka yang diklaim, seperti tertulis", "95,00%"),
        "nilai_awal": ("Untuk 'naik dari Z% menjadi Y%': nilai Z", "90%"),
        "nilai_akhir": ("Untuk 'naik dari Z% menjadi Y%': nilai Y", "95%"),
    },
}

_TYPE_WORDS = {
    "teks": "teks", "bilangan": "angka", "persen": "persen", "rupiah": "rupiah", "cacah": "bilangan bulat",
    "tahun": "tahun", "tanggal": "tanggal", "nip": "NIP", "besaran": "angka dengan satuan", "pilihan": "pilihan",
}


def _help_of(table: str, column: str):
    cols = HELP.get(table, {})
    if column in cols:
        return cols[column]
    m = re.fullmatch(r"([a-z_]+?)_(\d{4})", column)
    if m and f"{m.group(1)}_" in cols:
        return cols[f"{m.group(1)}_"]
    return None


def column_help(table: str, column: str, model=None) -> str | None:
    """The explanation of a column, for a YAML comment or an Excel cell comment."""
    h = _help_of(table, column)
    if h is None:
        return None
    text, example = h
    extra = ""
    if model is not None and table in model.tables:
        cdef = model.tables[table].columns.get(column)
        if cdef is not None:
            extra = f" [{_TYPE_WORDS.get(cdef.type, cdef.type)}{', wajib' if cdef.required else ''}]"
            if cdef.type == "pilihan" and cdef.values:
                extra += f" Pilihan: {', '.join(cdef.values)}."
    return f"{text}.{extra} Contoh: {example}"


def example_rows(year: int) -> dict[str, list[dict[str, object]]]:
    """One consistent example per table. Every figure here agrees with every other."""
    nxt = year + 1
    iku = "Persentase layanan yang selesai tepat waktu"
    sasaran = "Meningkatnya kualitas pelayanan publik"
    return {
        "laporan": [{
            "instansi": "Dinas Contoh Kabupaten Contoh", "kode_satker": "123456", "bagian_anggaran": "076",
            "tahun": year,
            "penandatangan": {"tempat": "Contoh", "tanggal": f"15 Januari {nxt}", "nama": "NAMA KEPALA",
                              "nip": "19700101 199503 1 001", "jabatan": "Kepala Dinas"},
            "reviu": {"tempat": "Contoh", "tanggal": f"10 Januari {nxt}", "nama": "NAMA INSPEKTUR",
                      "nip": "19680202 199403 1 002", "jabatan": "Inspektur"},
            "batas_waktu": None, "periode": "tahunan",
            "pk": {"tempat": "Contoh", "tanggal": f"2 Januari {year}", "pihak_pertama_nama": "NAMA KEPALA",
                   "pihak_pertama_jabatan": "Kepala Dinas", "pihak_kedua_nama": "NAMA BUPATI",
                   "pihak_kedua_jabatan": "Bupati Contoh"},
        }],
        "perjanjian_kinerja": [{"no": "1", "kode": "IKU-1", "sasaran": sasaran, "indikator": iku,
                                "target": "100%"}],
        "rencana_kinerja": [{"no": "A.1", "program": "Program dukungan manajemen",
                             "kegiatan": "Pelayanan administrasi", "sasaran": sasaran, "kode": "IKU-1",
                             "indikator": iku, "target": "100%"}],
        "pengukuran_kinerja": [{"no": "1", "kode": "IKU-1", "sasaran": sasaran, "indikator": iku,
                                "arah": "maksimal", "target": "100%", "realisasi": "95%", "selisih": "-5%",
                                "capaian": "95,00%", "kategori": "Sangat Baik"}],
        "skala_kategori": [{"dari": 90, "dari_lebih": "ya", "sampai": None, "kategori": "Sangat Baik"},
                           {"dari": 75, "dari_lebih": "ya", "sampai": 90, "kategori": "Baik"},
                           {"dari": 0, "sampai": 75, "kategori": "Kurang"}],
        "rincian_kinerja": [{"no": "1", "kegiatan": "Pelayanan administrasi", "kode": "IKU-1", "indikator": iku,
                             f"realisasi_{year - 1}": "90%", "target": "100%", "realisasi": "95%",
                             "capaian": "95,00%", f"target_{nxt}": "100%"}],
        "anggaran": [
            {"sumber": "rutin", "uraian": "DIPA", "pagu_awal": "Rp 1.000.000.000", "pagu": "Rp 1.100.000.000",
             "realisasi": "Rp 1.045.000.000", "persen": "95,00%", "sisa": "Rp 55.000.000"},
            {"sumber": "hibah", "uraian": "Hibah daerah", "pagu_awal": "Rp 500.000.000", "pagu": "Rp 500.000.000",
             "realisasi": "Rp 400.000.000", "persen": "80,00%", "sisa": "Rp 100.000.000"},
            {"sumber": "total", "uraian": "Jumlah", "pagu_awal": "Rp 1.500.000.000", "pagu": "Rp 1.600.000.000",
             "realisasi": "Rp 1.445.000.000", "persen": "90,31%", "sisa": "Rp 155.000.000"},
        ],
        "perubahan_pagu": [{"sumber": "rutin", "tanggal": f"15 Juli {year}", "jenis": "tambah",
                            "jumlah": "Rp 100.000.000", "uraian": "Revisi DIPA"}],
        "anggaran_lampiran": [{"sumber": "hibah", "lokasi": "Lampiran 3", "uraian": "Hibah daerah",
                               "pagu": "Rp 500.000.000", "realisasi": "Rp 400.000.000", "persen": "80,00%",
                               "sisa": "Rp 100.000.000"}],
        "anggaran_rinci": [
            {"kode": "T", "tingkat": "total", "induk": None, "uraian": "Jumlah", "pagu": "Rp 1.100.000.000",
             "realisasi": "Rp 1.045.000.000", "persen": "95,00%", "sisa": "Rp 55.000.000"},
            {"kode": "01", "tingkat": "program", "induk": "T", "uraian": "Program Dukungan Manajemen",
             "pagu": "Rp 1.100.000.000", "realisasi": "Rp 1.045.000.000", "persen": "95,00%"},
            {"kode": "01.01", "tingkat": "kegiatan", "induk": "01", "uraian": "Pelayanan administrasi",
             "pagu": "Rp 700.000.000", "realisasi": "Rp 672.000.000", "persen": "96,00%"},
            {"kode": "01.02", "tingkat": "kegiatan", "induk": "01", "uraian": "Pengelolaan keuangan",
             "pagu": "Rp 400.000.000", "realisasi": "Rp 373.000.000", "persen": "93,25%"},
        ],
        "kinerja_triwulan": [
            {"kode": "IKU-1", "indikator": iku, "triwulan": "II", "kumulatif": "ya", "target": "50%",
             "realisasi": "45%", "capaian": "90,00%"},
            {"kode": "IKU-1", "indikator": iku, "triwulan": "IV", "kumulatif": "ya", "target": "100%",
             "realisasi": "95%", "capaian": "95,00%"},
        ],
        # Tranche dates are left empty: the deadline parameter of the rules is
        # the 2024 Pilkada's, and an example must pass for any report year.
        "hibah": [
            {"tahap": 1, "persen": "40%", "jumlah": "Rp 200.000.000", "tanggal": None,
             "uraian": "Tahap I"},
            {"tahap": 2, "persen": "60%", "jumlah": "Rp 300.000.000", "tanggal": None,
             "uraian": "Tahap II"},
        ],
        "pegawai": [{"no": "1", "nama": "NAMA KEPALA", "jenis_kelamin": "L", "nip": "19700101 199503 1 001",
                     "status": "PNS", "golongan": "IV/c", "tmt": f"1 Maret {year - 4}", "jabatan": "Kepala Dinas",
                     "unit": "Sekretariat", "pendidikan": "S2"}],
        "rekap_pegawai": [
            {"rekap": "status", "kelompok": "PNS", "jumlah": 1, "sumber": "Tabel 2.1"},
            {"rekap": "status", "kelompok": "total", "jumlah": 1, "sumber": "Tabel 2.1"},
        ],
        "klaim": [{"kode": "K01", "lokasi": "Bab III", "baris": None, "kutipan": "capaian IKU sebesar 95,00%",
                   "besaran": "capaian_iku", "acuan": None, "nilai": "95,00%", "nilai_awal": None,
                   "nilai_akhir": None}],
    }


def _scalar(v) -> str:
    if v is None:
        return "~"
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    # JSON strings are valid YAML double-quoted scalars: no surprise with "no", "076", ":".
    return json.dumps(str(v), ensure_ascii=False)


def _comment_lines(text: str, indent: str) -> list[str]:
    return [f"{indent}# {text}"]


def render_yaml(model, year: int) -> str:
    rows = example_rows(year)
    out = [
        "# Data Laporan Kinerja (LKj) untuk lkjcheck.",
        "# Isi angka persis seperti tercetak di laporan (\"99,01%\", \"Rp 59.900.669.261\").",
        "# Baris contoh di bawah saling konsisten; ganti dengan data laporan Anda, lalu jalankan:",
        "#     lkjcheck run <folder ini>",
        "# Kolom yang tidak ada di laporan boleh dihapus atau ditulis ~ (kosong).",
        "# Panduan lengkap: docs/dataset.md",
        "lkjcheck: 1",
        "model: sakip",
        "",
    ]
    for tname, tdef in model.tables.items():
        title = tdef.title.get("id", tname)
        out.append(f"# ---- {title} " + "-" * max(3, 60 - len(title)))
        if tdef.single:
            out.append(f"{tname}:")
            row = rows.get(tname, [{}])[0]
            nested: dict[str, list[str]] = {}
            for col in tdef.columns:
                prefix = next((p for p in ("penandatangan", "reviu", "pk") if col.startswith(p + "_")), None)
                if prefix:
                    nested.setdefault(prefix, []).append(col)
                    continue
                out.append(f"  {col}: {_scalar(row.get(col))}    # {column_help(tname, col, model)}")
            for prefix, cols in nested.items():
                out.append(f"  {prefix}:")
                for col in cols:
                    sub = col[len(prefix) + 1:]
                    v = row.get(prefix, {}).get(sub)
                    out.append(f"    {sub}: {_scalar(v)}    # {column_help(tname, col, model)}")
            out.append("")
            continue
        out.append(f"{tname}:")
        for i, row in enumerate(rows.get(tname, [])):
            first = True
            for col, v in row.items():
                lead = "  - " if first else "    "
                first = False
                # Only the first row carries the explanations: one is enough to read.
                note = f"    # {column_help(tname, col, model)}" if i == 0 else ""
                out.append(f"{lead}{_yaml_key(col)}: {_scalar(v)}{note}")
        out.append("")
    return "\n".join(out)


def _yaml_key(k: str) -> str:
    # YAML 1.1 reads a bare `no` as false.
    return json.dumps(k) if k.lower() in ("no", "yes", "on", "off", "y", "n") else k


def _model():
    from lkjcheck.model.definition import get_model
    from lkjcheck.checks.rules import builtin_rules_dir

    return get_model(builtin_rules_dir() / "sakip" / "model.yaml")


class ScaffoldExists(Exception):
    pass


def init_dataset(folder: str | Path, xlsx: bool = False, force: bool = False, source: str | Path | None = None,
                 year: int | None = None, model=None) -> Path:
    """Write DIR/lkj.yaml (or DIR/lkj.xlsx); from the example, or converted from an existing dataset."""
    import datetime as _dt
    import tempfile

    model = model or _model()
    folder = Path(folder)
    target = folder / (WORKBOOK_FILE if xlsx else DATASET_FILE)
    if target.exists() and not force:
        raise ScaffoldExists(str(target))
    other = folder / (DATASET_FILE if xlsx else WORKBOOK_FILE)
    if other.exists() and not force and source is None:
        # Two dataset files in one folder is refused by `run`; say so now.
        raise ScaffoldExists(str(other))
    folder.mkdir(parents=True, exist_ok=True)
    year = year or (_dt.date.today().year - 1)
    if xlsx:
        from lkjcheck.scaffold.workbook import dataset_to_workbook

        if source is not None:
            out = dataset_to_workbook(source, target, model)
            _copy_report_text(Path(source), folder, force)
            return out
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / DATASET_FILE).write_text(render_yaml(model, year), encoding="utf-8")
            return dataset_to_workbook(tmp, target, model)
    if source is not None:
        raise ValueError("--from needs --xlsx")
    from lkjcheck.safety.output import write_atomic

    write_atomic(target, render_yaml(model, year))     # never through a planted link
    return target


def _copy_report_text(source: Path, folder: Path, force: bool) -> Path | None:
    """The report text beside the source dataset goes along, or its text findings would vanish.

    Found as `run` finds it (laporan_teks, else laporan.md/.txt/.docx), with
    the same refusal of a file outside the source folder; written under the
    standard name the new folder's lkj.xlsx reads.
    """
    import shutil

    from lkjcheck.model.dataset import _find_text
    from lkjcheck.read.yamlsafe import Mapping, load_yaml

    src = source if source.is_dir() else source.parent
    yfile = src / DATASET_FILE
    data = load_yaml(str(yfile), display=str(yfile)) if yfile.is_file() else None
    text = _find_text(src, data if isinstance(data, Mapping) else {}, str(src))
    if not text or not Path(text).is_file():
        return None
    ext = Path(text).suffix.lower()
    target = folder / ("laporan" + (ext if ext in (".md", ".txt", ".docx") else ".md"))
    if target.exists() and not force:
        return None
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(text, tmp)
    tmp.replace(target)
    return target
