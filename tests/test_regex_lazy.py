"""Text patterns compiled on first use: the built-in pack's patterns are compiled only when a report text is
checked, a contributed pack's still at load, and a pattern that fails late still names its file and line."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import regex

from lkjcheck.checks.rules import builtin_rules_dir, load_pack
from lkjcheck.checks.text.check import check_document
from lkjcheck.checks.text.params import Context, Pattern, TextRuleError
from lkjcheck.checks.text.rules import compile_text_rule
from lkjcheck.findings import RuleMeta
from lkjcheck.read.textdoc import Document, read_document
from lkjcheck.safety import regexcache
from lkjcheck.safety.regex import LazyRegex, deferred, group_names
from tests.test_text_rules import COMMON, HEAD as TEXT_HEAD

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
PACK = builtin_rules_dir() / "sakip"


def lazies(value):
    """Every LazyRegex reachable from a rule's parameters."""
    if isinstance(value, LazyRegex):
        yield value
    elif isinstance(value, (Pattern, Context)):
        for f in dataclasses.fields(value):
            yield from lazies(getattr(value, f.name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from lazies(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from lazies(v)


@pytest.fixture
def compiles(monkeypatch):
    """The patterns this test compiles, counted where every text pattern is compiled (regexcache.compile)."""
    seen: list = []
    real = regexcache.compile

    def spy(pattern, flags=0):
        seen.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(regexcache, "compile", spy)
    return seen


def builtin_text_rules():
    return load_pack([PACK], table_rules=False).text_rules


def test_loading_the_builtin_pack_compiles_no_text_pattern(compiles):
    rules = builtin_text_rules()
    found = [lz for r in rules for lz in lazies(r.params)]
    assert len(rules) == 33 and len(found) > 100
    assert compiles == [] and all(lz._rx is None for lz in found)


def test_group_names_read_from_the_text_are_those_regex_compiles():
    # the required named groups of a rule are checked at load from the pattern's text (safety.regex.group_names)
    found = {(lz.pattern, lz.flags) for r in builtin_text_rules() for lz in lazies(r.params)}
    assert len(found) > 100
    named = 0
    for pattern, flags in found:
        assert group_names(pattern) == dict(regex.compile(pattern, flags).groupindex), pattern
        named += bool(group_names(pattern))
    assert named > 30
    assert group_names(r"(?<=a)(x)(?P<a>b)[(?P<no>](?<b>c)(?'c'd)\(?P<no2>e\)(?P=a)") == {"a": 2, "b": 3, "c": 4}


def test_run_without_report_text_compiles_no_text_pattern(cli, compiles):
    dataset = FIXTURES / "kpu-muaro-jambi-riwayat" / "2023"
    assert not [p for p in dataset.iterdir() if p.suffix in (".md", ".txt", ".docx", ".pdf")]
    code, out, err = cli("run", dataset, "-f", "json", "--jobs", "1")
    assert code in (0, 1), err
    # the model's column patterns are compiled (the tables are checked), no text rule's
    text_patterns = {lz.pattern for r in builtin_text_rules() for lz in lazies(r.params)}
    assert compiles and not text_patterns & set(compiles)
    code, out, err = cli("run", FIXTURES / "kpu-muaro-jambi-2024", "-f", "json", "--jobs", "1")
    assert len(text_patterns & set(compiles)) > 50        # with a report text they are


def test_rules_listing_compiles_no_text_pattern(cli, compiles):
    code, out, _ = cli("rules")
    assert code == 0 and "TXT001" in out
    assert compiles == []


@pytest.mark.skipif(not SEED.exists(), reason="seed report not in ../shared")
def test_checking_a_report_text_compiles_what_it_uses(cli, compiles):
    code, out, err = cli("text", SEED, "--tahun", "2024", "-f", "json")
    assert code == 1, err
    assert len(compiles) > 50


@pytest.mark.skipif(not SEED.exists(), reason="seed report not in ../shared")
def test_lazy_and_eager_patterns_give_the_same_findings():
    doc = read_document(str(SEED))
    lazy = check_document(doc, 2024, builtin_text_rules(), dataset="s", lang="en")
    from lkjcheck.checks.text.rules import load_text_rules

    eager = [r for f in ("teks.yaml", "regulasi.yaml") for r in load_text_rules(str(PACK / f))]
    assert not any(True for r in eager for _ in lazies(r.params))
    again = check_document(doc, 2024, [r for r in eager if r.meta.enabled], dataset="s", lang="en")
    assert len(lazy) > 10
    assert [(f.rule, f.location.line, f.message) for f in lazy] == [(f.rule, f.location.line, f.message) for f in again]


# the rule of tests/test_text_rules.py, of the kind that requires the named group `tahun`
HEAD = TEXT_HEAD + COMMON + "    check: tahun_periode\n"


def test_a_bad_pattern_in_a_contributed_pack_is_refused_at_load_with_its_line(cli, tmp_path):
    rules = tmp_path / "aturan"
    rules.mkdir()
    (rules / "uji.yaml").write_text(HEAD + "    patterns: ['tahun (?P<tahun>\\d{4}']\n", encoding="utf-8")
    text = tmp_path / "laporan.md"
    text.write_text("Tahun 2024.\n", encoding="utf-8")
    for lang, word in (("id", "regex tidak sah"), ("en", "invalid regex")):
        code, out, err = cli("text", text, "--tahun", "2024", "--rules", rules, "--lang", lang)
        assert code == 2
        assert f"{rules / 'uji.yaml'}:4" in err and "TXT901" in err and word in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_contributed_pack_is_compiled_at_load(tmp_path, compiles):
    rules = tmp_path / "aturan"
    rules.mkdir()
    (rules / "uji.yaml").write_text(HEAD + "    patterns: ['tahun\\s+ke-?(?P<tahun>\\d{4})']\n", encoding="utf-8")
    pack = load_pack([PACK, rules], table_rules=False)
    [mine] = [r for r in pack.text_rules if r.id == "TXT901"]
    assert not list(lazies(mine.params)) and compiles == ["tahun\\s+ke-?(?P<tahun>\\d{4})"]


def _meta() -> RuleMeta:
    return RuleMeta(id="TXT901", family="uji", severity="error", title={"id": "Uji", "en": "Test"},
                    reference="PermenPANRB 53/2014", rationale={"id": "a", "en": "b"}, kind="text",
                    source="/pak/teks.yaml:12")


def test_a_deferred_pattern_that_fails_when_used_names_the_rule_file_and_line():
    raw = {"check": "tahun_periode", "patterns": ["tahun (?P<tahun>\\d{4}) (ditutup"]}
    with deferred():
        rule = compile_text_rule(raw, _meta())
    doc = Document.from_text("Tahun 2024 ditutup.")
    for lang, word in (("id", "regex tidak sah"), ("en", "invalid regex")):
        with pytest.raises(TextRuleError) as e:
            check_document(doc, 2024, [rule], dataset="d", lang=lang)
        assert (e.value.file, e.value.line) == ("/pak/teks.yaml", 12)
        said = e.value.text(lang)
        assert "TXT901" in said and word in said and "(ditutup" in said
    # the same pattern compiled at load is refused there
    with pytest.raises(TextRuleError):
        compile_text_rule(raw, _meta())


def test_a_deferred_pattern_that_compiles_finds_what_an_eager_one_finds():
    raw = {"check": "tahun_periode", "patterns": ["tahun\\s+anggaran\\s+(?P<tahun>{{tahun}})"]}
    with deferred():
        lazy = compile_text_rule(raw, _meta())
    eager = compile_text_rule(raw, _meta())
    doc = Document.from_text("Laporan Tahun Anggaran 2023 dan tahun anggaran 2024.")
    a = check_document(doc, 2024, [lazy], dataset="d")
    b = check_document(doc, 2024, [eager], dataset="d")
    assert len(a) == 1 and [f.message for f in a] == [f.message for f in b]


def test_missing_named_group_is_still_refused_at_load_when_deferred():
    raw = {"check": "tahun_periode", "patterns": ["tahun\\s+(?P<angka>\\d{4})"]}
    with deferred(), pytest.raises(TextRuleError, match="tahun"):
        compile_text_rule(raw, _meta())
    raw = {"check": "tahun_periode", "patterns": ["(?:a{3000}){3000}"]}
    with deferred(), pytest.raises(TextRuleError):      # the size bound, too, is checked at load
        compile_text_rule(raw, _meta())


def test_deferral_ends_with_its_block():
    with deferred():
        pass
    rule = compile_text_rule({"check": "tahun_periode", "patterns": ["tahun (?P<tahun>\\d{4})"]}, _meta())
    assert not list(lazies(rule.params))

