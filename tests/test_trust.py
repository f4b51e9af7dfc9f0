"""Never green on nothing: wrong names are errors with a suggestion, missing parts fail, coverage is stated."""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import click
import pytest

from conftest import CORRECTED, FAULTY, ROOT

COMPLETE = """\
laporan:
  instansi: Satker Uji
  tahun: 2024
perjanjian_kinerja:
  - {kode: IKU-1, indikator: Persentase laporan tepat waktu, target: "100%"}
pengukuran_kinerja:
  - {kode: IKU-1, indikator: Persentase laporan tepat waktu, target: "100%", realisasi: "99,00%", capaian: "99,00%"}
anggaran:
  - {sumber: rutin, pagu: "Rp 100.000.000", realisasi: "Rp 99.000.000", persen: "99,00%"}
"""


def _ds(folder, text=COMPLETE):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lkj.yaml").write_text(text, encoding="utf-8")
    return folder


def _json(cli, *args, cwd=None):
    code, out, err = cli("run", *args, "--no-text", "-f", "json", cwd=cwd)
    return code, (json.loads(out) if out.strip() else None), err


# ------------------------------------------------------------------ silent passes


def test_complete_dataset_passes_and_states_its_coverage(cli, tmp_path):
    code, doc, err = _json(cli, _ds(tmp_path / "ok"))
    assert code == 0 and doc["findings"] == [], err
    cov = doc["coverage"]["datasets"][0]
    assert cov["tables"] == {"laporan": 1, "perjanjian_kinerja": 1, "pengukuran_kinerja": 1, "anggaran": 1}
    assert cov["missing"] == [] and "KIN002" in cov["rules_run"] and "HIB002" in cov["rules_no_data"]


@pytest.mark.parametrize("drop", ["pengukuran_kinerja", "anggaran", "perjanjian_kinerja"])
def test_a_missing_mandatory_part_is_an_error(cli, tmp_path, drop):
    text = "\n".join(ln for ln in COMPLETE.splitlines() if not ln.startswith(drop) and
                     not (ln.startswith("  - ") and _section_of(COMPLETE, ln) == drop)) + "\n"
    code, doc, _ = _json(cli, _ds(tmp_path / "d", text))
    assert code == 1
    lkp = [f for f in doc["findings"] if f["rule"] == "LKP001"]
    assert [f["table"] for f in lkp] == [drop] and lkp[0]["severity"] == "error"
    assert "PermenPANRB 53/2014 Lampiran II" in lkp[0]["reference"]
    assert doc["coverage"]["datasets"][0]["missing"] == [drop]


def _section_of(text, line):
    current = None
    for ln in text.splitlines():
        if not ln.startswith(" "):
            current = ln.rstrip(":")
        if ln == line:
            return current
    return None


def test_identity_only_fails_and_misspelt_section_points_at_the_name_meant(cli, tmp_path):
    text = COMPLETE.replace("pengukuran_kinerja:", "pengukuran_kinerj:")
    code, doc, _ = _json(cli, _ds(tmp_path / "m", text))
    assert code == 1
    lkp = next(f for f in doc["findings"] if f["rule"] == "LKP001")
    assert lkp["location"]["line"] == 6 and "maksud Anda pengukuran_kinerja?" in lkp["message"]
    dat = next(f for f in doc["findings"] if f["rule"] == "DAT006")
    assert "maksud Anda pengukuran_kinerja?" in dat["message"]
    code, doc, _ = _json(cli, tmp_path / "m", "--lang", "en")
    assert any("did you mean pengukuran_kinerja?" in f["message"] for f in doc["findings"] if f["rule"] == "DAT006")


def test_empty_or_unrecognisable_dataset_is_exit_2(cli, tmp_path):
    _ds(tmp_path / "x", "judul: catatan rapat\nisi: [a, b]\n")
    code, out, err = cli("run", tmp_path / "x", "--no-text")
    assert code == 2 and "lkj.yaml" in err and "bukan dataset LKj" in err
    code, out, err = cli("run", tmp_path / "x", "--no-text", "--lang", "en")
    assert code == 2 and "not an LKj dataset" in err


# ------------------------------------------------------------------ unknown names

CONFIG_CASES = [
    ('select = "KIN"\n', 1, 'tulis select = ["KIN"]', 'write select = ["KIN"]'),
    ('select = ["ANGG"]\n', 1, "maksud Anda ANG?", "did you mean ANG?"),
    ('[severity]\nKLM999 = "error"\n', 2, "maksud Anda KLM", "did you mean KLM"),
    ('[param]\nrumus_minimall = "t/r"\n', 2, "maksud Anda rumus_minimal?", "did you mean rumus_minimal?"),
    ('lang = "jv"\n', 1, "'lang' harus id atau en", "'lang' must be id or en"),
    ('fail_on = "eror"\n', 1, "maksud Anda error?", "did you mean error?"),
    ('select = 5\n', 1, "'select' harus daftar", "'select' must be a list"),
    ('max_bytes = [1]\n', 1, "'max_bytes' harus bilangan bulat", "'max_bytes' must be a whole number"),
    ('\n[severity]\nKLM001 = "fatal"\n', 3, "'severity.KLM001' harus error", "'severity.KLM001' must be error"),
    ('fail_onn = "error"\n', 1, "maksud Anda fail_on?", "did you mean fail_on?"),
    ('max_bytes = 99999999999\n', 1, "hanya boleh menurunkan batas", "may only lower limits"),
]


@pytest.mark.parametrize("toml,line,msg_id,msg_en", CONFIG_CASES)
def test_bad_configuration_is_exit_2_with_file_line_and_suggestion(cli, tmp_path, toml, line, msg_id, msg_en):
    ds = _ds(tmp_path / "ds")
    (tmp_path / "lkjcheck.toml").write_text(toml, encoding="utf-8")
    for lang, msg in (("id", msg_id), ("en", msg_en)):
        code, out, err = cli("run", ds, "--no-text", "--lang", lang, cwd=tmp_path)
        assert code == 2, (out, err)
        assert f"lkjcheck.toml:{line}:" in err and msg in err, err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_max_bytes_in_config_may_lower_the_limit_and_the_command_line_may_raise_it(cli, tmp_path):
    ds = _ds(tmp_path / "ds")
    (tmp_path / "lkjcheck.toml").write_text("max_bytes = 100\n", encoding="utf-8")
    code, _, err = cli("run", ds, "--no-text", cwd=tmp_path)
    assert code == 2 and "lkj.yaml" in err            # the lowered limit applies
    (tmp_path / "lkjcheck.toml").write_text("max_bytes = 30000000\n", encoding="utf-8")
    code, _, err = cli("run", ds, "--no-text", cwd=tmp_path)
    assert code == 2 and "hanya boleh menurunkan batas" in err
    code, _, err = cli("run", ds, "--no-text", "--max-bytes", "30000000", cwd=tmp_path)
    assert code == 0, err


@pytest.mark.parametrize("args,msg_id,msg_en", [
    (["--select", "NOPE"], "--select: pemilih aturan 'NOPE' tidak dikenal", "--select: unknown rule selector 'NOPE'"),
    (["--ignore", "KIM"], "maksud Anda K", "did you mean K"),
])
def test_unknown_selector_on_the_command_line_is_exit_2(cli, tmp_path, args, msg_id, msg_en):
    ds = _ds(tmp_path / "ds")
    code, _, err = cli("run", ds, *args, cwd=tmp_path)
    assert code == 2 and msg_id in err
    code, _, err = cli("run", ds, *args, "--lang", "en", cwd=tmp_path)
    assert code == 2 and msg_en in err


def test_severity_from_config_changes_loader_findings_too(cli, tmp_path):
    ds = _ds(tmp_path / "ds", COMPLETE.replace("capaian: \"99,00%\"}", "capaian: \"99,00%\", realisai: 1}"))
    code, doc, _ = _json(cli, ds, cwd=tmp_path)
    dat = next(f for f in doc["findings"] if f["rule"] == "DAT007")
    assert dat["severity"] == "warning" and code == 0 and "maksud Anda realisasi?" in dat["message"]
    (tmp_path / "lkjcheck.toml").write_text('[severity]\nDAT007 = "error"\n', encoding="utf-8")
    code, doc, _ = _json(cli, ds, cwd=tmp_path)
    dat = next(f for f in doc["findings"] if f["rule"] == "DAT007")
    assert dat["severity"] == "error" and code == 1


def test_loader_findings_cite_the_catalogue_reference(cli):
    code, doc, _ = _json(cli, FAULTY)
    dat3 = next(f for f in doc["findings"] if f["rule"] == "DAT003")
    assert dat3["reference"].startswith("PermenPANRB 53/2014")


def test_explain_takes_lang_after_the_id_and_suggests(cli):
    code, out, _ = cli("rules", "explain", "KIN002", "--lang", "en")
    assert code == 0 and "Regulation:" in out
    code, _, err = cli("rules", "explain", "KIN02")
    assert code == 2 and "maksud Anda KIN0" in err


# ------------------------------------------------------------------ messages


def test_sdm007_found_is_the_cell_and_expected_the_nip(cli):
    code, doc, _ = _json(cli, FAULTY, "--select", "SDM007")
    f = next(f for f in doc["findings"] if f["row"].startswith("SUMAIDI"))
    assert (f["actual"], f["expected"]) == ("L", "P") and "tertulis Laki-Laki" in f["message"]


def test_row_labels_are_never_cut_and_unnamed_rows_are_numbered(cli):
    code, doc, _ = _json(cli, FAULTY)
    rows = [f["row"] or "" for f in doc["findings"]]
    assert not any(r.endswith("…") for r in rows)
    assert any(len(r) > 70 for r in rows)
    assert any(r == "rencana_kinerja #5" for r in rows) and not any(r.startswith("#") for r in rows)


def test_yaml_tab_error_says_tab_and_where(cli, tmp_path):
    _ds(tmp_path / "t", "laporan:\n  instansi: X\n\ttahun: 2024\n")
    code, _, err = cli("run", tmp_path / "t")
    assert code == 2 and "lkj.yaml:3: karakter tab di kolom 1" in err
    code, _, err = cli("run", tmp_path / "t", "--lang", "en")
    assert "lkj.yaml:3: tab character at column 1" in err


# ------------------------------------------------------------------ batches and hooks


def test_one_broken_dataset_does_not_stop_the_batch(cli, tmp_path):
    _ds(tmp_path / "b" / "a")
    _ds(tmp_path / "b" / "broken", "laporan: [unclosed\n")
    shutil.copytree(FAULTY, tmp_path / "b" / "faulty")
    code, out, err = cli("run", tmp_path / "b", "--no-text", "-f", "json")
    assert code == 2 and "broken" in err
    doc = json.loads(out)
    assert {f["dataset"] for f in doc["findings"]} == {"faulty"}       # the others were still checked
    broken = next(d for d in doc["datasets"] if d["name"] == "broken")
    assert "broken/lkj.yaml:" in broken["error"]
    code, out, err = cli("run", tmp_path / "b", "--no-text")
    assert code == 2 and "TIDAK DAPAT DIPERIKSA" in out and "ANG003" in out


def test_hook_ignores_files_outside_any_dataset(cli, tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    code, out, err = cli("run", "--ignore-outside", tmp_path / "notes" / "other.csv")
    assert code == 0 and out == ""
    code, _, err = cli("run", tmp_path / "notes" / "other.csv")    # by hand it is still a mistake
    assert code == 2
    hook = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: lkjcheck run --ignore-outside" in hook


# ------------------------------------------------------------------ every format states coverage


def test_every_format_carries_the_coverage_statement(cli, tmp_path):
    ds = _ds(tmp_path / "ok")
    for fmt in ("text", "json", "sarif", "junit", "github", "gitlab"):
        code, out, _ = cli("run", ds, "--no-text", "-f", fmt)
        assert code == 0
        if fmt == "text":
            assert "CAKUPAN PEMERIKSAAN" in out and "dibaca 4 baris" in out
        elif fmt == "json":
            assert json.loads(out)["coverage"]["datasets"][0]["rows"] == 4
        elif fmt == "sarif":
            assert json.loads(out)["runs"][0]["properties"]["coverage"]["datasets"][0]["rows"] == 4
        elif fmt == "junit":
            root = ET.fromstring(out)
            assert "dibaca 4 baris" in root.find("testsuite/system-out").text
            skipped = [c for c in root.iter("testcase") if c.find("skipped") is not None]
            assert any("HIB002" in c.get("name") for c in skipped)          # no hibah table: not a pass
        elif fmt == "github":
            assert "::notice title=Cakupan pemeriksaan::" in out
        else:
            issues = json.loads(out)
            assert [i["check_name"] for i in issues] == ["lkjcheck-coverage"] and "dibaca 4 baris" in issues[0]["description"]


def test_gitlab_code_quality_report(cli):
    code, out, _ = cli("run", FAULTY, "--no-text", "-f", "gitlab", "--select", "ANG003")
    issues = json.loads(out)
    ang = [i for i in issues if i["check_name"] == "ANG003"]
    assert len(ang) == 2 and {i["severity"] for i in ang} == {"major"}
    assert ang[0]["location"]["path"].endswith("lkj.yaml") and ang[0]["location"]["lines"]["begin"] > 0
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_waived_findings_show_who_and_why_in_text(cli, tmp_path):
    w = tmp_path / "w.yaml"
    w.write_text("- rule: ANG003\n  row: rutin\n  justification: Sudah dikonfirmasi ke keuangan\n"
                 "  by: Inspektorat II\n", encoding="utf-8")
    code, out, _ = cli("run", FAULTY, "--no-text", "--select", "ANG003", "--waivers", w)
    import re
    flat = re.sub(r"\s+", " ", out)
    assert "DIKECUALIKAN (1)" in out
    assert "[dikecualikan: Sudah dikonfirmasi ke keuangan; oleh Inspektorat II]" in flat


# ------------------------------------------------------------------ command-line conventions


def test_quiet_statistics_exit_zero_and_colour(cli):
    code, out, _ = cli("run", FAULTY, "--no-text", "--statistics")
    assert code == 1 and out.splitlines()[0].split()[:2] == ["Jumlah", "Aturan"]
    assert any(line.split()[1] == "ANG003" and line.split()[0] == "2" for line in out.splitlines()[2:])
    code, out, _ = cli("run", FAULTY, "--no-text", "--exit-zero", "--select", "ANG003")
    assert code == 0 and "ANG003" in out
    code, out, _ = cli("run", CORRECTED, "--no-text", "-q")
    assert code == 0 and out == ""
    _, plain, _ = cli("run", FAULTY, "--no-text", "--select", "ANG003")
    _, coloured, _ = cli("run", FAULTY, "--no-text", "--select", "ANG003", "--color", "always")
    assert "\x1b[" not in plain and "\x1b[1;31mKESALAHAN (2)\x1b[0m" in coloured


def test_locations_are_never_broken_across_lines(cli):
    code, out, _ = cli("run", FAULTY, "--no-text")
    import re
    for line in out.splitlines():
        m = re.match(r"^(\S+\.(yaml|csv|md)\S*)", line)
        if m:
            assert re.fullmatch(r"[\w./-]+\.(yaml|csv|md)(:\d+){0,2}(\[[^\]]+\])?", m.group(1)), m.group(1)


def test_init_xlsx_from_keeps_the_report_text(cli, tmp_path):
    code, _, err = cli("init", tmp_path / "xl", "--xlsx", "--from", FAULTY)
    assert code == 0, err
    assert (tmp_path / "xl" / "laporan.md").read_bytes() == (FAULTY / "laporan.md").read_bytes()
    _, a, _ = _json_text(cli, FAULTY)
    _, b, _ = _json_text(cli, tmp_path / "xl")
    assert {(f["rule"], f["row"]) for f in a["findings"]} == {(f["rule"], f["row"]) for f in b["findings"]}
    assert any(f["rule"].startswith("TXT") for f in b["findings"])


def _json_text(cli, *args):
    code, out, err = cli("run", *args, "-f", "json")
    return code, json.loads(out), err


@pytest.mark.parametrize("text,line,msg_id,msg_en", [
    ("- rule: ANG003\n  justifikasi: sudah dicek\n", 2, "kunci 'justifikasi' tidak dikenal", "maksud Anda justification?"),
    ("- rule: ANG003\n  by: X\n", 1, "'justification' wajib diisi", "'justification' is required"),
    ("- rule: [ANG003]\n  justification: ok\n", 1, "'rule' wajib diisi dengan teks", "'rule' is required"),
])
def test_bad_waiver_file_is_exit_2_with_file_line(cli, tmp_path, text, line, msg_id, msg_en):
    w = tmp_path / "w.yaml"
    w.write_text(text, encoding="utf-8")
    code, _, err = cli("run", FAULTY, "--no-text", "--waivers", w)
    assert code == 2 and f"w.yaml:{line}:" in err and msg_id in err
    code, _, err = cli("run", FAULTY, "--no-text", "--waivers", w, "--lang", "en")
    assert code == 2 and (msg_en in err or msg_en.replace("maksud Anda", "did you mean") in err)


def test_nearest_config_applies_to_its_dataset_and_show_config_says_where(cli, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(FAULTY, repo / "a")
    shutil.copytree(FAULTY, repo / "b")
    (repo / "b" / "lkjcheck.toml").write_text('select = ["ANG003"]\n', encoding="utf-8")
    (tmp_path / "lkjcheck.toml").write_text('select = ["KLM001"]\n', encoding="utf-8")
    code, out, err = cli("run", repo, "--no-text", "-f", "json", cwd=tmp_path)
    assert code == 1, err
    found = {(f["dataset"], f["rule"]) for f in json.loads(out)["findings"]}
    assert found == {("a", "KLM001"), ("b", "ANG003")}
    code, out, _ = cli("run", repo, "--show-config", "--lang", "en", cwd=tmp_path)
    assert code == 0
    assert 'select = ["ANG003"]    # ' in out and "b/lkjcheck.toml:1" in out
    assert 'select = ["KLM001"]    # ' in out and 'fail_on = "error"    # default' in out
    code, out, _ = cli("run", repo, "--show-config", "--select", "KIN", cwd=tmp_path)
    assert 'select = ["KIN"]    # --select' in out
    # --config names one file for all, and nothing else is looked for
    code, out, _ = cli("run", repo, "--no-text", "-f", "json", "--config", tmp_path / "lkjcheck.toml", cwd=tmp_path)
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"KLM001"}


def test_each_dataset_fails_by_its_own_fail_on(cli, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(CORRECTED, repo / "ok")
    ds = repo / "warn"
    shutil.copytree(CORRECTED, ds)
    text = (ds / "lkj.yaml").read_text(encoding="utf-8")
    (ds / "lkj.yaml").write_text(text + "\ncatatan_tambahan: x\n", encoding="utf-8")     # a DAT006 warning
    code, _, err = cli("run", repo, "--no-text", cwd=tmp_path)
    assert code == 0, err
    (ds / "lkjcheck.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    code, _, _ = cli("run", repo, "--no-text", cwd=tmp_path)
    assert code == 1


SHARED = ROOT.parent / "shared"


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="the shared real reports are not here")
def test_bare_report_text_judged_for_its_mandatory_parts(cli):
    seed = SHARED / "seed" / "lkj-kpu-muaro-jambi-2024.md"
    code, out, _ = cli("text", seed, "--tahun", "2024", "--select", "LKP", "-f", "json")
    doc = json.loads(out)
    assert code == 0 and doc["findings"] == []                      # the full report has all three parts
    assert doc["coverage"]["datasets"][0]["text"]["lines"] > 800
    # a real excerpt that stops before the budget chapter
    excerpt = SHARED / "corpus" / "bps-prov-bali-lkj-2015.md"
    code, out, _ = cli("text", excerpt, "--tahun", "2015", "--select", "LKP", "-f", "json", "--lang", "en")
    doc = json.loads(out)
    assert code == 1 and [f["field"] for f in doc["findings"]] == ["anggaran"]
    assert "budget realisation" in doc["findings"][0]["message"]


def test_dash_reads_the_dataset_from_standard_input():
    from click.testing import CliRunner

    from lkjcheck.cli import main

    text = COMPLETE.replace('persen: "99,00%"', 'persen: "98,00%"')
    res = CliRunner().invoke(main, ["run", "-", "--no-text", "-f", "json"], input=text)
    assert res.exit_code == 1, res.stderr
    doc = json.loads(res.stdout)
    ang = [f for f in doc["findings"] if f["rule"] == "ANG003"]
    assert ang and ang[0]["location"]["file"] == "-" and ang[0]["location"]["line"] == 9
    assert doc["datasets"][0]["path"] == "-"


def test_every_command_and_option_is_explained_in_both_languages():
    from lkjcheck.cli import main

    def walk(cmd, name):
        yield name, cmd
        for sub_name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, f"{name} {sub_name}")

    from lkjcheck.catalogue import MESSAGES

    def both(key) -> bool:       # a key of lkjcheck/messages/help.yaml, worded in either language when shown
        return key in MESSAGES and all(MESSAGES[key].get(lang) for lang in ("id", "en"))

    for name, cmd in walk(main, "lkjcheck"):
        assert cmd.help and both(cmd.help), name
        for p in cmd.params:
            if isinstance(p, click.Option) and "--version" not in p.opts and "--help" not in p.opts:
                assert p.help and both(p.help), f"{name} {p.opts[0]}"


def test_misspelt_month_is_a_finding_with_the_month_meant(cli, tmp_path):
    ds = _ds(tmp_path / "d", COMPLETE.replace("  tahun: 2024\n", "  tahun: 2024\n  penandatangan:\n    tanggal: 20 Febuari 2025\n"))
    for lang, words in (("id", "maksud Anda Februari?"), ("en", "did you mean Februari?")):
        code, doc, _ = _json(cli, ds, "--lang", lang)
        dat = [f for f in doc["findings"] if f["rule"] == "DAT001"]
        assert code == 1 and len(dat) == 1 and words in dat[0]["message"] and dat[0]["location"]["line"] == 5


def test_broken_dataset_in_json_and_sarif_follows_their_schemas(cli, tmp_path):
    import jsonschema

    _ds(tmp_path / "b" / "a")
    _ds(tmp_path / "b" / "broken", "laporan: [unclosed\n")
    code, out, _ = cli("run", tmp_path / "b", "--no-text", "-f", "json")
    assert code == 2
    jsonschema.validate(json.loads(out), json.loads((ROOT / "lkjcheck" / "schemas" / "findings.schema.json").read_text()))
    code, out, _ = cli("run", tmp_path / "b", "--no-text", "-f", "sarif")
    sarif = json.loads(out)
    jsonschema.validate(sarif, json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text()))
    inv = sarif["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False and "broken" in inv["toolExecutionNotifications"][0]["message"]["text"]
