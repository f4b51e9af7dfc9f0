import xml.etree.ElementTree as ET

import pytest

from lkjcheck.report.junit import render
from render_samples import DS_KOMINFO, DS_KPU, RULES, empty_result, sample_result


def _root(lang="id"):
    return ET.fromstring(render(sample_result(lang)).encode("utf-8"))


def _case(suite, rule_id):
    return next(c for c in suite.iter("testcase") if c.get("name").startswith(rule_id + ":"))


def test_well_formed_with_declaration():
    out = render(sample_result())
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "\x0b" not in out
    ET.fromstring(out.encode("utf-8"))


def test_one_suite_per_dataset_one_case_per_rule():
    root = _root()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [DS_KPU, DS_KOMINFO]
    for s in suites:
        cases = s.findall("testcase")
        assert len(cases) == len(RULES)
        assert {c.get("classname") for c in cases} == {s.get("name")}
        assert int(s.get("tests")) == len(RULES)
    assert int(root.get("tests")) == 2 * len(RULES)


def test_case_names_and_passed_rules():
    kpu = _root().findall("testsuite")[0]
    ang = _case(kpu, "ANG001")
    assert ang.get("name") == "ANG001: Jumlah realisasi anggaran sama dengan totalnya"
    klm = _case(kpu, "KLM001")
    assert list(klm) == []          # passed: no failure, no skipped
    dat = _case(kpu, "DAT001")
    assert list(dat) == []


def test_failure_body_lists_every_finding():
    kpu = _root().findall("testsuite")[0]
    fail = _case(kpu, "ANG001").find("failure")
    assert fail.get("type") == "error"
    assert fail.get("message").startswith("1 temuan")
    body = fail.text
    assert "kpu-muaro-jambi-2024/lkj.yaml:42:7" in body
    assert "Yang diharapkan: Rp 59.900.669.261" in body
    assert "Yang ditemukan: Rp 59.900.669.000 <selisih 261>" in body
    assert 'Realisasi "total" <Rp 59.900.669.261> & jumlah rincian | berbeda' in body
    assert "99,01%" in body
    assert "baris \u201ctotal\u201d" in body


def test_warning_and_info_are_failures_typed_by_severity():
    kpu = _root().findall("testsuite")[0]
    pk2 = _case(kpu, "PK002").find("failure")
    assert pk2.get("type") == "warning"
    assert "pengukuran_kinerja!E5" in pk2.text
    pk10 = _case(kpu, "PK010").find("failure")
    assert pk10.get("type") == "info"
    assert int(kpu.get("failures")) == 3


def test_waived_only_is_skipped():
    kpu = _root().findall("testsuite")[0]
    case = _case(kpu, "PEG003")
    assert case.find("failure") is None
    skipped = case.find("skipped")
    assert skipped is not None
    assert "Satu pegawai pindah tugas" in skipped.text
    assert "Inspektur Pembantu II" in skipped.text
    assert kpu.get("skipped") == "1"


def test_english_labels():
    kpu = _root("en").findall("testsuite")[0]
    ang = _case(kpu, "ANG001")
    assert ang.get("name") == "ANG001: Budget realisation adds up to its total"
    assert "Expected: Rp 59.900.669.261" in ang.find("failure").text


def test_attributes_escape_quotes_and_newlines():
    # a rule title with markup and quotes lands in an attribute
    from lkjcheck.findings import RuleMeta
    res = sample_result()
    res.rules["X1"] = RuleMeta(id="X1", family="x", severity="error",
                               title={"id": 'a "b" <c> & d\ne\x01'})
    root = ET.fromstring(render(res).encode("utf-8"))
    names = [c.get("name") for c in root.iter("testcase") if c.get("name").startswith("X1")]
    assert names == ['X1: a "b" <c> & d\ne'] * 2


def test_disabled_rule_without_findings_is_not_a_test():
    from dataclasses import replace
    res = sample_result()
    res.rules["KLM001"] = replace(res.rules["KLM001"], enabled=False)
    root = ET.fromstring(render(res).encode("utf-8"))
    assert not [c for c in root.iter("testcase") if c.get("name").startswith("KLM001")]


def test_empty_run_all_pass():
    root = ET.fromstring(render(empty_result()).encode("utf-8"))
    assert root.get("failures") == "0"
    assert root.get("tests") == str(len(RULES))


def test_junitparser_reads_it(tmp_path):
    junitparser = pytest.importorskip("junitparser")
    p = tmp_path / "junit.xml"
    p.write_text(render(sample_result()), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(p))
    suites = list(xml)
    assert [s.name for s in suites] == [DS_KPU, DS_KOMINFO]
    kpu = suites[0]
    outcomes = {}
    for case in kpu:
        kinds = [type(r).__name__ for r in case.result]
        outcomes[case.name.split(":")[0]] = kinds
    assert outcomes["ANG001"] == ["Failure"]
    assert outcomes["PEG003"] == ["Skipped"]
    assert outcomes["KLM001"] == []
