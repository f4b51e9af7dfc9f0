"""The block-style fast reader gives exactly the event builder's tree, or declines.

Differential: for every text, `read_block(text)` is None or equal, field by
field (value, tag, text, line, column, quoted, the located type, the lines of
keys and collections), to what the libyaml event builder makes of it; and
where the builder refuses a text, the fast reader declines, so that the
refusal stays the builder's.
"""
from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lkjcheck.read.yamlsafe as ys
from lkjcheck.errors import InputError
from lkjcheck.read.yamlblock import read_block
from lkjcheck.read.yamlvalues import Mapping, Scalar, Sequence

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("LKJCHECK_FUZZ", "0") or 0) or 300
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _tree(v):
    if v.__class__ is Scalar:
        return ("S", v.text, v.tag, v.line, v.column, v.quoted)
    if v.__class__ is Mapping:
        assert list(v.key_lines) == list(v), "every key has its line, in order"
        return ("M", v.line, [(k, v.key_lines[k], _tree(x)) for k, x in v.items()])
    if v.__class__ is Sequence:
        return ("L", v.line, [_tree(x) for x in v])
    return ("?", repr(v))


def _builder(text: str):
    try:
        return _tree(ys.build_from_events(text, "f.yaml")), None
    except InputError as e:
        return None, (e.file, e.line, e.text("en"))


def same_or_declined(text: str) -> bool:
    """Assert the property; True when the fast reader took the text."""
    fast = read_block(text, ys.MAX_NODES, ys.MAX_DEPTH)
    ref, err = _builder(text)
    if fast is None:
        return False
    assert err is None, f"the builder refuses {text!r} ({err}) but the fast reader read it"
    assert _tree(fast) == ref, text
    return True


def _files(*patterns):
    return sorted(p for pat in patterns for p in ROOT.glob(pat))


REPO_YAML = _files("fixtures/**/*.yaml", "tests/**/*.yaml", "rules/**/*.yaml")
BLOCK_SCALAR = re.compile(r"(?m)(?::|^ *-) +[|>][-+0-9]*(?: *#.*)?$")


@pytest.mark.parametrize("path", REPO_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_of_the_repository(path):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:      # refused before any YAML is read (read_text_file)
        return
    same_or_declined(text)


def test_the_fixture_datasets_are_taken_by_the_fast_reader():
    """It must not decline everything: each fixture lkj.yaml but those with a block scalar (| or >)."""
    datasets = _files("fixtures/**/lkj.yaml")
    taken = [p for p in datasets if same_or_declined(p.read_text(encoding="utf-8"))]
    expected = [p for p in datasets if not BLOCK_SCALAR.search(p.read_text(encoding="utf-8"))]
    assert len(expected) >= 10 and taken == expected


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    out = tmp_path_factory.mktemp("gen")
    gen.generate(30, out, seed=7)
    return sorted(out.rglob("lkj.yaml"))


def test_every_generated_report_is_taken_and_read_the_same(generated):
    assert len(generated) == 30
    for path in generated:
        text = path.read_text(encoding="utf-8")
        assert same_or_declined(text), path
        # and the way parse_yaml reads a file is the fast reader's tree
        assert _tree(ys.parse_yaml(text, "f")) == _tree(read_block(text, ys.MAX_NODES, ys.MAX_DEPTH))


# ------------------------------------------------------------ documents built from tricky pieces

PLAIN = ["0777", "0o17", "1_000", "12:30", "1:20:30", "yes", "No", "ON", "~", "null", ".inf", "-.5", "+1",
         "2024-01-02", "2024-1-2 10:00", "a #b", "a#b", "a b", "x:y", "Rp 1.000,00", "95,00%", "III/b",
         "-", "- x", "?x", ":x", "<<", "=", "a: b", "a:", "\u00e9t\u00e9", "\U0001f600", "\u00a0x", "a, b", "a]",
         "--- x", "...", "1e3", "0x1F", "true", "False", ".NaN", "0.", "a\\b", "&a", "*a", "!x", "|", ">",
         "%x", "@x", "`x", "[a, b]", "{a: 1}", "[]", "{}", "{a: x, b: 'y', c: \"z\"}", "[1, 'two', \"3\"]",
         "{\"no\": \"1\", kode: IKU-1}", "{a: 1, a: 2}", "{<<: x}", "{a: b:c}", "{a: b #c}", "[a, [b]]",
         "{a: {b: 1}}", "{a: 1,}", "[a,]", "{a}", "{a: }", "{ a: 1 }", "[ x , y ]", "{a: 12:30}"]
QUOTED = ["'it''s'", "'a #b'", "'0777'", "''", '""', '"a #b"', '"k: v"', '"x\\ty"', '"\\u00e9"', '"a\\"b"',
          '"\\\\"', "'a' b", '"a"b', "'unterminated", '"unterminated']
KEYS = ["a", "b", "no", "1", "yes", "a b", "x:y", '"k: x"', "'it''s'", '"a #b"', "<<", "? a", "-a", "a #c",
        "kode", "\u00e9", "[a]", "&x a", "!!str k", '"\\n"']
SCALAR = st.sampled_from(PLAIN + QUOTED)
KEY = st.sampled_from(KEYS)
INDENT = st.sampled_from([1, 2, 2, 2, 3, 4])

# a node: a scalar (its YAML text) or ("map"|"seq", indent step, children)
NODE = st.recursive(
    SCALAR,
    lambda kids: st.one_of(
        st.tuples(st.just("map"), INDENT, st.lists(st.tuples(KEY, kids), min_size=1, max_size=4)),
        st.tuples(st.just("seq"), st.sampled_from([0, 2, 2, 4]), st.lists(kids, min_size=1, max_size=4)),
    ),
    max_leaves=12,
)


def _render(node, ind: int, out: list[str], first: str | None = None) -> None:
    """Block YAML of node at indent ind; `first` is the prefix of its first line ("- " of an item)."""
    pad = " " * ind
    kind, step, kids = node
    for i, kid in enumerate(kids):
        lead = first if (first is not None and i == 0) else pad
        head = f"{lead}{kid[0]}:" if kind == "map" else f"{lead}-"
        child = kid[1] if kind == "map" else kid
        if isinstance(child, str):
            out.append(f"{head} {child}")
        elif kind == "seq" and child[0] == "map":
            _render(child, ind + 2, out, first=f"{lead}- ")
        else:
            out.append(head)
            _render(child, ind + max(step, 1 if kind == "seq" or child[0] == "map" else 0), out)


def _document(node) -> str:
    if isinstance(node, str):
        return node + "\n"
    out: list[str] = []
    _render(node, 0, out)
    return "\n".join(out) + "\n"


MUTATIONS = st.lists(st.sampled_from(
    ["crlf", "bom", "no final newline", "trailing spaces", "comment", "blank", "duplicate line", "tab",
     "indent", "dedent", "doc marker", "only comments", "empty"]), max_size=3)


def _mutate(text: str, how: list[str], at: int) -> str:
    lines = text.split("\n")
    k = at % max(len(lines) - 1, 1)
    for m in how:
        if m == "trailing spaces":
            lines[k] += "   "
        elif m == "comment":
            lines.insert(k, " " * (at % 5) + "# c: 'x' #")
        elif m == "blank":
            lines.insert(k, " " * (at % 3))
        elif m == "duplicate line":
            lines.insert(k, lines[k])
        elif m == "tab":
            lines[k] = "\t" + lines[k]
        elif m == "indent":
            lines[k] = " " + lines[k]
        elif m == "dedent":
            lines[k] = lines[k][1:]
        elif m == "doc marker":
            lines.insert(k, "---")
    text = "\n".join(lines)
    if "crlf" in how:
        text = text.replace("\n", "\r\n")
    if "bom" in how:
        text = "\ufeff" + text
    if "no final newline" in how:
        text = text.rstrip("\r\n")
    if "only comments" in how:
        text = "# a\n  # b\n\n"
    if "empty" in how:
        text = ""
    return text


@FUZZ
@given(NODE, MUTATIONS, st.integers(0, 1000))
def test_generated_documents_are_read_the_same_or_declined(node, how, at):
    same_or_declined(_mutate(_document(node), how, at))


@FUZZ
@given(st.text(alphabet="ab01:-#'\" {}[],\n", max_size=80))
def test_line_soup_is_read_the_same_or_declined(text):
    same_or_declined(text)


def test_the_generated_documents_are_often_taken():
    """The property would be empty if the fast reader declined them all."""
    taken = 0
    for seed in range(300):
        import random
        rng = random.Random(seed)
        node = ("map", 2, [(rng.choice(["a", "b", "kode", "no", "x y"]) + str(i),
                            rng.choice([rng.choice(PLAIN[:30]), ("seq", rng.choice([0, 2]), ["1", "'x'", "{a: 1}"]),
                                        ("map", 2, [("k", "v"), ("l", '"w"')])]))
                           for i in range(rng.randint(1, 5))])
        taken += same_or_declined(_mutate(_document(node), rng.sample(["crlf", "trailing spaces", "comment",
                                                                        "no final newline"], 2), seed))
    assert taken > 150


# ------------------------------------------------------------ the cases the issue names, one by one

@pytest.mark.parametrize("text", [
    "a: 0777\nb: 0o17\nc: 1_000\nd: 12:30\ne: 1:20:30\nf: yes\ng: No\nh: ON\ni: ~\nj: null\nk: .inf\n"
    "l: -.5\nm: +1\nn: 2024-01-02\no: 2024-1-2 10:00\n",
    "a: 'x #y'\nb: \"#\"\nc: a #b\nd: a#b\ne: value   \nf: value # comment\ng: 'it''s'\n",
    "\"k: x\": 1\n'a #b': 2\n",
    "a: \u00e9t\u00e9 \U0001f600\nb: '\u00e9'\n",
    "a: 1\r\nb:\r\n  - x\r\n  - {c: 2}\r\n",
    "a: 1\nb:\n- x\n-\n- \nc:\n",
    "- a: 1\n  b:\n  - x\n- {k: v}\n- [1, 2]\n-\n  - y\n",
    "x:\n  - {kode: A, nama: \"B, C\",\n     nilai: '1'}\n",
])
def test_the_subset_is_taken_and_read_the_same(text):
    assert same_or_declined(text)


@pytest.mark.parametrize("text", [
    "", "# only\n  # comments\n\n", "\ufeffa: 1\n", "a: \"x\\ty\"\n", "a: |\n  teks\n", "a: >\n  teks\n",
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: b\n  c\n", "--- \na: 1\n", "a: 1\n...\n", "? a\n: 1\n",
    "a: 1\na: 2\n", "{a: 1, a: 2}\n", "<<: {a: 1}\n", "a:\n\tb: 1\n", "a: [b, [c]]\n", "plain\n",
    "a: 1\n b: 2\n", "a: x: y\n", "a: 'x' y\n", "- a\nb: 1\n", "a:\n  b: 1\n c: 2\n", "a: =\n",
])
def test_outside_the_subset_or_wrong_it_declines(text):
    assert read_block(text, ys.MAX_NODES, ys.MAX_DEPTH) is None
    same_or_declined(text)


def _nested(levels: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(levels)) + " " * levels + "x: 1\n"


def test_nesting_past_the_depth_limit_declines_and_the_builder_refuses():
    assert same_or_declined(_nested(40))
    deep = _nested(ys.MAX_DEPTH + 5)
    assert read_block(deep, ys.MAX_NODES, ys.MAX_DEPTH) is None
    with pytest.raises(InputError, match="nested too deeply"):
        ys.parse_yaml(deep, "f.yaml")


def test_more_nodes_than_the_limit_declines_and_the_builder_refuses(monkeypatch):
    text = "a:\n" + "".join(f"  - {{no: '{i}', n: x}}\n" for i in range(400))     # 1,202 nodes
    assert read_block(text, 2000, ys.MAX_DEPTH) is not None
    assert read_block(text, 1000, ys.MAX_DEPTH) is None
    monkeypatch.setattr(ys, "MAX_NODES", 1000)
    with pytest.raises(InputError, match="more than 1,000 YAML nodes"):
        ys.parse_yaml(text, "f.yaml")


def test_a_duplicate_key_is_the_builders_error_with_both_lines():
    with pytest.raises(InputError) as e:
        ys.parse_yaml("a:\n  - {b: 1, c: 2}\n  - {b: 1, b: 2}\n", "f.yaml")
    assert e.value.line == 3 and "duplicate key 'b'" in e.value.text("en")


def _mappings(v):
    if isinstance(v, Mapping):
        yield v
        for x in v.values():
            yield from _mappings(x)
    elif isinstance(v, Sequence):
        for x in v:
            yield from _mappings(x)


def test_a_mapping_marked_scalars_only_holds_only_scalars(generated):
    # model/building._row_cells takes a marked row as it is, without looking through it
    text = ("a:\n  - {x: 1, y: \"two\", z: 'three'}\n  - {x: 2,\n     y: 3}\n  - x: 4\n    y: {p: 1}\n"
            "b: {c: d}\n")
    marked = 0
    for t in [text, *(p.read_text(encoding="utf-8") for p in generated[:5])]:
        tree = read_block(t, ys.MAX_NODES, ys.MAX_DEPTH)
        assert tree is not None
        for m in _mappings(tree):
            if m.scalars_only:
                marked += 1
                assert all(v.__class__ is Scalar for v in m.values())
    assert marked > 100
    # the block mapping that holds a flow mapping is not marked; the event builder marks none
    tree = read_block(text, ys.MAX_NODES, ys.MAX_DEPTH)
    assert not tree.scalars_only and not tree["a"][2].scalars_only and tree["a"][2]["y"].scalars_only
    assert not any(m.scalars_only for m in _mappings(ys.build_from_events(text, "f.yaml")))
