import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkjcheck.findings import Finding, Location
from lkjcheck.report import FORMATS, get_renderer
from lkjcheck.report.common import clean, format_timestamp, waiver_fields
from render_samples import sample_result

MINE = ("sarif", "junit", "github", "markdown", "html", "docx", "xlsx")


def test_registry_names():
    assert set(FORMATS) == {"text", "json", "sarif", "junit", "github", "gitlab", "markdown", "html", "docx", "xlsx"}
    for name in MINE:
        assert callable(get_renderer(name))
    with pytest.raises(ValueError, match="unknown format"):
        get_renderer("pdf")


def test_renderers_do_not_import_pandas(tmp_path):
    code = (
        "import sys\n"
        "from lkjcheck.report import get_renderer\n"
        f"for n in {MINE!r}: get_renderer(n)\n"
        "bad = [m for m in ('pandas', 'pandera', 'numpy') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    # Same import path as this process, so the child imports the lkjcheck under test.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_clean_strips_xml_invalid_characters():
    assert clean("a\x00b\x0bc\x1fd\te\nf\rg\ufffeh\U0001F600") == "abcd\te\nf\rgh\U0001F600"
    assert clean(None) == ""
    assert clean(2024) == "2024"


def test_format_timestamp():
    assert format_timestamp("2025-03-05T14:30:00+07:00", "id") == "5 Maret 2025 14.30 (UTC+07:00)"
    assert format_timestamp("2025-12-31T08:05:00", "en") == "31 December 2025 08:05"
    assert format_timestamp("2025-01-02T00:00:00Z", "en") == "2 January 2025 00:00 (UTC+00:00)"
    assert format_timestamp("kemarin", "id") == "kemarin"
    assert format_timestamp("", "id") == ""


def test_waiver_fields_read_the_waiver_files_keys_only():
    f = Finding(rule="R", severity="error", message="m", dataset="d", location=Location("f"))
    # the Indonesian spellings of earlier releases are refused when the waiver file is read
    assert waiver_fields(f.with_waiver({"alasan": "a", "oleh": "b", "sampai": "c"})) == \
        {"justification": "", "by": "", "until": ""}
    assert waiver_fields(f.with_waiver({"justification": "x", "by": "y", "until": "z"})) == \
        {"justification": "x", "by": "y", "until": "z"}
    assert waiver_fields(f.with_waiver({})) == {"justification": "", "by": "", "until": ""}


# Any text a dataset can carry, including markup, separators and control characters.
_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=int(os.environ.get("LKJCHECK_HYPOTHESIS_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=_text, row=_text, expected=_text, file=_text, waived=st.booleans())
def test_any_text_keeps_every_format_well_formed(message, row, expected, file, waived):
    res = sample_result()
    f = Finding(rule="PK002", severity="warning", message=message, dataset="kpu-muaro-jambi-2024",
                location=Location(file or "x", line=3), row=row, expected=expected, actual=message)
    if waived:
        f = f.with_waiver({"justification": message})
    res.findings = [f]

    json.loads(get_renderer("sarif")(res))
    ET.fromstring(get_renderer("junit")(res).encode("utf-8"))

    gh = get_renderer("github")(res)
    assert gh.count("\n") == 1          # a waived finding is a notice, still one line
    if not waived:
        props = gh.split("::", 2)[1]
        assert "\n" not in props.strip() and props.count(",") == 2   # file, line, title

    md = get_renderer("markdown")(res)
    pipe = re.compile(r"(?<!\\)\|")
    for block in md.split("\n\n"):
        widths = {len(pipe.split(line)) for line in block.split("\n") if line.startswith("|")}
        assert len(widths) <= 1, block

    html = get_renderer("html")(res)
    body = html.split("<body>", 1)[1]
    for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", body):
        assert tag in {"header", "div", "h1", "h2", "p", "table", "tr", "th", "td", "caption", "thead",
                       "tbody", "tfoot", "span", "section", "colgroup", "col", "b", "i", "small",
                       "wbr", "footer", "nav", "ol", "ul", "li", "a", "h3"}, tag
    assert "<a " not in body.replace('<a href="#', "")           # links only within the page
