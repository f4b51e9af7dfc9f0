"""Helpers shared by the renderers: labels in both languages, grouping, counting.

Every renderer reads the same `RunResult`; keeping the wording and the grouping
here means a reviewer sees the same words for the same thing whether the report
is HTML, Markdown or JUnit.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Iterable

from lkjcheck.findings import SEVERITIES, DatasetInfo, Finding, RunResult, sort_findings
from lkjcheck.i18n import month_name, t
from lkjcheck.safety.text import c1_and_bidi

TOOL_NAME = "lkjcheck"




def label(key: str, lang: str, **values: Any) -> str:
    """A label of the reports (lkjcheck/catalogue.py, ``label.<key>``)."""
    return t(f"label.{key}", lang, **values)


def severity_label(severity: str, lang: str) -> str:
    return t(f"severity.{severity}", lang) if severity in SEVERITIES else severity


def lang_of(result: RunResult) -> str:
    return result.lang if result.lang in ("id", "en") else "id"


# XML 1.0 allows only tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF;
# HTML and terminals are no kinder to the rest, so every format strips them the same
# way. Written as the characters left out rather than as that negated set: `re`
# compiles the negated form of those wide ranges in 4 ms, this in 0.3 ms, and a
# test holds the two equal over every code point.
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: Any) -> str:
    """Text safe to embed in any format: ``None`` becomes empty, bad characters go."""
    if text is None:
        return ""
    return c1_and_bidi(_INVALID_CHARS.sub("", str(text)))


def format_timestamp(iso: str, lang: str) -> str:
    """``2025-03-05T14:30:00+07:00`` -> ``5 Maret 2025 14.30 (UTC+07:00)``.

    An unreadable timestamp is shown as given rather than dropped: the date of
    a working paper is evidence.
    """
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return clean(iso)
    month = month_name(dt.month, lang)
    sep = "." if lang == "id" else ":"
    out = f"{dt.day} {month} {dt.year} {dt.hour:02d}{sep}{dt.minute:02d}"
    if dt.utcoffset() is not None:
        offset = dt.strftime("%z")
        out += f" (UTC{offset[:3]}:{offset[3:]})"
    return out


# ------------------------------------------------------------------ rules


def rule_title(result: RunResult, rule_id: str, fallback: str | None = None) -> str:
    meta = result.rules.get(rule_id)
    if meta is not None:
        return meta.title_in(lang_of(result))
    return fallback or rule_id


def finding_title(result: RunResult, finding: Finding) -> str:
    return rule_title(result, finding.rule, finding.title)


def finding_family(result: RunResult, finding: Finding) -> str:
    meta = result.rules.get(finding.rule)
    return finding.family or (meta.family if meta else "") or "-"


def finding_reference(result: RunResult, finding: Finding) -> str:
    meta = result.rules.get(finding.rule)
    return finding.reference or (meta.reference if meta else "") or ""


def rules_in_findings(result: RunResult) -> list[str]:
    """Rule ids that occur in the findings, in catalogue order, then the rest sorted."""
    seen = {f.rule for f in result.findings}
    ordered = [rid for rid in result.rules if rid in seen]
    return ordered + sorted(seen - set(ordered))


# ------------------------------------------------------------------ datasets


def datasets_of(result: RunResult) -> list[DatasetInfo]:
    """Declared datasets, plus any that only appear in findings.

    A finding whose dataset was not declared must still be shown; losing it
    would hide a problem from the reviewer.
    """
    out = list(result.datasets)
    known = {d.name for d in out}
    for f in result.findings:
        if f.dataset not in known:
            known.add(f.dataset)
            out.append(DatasetInfo(name=f.dataset, path=""))
    return out


def findings_of(result: RunResult, dataset: str, waived: bool | None = None) -> list[Finding]:
    """Sorted findings of one dataset; ``waived`` None means both kinds."""
    return sort_findings(
        f for f in result.findings
        if f.dataset == dataset and (waived is None or f.waived == waived)
    )


def active(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if not f.waived]


def waived(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.waived]


# ------------------------------------------------------------------ places


def location_text(finding: Finding) -> str:
    """File and line, or file and spreadsheet cell: ``lkj.yaml:12:5``, ``pk.xlsx[PK!E5]``."""
    return clean(str(finding.location))


def context_text(finding: Finding, lang: str) -> str:
    """Table, row and field of a finding, in words: ``tabel anggaran, baris "total", kolom pagu``."""
    parts = []
    if finding.table:
        parts.append(f"{label('table', lang)} {clean(finding.table)}")
    if finding.row:
        parts.append(f"{label('row', lang)} \u201c{clean(finding.row)}\u201d")
    if finding.field:
        parts.append(f"{label('field', lang)} {clean(finding.field)}")
    return ", ".join(parts)


def message_with_values(finding: Finding, lang: str) -> str:
    """The message followed by expected/found, for formats without columns for them."""
    msg = clean(finding.message)
    extra = []
    if finding.expected not in (None, ""):
        extra.append(f"{label('expected_short', lang)} {clean(finding.expected)}")
    if finding.actual not in (None, ""):
        extra.append(f"{label('found_short', lang)} {clean(finding.actual)}")
    if extra:
        msg += " (" + ", ".join(extra) + ")"
    return msg


# ------------------------------------------------------------------ waivers


def waiver_fields(finding: Finding) -> dict[str, str]:
    """Justification, author and expiry of a waiver, as report cells ("" when not given).

    The keys are those of lkjcheck-waivers.yaml; run.waivers refuses the
    Indonesian spellings of earlier releases, so no other can reach a finding.
    """
    w = finding.waiver or {}
    return {k: clean(w[k]) if w.get(k) not in (None, "") else "" for k in ("justification", "by", "until")}
