"""Property tests for every parser that sees untrusted bytes.

Each property says what the parser may answer (its own refusal, never another
exception) and, for the data-parsing regexes, that adversarial lengths cost
linear time. The suite runs a modest number of examples; the longer fuzz run
of docs/security.md sets LKJCHECK_FUZZ to the number of examples per property:

    LKJCHECK_FUZZ=20000 python -m pytest -q -p no:cacheprovider tests/test_properties_untrusted.py
"""
from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkjcheck.read.numbers import NumberFormatError, parse_number

EXAMPLES = int(os.environ.get("LKJCHECK_FUZZ", "0") or 0) or 150
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SMALL = settings(max_examples=max(EXAMPLES // 5, 30), deadline=None, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NUMBERISH = st.text(alphabet="0123456789.,-+()% \t\u00a0\u2212RrPpIiDdjutamilyrbsenpx١٢３²", max_size=40)
ANY = st.text(max_size=200)

# The suffix patterns the number parser used before issue 16 (cubic on a run
# of spaces): on short texts they are the reference the string methods must match.
_OLD_TRAIL_DASH = re.compile(r"[\s.,]*-\s*$")
_OLD_PERCENT = re.compile(r"\s*\.?\s*(?:%|persen)\s*$", re.I)
_OLD_SCALE = re.compile(r"\s*\b(ribu|rb|juta|jt|miliar|milyar|triliun)\s*$", re.I)


# ------------------------------------------------------------------ numbers

@FUZZ
@given(st.one_of(NUMBERISH, ANY))
def test_number_parser_refuses_or_reads(text):
    try:
        p = parse_number(text)
    except NumberFormatError:
        return
    assert p.value.is_finite()
    assert all(not (c.isdigit() and not c.isascii()) for c in text)     # no silent homoglyph digits


@FUZZ
@given(st.text(alphabet=" \t.,-%abcdefgijklmnoprstu0123456789", max_size=30))
def test_suffix_helpers_agree_with_the_old_patterns(s):
    from lkjcheck.read.numbers import _strip_percent, _strip_scale, _strip_trailing_dash

    assert _strip_trailing_dash(s) == _OLD_TRAIL_DASH.sub("", s, count=1) or not _OLD_TRAIL_DASH.search(s) \
        and _strip_trailing_dash(s) == s
    m = _OLD_PERCENT.search(s)
    got = _strip_percent(s)
    assert (got is None) == (m is None), s
    if m:
        assert got == s[: m.start()].strip(), s
    m = _OLD_SCALE.search(s)
    word, rest = _strip_scale(s)
    assert (word is None) == (m is None), s
    if m:
        assert (word, rest) == (m.group(1).lower(), s[: m.start()].strip()), s


@pytest.mark.parametrize("n", [10_000, 300_000])
def test_data_parsing_regexes_are_linear_on_adversarial_lengths(n):
    """A super-linear pattern takes minutes at these lengths; linear ones take milliseconds."""
    from lkjcheck.read import dates, numbers
    from lkjcheck.model.cells import _QTY
    from lkjcheck.checks.text.rules import PLACEHOLDERS
    from lkjcheck.checks.text.terbilang import _GLUED, WORD

    spaces, digits = " " * n, "1" * n
    t0 = time.monotonic()
    numbers._strip_trailing_dash("1" + spaces + "x")
    numbers._strip_percent("1" + spaces + "x")
    numbers._strip_scale("1" + spaces + "x")
    numbers._SPACE_INSIDE.search("1" + spaces + "x")
    numbers._BODY.match(digits + "x")
    _QTY.match("1" + spaces + "a" * n + "%")
    dates._WORDY.match("1 " + "a" * n + " x")
    dates._LEAD.match("senin" + spaces)
    WORD.match("a" * n + "1")
    _GLUED.search("x" * n)
    # {{nominal}} is left out: searched for in a long run of "1. 1. 1." it is
    # quadratic (each start inside the run scans to its end). It only runs in
    # text rules, under their match timeout; see docs/security.md.
    for key in ("{{persen}}", "{{kalimat}}", "{{tahun}}"):
        re.compile(PLACEHOLDERS[key] + "X").search(digits + ".")
    assert time.monotonic() - t0 < 10


# ------------------------------------------------------------------ dates

@FUZZ
@given(st.one_of(ANY, st.text(alphabet="0123456789/-. JanuariDesMeiseninpadatgl,١٢", max_size=50)))
def test_date_parser_refuses_or_reads(text):
    from lkjcheck.read.dates import DateFormatError, parse_date

    try:
        iv = parse_date(text)
    except DateFormatError:
        return
    assert iv.first <= iv.last


# ------------------------------------------------------------------ YAML

@FUZZ
@given(st.one_of(ANY, st.text(alphabet="[]{}&*!:-'\"|>\n #%@`,?abc01", max_size=300)))
def test_yaml_loader_refuses_or_builds(text):
    from lkjcheck.errors import InputError
    from lkjcheck.read.yamlsafe import parse_yaml

    try:
        parse_yaml(text, "f.yaml")
    except InputError:
        pass


# ------------------------------------------------------------------ datasets: CSV, XLSX, DOCX

def _model():
    from lkjcheck.model.definition import get_model
    from lkjcheck.checks.rules import builtin_rules_dir

    return get_model(builtin_rules_dir() / "sakip" / "model.yaml")


LAP = "laporan:\n  instansi: Satker Uji\n  tahun: 2024\n"


@SMALL
@given(st.binary(max_size=600) | st.text(alphabet="sumber,uraian;pagu\t\"\n\r1.0Rp%x", max_size=600).map(str.encode))
def test_csv_tables_refuse_or_load(tmp_path_factory, data):
    from lkjcheck.model.dataset import load_dataset
    from lkjcheck.errors import InputError

    d = tmp_path_factory.mktemp("csv")
    (d / "lkj.yaml").write_text(LAP + "anggaran:\n  berkas: a.csv\n")
    (d / "a.csv").write_bytes(b"sumber,uraian,pagu,realisasi\n" + data)
    try:
        load_dataset(d, _model())
    except InputError:
        pass


def _good_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "laporan"
    for row in (["kolom", "nilai"], ["instansi", "Satker Uji"], ["tahun", 2024]):
        ws.append(row)
    t = wb.create_sheet("anggaran")
    t.append(["sumber", "pagu", "realisasi"])
    t.append(["total", "Rp 1.000", 900])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _mutate_zip(data: bytes, member_index: int, pos: int, junk: bytes) -> bytes:
    """The same workbook with one member's XML damaged: what reaches the XML parser, not just the zip reader."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        infos = src.infolist()
        target = infos[member_index % len(infos)].filename
        for info in infos:
            body = src.read(info.filename)
            if info.filename == target:
                p = pos % (len(body) + 1)
                body = body[:p] + junk + body[p:]
            z.writestr(info.filename, body)
    return out.getvalue()


GOOD_XLSX = None


@SMALL
@given(st.integers(0, 50), st.integers(0, 10**6),
       st.binary(max_size=40) | st.sampled_from([b"<", b"</row>", b'<dimension ref="A1:XFD1048576"/>',
                                                 b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                                                 b"&#0;", b'r="0"', b"<v>1e999</v>"]))
def test_workbooks_refuse_or_load(tmp_path_factory, member, pos, junk):
    from lkjcheck.model.dataset import load_dataset
    from lkjcheck.errors import InputError

    global GOOD_XLSX
    GOOD_XLSX = GOOD_XLSX or _good_xlsx()
    d = tmp_path_factory.mktemp("xlsx")
    (d / "lkj.xlsx").write_bytes(_mutate_zip(GOOD_XLSX, member, pos, junk))
    try:
        load_dataset(d, _model())
    except InputError:
        pass


@SMALL
@given(st.binary(max_size=400), st.booleans())
def test_docx_refuse_or_read(tmp_path_factory, body, as_zip):
    from lkjcheck.read.textdoc import DocumentError, read_document

    p = tmp_path_factory.mktemp("docx") / "laporan.docx"
    if as_zip:
        with zipfile.ZipFile(p, "w") as z:
            z.writestr("[Content_Types].xml", body)
            z.writestr("word/document.xml", body)
    else:
        p.write_bytes(body)
    try:
        read_document(str(p))
    except DocumentError:
        pass


# ------------------------------------------------------------------ rule expressions and patterns

@FUZZ
@given(st.one_of(ANY, st.text(alphabet="()[]{}+-*/<>=!., 'abnotdmatches_pagu0123456789", max_size=120)))
def test_expressions_refuse_or_compile(src):
    from lkjcheck.lang import ExprError, Scope, parse_expr

    scope = Scope("anggaran", {"anggaran": {"pagu": "money", "uraian": "text"}}, set(), {})
    try:
        parse_expr(src, scope)
    except ExprError:
        pass


REGEXISH = st.text(alphabet="a()[]{}|*+?\\.^$,0123456789:pPLdw<>", max_size=60)


@FUZZ
@given(REGEXISH)
def test_patterns_accepted_by_the_size_bound_compile_small(src):
    import regex

    from lkjcheck.safety.regex import MAX_UNROLLED, CompileBudget, PatternTooBig, compile_bounded, unrolled_size

    try:
        size = unrolled_size(src)
    except PatternTooBig:
        return
    assert 0 <= size <= MAX_UNROLLED
    try:
        compile_bounded(src, budget=CompileBudget())
    except (regex.error, OverflowError, ValueError, RecursionError):
        pass


@FUZZ
@given(ANY)
def test_text_rule_patterns_refuse_with_their_own_error(src):
    from lkjcheck.checks.text.rules import _Bad, compile_pattern

    try:
        compile_pattern(src)
    except _Bad:
        pass


# ------------------------------------------------------------------ what reaches an output

@FUZZ
@given(st.text(max_size=200))
def test_visible_text_carries_no_raw_control(text):
    from lkjcheck.safety.text import has_unsafe, markdown_inert, one_line, visible

    v = visible(text)
    assert not has_unsafe(v)
    assert "\n" not in one_line(text) and "\r" not in one_line(text)
    md = markdown_inert(text)
    assert "<" not in md and not re.search(r"javascript\s*:", md, re.I)


@FUZZ
@given(st.text(max_size=50), st.dictionaries(st.sampled_from(["a", "b", "uraian"]), st.text(max_size=500)),
       st.integers(1, 5000))
def test_message_templates_are_bounded(template, values, repeat):
    from lkjcheck.i18n import MAX_MESSAGE, fill

    assert len(fill(template + "{uraian}" * repeat, values)) <= MAX_MESSAGE


def test_fuzz_setting_is_documented():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "security.md").read_text(encoding="utf-8")
    assert "LKJCHECK_FUZZ" in doc
