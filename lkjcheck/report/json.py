"""JSON output: a stable contract, described by lkjcheck/schemas/findings.schema.json."""
from __future__ import annotations

import json

from lkjcheck.findings import RunResult, counts
from lkjcheck.safety.text import json_escape_raw

SCHEMA_VERSION = 1


def render(result: RunResult) -> str:
    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "lkjcheck", "version": result.version},
        "generated_at": result.generated_at,
        "lang": result.lang,
        "fail_on": result.fail_on,
        "datasets": [
            {"name": d.name, "path": d.path, "agency": d.agency, "year": d.year, "files": list(d.files),
             **({"error": d.error} if d.error else {})}
            for d in result.datasets
        ],
        "summary": counts(result.findings),
        "coverage": result.coverage,
        "findings": [f.to_dict() for f in result.findings],
    }
    doc.update(_temuan(result))
    return json_escape_raw(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def _temuan(result: RunResult) -> dict:
    """The findings grouped as the reviewer counts them (lkjcheck.report.reviu): each temuan names its findings by index."""
    from lkjcheck.report.reviu import group_run, review_of, temuan_counts

    lang = result.lang if result.lang in ("id", "en") else "id"
    groups = group_run(result.findings, result.rules, review_of(result))
    return {
        "temuan_summary": temuan_counts(groups),
        "temuan": [
            {"id": g.id, "dataset": g.dataset, "title": g.title_in(lang), "severity": g.severity,
             "waived": g.waived, "rules": g.rules, "criteria": g.criteria, "fact": g.fact,
             "recommendations": [r.get(lang) or r.get("id", "") for r in g.recommendations],
             "findings": g.indices}
            for g in groups
        ],
    }
