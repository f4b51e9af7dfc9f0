"""Markdown, for pasting into review notes, wikis and merge requests.

Written for GitHub/GitLab-flavoured Markdown: findings are pipe tables, and a
newline inside a cell becomes ``<br>``, the only line break a table cell can hold.
"""
from __future__ import annotations

import re

from lkjcheck.findings import SEVERITIES, RunResult
from lkjcheck.render.common import (
    context_text,
    datasets_of,
    family_counts,
    finding_reference,
    findings_of,
    format_timestamp,
    label,
    lang_of,
    location_text,
    severity_counts,
    severity_label,
    waiver_fields,
)
from lkjcheck.render.common import clean as _clean
from lkjcheck.safe_text import one_line

# Characters that Markdown or inline HTML would act on. Escaped with a
# backslash, which CommonMark defines for every ASCII punctuation character.
_SPECIAL = re.compile(r"([\\`*\[\]<>|&~])")
# "_" only matters at a word edge; escaping it inside "realisasi_n1" would just
# make the raw text harder to read.
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def escape(text) -> str:
    """Inline Markdown text: special characters escaped, newlines kept."""
    s = _clean(text).replace("\r\n", "\n").replace("\r", "\n")
    s = _SPECIAL.sub(r"\\\1", s)
    return _EDGE_UNDERSCORE.sub(r"\\_", s)


def cell(text) -> str:
    """One table cell: escaped, on one line."""
    s = escape(text).strip()
    s = re.sub(r"\n+", "<br>", s)
    return s or " "


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(cell(h) for h in header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        out.append("| " + " | ".join(row) + " |")
    return out


def _where(f, lang: str) -> str:
    loc = cell(location_text(f))
    ctx = context_text(f, lang)
    return f"{loc}<br>{cell(ctx)}" if ctx else loc


def render(result: RunResult) -> str:
    lang = lang_of(result)
    datasets = datasets_of(result)
    out: list[str] = [f"# {escape(label('report_title', lang))}", ""]

    facts = []
    if len(datasets) == 1:
        ds = datasets[0]
        facts += [(label("agency", lang), ds.agency), (label("year", lang), ds.year),
                  (label("dataset", lang), ds.name)]
    facts += [(label("generated", lang), format_timestamp(result.generated_at, lang)),
              (label("tool_version", lang), result.version)]
    for key, value in facts:
        if value not in (None, ""):
            out.append(f"- **{escape(key)}:** {escape(one_line(value))}")
    out.append("")

    if len(datasets) > 1:
        out += _table(
            [label("dataset", lang), label("agency", lang), label("year", lang)],
            [[cell(d.name), cell(d.agency or "-"), cell(d.year or "-")] for d in datasets],
        )
        out.append("")

    # Summary
    out += [f"## {escape(label('summary', lang))}", ""]
    counts = severity_counts(result.findings)
    out += _table(
        [label("severity", lang), label("total", lang)],
        [[cell(severity_label(s, lang).capitalize()), str(counts[s])] for s in SEVERITIES]
        + [[cell(label("waived", lang)), str(counts["waived"])]],
    )
    out.append("")
    fams = family_counts(result)
    if fams:
        sev_head = [severity_label(s, lang).capitalize() for s in SEVERITIES] + [label("waived", lang)]
        out += _table(
            [label("family", lang)] + sev_head,
            [[cell(fam)] + [str(c[s]) for s in (*SEVERITIES, "waived")] for fam, c in fams.items()],
        )
        out.append("")

    # Findings per dataset
    out += [f"## {escape(label('findings', lang))}", ""]
    header = [label(k, lang) for k in
              ("no", "rule", "severity", "where", "expected", "found", "regulation", "message")]
    for ds in datasets:
        if len(datasets) > 1:
            title = ds.name + (f" \u2014 {ds.agency}" if ds.agency else "")
            out += [f"### {escape(one_line(title))}", ""]
        active = findings_of(result, ds.name, waived=False)
        if not active:
            out += [escape(label("no_findings", lang)), ""]
            continue
        rows = [
            [str(i), cell(f.rule), cell(severity_label(f.severity, lang)), _where(f, lang),
             cell(f.expected), cell(f.actual), cell(finding_reference(result, f)), cell(f.message)]
            for i, f in enumerate(active, 1)
        ]
        out += _table(header, rows)
        out.append("")

    # Waived findings
    waived_all = [(ds, f) for ds in datasets for f in findings_of(result, ds.name, waived=True)]
    if waived_all:
        out += [f"## {escape(label('waived_findings', lang))}", ""]
        wheader = [label(k, lang) for k in ("no", "dataset", "rule", "severity", "where", "message",
                                            "justification", "waived_by", "waived_until")]
        rows = []
        for i, (ds, f) in enumerate(waived_all, 1):
            w = waiver_fields(f)
            rows.append([str(i), cell(ds.name), cell(f.rule), cell(severity_label(f.severity, lang)),
                         _where(f, lang), cell(f.message), cell(w["justification"]),
                         cell(w["by"]), cell(w["until"])])
        out += _table(wheader, rows)
        out.append("")

    return "\n".join(out).rstrip("\n") + "\n"
