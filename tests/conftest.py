import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FAULTY = FIXTURES / "kpu-muaro-jambi-2024"
CORRECTED = FIXTURES / "kpu-muaro-jambi-2024-corrected"
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"


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
