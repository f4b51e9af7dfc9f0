"""Every text a user reads, in Bahasa Indonesia (`id`) and English (`en`).

The texts are data: `lkjcheck/messages/*.yaml`, one file per area (values,
findings, report, kkr, cli, read, model, run, serve …), each a mapping
``key: {id: …, en: …}``, so that a reviewer or translator rewords a message in
one place without touching code. Checks and loaders record a key and the
facts; a report or the CLI words them in the run's language
(lkjcheck.findings.Finding.words, lkjcheck.errors.InputError.text), through
lkjcheck.i18n: `t(key, lang, **values)` words a key, `say` a message of the tool's own.
Placeholders are ``{name}``, filled by lkjcheck.i18n.fill.

The files are read on first use, not on import: `lkjcheck --version` reads none.
The text checks add their own keys next to their check kinds
(lkjcheck.checks.text, through `register`), and a rule file's `message:` is its own.
"""
from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from pathlib import Path

FOLDER = Path(__file__).parent / "messages"


def _read() -> dict[str, dict[str, str]]:
    import yaml

    # The package's own files, not user input: libyaml's safe loader is enough.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out: dict[str, dict[str, str]] = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        for key, entry in (yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}).items():
            if key in out:
                raise ValueError(f"{path.name}: {key} is already in another message file")
            out[key] = entry
    return out


class _Catalogue(MutableMapping):
    """The message files, read the first time a text is looked up, plus what `register` added."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, str]] | None = None
        self._added: dict[str, dict[str, str]] = {}

    def _all(self) -> dict[str, dict[str, str]]:
        if self._data is None:
            self._data = _read()
            self._data.update(self._added)
        return self._data

    def __getitem__(self, key: str) -> dict[str, str]:
        return self._all()[key]

    def get(self, key, default=None):
        return self._all().get(key, default)

    def __contains__(self, key) -> bool:
        return key in self._all()

    def __setitem__(self, key: str, entry: dict[str, str]) -> None:
        self._added[key] = entry
        if self._data is not None:
            self._data[key] = entry

    def __delitem__(self, key: str) -> None:
        self._added.pop(key, None)
        del self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


MESSAGES: MutableMapping[str, dict[str, str]] = _Catalogue()


def register(messages: dict[str, dict[str, str]]) -> None:
    """Keys a module keeps next to its code (the text check kinds)."""
    MESSAGES.update(messages)


def entry(key: str) -> dict[str, str]:
    """A copy of the {id, en} texts of `key`, for data that carries both languages (a working paper's outline)."""
    return dict(MESSAGES[key])


def template(key: str, lang: str = "id") -> str:
    """The text of `key` in `lang`, placeholders unfilled; the key itself when the catalogue lacks it."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("id") or key

