"""The catalogue: every rule documented both ways, docs/rules.md up to date, CLI filters."""
from __future__ import annotations

import re

from conftest import ROOT


def _meta():
    # as `rules explain` shows them: a rule's example is its first case, where it has one
    from lkjcheck.checks.cases import attach_examples
    from lkjcheck.checks.rules import builtin_rules_dir, load_pack
    pack = load_pack([builtin_rules_dir() / "sakip"], compile_rules=False)
    attach_examples(pack, builtin_rules_dir() / "sakip")
    return pack.meta


def test_every_rule_is_documented():
    for m in _meta().values():
        if m.kind == "text":
            continue            # the narrative rules are documented by their own pack
        assert m.title.get("id") and m.title.get("en"), m.id
        assert m.rationale.get("id") and m.rationale.get("en"), m.id
        assert m.reference, m.id
        assert m.example_bad and m.example_good, m.id


def test_docs_rules_md_is_fresh():
    from lkjcheck.checks.catalog_doc import render
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render(), "docs/rules.md is stale: python -m lkjcheck.checks.catalog_doc > docs/rules.md"


def test_explain_every_new_family(cli):
    for rid in ("KIN008", "SAT001", "ANG004", "HIB006", "SDM007", "TGL001", "KLM013", "LKJ001"):
        code, out, _ = cli("rules", "explain", rid)
        assert code == 0 and rid in out and "Dasar" in out, out
    code, out, _ = cli("rules", "--lang", "en", "explain", "SDM008")
    assert code == 0 and "Regulation" in out and "duplicate" in out.lower()


def test_rules_list_filters(cli):
    code, out, _ = cli("rules", "--family", "sdm")
    ids = set(re.findall(r"\b[A-Z]{3}\d{3}\b", out))
    assert code == 0 and ids and all(i.startswith("SDM") for i in ids)
    code, out, _ = cli("rules", "--severity", "warning")
    assert "SDM009" in out and "KIN004" not in out
    code, out, _ = cli("rules", "--search", "NIP")
    assert "SDM002" in out and "KIN001" not in out
