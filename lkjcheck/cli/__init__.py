"""Command line. Wiring only: the work is in run/, checks/ and report/; one module per command.

Heavy modules (pandas, pandera, numpy) are imported inside the commands that
need them, so `--version`, `--help` and `rules` start instantly in a
pre-commit hook.
"""
from __future__ import annotations

import os  # noqa: F401 - tests patch os through this module
import sys  # noqa: F401 - and sys

import click

from lkjcheck import __version__
from lkjcheck.cli.cmd_make import extract, init
from lkjcheck.cli.cmd_rules import rules
from lkjcheck.cli.cmd_run import run
from lkjcheck.cli.cmd_serve import gx, serve
from lkjcheck.cli.cmd_text import text
from lkjcheck.cli.common import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, _tty_progress, write_atomic  # noqa: F401


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="lkjcheck", message="%(prog)s %(version)s")
def main():
    """lkjcheck: memeriksa data Laporan Kinerja (SAKIP) seperti pereviu APIP.

    Checks the data of an Indonesian performance report (LKj) the way an
    inspectorate reviewer would.
    """


for _command in (run, rules, text, extract, init, serve, gx):
    main.add_command(_command)
