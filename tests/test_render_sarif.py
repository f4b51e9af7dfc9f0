import json
from pathlib import Path

import jsonschema
import pytest

from lkjcheck.report import get_renderer
from lkjcheck.report.sarif import render
from render_samples import DS_KOMINFO, DS_KPU, NASTY_MESSAGE, empty_result, sample_result

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


def _errors(log):
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_valid_against_official_schema(lang):
    log = json.loads(render(sample_result(lang)))
    assert _errors(log) == []


def test_empty_run_is_valid():
    log = json.loads(render(empty_result()))
    assert _errors(log) == []
    run = log["runs"][0]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []


def test_driver_and_rules():
    log = json.loads(render(sample_result()))
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "lkjcheck"
    assert driver["version"] == "0.1.0"
    ids = [r["id"] for r in driver["rules"]]
    # only rules that have findings; KLM001 passed everywhere
    assert set(ids) == {"ANG001", "PK002", "PK010", "PEG003", "DAT001"}
    ang = driver["rules"][ids.index("ANG001")]
    assert ang["shortDescription"]["text"] == "Jumlah realisasi anggaran sama dengan totalnya"
    assert "PMK 62/PMK.02/2023" in ang["help"]["text"]
    assert "Realisasi per sumber dana" in ang["fullDescription"]["text"]
    assert ang["defaultConfiguration"]["level"] == "error"
    assert ang["properties"]["family"] == "anggaran"
    assert ang["properties"]["reference"].startswith("PMK 62")
    assert driver["rules"][ids.index("PK010")]["defaultConfiguration"]["level"] == "note"
    # ruleIndex points at the matching descriptor
    for res in log["runs"][0]["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]


def test_english_rule_text():
    driver = json.loads(render(sample_result("en")))["runs"][0]["tool"]["driver"]
    ang = next(r for r in driver["rules"] if r["id"] == "ANG001")
    assert ang["shortDescription"]["text"] == "Budget realisation adds up to its total"
    assert ang["help"]["text"].startswith("Realisation per source")


def _results(lang="id"):
    return json.loads(render(sample_result(lang)))["runs"][0]["results"]


def test_levels_and_locations():
    res = _results()
    by_rule = {}
    for r in res:
        by_rule.setdefault(r["ruleId"], []).append(r)
    assert len(res) == 6
    ang = by_rule["ANG001"][0]
    assert ang["level"] == "error"
    phys = ang["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"]["uri"] == "kpu-muaro-jambi-2024/lkj.yaml"
    assert phys["region"] == {"startLine": 42, "startColumn": 7}
    # message kept verbatim apart from the XML-invalid control character
    assert ang["message"]["text"] == NASTY_MESSAGE.replace("\x0b", "")
    props = ang["properties"]
    assert props["expected"] == "Rp 59.900.669.261"
    assert props["actual"] == "Rp 59.900.669.000 <selisih 261>"
    assert props["dataset"] == DS_KPU
    assert (props["table"], props["row"], props["field"]) == ("anggaran", "total", "realisasi")
    assert props["reference"].startswith("PMK 62")
    assert by_rule["PK010"][0]["level"] == "note"


def test_cell_location_and_missing_line():
    res = _results()
    xlsx = next(r for r in res if r["ruleId"] == "PK002" and r["properties"]["dataset"] == DS_KPU)
    loc = xlsx["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == "kpu-muaro-jambi-2024/pengukuran.xlsx"
    assert "region" not in loc["physicalLocation"]
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == "pengukuran_kinerja!E5"
    assert xlsx["message"]["text"].startswith("[pengukuran_kinerja!E5]")
    noline = next(r for r in res if r["ruleId"] == "PK010")
    assert "region" not in noline["locations"][0]["physicalLocation"]


def test_uri_is_percent_encoded():
    res = _results()
    dat = next(r for r in res if r["ruleId"] == "DAT001")
    assert dat["properties"]["dataset"] == DS_KOMINFO
    assert dat["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "diskominfo%20contoh%202023/lkj.yaml"


def test_waived_finding_is_suppressed():
    res = _results()
    peg = next(r for r in res if r["ruleId"] == "PEG003")
    sup = peg["suppressions"]
    assert sup[0]["kind"] == "external"
    assert sup[0]["justification"].startswith("Satu pegawai pindah tugas")
    assert sup[0]["properties"] == {"by": "Inspektur Pembantu II", "until": "2025-06-30"}
    assert all("suppressions" not in r for r in res if r is not peg)


def test_fingerprints_stable_and_distinct():
    a = [r["partialFingerprints"]["lkjcheck/v1"] for r in _results()]
    b = [r["partialFingerprints"]["lkjcheck/v1"] for r in _results("en")]
    assert a == b
    assert len(set(a)) == len(a)


def test_registry_returns_render():
    # The registry hands out the format's render, after the findings are worded in the report's language.
    assert get_renderer("sarif").__wrapped__ is render
    with pytest.raises(ValueError):
        get_renderer("pdf")
