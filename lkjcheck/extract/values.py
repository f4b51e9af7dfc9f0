"""The values extraction produces: each the text as printed, with where it was printed.

Shared by the table recogniser (tables.py), the flattened-table reader
(flat.py), the cross-table reader (cross.py) and the prose claims (prose.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkjcheck.i18n import Said
from lkjcheck.read.document import ReportDocument, Where

_FIGURE = re.compile(r"(?<![\w.,])\d[\d.,]*")
_FIGURE_TYPES = ("besaran", "persen", "rupiah", "bilangan", "cacah")
_HEADING = re.compile(r"^\s*#+\s*")


@dataclass
class Val:
    """One extracted value: the text as printed, where, and the words around it."""

    text: str
    where: Where
    words: str
    col: int | None = None      # character column in a line of text, when known


@dataclass
class Note:
    where: Where
    rule: str
    severity: str
    message: Said                   # a catalogue key (lkjcheck/messages/extract.yaml) with its values
    words: str = ""
    table: str | None = None

    @property
    def message_id(self) -> str:
        return self.message.words("id")

    @property
    def message_en(self) -> str:
        return self.message.words("en")


@dataclass
class Extracted:
    document: ReportDocument
    laporan: dict[str, Val] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Val]]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    recognised: list[tuple[str, Where, int]] = field(default_factory=list)   # (table, where, rows)

    def note(self, where, rule, severity, message: Said, words="", table=None):
        self.notes.append(Note(where, rule, severity, message, words, table))
