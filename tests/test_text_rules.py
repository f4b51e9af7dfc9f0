"""Text rule files: the built-in file is complete; bad or hostile rule files give clear, bounded errors."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lkjcheck.findings import RuleMeta
from lkjcheck.checks.text.check import check_document
from lkjcheck.read.textdoc import Document
from lkjcheck.checks.text.rules import CHECKS, TextRuleError, compile_text_rule, load_text_rules
from lkjcheck.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
BUILTIN = ROOT / "rules" / "sakip" / "teks.yaml"

HEAD = """\
family: {id: teks, title: {id: Narasi, en: Narrative}}
kind: text
rules:
"""
COMMON = """\
  - id: TXT901
    title: {id: Uji, en: Test}
    severity: error
    reference: PermenPANRB 53/2014
    rationale: {id: alasan, en: reason}
    example: {bad: "a", good: "b"}
"""


def write(tmp_path, body: str, common: str = COMMON) -> str:
    p = tmp_path / "teks.yaml"
    p.write_text(HEAD + common + textwrap.indent(textwrap.dedent(body), "    "), encoding="utf-8")
    return str(p)


def test_builtin_rules_are_complete():
    rules = load_text_rules(str(BUILTIN)) + load_text_rules(str(BUILTIN.with_name("regulasi.yaml")))
    ids = [r.id for r in rules]
    assert sorted(ids) == [f"TXT{i:03d}" for i in range(1, 34)]
    used = {r.check for r in rules}
    assert used == set(CHECKS)
    for r in rules:
        m = r.meta
        assert m.family in ("teks", "regulasi") and m.kind == "text" and m.source.startswith(str(BUILTIN.parent))
        assert m.title["id"] and m.title["en"] and m.rationale["id"] and m.rationale["en"]
        # the examples are the rules' cases (rules/sakip/cases/, tests/test_rules_cases.py)
        assert m.reference and m.severity in ("error", "warning", "info")


def test_valid_minimal_rule(tmp_path):
    p = write(tmp_path, """\
        check: tahun_periode
        patterns: ['\\btahun\\s+buku\\s+(?P<tahun>{{tahun}})']
        message: {id: "Tahun buku {actual}", en: "Book year {actual}"}
    """)
    [r] = load_text_rules(p)
    doc = Document.from_text("Tahun buku 2020 ditutup.")
    [f] = check_document(doc, 2024, [r], dataset="d", lang="en")
    assert f.message == "Book year 2020" and f.rule == "TXT901"


def test_params_may_be_nested(tmp_path):
    p = write(tmp_path, """\
        check: tahun_kosong
        params: {patterns: ['\\btahun(?=\\s+\\.)']}
    """)
    [r] = load_text_rules(p)
    assert r.params["patterns"][0].source.startswith("\\btahun")


def _error(path) -> TextRuleError:
    with pytest.raises(TextRuleError) as e:
        load_text_rules(path)
    assert isinstance(e.value, InputError)
    return e.value


def test_bad_regex_names_file_line_and_rule(tmp_path):
    p = write(tmp_path, """\
        check: tahun_periode
        patterns: ['(?P<tahun>\\d{4}']
    """)
    e = _error(p)
    assert e.file == p and e.line == 4 and "TXT901" in e.text("id") and "regex" in e.text("en")


def test_unknown_check_kind(tmp_path):
    e = _error(write(tmp_path, "check: eval_python\npatterns: ['x']\n"))
    assert "eval_python" in e.text("en") and "tahun_periode" in e.text("en") and e.line == 4


@pytest.mark.parametrize("body,words", [
    ("check: tahun_periode\npatterns: ['\\d{4}']\n", "tahun"),                       # named group missing
    ("check: tahun_periode\n", "patterns"),                                          # required parameter
    ("check: tahun_periode\npatterns: ['(?P<tahun>x)']\nwindw: 5\n", "windw"),          # typo in a parameter
    ("check: tahun_periode\npatterns: ['(?P<tahun>x)']\nwindow: -1\n", "window"),
    ("check: tahun_periode\npatterns: []\n", "patterns"),
    ("check: tahun_periode\npatterns: ['(?P<tahun>x)']\nallowed: [{befor: x}]\n", "before"),
    ("check: tanggal_tanda_tangan\nheadings: [x]\ndate_line: '(?P<tanggal>x)'\ncondition: kapan_saja\n",
     "condition"),
    ("check: tanggal_tanda_tangan\nheadings: [x]\ndate_line: 'x'\ncondition: batas_waktu\n", "tanggal"),
    ("check: fakta_angka\npatterns: ['(?P<angka>x)']\n", "fact"),
    ("check: tahun_periode\npatterns: ['(?P<tahun>x)']\nmessage: {id: [1]}\n", "message"),
    ("check: tahun_periode\npatterns: [\"" + "a" * 2500 + "(?P<tahun>x)\"]\n", "2000"),
])
def test_bad_parameters_are_clear_errors(tmp_path, body, words):
    e = _error(write(tmp_path, body))
    assert words in e.text("en") and "TXT901" in e.text("en")


@pytest.mark.parametrize("common,words", [
    (COMMON.replace("TXT901", "KIN001"), "TXTnnn"),
    (COMMON.replace("severity: error", "severity: fatal"), "severity"),
    (COMMON.replace("    reference: PermenPANRB 53/2014\n", ""), "reference"),
    # without an example the rule's case is its example; a malformed one is refused
    (COMMON.replace('    example: {bad: "a", good: "b"}\n', '    example: "a"\n'), "example"),
    (COMMON.replace("    rationale: {id: alasan, en: reason}\n", ""), "rationale"),
])
def test_bad_common_fields(tmp_path, common, words):
    e = _error(write(tmp_path, "check: tahun_kosong\npatterns: ['x']\n", common))
    assert words in e.text("en")


def test_duplicate_rule_id(tmp_path):
    p = tmp_path / "teks.yaml"
    p.write_text(HEAD + COMMON + "    check: tahun_kosong\n    patterns: [x]\n"
                 + COMMON + "    check: tahun_kosong\n    patterns: [y]\n", encoding="utf-8")
    e = _error(str(p))
    assert "TXT901" in e.text("en") and "duplicate" in e.text("en") and e.line == 12


def test_not_a_text_rule_file(tmp_path):
    p = tmp_path / "teks.yaml"
    p.write_text("family: {id: x}\nrules: []\n", encoding="utf-8")
    assert "kind" in _error(str(p)).text("en")
    p.write_text("kind: text\nfamily: {id: x}\nrules: [1]\n", encoding="utf-8")
    assert "mapping" in _error(str(p)).text("en")


def test_invalid_yaml(tmp_path):
    p = tmp_path / "teks.yaml"
    p.write_text(HEAD + "  - id: [\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_text_rules(str(p))
    assert e.value.file == str(p)


def test_catastrophic_pattern_is_bounded(tmp_path):
    p = write(tmp_path, """\
        check: tahun_kosong
        patterns: ['(a|aa)+$']
    """)
    [r] = load_text_rules(p)
    doc = Document.from_text("a" * 5000 + "!", "laporan.md")
    # It ends by its time budget (TXT901 below); how long that takes is benchmarks/guards.py's to measure.
    with pytest.raises(TextRuleError) as e:
        check_document(doc, 2024, [r], dataset="d")
    msg = e.value.text("en")
    assert "TXT901" in msg and "timed out" in msg and "laporan.md" in msg and e.value.file == p
    assert e.value.line == 4
    said = e.value.text("id")
    assert "aturan TXT901: pola" in said and "melebihi batas waktu pada laporan.md" in said and "timed" not in said


def test_catastrophic_context_is_bounded(tmp_path):
    p = write(tmp_path, """\
        check: tahun_periode
        patterns: ['(?P<tahun>{{tahun}})']
        window: 3000
        allowed: [{before: '(a|aa)+$'}]
    """)
    [r] = load_text_rules(p)
    doc = Document.from_text("a" * 2500 + "b 2020", "laporan.md")
    with pytest.raises(TextRuleError, match="timed out"):
        check_document(doc, 2024, [r], dataset="d")


def test_compile_text_rule_directly():
    meta = RuleMeta(id="TXT950", family="teks", severity="warning", title={"id": "x", "en": "x"},
                    kind="text", source="pack/teks.yaml:12")
    r = compile_text_rule({"id": "TXT950", "check": "tahun_kosong", "patterns": ["x"]}, meta)
    assert r.check == "tahun_kosong" and r.meta is meta
    with pytest.raises(TextRuleError) as e:
        compile_text_rule({"id": "TXT950", "check": "tahun_kosong", "patterns": ["("]}, meta)
    assert (e.value.file, e.value.line) == ("pack/teks.yaml", 12) and "TXT950" in str(e.value)
    with pytest.raises(TextRuleError):
        compile_text_rule(["not", "a", "mapping"], meta)


def test_optional_groups_that_capture_nothing_are_skipped(tmp_path):
    p = write(tmp_path, """\
        check: format_angka
        patterns: ['nilai(?:\\s+(?P<angka>\\d[\\d.,]*))?']
    """)
    [r] = load_text_rules(p)
    doc = Document.from_text("nilai tidak ada; nilai 1.2.3", "x.md")
    [f] = check_document(doc, 2024, [r], dataset="d")
    assert f.actual == "1.2.3"
