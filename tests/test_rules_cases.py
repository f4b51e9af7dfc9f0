"""Every rule, both ways, from the cases kept beside the rules (rules/sakip/cases/*.yaml):
a fragment with the broken figure gives exactly the named findings, the one with the
right figure gives none."""
from __future__ import annotations

import pytest

from lkjcheck.checks.cases import load_cases, mismatch, run_case
from lkjcheck.checks.rules import builtin_rules_dir
from lkjcheck.errors import InputError
from rules_helpers import pack

PACK_DIR = builtin_rules_dir() / "sakip"
CASES = load_cases(PACK_DIR)
ALL = [(rid, i, c) for rid, cs in CASES.items() for i, c in enumerate(cs)]


@pytest.mark.parametrize("rid,i,case", ALL, ids=[f"{rid}-{i}" for rid, i, _ in ALL])
def test_rule_case(rid, i, case):
    if case.bad is not None:
        found = run_case(pack(), case, "bad")
        why = mismatch(case, found)
        assert why is None, f"{case.source}: {why}: {[(f.rule, f.row, f.expected, f.message) for f in found]}"
    if case.good is not None:
        ok = run_case(pack(), case, "good")
        assert not ok, f"{case.source}: {rid} flagged the right figure: {ok}"


# Cross-year rules need several reports of one agency: tests/test_cross_year.py
# tests them both ways on the fixture and its history.
CROSS_YEAR = {"THN001", "THN002", "THN003", "THN004"}
# The loader's findings on a dataset file; the other built-in rules judge report documents
# and workbooks (DAT010-DAT014, DAT020, DAT021: tests/test_extract_*.py, tests/test_xlsx*.py),
# whole runs (LKP001: tests/test_cli_text.py, tests/test_corpus_datasets.py) or waiver files (LKJ001, LKJ002: tests/test_waivers.py).
FROM_A_DATASET_FILE = {f"DAT00{i}" for i in range(1, 9)}


def test_every_rule_has_a_case_both_ways():
    p = pack()
    judged = ({m.id for m in p.meta.values() if m.kind in ("table", "text")} - CROSS_YEAR) | FROM_A_DATASET_FILE
    both = {rid for rid, cs in CASES.items() if any(c.bad is not None for c in cs) and any(c.good is not None for c in cs)}
    assert judged <= both, sorted(judged - both)
    assert set(CASES) <= set(p.meta), sorted(set(CASES) - set(p.meta))
    assert CROSS_YEAR | FROM_A_DATASET_FILE <= {m.id for m in p.meta.values()}


def test_a_case_replaces_the_prose_example():
    """The rule files keep no `example:` where a case shows the rule at work."""
    from lkjcheck.checks.rules import load_pack

    raw = load_pack([PACK_DIR], compile_rules=False)
    both = [rid for rid in CASES if raw.meta[rid].example_bad or raw.meta[rid].example_good]
    assert not both, both


def test_explain_shows_the_case(tmp_path):
    from click.testing import CliRunner

    from lkjcheck.cli import main

    out = CliRunner().invoke(main, ["rules", "explain", "KIN001"]).output
    bad, good = out.split("Salah:")[1].split("Benar:")
    assert "selisih: '1,99%'" in bad and "selisih: '0,99%'" in good


def _pack_with_case(tmp_path, text: str):
    folder = tmp_path / "pack"
    (folder / "cases").mkdir(parents=True)
    (folder / "cases" / "x.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("text,said", [
    ("KIN001:\n  - bad: {pengukuran_kinerja: []}\n", "'bad' tanpa 'finds'"),
    ("KIN001:\n  - good: {}\n    expect: 1\n", "kunci kasus 'expect' tidak dikenal"),
    ("KIN001: {bad: 1}\n", "kasus harus berupa daftar"),
    ("KIN001:\n  - bad: [1]\n    finds: [{row: x}]\n", "'bad' harus berupa pemetaan tabel"),
    ("KIN001:\n  - bad: {}\n    finds: [{rows: x}]\n", "'finds' harus daftar pemetaan"),
    ("a: &a [*a]\n", "x.yaml"),
    ("KIN001: !!python/object:os.system ls\n", "x.yaml"),
])
def test_bad_case_files_are_refused_with_file_and_line(tmp_path, text, said):
    with pytest.raises(InputError) as e:
        load_cases(_pack_with_case(tmp_path, text))
    assert said in e.value.text("id") and "x.yaml" in e.value.text("id")


def test_an_oversized_case_file_is_refused(tmp_path):
    with pytest.raises(InputError):
        load_cases(_pack_with_case(tmp_path, "KIN001: []\n" + "#" * (300 * 1024) + "\n"))


def test_a_source_checkout_reads_its_own_rules():
    # The rules of the checkout under test, not those of another installed copy (the
    # package moved one folder down and once looked for rules/ beside lkjcheck/checks/).
    from pathlib import Path
    assert PACK_DIR == Path(__file__).resolve().parents[1] / "rules" / "sakip"
