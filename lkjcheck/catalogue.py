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
The text checks' keys are data too (messages/text.yaml); only a rule file's
`message:` is its own.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

FOLDER = Path(__file__).parent / "messages"


def _read() -> dict[str, dict[str, str]]:
    return cached([(path.name, path.read_bytes()) for path in sorted(FOLDER.glob("*.yaml"))])


def cached(files: list[tuple[str, bytes]]) -> dict[str, dict[str, str]]:
    """The merged texts of ``files`` [(name, content)], from the user's cache when these very files were read before.

    Parsing the twenty message files was 13 ms of every command that words a
    finding; the merged mapping is plain text, kept by content (the digest of
    every name and byte) in lkjcheck/cachefile's parsed-file cache, and
    used only if it is text keyed by text.
    """
    from lkjcheck import cachefile

    if not cachefile.enabled():
        return parse_files(files)
    h = cachefile.hasher()
    for name, data in files:
        h.update(f"{name}\0{len(data)}\0".encode("utf-8", "surrogatepass"))
        h.update(data)
    key = "m:" + h.hexdigest()
    raw = cachefile.PARSED.get(key)
    if _is_catalogue(raw):
        return raw
    value = parse_files(files)
    cachefile.PARSED.put(key, value)
    return value


def _is_catalogue(raw) -> bool:
    return isinstance(raw, dict) and all(
        type(k) is str and type(e) is dict and all(type(a) is str and type(b) is str for a, b in e.items())
        for k, e in raw.items())


def parse_files(files: list[tuple[str, bytes]]) -> dict[str, dict[str, str]]:
    """The merged texts of message files given as (name, content); what `cached` keeps."""
    import yaml

    # The package's own files, not user input: libyaml's safe loader is enough.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out: dict[str, dict[str, str]] = {}
    for name, data in files:
        for key, entry in (yaml.load(data.decode("utf-8"), Loader=loader) or {}).items():
            if key in out:
                raise ValueError(f"{name}: {key} is already in another message file")
            out[key] = entry
    return out


class _Catalogue(Mapping):
    """The message files, read the first time a text is looked up."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, str]] | None = None

    def _all(self) -> dict[str, dict[str, str]]:
        if self._data is None:
            self._data = _read()
        return self._data

    def __getitem__(self, key: str) -> dict[str, str]:
        return self._all()[key]

    def get(self, key, default=None):
        return self._all().get(key, default)

    def __contains__(self, key) -> bool:
        return key in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


MESSAGES: Mapping[str, dict[str, str]] = _Catalogue()


def entry(key: str) -> dict[str, str]:
    """A copy of the {id, en} texts of `key`, for data that carries both languages (a working paper's outline)."""
    return dict(MESSAGES[key])


def template(key: str, lang: str = "id") -> str:
    """The text of `key` in `lang`, placeholders unfilled; the key itself when the catalogue lacks it."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("id") or key

