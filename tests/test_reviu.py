"""The reviu guide (rules/sakip/reviu.yaml) and the grouping of findings into temuan."""
import json
from pathlib import Path

import jsonschema
import pytest

from lkjcheck.findings import Finding, Location
from lkjcheck.report.reviu import group_findings, group_run
from lkjcheck.report.guide import load_review
from lkjcheck.checks.rules import builtin_rules_dir, load_pack
from lkjcheck.run.runner import run
from lkjcheck.run.options import Options
from lkjcheck.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "kpu-muaro-jambi-2024"
CORRECTED = ROOT / "fixtures" / "kpu-muaro-jambi-2024-corrected"
PACK = builtin_rules_dir() / "sakip"


@pytest.fixture(scope="module")
def guide():
    return load_review([PACK])


@pytest.fixture(scope="module")
def meta():
    return load_pack([PACK], compile_rules=False).meta


@pytest.fixture(scope="module")
def seed_result():
    return run([str(SEED)], Options())


def test_every_rule_is_mapped_with_a_recommendation_and_every_named_id_exists(guide, meta):
    assert guide.problems(meta) == []
    for rid, m in meta.items():
        r = guide.for_rule(rid, m.family)
        assert r.recommendation["id"] and r.recommendation["en"], rid
        assert set(r.criteria) <= set(guide.criteria), rid


def test_the_check_catches_an_unmapped_rule_and_a_misspelt_id(guide, meta, tmp_path):
    (tmp_path / "reviu.yaml").write_text(
        "aspects:\n  - id: a\n    criteria:\n      - {id: X1, automatic: ya}\n"
        "families:\n  anggaran: {criteria: [X1], recommendation: {id: a, en: b}}\n"
        "rules:\n  ANG999: {criteria: [X2]}\n", encoding="utf-8")
    g = load_review([tmp_path])
    problems = "\n".join(g.problems(meta))
    assert "ANG999 does not exist" in problems
    assert "unknown criterion X2" in problems
    assert "KIN001: not mapped" in problems
    assert "ANG001: not mapped" not in problems


def test_three_aspects_and_the_checklist_criteria(guide):
    assert [a.id for a in guide.aspects] == ["format", "mekanisme", "substansi"]
    assert [len(a.criteria) for a in guide.aspects] == [6, 7, 10]
    crit = guide.criteria
    assert crit["M1"].auto == "tidak" and crit["F6"].auto == "ya" and crit["S10"].auto == "sebagian"
    assert all(c.not_checked for c in crit.values())


def test_rule_loader_does_not_take_the_guide_for_a_rule_file():
    assert "reviu.yaml" not in {p.name for p in __import__("lkjcheck.checks.rules").checks.rules.rule_files(PACK)}


def test_bad_guide_is_a_one_line_input_error(tmp_path):
    (tmp_path / "reviu.yaml").write_text("aspects:\n  - id: a\n    criteria:\n      - {id: X1, automatic: mungkin}\n",
                                         encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_review([tmp_path])
    assert "reviu.yaml:4" in e.value.text() and "ya/sebagian/tidak" in e.value.text()


def _temuan_with(groups, rule, line):
    return next(g for g in groups if any(f.rule == rule and f.location.line == line for f in g.findings))


def test_one_wrong_budget_percentage_is_one_temuan_with_every_place(seed_result, guide):
    groups = group_findings(seed_result.findings, seed_result.rules, guide)
    t = _temuan_with(groups, "ANG003", 638)            # anggaran total persen 93,61% (should be 89,45%)
    places = {(f.rule, Path(f.location.file).name, f.location.line) for f in t.findings}
    assert places == {("ANG003", "lkj.yaml", 638), ("KLM002", "lkj.yaml", 772), ("TXT011", "laporan.md", 29)}
    assert t.severity == "error" and t.fact == "persen_realisasi_anggaran"
    assert t.title["id"] == "Persentase realisasi anggaran salah hitung"
    assert {"F6", "F4"} <= set(t.criteria)
    # The other wrong percentage (rutin 99,97%) is a different defect: its own temuan.
    other = _temuan_with(groups, "ANG003", 628)
    assert other is not t
    assert {f.actual for f in other.findings} == {"99,97%"}


def test_the_signing_date_is_one_temuan(seed_result, guide):
    groups = group_findings(seed_result.findings, seed_result.rules, guide)
    t = _temuan_with(groups, "TGL001", 32)
    assert sorted(f.rule for f in t.findings) == ["TGL001", "TXT004"]


def test_same_figure_in_different_rows_stays_apart(seed_result, guide):
    groups = group_findings(seed_result.findings, seed_result.rules, guide)
    # KIN006 reports "1 laporan" instead of 100% for IKU-1 (line 302) and IKU-4 (line 350): two cells, two temuan.
    a, b = _temuan_with(groups, "KIN006", 302), _temuan_with(groups, "KIN006", 350)
    assert a is not b
    # ... while SAT002 on the very same cell as KIN006 (line 302) is the same defect.
    assert {f.rule for f in a.findings} == {"KIN006", "SAT002"}


def test_counts_count_temuan_and_every_finding_is_in_exactly_one(seed_result, guide):
    groups = group_run(seed_result.findings, seed_result.rules, guide)
    idx = sorted(i for g in groups for i in g.indices)
    assert idx == list(range(len(seed_result.findings)))
    assert 0 < len(groups) < len(seed_result.findings)


def test_without_a_fact_nothing_is_grouped(guide, meta):
    f = [Finding("SDM008", "error", "NIP ganda", "d", Location("p.csv", 12), row="A"),
         Finding("SDM003", "error", "NIP PPPK", "d", Location("p.csv", 12), row="A")]
    assert len(group_findings(f, meta, guide)) == 2          # same row, no column: two defects
    assert len(group_findings(f, meta, None)) == 2


def test_waived_and_unwaived_are_never_one_temuan(guide, meta):
    base = Finding("ANG003", "error", "x", "d", Location("lkj.yaml", 5, 3), expected="1%", actual="2%")
    other = Finding("KLM002", "error", "y", "d", Location("lkj.yaml", 9, 3), expected="1%", actual="2%")
    assert len(group_findings([base, other], meta, guide)) == 1
    waived = other.with_waiver({"justification": "ok"})
    assert len(group_findings([base, waived], meta, guide)) == 2


def test_json_carries_temuan_and_follows_the_schema(cli):
    code, out, _ = cli("run", str(SEED), "--format", "json")
    doc = json.loads(out)
    schema = json.loads((ROOT / "lkjcheck" / "schemas" / "findings.schema.json").read_text())
    jsonschema.validate(doc, schema)
    assert doc["temuan"] and "temuan" in schema["properties"]
    t = next(t for t in doc["temuan"] if {"ANG003", "KLM002", "TXT011"} <= set(t["rules"]))
    assert {doc["findings"][i]["rule"] for i in t["findings"]} == {"ANG003", "KLM002", "TXT011"}
    assert sum(doc["temuan_summary"].values()) == len(doc["temuan"])
    assert sum(doc["summary"].values()) == len(doc["findings"]) > len(doc["temuan"])


def test_corrected_twin_has_no_temuan(cli):
    code, out, _ = cli("run", str(CORRECTED), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["temuan"] == [] and doc["findings"] == []


def test_rules_explain_names_the_criteria_and_the_recommendation(cli):
    code, out, _ = cli("rules", "explain", "KLM002")
    assert code == 0
    assert "Kriteria reviu:" in out and "F6 LKj menyajikan akuntabilitas keuangan" in out and "F4 " in out
    assert "Rekomendasi: Samakan angka yang disebut di narasi" in out
    code, out, _ = cli("rules", "--lang", "en", "explain", "KLM002")
    assert "Review criteria:" in out and "Recommendation: Make every figure" in out


# ---------------------------------------------------------------- the same cell: one defect, not one sentence

from conftest import SEED as SEED_TEXT  # noqa: E402


@pytest.fixture(scope="module")
def bare_seed():
    if not SEED_TEXT.is_file():
        pytest.skip("the shared seed report is not here")
    return run([str(SEED_TEXT)], Options(year=2024))


def _alike(v):
    from lkjcheck.report.reviu import _written_alike
    return _written_alike(v)


def test_bare_report_keeps_different_defects_of_one_sentence_apart(bare_seed, guide):
    groups = group_findings(bare_seed.findings, bare_seed.rules, guide)
    # Line 85: the realisation total is wrong (ANG001) and so is its percentage (ANG003): two defects ...
    total, percent = _temuan_with(groups, "ANG001", 85), _temuan_with(groups, "ANG003", 85)
    assert total is not percent
    assert {f.rule for f in percent.findings} == {"ANG003", "KLM002", "TXT011"}
    assert {f.actual for f in percent.findings} == {"93,61%"}
    # ... line 767: 99,97% is the wrong rutin percentage (99,67%) and, to KLM012, differs from 99,80% elsewhere.
    rutin, elsewhere = _temuan_with(groups, "ANG003", 767), _temuan_with(groups, "KLM012", 767)
    assert rutin is not elsewhere and {f.expected for f in elsewhere.findings} == {"99,80%"}
    # ... while the same wrong figure seen by four rules at line 650 stays one temuan.
    t = _temuan_with(groups, "KLM003", 650)
    assert {f.rule for f in t.findings} == {"TXT012", "KLM003", "KLM012", "TXT026"}


def test_no_temuan_of_the_bare_seed_mixes_figures(bare_seed, guide):
    """Every temuan of several findings says one thing: one written figure and one figure it should be,
    unless its rules are all of a group the guide declares figure-free (a wrong unit, an unreadable figure)."""
    groups = group_findings(bare_seed.findings, bare_seed.rules, guide)
    free = [cg for cg in guide.cell_groups if not cg.same_when]
    merged = [g for g in groups if len(g.findings) > 1]
    assert len(merged) >= 10
    for g in merged:
        figures = {(_alike(f.expected), _alike(f.actual)) for f in g.findings}
        if len(figures) > 1:
            assert any(all(cg.covers(r) for r in g.rules) for cg in free), (g.id, g.rules, figures)
    unreadable = _temuan_with(groups, "DAT001", 652)
    assert {f.rule for f in unreadable.findings} == {"DAT001", "TXT013"}


def test_dataset_keeps_a_missing_day_apart_from_the_reviu_order(seed_result, guide):
    groups = group_findings(seed_result.findings, seed_result.rules, guide)
    # lkj.yaml:38: the reviu is dated after the signature (TGL003) and without a day (TGL006): two defects.
    assert _temuan_with(groups, "TGL003", 38) is not _temuan_with(groups, "TGL006", 38)
    rutin = _temuan_with(groups, "ANG003", 628)
    assert "KLM012" not in {f.rule for f in rutin.findings}


@pytest.mark.parametrize("body, where, words", [
    ("same_cell: true\n", "reviu.yaml:1", "list of groups"),
    ("same_cell:\n  - {id: a, rules: [KLM], same_when: [besaran]}\n", "reviu.yaml:2", "may only name"),
    ("same_cell:\n  - {id: a, rules: []}\n", "reviu.yaml:2", "rule ids or id prefixes"),
    ("same_cell:\n  - {rules: [KLM]}\n", "reviu.yaml:2", "needs an id"),
])
def test_a_malformed_cell_group_names_file_and_line(tmp_path, body, where, words):
    (tmp_path / "reviu.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_review([tmp_path])
    assert where in e.value.text("en") and words in e.value.text("en")


def test_a_criterion_said_to_be_checked_has_a_rule_and_says_what_it_checks(guide, meta):
    served: dict[str, set] = {}
    for rid, m in meta.items():
        r = guide.for_rule(rid, m.family)
        for c in (*r.criteria, *(c for cs in r.by_table.values() for c in cs)):
            served.setdefault(c, set()).add(rid)
    for c in guide.criteria.values():
        if c.auto != "tidak":
            assert served.get(c.id), f"{c.id} is '{c.auto}' but no rule serves it"
        if served.get(c.id):
            assert c.checked.get("id") and c.checked.get("en"), f"{c.id}: rules serve it, 'diperiksa' is empty"


CORPUS = SEED_TEXT.parent.parent / "corpus"


@pytest.mark.parametrize("name, year", [("bps-prov-bali-lkj-2015.md", 2015), ("itjen-pupr-lkj-2020.md", 2020)])
def test_a_missing_part_leaves_its_criteria_unmet(name, year):
    """An excerpt without PK, measurement and budget table: F2/F3/F6/S1/S4 are not "memadai" just because
    no sentence about them was wrong (LKP001 names the missing table; criteria_by_table maps it)."""
    from lkjcheck.report.kkr import build

    path = CORPUS / name
    if not path.is_file():
        pytest.skip("the shared corpus is not here")
    result = run([str(path)], Options(year=year))
    missing = {f.table for f in result.findings if f.rule == "LKP001"}
    assert missing == {"perjanjian_kinerja", "pengukuran_kinerja", "anggaran"}
    status = {c.id: c.status for a in build(result).datasets[0].aspects for c in a.criteria}
    for cid in ("F2", "F3", "F6", "S1", "S4"):
        assert status[cid] == "tidak_memadai", (cid, status[cid])
    assert status["M7"] == "manual" and status["M1"] in ("manual", "tidak_memadai")


def test_the_corrected_twin_keeps_its_criteria_met(cli):
    from lkjcheck.report.kkr import build

    status = {c.id: c.status for a in build(run([str(CORRECTED)], Options())).datasets[0].aspects
              for c in a.criteria}
    assert {status[c] for c in ("F2", "F3", "F6", "S1", "S4")} == {"memadai"}
