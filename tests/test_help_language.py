"""`--help` and click's usage errors say everything in one language (issue 12).

Indonesian unless told; English with `--lang en` wherever it stands on the
command line, or with the configuration's `lang` (a command without a --lang
option, like the group itself, has only that). Every help text is a key of
lkjcheck/messages/help.yaml, and click's own words come from there too.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_language_purity import residue, violations  # noqa: E402

DATA = str(ROOT / "fixtures" / "kpu-muaro-jambi-2024-corrected")
# [text|json|...], [error|warning|info]: the values an option takes, typed as they are in either language
_CHOICES = re.compile(r"\[[\w|-]+\]")


def _commands(cmd: click.Command, path=()):
    yield list(path), cmd
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            yield from _commands(sub, (*path, name))


def _all():
    from lkjcheck.cli import main

    return list(_commands(main))


PATHS = [p for p, _ in _all()]


def _takes_lang(path) -> bool:
    cmd = dict((tuple(p), c) for p, c in _all())[tuple(path)]
    return any("--lang" in getattr(p, "opts", ()) for p in cmd.params)


def _invoke(args, lang, tmp_path, monkeypatch, where="end"):
    """Run in an empty folder; English by --lang (at the end or the start of the command's own
    arguments) where the command takes it, else by the folder's lkjcheck.toml."""
    from lkjcheck.cli import main

    monkeypatch.chdir(tmp_path)
    if lang == "en":
        path_len = next((len(p) for p in sorted(PATHS, key=len, reverse=True) if args[:len(p)] == p), 0)
        if _takes_lang(args[:path_len]):
            flag = ["--lang", "en"]
            args = [*args, *flag] if where == "end" else [*args[:path_len], *flag, *args[path_len:]]
        else:
            (tmp_path / "lkjcheck.toml").write_text('lang = "en"\n')
    return CliRunner().invoke(main, args)


def _mixed(text: str, lang: str) -> list[str]:
    commands = {name for path in PATHS for name in path}          # the program's names, as option names are
    return violations(_CHOICES.sub(" ", text), lang, [DATA], commands)


def test_every_command_is_walked():
    assert PATHS == [[], ["extract"], ["gx"], ["gx", "export"], ["init"], ["rules"], ["rules", "explain"], ["run"],
                     ["serve"], ["text"]]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "lkjcheck")
def test_help_is_in_one_language(path, lang, tmp_path, monkeypatch):
    res = _invoke([*path, "--help"], lang, tmp_path, monkeypatch)
    out = res.output
    assert res.exit_code == 0, out
    heads = {"id": ("Penggunaan:", "Opsi:", "Tampilkan pesan ini lalu keluar."),
             "en": ("Usage:", "Options:", "Show this message and exit.")}[lang]
    assert all(h in out for h in heads), out
    assert not _mixed(out, lang), (_mixed(out, lang), out)
    assert not re.search(r"(?<![\w-])help\.\w", out), out         # every key was worded
    if lang == "id":
        assert " / " not in residue(out, [], set()), out          # no "Indonesian / English" pairs left


def test_the_group_lists_every_command_in_the_language(tmp_path, monkeypatch):
    res = _invoke(["--help"], "id", tmp_path, monkeypatch)
    listed = [ln.split()[0] for ln in res.output.split("Perintah:", 1)[1].splitlines() if ln.startswith("  ")]
    assert listed == ["extract", "gx", "init", "rules", "run", "serve", "text"]
    assert "Periksa dataset LKj." in res.output
    res = _invoke(["--help"], "en", tmp_path, monkeypatch)
    assert "Commands:" in res.output and "Check LKj datasets." in res.output


def test_each_help_text_is_a_key_in_both_languages():
    from lkjcheck.catalogue import MESSAGES

    keys = set()
    clicks = {v["en"]: k for k, v in MESSAGES.items() if k.startswith("help.click.")}
    for path, cmd in _all():
        keys |= {cmd.help, cmd.options_metavar} | ({cmd.epilog} if cmd.epilog else set())
        if isinstance(cmd, click.Group):
            keys.add(cmd.subcommand_metavar)
        for p in cmd.params:
            if isinstance(p, click.Argument):
                keys.add(f"help.arg.{p.name}")
            elif p.help in clicks:                # --version and --help: click's words, worded as its messages
                keys.add(clicks[p.help])
            elif p.help is not None:
                keys.add(p.help)
            else:
                pytest.fail(f"{' '.join(path)} {p.opts}: no help")
    assert len(keys) > 60
    from lkjcheck.cli.helptext import _texts

    for key in keys:
        # in the catalogue, and in help.yaml, the one file the help reads
        assert key.startswith("help.") and key in MESSAGES and key in _texts(), key
        entry = MESSAGES[key]
        assert entry["id"] and entry["en"] and entry["id"] != key, key


# usage errors a person makes: an unknown option (with "did you mean"), a missing argument or
# option, a value outside the choices, not a whole number, out of range, an unknown command
ERRORS = [
    (["run", "--frmat", "json", DATA], {"id": "Maksud Anda '--format'?", "en": "Did you mean '--format'?"}),
    (["run"], {"id": "Tidak ada argumen 'JALUR...'", "en": "Missing argument 'PATHS...'"}),
    (["run", "--format", "pdf", DATA], {"id": "bukan salah satu dari", "en": "is not one of"}),
    (["run", "--max-bytes", "banyak", DATA], {"id": "'banyak' bukan bilangan bulat yang sah",
                                              "en": "'banyak' is not a valid integer"}),
    (["run", "--tahun", "3000", DATA], {"id": "di luar rentang", "en": "is not in the range"}),
    (["text", "laporan.md"], {"id": "Tidak ada opsi '--tahun'", "en": "Missing option '--tahun'"}),
    (["rules", "explain"], {"id": "Tidak ada argumen 'ID_ATURAN'", "en": "Missing argument 'RULE_ID'"}),
    (["init", "--xlsx", "--from", "tidak-ada", "baru"], {"id": "Jalur 'tidak-ada' tidak ada",
                                                          "en": "Path 'tidak-ada' does not exist"}),
    (["rn", DATA], {"id": "Perintah 'rn' tidak ada. Maksud Anda 'run'?",
                    "en": "No such command 'rn'. Did you mean 'run'?"}),
]


@pytest.mark.parametrize("where", ["end", "start"])
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("args, said", ERRORS, ids=[" ".join(a[:3]).replace(DATA, "DATA") for a, _ in ERRORS])
def test_usage_errors_are_in_one_language(args, said, lang, where, tmp_path, monkeypatch):
    res = _invoke(args, lang, tmp_path, monkeypatch, where)
    err = res.stderr
    assert res.exit_code == 2, err
    assert said[lang] in err, err
    assert ("Kesalahan: " if lang == "id" else "Error: ") in err
    assert ("Coba '" if lang == "id" else "Try '") in err and ("Penggunaan:" if lang == "id" else "Usage:") in err
    assert not _mixed(err, lang), (_mixed(err, lang), err)


def test_click_messages_are_clicks_own_words():
    """Each help.click.* entry's English is a message of the installed click, letter for letter: a
    message click rewords would otherwise quietly stay English in the Indonesian."""
    from lkjcheck.catalogue import MESSAGES

    source = "".join(p.read_text(encoding="utf-8") for p in Path(click.__file__).parent.glob("*.py"))
    older = {"help.click.no_such_option_81", "help.click.no_such_command_81", "help.click.possible_options"}
    entries = {k: v["en"] for k, v in MESSAGES.items() if k.startswith("help.click.")}
    assert len(entries) > 30
    for key, en in entries.items():
        if key not in older:
            assert en.replace("\n", "\\n").replace("\t", "\\t") in source, f"{key}: {en!r} is not click's"


_PROBE = """
import json, sys
sys.argv = ["lkjcheck", "--version"]
from lkjcheck.cli import main
try:
    main()
except SystemExit:
    pass
from lkjcheck import catalogue
print("\\nREAD=" + json.dumps([catalogue.MESSAGES._data is not None, "yaml" in sys.modules,
                               "lkjcheck.run.config" in sys.modules]))
"""


def test_version_reads_no_catalogue_and_no_configuration(tmp_path):
    proc = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.stdout.startswith("lkjcheck "), proc.stdout + proc.stderr
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("READ=")][-1]
    assert json.loads(line[len("READ="):]) == [False, False, False]


def test_english_is_clicks_text_unchanged(tmp_path, monkeypatch):
    # what English users saw before: click's own words, from no file
    from lkjcheck.cli import helptext

    helptext.begin(["--lang", "en"])
    assert helptext._gettext("No such option {name!r}.") == "No such option {name!r}."
    helptext.begin([])
    monkeypatch.chdir(tmp_path)
    assert helptext._gettext("No such option {name!r}.").format(name="--x") == "Opsi '--x' tidak ada."
    assert helptext.lang_of(["run", "--lang=en"]) == "en"
    assert helptext.lang_of(["run", "--lang", "id", "--lang", "en"]) == "en"
    assert helptext.lang_of(["run", "--", "--lang", "en"]) == "id"
    (tmp_path / "en.toml").write_text('lang = "en"\n')
    assert helptext.lang_of(["run", "--config", "en.toml"]) == "en"
