"""The function registry: the type checker reads it, every entry has an implementation, its docs are fresh."""
import numpy as np
import pytest

from conftest import FAULTY, ROOT


def _pack():
    from lkjcheck.run.options import Options, load_rulepack

    return load_rulepack(Options())


def _compile(src, table, pack):
    from lkjcheck.checks.rules import _scope
    from lkjcheck.lang import parse_expr

    return parse_expr(src, _scope(pack.model, table, dict(pack.model.parameters)))


def _walk(node):
    from lkjcheck.lang.nodes import Node

    yield node
    for v in vars(node).values():
        for child in (v if isinstance(v, list) else [v]):
            if isinstance(child, Node):
                yield from _walk(child)


def _examples():
    from lkjcheck.checks.rules import builtin_rules_dir
    from lkjcheck.lang.doc import load_examples

    return load_examples(builtin_rules_dir() / "sakip")


def test_docs_expressions_md_is_fresh():
    from lkjcheck.lang.doc import render

    current = (ROOT / "docs" / "expressions.md").read_text(encoding="utf-8")
    assert current == render(_examples()), "docs/expressions.md is stale: python -m lkjcheck.lang.doc > docs/expressions.md"


def test_the_pack_gives_every_function_one_example_and_names_no_other(tmp_path):
    from lkjcheck.errors import InputError
    from lkjcheck.lang.doc import EXAMPLES_FILE, load_examples
    from lkjcheck.lang.functions import AGGREGATES, FUNCTIONS

    ex = _examples()
    assert set(ex.functions) == set(FUNCTIONS) and set(ex.aggregates) == set(AGGREGATES)
    text = (ROOT / "rules" / "sakip" / EXAMPLES_FILE).read_text(encoding="utf-8")
    (tmp_path / EXAMPLES_FILE).write_text(text.replace("\n  kosong:", "\n  kosongkan:"), encoding="utf-8")
    with pytest.raises(InputError, match=r"no example for \['kosong'\], unknown \['kosongkan'\]") as e:
        load_examples(tmp_path)
    assert e.value.line is not None
    (tmp_path / EXAMPLES_FILE).write_text(text.replace('ada: [pengukuran_kinerja, "ada(realisasi)"]', "ada: x"),
                                          encoding="utf-8")
    with pytest.raises(InputError, match=r"functions.ada: write \[table, expression\]"):
        load_examples(tmp_path)


def test_every_function_has_one_implementation():
    from lkjcheck.lang.functions import FUNCTIONS
    from lkjcheck.lang.vectorised import IMPLS

    assert set(FUNCTIONS) == set(IMPLS)
    for f in FUNCTIONS.values():
        assert f.doc["id"] and f.doc["en"] and f.doc["id"] != f.doc["en"], f.name
        lo, hi = f.arity
        assert 1 <= lo <= hi, f.name


def test_every_example_compiles_on_the_model_and_has_the_declared_kind():
    from lkjcheck.lang.functions import AGGREGATES, FUNCTIONS
    from lkjcheck.lang.nodes import Aggregate, Func, Param

    pack, ex = _pack(), _examples()
    for f in FUNCTIONS.values():
        table, src = ex.functions[f.name]
        node = _compile(src, table, pack)
        assert node.kind == "bool", src
        calls = [n for n in _walk(node) if isinstance(n, Func) and n.name == f.name]
        assert calls, f"the example of {f.name}() does not call it: {src}"
        assert calls[0].kind == (f.result or calls[0].args[0].kind), f.name
    for name in AGGREGATES:
        table, src = ex.aggregates[name]
        node = _compile(src, table, pack)
        want = "one" if name == "lookup" else name
        assert any(isinstance(n, Aggregate) and n.func == want for n in _walk(node)), src
    table, src = ex.param
    assert any(isinstance(n, Param) for n in _walk(_compile(src, table, pack)))


def test_every_example_evaluates_on_the_real_report():
    from lkjcheck.checks.table import stack
    from lkjcheck.lang import Env, Frame
    from lkjcheck.model.dataset import load_dataset

    pack = _pack()
    tables = stack([load_dataset(FAULTY / "lkj.yaml", pack.model)], pack)
    env = Env(tables, dict(pack.model.parameters), pack.model.derived_nodes)
    judged = 0
    for table, src in _examples().all():
        n = env.nrows(table)
        v = _compile(src, table, pack).eval(env, Frame(table, np.arange(n), env.ds(table)))
        assert len(v.val) == n and v.kind == "bool", src
        judged += int((~v.null).sum())
    assert judged > 100


@pytest.mark.parametrize("src,message", [
    ("startswith(s, 1)", "startswith(s, p): p must be text"),
    ("kata(s, 'x') == ''", "expected num, got text"),
    ("lower(x) == ''", "expected text, got num"),
    ("round(x, 16) == 1", "round(x, n): n must be 0 to 15"),
    ("round(x, y) == 1", "round(x, n): n must be a literal integer"),
    ("max(x) == 1", "max() takes 2–8 arguments"),
    # every argument of min/max is a figure (a text there used to compile and fail at evaluation)
    ("max(x, s) == 1", "expected num/money/date, got text"),
    ("min(x, y, True) == 1", "expected num/money/date, got bool"),
    ("ada(x, x)", "ada() takes 1–1 arguments"),
    ("ada(x=1)", "ada() takes no keyword arguments"),
    ("substr(s, 0, y) == ''", "substr(s, start, end): positions must be literal integers"),
    ("tanggal_dari(s, 'DDMMYYYY') == d", "tanggal_dari(s, f): f is 'YYYYMMDD', 'YYYYMM' or 'YYYY'"),
    ("matches(s, s)", "matches(s, pattern): pattern must be literal text"),
    ("kelas(x, s) == ''", "kelas(x, scale): the scale must be literal text or param('...')"),
    ("kelas(x, '85 Baik') == ''", "invalid scale: '85 Baik' (write 'bound: label; ...')"),
    ("kelas(x, '85: ') == ''", "invalid scale: '85:' has no label"),
    ("tambah_bulan(d, s) == d", "expected num, got text"),
    ("nosuch(x)", "function 'nosuch' is not available"),
])
def test_a_wrong_call_is_refused_by_its_registry_entry(src, message):
    from lkjcheck.lang import ExprError, Scope, parse_expr

    scope = Scope("t", {"t": {"x": "num", "y": "num", "s": "text", "d": "date"}}, set(), {"skala": "85: Baik; 0: Kurang"})
    with pytest.raises(ExprError) as e:
        parse_expr(src, scope)
    assert e.value.msg_en == message
    assert e.value.msg_id != e.value.msg_en


@pytest.mark.parametrize("src", ["startswith(s, 'a')", "kata(s, 2) == ''", "round(x, 2) == 1", "max(x, y, 3) == 1",
                                 "substr(s, 0, 2) == ''", "tanggal_dari(s, 'YYYYMM') == d", "matches(s, 'a+')",
                                 "kelas(x, param('skala')) == 'Baik'", "kelas(x, '85: Baik; 0: Kurang') == ''",
                                 "tambah_bulan(d, y) == d", "gabung(s, x, d) == ''"])
def test_a_right_call_is_accepted(src):
    from lkjcheck.lang import Scope, parse_expr

    scope = Scope("t", {"t": {"x": "num", "y": "num", "s": "text", "d": "date"}}, set(), {"skala": "85: Baik; 0: Kurang"})
    assert parse_expr(src, scope).kind == "bool"


def test_literal_arguments_are_fixed_at_compile_time():
    from lkjcheck.lang import Scope, parse_expr

    scope = Scope("t", {"t": {"x": "num", "s": "text"}}, set(), {})
    node = parse_expr("matches(s, '^[0-9]+$')", scope)
    assert len(node.args) == 1 and node.extra["pattern"].pattern == "^[0-9]+$"
    assert parse_expr("round(x, 3) == 1", scope).left.extra == {"ndigits": 3}


def test_tolerance_reaches_the_comparisons_of_the_truth_value_only():
    from lkjcheck.lang import Compare, Scope, parse_expr, set_tolerance

    scope = Scope("t", {"t": {"x": "num", "y": "num"}, "u": {"x": "num"}}, set(), {})
    node = parse_expr("x == y and not (x < 1) and (x if y > 0 else 1) == count(u, where=x == 2)", scope)
    set_tolerance(node, 0.5, True)
    compares = [n for n in _walk(node) if isinstance(n, Compare)]
    told = sorted((c.op, c.slack, c.exact) for c in compares)
    # y > 0 (an operand's condition) and the aggregate's x == 2 keep the precision of their figures
    assert told == [("<", 0.5, True), ("==", 0.0, False), ("==", 0.5, True), ("==", 0.5, True), (">", 0.0, False)]
