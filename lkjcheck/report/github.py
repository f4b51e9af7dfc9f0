"""GitHub Actions workflow commands: one annotation per finding.

A waived finding has already been decided, so it is a notice (not an error)
that says who waived it and why. The coverage statement closes the output as
notices, so that a green check shows what it checked.
"""
from __future__ import annotations

from lkjcheck.findings import RunResult, sort_findings
from lkjcheck.run.coverage import lines as coverage_lines
from lkjcheck.report.common import clean, finding_title, label, lang_of, message_with_values, waiver_fields

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    # "%" first, or the escapes themselves would be escaped again.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(result: RunResult, f, lang: str, level: str | None = None, note: str = "") -> str:
    loc = f.location
    props = []
    if loc.file:
        props.append(("file", clean(loc.file).replace("\\", "/")))
    if loc.line:
        props.append(("line", str(int(loc.line))))
        if loc.column:
            props.append(("col", str(int(loc.column))))
    props.append(("title", f"{f.rule} {clean(finding_title(result, f))}"))
    message = message_with_values(f, lang)
    if loc.cell:
        # Annotations have no notion of a spreadsheet cell; name it in the text.
        message = f"[{clean(loc.cell)}] {message}"
    prop_text = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{level or COMMANDS.get(f.severity, 'warning')} {prop_text}::{escape_data(message + note)}"


def _waived(result: RunResult, f, lang: str) -> str:
    """A waived finding as a notice naming the waiver's justification and author."""
    w = waiver_fields(f)
    note = f"{label('waived_note', lang)}: {w['justification']}"
    if w["by"]:
        note += f"; {label('waived_by', lang).lower()} {w['by']}"
    return _command(result, f, lang, level="notice", note=f" [{note}]")


def render(result: RunResult) -> str:
    lang = lang_of(result)
    ordered = sort_findings(result.findings)
    lines = [_command(result, f, lang) for f in ordered if not f.waived]
    lines += [_waived(result, f, lang) for f in ordered if f.waived]
    for d in result.datasets:
        if d.error:
            lines.append(f"::error title=lkjcheck::{escape_data(clean(d.error))}")
    cover = coverage_lines(result.coverage, lang)
    if cover:
        lines.append(f"::notice title={escape_property(label('coverage', lang))}::{escape_data(chr(10).join(cover))}")
    return "".join(line + "\n" for line in lines)
