"""Bahasa Indonesia by default, English on request.

Messages are looked up by key; a missing English text falls back to the
Indonesian one rather than failing, because a reviewer must always get a message.
"""
from __future__ import annotations

import re

LANGS = ("id", "en")

MESSAGES: dict[str, dict[str, str]] = {}


def register(messages: dict[str, dict[str, str]]) -> None:
    MESSAGES.update(messages)


_PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")


def fill(template: str, values: dict) -> str:
    """Substitute ``{name}`` placeholders only.

    Deliberately not ``str.format``: templates come from rule files, and format
    specs like ``{x.__class__}`` would let a rule author reach into objects.
    """
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def t(key: str, lang: str = "id", **values) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry.get("id") or key
    return fill(template, values)


register({
    "severity.error": {"id": "kesalahan", "en": "error"},
    "severity.warning": {"id": "peringatan", "en": "warning"},
    "severity.info": {"id": "info", "en": "info"},
})
