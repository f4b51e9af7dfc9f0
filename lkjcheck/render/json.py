"""JSON output: a stable contract, described by lkjcheck/schemas/findings.schema.json."""
from __future__ import annotations

import json

from ..findings import RunResult, counts
from ..safe_text import json_escape_raw

SCHEMA_VERSION = 1


def render(result: RunResult) -> str:
    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "lkjcheck", "version": result.version},
        "generated_at": result.generated_at,
        "lang": result.lang,
        "fail_on": result.fail_on,
        "datasets": [
            {"name": d.name, "path": d.path, "agency": d.agency, "year": d.year, "files": list(d.files)}
            for d in result.datasets
        ],
        "summary": counts(result.findings),
        "findings": [f.to_dict() for f in result.findings],
    }
    return json_escape_raw(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"
