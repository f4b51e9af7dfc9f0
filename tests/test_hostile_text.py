"""Report texts an attacker writes: the text rules stay within docs/security.md's bounds up to the text limit.

Each run is a child process (tests/hostile_probe.py) whose exit code, output,
CPU time and peak RSS are asserted. The full worst case at the default limit
takes a few seconds per run and is measured by `python benchmarks/text.py
--worst`; here the same hostile texts are checked at a lower limit
(--max-text-chars), and the limit itself is tested where it refuses, which
costs nothing.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from hostile_probe import assert_promises, run
from hostile_text import LAPORAN, docx_bytes, piece, text_of
from lkjcheck.read.textdoc import MAX_TEXT_CHARS

# What one run may cost (the bound): CPU seconds, so that a busy
# machine's waiting is not counted, and peak RSS.
CPU_BOUND = 5.0
RSS_MB = 300
SMALL = 150_000         # characters: a few seconds of the suite per hostile text

ROW = "anggaran:\n  - sumber: total\n    uraian: jumlah\n    pagu: \"Rp 1.000.000\"\n    realisasi: \"Rp 900.000\"\n"


def _dataset(folder: Path, report_name: str, data: bytes) -> Path:
    folder.mkdir()
    (folder / "lkj.yaml").write_text(LAPORAN + ROW, encoding="utf-8")
    (folder / report_name).write_bytes(data)
    return folder


def _bounded(p) -> None:
    assert p.cpu < CPU_BOUND, f"{p.cpu:.1f} s CPU"
    assert p.peak_mb < RSS_MB, f"{p.peak_mb:.0f} MB"


@pytest.mark.parametrize("kind", ["claims", "amounts", "paragraphs", "oneline"])
def test_hostile_text_at_the_limit_is_checked_within_bounds(tmp_path, kind):
    f = tmp_path / "laporan.md"
    f.write_text(text_of(kind, SMALL), encoding="utf-8")
    p = run("text", "--tahun", "2024", "--lang", "en", "--max-text-chars", str(SMALL), "-f", "json", f)
    # Findings (exit 1) or none (exit 0), never a rule blamed for running out of time (exit 2).
    assert_promises(p, (0, 1))
    _bounded(p)
    if kind in ("claims", "amounts"):
        assert p.code == 1 and '"TXT0' in p.out


def test_one_character_over_the_limit_is_refused_naming_the_file(tmp_path):
    f = tmp_path / "laporan.md"
    f.write_text(text_of("claims", SMALL + 1), encoding="utf-8")
    p = run("text", "--tahun", "2024", "--lang", "en", "--max-text-chars", str(SMALL), f)
    assert_promises(p, 2, f"{f}: report text of {SMALL + 1:,} characters exceeds the limit of {SMALL:,} characters")
    _bounded(p)


def test_default_limit_refuses_a_longer_text_before_any_rule_runs(tmp_path):
    f = tmp_path / "laporan.md"
    f.write_text(text_of("claims", MAX_TEXT_CHARS + 1), encoding="utf-8")
    p = run("text", "--tahun", "2024", "--lang", "en", f)
    assert_promises(p, 2, f"exceeds the limit of {MAX_TEXT_CHARS:,} characters")
    assert p.cpu < 2.0, f"{p.cpu:.1f} s CPU: the text was checked before it was refused"
    _bounded(p)


def test_docx_unpacking_beyond_the_limit_is_refused(tmp_path):
    para = " ".join(piece("claims").split())[:2000]
    data = docx_bytes(para, MAX_TEXT_CHARS // len(para) + 2)
    assert len(data) < 100_000                      # a small file that unpacks to more text than the limit
    f = tmp_path / "laporan.docx"
    f.write_bytes(data)
    p = run("text", "--tahun", "2024", "--lang", "en", f)
    assert_promises(p, 2, f"{f}: report text of")
    _bounded(p)
    # The same report beside a dataset: the tables are checked, the text is reported as not checked.
    d = _dataset(tmp_path / "d", "laporan.docx", data)
    p = run("run", "--lang", "en", d)
    assert_promises(p, (1, 2), "exceeds the limit of")
    _bounded(p)


def test_a_large_laporan_md_in_a_dataset_is_a_finding_not_a_timeout(tmp_path):
    d = _dataset(tmp_path / "d", "laporan.md", text_of("claims", MAX_TEXT_CHARS + 10).encode())
    p = run("run", "--lang", "en", "-f", "json", d)
    assert_promises(p, (1, 2), "exceeds the limit of")
    assert "timed out" not in p.out + p.err
    _bounded(p)


def test_only_the_command_line_raises_the_limit(tmp_path):
    d = _dataset(tmp_path / "d", "laporan.md", b"Laporan 2024.\n")
    (d / "lkjcheck.toml").write_text(f"max_text_chars = {MAX_TEXT_CHARS * 10}\n", encoding="utf-8")
    p = run("run", "--lang", "en", d)
    assert_promises(p, 2, "max_text_chars")


def test_one_word_paragraphs_are_linear(tmp_path):
    # 200,000 one-word paragraphs: joining sentences across blank lines was
    # quadratic (100 KB of this took 27 s of CPU).
    f = tmp_path / "laporan.md"
    f.write_text("x\n\n" * 50_000, encoding="utf-8")
    p = run("text", "--tahun", "2024", "--lang", "en", f)
    assert_promises(p, (0, 1))
    _bounded(p)


def test_window_search_finds_what_a_search_per_paragraph_finds_on_real_reports():
    # The text rules search many paragraphs per regex call (checks/text/check.py);
    # on real reports that must give exactly the matches of one call per paragraph.
    from lkjcheck.checks.text.check import _Ctx
    from lkjcheck.checks.text.params import Pattern
    from lkjcheck.checks.text.rules import load_text_rules
    from lkjcheck.read.textdoc import Document

    shared = Path(__file__).resolve().parent.parent.parent / "shared"
    reports = [shared / "seed" / "lkj-kpu-muaro-jambi-2024.md", *sorted((shared / "corpus").glob("*.md"))]
    reports = [r for r in reports if r.exists() and r.name != "README.md"]
    assert reports, "../shared holds the real reports"
    patterns = []

    def walk(v):
        if isinstance(v, Pattern):
            patterns.append(v)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)

    for name in ("teks.yaml", "regulasi.yaml"):
        for r in load_text_rules(str(Path(__file__).resolve().parent.parent / "rules" / "sakip" / name)):
            walk(r.params)
    assert len(patterns) > 50
    compared = 0
    for report in reports:
        doc = Document.from_text(report.read_text(encoding="utf-8"), report.name, "markdown")
        ctx = _Ctx(doc, 2024, "id", {}, "x")
        ctx.deadline = float("inf")
        for pat in patterns:
            windowed = [m.span() for m in ctx.finditer(pat)]
            per_unit = [m.span() for s, e in ctx.units() for m in pat.regex.finditer(doc.text, s, e)]
            assert windowed == per_unit, (report.name, pat.source[:80])
            compared += len(per_unit)
    assert compared > 1000
