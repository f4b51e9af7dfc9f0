"""The default report-text limit: a 300-page LKj is checked, one character more than the limit is refused.

Checking a text at the limit takes seconds (benchmarks/text.py measures it), so
the limit's decision is tested on the reader, and the refusal, which reads
nothing further, through the command line in both languages.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjcheck.cli import main
from lkjcheck.read.textdoc import MAX_TEXT_CHARS, DocumentError, read_document

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "lkj-kpu-muaro-jambi-2024.md"
# Characters per printed page: the seed report's mix of prose and tables (about
# 3,000), and a report of dense prose without tables.
SEED_PAGE, DENSE_PAGE = 3_000, 5_000

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="needs ../shared")


def _real_text(chars: int) -> str:
    """The seed report and the corpus excerpts, repeated to ``chars`` characters."""
    texts = [SEED.read_text(encoding="utf-8")] + [f.read_text(encoding="utf-8")
                                                  for f in sorted((SHARED / "corpus").glob("*-*.md"))]
    piece = "\n\n".join(texts) + "\n\n"
    return (piece * (chars // len(piece) + 1))[:chars]


@pytest.mark.parametrize("per_page", [SEED_PAGE, DENSE_PAGE])
def test_a_300_page_report_is_read_by_default(tmp_path, per_page):
    f = tmp_path / "laporan.md"
    text = _real_text(300 * per_page)
    f.write_text(text, encoding="utf-8")
    doc = read_document(str(f))
    assert doc.text == text                # all of it, not a part


def test_text_at_the_limit_is_read_one_more_character_is_refused(tmp_path):
    f = tmp_path / "laporan.md"
    f.write_text(_real_text(MAX_TEXT_CHARS), encoding="utf-8")
    assert len(read_document(str(f)).text) == MAX_TEXT_CHARS
    f.write_text(_real_text(MAX_TEXT_CHARS + 1), encoding="utf-8")
    with pytest.raises(DocumentError) as e:
        read_document(str(f))
    assert e.value.text("en") == (f"{f}: report text of {MAX_TEXT_CHARS + 1:,} characters exceeds the limit of "
                                  f"{MAX_TEXT_CHARS:,} characters (--max-text-chars raises it)")


@pytest.mark.parametrize("lang,words", [
    ("id", "teks laporan {n} karakter melebihi batas {limit} karakter"),
    ("en", "report text of {n} characters exceeds the limit of {limit} characters"),
])
def test_one_character_over_the_default_limit_is_exit_2_in_one_line(tmp_path, lang, words):
    f = tmp_path / "laporan.md"
    f.write_text(_real_text(MAX_TEXT_CHARS + 1), encoding="utf-8")
    r = CliRunner().invoke(main, ["text", str(f), "--tahun", "2024", "--lang", lang])
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.output
    group = "." if lang == "id" else ","
    n, limit = (f"{x:,}".replace(",", group) for x in (MAX_TEXT_CHARS + 1, MAX_TEXT_CHARS))
    assert lines[0].startswith(f"lkjcheck: {f}: ") and words.format(n=n, limit=limit) in lines[0]
    other = "report text" if lang == "id" else "teks laporan"
    assert other not in lines[0]            # one language, never both
