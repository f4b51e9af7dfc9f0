"""GitHub Actions workflow commands: one annotation per finding.

Waived findings are not emitted: an annotation on a pull request asks for
action, and a waived finding has already been decided. They remain visible in
every other format.
"""
from __future__ import annotations

from lkjcheck.findings import RunResult, sort_findings
from lkjcheck.render.common import clean, finding_title, lang_of, message_with_values

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    # "%" first, or the escapes themselves would be escaped again.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(result: RunResult, f, lang: str) -> str:
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
    return f"::{COMMANDS.get(f.severity, 'warning')} {prop_text}::{escape_data(message)}"


def render(result: RunResult) -> str:
    lang = lang_of(result)
    lines = [_command(result, f, lang) for f in sort_findings(result.findings) if not f.waived]
    return "".join(line + "\n" for line in lines)
