"""One factory makes every finding: severity, title, family and reference come
from the catalogue with lkjcheck.toml applied, whichever part of lkjcheck
raised it; and a finding is worded by the report, in the report's language."""
from __future__ import annotations

import datetime as _dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjcheck import i18n
from lkjcheck.cli import main
from lkjcheck.findings import Location, make, row_key
from lkjcheck.run.runner import run
from lkjcheck.run.options import Options, load_rulepack

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "kpu-muaro-jambi-2024"

# One rule of each producer that the seed report trips, and a severity none of them has by default.
PRODUCERS = {
    "DAT001": ("loader", "info"),          # a number the loader cannot read
    "DAT003": ("schema", "warning"),       # a required cell left empty (pandera)
    "KIN003": ("engine", "info"),          # a table rule
    "TXT004": ("text", "info"),            # a text rule over laporan.md
    "LKJ002": ("waivers", "warning"),      # a waiver that matches nothing
}


@pytest.fixture(scope="module")
def overridden(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed") / "kpu-muaro-jambi-2024"
    shutil.copytree(SEED, folder)
    (folder / "pengecualian.yaml").write_text(
        "- rule: KIN999\n  justification: tidak ada temuan seperti ini\n  by: Tim Reviu\n", encoding="utf-8")
    lines = ['waivers = "pengecualian.yaml"', "[severity]"]
    lines += [f'{rid} = "{sev}"' for rid, (_, sev) in PRODUCERS.items()]
    (folder / "lkjcheck.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder.parent / "out.json"
    res = CliRunner().invoke(main, ["run", str(folder), "-f", "json", "-o", str(out)])
    assert res.exit_code in (0, 1), res.output
    return json.loads(out.read_text(encoding="utf-8"))["findings"]


@pytest.mark.parametrize("rid", list(PRODUCERS), ids=[f"{r}-{p}" for r, (p, _) in PRODUCERS.items()])
def test_configured_severity_and_catalogue_reference_reach_the_finding(overridden, rid):
    meta = load_rulepack(Options()).meta[rid]
    assert meta.severity != PRODUCERS[rid][1]      # the default really is overridden
    mine = [f for f in overridden if f["rule"] == rid]
    assert mine, f"the seed report no longer gives {rid}"
    for f in mine:
        assert f["severity"] == PRODUCERS[rid][1]
        assert f["reference"] == meta.reference and meta.reference.startswith(("PermenPANRB", "Perpres", "lkjcheck"))
        assert f["title"] == meta.title_in("id") and f["family"] == meta.family


def test_without_configuration_the_catalogue_defaults_hold():
    res = run([str(SEED)], Options())
    meta = res.rules
    for f in res.findings:
        if f.rule in meta:
            assert (f.severity, f.reference) == (meta[f.rule].severity, meta[f.rule].reference or f.reference)
    dat003 = [f for f in res.findings if f.rule == "DAT003"]
    # The schema's finding once cited docs/dataset.md while the catalogue cites the regulation.
    assert dat003 and all(f.reference == meta["DAT003"].reference != "docs/dataset.md" for f in dat003)


def test_a_rule_outside_the_catalogue_keeps_what_its_maker_says():
    f = make("XYZ001", i18n.Both("pesan", "message"), catalogue={}, severity="warning", family="lain",
             reference="ref", dataset="d", location=Location("f", 3), lang="en")
    assert (f.severity, f.family, f.reference, f.message) == ("warning", "lain", "ref", "message")
    assert f.words("id") == "pesan"


def test_row_key_names_a_row_by_its_key_else_by_its_number():
    assert row_key(["IKU-1", "Persentase", "IKU-1"]) == "IKU-1 Persentase"
    assert row_key([None], "pegawai", lambda: 3) == "pegawai #3"
    assert row_key([]) is None


# ------------------------------------------------------------------ worded at report time

def test_typed_values_are_worded_for_each_language():
    assert i18n.show(i18n.Figure(Decimal("1234.5"), 1), "id") == "1.234,5"
    assert i18n.show(i18n.Figure(Decimal("1234.5"), 1), "en") == "1,234.5"
    assert i18n.show(i18n.Figure(Decimal("98.85"), 2, "%"), "id") == "98,85%"
    assert i18n.show(i18n.Rupiah(59900669261), "en") == "Rp 59,900,669,261"
    assert i18n.show(i18n.Rupiah(59900669261), "id") == "Rp 59.900.669.261"
    day = _dt.date(2025, 1, 17)
    assert i18n.show(i18n.Day(day), "id") == "17 Januari 2025"
    assert i18n.show(i18n.Day(_dt.date(2025, 1, 1), _dt.date(2025, 1, 31)), "en") == "January 2025"
    assert i18n.show(i18n.Bound("≤", i18n.Day(day)), "en") == "≤ 17 January 2025"
    assert i18n.show(True, "en") == "true" and i18n.show(False, "id") == "salah"


def _render_text(result, lang):
    from dataclasses import replace

    from lkjcheck.report import get_renderer

    return get_renderer("json")(replace(result, lang=lang))


def test_a_result_checked_in_indonesian_is_written_in_english(tmp_path):
    """The report words the findings: checking in one language and writing in the other gives
    the same messages and values as checking in that language, for every finding that carries its data."""
    checked_id = run([str(SEED)], Options(lang="id"))
    checked_en = run([str(SEED)], Options(lang="en"))
    written = json.loads(_render_text(checked_id, "en"))["findings"]
    direct = json.loads(_render_text(checked_en, "en"))["findings"]
    assert len(written) == len(direct)
    structured = {(f.rule, f.location.line, f.location.column, f.row) for f in checked_id.findings
                  if f.msg is not None}
    same = [(a, b) for a, b in zip(sorted(written, key=_place), sorted(direct, key=_place))
            if (a["rule"], a["location"].get("line"), a["location"].get("column"), a.get("row")) in structured]
    assert len(same) >= 0.9 * len(written)          # nearly all are worded from their data
    for a, b in same:
        assert (a["message"], a.get("actual"), a.get("expected")) == (b["message"], b.get("actual"), b.get("expected"))
    # and the figures really changed their form: Indonesian 89,45% becomes 89.45%
    assert any("89,45%" in f.message for f in checked_id.findings)
    assert not any("89,45%" in f["message"] for f in written)


def _place(f):
    loc = f["location"]
    return (f["rule"], loc.get("file", ""), loc.get("line") or 0, loc.get("column") or 0, f.get("row") or "",
            f.get("field") or "", f.get("quote") or "")


def test_findings_sent_back_by_a_worker_keep_their_data():
    """--jobs pickles findings from the workers: their facts must come back whole, to be worded later."""
    import pickle

    res = run([str(SEED)], Options(lang="id"))
    back = pickle.loads(pickle.dumps(res.findings))
    assert back == res.findings
    assert [f.words("en") for f in back] == [f.words("en") for f in res.findings]
    assert sum(f.args is not None for f in back) > 50
