"""The {{nominal}} placeholder is linear: the work of a search is bounded per start, whatever the input's length.

Work is measured, not timed: with ``overlapped=True`` the regex engine tries a
match at every position of the text, and the length of each match is how far
the engine went from that start before backtracking. Summed over the text it is
the forward work of a search that fails after the figure (a suffix that does
not match), which is what a rule pattern does on every run of digits.
"""
from __future__ import annotations

import pytest
import regex

from lkjcheck.checks.text.params import FLAGS, MAX_NOMINAL_STEPS, PLACEHOLDERS, compile_pattern

NOMINAL = regex.compile(PLACEHOLDERS["{{nominal}}"], FLAGS)
UNBOUNDED = regex.compile(r"\d(?:[.,][ \t]+(?=\d)|[\d.,]|[ \t]+(?=[.,]\d))*", FLAGS)

# Runs the placeholder's pieces join without end: separators with stray spaces,
# plain digits, a figure list, spaces before a separator.
ADVERSARIAL = ["1. ", "1,", "1", "1.000, ", "1 ,", "1.  \t"]


def work(rx, text: str) -> int:
    return sum(m.end() - m.start() for m in rx.finditer(text, overlapped=True))


@pytest.mark.parametrize("piece", ADVERSARIAL)
def test_work_per_character_is_bounded_at_every_length(piece):
    per_char = []
    for n in (1_000, 10_000, 100_000):
        text = piece * (n // len(piece)) + "x"
        per_char.append(work(NOMINAL, text) / len(text))
    # Each start goes at most MAX_NOMINAL_STEPS pieces forward; a piece here is
    # at most len(piece) characters, so the bound does not grow with n.
    bound = (MAX_NOMINAL_STEPS + 1) * len(piece)
    assert max(per_char) <= bound, per_char
    # linear: ten times the text is ten times the work (the end of the run,
    # where starts have fewer steps left, weighs less in a longer text)
    assert per_char[2] <= per_char[1] * 1.05, per_char


def test_the_measure_tells_the_quadratic_form_apart():
    # the form before the bound: the work per character grows with the run
    short, long = "1. " * 300 + "x", "1. " * 3_000 + "x"
    assert work(UNBOUNDED, long) / len(long) > 8 * work(UNBOUNDED, short) / len(short)
    assert work(UNBOUNDED, long) / len(long) > (MAX_NOMINAL_STEPS + 1) * 3


@pytest.mark.parametrize("figure", ["Rp 2.405.118.300", "Rp. 59,900,669,261", "Rp 28. 146,626.000",
                                    "Rp 1,035,979,833,682,00", "Rp 400000000000000000000000000000000000000"])
def test_real_figures_are_read_whole(figure):
    # the bound is far above any figure a report prints (the longest in ../shared has 39 characters)
    p = compile_pattern(r"\bRp\.?[ \t]*(?P<angka>{{nominal}})")
    assert p.regex.search(figure + " atau 71,36%").group("angka") == figure.split(" ", 1)[1]


def test_a_figure_longer_than_the_bound_is_cut_not_scanned_to_its_end():
    text = "Rp " + "1." * 10_000 + "x"
    m = compile_pattern(r"\bRp\.?[ \t]*(?P<angka>{{nominal}})").regex.search(text)
    assert len(m.group("angka")) == MAX_NOMINAL_STEPS + 1
