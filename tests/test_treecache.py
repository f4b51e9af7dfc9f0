"""Parsed rule files and the message catalogue kept between processes (lkjcheck/safety/treecache.py).

Both ways: a tree or catalogue from the cache is exactly what parsing gives
(lines, key lines, tags, shared aliases and all), and any cache entry or file
that is not exactly what this installation wrote is ignored, the text being
parsed as if there were no cache.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lkjcheck import cachefile, catalogue
from lkjcheck.read import treecache
from lkjcheck.read.yamlsafe import load_yaml, parse_yaml
from lkjcheck.read.yamlvalues import Mapping, Scalar, Sequence

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
RULE_FILES = sorted((ROOT / "rules").rglob("*.yaml"))
ALIASED = "base: &b {id: satu, en: one}\nrules:\n  - message: *b\n    rationale: *b\n  - message: *b\nname: &n teks\nagain: *n\n"


@pytest.fixture
def cache(cache_home):
    return treecache.cache_file()


def same(a, b, pairs=None) -> bool:
    """Equal values, lines and key lines, and shared exactly where the other is shared."""
    pairs = {} if pairs is None else pairs
    if a is None or b is None:
        return a is b
    if id(a) in pairs:
        return pairs[id(a)] is b
    pairs[id(a)] = b
    if type(a) is not type(b):
        return False
    if type(a) is Scalar:
        return a == b
    if type(a) is Mapping:
        return (a.line == b.line and a.key_lines == b.key_lines and list(a) == list(b)
                and all(same(a[k], b[k], pairs) for k in a))
    if type(a) is Sequence:
        return a.line == b.line and len(a) == len(b) and all(same(x, y, pairs) for x, y in zip(a, b))
    return False


def through_json(tree):
    raw = treecache._Encoder(tree).value(tree)
    assert raw is not treecache._MISS
    return treecache._Decoder(10_000).value(json.loads(json.dumps(raw)), 0)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_rule_file_comes_back_exactly(path):
    tree = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    assert same(tree, through_json(tree))


def test_aliases_come_back_shared_and_a_changed_line_is_not_the_same():
    tree = parse_yaml(ALIASED, "x.yaml")
    back = through_json(tree)
    assert same(tree, back)
    assert back["rules"][0]["message"] is back["rules"][0]["rationale"] is back["rules"][1]["message"]
    back["rules"][1]["message"]["id"].line += 1
    assert not same(tree, back)


def test_a_second_load_reads_the_cache_and_gives_the_same_tree(cache, tmp_path):
    rule = tmp_path / "r.yaml"
    rule.write_text(ALIASED, encoding="utf-8")
    first = load_yaml(str(rule), cache=True)
    treecache.flush()
    files = entry_files(cache)
    assert len(files) == 1 and (files[0].stat().st_mode & 0o777) == 0o600 and (cache.stat().st_mode & 0o777) == 0o700
    treecache.forget()
    again = load_yaml(str(rule), cache=True)
    assert treecache.stats["hits"] == 1 and treecache.stats["misses"] == 0
    assert same(first, again)
    # an edited file is another text: parsed again, never the old tree
    rule.write_text(ALIASED.replace("satu", "dua"), encoding="utf-8")
    edited = load_yaml(str(rule), cache=True)
    assert edited["base"]["id"].text == "dua" and treecache.stats["misses"] == 1


def entry_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.json")) if cache.is_dir() else []


def _spoil(cache: Path, change) -> None:
    """Apply ``change`` to {key: value} of every entry file, keeping each file's digest right."""
    for path in entry_files(cache):
        body = json.loads(path.read_bytes().partition(b"\n")[2])
        entries = {body["key"]: body["value"]}
        change(entries)
        path.write_bytes(cachefile.encode({"key": body["key"], "value": entries[body["key"]]}, cachefile.PARSED.fmt))


@pytest.mark.parametrize("change", [
    lambda e: e.update({k: [9, 0, []] for k in e}),                                  # an unknown kind
    lambda e: e.update({k: [0, "x", "python/object", 1, 1, False] for k in e}),       # a tag YAML never gives
    lambda e: e.update({k: [1, -1, []] for k in e}),                                  # a negative line
    lambda e: e.update({k: [1, 1, ["a", 1, None, "a", 2, None]] for k in e}),         # a key twice
    lambda e: e.update({k: [3, 7] for k in e}),                                       # a reference to nothing
    lambda e: e.update({k: "x" * 10 for k in e}),                                     # not a tree at all
    lambda e: e.update({k: json.loads("[2, 1, " * 70 + "[]" + "]" * 70) for k in e}),  # deeper than YAML may nest
])
def test_a_spoiled_entry_is_ignored_and_the_text_parsed(cache, tmp_path, change):
    rule = tmp_path / "r.yaml"
    rule.write_text(ALIASED, encoding="utf-8")
    fresh = load_yaml(str(rule), cache=True)
    treecache.flush()
    _spoil(cache, change)
    treecache.forget()
    assert same(fresh, load_yaml(str(rule), cache=True))
    assert treecache.stats["misses"] == 1 and treecache.stats["hits"] == 0


def test_references_cannot_multiply_a_tree_beyond_the_alias_bound():
    leaf = [4, 0, [2, 1, [[0, "x", "str", 1, 1, False]] * 10]]
    raw = [2, 1, [leaf] + [[3, 0]] * 4]
    assert len(treecache._Decoder(50).value(raw, 0)) == 5        # 44 nodes reached again: within the bound
    with pytest.raises(ValueError):
        treecache._Decoder(50).value([2, 1, [leaf] + [[3, 0]] * 5], 0)


def test_a_file_not_ours_to_trust_is_not_read(cache, tmp_path):
    rule = tmp_path / "r.yaml"
    rule.write_text("a: 1\n", encoding="utf-8")
    load_yaml(str(rule), cache=True)
    treecache.flush()
    (file,) = entry_files(cache)
    os.chmod(file, 0o666)                       # writable by others
    treecache.forget()
    load_yaml(str(rule), cache=True)
    assert treecache.stats["hits"] == 0
    os.chmod(file, 0o600)
    treecache.forget()
    load_yaml(str(rule), cache=True)
    assert treecache.stats["hits"] == 1
    file.write_bytes(file.read_bytes().replace(b'"a"', b'"b"'))     # body no longer matches its digest
    treecache.forget()
    load_yaml(str(rule), cache=True)
    assert treecache.stats["hits"] == 0
    file.unlink()
    file.symlink_to(tmp_path / "elsewhere.json")      # a link is not followed
    (tmp_path / "elsewhere.json").write_bytes(b"{}")
    treecache.forget()
    load_yaml(str(rule), cache=True)
    assert treecache.stats["hits"] == 0


def test_the_catalogue_from_the_cache_is_the_parsed_one(cache, monkeypatch):
    files = [(p.name, p.read_bytes()) for p in sorted(catalogue.FOLDER.glob("*.yaml"))]
    parsed = catalogue.parse_files(files)
    assert catalogue.cached(files) == parsed
    treecache.flush()
    treecache.forget()
    monkeypatch.setattr(catalogue, "parse_files", lambda f: pytest.fail("parsed again"))
    assert catalogue.cached(files) == parsed
    monkeypatch.undo()
    # another set of files (one message changed) is not served the old catalogue
    changed = [(n, d.replace(b"Laporan", b"Lapor", 1)) for n, d in files]
    assert catalogue.cached(changed) != parsed
    # a spoiled entry (not text keyed by text) is not used
    treecache.flush()
    _spoil(cache, lambda e: e.update({k: {"x": {"id": 1}} for k in e if k.startswith("m:")}))
    treecache.forget()
    assert catalogue.cached(files) == parsed


def test_no_cache_means_none_written(cache, tmp_path, monkeypatch):
    monkeypatch.setenv(cachefile.DISABLE_ENV, "1")
    rule = tmp_path / "r.yaml"
    rule.write_text("a: 1\n", encoding="utf-8")
    load_yaml(str(rule), cache=True)
    treecache.flush()
    assert not entry_files(cache)


def test_the_oldest_entries_go_past_the_bound(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(cachefile.PARSED, "max_entries", 4)
    for i in range(5):
        rule = tmp_path / f"r{i}.yaml"
        rule.write_text(f"a: {i}\n", encoding="utf-8")
        load_yaml(str(rule), cache=True)
        treecache.flush()
    assert len(entry_files(cache)) == 3               # five written, the oldest two removed at the fifth
    treecache.forget()
    load_yaml(str(tmp_path / "r4.yaml"), cache=True)
    assert treecache.stats["hits"] == 1


@pytest.mark.skipif(not SEED.is_file(), reason="needs ../shared")
def test_a_warm_text_run_parses_no_yaml_and_finds_the_same(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop(cachefile.DISABLE_ENV, None)
    probe = ("import sys, io, contextlib\n"
             "from lkjcheck.cli import main\n"
             "out = io.StringIO()\n"
             "try:\n"
             "    with contextlib.redirect_stdout(out): main(['text', sys.argv[1], '--tahun', '2024', '-f', 'json'])\n"
             "except SystemExit as e: code = e.code\n"
             "import json\n"
             "d = json.loads(out.getvalue()); d.pop('generated_at', None)\n"
             "print(json.dumps({'yaml': 'yaml' in sys.modules, 'code': code, 'out': d}, sort_keys=True))\n")
    runs = [json.loads(subprocess.run([sys.executable, "-c", probe, str(SEED)], env=env, cwd=ROOT,
                                      capture_output=True, text=True, check=True).stdout) for _ in range(2)]
    cold, warm = runs
    assert cold["yaml"] and not warm["yaml"]
    assert cold["code"] == warm["code"] == 1 and cold["out"] == warm["out"] and cold["out"]["findings"]
