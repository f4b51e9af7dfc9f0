"""The functions a rule may call: one registry entry each, read by the type checker and the docs.

An entry declares the function's arguments (a name and the kinds each
accepts), its result kind and its meaning in Indonesian and English; the
examples are the rule pack's, written on its model's tables
(rules/sakip/expressions.yaml). `lang.types` checks a call
against its entry; arguments that must be written literally (a pattern, a
date format, round's digits) are checked by the entry's `literal` step,
which also fixes what the call evaluates with (`Func.extra`).
`lang.vectorised` holds the implementations, one per entry, and
`python -m lkjcheck.lang.doc` writes docs/expressions.md from here.

Nothing here imports numpy: compiling a rule must stay cheap for
`lkjcheck rules` and `lkjcheck text`.
"""
from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Callable

from lkjcheck.catalogue import MESSAGES

from lkjcheck.lang.syntax import REGEX_BUDGET, REGEX_TIMEOUT, ExprError, fail

NUMBER = ("num", "money")
FIGURE = ("num", "money", "date")
TEXT = ("text",)


@dataclass(frozen=True)
class Arg:
    name: str
    kinds: tuple | None = None      # None: any kind
    # The catalogue key of the wording when the kind is wrong (given the function's `name`),
    # if not the general "expected ..., got ...".
    wrong: str | None = None
    literal: str = ""               # what must be written literally, for the docs ("integer 0–15")


@dataclass(frozen=True)
class Function:
    name: str
    args: tuple                     # of Arg; the last one stands for any further argument up to max_args
    result: str | None              # None: the kind of the first argument
    doc: dict                       # {"id": ..., "en": ...}
    min_args: int | None = None     # default: every declared argument
    max_args: int | None = None
    # (compiler, call node, typed arguments) -> (arguments evaluated per row, Func.extra); the compiler
    # offers constant(node) and parameter(node), the values of arguments written literally.
    literal: Callable | None = None

    @property
    def arity(self) -> tuple[int, int]:
        n = len(self.args)
        return (self.min_args if self.min_args is not None else n, self.max_args if self.max_args is not None else n)

    def signature(self) -> str:
        names = [a.name for a in self.args]
        lo, hi = self.arity
        if hi > len(names):
            names.append("...")
        elif lo < len(names):
            names[lo:] = [f"[{n}]" for n in names[lo:]]
        return f"{self.name}({', '.join(names)})"


# ---------------------------------------------------------------- literal arguments

def _round_digits(compiler, node, args):
    if len(args) == 2:
        n = compiler.constant(args[1])
        if not isinstance(n, int):
            fail(node, "lang.round_digits_literal")
        if not 0 <= n <= 15:
            # numpy's time grows with n (seconds at 10**9); a float has 15 digits anyway
            fail(node, "lang.round_digits_range")
        return args[:1], {"ndigits": n}
    return args, {}


def _substr_positions(compiler, node, args):
    start, end = (compiler.constant(a) for a in args[1:])
    if not isinstance(start, int) or not isinstance(end, int):
        fail(node, "lang.substr_positions")
    return args[:1], {"start": start, "end": end}


DATE_FORMATS = ("YYYYMMDD", "YYYYMM", "YYYY")


def _date_format(compiler, node, args):
    if compiler.constant(args[1]) not in DATE_FORMATS:
        fail(node, "lang.tanggal_dari_format")
    return args[:1], {"fmt": compiler.constant(args[1])}


def _pattern(name):
    def check(compiler, node, args):
        return args[:1], {"pattern": compiler.literal_regex(node, name, args[1]), "budget": compiler.regex_budget}
    return check


def _scale_text(compiler, node, args):
    src = compiler.constant(args[1])
    if not isinstance(src, str):
        src = compiler.parameter(args[1])
    if not isinstance(src, str):
        fail(node, "lang.scale_literal")
    try:
        parse_scale(src)
    except ExprError as e:
        fail(node, e.key, **e.values)
    return args, {}


def parse_scale(spec: str) -> list[tuple[float, str]]:
    """'85: Sangat Berhasil; 70: Berhasil; 0: Kurang' -> [(85, ...), (70, ...), (0, ...)], highest first.

    A scale of lower bounds has no gaps by construction: every value at or
    above a bound belongs to that class until the next bound, and values below
    the lowest bound belong to the lowest class.
    """
    out = []
    for part in str(spec).split(";"):
        if not part.strip():
            continue
        bound, sep, label = part.partition(":")
        try:
            b = float(bound.strip().replace(",", "."))
        except ValueError:
            raise ExprError("lang.invalid_scale_write_bound_label", part=part.strip())
        if not sep or not label.strip():
            raise ExprError("lang.invalid_scale_has_no_label", part=part.strip())
        out.append((b, label.strip()))
    if not out:
        raise ExprError("lang.empty_scale")
    return sorted(out, key=lambda t: -t[0])


TIMED_OUT = object()


class RegexBudget:
    """Time left for the regex calls of one expression; once spent, the remaining rows are unknown."""

    def __init__(self):
        self.left = REGEX_BUDGET

    def search_each(self, pattern, texts: list) -> list:
        """Per text: the match, None, or TIMED_OUT when that text or the budget ran out."""
        out = []
        # The budget counts this thread's CPU, not wall time: on a busy machine
        # the wall clock runs on while the process waits for a core, and 10,000
        # NIPs of a batch then ran out of budget and came out as unknown
        # (benchmarks at a load of 15: thousands of false SDM003 findings).
        # One clock reading a text, each search's end the next one's start: the
        # budget is charged the little between searches too, never less.
        clock = time.thread_time
        t0 = clock()
        for s in texts:
            if self.left <= 0:
                out.append(TIMED_OUT)
                continue
            try:
                out.append(pattern.search(s, timeout=min(REGEX_TIMEOUT, self.left)))
            except TimeoutError:
                out.append(TIMED_OUT)
            finally:
                t1 = clock()
                self.left -= t1 - t0
                t0 = t1
        return out


# ---------------------------------------------------------------- the registry

class _Doc(Mapping):
    """A description {id, en}: the catalogue's entry `key` (lkjcheck/messages/lang.yaml), read when the
    docs are written, not when the functions are registered at import."""

    def __init__(self, key: str):
        self.key = key

    def __getitem__(self, lang: str) -> str:
        return MESSAGES[self.key][lang]

    def __iter__(self):
        return iter(MESSAGES[self.key])

    def __len__(self) -> int:
        return len(MESSAGES[self.key])


_ENTRIES = [
    Function("ada", (Arg("x"),), "bool", _Doc("lang.fn.ada")),
    Function("kosong", (Arg("x"),), "bool", _Doc("lang.fn.kosong")),
    Function("tepat", (Arg("x", FIGURE),), "bool",
             _Doc("lang.fn.tepat")),
    Function("abs", (Arg("x", FIGURE),), None, _Doc("lang.fn.abs")),
    Function("round", (Arg("x", NUMBER), Arg("n", literal="integer 0–15")), "num",
             _Doc("lang.fn.round"),
             min_args=1, literal=_round_digits),
    Function("min", (Arg("a", FIGURE), Arg("b", FIGURE)), "num",
             _Doc("lang.fn.min"), max_args=8),
    Function("max", (Arg("a", FIGURE), Arg("b", FIGURE)), "num",
             _Doc("lang.fn.max"), max_args=8),
    Function("lower", (Arg("s", TEXT),), "text", _Doc("lang.fn.lower")),
    Function("upper", (Arg("s", TEXT),), "text", _Doc("lang.fn.upper")),
    Function("trim", (Arg("s", TEXT),), "text",
             _Doc("lang.fn.trim")),
    Function("len", (Arg("s", TEXT),), "num", _Doc("lang.fn.len")),
    Function("digits", (Arg("s", TEXT),), "text", _Doc("lang.fn.digits")),
    Function("angka", (Arg("s", TEXT),), "num",
             _Doc("lang.fn.angka")),
    Function("startswith", (Arg("s", TEXT), Arg("p", TEXT, "lang.p_must_be_text")), "bool",
             _Doc("lang.fn.startswith")),
    Function("endswith", (Arg("s", TEXT), Arg("p", TEXT, "lang.p_must_be_text")), "bool",
             _Doc("lang.fn.endswith")),
    Function("contains", (Arg("s", TEXT), Arg("p", TEXT, "lang.p_must_be_text")), "bool",
             _Doc("lang.fn.contains")),
    Function("substr", (Arg("s", TEXT), Arg("awal", literal="integer"), Arg("akhir", literal="integer")), "text",
             _Doc("lang.fn.substr"),
             literal=_substr_positions),
    Function("matches", (Arg("s", TEXT), Arg("pola", literal="regular expression")), "bool",
             _Doc("lang.fn.matches"),
             literal=_pattern("matches")),
    Function("ambil", (Arg("s", TEXT), Arg("pola", literal="regular expression")), "text",
             _Doc("lang.fn.ambil"),
             literal=_pattern("ambil")),
    Function("kata", (Arg("s", TEXT), Arg("n", ("num",))), "text",
             _Doc("lang.fn.kata")),
    Function("gabung", (Arg("a"), Arg("b")), "text",
             _Doc("lang.fn.gabung"),
             min_args=1, max_args=8),
    Function("kelas", (Arg("x", NUMBER), Arg("skala", literal="text or param('...')")), "text",
             _Doc("lang.fn.kelas"), literal=_scale_text),
    Function("tanggal", (Arg("y", ("num",)), Arg("m", ("num",)), Arg("d", ("num",))), "date",
             _Doc("lang.fn.tanggal")),
    Function("tanggal_dari", (Arg("s", TEXT), Arg("f", literal="'YYYYMMDD', 'YYYYMM' or 'YYYY'")), "date",
             _Doc("lang.fn.tanggal_dari"), literal=_date_format),
    Function("akhir_tahun", (Arg("y", ("num",)),), "date", _Doc("lang.fn.akhir_tahun")),
    Function("tahun", (Arg("d", ("date",)),), "num", _Doc("lang.fn.tahun")),
    Function("bulan", (Arg("d", ("date",)),), "num", _Doc("lang.fn.bulan")),
    Function("hari", (Arg("d", ("date",)),), "num",
             _Doc("lang.fn.hari")),
    Function("tambah_bulan", (Arg("d", ("date",)), Arg("n", ("num",))), "date",
             _Doc("lang.fn.tambah_bulan")),
]
FUNCTIONS: dict[str, Function] = {f.name: f for f in _ENTRIES}


@dataclass(frozen=True)
class Form:
    """A form the type checker reads itself (aggregates, param): documented beside the functions."""

    signature: str
    doc: dict


AGG_KEYWORDS = ("where", "by", "key", "tahun")
_AGG_ARGS = "where=..., by=column, key=..., tahun=..."
AGGREGATES: dict[str, Form] = {
    "sum": Form(f"sum(table.column, {_AGG_ARGS})", _Doc("lang.fn.agg.sum")),
    "mean": Form(f"mean(table.column, {_AGG_ARGS})", _Doc("lang.fn.agg.mean")),
    "count": Form(f"count(table, {_AGG_ARGS})", _Doc("lang.fn.agg.count")),
    "min": Form(f"min(table.column, {_AGG_ARGS})", _Doc("lang.fn.agg.min")),
    "max": Form(f"max(table.column, {_AGG_ARGS})", _Doc("lang.fn.agg.max")),
    "one": Form(f"one(table.column, {_AGG_ARGS})", _Doc("lang.fn.agg.one")),
    "first": Form(f"first(table.column, {_AGG_ARGS})", _Doc("lang.fn.agg.first")),
    "lookup": Form(f"lookup(table.column, {_AGG_ARGS})", _Doc("lang.fn.agg.lookup")),
}
AGGREGATE_DOC = _Doc("lang.fn.aggregate_args")
PARAM = Form("param('name')", _Doc("lang.fn.param"))
