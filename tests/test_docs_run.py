"""The documentation's commands run, and the rule ids it names exist.

Every `lkjcheck ...` command in README.md and docs/*.md — in shell blocks, CI
snippets and inline code — is collected. Those whose paths exist in the repository
(the bundled fixtures) are run for real, in a copy; the rest name example paths
(`satker-a/`, `DIR`) and are parsed by the real command line, so that a
misspelt subcommand, option or choice fails here rather than for a reader.
"""
from __future__ import annotations

import datetime as _dt
import re
import shlex
import shutil

import click
import pytest

from conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# docs/rules.md is generated from the catalogue (its own staleness test); its
# examples of wrong input name a rule that does not exist on purpose.
PROSE = [p for p in DOCS if p.name != "rules.md"]
# What a reader types for the placeholders the docs use.
PLACEHOLDERS = {"DIR": "satker", "DIR...": "satker", "ID": "KIN002", "TXT0nn": "TXT001", "FILE": "out.txt",
                "FORMAT": "json", "DATASET": "ds", "[-o": "-o", "FILE]": "out.txt"}


def _commands() -> list[tuple[str, str]]:
    out = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        found = []
        for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
            for line in block.splitlines():
                line = re.sub(r"^\s*(\$|- run:)\s*", "", line)
                found.extend(part.strip() for part in line.split("&&"))
        found += re.findall(r"`(lkjcheck [^`]+)`", text)
        for cmd in found:
            cmd = " ".join(re.sub(r"\s+#.*$", "", cmd).split())
            if cmd.startswith("lkjcheck ") and "…" not in cmd:
                out.append((path.name, cmd))
    return sorted(set(out))


COMMANDS = _commands()


def test_the_docs_have_commands_to_check():
    assert len(COMMANDS) > 20
    assert ("README.md", "lkjcheck run fixtures/kpu-muaro-jambi-2024-corrected") in COMMANDS


def _runnable(args: list[str]) -> bool:
    paths = [a for a in args[1:] if not a.startswith("-") and ("/" in a or a.startswith("fixtures"))]
    return bool(paths) and all((ROOT / p).exists() for p in paths if not p.endswith((".html", ".json", ".sarif")))


@pytest.mark.parametrize("where,command", COMMANDS, ids=[c for _, c in COMMANDS])
def test_documented_command(cli, tmp_path, where, command):
    args = [PLACEHOLDERS.get(a, a) for a in shlex.split(command)[1:]]
    if args in (["run"], ["init"], ["gx", "..."]):
        return        # the subcommand named in prose, not a command to type
    if _runnable(["lkjcheck", *args]):
        shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
        code, out, err = cli(*args, cwd=tmp_path)
        assert code in (0, 1), f"{where}: {command}\n{err}"
        assert "Traceback" not in err and "internal error" not in err
        if command == "lkjcheck run fixtures/kpu-muaro-jambi-2024-corrected":
            assert code == 0
        return
    _parses(args, where, command)


def _parses(args, where, command):
    """The real click parser accepts the command; only example paths that do not exist may fail."""
    from lkjcheck.cli import main

    try:
        ctx = main.make_context("lkjcheck", list(args), resilient_parsing=False)
    except click.exceptions.Exit as e:          # --version, --help
        assert e.exit_code == 0
        return
    rest = _rest(ctx)
    node, parent = main, ctx
    while isinstance(node, click.Group) and rest:
        name, node, rest = node.resolve_command(parent, rest)
        assert node is not None, f"{where}: {command}: no subcommand {name}"
        try:
            parent = node.make_context(name, list(rest), parent=parent)
        except click.exceptions.Exit as e:      # `lkjcheck run --help`
            assert e.exit_code == 0
            return
        except click.BadParameter as e:
            # click's "does not exist", in the line's language (Indonesian unless told)
            assert "does not exist" in str(e) or "tidak ada" in str(e), f"{where}: {command}: {e}"
            return
        except click.UsageError as e:
            pytest.fail(f"{where}: {command}: {e}")
        rest = _rest(parent) if isinstance(node, click.Group) else []


def _rest(ctx) -> list[str]:
    # The subcommand and what follows it (click 8.2 keeps the name apart, in _protected_args).
    return [*getattr(ctx, "_protected_args", []), *ctx.args]


def test_every_rule_id_the_docs_name_exists():
    from lkjcheck.checks.rules import builtin_rules_dir, load_pack

    meta = load_pack([builtin_rules_dir() / "sakip"], compile_rules=False).meta
    for path in PROSE:
        for rid in set(re.findall(r"\b[A-Z]{2,5}[0-9]{3}\b", path.read_text(encoding="utf-8"))):
            assert rid in meta, f"{path.name} names rule {rid}, which does not exist"


def test_dates_in_doc_waiver_examples_are_still_in_force():
    today = _dt.date.today()
    for path in PROSE:
        for d in re.findall(r"until\W{0,3}\s*(\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8")):
            assert _dt.date.fromisoformat(d) > today, f"{path.name}: waiver example expired on {d}"
