"""GitLab Code Quality report: a JSON array of issues (`artifacts:reports:codequality`).

GitLab knows five severities and no suppressions: a waived finding is an
`info` issue whose description names who waived it and why, and the coverage
statement of each dataset is one `info` issue on its main file, so that a
merge request without findings still shows what was checked.
"""
from __future__ import annotations

import hashlib
import json

from lkjcheck.run.coverage import for_dataset
from lkjcheck.run.coverage import lines as coverage_lines
from lkjcheck.findings import Finding, RunResult, sort_findings
from lkjcheck.report.common import clean, label, lang_of, message_with_values, waiver_fields

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def _path(path: str) -> str:
    return clean(path).replace("\\", "/")


def _fingerprint(*parts) -> str:
    # Stable across runs and line moves, as GitLab compares reports of two pipelines by it.
    return hashlib.sha256("\x1f".join(str(p or "") for p in parts).encode("utf-8")).hexdigest()


def _issue(result: RunResult, f: Finding, lang: str) -> dict:
    loc = f.location
    text = f"{f.rule}: {message_with_values(f, lang)}"
    if loc.cell:
        text = f"[{clean(loc.cell)}] {text}"
    if f.row:
        text += f" — {clean(f.row)}"
    if f.waived:
        w = waiver_fields(f)
        text += f" [{label('waived_note', lang)}: {w['justification']}"
        text += f"; {label('waived_by', lang).lower()} {w['by']}]" if w["by"] else "]"
    return {
        "type": "issue",
        "check_name": f.rule,
        "description": text,
        "categories": ["Bug Risk"],
        "severity": "info" if f.waived else SEVERITY.get(f.severity, "minor"),
        "fingerprint": _fingerprint(f.rule, f.dataset, loc.file, f.table, f.row, f.field, f.message),
        "location": {"path": _path(loc.file), "lines": {"begin": int(loc.line or 1)}},
    }


def render(result: RunResult) -> str:
    lang = lang_of(result)
    issues = [_issue(result, f, lang) for f in sort_findings(result.findings)]
    for d in result.datasets:
        main = d.files[0] if d.files else d.path
        if d.error:
            issues.append({"type": "issue", "check_name": "lkjcheck", "description": clean(d.error),
                           "categories": ["Bug Risk"], "severity": "blocker",
                           "fingerprint": _fingerprint("lkjcheck-error", d.name, d.error),
                           "location": {"path": _path(main), "lines": {"begin": 1}}})
            continue
        cover = coverage_lines({"datasets": [for_dataset(result.coverage, d.name)]}, lang)
        if cover:
            issues.append({"type": "issue", "check_name": "lkjcheck-coverage",
                           "description": f"{label('coverage', lang)}: " + " ".join(ln.strip() for ln in cover),
                           "categories": ["Clarity"], "severity": "info",
                           "fingerprint": _fingerprint("lkjcheck-coverage", d.name),
                           "location": {"path": _path(main), "lines": {"begin": 1}}})
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
