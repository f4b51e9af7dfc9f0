"""Progress on stderr only for a person at a terminal, never in pipes or machine formats."""
import io
import shutil

from conftest import CORRECTED, FAULTY


def _tree(tmp_path):
    for i in range(3):
        shutil.copytree(CORRECTED if i else FAULTY, tmp_path / f"ds{i}")
    return tmp_path


def test_no_progress_when_not_a_tty(cli, tmp_path):
    code, out, err = cli("run", _tree(tmp_path))      # CliRunner's stderr is not a TTY
    assert code == 1
    assert "memeriksa" not in err and "memeriksa" not in out
    assert "\r" not in err


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_on_a_tty_text_only(monkeypatch):
    from lkjcheck import cli

    fake = _Tty()
    monkeypatch.setattr(cli.sys, "stderr", fake)
    assert cli._tty_progress(["json"]) is None
    assert cli._tty_progress(["text", "sarif"]) is None
    show = cli._tty_progress(["text"])
    show(11, 240, "kpu-muaro-jambi")
    show(0, 0, None)
    assert "memeriksa 12/240 kpu-muaro-jambi" in fake.getvalue()
    assert fake.getvalue().endswith("\r\x1b[K")


def test_runner_reports_each_dataset(tmp_path):
    from lkjcheck.run.runner import run
    from lkjcheck.run.options import Options

    seen = []
    opts = Options(progress=lambda done, total, name: seen.append((done, total, name)))
    run([str(_tree(tmp_path))], opts)
    assert [s[:2] for s in seen] == [(0, 3), (1, 3), (2, 3), (3, 3)]
