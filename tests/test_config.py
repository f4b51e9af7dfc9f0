"""Configuration (lkjcheck.toml / [tool.lkjcheck]), --select/--ignore, custom rule packs."""
from __future__ import annotations

import json

from rules_helpers import write_dataset

DATA = {
    "laporan": {"penandatangan": {"tanggal": "20 Maret 2025"}},
    "pengukuran_kinerja": [{"kode": "IKU-1", "indikator": "Persentase data", "target": "35%",
                            "realisasi": "98,45%", "capaian": "270%", "selisih": "60%"}],
    "pegawai": [{"nama": "WATI", "jenis_kelamin": "P", "nip": "198701112024211006", "status": "PPPK", "golongan": "IX"}],
}


def _ds(tmp_path):
    return write_dataset(tmp_path / "ds", DATA)


def _rules(cli, *args, cwd=None):
    code, out, err = cli("run", *args, "--no-text", "--format", "json", cwd=cwd)
    assert code in (0, 1), err
    return code, {f["rule"]: f for f in json.loads(out)["findings"]}


def test_defaults(cli, tmp_path):
    code, found = _rules(cli, _ds(tmp_path), cwd=tmp_path)
    assert code == 1
    assert {"KIN001", "KIN002", "SDM007", "TGL002"} <= set(found)


def test_select_and_ignore_by_id_and_prefix(cli, tmp_path):
    ds = _ds(tmp_path)
    _, found = _rules(cli, ds, "--select", "KIN", cwd=tmp_path)
    assert set(found) == {"KIN001", "KIN002"}
    _, found = _rules(cli, ds, "--select", "KIN,SDM", "--ignore", "KIN002", cwd=tmp_path)
    assert set(found) == {"KIN001", "SDM007"}
    _, found = _rules(cli, ds, "--ignore", "KIN,SDM,TGL", cwd=tmp_path)
    assert not {r for r in found if r[:3] in ("KIN", "SDM", "TGL")}


def test_config_file_enables_disables_and_overrides(cli, tmp_path):
    ds = _ds(tmp_path)
    (tmp_path / "lkjcheck.toml").write_text(
        'select = ["KIN", "SDM", "TGL"]\nignore = ["SDM"]\n'
        '[severity]\nKIN001 = "info"\n'
        '[tolerance]\nKIN002 = 25\n'
        '[param]\nbatas_bulan_penyampaian = 3\n', encoding="utf-8")
    code, found = _rules(cli, ds, cwd=tmp_path)
    assert "SDM007" not in found                       # disabled
    assert found["KIN001"]["severity"] == "info"       # severity override
    assert "KIN002" not in found                       # 270% vs 281,29%: within the tolerance of 25
    assert "TGL002" not in found                       # deadline of 3 months: 20 March is in time
    assert code == 0                                   # only info left


def test_tolerance_is_absolute_slack(cli, tmp_path):
    data = dict(DATA, pengukuran_kinerja=[{"kode": "IKU-1", "indikator": "Persentase data", "target": "100%",
                                           "realisasi": "99,01%", "capaian": "99,09%"}])
    ds = write_dataset(tmp_path / "t", data)
    _, found = _rules(cli, ds, "--select", "KIN002", cwd=tmp_path)
    assert "KIN002" in found
    (tmp_path / "lkjcheck.toml").write_text('[tolerance]\nKIN002 = 0.1\n', encoding="utf-8")
    _, found = _rules(cli, ds, "--select", "KIN002", cwd=tmp_path)
    assert "KIN002" not in found


def test_pyproject_table_and_capaian_cap(cli, tmp_path):
    data = dict(DATA, pengukuran_kinerja=[{"kode": "IKU-1", "indikator": "Persentase data", "target": "35%",
                                           "realisasi": "98,45%", "capaian": "120%"}])
    ds = write_dataset(tmp_path / "c", data)
    _, found = _rules(cli, ds, "--select", "KIN002", cwd=tmp_path)
    assert "KIN002" in found
    (tmp_path / "pyproject.toml").write_text('[tool.lkjcheck.param]\nbatas_capaian = 120\n', encoding="utf-8")
    _, found = _rules(cli, ds, "--select", "KIN002", cwd=tmp_path)
    assert "KIN002" not in found


def test_minimise_formula_via_config(cli, tmp_path):
    data = dict(DATA, pengukuran_kinerja=[{"kode": "IKU-1", "indikator": "Persentase gangguan", "arah": "minimal",
                                           "target": "10%", "realisasi": "8,00%", "capaian": "125,00%"}])
    ds = write_dataset(tmp_path / "m", data)
    _, found = _rules(cli, ds, "--select", "KIN002", cwd=tmp_path)
    assert "KIN002" in found                           # default (2t - r)/t = 120%
    (tmp_path / "lkjcheck.toml").write_text('[param]\nrumus_minimal = "t/r"\n', encoding="utf-8")
    _, found = _rules(cli, ds, "--select", "KIN002", cwd=tmp_path)
    assert "KIN002" not in found


def test_custom_rule_pack(cli, tmp_path):
    ds = _ds(tmp_path)
    pack = tmp_path / "tim"
    pack.mkdir()
    (pack / "tim.yaml").write_text('''
family: {id: tim, title: {id: "Aturan tim", en: "Team rules"}}
rules:
  - id: TIM001
    title: {id: "Realisasi paling banyak 95%", en: "Realisation at most 95%"}
    severity: warning
    table: pengukuran_kinerja
    where: ada(realisasi)
    assert: realisasi <= 95
    reference: "Kebijakan internal"
    rationale: {id: "Contoh.", en: "Example."}
    example: {bad: "98%", good: "90%"}
''', encoding="utf-8")
    _, found = _rules(cli, ds, "--rules", pack, "--select", "TIM", cwd=tmp_path)
    assert set(found) == {"TIM001"}
    code, out, _ = cli("rules", "--rules", pack, "explain", "TIM001")
    assert code == 0 and "Kebijakan internal" in out


def test_broken_rule_file_names_file_and_line(cli, tmp_path):
    ds = _ds(tmp_path)
    pack = tmp_path / "rusak"
    pack.mkdir()
    (pack / "rusak.yaml").write_text('''rules:
  - id: TIM002
    title: {id: "x", en: "x"}
    table: pengukuran_kinerja
    assert: realisasi <= tidak_ada
''', encoding="utf-8")
    code, out, err = cli("run", ds, "--rules", pack, cwd=tmp_path)
    assert code == 2
    assert "rusak.yaml:5" in err and "tidak_ada" in err
    assert "Traceback" not in err + out


def test_the_nearest_config_is_looked_for_up_to_the_root_only(tmp_path):
    from lkjcheck.run.config import nearest_config

    root, deep, outside = tmp_path / "root", tmp_path / "root" / "a" / "b", tmp_path / "other" / "c"
    deep.mkdir(parents=True)
    outside.mkdir(parents=True)
    assert nearest_config(deep, root) is None
    (tmp_path / "lkjcheck.toml").write_text("", encoding="utf-8")     # above the root: never seen
    assert nearest_config(deep, root) is None
    (root / "lkjcheck.toml").write_text("", encoding="utf-8")
    assert nearest_config(deep, root) == (root / "lkjcheck.toml").resolve()
    (root / "a" / "lkjcheck.toml").write_text("", encoding="utf-8")
    assert nearest_config(deep, root) == (root / "a" / "lkjcheck.toml").resolve()
    # a folder outside the root is looked at itself, not its parents
    assert nearest_config(outside, root) is None
    (outside / "lkjcheck.toml").write_text("", encoding="utf-8")
    assert nearest_config(outside, root) == (outside / "lkjcheck.toml").resolve()
