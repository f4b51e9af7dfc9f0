"""Property tests: the number parser reads back what we write, and no input crashes the
expression compiler, the evaluator, the YAML reader or the dataset loader."""
from __future__ import annotations

import datetime as _dt
import string
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lkjcheck.read.numbers import NumberFormatError, format_decimal, format_percent, format_rupiah, parse_number

ROOT = Path(__file__).resolve().parent.parent
MODEST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# ------------------------------------------------------------------ numbers

@MODEST
@given(st.integers(min_value=-(10**23) + 1, max_value=10**23 - 1), st.sampled_from(["id", "en"]))
def test_rupiah_round_trip(amount, lang):
    text = format_rupiah(amount, lang)
    p = parse_number(text, expect="rupiah")
    assert (p.value, p.kind, p.decimals) == (Decimal(amount), "rupiah", 0), text


def _ambiguous_en(value: Decimal, decimals: int) -> bool:
    # "1.234%" and "1,234%" are read the Indonesian way (thousands), as the
    # dataset doc says; an English-style writer of those forms is ambiguous.
    big = abs(value) >= 1000
    return (decimals == 3 and not big) or (decimals == 0 and big)


@MODEST
@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(min_value=0, max_value=6),
       st.sampled_from(["id", "en"]))
def test_percent_round_trip(units, decimals, lang):
    value = Decimal(units).scaleb(-decimals)
    assume(lang == "id" or not _ambiguous_en(value, decimals))
    text = format_percent(value, decimals, lang)
    p = parse_number(text, expect="percent")
    assert (p.value, p.decimals, p.kind) == (value, decimals, "percent"), text


@MODEST
@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(min_value=1, max_value=6))
def test_decimal_round_trip_indonesian(units, decimals):
    assume(decimals != 3 or abs(units) >= 10**6)   # "1,234" outside rupiah is one and a bit either way
    value = Decimal(units).scaleb(-decimals)
    p = parse_number(format_decimal(value, decimals, "id"))
    assert (p.value, p.decimals) == (value, decimals)


@MODEST
@given(st.text(alphabet=string.digits + ".,-+()% RpRP\u00a0\u2212jutamiliarbu", max_size=40))
def test_parse_number_only_ever_refuses_with_its_own_error(text):
    try:
        p = parse_number(text)
    except NumberFormatError:
        return
    assert p.value.is_finite()


# ------------------------------------------------------------------ expressions

TABLES = {
    "t": {"a": "num", "b": "num", "m": "money", "s": "text", "d": "date"},
    "u": {"x": "num", "k": "text", "m": "money"},
    "one": {"y": "num", "z": "text"},
}
PARAMS = {"p": 1.5, "q": "teks", "tanggal_batas": "31 Maret 2025", "flag": True}

NAMES = ["a", "b", "m", "s", "d", "x", "k", "y", "t", "u", "one", "p", "__class__", "__import__", "eval", "exec",
         "open", "getattr", "os", "sys", "True", "None", "self", "lambda_", "_"]
FUNCS = ["ada", "kosong", "abs", "round", "lower", "upper", "trim", "len", "digits", "angka", "startswith",
         "endswith", "contains", "substr", "tanggal_dari", "matches", "tanggal", "akhir_tahun", "tahun", "bulan",
         "tambah_bulan", "min", "max", "sum", "mean", "count", "one", "lookup", "param", "eval", "getattr",
         "__import__", "print", "format", "type", "vars", "globals"]
ATTRS = ["a", "x", "k", "y", "z", "m", "__class__", "__dict__", "__globals__", "format", "mro", "real"]
BINOPS = ["+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "&", "|", "^"]
CMPOPS = ["==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not"]

literals = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=False).map(repr),
    st.sampled_from(["1e309", "0", "0.0", "1j", "...", "b'x'", "'YYYYMMDD'", "'YYYY'", "'(a|aa)+$'", "'['",
                     "'{0.__class__}'", "\"\"", "'PNS'", "[1, 2]", "['a', 'b']", "()", "{}", "{1}"]),
    st.text(alphabet=string.ascii_letters + " %{}._", max_size=12).map(repr),
)
names = st.sampled_from(NAMES)


def _extend(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(BINOPS), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, st.sampled_from(CMPOPS), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, st.sampled_from(["and", "or"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda c: f"(not {c})"),
        children.map(lambda c: f"(-{c})"),
        children.map(lambda c: f"(~{c})"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(st.sampled_from(FUNCS), st.lists(children, max_size=4)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(st.sampled_from(["sum", "count", "one", "lookup", "min", "max", "mean"]),
                  st.sampled_from(["u.x", "u.k", "u.m", "u", "t.a", "one.y"]),
                  st.lists(st.tuples(st.sampled_from(["where", "by", "key", "evil"]), children), max_size=2)
                  ).map(lambda t: f"{t[0]}({t[1]}{''.join(f', {k}={v}' for k, v in t[2])})"),
        st.tuples(children, st.sampled_from(ATTRS)).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(children, children).map(lambda t: f"{t[0]}[{t[1]}]"),
        children.map(lambda c: f"(lambda: {c})"),
        children.map(lambda c: f"[v for v in {c}]"),
        children.map(lambda c: f"(v := {c})"),
        children.map(lambda c: f"f'{{{c}}}'"),
        children.map(lambda c: f"'{{0}}'.format({c})"),
    )


expressions = st.recursive(st.one_of(literals, names), _extend, max_leaves=12)


# Well-typed expressions, so that evaluation is exercised, not only refusal.
num = st.deferred(lambda: st.one_of(
    st.sampled_from(["a", "b", "one.y", "param('p')", "0", "1", "-2.5", "1e300", "count(u)", "sum(u.x)",
                     "mean(u.x, where=k == 'a')", "max(u.x)", "len(s)", "tahun(d)", "bulan(d)", "angka(s)"]),
    st.tuples(num, st.sampled_from(["+", "-", "*", "/"]), num).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    num.map(lambda c: f"abs({c})"),
    st.tuples(num, st.integers(0, 15)).map(lambda t: f"round({t[0]}, {t[1]})"),
    st.tuples(num, num).map(lambda t: f"min({t[0]} + 0, {t[1]})"),  # min(table.col, ...) is the aggregate
    st.tuples(boolean, num, num).map(lambda t: f"({t[1]} if {t[0]} else {t[2]})"),
    text.map(lambda c: f"len({c})"),
    date.map(lambda c: f"(d - {c})"),
))
money = st.sampled_from(["m", "sum(u.m)", "sum(u.m, by=k, key=s)", "lookup(u.m, by=k, key=s)", "one(u.m)"])
text = st.deferred(lambda: st.one_of(
    st.sampled_from(["s", "one.z", "param('q')", "'PNS'", "''", "lookup(u.k, by=k, key=s)"]),
    text.map(lambda c: f"lower({c})"), text.map(lambda c: f"trim({c})"), text.map(lambda c: f"digits({c})"),
    st.tuples(text, st.integers(0, 5), st.integers(0, 50)).map(lambda t: f"substr({t[0]}, {t[1]}, {t[2]})"),
))
date = st.deferred(lambda: st.one_of(
    st.sampled_from(["d", "param('tanggal_batas')", "tanggal(2024, 2, 30)", "akhir_tahun(one.y)",
                     "tanggal_dari(s, 'YYYYMM')", "tanggal(1, 1, 1)", "tanggal(9999, 12, 31)"]),
    st.tuples(date, num).map(lambda t: f"tambah_bulan({t[0]}, {t[1]})"),
    st.tuples(date, num).map(lambda t: f"({t[0]} + {t[1]})"),
))
boolean = st.deferred(lambda: st.one_of(
    st.tuples(num, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), num).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    st.tuples(money, st.sampled_from(["==", "<", ">="]), money).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    st.tuples(text, st.sampled_from(["==", "!="]), text).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    st.tuples(date, st.sampled_from(["<=", ">"]), date).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    st.tuples(boolean, st.sampled_from(["and", "or"]), boolean).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    boolean.map(lambda c: f"not ({c})"),
    st.sampled_from(["ada(b)", "kosong(s)", "param('flag')", "a in [1, 1.5]", "s not in ['PNS', '']",
                     "matches(s, '(a|aa)+$')", "matches(s, '^[0-9]{18}$')", "startswith(s, 'a')",
                     "contains(lower(s), 'pns')", "count(u, where=ada(x) and k == 'a') > 0"]),
))


@MODEST
@given(boolean)
def test_random_well_typed_expressions_evaluate(src):
    from lkjcheck.lang import ExprError, parse_expr

    try:
        parse_expr(src, _scope())
    except ExprError as e:
        # only the size limits may refuse a well-typed expression
        assert any(w in e.msg_en for w in ("too large", "nested", "longer than")), (src, e.msg_en)
    _compile_and_eval(src)


def _scope():
    from lkjcheck.lang import Scope

    return Scope("t", TABLES, {"one"}, PARAMS)


def _env():
    from lkjcheck.lang import Env
    from lkjcheck.model.table import Column, Table

    rows = {
        "t": [dict(a=1.5, b=None, m=10**20, s="aaaaaaaaaaaaaaaaaaaaaaaaaaaa!", d=_dt.date(2024, 1, 31).toordinal()),
              dict(a=-0.0, b=1e300, m=None, s="", d=None),
              dict(a=None, b=0.0, m=-5, s="PNS", d=1.0)],
        "u": [dict(x=1.0, k="a", m=3), dict(x=None, k=None, m=None), dict(x=2.0, k="a", m=10**23)],
        "one": [dict(y=2024.0, z="x")],
    }
    tables = {}
    for name, cols in TABLES.items():
        t = Table(name, {c: Column(c, kind) for c, kind in cols.items()})
        for i, row in enumerate(rows[name]):
            t.files.append("f")
            t.lines.append(i + 1)
            t.ds.append(0 if name == "one" else i % 2)
            t.cells.append(None)
            for c, col in t.columns.items():
                v = row.get(c)
                col.append(v, 0.5 if isinstance(v, float) and c == "a" else 0.0, None, 2, None, i + 1, 1, None)
        if name == "one":  # one row per dataset
            t.files.append("f"), t.lines.append(2), t.ds.append(1), t.cells.append(None)
            for c, col in t.columns.items():
                col.append(None, 0.0, None, None, None, 2, 1, None)
        tables[name] = t
    return Env(tables, PARAMS)


def _compile_and_eval(src: str):
    from lkjcheck.lang import ExprError, Frame, Vec, parse_expr

    try:
        node = parse_expr(src, _scope())
    except ExprError:
        return
    env = _env()
    n = env.nrows("t")
    with np.errstate(all="ignore"):
        try:
            v = node.eval(env, Frame("t", np.arange(n), np.asarray(env.tables["t"].ds)))
        except ExprError:
            return
    assert isinstance(v, Vec) and len(v) == n


@MODEST
@given(expressions)
def test_random_expressions_compile_or_raise_expr_error(src):
    _compile_and_eval(src)


@MODEST
@given(st.text(max_size=80))
def test_random_text_compiles_or_raises_expr_error(src):
    _compile_and_eval(src)


@MODEST
@given(st.text(alphabet="()[]{}.,:=+-*/%<>!&|^~'\"abdmstuxy0123456789 _", max_size=60))
def test_random_punctuation_compiles_or_raises_expr_error(src):
    _compile_and_eval(src)


@pytest.mark.parametrize("src", [
    "a > 0", "sum(u.x, by=k, key=s) >= 0", "count(u, where=k == 'a') > 0", "one.y == 2024",
    "matches(s, '(a|aa)+$') or kosong(s)", "tahun(d) == one.y", "tambah_bulan(d, 1) > d",
    "m == sum(u.m, by=k, key=s)", "round(a / b, 2) == 1", "lookup(u.x, by=k, key=s) > 0",
    "d <= param('tanggal_batas')", "a in [1, 2]", "s not in ['PNS']", "(a if ada(a) else b) >= 0",
])
def test_allowed_expressions_evaluate(src):
    from lkjcheck.lang import parse_expr

    parse_expr(src, _scope())          # must compile: the generator above is not all refusals
    _compile_and_eval(src)


# ------------------------------------------------------------------ YAML and datasets

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
                    st.floats(), st.text(max_size=20),
                    st.sampled_from(["Rp 1.000.000", "99,01%", "17 Januari 2024", "Januari 2025", "1.234,5",
                                     "Rp 28. 146,626.000-", "100%", "B", "WTP", "~", "", "2024-02-30",
                                     "12 laporan", "0x1F", ".inf", "1e309"]))
trees = st.recursive(scalars, lambda c: st.one_of(st.lists(c, max_size=4),
                                                  st.dictionaries(st.text(max_size=8), c, max_size=4)),
                     max_leaves=20)


@pytest.fixture(scope="module")
def model():
    from lkjcheck.model.definition import load_model

    return load_model(ROOT / "rules" / "sakip" / "model.yaml")


def _table_names(model):
    return sorted(model.tables)


def _load(folder: Path, text: str, model):
    from lkjcheck.model.dataset import load_dataset
    from lkjcheck.model.table import Dataset
    from lkjcheck.errors import InputError

    (folder / "lkj.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        ds = load_dataset(folder, model, lang="en")
    except InputError as e:
        assert e.text("en") and e.text("id")
        return None
    assert isinstance(ds, Dataset)
    return ds


@MODEST
@given(st.data())
def test_random_dataset_shaped_trees_never_crash_the_loader(tmp_path_factory, model, data):
    folder = tmp_path_factory.mktemp("ds", numbered=True)
    columns = sorted({c for t in model.tables.values() for c in t.columns} | {"realisasi_2023", "target_2025"})
    row = st.dictionaries(st.sampled_from(columns), st.one_of(scalars, trees), max_size=6)
    table = st.one_of(st.lists(st.one_of(row, scalars), max_size=3), row, scalars, trees)
    top = data.draw(st.dictionaries(st.sampled_from(_table_names(model) + ["lkjcheck", "model", "catatan",
                                                                           "laporan_teks", "lain"]),
                                    table, max_size=5))
    if data.draw(st.booleans()):
        top["laporan"] = data.draw(st.fixed_dictionaries(
            {"instansi": st.text(max_size=10), "tahun": st.one_of(st.integers(1800, 2300), scalars)},
            optional={"penandatangan": st.dictionaries(st.sampled_from(["tanggal", "nip", "nama"]), scalars)}))
    top.pop("laporan_teks", None)       # may name a real file on this machine; tested in test_hostile
    _load(folder, yaml.safe_dump(top, allow_unicode=True), model)


@MODEST
@given(trees)
def test_random_yaml_trees_never_crash_the_loader(tmp_path_factory, model, tree):
    folder = tmp_path_factory.mktemp("tree", numbered=True)
    _load(folder, yaml.safe_dump(tree, allow_unicode=True), model)


@MODEST
@given(st.text(max_size=200))
def test_random_text_never_crashes_the_yaml_reader(text):
    from lkjcheck.errors import InputError
    from lkjcheck.read.yamlsafe import parse_yaml

    try:
        parse_yaml(text, "f.yaml")
    except InputError as e:
        assert e.file == "f.yaml"


@MODEST
@given(st.text(alphabet="[]{}:,-?&*!|>'\"#\n\t abc01~", max_size=120))
def test_random_yaml_punctuation_never_crashes_the_yaml_reader(text):
    from lkjcheck.errors import InputError
    from lkjcheck.read.yamlsafe import parse_yaml

    try:
        parse_yaml(text, "f.yaml")
    except InputError:
        pass
