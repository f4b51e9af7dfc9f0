"""Hand-built RunResults for the renderer tests.

Built by hand rather than by running the engine so that the renderer tests
exercise every awkward case on purpose (markup characters, newlines, a cell
location, a finding without a line, a waiver) and do not break when a rule pack
changes.
"""
from __future__ import annotations

from lkjcheck.findings import DatasetInfo, Finding, Location, RuleMeta, RunResult

DS_KPU = "kpu-muaro-jambi-2024"
DS_KOMINFO = "diskominfo-contoh-2023"

RULES: dict[str, RuleMeta] = {
    "ANG001": RuleMeta(
        id="ANG001",
        family="anggaran",
        severity="error",
        title={"id": "Jumlah realisasi anggaran sama dengan totalnya",
               "en": "Budget realisation adds up to its total"},
        reference="PMK 62/PMK.02/2023; Permenpan RB 88/2021 Lampiran II",
        rationale={"id": "Realisasi per sumber dana harus berjumlah sama dengan baris total.",
                   "en": "Realisation per source of funds must add up to the total row."},
        expression="sum(realisasi[sumber != 'total']) == realisasi[sumber == 'total']",
    ),
    "PK002": RuleMeta(
        id="PK002",
        family="pengukuran_kinerja",
        severity="warning",
        title={"id": "Capaian sesuai dengan realisasi dibagi target",
               "en": "Achievement equals realisation over target"},
        reference="Permenpan RB 53/2014 Lampiran III",
        rationale={"id": "Capaian = realisasi / target \u00d7 100% untuk indikator maksimal.",
                   "en": "Achievement = realisation / target \u00d7 100% for a maximising indicator."},
    ),
    "PK010": RuleMeta(
        id="PK010",
        family="pengukuran_kinerja",
        severity="info",
        title={"id": "Realisasi tahun lalu dicantumkan", "en": "Last year's result is reported"},
        reference="Permenpan RB 53/2014 Lampiran III huruf C",
        rationale={"id": "Perbandingan dengan tahun sebelumnya wajib disajikan.",
                   "en": "A comparison with the previous year is required."},
    ),
    "PEG003": RuleMeta(
        id="PEG003",
        family="pegawai",
        severity="warning",
        title={"id": "Rekap pegawai sama dengan daftar pegawai",
               "en": "Staff summary matches the staff list"},
        reference="PermenPANRB 53/2014 Bab II",
        rationale={"id": "Jumlah pegawai di rekap harus sama dengan jumlah baris daftar.",
                   "en": "The staff count in the summary must equal the rows of the list."},
    ),
    "DAT001": RuleMeta(
        id="DAT001",
        family="data",
        severity="error",
        title={"id": "Angka tidak dapat dibaca", "en": "Figure cannot be read"},
        reference="",
        rationale={"id": "Angka yang meragukan tidak ditebak.", "en": "A doubtful figure is not guessed."},
        kind="builtin",
    ),
    # Passes everywhere: the JUnit output must still list it as a passed test.
    "KLM001": RuleMeta(
        id="KLM001",
        family="klaim",
        severity="warning",
        title={"id": "Klaim naratif didukung data", "en": "Narrative claims are backed by data"},
        reference="Permenpan RB 88/2021",
        rationale={"id": "Klaim dalam teks harus sesuai tabel.", "en": "Claims in the text must match the tables."},
        kind="text",
    ),
}

# Special characters a renderer must survive: markup, quotes, pipe, newline,
# Indonesian figures, and a control character that XML 1.0 forbids.
NASTY_MESSAGE = (
    'Realisasi "total" <Rp 59.900.669.261> & jumlah rincian | berbeda\n'
    "baris kedua: capaian 99,01%\x0b"
)


def findings() -> list[Finding]:
    return [
        Finding(
            rule="ANG001", severity="error", message=NASTY_MESSAGE, dataset=DS_KPU,
            location=Location("kpu-muaro-jambi-2024/lkj.yaml", line=42, column=7),
            table="anggaran", row="total", field="realisasi",
            expected="Rp 59.900.669.261", actual="Rp 59.900.669.000 <selisih 261>",
            reference=RULES["ANG001"].reference, title=RULES["ANG001"].title["id"], family="anggaran",
        ),
        Finding(
            rule="PK002", severity="warning",
            message="Capaian 99,01% tidak sesuai realisasi/target (98,00%)",
            dataset=DS_KPU,
            location=Location("kpu-muaro-jambi-2024/pengukuran.xlsx", cell="pengukuran_kinerja!E5"),
            table="pengukuran_kinerja", row="Indeks Kepuasan Layanan & Informasi", field="capaian",
            expected="98,00%", actual="99,01%", family="pengukuran_kinerja",
        ),
        Finding(
            rule="PK010", severity="info",
            message="Realisasi tahun 2023 tidak dicantumkan",
            dataset=DS_KPU,
            location=Location("kpu-muaro-jambi-2024/lkj.yaml"),
            table="rincian_kinerja", row="Persentase partisipasi pemilih", field="realisasi_n1",
        ),
        Finding(
            rule="PEG003", severity="warning",
            message="Rekap 48 pegawai, daftar berisi 47 baris",
            dataset=DS_KPU,
            location=Location("kpu-muaro-jambi-2024/pegawai.csv", line=1),
            table="rekap_pegawai", row="PNS", field="jumlah", expected="47", actual="48",
            waived=True,
            waiver={"justification": "Satu pegawai pindah tugas 31 Desember; sudah dikonfirmasi | BKD",
                    "by": "Inspektur Pembantu II", "until": "2025-06-30"},
        ),
        Finding(
            rule="DAT001", severity="error",
            message="Angka \u201cRp 28. 146,626.000-\u201d tidak dapat dibaca: spasi di dalam angka",
            dataset=DS_KOMINFO,
            location=Location("diskominfo contoh 2023/lkj.yaml", line=88, column=15),
            table="anggaran", row="rutin", field="pagu", actual="Rp 28. 146,626.000-",
        ),
        Finding(
            rule="PK002", severity="warning",
            message="Capaian 105% melebihi realisasi/target 100%",
            dataset=DS_KOMINFO,
            location=Location("diskominfo contoh 2023/lkj.yaml", line=120),
            table="pengukuran_kinerja", row="Persentase OPD terhubung jaringan", field="capaian",
            expected="100,00%", actual="105%",
        ),
    ]


def sample_result(lang: str = "id") -> RunResult:
    return RunResult(
        findings=findings(),
        datasets=[
            DatasetInfo(name=DS_KPU, path="kpu-muaro-jambi-2024",
                        agency="Sekretariat KPU Kabupaten Muaro Jambi", year=2024,
                        files=("lkj.yaml", "pengukuran.xlsx", "pegawai.csv")),
            DatasetInfo(name=DS_KOMINFO, path="diskominfo contoh 2023",
                        agency="Dinas Komunikasi & Informatika <Kota Contoh>", year=2023,
                        files=("lkj.yaml",)),
        ],
        rules=dict(RULES),
        lang=lang,
        version="0.1.0",
        generated_at="2025-03-05T14:30:00+07:00",
    )


def empty_result(lang: str = "id") -> RunResult:
    """A clean run: no findings at all."""
    return RunResult(
        findings=[],
        datasets=[DatasetInfo(name=DS_KPU, path="kpu-muaro-jambi-2024",
                              agency="Sekretariat KPU Kabupaten Muaro Jambi", year=2024)],
        rules=dict(RULES),
        lang=lang,
        version="0.1.0",
        generated_at="2025-03-05T14:30:00+07:00",
    )
