"""Importing this module compiles the built-in text rules once, so that processes forked afterwards find them compiled.

Compiling the built-in pack's text patterns is about a tenth of a second (the
``regex`` package parses patterns in Python), or a few milliseconds when the
user's regex cache has them (safety/regexcache.py). Either way this process
keeps what it compiled keyed by pattern and flags (``regexcache._made``). The
batch runner's fork server imports this module before it forks any worker, so
a worker's patterns, compiled on first use (checks/rules.load_pack), are found
there instead of being compiled again. A rule file that cannot be read is left
to the run to report.
"""
from __future__ import annotations


def warm() -> int:
    """Compile the built-in text rules; the number compiled (0 if the pack is not there)."""
    from lkjcheck.checks.rules import builtin_rules_dir, rule_files
    from lkjcheck.checks.text.rules import load_text_rules
    from lkjcheck.errors import InputError
    from lkjcheck.safety import regexcache

    n = 0
    for path in rule_files(builtin_rules_dir() / "sakip"):
        try:
            # only the text rule files; the table rules' files are not parsed for nothing
            if "\nkind: text" in path.read_text(encoding="utf-8"):
                n += len(load_text_rules(str(path)))
        except (InputError, OSError, UnicodeDecodeError):
            pass
    # a fork server ends without running atexit: what it compiled is written now
    regexcache.flush()
    return n


COMPILED = warm()
