"""What every layer raises or says about input it cannot use.

At the bottom of the import graph so that readers, the model, the rule
language and the CLI can all refuse input in the same words without importing
each other.
"""
from __future__ import annotations

import difflib


class InputError(Exception):
    """Input the tool cannot use at all. The CLI prints it in one line and exits 2."""

    def __init__(self, file: str, line: int | None, message_id: str, message_en: str | None = None):
        self.file = file
        self.line = line
        self.message_id = message_id
        self.message_en = message_en or message_id
        super().__init__(self.text("en"))

    def text(self, lang: str = "id") -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.message_id if lang == 'id' else self.message_en}"


def suggest(name: str, choices, lang: str = "id") -> str:
    """'; maksud Anda X?' for the nearest valid name, or nothing when none is near."""
    near = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1, cutoff=0.6)
    if not near:
        return ""
    return f"; did you mean {near[0]}?" if lang == "en" else f"; maksud Anda {near[0]}?"


def unknown_name(file, line, what_id: str, what_en: str, name, choices) -> InputError:
    """The one message for every wrong name: what it is, and the nearest right one."""
    return InputError(file, line, f"{what_id} '{name}' tidak dikenal{suggest(name, choices, 'id')}",
                      f"unknown {what_en} '{name}'{suggest(name, choices, 'en')}")
