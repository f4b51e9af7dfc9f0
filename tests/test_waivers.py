"""Waivers: waived findings stay listed and stop failing; expired and unused waivers are reported."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import FAULTY
from lkjcheck.findings import Finding, Location
from lkjcheck.run.waivers import apply_waivers
from lkjcheck.errors import InputError

TODAY = dt.date(2025, 3, 1)


def f(rule="KIN004", row="IKU-6 Persentase Informasi", ds="kpu"):
    return Finding(rule, "error", "pesan", ds, Location("lkj.yaml", 3), row=row)


def _w(tmp_path, text):
    p = tmp_path / "waivers.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_matching_waiver_marks_finding(tmp_path):
    p = _w(tmp_path, "- {rule: KIN004, row: IKU-6, justification: Target Renstra lama, by: Inspektorat, until: 2025-12-31}\n")
    out = apply_waivers([f(), f(row="IKU-2 x")], p, TODAY)
    waived = [x for x in out if x.waived]
    assert len(waived) == 1 and waived[0].row.startswith("IKU-6")
    assert waived[0].waiver["justification"] == "Target Renstra lama" and waived[0].waiver["by"] == "Inspektorat"
    assert [x for x in out if not x.waived and x.rule == "KIN004"][0].row.startswith("IKU-2")
    assert not [x for x in out if x.rule.startswith("LKJ")]


def test_prefix_and_dataset(tmp_path):
    p = _w(tmp_path, "- {rule: KIN, dataset: lain, justification: x}\n- {rule: SDM, dataset: kpu, justification: y}\n")
    out = apply_waivers([f(), f(rule="SDM008", row="WATI")], p, TODAY)
    assert [x.rule for x in out if x.waived] == ["SDM008"]
    assert [x.rule for x in out if x.rule == "LKJ002"] == ["LKJ002"]      # the KIN waiver for 'lain' is unused


def test_expired_waiver_not_applied_and_reported(tmp_path):
    p = _w(tmp_path, "- rule: KIN004\n  justification: x\n  until: 2024-12-31\n")
    out = apply_waivers([f()], p, TODAY)
    assert not [x for x in out if x.waived]
    exp = [x for x in out if x.rule == "LKJ001"]
    assert len(exp) == 1 and exp[0].severity == "warning" and exp[0].location.line == 1
    en = apply_waivers([f()], p, TODAY, "en")
    assert "expired" in [x for x in en if x.rule == "LKJ001"][0].message


def test_unused_waiver_reported(tmp_path):
    p = _w(tmp_path, "- {rule: KIN040, justification: salah ketik}\n")
    out = apply_waivers([f()], p, TODAY)
    assert [x.rule for x in out if x.rule.startswith("LKJ")] == ["LKJ002"]


@pytest.mark.parametrize("text,line,word", [
    ("- {rule: KIN004}\n", 1, "justification"),
    ("- rule: KIN004\n  justification: x\n  sampai: 2025-01-01\n", 3, "sampai"),
    ("- rule: KIN004\n  justification: x\n  until: besok\n", 3, "until"),
    ("rule: KIN004\n", 1, "daftar"),
    ("- [KIN004]\n", 1, "pemetaan"),
])
def test_malformed_file_is_an_input_error(tmp_path, text, line, word):
    p = _w(tmp_path, text)
    with pytest.raises(InputError) as e:
        apply_waivers([f()], p, TODAY)
    assert e.value.line == line and str(p) in e.value.text() and word in e.value.text()


def test_cli_waived_findings_do_not_fail(cli, tmp_path):
    code, out, _ = cli("run", FAULTY, "--no-text", "--select", "KIN004", "--format", "json")
    assert code == 1
    p = _w(tmp_path, "- {rule: KIN004, justification: dikonfirmasi, by: APIP, until: 2999-12-31}\n")
    code, out, _ = cli("run", FAULTY, "--no-text", "--select", "KIN004", "--waivers", p, "--format", "json")
    found = json.loads(out)["findings"]
    assert code == 0 and found and all(x["waived"] for x in found)


def test_cli_broken_waiver_file_exit_2(cli, tmp_path):
    p = _w(tmp_path, "- {rule: KIN004}\n")
    code, out, err = cli("run", FAULTY, "--no-text", "--waivers", p)
    assert code == 2 and "waivers.yaml:1" in err and "Traceback" not in err
