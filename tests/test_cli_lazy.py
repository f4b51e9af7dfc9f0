"""The command group imports a command's module only when that command is needed."""
import json
import subprocess
import sys

import pytest

from conftest import ROOT

_PROBE = """
import json, sys
sys.argv = ["lkjcheck"] + json.loads(sys.argv[1])
from lkjcheck.cli import main
try:
    main()
except SystemExit:
    pass
print("\\nMODULES=" + json.dumps(sorted(m for m in sys.modules if m.startswith("lkjcheck.cli.cmd_"))))
"""


def _command_modules(args):
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("MODULES=")][-1]
    return json.loads(line[len("MODULES="):]), proc.stdout


@pytest.mark.parametrize("args, modules", [
    (["--version"], []),
    (["rules", "--family", "anggaran"], ["lkjcheck.cli.cmd_rules"]),
    (["init", "--help"], ["lkjcheck.cli.cmd_make"]),
])
def test_only_the_invoked_command_is_imported(args, modules):
    found, out = _command_modules(args)
    assert found == modules, out


def test_help_still_lists_every_command():
    from lkjcheck.cli import COMMANDS

    found, out = _command_modules(["--help"])
    listed = [ln.split()[0] for ln in out.split("Perintah:", 1)[1].splitlines() if ln.startswith("  ")]
    assert listed == sorted(COMMANDS) == ["extract", "gx", "init", "rules", "run", "serve", "text"]
    assert found == sorted({f"lkjcheck.cli.{m}" for m in COMMANDS.values()})


def test_every_command_module_is_registered_under_its_commands_names():
    from lkjcheck.cli import COMMANDS, main

    files = {p.stem for p in (ROOT / "lkjcheck" / "cli").glob("cmd_*.py")}
    assert set(COMMANDS.values()) == files
    assert {name: cmd.name for name, cmd in main.commands.items()} == {n: n for n in COMMANDS}
