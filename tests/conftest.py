import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FAULTY = FIXTURES / "kpu-muaro-jambi-2024"
CORRECTED = FIXTURES / "kpu-muaro-jambi-2024-corrected"
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"


def generated_reports(out: Path, n: int, seed: int = 7, fault_rate: float = 0.5) -> list[Path]:
    """Dataset folders of `n` reports made by benchmarks/generate.py (faults injected at `fault_rate`)."""
    import subprocess

    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(n), str(out), "--seed", str(seed),
                    "--fault-rate", str(fault_rate)], check=True, capture_output=True, timeout=300)
    return sorted(p.parent for p in out.rglob("lkj.yaml"))


def undecided_copy(dest: Path) -> Path:
    """The corrected fixture with every `indikator` of rencana_kinerja emptied, copied to `dest`.

    Twenty failure cases in one table are more than the schema twin states
    (model/schema_twin: pandera's unstable sort shuffles their order from 17 on),
    so this dataset is one that pandera itself must judge.
    """
    import re
    import shutil

    shutil.copytree(CORRECTED, dest)
    path = dest / "lkj.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\nrencana_kinerja:")
    end = re.compile(r"^\S", re.M).search(text, start + 2).start()
    kept, emptied, inside = [], 0, False
    for line in text[start:end].split("\n"):
        if inside and line.startswith("      "):
            continue            # the rest of a folded (>-) indikator
        inside = line.startswith("    indikator:")
        if inside:
            line, emptied = "    indikator:", emptied + 1
        kept.append(line)
    assert emptied >= 17, emptied
    path.write_text(text[:start] + "\n".join(kept) + text[end:], encoding="utf-8")
    return dest


@pytest.fixture(autouse=True)
def _collector_unfrozen():
    """The command line freezes what its start-up made (lkjcheck.gcpause): right for a process of its own, but in
    this one each CLI test would keep what was alive then from the collector for good; handed back after each test."""
    yield
    import gc

    gc.unfreeze()


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """The user's cache folder in tmp_path with the caches on, and nothing of them held in this process before or
    after (safety/regexcache, read/treecache)."""
    from lkjcheck.cachefile import DISABLE_ENV
    from lkjcheck.read import treecache
    from lkjcheck.safety import regexcache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(DISABLE_ENV, raising=False)
    regexcache.forget()
    treecache.forget()
    yield tmp_path
    regexcache.forget()
    treecache.forget()


@pytest.fixture
def cli():
    """Run the real CLI in-process; returns (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from lkjcheck.cli import main

    def invoke(*args, cwd=None):
        runner = CliRunner()
        old = os.getcwd()
        if cwd:
            os.chdir(cwd)
        try:
            res = runner.invoke(main, [str(a) for a in args], catch_exceptions=True)
        finally:
            os.chdir(old)
        if res.exception and not isinstance(res.exception, SystemExit):
            raise res.exception
        return res.exit_code, res.stdout, res.stderr

    return invoke


def write_dataset(folder: Path, text: str, **files) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lkj.yaml").write_text(text, encoding="utf-8")
    for name, content in files.items():
        (folder / name.replace("__", ".")).write_text(content, encoding="utf-8")
    return folder
