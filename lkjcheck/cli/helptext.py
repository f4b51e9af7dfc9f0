"""`--help` and click's own messages in one language: Bahasa Indonesia, or English with --lang en.

Every text of the help is a catalogue key (lkjcheck/messages/help.yaml) that the
command classes here word only when the help is shown, so building the commands
reads no catalogue and `--version` stays instant. The language is the whole
command line's: `--lang` wherever it stands (help is asked for, and a usage
error found, before click has read it), else the configuration's `lang`, else
Indonesian.

click words its own headings and usage errors through gettext and ships no
Indonesian translation; `install` hands its modules a gettext that finds click's
English in the catalogue (each `help.click.*` entry's `en` is click's own text)
and gives the Indonesian. English is click's text unchanged, read from no file.
"""
from __future__ import annotations

import gettext
import sys
from contextlib import ExitStack, contextmanager

import click

_line: list[str] = []
_lang: str | None = None

# click words these while it builds a command (the help option's help, a Path's name), which
# happens for `--version` too: left in English then, and worded by `words` when they are shown.
_WHILE_BUILDING = frozenset({"Show this message and exit.", "Show the version and exit.", "file", "directory", "path"})


def begin(args) -> None:
    """A new command line (CliRunner invokes the group many times in one process)."""
    global _line, _lang
    _line, _lang = [str(a) for a in args], None


def lang() -> str:
    global _lang
    if _lang is None:
        _lang = lang_of(_line)
    return _lang


def lang_of(args: list[str]) -> str:
    """--lang's value wherever it stands (the last one, as click takes it), else --config's or the nearest
    configuration's `lang`, else "id"."""
    named = config = None
    items = iter(args)
    for arg in items:
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if name in ("--lang", "--config"):
            value = value if eq else next(items, None)
            if name == "--lang":
                named = value
            else:
                config = value
    if named in ("id", "en"):
        return named
    from lkjcheck.cli.common import config_lang

    return config_lang(config)


def words(text: str | None) -> str | None:
    """A help key in the line's language; click's own English the same way; any other text as it is."""
    if not text:
        return text
    entry = _texts().get(text) if text.startswith("help.") else None
    return entry[lang()] if entry else click_words(text)


def help_text(key: str, lang: str) -> str:
    """A key of messages/help.yaml in `lang`, for a command that prints a label of its own."""
    return _texts()[key][lang]


def click_words(message: str) -> str:
    if lang() == "en":
        return message
    key = _click_keys().get(message)
    return _texts()[key][lang()] if key else message


_help: dict[str, dict[str, str]] | None = None
_keys: dict[str, str] | None = None


def _texts() -> dict[str, dict[str, str]]:
    """messages/help.yaml on its own: the help needs no other message file, and reading them all
    (the whole catalogue) was a third of the CPU time of `lkjcheck run --help`. Its keys are the
    catalogue's like any other's (tests/test_catalogue.py checks them there)."""
    global _help
    if _help is None:
        from lkjcheck.catalogue import FOLDER, cached

        path = FOLDER / "help.yaml"
        _help = cached([(path.name, path.read_bytes())])
    return _help


def _click_keys() -> dict[str, str]:
    """click's English -> its key."""
    global _keys
    if _keys is None:
        _keys = {entry["en"]: k for k, entry in _texts().items() if k.startswith("help.click.")}
    return _keys


def type_word(name: str) -> str | None:
    """click's name of a parameter type ("integer", "integer range", "file") in the line's language."""
    entry = _texts().get("help.type." + name.lower().replace(" ", "_"))
    return entry[lang()] if entry else None


class _Template(str):
    """click's message in Indonesian. click fills it with str.format, and some values are its own
    English words: a number type's name ("'x' is not a valid integer"), a Path's ("File 'x' does not
    exist"); those are worded too, nothing else (the rest are what the user typed)."""

    def format(self, *args, **values):
        for k in ("number_type", "name"):
            v = values.get(k)
            if isinstance(v, str) and (k == "number_type" or v in ("File", "Directory", "Path")):
                word = type_word(v)
                if word:
                    values[k] = word[:1].upper() + word[1:] if v[:1].isupper() else word
        return str.format(self, *args, **values)


def _gettext(message: str) -> str:
    if message in _WHILE_BUILDING or lang() == "en":
        return message
    return _Template(click_words(message))


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install() -> None:
    """click's modules word their messages through lkjcheck's catalogue (see the module's docstring)."""
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is gettext.gettext:
                module._ = _gettext
            if getattr(module, "ngettext", None) is gettext.ngettext:
                module.ngettext = _ngettext


@contextmanager
def _shown(obj, *names):
    """`obj`'s help texts worded while click lays them out; the keys again afterwards."""
    saved = {n: getattr(obj, n) for n in names}
    try:
        for n, v in saved.items():
            setattr(obj, n, words(v) if isinstance(v, str) else v)
        yield
    finally:
        for n, v in saved.items():
            setattr(obj, n, v)


@contextmanager
def _shown_option(param: click.Parameter):
    with _shown(param, "help", "metavar"):
        # click's metavar is its type's English name in capitals (TEXT, INTEGER, FILE)
        if param.metavar is None and not isinstance(param.type, click.Choice):
            word = type_word(param.type.name)
            if word:
                param.metavar = word.upper()
        yield


class Worded:
    """What a command and a group of lkjcheck's do alike: help texts are keys, worded when shown."""

    def main(self, args=None, *rest, **kwargs):
        begin(sys.argv[1:] if args is None else args)
        return super().main(args, *rest, **kwargs)

    def format_help_text(self, ctx, formatter) -> None:
        with _shown(self, "help"):
            super().format_help_text(ctx, formatter)

    def format_epilog(self, ctx, formatter) -> None:
        with _shown(self, "epilog"):
            super().format_epilog(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _shown(self, "help", "short_help"):
            return super().get_short_help_str(limit)

    def format_options(self, ctx, formatter) -> None:
        with ExitStack() as stack:
            for param in self.get_params(ctx):
                stack.enter_context(_shown_option(param))
            super().format_options(ctx, formatter)

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [words(p) for p in super().collect_usage_pieces(ctx)]


class Command(Worded, click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "help.usage.options")
        super().__init__(*args, **kwargs)


class Group(Worded, click.Group):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "help.usage.options")
        kwargs.setdefault("subcommand_metavar", "help.usage.command")
        super().__init__(*args, **kwargs)


class Argument(click.Argument):
    """An argument whose name in the usage line and in errors ("Missing argument 'PATHS...'") is
    `help.arg.<name>` of the catalogue."""

    def make_metavar(self, ctx) -> str:
        shown = super().make_metavar(ctx)
        if self.metavar is None:
            word = words(f"help.arg.{self.name}")
            if word != f"help.arg.{self.name}":
                shown = shown.replace(self.name.upper(), word, 1)
        return shown
