"""The message catalogue is data (lkjcheck/messages/*.yaml), and code uses only its keys.

Fails when a message is written inline again (an id/en pair of string
literals at a call site, or an {"id": ..., "en": ...} dict in Python), when
code names a key the catalogue lacks or gives it other values than its
placeholders, and when an entry lacks a language or its two texts name
different placeholders.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from lkjcheck import catalogue

PKG = Path(__file__).resolve().parent.parent / "lkjcheck"
PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")

# Functions that take a message as (…, key, **values), with the index of the key.
KEYED = {"InputError": 2, "unknown_name": 2, "Said": 0, "_refuse": 2, "_bad": 2, "_err": 2, "_fail_key": 0,
         "ExprError": 0, "_Doc": 0, "PatternTooBig": 0, "RuleError": 2,
         "ParamError": 0, "_Bad": 0, "TextRuleError": 2, "DocumentError": 2, "Key": 0,
         "_fail": 1, "guard_error": 3, "_page_error": 1, "_say": 0}
# Any other call given two string literals in a row is counted as an inline (id, en) pair.
# Entries whose English names in words what the Indonesian takes from the model.
PLACEHOLDERS_DIFFER = {"model.section_report_identity_agency_year"}


def _files():
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def _name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _is_text(node) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _words(node) -> bool:
    """A literal that could be a message: text with a letter in it, not a locale code or a path."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and re.search(r"[a-zA-Z]{2}", v.value) and " " in v.value
                   for v in node.values)
    return (isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value.strip()
            and re.search(r"[a-zA-Z]{2}", node.value) is not None)


# Calls that take two texts that are not a message in two languages.
NOT_MESSAGES = {"replace", "get", "sub", "split", "partition", "startswith", "endswith", "join", "search",
                "match", "compile", "option", "echo", "write", "format", "_q", "group"}


def _calls():
    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                yield path, node


def test_every_entry_has_both_languages_and_the_same_placeholders():
    data = catalogue._read()
    assert len(data) > 400
    for key, entry in data.items():
        assert isinstance(entry, dict) and set(entry) == {"id", "en"}, key
        assert all(isinstance(v, str) and v for v in entry.values()), key
        if key not in PLACEHOLDERS_DIFFER:
            assert set(PLACEHOLDER.findall(entry["id"])) == set(PLACEHOLDER.findall(entry["en"])), key


def test_no_key_is_in_two_files():
    seen: dict[str, str] = {}
    for path in sorted(catalogue.FOLDER.glob("*.yaml")):
        for key in yaml.safe_load(path.read_text(encoding="utf-8")) or {}:
            assert key not in seen, f"{key}: {seen[key]} and {path.name}"
            seen[key] = path.name


def _key_index(call: ast.Call) -> int | None:
    f = call.func
    if isinstance(f, ast.Attribute) and f.attr == "fail" and isinstance(f.value, ast.Name) and f.value.id == "self":
        return 1                                   # read/yamlsafe: self.fail(line, key, **values)
    return KEYED.get(_name(call))


def test_keys_used_in_code_exist_with_their_placeholders():
    data = catalogue._read()
    checked = 0
    for path, call in _calls():
        i = _key_index(call)
        if i is None or len(call.args) <= i:
            continue
        arg = call.args[i]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            continue
        key = arg.value
        assert key in data, f"{path.name}:{call.lineno}: {key} is not in lkjcheck/messages"
        given = {k.arg for k in call.keywords}
        if _name(call) == "unknown_name":
            needed = set(PLACEHOLDER.findall(data[key]["id"]))
        else:
            needed = set(PLACEHOLDER.findall(data[key]["id"])) | set(PLACEHOLDER.findall(data[key]["en"]))
        if None not in given:
            assert given == needed, f"{path.name}:{call.lineno}: {key} takes {sorted(needed)}, given {sorted(given)}"
        checked += 1
    assert checked > 150


def _chooses_by_language(node) -> bool:
    """`... if lang == "en" else ...`, the form a pair of inline labels takes."""
    t = node.test
    return (isinstance(t, ast.Compare) and len(t.comparators) == 1
            and any(isinstance(x, ast.Constant) and x.value in ("en", "id") for x in (t.left, *t.comparators)))


def _labels(node) -> bool:
    """A text literal with a word in it (one word is enough for a label), or a list of them."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return bool(node.elts) and all(_labels(e) for e in node.elts)
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"[a-zA-Z]{2}", node.value)


def _inline(tree: ast.AST, rel: str) -> list[str]:
    """Messages written inline in one module: an id/en pair of texts given to a call, or an {id, en} dict."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name, args = _name(node), node.args
            pairs = [i for i in range(len(args) - 1) if _words(args[i]) and _words(args[i + 1])]
            if name in KEYED and pairs:
                found.append(f"{rel}:{node.lineno}: {name} with an inline id/en pair")
            elif pairs and name not in NOT_MESSAGES:
                found.append(f"{rel}:{node.lineno}: {name} given an id/en pair of texts")
        elif isinstance(node, ast.IfExp) and _chooses_by_language(node) and _labels(node.body) \
                and _labels(node.orelse):
            found.append(f"{rel}:{node.lineno}: texts chosen by language inline")
        elif isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"id", "en"} <= keys and all(_words(v) for v in node.values):
                found.append(f"{rel}:{node.lineno}: an inline {{id, en}} dict")
    return found


def test_the_scan_sees_an_inline_message():
    code = ast.parse('''
raise InputError(f, 1, f"kolom {k} tidak dikenal", f"unknown column {k}")
TITLE = {"id": "Judul laporan", "en": "Report title"}
raise LoadError(f, 1, "aturan tidak sah", "invalid rule")
i18n.register({"x.y": {"id": "teks sendiri", "en": "its own text"}})
raise InputError(f, 1, "model.unknown_key", key=k)
path.replace("a b", "c d")
head = ["Count", "Rule"] if lang == "en" else ["Jumlah", "Aturan"]
said = text if lang == "en" else quote(text)
''')
    assert sorted(_inline(code, "m.py")) == [
        "m.py:2: InputError with an inline id/en pair", "m.py:3: an inline {id, en} dict",
        "m.py:4: LoadError given an id/en pair of texts", "m.py:5: an inline {id, en} dict",
        "m.py:8: texts chosen by language inline"]


def test_no_message_is_written_inline():
    found = []
    for path in _files():
        found += _inline(ast.parse(path.read_text(encoding="utf-8")), str(path.relative_to(PKG.parent)))
    assert found == [], "write the message in lkjcheck/messages/*.yaml and use its key"


def test_the_text_checks_name_only_keys_of_the_catalogue():
    """A text check kind's finding (ctx.finding(key, ...)) and the claim it notes (note(..., why=...))
    are worded from lkjcheck/messages/text.yaml; a key it names that the files lack would print as the key."""
    data = catalogue._read()
    named = []
    for path, call in _calls():
        if "text" not in path.parts:
            continue
        if _name(call) == "finding" and call.args and isinstance(call.args[0], ast.Constant):
            named.append((path.name, call.lineno, call.args[0].value))
        for kw in call.keywords:
            if _name(call) == "note" and kw.arg == "why" and isinstance(kw.value, ast.Constant):
                named.append((path.name, call.lineno, f"claim.why.{kw.value.value}"))
    assert len(named) > 25
    missing = [f"{f}:{n}: {k}" for f, n, k in named if k not in data]
    assert not missing, missing


def test_a_regex_engines_complaint_is_quoted_in_indonesian():
    # The regex package's own English words are data inside an Indonesian message, never its own words.
    from lkjcheck.checks.text.params import ParamError, compile_pattern

    with pytest.raises(ParamError) as e:
        compile_pattern("(?P<angka>[0-9]+")
    assert "\u201cmissing )" in e.value.msg_id, e.value.msg_id
    assert "\u201c" not in e.value.msg_en and "missing )" in e.value.msg_en, e.value.msg_en
