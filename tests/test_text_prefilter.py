"""The literal prefilter of text rules (safety/literals.py, checks/text/check.py): what it reads from a pattern,
when it stands aside, and that the matches are those of a search without it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import regex

from lkjcheck.checks.text import check
from lkjcheck.checks.text.check import NO_PREFILTER_ENV, _Ctx, check_document
from lkjcheck.checks.text.params import FLAGS, Pattern, compile_pattern
from lkjcheck.checks.text.rules import load_text_rules
from lkjcheck.read.textdoc import Document, read_document
from lkjcheck.safety import regexcache
from lkjcheck.safety.literals import FOLDS_TO_ASCII, VERSION, analyse, prefixes
from lkjcheck.safety.regex import real

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
CORPUS = sorted((ROOT.parent / "shared" / "corpus").glob("*.md"))
RULE_FILES = [ROOT / "rules" / "sakip" / "teks.yaml", ROOT / "rules" / "sakip" / "regulasi.yaml"]


def lits(pattern, flags=FLAGS):
    """The likeliest rarest requirement of a pattern."""
    options = analyse(pattern, flags)[0]
    return options and options[0]


def reach(pattern, flags=FLAGS):
    return analyse(pattern, flags)[1]


def ends(pattern, flags=FLAGS):
    return analyse(pattern, flags)[2]


# ------------------------------------------------------------ what is read from a pattern

@pytest.mark.parametrize("pattern, expected, sample", [
    (r"\b(?:naik|kenaikan|turun)\b", ["naik", "turun"], "KENAIKAN"),   # "kenaikan" holds "naik"
    (r"\btahun\s+anggaran\b", ["anggaran"], "tahun  Anggaran"),       # the longer of two runs
    (r"\b(?:di\s+bawah|lebih\s+(?:tinggi|rendah))", ["bawah", "rendah", "tinggi"], "lebih rendah"),
    (r"(?:ab)+c", ["ab"], "ababc"),                                     # a repeat of at least one copy
    (r"(?i:TAHUN)\s+\d{4}", ["tahun"], "Tahun 2024"),                   # folded whatever the case or flags
    (r"(?-i:Rp)\s*\d", ["rp"], "Rp 5"),
    (r"=|\bsama\s+dengan\b", ["=", "dengan"], "sama dengan"),
    (r"(?:foo)?bar?", ["ba"], "ba"),
    (r"(?P<a>x)(?P=a)", ["x"], "xx"),                                   # the back-reference gives nothing
])
def test_a_requirement_is_found(pattern, expected, sample):
    assert lits(pattern) == expected
    m = regex.compile(pattern, FLAGS).search(sample)
    assert m and any(x in m.group().lower() for x in expected)


@pytest.mark.parametrize("pattern", [
    r"(?:foo)?",                     # optional parts only
    r"(?=tahun)\d+",                 # a look-ahead's text is not in the match
    r"(?<=tahun )\d+",               # nor a look-behind's
    r"[abc]+\d",                     # classes
    r"\d+|tahun",                    # a branch without a requirement
    r"(?:foo){e<=1}",                # regex's fuzzy matching: re would read "{e<=1}" as text
    r"foo{ 2 }",                     # a spaced count, the same
    r"[[:alpha:]]+x",                # a POSIX class, which re reads as a set and a "]"
    r"\p{L}+kata",                   # regex-only syntax re refuses
    r"(?x) t a h u n",               # verbose
    r"é",                            # no ASCII literal
])
def test_no_requirement(pattern):
    assert lits(pattern) is None


def _spied(pattern: str):
    """A compiled text-rule pattern whose engine notes every finditer call, and the list of those calls."""
    calls = []
    pat = compile_pattern(pattern)
    rx = real(pat.regex)

    class Spy:
        pattern, flags = rx.pattern, rx.flags

        def finditer(self, *a, **k):
            calls.append(a)
            return rx.finditer(*a, **k)

    return Pattern(Spy(), pat.source), calls


def test_every_requirement_is_kept_and_a_sentence_must_hold_each(monkeypatch):
    pattern = r"\b(?:DIPA|pagu)\b[^.\n]{0,60}?\btahun\s+(?P<tahun>(?:19|20)\d\d)\b"
    assert analyse(pattern, FLAGS)[0] == [["tahun"], ["dipa", "pagu"], ["19", "20"]]
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    spy, calls = _spied(pattern)
    ctx = _ctx("x")
    assert list(ctx.finditer(spy, "Tahun 2024 tahun lalu.")) == [] and calls == []     # "tahun", no "pagu"
    assert [m.group() for m in ctx.finditer(spy, "Pagu tahun 2024.")] == ["Pagu tahun 2024"] and len(calls) == 1


def test_flags_that_change_folding_or_syntax_give_nothing():
    assert lits("tahun", FLAGS | regex.FULLCASE) is None
    assert lits("tahun", regex.IGNORECASE | regex.V1) is None
    assert lits("tahun", FLAGS | regex.VERBOSE) is None
    assert lits("tahun", FLAGS | regex.WORD) is None
    assert lits("tahun", FLAGS) == ["tahun"]


@pytest.mark.parametrize("pattern, expected", [
    (r"tahun", (0, False)),                        # reads nothing past the match
    (r"\btahun\b", (1, False)),                    # \b reads the next character
    (r"\btahun(?!\s*\d)", None),                   # may read past any number of line breaks
    (r"\btahun(?!\btahun\b)", (6, False)),
    (r"tahun(?=[ \t]+[.,;](?!\d))", (0, True)),    # stays on its line
    (r"x(?![ \t]*\n)", (0, True)),                 # reads the line break it stops at
    (r"x(?![ \t]*\n\n)", None),                    # reads past one
    (r"(?s)x(?=.*y)", None),                       # a dot that matches a line break
    (r"x(?=.*y)", (0, True)),
])
def test_reach(pattern, expected):
    assert reach(pattern) == expected


@pytest.mark.parametrize("pattern, expected", [
    (r"\b(?:naik|turun)\b", "line"),                     # no match holds a line break
    (r"\bjumlah\b(?!\n\nlaporan)", "line"),              # ... and its look-ahead has a bound
    (r"\btahun\s+anggaran\b", "blank"),                  # \b only after a letter
    (r"(?<!\brealisasi\s+)\bcapaian\s+kinerja", "blank"),  # a look-behind comes first
    (r"a\s+b(?=\S*c)", "blank"),                          # a look-ahead that reads no blank
    (r"^\s*foo", "blank"),                                # ^ looks behind only
    (r"\bjumlah\b(?!\s+laporan)", None),                  # a look-ahead that reads on without bound
    (r"\bjumlah\s*$", None),                              # $ right after blanks
    (r"\bjumlah(?:\s+laporan|\s*)\b", None),              # \b right after blanks
    (r"foo\s+(?!bar)x", None),
    (r"(?P<a>x)\s+(?P=a)", None),                          # a back-reference
    (r"foo\s+(?!bar)xyz", "blank"),                        # followed by as much as it reads
    (r"\bpagu\b(?:(?!\btahun\b)(?:[^.\n]|\n(?![ \t]*\n))){0,60}?\btahun\s+\d{4}\b", "newline"),
    (r"x\n(?![ \t]*\n)", None),                            # reads to a line break, and nothing follows
])
def test_where_a_search_may_end(pattern, expected):
    assert ends(pattern) == expected


# ------------------------------------------------------------ when it stands aside

def test_the_characters_that_fold_to_ascii_are_all_known():
    """Every non-ASCII character regex (IGNORECASE) matches to an ASCII character that its lower case is not."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1))
    found = set()
    for c in range(128):
        rx = regex.compile(regex.escape(chr(c)), FLAGS)
        found.update(m.group() for m in rx.finditer(every) if m.group().lower() != chr(c).lower())
    assert found == set(FOLDS_TO_ASCII)
    # and the one whose lower case is two characters is caught by the length test
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if len(c.lower()) != 1] == ["\u0130"]


@pytest.mark.parametrize("word, pattern", [("ſebesar", r"\bsebesar\b"), ("kİnerja", r"\bkinerja\b"),
                                           ("kınerja", r"\bKINERJA\b")])
def test_a_text_with_such_a_character_is_searched_whole(word, pattern, monkeypatch):
    rx = regex.compile(pattern, FLAGS)
    text = f"Paragraf pertama.\n\nRealisasi {word} 5 persen.\n\nParagraf ketiga.\n"
    assert rx.search(text).group() == word             # the engine matches it, lower case would not
    assert not any(x in text.lower() for x in lits(pattern))
    assert check._lowered(text) is None
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    on = _spans(text, pattern)
    monkeypatch.setenv(NO_PREFILTER_ENV, "1")
    assert on == _spans(text, pattern) == [(rx.search(text).span(), word)]
    # and one sentence of it
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    assert [m.group() for m in _ctx(text).finditer(compile_pattern(pattern), text)] == [word]


def _ctx(text: str) -> _Ctx:
    ctx = _Ctx(Document.from_text(text, "x.md"), 2024, "id", {}, "x")
    ctx.deadline = float("inf")
    return ctx


def _spans(text: str, pattern: str, sentence: str | None = None):
    return [(m.span(), m.group()) for m in _ctx(text).finditer(compile_pattern(pattern), sentence)]


# ------------------------------------------------------------ it skips, and finds the same

def test_paragraphs_without_the_literal_are_not_searched(monkeypatch):
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    text = "Pagu naik.\n\n" + "Tanpa kata itu.\n\n" * 50 + "Realisasi turun.\n"
    ctx = _ctx(text)
    rx = real(compile_pattern(r"\b(?:naik|turun)\b").regex)
    searched = ctx._searches(rx)
    # no match of the pattern holds a line break: the lines with the word are searched, not their paragraphs
    assert [(ws, stop) for ws, _to, _a, _b, stop in searched] == [(0, 11), (len(text) - 17, len(text))]
    assert _spans(text, r"\b(?:naik|turun)\b") == [((5, 9), "naik"), ((len(text) - 7, len(text) - 2), "turun")]
    monkeypatch.setenv(NO_PREFILTER_ENV, "1")
    assert _ctx(text)._searches(rx) == [(ws, we, a, b, we) for ws, we, a, b in ctx.windows()]


def test_a_paragraph_must_hold_a_word_of_every_set(monkeypatch):
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    pattern = r"\bpagu\b[^.\n]{0,40}\banggaran\b"
    assert analyse(pattern, FLAGS)[0] == [["anggaran"], ["pagu"]]
    text = "Anggaran saja.\n\n" * 3 + "Pagu saja.\n\n" + "Pagu anggaran naik.\n"
    rx = real(compile_pattern(pattern).regex)
    assert [(ws, stop) for ws, _to, _a, _b, stop in _ctx(text)._searches(rx)] == [(len(text) - 20, len(text))]
    assert _spans(text, pattern) == [((len(text) - 20, len(text) - 7), "Pagu anggaran")]
    # a set with a one-letter word, too common to be worth a pass, rules nothing out
    assert analyse(r"\btahun\s+(?:ke|y)\b", FLAGS)[0] == [["tahun"], ["ke", "y"]]
    rx = real(compile_pattern(r"\btahun\s+(?:ke|y)\b").regex)
    assert len(_ctx("Tahun ini.\n\nLain.\n\nTahun y.\n")._searches(rx)) == 2
    rx = real(compile_pattern(r"\btahun\s+(?:19|20)\d\d").regex)
    assert len(_ctx("Tahun ini.\n\nLain.\n\nTahun 2024.\n")._searches(rx)) == 1
    monkeypatch.setenv(NO_PREFILTER_ENV, "1")
    assert _spans(text, pattern) == [((len(text) - 20, len(text) - 7), "Pagu anggaran")]


@pytest.mark.parametrize("pattern", [r"\b(?:naik|turun)\b", r"\bnaik(?=[ \t]*[.,])", r"(?<=\d )naik\w*[ \t]*$",
                                     r"\bnaik[ \t]+(?:\d+[ \t]*)+", r"%"])
def test_lines_without_the_word_are_not_searched(pattern, monkeypatch):
    """A pattern no match of which holds a line break: only the lines with a word, each to its line break."""
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    text = ("Judul\nPagu 5 naik .\nlain\nNaik 12 3\n100% naik 4\n\n" + "Tanpa kata.\nItu saja.\n" * 30
            + "x 2 naikkan\n  \nakhir naik, 7%")
    rx = real(compile_pattern(pattern).regex)
    assert regexcache.hint(rx)[2] == "line"
    searched = _ctx(text)._searches(rx)
    assert all(ws == 0 or text[ws - 1] == "\n" for ws, *_ in searched)
    assert sum(stop - ws for ws, _to, _a, _b, stop in searched) < 80
    on = _spans(text, pattern)
    monkeypatch.setenv(NO_PREFILTER_ENV, "1")
    assert on == _spans(text, pattern) and on


def test_a_look_ahead_still_sees_the_next_paragraph(monkeypatch):
    """A run ends where its units do, but the search reads on as far as the pattern's tests look."""
    text = "Nilai jumlah\n\nlaporan berikut.\n\nLagi jumlah\n\nsaja.\n"
    first, second = text.index("jumlah"), text.index("jumlah", 20)
    cases = [(r"\bjumlah\b(?!\n\nlaporan)", [((second, second + 6), "jumlah")]),
             (r"\bjumlah\b(?!\s+laporan)", [((second, second + 6), "jumlah")]),
             # with the text cut at the paragraph's end, $ would match after its last line break
             (r"\bjumlah\b\s*$", [((first, first + 7), "jumlah\n"), ((second, second + 7), "jumlah\n")])]
    for pattern, expected in cases:
        monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
        assert _spans(text, pattern) == expected, pattern
        rx = real(compile_pattern(pattern).regex)
        if ends(pattern):                       # searched one unit at a time
            assert all(a == b - 1 for _ws, _to, a, b, _stop in _ctx(text)._searches(rx))
        else:                                   # from the first unit with the word on to the window's end
            assert _ctx(text)._searches(rx) == [(0, len(text), 0, 4, len(text))]
        monkeypatch.setenv(NO_PREFILTER_ENV, "1")
        assert _spans(text, pattern) == expected, pattern


def test_a_sentence_without_the_literal_is_not_searched(monkeypatch):
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    spy, calls = _spied(r"\bnaik\b")
    ctx = _ctx("x")
    assert list(ctx.finditer(spy, "Tanpa kata itu.")) == [] and calls == []
    assert [m.group() for m in ctx.finditer(spy, "Pagu NAIK lagi.")] == ["NAIK"] and len(calls) == 1


def _kept(text: str, *patterns: str, prefilter: bool = True) -> list[str]:
    ctx = _ctx(text)
    ctx.prefilter = prefilter
    return [s.text for s in ctx.sentences_for([compile_pattern(p) for p in patterns])]


def test_sentences_without_a_word_of_the_pattern_are_skipped(monkeypatch):
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    text = "Pagu naik tahun ini. Tanpa kata itu. Realisasi turun.\n\nLalu NAIK\nlagi. Akhir."
    assert _kept(text, r"\bnaik\b") == ["Pagu naik tahun ini.", "Lalu NAIK lagi."]
    assert _kept(text, r"\bnaik\b", r"\bturun\b") == ["Pagu naik tahun ini.", "Realisasi turun.", "Lalu NAIK lagi."]
    # every set of words must be there: "tahun" and one of the numbers
    assert _kept(text, r"\btahun\s+(?:19|20)\d\d\b") == []
    assert len(_kept(text, r"\bnaik\b", prefilter=False)) == 5
    assert len(_kept(text, r"\d+|naik")) == 5                  # no word every match holds: every sentence


def test_a_word_a_sentence_makes_by_joining_its_lines_is_not_skipped(monkeypatch):
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    # the sentence's text joins the lines with a space, and closes up "12.\n450" into "12.450"
    text = "Nilai sama\ndengan target. Jumlah Rp 12.\n450 ribu. Lain."
    for pattern in (r"sama dengan", r"12\.450", r"\bRp\s*12\.450"):
        matching = [s.text for s in _ctx(text).sentences() if regex.search(pattern, s.text, FLAGS)]
        assert matching and set(matching) <= set(_kept(text, pattern)), pattern
    assert _kept(text, r"\btarget\b") == ["Nilai sama dengan target."]


@pytest.mark.parametrize("pattern, expected", [
    (r"\b(?:LKj?|LKjIP|laporan\s+kinerja)\b", ["laporan", "lk"]),     # "lkjip" begins with "lk"
    (r"(?<!x)\bnaik\b", ["naik"]),                                    # zero-width tests first
    (r"(?:ab|xaby)", ["ab", "xaby"]),                                  # "xaby" holds "ab" but does not begin so
    (r"(?:Rp)+\d", ["rp"]),
    (r"(?:foo)?bar", None),                                            # may begin with "bar" or "foo"
    (r"[ab]x", None), (r"(?:abc){e<=1}", None), (r"é", None), (r"\d+|naik", None),
])
def test_what_every_match_begins_with(pattern, expected):
    assert prefixes(pattern, FLAGS) == expected


def test_a_pattern_is_tried_only_where_its_words_begin(monkeypatch):
    """A document-wide search with a plan covering much of the report tries the pattern at each word instead."""
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    pattern = r"\b(?:renstra|rencana\s+strategis)\b[^.\n]{0,40}?\bperiode(?!\s*\d)"
    text = ("Rencana\nStrategis periode ini. " + "kata lain " * 900 + "\n\nRENSTRA periode\n\n"
            + "Renstra tanpa itu periode 2020. renstra x\n" + "y " * 30 + "periode.\n")
    rx = real(compile_pattern(pattern).regex)
    ctx = _ctx(text)
    assert ctx._heads(rx, ctx._searches(rx)) == [0, text.index("RENSTRA"), text.index("Renstra tanpa"),
                                                 text.index("renstra x")]
    on = _spans(text, pattern)
    assert [g for _span, g in on] == ["Rencana\nStrategis periode", "RENSTRA periode"]
    monkeypatch.setenv(NO_PREFILTER_ENV, "1")
    assert _spans(text, pattern) == on


def test_what_a_match_begins_with_is_kept_in_the_cache(cache):
    rx = regexcache.compile(r"\b(?:naik|turun)\b", FLAGS)
    assert regexcache.heads(rx) == ["naik", "turun"]
    regexcache.flush()
    body = json.loads(cache.read_bytes().partition(b"\n")[2])
    assert body[f"P{rx.flags}:{rx.pattern}"] == [VERSION, ["naik", "turun"]]
    regexcache.forget()
    rx = regexcache.compile(r"\b(?:naik|turun)\b", FLAGS)
    assert regexcache.heads(rx) == ["naik", "turun"]


def _texts():
    return ([SEED] if SEED.exists() else []) + CORPUS


def _patterns(rules):
    out = []

    def walk(v):
        if isinstance(v, Pattern):
            out.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)

    for r in rules:
        walk(r.params)
    return out


@pytest.mark.skipif(not _texts(), reason="needs ../shared (seed, corpus)")
def test_every_pattern_matches_the_same_with_and_without_it(monkeypatch):
    """Each pattern of the built-in text rules, over the seed and every corpus report: the same matches."""
    rules = [r for f in RULE_FILES for r in load_text_rules(str(f))]
    patterns = _patterns(rules)
    assert len(patterns) > 50
    skipped = 0
    for path in _texts():
        doc = read_document(str(path))
        results = {}
        for off in ("", "1"):
            monkeypatch.setenv(NO_PREFILTER_ENV, off)
            ctx = _Ctx(doc, 2024, "id", {}, "x")
            ctx.deadline = float("inf")
            results[off] = [[(m.span(), m.group()) for m in ctx.finditer(p)] for p in patterns]
            if not off:
                skipped += sum(ws > 0 or stop < we for p in patterns for ws, we, _a, _b, stop in
                               ctx._searches(real(p.regex)))
        assert results[""] == results["1"], path.name
    assert skipped > 0          # it did cut searches short


@pytest.mark.skipif(not _texts(), reason="needs ../shared (seed, corpus)")
def test_findings_are_the_same_with_and_without_it(monkeypatch):
    rules = [r for f in RULE_FILES for r in load_text_rules(str(f))]
    for path in _texts():
        doc = read_document(str(path))
        got = {}
        for off in ("", "1"):
            monkeypatch.setenv(NO_PREFILTER_ENV, off)
            got[off] = [repr(f) for f in check_document(doc, 2024, rules, dataset="x")]
        assert got[""] == got["1"], path.name


# ------------------------------------------------------------ kept in the regex cache

@pytest.fixture
def cache(cache_home):
    return regexcache.cache_file()


def test_a_later_process_reads_the_hint_from_the_cache(cache):
    rx = regexcache.compile(r"\b(?:naik|turun)\b", FLAGS)
    assert regexcache.hint(rx) == ([["naik", "turun"]], (1, False), "line")
    assert regexcache.hint_stats == {"made": 1, "read": 0}
    regexcache.flush()
    regexcache.forget()
    rx = regexcache.compile(r"\b(?:naik|turun)\b", FLAGS)
    assert regexcache.hint(rx) == ([["naik", "turun"]], (1, False), "line")
    assert regexcache.hint_stats == {"made": 0, "read": 1} and regexcache.stats["from_cache"] == 1
    # the compiled entry keeps the shape older versions read; the hint has a key of its own
    body = json.loads(cache.read_bytes().partition(b"\n")[2])
    assert all(len(v) == 7 for k, v in body.items() if not k.startswith("L"))
    assert body[f"L{rx.flags}:{rx.pattern}"] == [VERSION, [["naik", "turun"]], [1, False], "line"]


@pytest.mark.parametrize("stored", [
    [VERSION, [["NAIK"]], [1, False], "line"],          # not lower case
    [VERSION, [["naïk"]], [1, False], "line"],          # not ASCII
    [VERSION, [[""]], [1, False], "line"],
    [VERSION, [[]], [1, False], "line"],
    [VERSION, [], [1, False], "line"],
    [VERSION, ["naik"], [1, False], "line"],            # a set, not a list of sets
    [VERSION, [["a"], ["b"], ["c"], ["d"]], [1, False], "line"],
    [VERSION, [["naik"]], [-1, False], "line"],
    [VERSION, [["naik"]], [1, 0], "line"],
    [VERSION, [["naik"]], [1, False], "anywhere"],
    [VERSION, "naik", None, None],
    [VERSION + 1, [["x"]], None, None],                # made by another way of reading patterns
    [VERSION, [["x"]], None],
])
def test_a_wrong_hint_in_the_cache_is_made_again(cache, stored):
    from lkjcheck import cachefile

    rx = regexcache.compile(r"\bnaik\b", FLAGS)
    body = json.dumps({f"L{rx.flags}:{rx.pattern}": stored}).encode()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(json.dumps({"format": regexcache.FORMAT, "blake2b": cachefile.digest(body)}).encode()
                      + b"\n" + body)
    cache.chmod(0o600)
    regexcache.forget()
    rx = regexcache.compile(r"\bnaik\b", FLAGS)
    assert regexcache.hint(rx) == ([["naik"]], (1, False), "line")
    assert regexcache.hint_stats == {"made": 1, "read": 0}


CUT_PATTERNS = [r"\btahun\s+anggaran\b", r"\b(?:naik|turun)\b", r"\bnaik\s*$", r"\btahun(?!\s+anggaran)",
                r"\bpagu\b(?:(?!\btahun\b)(?:[^.\n]|\n(?![ \t]*\n))){0,60}?\btahun\s+\d{4}\b"]


@pytest.mark.parametrize("pattern", CUT_PATTERNS)
def test_paragraphs_that_end_in_spaces_are_searched_as_before(pattern, monkeypatch):
    """A unit may end in spaces (an indented paragraph follows): a search that needs a line break there goes on."""
    text = ("Pagu naik\n\n  tahun 2024 tahun anggaran\n\nPagu tetap\n  \n\ttahun 2023 naik\n\n"
            "Lain.\n\nPagu x\ntahun 2022\n")
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    on = _spans(text, pattern)
    monkeypatch.setenv(NO_PREFILTER_ENV, "1")
    assert on == _spans(text, pattern)


@pytest.mark.parametrize("pattern", CUT_PATTERNS)
def test_paragraphs_cut_for_length_are_searched_as_before(pattern, monkeypatch):
    """A paragraph longer than MAX_UNIT is cut inside a line or a word; a search may not end at such a cut."""
    from lkjcheck.checks.text.units import MAX_UNIT

    long_line = ("kata " * (MAX_UNIT // 5 - 3)) + "tahun naik anggaran tahun naik"
    text = "Awal naik.\n\n" + long_line + " " + long_line + "\n" + long_line + "\n\nTahun anggaran 2024 naik\nPagu x tahun 2024\n"
    monkeypatch.delenv(NO_PREFILTER_ENV, raising=False)
    on = _spans(text, pattern)
    monkeypatch.setenv(NO_PREFILTER_ENV, "1")
    assert on == _spans(text, pattern) and on
