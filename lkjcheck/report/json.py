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
        "datasets": _Each(result.datasets, _dataset),
        "summary": counts(result.findings),
        "coverage": result.coverage,
        "findings": _Each(result.findings, lambda f: f.to_dict()),
    }
    doc.update(_temuan(result))
    pieces: list[str] = []
    _encode(doc, 0, pieces)
    pieces.append("\n")
    return "".join(pieces)


def _dataset(d) -> dict:
    return {"name": d.name, "path": d.path, "agency": d.agency, "year": d.year, "files": list(d.files),
            **({"error": d.error} if d.error else {})}


class _Each:
    """A list written as its items converted one at a time, so never all converted at once."""

    def __init__(self, items, convert):
        self.items, self.convert = items, convert


def _encode(value, level: int, out: list[str]) -> None:
    """`json.dumps(value, ensure_ascii=False, indent=2)` at nesting `level`, appended to `out` element by element.

    The same text, but the big lists (datasets, findings, every dataset's
    coverage) are encoded one element at a time: json.dumps with an indent
    encodes in Python and holds every fragment of the whole document before
    joining them, which for 10,000 reports was most of the run's peak memory.
    """
    pad = "\n" + "  " * (level + 1)
    if level < 2 and isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        out.append("{")
        for i, (k, v) in enumerate(value.items()):
            out.append(("," if i else "") + pad + json.dumps(k, ensure_ascii=False) + ": ")
            _encode(v, level + 1, out)
        out.append("\n" + "  " * level + "}")
    elif isinstance(value, _Each):
        if value.items:
            _items(map(value.convert, value.items), level, out)
        else:
            out.append("[]")
    elif level < 3 and isinstance(value, list) and value:
        _items(value, level, out)
    else:
        out.append(_whole(value, level))


def _items(values, level: int, out: list[str]) -> None:
    pad = "\n" + "  " * (level + 1)
    out.append("[")
    for i, v in enumerate(values):
        out.append(("," if i else "") + pad)
        out.append(_whole(v, level + 1))
    out.append("\n" + "  " * level + "]")


def _whole(value, level: int) -> str:
    try:
        text = _indented(value, "\n" + "  " * level)
    except _Unusual:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        if level and "\n" in text:     # a raw newline is never inside a JSON string: each is a line break
            text = text.replace("\n", "\n" + "  " * level)
    return json_escape_raw(text)


class _Unusual(Exception):
    """A value _indented leaves to json.dumps."""


_string = json.encoder.encode_basestring        # what json.dumps(ensure_ascii=False) quotes a str with
_INF = float("inf")


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


def _indented(o, pad: str) -> str:
    """json.dumps(o, ensure_ascii=False, indent=2), every line break followed by `pad`'s indent.

    The same text, checked type by type in json's own order, but joined
    rather than yielded piece by piece: json.dumps with an indent encodes in
    pure Python, and a thousand reports' entries were a fiftieth of a run.
    Anything but str, int, float, bool, None, list, tuple and dict raises
    _Unusual (json.dumps then says what is wrong with it).
    """
    if isinstance(o, str):
        return _string(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    inner = pad + "  "
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        return "[" + inner + ("," + inner).join([_indented(v, inner) for v in o]) + pad + "]"
    if isinstance(o, dict):
        if not o:
            return "{}"
        parts = []
        for k, v in o.items():
            if isinstance(k, str):
                pass
            elif isinstance(k, float):
                k = _float(k)
            elif k is True:
                k = "true"
            elif k is False:
                k = "false"
            elif k is None:
                k = "null"
            elif isinstance(k, int):
                k = int.__repr__(k)
            else:
                raise _Unusual
            parts.append(_string(k) + ": " + _indented(v, inner))
        return "{" + inner + ("," + inner).join(parts) + pad + "}"
    raise _Unusual


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
