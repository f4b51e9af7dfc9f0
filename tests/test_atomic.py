"""Outputs are written whole or not at all, and inputs are never written."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FAULTY = ROOT / "fixtures" / "kpu-muaro-jambi-2024"
RULES = ROOT / "rules"
FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")


def tree_hash(*folders: Path) -> dict[str, tuple[str, float]]:
    out = {}
    for folder in folders:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                st = p.stat()
                out[str(p)] = (hashlib.sha256(p.read_bytes()).hexdigest(), st.st_mtime_ns)
    return out


def invoke(*args):
    from click.testing import CliRunner

    from lkjcheck.cli import main

    res = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"uncaught {type(res.exception).__name__}") from res.exception
    return res.exit_code, res.stdout, res.stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_no_input_is_written_whatever_the_outputs(tmp_path):
    before = tree_hash(FAULTY, RULES)
    args = ["run", "--lang", "en"]
    for fmt in FORMATS:
        args += ["-f", fmt, "-o", tmp_path / f"report.{fmt}"]
    code, _, err = invoke(*args, FAULTY)
    assert code == 1, err
    assert tree_hash(FAULTY, RULES) == before
    assert all((tmp_path / f"report.{fmt}").stat().st_size > 0 for fmt in FORMATS)
    assert leftovers(tmp_path) == []


def test_failing_renderer_leaves_no_partial_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    import lkjcheck.report as render

    real = render.get_renderer

    def half_then_fail(result):
        raise RuntimeError("renderer broke half-way")

    monkeypatch.setattr(render, "get_renderer", lambda fmt: half_then_fail if fmt == "sarif" else real(fmt))
    old = tmp_path / "old.sarif"
    old.write_text("the previous report\n")
    before = tree_hash(FAULTY)
    code, out, err = invoke("run", "--lang", "en", "-f", "json", "-o", tmp_path / "new.json",
                            "-f", "sarif", "-o", old, FAULTY)
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1 and "renderer broke half-way" in err
    assert old.read_text() == "the previous report\n"
    assert leftovers(tmp_path) == []
    assert tree_hash(FAULTY) == before


def test_write_atomic_failure_mid_write_removes_the_temp_file(tmp_path):
    from lkjcheck.cli import write_atomic

    target = tmp_path / "r.json"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(str(target), "half a report and then \ud800 a lone surrogate")
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_write_atomic_failing_rename_keeps_the_old_file(tmp_path, monkeypatch):
    import lkjcheck.cli as cli

    target = tmp_path / "r.json"
    target.write_text("old")

    def no_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", no_rename)
    from lkjcheck.errors import InputError

    # A failed write is the user's disk, not our bug: a one-line message and exit 2.
    with pytest.raises(InputError, match="No space left on device"):
        cli.write_atomic(str(target), "new")
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_interrupt_while_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    import lkjcheck.cli as cli

    real_fdopen = os.fdopen

    class Interrupting:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def fileno(self):
            return self.fh.fileno()

        def write(self, text):
            self.fh.write(text[:10])
            raise KeyboardInterrupt

    monkeypatch.setattr(cli.os, "fdopen", lambda fd, *a, **kw: Interrupting(real_fdopen(fd, *a, **kw)))
    with pytest.raises(KeyboardInterrupt):
        cli.write_atomic(str(tmp_path / "r.html"), "<html>" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_output_mode_is_the_usual_one_or_the_replaced_files(tmp_path):
    from lkjcheck.cli import write_atomic

    umask = os.umask(0o022)
    try:
        write_atomic(str(tmp_path / "new.txt"), "x")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old")
        kept.chmod(0o640)
        write_atomic(str(kept), "new")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == "new"
    finally:
        os.umask(umask)


def test_unwritable_output_is_a_clean_error(tmp_path):
    code, _, err = invoke("run", "--lang", "en", "-f", "json", "-o", tmp_path / "no" / "such" / "dir.json", FAULTY)
    assert code == 2
    assert "Traceback" not in err and "internal error" not in err
    assert "dir.json: cannot be written" in err
