"""The regex cache across processes (lkjcheck/safety/regexcache.py): a cached pattern matches exactly as a
compiled one, and any cache file that is not exactly what this installation wrote is ignored."""
from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from lkjcheck.checks.text.params import CONTEXT_FLAGS, FLAGS
from lkjcheck.safety import regexcache

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
PATTERNS = [
    (r"\btahun\s+(?P<tahun>(?:19|20)\d\d)\b", FLAGS),
    (r"(?:realisasi|capaian)\s+(?:sebesar\s+)?(?P<persen>\d{1,3}(?:[.,]\d{1,4})?)\s*%", FLAGS),
    (r"^#+\s*BAB\s+[IVX]+", FLAGS),
    (r"(?<!\d)(?:Rp\.?\s*)\d+", CONTEXT_FLAGS),
    (r"\p{Lu}\w+", CONTEXT_FLAGS),
]
TEXT = ("BAB I\nPada tahun 2024 realisasi sebesar 96,5 % dan capaian 101 %. Rp 1.500 Jakarta.\n"
        "## BAB II\nTahun 2023.")


@pytest.fixture
def cache(cache_home):
    return regexcache.cache_file()


def matches(rx, text=TEXT):
    return [(m.span(), m.groupdict()) for m in rx.finditer(text)]


def fill(patterns=PATTERNS):
    made = [regexcache.compile(p, f) for p, f in patterns]
    regexcache.flush()
    regexcache.forget()
    return made


def test_a_pattern_from_the_cache_matches_as_the_compiled_one(cache):
    assert cache.parent.parent == Path(os.environ["XDG_CACHE_HOME"]) and not cache.exists()
    fill()
    assert cache.is_file() and (cache.stat().st_mode & 0o777) == 0o600
    assert (cache.parent.stat().st_mode & 0o777) == 0o700
    for p, f in PATTERNS:
        rx = regexcache.compile(p, f)
        fresh = regex.compile(p, f)
        assert rx.pattern == p and rx.flags == fresh.flags and rx.groupindex == fresh.groupindex
        assert matches(rx) == matches(fresh) and matches(rx)
    assert regexcache.stats == {"compiled": 0, "from_cache": len(PATTERNS), "rejected": 0}


@pytest.mark.skipif(not SEED.exists(), reason="seed report not in ../shared")
def test_every_builtin_pattern_from_the_cache_finds_what_it_finds_compiled(cache):
    from tests.test_regex_lazy import builtin_text_rules, lazies

    found = sorted({(lz.pattern, lz.flags) for r in builtin_text_rules() for lz in lazies(r.params)})
    fill(found)
    text = SEED.read_text(encoding="utf-8")
    hits = 0
    for p, f in found:
        rx = regexcache.compile(p, f)
        got = matches(rx, text)
        assert got == matches(regex.compile(p, f), text), p
        hits += bool(got)
    assert regexcache.stats["from_cache"] == len(found) > 100 and hits > 50


def test_a_program_is_kept_as_the_words_the_engine_was_given(cache):
    seen = []
    real = regexcache._entry
    regexcache._entry = lambda p, f, args: seen.append(args[2]) or real(p, f, args)
    try:
        fill(PATTERNS[:1])
    finally:
        regexcache._entry = real
    [entry] = [v for k, v in json.loads(cache.read_bytes().split(b"\n", 1)[1]).items() if k[0].isdigit()]
    assert type(entry[1]) is str and regexcache._program(entry) == list(seen[0]) and len(seen[0]) > 10
    assert cache.name.startswith(f"regex-f{regexcache.FORMAT}-")
    assert regexcache._pack([0, 1, (1 << 32) - 1]) is not None
    assert regexcache._pack([-1]) is None and regexcache._pack([1 << 32]) is None and regexcache._pack([True]) is None


def test_flush_keeps_what_other_processes_wrote(cache):
    fill(PATTERNS[:2])
    fill(PATTERNS[2:])
    for p, f in PATTERNS:
        regexcache.compile(p, f)
    assert regexcache.stats["from_cache"] == len(PATTERNS)


def _rewrite(cache: Path, change) -> None:
    head, body = cache.read_bytes().split(b"\n", 1)
    entries = json.loads(body)
    change(entries)
    body = json.dumps(entries).encode()
    from lkjcheck import cachefile

    cache.write_bytes(json.dumps({"format": regexcache.FORMAT, "blake2b": cachefile.digest(body)}).encode()
                      + b"\n" + body)


def test_a_file_rewritten_unchanged_is_still_read(cache):
    # what the spoiling tests below rely on: _rewrite writes a file this installation trusts
    fill(PATTERNS[:1])
    _rewrite(cache, lambda e: None)
    regexcache.compile(*PATTERNS[0])
    assert regexcache.stats["from_cache"] == 1


@pytest.mark.parametrize("spoil", [
    "torn", "digest", "not json", "other writer", "link", "flags not an int", "code of wrong shape",
    "code not base64", "code of a torn word", "code empty", "huge"])
def test_a_spoiled_cache_is_ignored_and_the_pattern_compiled(cache, spoil, tmp_path):
    fill()
    key = f"{int(PATTERNS[0][1])}:{PATTERNS[0][0]}"
    if spoil == "torn":
        cache.write_bytes(cache.read_bytes()[:-40])
    elif spoil == "digest":
        cache.write_bytes(cache.read_bytes().replace(b"tahun", b"tahan", 1))
    elif spoil == "not json":
        cache.write_bytes(b"\x00\xff" * 100)
    elif spoil == "other writer":
        cache.chmod(0o666)
    elif spoil == "link":
        real = tmp_path / "elsewhere.json"
        cache.rename(real)
        cache.symlink_to(real)
    elif spoil == "flags not an int":
        _rewrite(cache, lambda e: e.__setitem__(key, e[key][:5] + ["x", e[key][6]]))
    elif spoil == "code of wrong shape":
        _rewrite(cache, lambda e: e.__setitem__(key, [e[key][0], [-1, 2.5], *e[key][2:]]))
    elif spoil == "code not base64":
        _rewrite(cache, lambda e: e[key].__setitem__(1, "*" + e[key][1][1:]))
    elif spoil == "code of a torn word":
        _rewrite(cache, lambda e: e[key].__setitem__(1, base64.b64encode(base64.b64decode(e[key][1])[:-1]).decode()))
    elif spoil == "code empty":
        _rewrite(cache, lambda e: e[key].__setitem__(1, ""))
    elif spoil == "huge":
        cache.write_bytes(cache.read_bytes() + b" " * regexcache.MAX_FILE_BYTES)
    rx = regexcache.compile(*PATTERNS[0])
    assert regexcache.stats["compiled"] == 1 and regexcache.stats["from_cache"] == 0
    assert matches(rx) == matches(regex.compile(*PATTERNS[0]))


def test_an_entry_for_another_pattern_text_is_not_used(cache):
    fill(PATTERNS[:1])
    regexcache.compile(PATTERNS[0][0] + " ", PATTERNS[0][1])
    regexcache.compile(PATTERNS[0][0], int(PATTERNS[0][1]) | regex.DOTALL)
    assert regexcache.stats == {"compiled": 2, "from_cache": 0, "rejected": 0}


def test_lkjcheck_no_cache_neither_reads_nor_writes(cache, monkeypatch):
    fill()
    monkeypatch.setenv(regexcache.DISABLE_ENV, "1")
    before = cache.read_bytes()
    regexcache.compile(*PATTERNS[0])
    regexcache.compile(r"\bbaru\b", FLAGS)
    regexcache.flush()
    assert regexcache.stats["compiled"] == 2 and regexcache.stats["from_cache"] == 0
    assert cache.read_bytes() == before


def test_a_cache_over_its_bound_starts_again(cache, monkeypatch):
    monkeypatch.setattr(regexcache, "MAX_ENTRIES", 3)
    fill(PATTERNS[:3])
    fill(PATTERNS[3:])
    entries = json.loads(cache.read_bytes().split(b"\n", 1)[1])
    assert sorted(entries) == sorted(f"{int(f)}:{p}" for p, f in PATTERNS[3:])


def test_an_unwritable_cache_folder_is_silent(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))     # a file where the folder should be
    regexcache.forget()
    try:
        rx = regexcache.compile(*PATTERNS[0])
        regexcache.flush()
        assert matches(rx)
    finally:
        regexcache.forget()


def test_a_new_process_reads_what_an_earlier_one_wrote(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop(regexcache.DISABLE_ENV, None)
    code = ("import sys; from lkjcheck.safety import regexcache as c; "
            "c.compile(r'\\btahun\\s+(?P<t>\\d{4})', 2); print(c.stats['compiled'], c.stats['from_cache'])")
    runs = [subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split() for _ in range(2)]
    assert runs == [["1", "0"], ["0", "1"]]      # written at exit by the first, read by the second


# ------------------------------------------------------------ the size check's measures (regexcache.shape)

def _measured(pattern):
    from lkjcheck.safety.regex import MAX_UNROLLED, _measure

    return regexcache.shape(pattern, _measure, MAX_UNROLLED)


def test_a_patterns_measures_from_the_cache_are_those_measured(cache):
    from lkjcheck.safety.regex import group_names, unrolled_size

    for _ in range(2):      # measured, then read from the file
        for p, _f in PATTERNS:
            assert _measured(p) == (unrolled_size(p), group_names(p))
        regexcache.flush()
        regexcache.forget()


def test_measures_are_kept_and_read_again(cache):
    cold = [_measured(p) for p, _f in PATTERNS]
    assert regexcache.shape_stats == {"made": len(PATTERNS), "read": 0}
    regexcache.flush()
    regexcache.forget()
    assert [_measured(p) for p, _f in PATTERNS] == cold
    assert regexcache.shape_stats == {"made": 0, "read": len(PATTERNS)}


@pytest.mark.parametrize("spoil", ["size above the bound", "negative size", "size not an int", "other version",
                                   "group number zero", "groups not a mapping", "short"])
def test_a_spoiled_measure_is_measured_again(cache, spoil):
    from lkjcheck.safety.regex import MAX_UNROLLED

    p = PATTERNS[0][0]
    right = _measured(p)
    regexcache.flush()
    key = f"S:{p}"
    change = {
        "size above the bound": lambda e: e[key].__setitem__(1, MAX_UNROLLED + 1),
        "negative size": lambda e: e[key].__setitem__(1, -5),
        "size not an int": lambda e: e[key].__setitem__(1, 3.0),
        "other version": lambda e: e[key].__setitem__(0, regexcache.SHAPE_VERSION + 1),
        "group number zero": lambda e: e[key].__setitem__(2, {"tahun": 0}),
        "groups not a mapping": lambda e: e[key].__setitem__(2, ["tahun"]),
        "short": lambda e: e.__setitem__(key, e[key][:2]),
    }[spoil]
    _rewrite(cache, change)
    regexcache.forget()
    assert _measured(p) == right
    assert regexcache.shape_stats == {"made": 1, "read": 0}


def test_a_pattern_too_big_is_refused_warm_as_cold(cache):
    from lkjcheck.safety.regex import PatternTooBig, compile_bounded

    for _ in range(2):
        with pytest.raises(PatternTooBig):
            compile_bounded("(?:a{3000}){3000}")
        regexcache.flush()
        regexcache.forget()
    assert not cache.exists()


def test_lkjcheck_no_cache_measures_without_the_file(cache, monkeypatch):
    _measured(PATTERNS[0][0])
    regexcache.flush()
    regexcache.forget()
    before = cache.read_bytes()
    monkeypatch.setenv(regexcache.DISABLE_ENV, "1")
    _measured(PATTERNS[0][0])
    _measured(PATTERNS[1][0])
    regexcache.flush()
    assert regexcache.shape_stats == {"made": 2, "read": 0} and cache.read_bytes() == before
