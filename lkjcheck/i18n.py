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


# A message is one or two sentences. A rule file's template may repeat a
# placeholder for a 2 MB cell sixty thousand times; the message stops growing here.
MAX_MESSAGE = 2000
# One substituted value; a longer one is cut with an ellipsis.
MAX_VALUE = 300


def fill(template: str, values: dict, limit: int = MAX_MESSAGE) -> str:
    """Substitute ``{name}`` placeholders only, into at most `limit` characters.

    Deliberately not ``str.format``: templates come from rule files, and format
    specs like ``{x.__class__}`` would let a rule author reach into objects.
    """
    out: list[str] = []
    size = pos = 0
    for m in _PLACEHOLDER.finditer(template):
        out.append(template[pos:m.start()])
        size += m.start() - pos
        v = values.get(m.group(1))
        v = m.group(0) if v is None and m.group(1) not in values else str(v)
        out.append(v if len(v) <= MAX_VALUE else v[: MAX_VALUE - 1] + "…")
        size += len(out[-1])
        pos = m.end()
        if size > limit:
            break
    else:
        out.append(template[pos:])
    text = "".join(out)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
