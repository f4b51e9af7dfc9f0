"""Importing this module compiles the built-in text rules once, so that processes forked afterwards find them compiled.

Compiling the built-in pack's text patterns is about a tenth of a second (the
``regex`` package parses patterns in Python); the package keeps what it
compiled in a cache keyed by pattern and flags. The batch runner's fork server
imports this module before it forks any worker, so every worker's own
``load_pack`` finds the patterns in that cache instead of compiling them again.
A rule file that cannot be read is left to the run to report.
"""
from __future__ import annotations


def warm() -> int:
    """Compile the built-in text rules; the number compiled (0 if the pack is not there)."""
    from lkjcheck.checks.rules import builtin_rules_dir, rule_files
    from lkjcheck.checks.text.rules import load_text_rules
    from lkjcheck.errors import InputError

    n = 0
    for path in rule_files(builtin_rules_dir() / "sakip"):
        try:
            # only the text rule files; the table rules' files are not parsed for nothing
            if "\nkind: text" in path.read_text(encoding="utf-8"):
                n += len(load_text_rules(str(path)))
        except (InputError, OSError, UnicodeDecodeError):
            pass
    return n


COMPILED = warm()
