"""Never mixed: `--lang en` says nothing in Indonesian and `--lang id` nothing in English.

Over every message of both seed fixtures, the corpus, the hostile inputs of
tests/test_hostile*.py and the rule cases, in both languages. Data is allowed
in either language: text in quotes or backticks, the values a finding takes
from the dataset (its row, quote, values, table and column names) and paths.
What is left must not hold a word that gives the other language away, nor a
figure written the other language's way (Indonesian 1.234,5 / English 1,234.5).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
sys.path.insert(0, str(ROOT / "tests"))

# Words only one of the languages uses (short, common words: one of them gives a mixed message away);
# "rupiah" is the currency's name in English too.
INDONESIAN = set("""
tidak dan yang tertulis seharusnya tanggal terbaca kolom tabel baris memeriksa bukan harus dengan pada dari
untuk atau sebelum sesudah setelah bulan nama dikenal berkas kosong nilai wajib hari hanya ada diisi angka
bilangan bulat berakhir pengecualian temuan aturan lainnya ditampilkan paling banyak diperiksa teks isi sudah
belum lebih kurang sama jumlah tahun sah di ke ini itu akan dalam oleh sesuai menurut bagian tertera terlalu
besar ditolak ditemukan kunci ganda salah satu benar terhingga persen tipe pilihan masuk akal rentang
januari februari maret mei juni juli agustus oktober desember kesalahan peringatan dikecualikan
""".split())
ENGLISH = set("""
the is are not does exist unknown unreadable must should found expected stated only days month column table
row checking file missing waiver of and with was than more has no in on at for from to its this which value
invalid number year date report text rule found whole amount plausible outside refused key duplicate
must cannot could be been while where there true false empty error warning
january february march may june july august october december
""".split())

# quoted text, and {key: ...} as a dataset author types it
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|`[^`\n]*`|«[^»\n]*»|\{[^{}\n]*\}")
# realisasi_2023, pegawai.nama, data/minimal (but not the figure 1.234,5)
_IDENT = re.compile(r"/?\b[^\W\d][\w-]*(?:[._/][\w-]+)+\b")
_WORD = re.compile(r"[^\W\d_]+")
# --max-bytes, --from, -o: option names are the program's, not a language
_OPTION = re.compile(r"(?<![\w-])--?[a-z][\w-]*")
_FIGURE = {"en": re.compile(r"\b\d{1,3}(?:\.\d{3})+(?:,\d+)?\b|\b\d+,\d+%"),       # Indonesian style
           "id": re.compile(r"\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|\b\d+\.\d+%")}      # English style


def _other(lang: str) -> set[str]:
    return INDONESIAN if lang == "en" else ENGLISH


def _pack():
    from lkjcheck.run.options import Options, load_rulepack

    return load_rulepack(Options())


def _model_names() -> set[str]:
    model = _pack().model
    names = set(model.tables)
    for t in model.tables.values():
        names |= set(t.columns)
    return names


def _data_of(f) -> list[str]:
    """What a finding took from the dataset: it may be in either language."""
    out = [f.row, f.quote, f.table, f.field, f.dataset, f.location.file]
    if f.found is None:
        out.append(f.actual)
    from lkjcheck.i18n import Label

    for v in (f.args or {}).values():
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, Label):          # a code from the dataset, and the pack's English for it
            out += [v.en, v.id]
    return [s for s in out if s]


def residue(message: str, data: list[str], names: set[str]) -> str:
    """The message without quoted text, values from the data, identifiers and paths."""
    text = _QUOTED.sub(" ", message)
    for d in sorted(data, key=len, reverse=True):
        if len(d) > 1:
            text = text.replace(d, " ")
    text = _IDENT.sub(" ", text)
    text = _OPTION.sub(" ", text)
    return " ".join(w for w in text.split() if w.strip("(),.:;?!") not in names)


def violations(message: str, lang: str, data: list[str], names: set[str]) -> list[str]:
    rest = residue(message, data, names)
    bad = [w for w in _WORD.findall(rest) if w.lower() in _other(lang)]
    bad += _FIGURE[lang].findall(rest)
    return bad


# ------------------------------------------------------------------ the messages

def _run_messages(paths, lang, **opts):
    from lkjcheck.errors import InputError
    from lkjcheck.run.runner import run
    from lkjcheck.run.options import Options

    try:
        res = run([str(p) for p in paths], Options(lang=lang, **opts))
    except InputError as e:
        return [(e.text(lang), [str(p) for p in paths])]
    out = [(f.words(lang), _data_of(f)) for f in res.findings]
    out += [(d.error, [d.path]) for d in res.datasets if d.error]
    return out


def _cli_messages(args, lang):
    from lkjcheck.cli import main

    res = CliRunner().invoke(main, [*args[:1], "--lang", lang, *args[1:]])
    err = getattr(res, "stderr", "") or ""
    return [(line, [str(a) for a in args]) for line in err.splitlines() if line.startswith("lkjcheck:")]


def _rule_case_folders(tmp: Path) -> list[Path]:
    # every case kept beside the rules (rules/sakip/cases/), each side a dataset folder of its own
    from lkjcheck.checks.cases import load_cases, write_fragment
    from lkjcheck.checks.rules import builtin_rules_dir

    out = []
    i = 0
    for rule, cases in load_cases(builtin_rules_dir() / "sakip").items():
        for case in cases:
            for side in ("bad", "good"):
                fragment = getattr(case, side)
                if fragment is not None:
                    i += 1
                    out.append(write_fragment(tmp / f"{i:03d}-{rule}-{side}", fragment))
    return out


@pytest.fixture(scope="module")
def messages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cases")
    cases = _rule_case_folders(tmp)
    out: dict[str, list] = {}
    for lang in ("id", "en"):
        got = []
        for p in ("fixtures/kpu-muaro-jambi-2024", "fixtures/kpu-muaro-jambi-2024-corrected", "fixtures/corpus"):
            got += _run_messages([ROOT / p], lang)
        for d in sorted((HOSTILE / "data").iterdir()):
            got += _run_messages([d], lang)
        for d in sorted((HOSTILE / "rules").iterdir()):
            got += _cli_messages(["run", "--no-text", "--rules", str(d), str(HOSTILE / "data" / "minimal")], lang)
        # The rule cases: one run over all of them (each folder is its own dataset).
        got += _run_messages(cases, lang)
        out[lang] = got
    return out


def test_there_is_much_to_check(messages):
    for lang in ("id", "en"):
        print(f"{lang}: {len(messages[lang])} messages checked")
        assert len(messages[lang]) > 800


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_message_mixes_the_languages(messages, lang):
    names = _model_names()
    mixed = []
    for msg, data in messages[lang]:
        bad = violations(msg, lang, data, names)
        if bad:
            mixed.append(f"{bad}: {msg}")
    assert not mixed, f"{len(mixed)} of {len(messages[lang])} messages mix languages:\n" + "\n".join(mixed[:40])


def test_the_word_lists_catch_a_mixed_message():
    names = {"pagu"}
    assert violations("pagu = '1e309': angka tidak terbaca: unknown month name", "id", [], names) == \
        ["unknown", "month"]
    assert violations("tanggal tidak terbaca: 31 February 2021 does not exist", "id", [], names)
    assert violations("memeriksa 3/10 kpu", "en", [], names) == ["memeriksa"]
    assert violations("stated 1.234,5, expected 89,45%", "en", [], names) == ["1.234,5", "89,45%"]
    assert violations("tertulis 1,234.5", "id", [], names) == ["1,234.5"]
    # quoted data and the finding's own data are allowed
    assert not violations("The figure cannot be read: \"tidak terbaca\"", "en", [], names)
    assert not violations("Unit recap Umum dan Logistik: states 15", "en", ["Umum dan Logistik"], names)


def test_progress_and_cli_lines_follow_the_language():
    from lkjcheck.i18n import t

    assert not violations(t("cli.progress", "en", done=1, total=2, name="x"), "en", [], set())
    assert not violations(t("cli.no_dataset", "en"), "en", [], set())
    assert not violations(t("cli.no_dataset", "id"), "id", [], set())


def _catalogue() -> dict:
    from lkjcheck.i18n import MESSAGES

    return dict(MESSAGES)


def test_every_catalogue_entry_is_in_its_own_language():
    """Each text of lkjcheck/messages/*.yaml (the text check kinds' keys included) on its own: the
    Indonesian holds no English word, the English no Indonesian one; placeholders are data."""
    names = _model_names()
    entries = _catalogue()
    assert len(entries) > 450
    mixed = []
    for key, entry in entries.items():
        for lang in ("id", "en"):
            bad = violations(entry[lang], lang, [], names)
            if bad and key not in SAME_IN_BOTH:
                mixed.append(f"{key} [{lang}] {bad}: {entry[lang]}")
    assert not mixed, "\n".join(mixed)


# Entries that name what an author types (keys, values, option names) or that still
# carry another program's words; each with its reason.
SAME_IN_BOTH = {
    "label.no": "No (nomor) is Indonesian too",
    "kkr.temuan_id": "No. (nomor) temuan",
    "read.more_than_yaml_nodes_values": "(berkas: ...) is the dataset key an author types",
    "run.every_waiver_must_mapping_rule": "rule, justification: the keys of a waiver file",
    "run.expect_severity": "error, warning, info: the values lkjcheck.toml takes",
    "run.expect_fail_on": "error, warning, info: the values lkjcheck.toml takes",
    "cli.claims_works_with_format_text": "text, json: the values --format takes",
    "checks.pattern_needs_angka": "angka: the group name a pattern must have",
    "checks.unknown_severity_error_warning_info": "error, warning, info: the values a rule's severity takes",
    "lang.write_condition_where_not_second": "where=, key=, by=: the aggregate arguments an author types",
    "lang.key_needs_by": "where=, key=, by=: the aggregate arguments an author types",
    "lang.unknown_argument_where_by_key": "where=, key=, by=: the aggregate arguments an author types",
    "lang.key_needed_table_has_no": "where=, key=, by=: the aggregate arguments an author types",
    "lang.fn.aggregate_args": "where=, key=, by=: the aggregate arguments an author types",
    "textrule.not_bool": "true, false: the values a text rule's yes/no parameter takes",
}


@pytest.mark.parametrize("args", [["--max-bytes", "99999999999"], ["--jobs", "0"], ["--jobs", "banyak"]])
def test_usage_errors_said_before_lang_is_read_are_in_one_language(args, tmp_path, monkeypatch):
    from lkjcheck.cli import main

    monkeypatch.chdir(tmp_path)                    # no lkjcheck.toml of this repository's
    data = str(ROOT / "fixtures" / "kpu-muaro-jambi-2024-corrected")
    runs = {"id": [["run", *args, data]],
            "en": [["run", *args, "--lang", "en", data], ["run", "--lang", "en", *args, data]]}
    for lang, commands in runs.items():
        for cmd in commands:
            res = CliRunner().invoke(main, cmd)
            err = [line for line in (res.stderr or "").splitlines() if line.startswith("lkjcheck:")]
            assert res.exit_code == 2 and len(err) == 1, (cmd, res.stderr)
            assert not violations(err[0], lang, [data], set()), (cmd, err[0])
            assert (" / " not in err[0]), err[0]
    (tmp_path / "lkjcheck.toml").write_text('lang = "en"\n')
    res = CliRunner().invoke(main, ["run", *args, data])
    assert res.exit_code == 2 and not violations(res.stderr, "en", [data], set()), res.stderr


# YAML a person gets wrong, one of each mistake libyaml names in its own words (and an alias to no anchor,
# which the tree builder of lkjcheck.read.yamlsafe finds itself).
BROKEN_YAML = {
    "alias without anchor": "a: 1\nb: *x\n",
    "unclosed quote": 'a: "abc\n',
    "colon in a value": "a: b: c\n",
    "uneven indentation": "a:\n  b: 1\n c: 2\n",
    "list and mapping mixed": "- a\nb: 1\n",
    "stray character": "a: @x\n",
    "unknown escape": 'a: "\\q"\n',
    "unclosed list": "a: [1, 2\n",
    "unclosed mapping": "a: {b: 1\n",
    "unknown tag handle": "a: !x!y 1\n",
    "unknown directive": "%FOO\n---\na: 1\n",
    "text after a document": "a: 1\n--- b\n...\nc\n",
    "anchor without a name": "a: & 1\n",
    "key without colon": "{a: 1, b}: 2\nc",
}


@pytest.mark.parametrize("mistake", sorted(BROKEN_YAML))
def test_a_yaml_mistake_is_said_in_one_language(mistake):
    from lkjcheck.errors import InputError
    from lkjcheck.read.yamlsafe import parse_yaml

    with pytest.raises(InputError) as e:
        parse_yaml(BROKEN_YAML[mistake], "lkj.yaml")
    said = {lang: e.value.text(lang) for lang in ("id", "en")}
    assert said["id"] != said["en"], said
    for lang, msg in said.items():
        assert not violations(msg, lang, ["lkj.yaml"], set()), msg
    # translated from the catalogue, not quoted as libyaml's words inside the Indonesian
    assert "\u201c" not in said["id"], said["id"]


def test_an_alias_without_anchor_is_worded_like_any_other_yaml_problem():
    from lkjcheck.i18n import YamlProblem, t

    for lang in ("id", "en"):
        assert t("read.invalid_yaml_found_undefined_alias", lang) == \
            t("read.invalid_yaml", lang, problem=YamlProblem("found undefined alias"))
