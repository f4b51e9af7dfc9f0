"""The text model's memory per character stays small on any text (issue #19).

One-word paragraphs made the text checks keep a unit, a sentence and a line
start every few characters as Python objects, about 110 bytes per character
(4 GB for 40 MB). The offsets are now arrays and sentences are made when a
rule reads one; these tests hold the structures to a bound per character, on
the hostile texts and on the seed report, so a change back to lists fails.
"""
from __future__ import annotations

import tracemalloc

import pytest

from lkjcheck.checks.text.units import SentenceTable, Spans
from lkjcheck.read.textdoc import Document
from tests.hostile_text import SEED, text_of

CHARS = 300_000
# Bytes the kept structures may hold per character of text: the arrays cost
# 4 bytes per offset; a text of one-word paragraphs, which has a unit, a
# sentence (start and end) and a line about every three characters, needs
# about 7.4 (the lists of before needed over 40 for the sentences alone).
BOUND = 12


def _kept_bytes(text: str) -> int:
    doc = Document.from_text(text, "x.md")     # the text and its lines: the document itself
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        doc.position(len(text) - 1)
        spans = Spans(text)
        sents = SentenceTable(text)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(spans) > 0 and len(sents) > 0
    return after - before


@pytest.mark.parametrize("kind", ["paragraphs", "claims", "oneline", "amounts"])
def test_hostile_text_model_is_compact(kind):
    if kind == "claims" and not SEED.exists():
        pytest.skip("needs ../shared")
    text = text_of(kind, CHARS)
    assert _kept_bytes(text) / len(text) <= BOUND


def test_seed_text_model_is_compact():
    if not SEED.exists():
        pytest.skip("needs ../shared/seed")
    text = SEED.read_text(encoding="utf-8")
    assert _kept_bytes(text) / len(text) <= BOUND


def test_sentences_are_made_when_read():
    text = text_of("paragraphs", 20_000)
    sents = SentenceTable(text)
    first = sents[0]
    assert (first.start, first.end) == (sents.starts[0], sents.ends[0])
    assert [s.start for s in sents][:5] == list(sents.starts[:5])
