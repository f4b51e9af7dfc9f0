"""report/plaintable lays out the text report's tables exactly as tabulate does, or declines.

Both ways: every table it makes equals tabulate's for the same arguments, on
the real findings tables of the seed, the corpus excerpts and the fixtures
and on random tables; and it does make most real tables (else it would save
nothing), while declining the cells tabulate treats its own way.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from tabulate import tabulate as real_tabulate

from lkjcheck.report import plaintable, text as text_report

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "lkj-kpu-muaro-jambi-2024.md"
CORPUS = sorted((SHARED / "corpus").glob("*.md"))


def _real(rows, headers, fmt, widths):
    return real_tabulate(rows, headers=headers, tablefmt=fmt, maxcolwidths=widths)


def _same_or_declined(rows, headers, fmt, widths) -> bool:
    """True when plaintable made the table (and it is tabulate's); False when it declined."""
    made = plaintable.table(rows, headers, fmt, widths)
    if made is None:
        return False
    assert made == _real(rows, headers, fmt, widths), (rows, headers, fmt, widths)
    return True


@pytest.fixture
def recorded(monkeypatch):
    """The arguments of every table the text report asks for."""
    calls = []
    wrapped = text_report.tabulate

    def record(rows, headers=(), tablefmt="simple", maxcolwidths=None, **kw):
        if not kw:
            calls.append(([list(r) for r in rows], list(headers), tablefmt, maxcolwidths))
        return wrapped(rows, headers=headers, tablefmt=tablefmt, maxcolwidths=maxcolwidths, **kw)

    monkeypatch.setattr(text_report, "tabulate", record)
    return calls


@pytest.mark.skipif(not SEED.is_file(), reason="needs ../shared")
def test_real_report_tables_are_tabulates(cli, recorded):
    texts = [SEED, *CORPUS]
    for path in texts:
        for lang in ("id", "en"):
            code, out, err = cli("text", path, "--tahun", "2024", "--lang", lang)
            assert code in (0, 1), err
    for target in ("fixtures/kpu-muaro-jambi-2024", "fixtures/corpus"):
        code, out, err = cli("run", ROOT / target, "--color", "never")
        assert code in (0, 1), err
    assert len(recorded) > 40
    made = sum(_same_or_declined(*call) for call in recorded)
    # the fast path is the common path: most real tables are text only
    assert made >= 0.8 * len(recorded), (made, len(recorded))


def test_cells_tabulate_types_its_own_way_are_declined():
    # a column of decimals is reformatted by tabulate ("2.50" becomes "2.5"): declined
    assert plaintable.table([["A", "2.50"], ["B", "7"]], ["x", "y"], "simple") is None
    # booleans, and a grouped figure in a wrapped column (tabulate fails on it): declined
    assert plaintable.table([["True"], ["x"]], ["h"], "simple", [5]) is None
    assert plaintable.table([["66,964,726,000"], ["teks"]], ["h"], "simple", [30]) is None
    # wide, combining and control characters: declined
    for cell in ("漢字", "e\u0301", "a\tb", "a\rb", "\x1b[31mred\x1b[0m"):
        assert plaintable.table([[cell, "x"]], ["h", "k"], "simple") is None
    # uneven rows, non-text cells, no rows: declined
    assert plaintable.table([["a", "b"], ["c"]], ["h", "k"], "simple") is None
    assert plaintable.table([["a", 3]], ["h", "k"], "simple") is None
    assert plaintable.table([], ["h"], "simple") is None


def test_a_column_of_whole_numbers_is_aligned_right_as_tabulate_does():
    rows = [["laporan.md:19:10", "", "TXT001"], ["laporan.md:384:62", "2020", "TXT001"], ["x", " 7", "TXT002"]]
    assert _same_or_declined(rows, ["Lokasi", "Ditemukan", "Aturan"], "simple", [60, 30, None])
    assert _same_or_declined(rows, ["Lokasi", "Ditemukan", "Aturan"], "simple", None)
    assert _same_or_declined([["a\nb", "12"], ["c", ""]], ["h", "k"], "simple", None)


def test_text_cells_with_numbers_among_them_are_made_as_tabulate_makes_them():
    rows = [["laporan.md:19:10", "TXT004", "", "17 Januari 2024", "> 31 Desember 2024", "Laporan ditandatangani " * 6],
            ["laporan.md:384:62", "TXT001", "", "2020", "2024", "Tahun 2020 disebut"],
            ["laporan.md:652:89", "TXT013", "", "28.146,626.000", "", "Angka tidak dapat dibaca"]]
    heads = ["Lokasi", "Aturan", "Baris", "Ditemukan", "Diharapkan", "Pesan"]
    assert _same_or_declined(rows, heads, "simple", [60, None, None, 30, 30, 60])
    assert _same_or_declined([["TXT001", "Tahun laporan — PermenPANRB 53/2014 " * 5]], [], "plain", [7, 120])


_WORDS = ["Rp", "1.000", "2024", "99,67%", "x", "laporan", "kinerja", "—", "≤", "é", "", " ", "  ",
          "supercalifragilisticexpialidocious", "a-b-c", "1,000", "True", "nan", "12", "-3.5", "\n", "0x1F", "1_000"]

cells = st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join) | st.sampled_from(_WORDS)


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(st.lists(cells, min_size=n, max_size=n), min_size=1, max_size=5),
    st.lists(st.sampled_from(["", "Lokasi", "Pesan", "ID"]), min_size=n, max_size=n),
    st.lists(st.none() | st.integers(1, 25), min_size=n, max_size=n),
    st.booleans())))
def test_random_tables_are_tabulates_or_declined(case):
    rows, heads, widths, plain = case
    if plain:
        _same_or_declined(rows, [], "plain", widths)
        _same_or_declined(rows, [], "plain", None)
    else:
        _same_or_declined(rows, heads, "simple", widths)
        _same_or_declined(rows, heads, "simple", None)


def test_random_text_tables_mostly_take_the_fast_path():
    rng = random.Random(7)
    words = [w for w in _WORDS if w.strip() and w not in ("True", "1,000", "nan", "12", "-3.5", "0x1F", "1_000",
                                                          "1.000", "2024")]
    made = 0
    for _ in range(200):
        rows = [[" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(3)]
                for _ in range(rng.randint(1, 6))]
        made += _same_or_declined(rows, ["A", "B", "C"], "simple", [rng.choice([None, 8, 20]) for _ in range(3)])
    assert made == 200
