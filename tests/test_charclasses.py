"""The character classes written as what they leave out match exactly the negated ranges they stand for.

`re` compiles a negated class of wide ranges slowly (milliseconds at import),
so report/common and read/yamlblock spell theirs as the few characters left out.
These tests hold each to its definition over every code point.
"""
import re

from lkjcheck.read import yamlblock
from lkjcheck.report import common

ALL = "".join(map(chr, range(0x110000)))


def _same(compact, negated: str):
    return [ord(c) for c in compact.findall(ALL)] == [ord(c) for c in re.findall(negated, ALL)]


def test_xml_invalid_characters_are_xml_1_0s_complement():
    assert _same(common._INVALID_CHARS, "[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    assert common.clean("a\x00b\x0bc\ufffed\ud800e\tf\n") == "abcde\tf\n"


def test_block_reader_declines_what_libyaml_would_not_print():
    assert _same(yamlblock._ODD, "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
    # a tab, a BOM, NEL and a lone CR are among what the fast reader leaves to the event builder
    assert all(yamlblock._ODD.search(c) for c in "\t\ufeff\x85\r\u2028")
    assert not yamlblock._ODD.search("a: Rp 1.000,00 — ≤ “ok”\n")


def test_the_ascii_shortcut_finds_what_the_class_finds():
    # every ASCII character alone and inside a plain line, and the non-ASCII ones around the edges
    for c in [*map(chr, range(0x80)), "\x80", "\x9f", "\xa0", "\u2028", "\ufeff", "\U0001f600"]:
        for text in (c, f"a: b{c}c\n", f"{c}\n" * 3):
            assert yamlblock._odd(text) == bool(yamlblock._ODD.search(text)), repr(text)
    assert not yamlblock._odd("") and not yamlblock._odd("a: Rp 1.000,00\n  - {x: \"y\"}\n")
