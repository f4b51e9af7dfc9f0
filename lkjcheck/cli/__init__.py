"""Command line. Wiring only: the work is in run/, checks/ and report/; one module per command.

Heavy modules (pandas, pandera, numpy) are imported inside the commands that
need them, and a command's module only when that command runs (or `--help`
lists it), so `--version`, `--help` and `rules` start instantly in a
pre-commit hook.
"""
from __future__ import annotations

import os  # noqa: F401 - tests patch os through this module
import sys  # noqa: F401 - and sys

from lkjcheck.gcpause import paused

# Start-up only makes objects that live until exit: no collector walks over them (lkjcheck.gcpause).
with paused(freeze=True):
    import click

    from lkjcheck import __version__
    from lkjcheck.cli import helptext
    from lkjcheck.cli.common import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, _tty_progress, write_atomic  # noqa: F401

    helptext.install()

# command name -> the module of lkjcheck.cli that defines it (as an attribute of that name)
COMMANDS = {"run": "cmd_run", "rules": "cmd_rules", "text": "cmd_text", "extract": "cmd_make", "init": "cmd_make",
            "serve": "cmd_serve", "gx": "cmd_serve"}


class LazyGroup(helptext.Group):
    """A group whose commands are imported when first asked for, as click's documentation suggests.

    `commands` stays the complete mapping click's API promises (tests and tools
    walk it); only reading it as a whole imports every command module.
    """

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs):
        self._lazy = dict(lazy or {})
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> dict[str, click.Command]:
        for name in list(self._lazy):
            self._load(name)
        return self._loaded

    @commands.setter
    def commands(self, value) -> None:
        self._loaded = dict(value)

    def _load(self, name: str) -> click.Command:
        import importlib

        with paused(freeze=True):
            module = importlib.import_module(f"{__name__}.{self._lazy.pop(name)}")
        cmd = getattr(module, name)
        self._loaded[name] = cmd
        return cmd

    def list_commands(self, ctx) -> list[str]:
        return sorted({*self._loaded, *self._lazy})

    def get_command(self, ctx, cmd_name: str):
        if cmd_name in self._loaded:
            return self._loaded[cmd_name]
        return self._load(cmd_name) if cmd_name in self._lazy else None


@click.group(cls=LazyGroup, lazy=COMMANDS, help="help.main", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="lkjcheck", message="%(prog)s %(version)s")
def main():
    """The group: its help is help.main of lkjcheck/messages/help.yaml."""
