"""The located YAML tree built from libyaml's events: the same values and places, limits counted while parsing."""
import resource

import pytest
import yaml

import lkjcheck.read.yamlsafe as ys
from lkjcheck.errors import InputError


def _tree(v):
    """Everything a located value says: text, tag, line, column, quoting; lines of keys and collections."""
    if isinstance(v, ys.Scalar):
        return ("S", v.text, v.tag, v.line, v.column, v.quoted)
    if isinstance(v, ys.Mapping):
        return ("M", v.line, [(k, v.key_lines[k], _tree(x)) for k, x in v.items()])
    return ("L", v.line, [_tree(x) for x in v])


def test_values_tags_and_places_as_written():
    text = ("a: 1\n"
            "b: '1'\n"
            "c: [x, 2.5, ~, true, 2024-01-31]\n"
            "d:\n"
            "  - e: |\n"
            "      teks\n"
            "  - f: \"g\"\n"
            "h: !!str 3\n")
    assert _tree(ys.parse_yaml(text, "f")) == ("M", 1, [
        ("a", 1, ("S", "1", "int", 1, 4, False)),
        ("b", 2, ("S", "1", "str", 2, 4, True)),
        ("c", 3, ("L", 3, [("S", "x", "str", 3, 5, False), ("S", "2.5", "float", 3, 8, False),
                           ("S", "~", "null", 3, 13, False), ("S", "true", "bool", 3, 16, False),
                           ("S", "2024-01-31", "timestamp", 3, 22, False)])),
        ("d", 4, ("L", 5, [("M", 5, [("e", 5, ("S", "teks\n", "str", 5, 8, True))]),
                           ("M", 7, [("f", 7, ("S", "g", "str", 7, 8, True))])])),
        ("h", 8, ("S", "3", "str", 8, 4, False)),
    ])


def test_the_same_tree_with_and_without_libyaml(monkeypatch):
    text = "a: &x {b: [1, 'dua'], c: null}\nd: *x\ne: [*x, {f: *x}]\n"
    fast = _tree(ys.parse_yaml(text, "f"))
    monkeypatch.setattr(ys, "_Loader", yaml.SafeLoader)
    assert _tree(ys.parse_yaml(text, "f")) == fast
    assert ys.plain(ys.parse_yaml(text, "f"))["e"][1] == {"f": {"b": [1, "dua"], "c": None}}


@pytest.mark.parametrize("text, line, words", [
    ("a: 1\na: 2\n", 2, "duplicate key 'a' (already on line 1)"),
    ("<<: {a: 1}\n", 1, "merge key '<<' is not supported"),
    ("? [a]\n: 1\n", 1, "a key must be text"),
    ("a: !!python/object:os.system x\n", 1, "unsupported YAML tag: tag:yaml.org,2002:python/object:os.system"),
    ("a: !!set {b}\n", 1, "unsupported YAML tag: tag:yaml.org,2002:set"),
    ("a: *nope\n", 1, "found undefined alias"),
    ("a: &x 1\nb: &x 2\n", 2, "second occurrence"),
    ("a: 1\n---\nb: 2\n", 3, "more than one YAML document"),
    ("a: &a [*a]\n", 1, "nested too deeply"),
])
def test_every_refusal_names_its_line(text, line, words):
    with pytest.raises(InputError) as e:
        ys.parse_yaml(text, "f.yaml")
    assert e.value.line == line and words in e.value.text("en")


def test_an_aliased_key_is_its_text_and_still_checked_for_duplicates():
    assert ys.plain(ys.parse_yaml("&k a: 1\nb: {*k : 2}\n", "f")) == {"a": 1, "b": {"a": 2}}
    with pytest.raises(InputError, match="duplicate key 'a'"):
        ys.parse_yaml("&k a: 1\n*k : 2\n", "f")


def test_an_alias_reused_deeper_than_the_limit_is_refused():
    deep = "x: &d " + "[" * 60 + "]" * 60 + "\n"
    ys.parse_yaml(deep, "f")
    with pytest.raises(InputError, match="nested too deeply"):
        ys.parse_yaml(deep + "y: " + "[" * 10 + "*d" + "]" * 10 + "\n", "f")


def test_too_many_nodes_without_aliases_says_so_and_does_not_blame_aliases(monkeypatch):
    monkeypatch.setattr(ys, "MAX_NODES", 1000)
    with pytest.raises(InputError) as e:
        ys.parse_yaml("a: [" + ", ".join(["1"] * 1200) + "]\n", "f")
    assert "more than 1,000 YAML nodes" in e.value.text("en") and "alias" not in e.value.text("en")
    with pytest.raises(InputError, match="expanding aliases"):
        ys.parse_yaml("a: &x [" + ", ".join(["1"] * 90) + "]\nb: [" + ", ".join(["*x"] * 20) + "]\n", "f")


def test_a_text_far_over_the_node_limit_is_refused_before_it_is_built(monkeypatch):
    # The count by libyaml alone: the builder is never reached.
    monkeypatch.setattr(ys, "MAX_NODES", 2000)
    monkeypatch.setattr(ys, "_PRESCAN_CHARS", 2000)
    monkeypatch.setattr(ys, "_SAMPLE_CHARS", 4000)
    monkeypatch.setattr(ys, "_Tree", None)
    row = "  - {no: '1', nama: ANI, status: PNS, unit: Umum}\n"
    with pytest.raises(InputError) as e:
        ys.parse_yaml("pegawai:\n" + row * 2000, "f")
    assert "more than 2,000 YAML nodes" in e.value.text("en")


def test_a_text_just_under_the_node_limit_is_read(monkeypatch):
    monkeypatch.setattr(ys, "MAX_NODES", 2000)
    monkeypatch.setattr(ys, "_PRESCAN_CHARS", 2000)
    monkeypatch.setattr(ys, "_SAMPLE_CHARS", 4000)
    row = "  - {no: '1', nama: ANI}\n"      # three nodes a row
    assert len(ys.parse_yaml("pegawai:\n" + row * 660, "f")["pegawai"]) == 660


def test_a_large_limit_does_not_allocate_it(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("a: 1\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert ys.plain(ys.load_yaml(str(p), max_bytes=99_999_999_999)) == {"a": 1}
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000     # KB


def test_max_bytes_beyond_memory_is_a_usage_error_not_an_internal_one(cli, tmp_path):
    from conftest import CORRECTED

    code, out, err = cli("run", "--max-bytes", "99999999999", CORRECTED, "--no-text")
    assert code == 2 and "Traceback" not in err and "internal" not in err.lower()
    assert "--max-bytes" in err and "1.073.741.824 byte" in err and "outside" not in err
    code, out, err = cli("run", "--max-bytes", "99999999999", CORRECTED, "--no-text", "--lang", "en")
    assert code == 2 and "--max-bytes" in err and "1,073,741,824 bytes" in err and "di luar" not in err
    code, out, err = cli("run", "--max-bytes", str(ys.MAX_LIMIT_BYTES), CORRECTED, "--no-text")
    assert code == 0, err
