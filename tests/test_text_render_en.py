"""The text report of the real seed in English: figures grouped the English way must not break the table."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from lkjcheck.cli import main

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"


def test_seed_text_in_english_is_a_report_not_an_internal_error():
    res = CliRunner().invoke(main, ["text", str(SEED), "--tahun", "2024", "--lang", "en"])
    assert res.exit_code == 1, res.output
    assert "internal error" not in res.output
    assert "66,964,726,000" in res.output          # the seed's total pagu, worded in English and wrapped intact
    assert "error(s)" in res.output.splitlines()[-1]
