"""JSON output: a stable contract, described by lkjcheck/schemas/findings.schema.json."""
from __future__ import annotations

import json

from ..findings import RunResult, counts

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
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
