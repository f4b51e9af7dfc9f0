"""lkjcheck as a pre-commit hook: files inside a dataset stand for the dataset.

The end-to-end test runs the real pre-commit tool (`pre-commit try-repo`) on a
throw-away git repository. try-repo installs lkjcheck from this repository's
committed HEAD, so it tests what is committed, not the working tree.
"""
import os
import shutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORRECTED, FAULTY, ROOT


# ------------------------------------------------------------------ discover (no pre-commit needed)

def test_files_inside_a_dataset_select_it_once(tmp_path):
    from lkjcheck.run.discover import discover

    shutil.copytree(FAULTY, tmp_path / "a")
    shutil.copytree(CORRECTED, tmp_path / "b")
    (tmp_path / "b" / "tabel").mkdir()
    (tmp_path / "b" / "tabel" / "x.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "lain.csv").write_text("a\n1\n", encoding="utf-8")
    got = discover([str(tmp_path / "a" / "pegawai.csv"), str(tmp_path / "a" / "laporan.md"),
                    str(tmp_path / "a" / "lkj.yaml"), str(tmp_path / "b" / "tabel" / "x.csv"),
                    str(tmp_path / "lain.csv")])
    assert [p.resolve() for p in got] == [(tmp_path / "a").resolve(), (tmp_path / "b").resolve()]


def test_relative_file_gives_relative_dataset(tmp_path, monkeypatch):
    from lkjcheck.run.discover import discover

    shutil.copytree(FAULTY, tmp_path / "ds")
    monkeypatch.chdir(tmp_path)
    assert discover(["ds/pegawai.csv"]) == [Path("ds")]


def test_only_files_outside_datasets_is_exit_2(cli, tmp_path):
    (tmp_path / "catatan.md").write_text("x", encoding="utf-8")
    code, out, err = cli("run", tmp_path / "catatan.md")
    assert code == 2 and "catatan.md" in err


def test_cli_checks_dataset_of_changed_file(cli, tmp_path):
    shutil.copytree(FAULTY, tmp_path / "ds")
    code, out, err = cli("run", tmp_path / "ds" / "pegawai.csv", tmp_path / "ds" / "laporan.md", "-f", "json")
    assert code == 1
    import json
    assert len(json.loads(out)["datasets"]) == 1


# ------------------------------------------------------------------ the real pre-commit

def _pre_commit() -> str | None:
    exe = Path(sys.executable).parent / "pre-commit"
    return str(exe) if exe.exists() else shutil.which("pre-commit")


def _git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)


@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit is not installed (pip install -e '.[dev]')")
@pytest.mark.skipif(os.environ.get("LKJCHECK_SKIP_PRECOMMIT") == "1",
                    reason="LKJCHECK_SKIP_PRECOMMIT=1 (the test builds two hook environments, ~1.5 min)")
def test_pre_commit_try_repo(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--error-unmatch", ".pre-commit-hooks.yaml"],
                             capture_output=True, text=True)
    changed = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", ".pre-commit-hooks.yaml"])
    if tracked.returncode or changed.returncode:
        pytest.skip("try-repo installs the committed HEAD: commit .pre-commit-hooks.yaml first")
    head = _git("-C", str(ROOT), "rev-parse", "HEAD", cwd=ROOT).stdout.strip()

    repo = tmp_path / "data"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _git("config", "user.email", "test@example.invalid", cwd=repo)
    _git("config", "user.name", "test", cwd=repo)
    shutil.copytree(FAULTY, repo / "rusak")
    shutil.copytree(CORRECTED, repo / "bersih")
    (repo / "catatan").mkdir()
    (repo / "catatan" / "daftar.csv").write_text("a,b\n1,2\n", encoding="utf-8")   # in no dataset: ignored
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: lkjcheck\n", encoding="utf-8")
    _git("add", ".", cwd=repo)
    _git("commit", "-q", "-m", "data", cwd=repo)

    env = dict(os.environ)
    env.pop("VIRTUAL_ENV", None)

    def try_repo(*files):
        return subprocess.run([_pre_commit(), "try-repo", str(ROOT), "lkjcheck", "--verbose", "--files", *files],
                              cwd=repo, capture_output=True, text=True, env=env, timeout=900)

    bad = try_repo("rusak/pegawai.csv", "rusak/laporan.md", "rusak/lkj.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    # the heading names the dataset; locations under it are relative to it
    assert "ANG003" in bad.stdout and re.search(r"^rusak — ", bad.stdout, re.M) and "lkj.yaml:638" in bad.stdout
    assert bad.stdout.count("1 dataset:") == 1          # three files, one dataset, one report

    good = try_repo("bersih/lkj.yaml", "bersih/laporan.md", "catatan/daftar.csv")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
