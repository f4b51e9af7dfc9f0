"""One vocabulary for rule-pack authors: English structure keys in model.yaml and in the
rule files, one spelling for each; the Indonesian spellings of earlier releases are
refused with the key that replaced them, naming the file and the line."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lkjcheck.checks.rules import builtin_rules_dir, load_pack
from lkjcheck.errors import InputError
from lkjcheck.model.definition import load_model
from rules_helpers import write_dataset

PACK = builtin_rules_dir() / "sakip"


def _model(tmp_path, old: str, new: str) -> Path:
    text = (PACK / "model.yaml").read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "model.yaml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def _line_of(path: Path, words: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if words in ln)


@pytest.mark.parametrize("old,new,key", [
    ("\ntables:\n", "\ntabel:\n", "'tabel' was renamed; write 'tables'"),
    ("    columns:\n      instansi:", "    kolom:\n      instansi:", "'kolom' was renamed; write 'columns'"),
    ("    title: {id: \"Identitas laporan\"", "    judul: {id: \"Identitas laporan\"", "write 'title'"),
    ("    key: [instansi]", "    kunci: [instansi]", "write 'key'"),
    ("    single: true", "    tunggal: true", "write 'single'"),
    ("      instansi: {type: teks, required: true}", "      instansi: {tipe: teks, required: true}", "write 'type'"),
    ("      instansi: {type: teks, required: true}", "      instansi: {type: teks, wajib: true}", "write 'required'"),
    ("target: {type: besaran, precision: exact}", "target: {type: besaran, presisi: tepat}", "write 'precision'"),
    ("target: {type: besaran, precision: exact}", "target: {type: besaran, precision: tepat}", "precision 'tepat'"),
    ("\nparameters:\n", "\nparameter:\n", "write 'parameters'"),
    ("\nmeasured_units:", "\nsatuan_terukur:", "write 'measured_units'"),
    ("report: {table: laporan,", "report: {table: pegawai,", "report.table must be a one-row"),
    ("agency_code: kode_satker", "agency_code: kode_unit", "column 'kode_unit' is not in table 'laporan'"),
    ("kind: per_row, table: anggaran", "kind: per_table, table: anggaran", "kind must be per_row"),
])
def test_old_model_keys_name_the_new_one(tmp_path, old, new, key):
    p = _model(tmp_path, old, new)
    with pytest.raises(InputError) as e:
        load_model(p)
    said = e.value.text("en")
    assert key in said and said.startswith(f"{p}:{_line_of(p, new.strip().splitlines()[0][:12])}"), said


def _pack(tmp_path, file: str, old: str, new: str) -> Path:
    folder = tmp_path / "sakip"
    shutil.copytree(PACK, folder, ignore=shutil.ignore_patterns("cases"))
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("file,old,new,key", [
    ("kinerja.yaml", "    table: pengukuran_kinerja\n", "    tabel: pengukuran_kinerja\n", "key 'tabel' was renamed; write 'table'"),
    ("kelengkapan.yaml", "    parts:\n", "    bagian:\n", "write 'parts'"),
    ("kelengkapan.yaml", "      - table: perjanjian_kinerja\n", "      - tabel: perjanjian_kinerja\n", "write 'table'"),
    ("kelengkapan.yaml", "        alternatives: [kinerja_triwulan]", "        atau: [kinerja_triwulan]", "write 'alternatives'"),
    ("kelengkapan.yaml", "heading: '(?i)perjanjian", "teks: '(?i)perjanjian", "write 'heading'"),
    ("kinerja.yaml", "    rationale:\n", "    alasan:\n", "write 'rationale'"),
])
def test_old_rule_file_keys_name_the_new_one(tmp_path, file, old, new, key):
    folder = _pack(tmp_path, file, old, new)
    with pytest.raises(InputError) as e:
        load_pack([folder], compile_rules=False)
    said = e.value.text("en")
    assert key in said and f"{file}:{_line_of(folder / file, new.strip()[:14])}" in said, said


def test_a_message_names_the_row_one_way(tmp_path):
    folder = _pack(tmp_path, "kinerja.yaml", "  - id: KIN002\n", "  - id: KIN002\n    message: {id: 'baris {baris}', en: 'row {baris}'}\n")
    with pytest.raises(InputError) as e:
        load_pack([folder])
    assert "KIN002: '{baris}' was renamed; write '{row}'" in e.value.text("en")
    assert "kinerja.yaml:" in e.value.text("en")


def test_tolerance_has_one_spelling(tmp_path, cli):
    folder = _pack(tmp_path, "kinerja.yaml", "  - id: KIN002\n", "  - id: KIN002\n    tolerance: exact\n")
    assert load_pack([folder])               # `exact` is the one spelling
    folder2 = _pack(tmp_path / "b", "kinerja.yaml", "  - id: KIN002\n", "  - id: KIN002\n    tolerance: tepat\n")
    with pytest.raises(InputError) as e:
        load_pack([folder2])
    assert "tolerance 'tepat' was renamed; write 'exact'" in e.value.text("en")
    # ... and in the user's configuration
    ds = write_dataset(tmp_path / "ds", {})
    (tmp_path / "lkjcheck.toml").write_text('[tolerance]\nKIN002 = "tepat"\n', encoding="utf-8")
    code, _, err = cli("run", ds, "--no-text", cwd=tmp_path)
    assert code == 2 and 'lkjcheck.toml:2:' in err and '"exact", bukan "tepat"' in err, err


def test_the_builtin_pack_uses_only_the_new_keys():
    # loading refuses every old spelling, so a pack that loads has none of them
    pack = load_pack([PACK], compile_rules=False)
    assert pack.meta["LKP001"].spec["parts"][0]["table"] == "perjanjian_kinerja"
    model = load_model(PACK / "model.yaml")
    assert model.tables["laporan"].single and model.tables["perjanjian_kinerja"].columns["target"].exact



# pengenalan.yaml: the recognition of published reports speaks the same English vocabulary.
@pytest.mark.parametrize("old,new,said", [
    ("recognition: 1\n", "pengenalan: 1\n", "key 'pengenalan' was renamed; write 'recognition'"),
    ("\ntables:\n", "\ntabel:\n", "key 'tabel' was renamed; write 'tables'"),
    ("    required: [indikator, target, realisasi]", "    wajib: [indikator, target, realisasi]", "write 'required'"),
    ("  place_date: '", "  tempat_tanggal: '", "key 'tempat_tanggal' was renamed; write 'place_date'"),
    ("    shift: [{from: nama, to: jenis_kelamin}]", "    shift: [{dari: nama, ke: jenis_kelamin}]",
     "key 'dari' was renamed; write 'from'"),
    ('    code: "IKU-{number}"', '    code: "IKU-{no}"', "'{no}' was renamed; write '{number}'"),
    ('kelompok: "{row} {column}"', 'kelompok: "{baris} {kolom}"', "'{baris}' was renamed; write '{row}'"),
    ("  - pattern: '(?i)capaian\\s+kinerja\\b", "  - pola: '(?i)capaian\\s+kinerja\\b", "write 'pattern'"),
    ("subject: previous_table, value: v", "subject: tabel_sebelumnya, value: v",
     "'tabel_sebelumnya' was renamed; write 'previous_table'"),
    ("subject: {group: a}, value: v}]", "subject: {grup: a}, value: v}]", "key 'grup' was renamed; write 'group'"),
    ("    table_row: {table: hibah", "    hibah: {table: hibah", "key 'hibah' was renamed; write 'table_row'"),
    ("    code: \"RIN-{seq}\"", "    code: \"RIN-{nomor}\"", "unknown placeholder '{nomor}' (number, seq)"),
])
def test_old_recognition_keys_name_the_new_one(tmp_path, old, new, said):
    from lkjcheck.extract.spec import load_spec

    _refused(tmp_path, "pengenalan.yaml", old, new, said, load_spec)


def _refused(tmp_path, file: str, old: str, new: str, said: str, load) -> None:
    """The pack with `old` written as `new` in `file` does not load; the error names the new key at its line."""
    folder = _pack(tmp_path, file, old, new)
    with pytest.raises(InputError) as e:
        load(folder)
    text = e.value.text("en")
    assert said in text and f"{file}:{_line_of(folder / file, new.strip()[:16])}" in text, text


def test_an_old_recognition_file_stops_the_run_with_one_line(tmp_path, cli):
    seed = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
    folder = _pack(tmp_path, "pengenalan.yaml", "\ntables:\n", "\ntabel:\n")
    code, _, err = cli("run", seed, "--rules", folder, "--lang", "en")
    assert code == 2 and "Traceback" not in err, err
    assert f"pengenalan.yaml:{_line_of(folder / 'pengenalan.yaml', 'tabel:')}:" in err and "write 'tables'" in err, err


def test_the_recognition_file_names_what_extraction_fills(tmp_path):
    """The claims table and its columns come from pengenalan.yaml: drop one there and extraction fills it no more."""
    from lkjcheck.extract import read_and_extract

    seed = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
    model = load_model(PACK / "model.yaml")
    ex, _ = read_and_extract(seed, str(seed), model, [PACK], 10**7, None)
    assert ex.tables["klaim"] and all("lokasi" in r for r in ex.tables["klaim"])
    folder = _pack(tmp_path, "pengenalan.yaml", ", subject: acuan, section: lokasi}", ", subject: acuan}")
    ex2, _ = read_and_extract(seed, str(seed), model, [folder], 10**7, None)
    assert len(ex2.tables["klaim"]) == len(ex.tables["klaim"]) and not any("lokasi" in r for r in ex2.tables["klaim"])


# reviu.yaml: the reviu guide's structure keys are English too; the texts a reviewer reads stay Indonesian.
@pytest.mark.parametrize("old,new,said", [
    ("\naspects:\n", "\naspek:\n", "key 'aspek' was renamed; write 'aspects'"),
    ("\nfamilies:\n", "\nkelompok:\n", "key 'kelompok' was renamed; write 'families'"),
    ("\nsame_cell:\n", "\ngabung_sel_sama:\n", "key 'gabung_sel_sama' was renamed; write 'same_cell'"),
    ("    same_when: [expected, actual]", "    sama_bila: [expected, actual]", "key 'sama_bila' was renamed; write 'same_when'"),
    ("        automatic: sebagian", "        otomatis: sebagian", "key 'otomatis' was renamed; write 'automatic'"),
    ("        not_checked: {", "        tidak_diperiksa: {", "write 'not_checked'"),
    ("    recommendation:\n", "    rekomendasi:\n", "key 'rekomendasi' was renamed; write 'recommendation'"),
    ("    criteria_by_table:", "    kriteria_tabel:", "write 'criteria_by_table'"),
])
def test_old_review_keys_name_the_new_one(tmp_path, old, new, said):
    from lkjcheck.report.guide import load_review

    _refused(tmp_path, "reviu.yaml", old, new, said, lambda folder: load_review([folder]))


def test_the_builtin_review_guide_reads_with_the_new_keys():
    from lkjcheck.report.guide import load_review

    g = load_review([PACK])
    assert [a.id for a in g.aspects] == ["format", "mekanisme", "substansi"] and g.criteria["F1"].auto == "sebagian"
    assert g.texts["legal_basis"] and g.texts["purpose"] and g.cell_groups[0].same_when == ("expected", "actual")
    assert g.for_rule("LKP001", "kelengkapan").by_table


def test_extraction_notes_are_written_in_english_and_read_in_either_spelling(tmp_path):
    """`lkjcheck extract` writes the notes with English keys; a dataset an earlier release extracted keeps its notes."""
    from lkjcheck.extract import write_extracted
    from lkjcheck.model.dataset import load_dataset

    seed = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
    model = load_model(PACK / "model.yaml")
    target, ex = write_extracted(seed, tmp_path / "new", model, [PACK], 10**7, None)
    text = target.read_text(encoding="utf-8")
    assert ex.notes and "  - {rule: DAT" in text and "tingkat:" not in text
    old = tmp_path / "old"
    old.mkdir()
    (old / "laporan.md").write_bytes((tmp_path / "new" / "laporan.md").read_bytes())
    for a, b in (("{rule: ", "{aturan: "), (", severity: ", ", tingkat: "), (", location: ", ", lokasi: "),
                 (", table: ", ", tabel: "), (", message: ", ", pesan: "), (", message_en: ", ", pesan_en: ")):
        text = text.replace(a, b)
    (old / "lkj.yaml").write_text(text, encoding="utf-8")

    def notes(folder):
        ds = load_dataset(folder, model)
        return sorted((f.rule, f.severity, str(f.location), f.table, f.message) for f in ds.findings
                      if f.reference == "docs/documents.md")

    got = notes(tmp_path / "new")
    assert len(got) == len(ex.notes) and got == notes(old)
    assert {s for _, s, _, _, _ in got} >= {"error"} and all("lkj-kpu-muaro-jambi-2024.md:" in loc for _, _, loc, _, _ in got)
