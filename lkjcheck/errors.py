"""What every layer raises or says about input it cannot use.

At the bottom of the import graph so that readers, the model, the rule
language and the CLI can all refuse input in the same words without importing
each other.
"""
from __future__ import annotations


from lkjcheck.i18n import Said, Value, say


class InputError(Exception):
    """Input the tool cannot use at all. The CLI prints it in one line and exits 2.

    `key` is a catalogue key (lkjcheck/messages/*.yaml) and `args` its values;
    the message is worded when it is printed, in the run's language.
    """

    def __init__(self, file: str, line: int | None, key: str, /, **args):
        self.file = file
        self.line = line
        self.key = key
        self.args_ = args
        super().__init__(self.text("en"))

    @property
    def message_id(self) -> str:
        return self.message("id")

    @property
    def message_en(self) -> str:
        return self.message("en")

    def message(self, lang: str = "id") -> str:
        """The message alone, without the file and line."""
        return say(self.key, lang, self.args_.items())

    def text(self, lang: str = "id") -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.message(lang)}"

    def portable_args(self) -> dict:
        """The values as they will be worded: i18n values kept, anything else (an OSError, a path) as text,
        so that the error crosses from a worker process to its parent whatever it named."""
        return {k: (v if isinstance(v, Value) else str(v)) for k, v in self.args_.items()}

    def __reduce__(self):
        # Crosses from a worker process to its parent: rebuilt from its parts, whatever the subclass's signature.
        return (_rebuild, (type(self), self.file, self.line, self.key, self.portable_args()))


def _rebuild(cls, file, line, key, args):
    e = cls.__new__(cls)
    InputError.__init__(e, file, line, key, **args)
    return e


class Keyed:
    """An error whose words are a catalogue key (`key`) and its values (`values`), worded in each
    language on demand: an expression, a pattern or a figure refused below the layer that names the file."""

    key: str
    values: dict

    def worded(self, lang: str) -> str:
        return say(self.key, lang, self.values.items())

    @property
    def msg_id(self) -> str:
        return self.worded("id")

    @property
    def msg_en(self) -> str:
        return self.worded("en")


class Suggestion(Value):
    """'; maksud Anda X?' for the nearest valid name, or nothing when none is near."""

    __slots__ = ("near",)

    def __init__(self, near: str | None):
        self.near = near

    def __bool__(self) -> bool:
        return self.near is not None

    def words(self, lang: str) -> str:
        return say("input.did_you_mean", lang, (("name", self.near),)) if self.near else ""


def suggest(name: str, choices, lang: str | None = None):
    """The nearest valid name as a message part (a Suggestion), or its words in `lang` when given."""
    import difflib      # only when a name is wrong: not on every run's import path

    near = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1, cutoff=0.6)
    s = Suggestion(near[0] if near else None)
    return s if lang is None else s.words(lang)


def unknown_name(file, line, what: str, name, choices, /, **args) -> InputError:
    """The one message for every wrong name: what it is (a catalogue key, with `args`), and the nearest right one."""
    return InputError(file, line, "input.unknown_name", what=Said(what, **args), name=name,
                      suggest=suggest(name, choices))
