"""JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure).

One ``<testsuite>`` per dataset and one ``<testcase>`` per rule, so a rule that
passed shows up as a passed test and the reviewer sees what was checked, not
only what failed.

Severity choice: every unwaived finding makes its testcase a ``<failure>``,
whatever its severity, with ``type`` set to the worst severity among them
(``error``, ``warning`` or ``info``). CI dashboards then show warnings and
notes too, and the ``type`` lets a reader filter them; whether the pipeline
fails is decided by lkjcheck's exit code (``--fail-on``), not by this file.
A testcase whose findings are all waived is ``<skipped>``, with the
justifications in its message.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from lkjcheck.run.coverage import for_dataset, skip_reason
from lkjcheck.run.coverage import lines as coverage_lines
from lkjcheck.findings import RunResult, worst_severity
from lkjcheck.report.common import TOOL_NAME, clean, context_text, datasets_of, findings_of, label, lang_of, location_text, rule_title, severity_label, waiver_fields


def _rule_ids_for(result: RunResult, dataset_findings) -> list[str]:
    """Every enabled rule, then any other rule that nonetheless has findings here."""
    ids = [rid for rid, meta in result.rules.items() if meta.enabled]
    extra = sorted({f.rule for f in dataset_findings} - set(ids))
    return ids + extra


def _finding_block(result: RunResult, f, lang: str) -> str:
    lines = [f"[{severity_label(f.severity, lang)}] {location_text(f)}"]
    ctx = context_text(f, lang)
    if ctx:
        lines.append(f"  {ctx}")
    if f.expected not in (None, ""):
        lines.append(f"  {label('expected', lang)}: {clean(f.expected)}")
    if f.actual not in (None, ""):
        lines.append(f"  {label('found', lang)}: {clean(f.actual)}")
    if f.quote:
        lines.append(f"  {label('quote', lang)}: {clean(f.quote)}")
    msg = clean(f.message).replace("\r\n", "\n").replace("\n", "\n    ")
    lines.append(f"  {label('message', lang)}: {msg}")
    if f.waived:
        w = waiver_fields(f)
        note = f"  ({label('waived_note', lang)}: {w['justification']}"
        if w["by"]:
            note += f"; {label('waived_by', lang).lower()} {w['by']}"
        if w["until"]:
            note += f"; {label('waived_until', lang).lower()} {w['until']}"
        lines.append(note + ")")
    return "\n".join(lines)


def _summary(active, waived, lang: str) -> str:
    by_sev: dict[str, int] = {}
    for f in active:
        by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
    parts = [f"{n} {severity_label(s, lang)}" for s, n in by_sev.items()]
    text = label("n_findings", lang, n=len(active))
    if parts:
        text += " (" + ", ".join(parts) + ")"
    if waived:
        w = label("n_waived", lang, n=len(waived))
        text = f"{text}; {w}" if active else w
    return text


def to_element(result: RunResult) -> ET.Element:
    lang = lang_of(result)
    root = ET.Element("testsuites", name=TOOL_NAME)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for ds in datasets_of(result):
        ds_findings = findings_of(result, ds.name)
        suite = ET.SubElement(root, "testsuite", name=clean(ds.name))
        props = [
            ("agency", ds.agency), ("year", ds.year), ("path", ds.path),
            ("lkjcheck.version", result.version), ("lang", lang),
        ]
        props_el = ET.SubElement(suite, "properties")
        for name, value in props:
            if value not in (None, ""):
                ET.SubElement(props_el, "property", name=name, value=clean(value))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if ds.error:
            # Not read, so nothing was checked: an error, never a green suite.
            case = ET.SubElement(suite, "testcase", classname=clean(ds.name), name="lkjcheck", time="0")
            ET.SubElement(case, "error", message=clean(ds.error), type="input")
            counts["tests"] += 1
            counts["errors"] += 1
        cover = coverage_lines({"datasets": [for_dataset(result.coverage, ds.name)]}, lang) if not ds.error else []
        for rid in (_rule_ids_for(result, ds_findings) if not ds.error else ()):
            mine = [f for f in ds_findings if f.rule == rid]
            title = rule_title(result, rid, mine[0].title if mine else None)
            case = ET.SubElement(
                suite, "testcase", classname=clean(ds.name), name=clean(f"{rid}: {title}"), time="0",
            )
            counts["tests"] += 1
            active = [f for f in mine if not f.waived]
            waived = [f for f in mine if f.waived]
            if active:
                counts["failures"] += 1
                fail = ET.SubElement(
                    case, "failure",
                    message=_summary(active, waived, lang),
                    type=worst_severity(active) or "error",
                )
                fail.text = "\n\n".join(_finding_block(result, f, lang) for f in active + waived)
            elif waived:
                counts["skipped"] += 1
                skip = ET.SubElement(case, "skipped", message=_summary(active, waived, lang))
                skip.text = "\n\n".join(_finding_block(result, f, lang) for f in waived)
            elif skip_reason(result.coverage, ds.name, rid, lang):
                # A rule that judged nothing must not show as a passed test.
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=skip_reason(result.coverage, ds.name, rid, lang))
        if cover:
            ET.SubElement(suite, "system-out").text = "\n".join(cover)
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
        suite.set("time", "0")
        if result.generated_at:
            # JUnit's schema wants a timestamp without a zone; keep the local time as run.
            suite.set("timestamp", clean(result.generated_at)[:19])
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("time", "0")
    return root


def render(result: RunResult) -> str:
    root = to_element(result)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
