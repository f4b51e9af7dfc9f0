"""Hostile and broken inputs: never a traceback, never a hang, never a read outside the dataset.

The corpus is tests/hostile (cases.yaml says what each input must get). Inputs
that are big, or that git cannot hold (FIFOs, symlinks), are made here.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))
ROOT = HOSTILE.parent.parent
BOUND = 20          # seconds any one run may take, however hostile its input
LAP = "laporan:\n  instansi: Satker Uji\n  tahun: 2024\n"


def tree_hash(*folders: Path) -> dict[str, str]:
    out = {}
    for folder in folders:
        for p in sorted(folder.rglob("*")):
            if p.is_file() and not p.is_symlink():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def invoke(*args, cwd: Path = HOSTILE):
    """The real CLI in-process: (exit code, stdout, stderr, seconds)."""
    from click.testing import CliRunner

    from lkjcheck.cli import main

    old = os.getcwd()
    os.chdir(cwd)
    t0 = time.monotonic()
    try:
        res = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    finally:
        os.chdir(old)
    took = time.monotonic() - t0
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"uncaught {type(res.exception).__name__}: {res.exception}") from res.exception
    return res.exit_code, res.stdout, res.stderr, took


def run_subprocess(*args, cwd: Path = HOSTILE):
    """The real CLI in its own process, killed if it outlives the bound."""
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "lkjcheck.cli", *map(str, args)], cwd=cwd,
                       capture_output=True, text=True, timeout=BOUND)
    return r.returncode, r.stdout, r.stderr, time.monotonic() - t0


def assert_clean(code, out, err, took, exit, message):
    assert "Traceback" not in err and "Traceback" not in out
    assert "internal error" not in err, err
    assert took < BOUND
    assert code == exit, (code, out[-2000:], err)
    if exit == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("lkjcheck: "), err
        assert message in err, err
    elif message == "no findings":
        assert _findings(out) == [], out
    else:
        found = "\n".join(f"{f['location']['file']}:{f['location']['line']} {f['rule']} {f['message']}"
                          for f in _findings(out))
        assert message in found, found


def _findings(out: str) -> list:
    import json

    return json.loads(out)["findings"]


def _id(case):
    return f"{'data' if 'data' in case else 'rules'}-{case.get('data') or case.get('rules')}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_case(case):
    if "data" in case:
        args = ["run", "-f", "json", "--lang", "en", "--no-text", f"data/{case['data']}"]
        inputs = [HOSTILE / "data" / case["data"]]
    else:
        args = ["run", "-f", "json", "--lang", "en", "--no-text", "--rules", f"rules/{case['rules']}", "data/minimal"]
        inputs = [HOSTILE / "rules" / case["rules"], HOSTILE / "data" / "minimal"]
    before = tree_hash(*inputs)
    assert_clean(*invoke(*args), case["exit"], case["message"])
    assert tree_hash(*inputs) == before
    if case.get("catalogue"):
        rdir = f"rules/{case['rules']}"
        assert_clean(*invoke("rules", "--lang", "en", "--rules", rdir), 2, case["message"])
        assert_clean(*invoke("rules", "--lang", "en", "--rules", rdir, "explain", "HOS001"), 2, case["message"])


def test_corpus_is_all_used():
    named = {("data", c["data"]) for c in CASES if "data" in c} | {("rules", c["rules"]) for c in CASES if "rules" in c}
    on_disk = {(kind, p.name) for kind in ("data", "rules") for p in (HOSTILE / kind).iterdir()}
    assert on_disk - named <= {("data", "minimal")}
    assert named <= on_disk


# ------------------------------------------------------------- the real process

@pytest.mark.parametrize("args, exit, message", [
    (["data/alias_bomb"], 2, "alias bomb"),
    (["data/deep_flow"], 2, "nesting depth"),
    (["data/python_tag"], 2, "unsupported YAML tag"),
    (["--rules", "rules/import", "data/minimal"], 2, "only the provided functions may be called"),
    (["--rules", "rules/regex_catastrophic", "data/minimal"], 0, "no findings"),
])
def test_real_process_no_traceback_and_bounded(args, exit, message):
    code, out, err, took = run_subprocess("run", "-f", "json", "--lang", "en", "--no-text", *args)
    assert_clean(code, out, err, took, exit, message)


def test_debug_shows_the_traceback_the_default_hides():
    code, _, err, _ = run_subprocess("run", "--debug", "--lang", "en", "--no-text", "data/empty")
    assert code != 0 and "Traceback" in err and "the file is empty" in err


# ------------------------------------------------------------- made at test time

def dataset(folder: Path, text: str = LAP, **files) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lkj.yaml").write_text(text, encoding="utf-8")
    for name, content in files.items():
        p = folder / name.replace("__", ".")
        p.write_bytes(content if isinstance(content, bytes) else content.encode())
    return folder


def test_200_mb_file_is_refused_before_it_is_read(tmp_path):
    ds = dataset(tmp_path / "ds")
    with open(ds / "lkj.yaml", "r+b") as fh:   # sparse: costs no disk and no time
        fh.truncate(200 * 1024 * 1024)
    code, out, err, took = invoke("run", "--lang", "en", ds)
    assert_clean(code, out, err, took, 2, "file of 209,715,200 bytes exceeds the limit of 20,971,520 bytes "
                                          "(change with --max-bytes)")
    assert took < 5


def test_max_bytes_is_configurable(tmp_path):
    ds = dataset(tmp_path / "ds", LAP + "pegawai:\n  berkas: pegawai.csv\n",
                 pegawai__csv="no,nama\n" + "1,Nama Pegawai\n" * 100)
    assert_clean(*invoke("run", "--lang", "en", "--max-bytes", "20", ds), 2,
                 f"lkj.yaml: file of {(ds / 'lkj.yaml').stat().st_size:,} bytes exceeds the limit of 20 bytes "
                 "(change with --max-bytes)")
    # the limit holds for every file the dataset names, not only lkj.yaml
    assert_clean(*invoke("run", "--lang", "en", "--no-text", "--max-bytes", "1000", ds), 2,
                 f"pegawai.csv: file of {(ds / 'pegawai.csv').stat().st_size:,} bytes exceeds the limit of 1,000 bytes")
    code, *_ = invoke("run", "--lang", "en", "--no-text", "--max-bytes", "100000", ds)
    assert code in (0, 1)


def test_csv_field_over_the_csv_limit(tmp_path):
    ds = dataset(tmp_path / "ds", LAP + "pegawai:\n  berkas: pegawai.csv\n",
                 pegawai__csv='no,nama\n1,"' + "x" * 200_000 + '"\n')
    assert_clean(*invoke("run", "--lang", "en", "--no-text", ds), 2,
                 "pegawai.csv:2: invalid CSV: field larger than field limit")


def test_symlinks_out_of_the_dataset_are_refused(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "lkj.yaml").write_text(LAP)
    (secret / "p.csv").write_text("no,nama\n1,RAHASIA\n")
    (secret / "netrc.md").write_text("machine github.com password RAHASIA Rp 1.000\n")

    a = tmp_path / "a"
    a.mkdir()
    (a / "lkj.yaml").symlink_to(secret / "lkj.yaml")
    assert_clean(*invoke("run", "--lang", "en", a), 2, "lkj.yaml: points outside the dataset folder; refused")

    b = dataset(tmp_path / "b", LAP + "pegawai:\n  berkas: p.csv\n")
    (b / "p.csv").symlink_to(secret / "p.csv")
    assert_clean(*invoke("run", "--lang", "en", b), 2, "lkj.yaml:5: file 'p.csv' points outside the dataset folder")

    c = dataset(tmp_path / "c")
    (c / "laporan.md").symlink_to(secret / "netrc.md")
    code, out, err, took = invoke("run", "--lang", "en", c)
    assert_clean(code, out, err, took, 2, "text file 'laporan.md' points outside the dataset folder; refused")
    assert "RAHASIA" not in out + err

    d = dataset(tmp_path / "d", LAP + "laporan_teks: teks.md\n")
    (d / "teks.md").symlink_to(secret / "netrc.md")
    assert_clean(*invoke("run", "--lang", "en", d), 2, "lkj.yaml:4: text file 'teks.md' points outside")

    # a link that stays inside the folder is fine
    e = dataset(tmp_path / "e", LAP + "pegawai:\n  berkas: p.csv\n", asli__csv="no,nama,status\n1,A,PNS\n")
    (e / "p.csv").symlink_to(e / "asli.csv")
    code, *_ = invoke("run", "--lang", "en", "--no-text", e)
    assert code in (0, 1)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("name, yaml_text, message", [
    ("pegawai.csv", LAP + "pegawai:\n  berkas: pegawai.csv\n", "'pegawai.csv' is not a regular file"),
    ("laporan.md", LAP, "text file 'laporan.md' is not a regular file"),
])
def test_fifo_does_not_hang(tmp_path, name, yaml_text, message):
    ds = dataset(tmp_path / "ds", yaml_text)
    os.mkfifo(ds / name)
    assert_clean(*run_subprocess("run", "--lang", "en", ds), 2, message)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_read_directly_is_refused_without_blocking(tmp_path):
    from lkjcheck.errors import InputError
    from lkjcheck.read.yamlsafe import read_text_file

    os.mkfifo(tmp_path / "f")
    with pytest.raises(InputError, match="is a special file, not a regular file"):
        read_text_file(str(tmp_path / "f"))


def test_xlsx_that_unpacks_past_the_limit(tmp_path):
    ds = dataset(tmp_path / "ds", LAP + "pegawai:\n  berkas: p.xlsx\n")
    with zipfile.ZipFile(ds / "p.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 3_000_000)
    assert (ds / "p.xlsx").stat().st_size < 100_000
    assert_clean(*invoke("run", "--lang", "en", "--no-text", "--max-bytes", "1000000", ds), 2,
                 "p.xlsx: XLSX unpacks to 3,000,000 bytes, over the limit of 1,000,000 bytes")


def test_damaged_xlsx(tmp_path):
    pytest.importorskip("openpyxl")
    ds = dataset(tmp_path / "ds", LAP + "pegawai:\n  berkas: p.xlsx\n")
    with zipfile.ZipFile(ds / "p.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<not xml")
    assert_clean(*invoke("run", "--lang", "en", "--no-text", ds), 2, "p.xlsx: XLSX cannot be")


HOS = """rules:
  - id: HOS001
    title: uji
    table: anggaran
    assert: pagu >= 0
"""


def test_rule_file_linked_from_outside_is_refused(tmp_path):
    (tmp_path / "elsewhere.yaml").write_text(HOS)
    rdir = tmp_path / "rules"
    rdir.mkdir()
    (rdir / "r.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    for args in (["run", "--lang", "en", "--rules", rdir, HOSTILE / "data" / "minimal"],
                 ["rules", "--lang", "en", "--rules", rdir]):
        assert_clean(*invoke(*args), 2, "r.yaml: rule file points outside the rule folder; refused")


def test_rule_folder_limits(tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    for i in range(201):
        (many / f"r{i:03d}.yaml").write_text("rules: []\n")
    assert_clean(*invoke("rules", "--lang", "en", "--rules", many), 2, "more than 200 rule files")

    big = tmp_path / "big"
    big.mkdir()
    (big / "r.yaml").write_text(HOS + "# " + "x" * 300_000 + "\n")
    code, out, err, took = invoke("rules", "--lang", "en", "--rules", big)
    assert_clean(code, out, err, took, 2, "exceeds the limit of 262,144 bytes")
    assert "--max-bytes" not in err      # that option does not govern rule files

    folder = tmp_path / "folder"
    (folder / "x.yaml").mkdir(parents=True)
    assert_clean(*invoke("rules", "--lang", "en", "--rules", folder), 2, "x.yaml: is a folder, not a regular file")


def test_too_many_rules(tmp_path):
    from lkjcheck.checks.rules import MAX_RULES

    rdir = tmp_path / "r"
    rdir.mkdir()
    body = "".join(f"  - {{id: H{'ABCDEFGHIJ'[i // 1000]}{i % 1000:03d}, title: t, table: anggaran, assert: pagu >= 0}}\n"
                   for i in range(MAX_RULES + 1))
    (rdir / "r.yaml").write_text("rules:\n" + body)
    assert_clean(*invoke("rules", "--lang", "en", "--rules", rdir), 2, f"more than {MAX_RULES} rules")


def test_megabyte_expression_is_refused_quickly():
    from lkjcheck.lang import ExprError, Scope, parse_expr

    scope = Scope("t", {"t": {"x": "num"}}, set(), {})
    for src in ("x + " * 250_000 + "x > 0", "(" * 1_000_000, "x" * 1_000_000):
        t0 = time.monotonic()
        with pytest.raises(ExprError):
            parse_expr(src, scope)
        assert time.monotonic() - t0 < 1


def test_catastrophic_regex_over_many_rows_stays_within_its_budget():
    import numpy as np

    from lkjcheck.lang import REGEX_BUDGET, Env, Frame, Scope, parse_expr
    from lkjcheck.model.table import Column, Table

    node = parse_expr("matches(s, '(a|aa)+$')", Scope("t", {"t": {"s": "text"}}, set(), {}))
    n = 300
    col = Column("s", "text")
    for i in range(n):
        col.append("a" * 40 + "!", 0.0, None, None, None, i + 1, 1, None)
    table = Table("t", {"s": col}, ["f"] * n, list(range(1, n + 1)), [0] * n, [None] * n)
    t0 = time.monotonic()
    v = node.eval(Env({"t": table}, {}), Frame("t", np.arange(n), np.zeros(n, dtype=np.int64)))
    assert time.monotonic() - t0 < REGEX_BUDGET + 3
    assert v.null.all()          # could not judge: unknown, never a wrong answer


# ------------------------------------------------------------- yamlsafe directly

def test_duplicate_key_names_both_lines():
    from lkjcheck.errors import InputError
    from lkjcheck.read.yamlsafe import parse_yaml

    with pytest.raises(InputError) as e:
        parse_yaml("a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n", "f.yaml")
    assert e.value.line == 5
    assert e.value.text("en") == "f.yaml:5: duplicate key 'c' (already on line 3); one of its values would be lost"


def test_alias_bomb_refused_fast():
    from lkjcheck.errors import InputError
    from lkjcheck.read.yamlsafe import parse_yaml

    text = (HOSTILE / "data" / "alias_bomb" / "lkj.yaml").read_text()
    t0 = time.monotonic()
    with pytest.raises(InputError, match="alias bomb"):
        parse_yaml(text, "f")
    assert time.monotonic() - t0 < 2


def test_few_aliases_are_fine():
    from lkjcheck.read.yamlsafe import parse_yaml, plain

    assert plain(parse_yaml("a: &x {b: 1}\nc: *x\nd: *x\n", "f")) == {"a": {"b": 1}, "c": {"b": 1}, "d": {"b": 1}}


@pytest.mark.parametrize("text", ["[" * 100_000, "{a: " * 100_000, "".join(" " * i + "- \n" for i in range(3000)),
                                  "a: &a [*a]\n"])
def test_deep_nesting_with_and_without_libyaml(monkeypatch, text):
    import lkjcheck.read.yamlsafe as ys

    # How long the refusal takes is measured by benchmarks/guards.py, not here: a busy machine is no bug.
    for loader in {ys._Loader, yaml.SafeLoader}:
        monkeypatch.setattr(ys, "_Loader", loader)
        with pytest.raises(ys.InputError, match="nest"):
            ys.parse_yaml(text, "f")


def test_pure_python_loader_reads_normal_files(monkeypatch):
    import lkjcheck.read.yamlsafe as ys

    monkeypatch.setattr(ys, "_Loader", yaml.SafeLoader)
    assert ys.plain(ys.parse_yaml("a: [[1, 2], {b: c}]\n", "f")) == {"a": [[1, 2], {"b": "c"}]}


def test_bom_crlf_and_a_late_nul(tmp_path):
    from lkjcheck.errors import InputError
    from lkjcheck.read.yamlsafe import load_yaml, plain

    p = tmp_path / "a.yaml"
    p.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: dua\r\n")
    assert plain(load_yaml(str(p))) == {"a": 1, "b": "dua"}
    p.write_bytes(b"a: 1\n" * 5000 + b"b: \x00\n")
    with pytest.raises(InputError) as e:
        load_yaml(str(p))
    assert e.value.line == 5001 and "NUL" in e.value.message_en
