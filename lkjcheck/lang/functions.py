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
from dataclasses import dataclass
from typing import Callable

from lkjcheck.lang.syntax import REGEX_BUDGET, REGEX_TIMEOUT, ExprError, fail

NUMBER = ("num", "money")
FIGURE = ("num", "money", "date")
TEXT = ("text",)


@dataclass(frozen=True)
class Arg:
    name: str
    kinds: tuple | None = None      # None: any kind
    # The wording when the kind is wrong, if not the general "expected ..., got ...".
    wrong: tuple[str, str] | None = None
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
            fail(node, "round(x, n): n harus bilangan bulat tetap", "round(x, n): n must be a literal integer")
        if not 0 <= n <= 15:
            # numpy's time grows with n (seconds at 10**9); a float has 15 digits anyway
            fail(node, "round(x, n): n harus 0 sampai 15", "round(x, n): n must be 0 to 15")
        return args[:1], {"ndigits": n}
    return args, {}


def _substr_positions(compiler, node, args):
    start, end = (compiler.constant(a) for a in args[1:])
    if not isinstance(start, int) or not isinstance(end, int):
        fail(node, "substr(s, awal, akhir): posisi harus bilangan bulat tetap",
             "substr(s, start, end): positions must be literal integers")
    return args[:1], {"start": start, "end": end}


DATE_FORMATS = ("YYYYMMDD", "YYYYMM", "YYYY")


def _date_format(compiler, node, args):
    if compiler.constant(args[1]) not in DATE_FORMATS:
        fail(node, "tanggal_dari(s, f): f adalah 'YYYYMMDD', 'YYYYMM' atau 'YYYY'",
             "tanggal_dari(s, f): f is 'YYYYMMDD', 'YYYYMM' or 'YYYY'")
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
        fail(node, "kelas(x, skala): skala harus teks tetap atau param('...')",
             "kelas(x, scale): the scale must be literal text or param('...')")
    try:
        parse_scale(src)
    except ExprError as e:
        fail(node, e.msg_id, e.msg_en)
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
            raise ExprError(f"skala tidak sah: '{part.strip()}' (tulis 'batas: label; ...')",
                            f"invalid scale: '{part.strip()}' (write 'bound: label; ...')")
        if not sep or not label.strip():
            raise ExprError(f"skala tidak sah: '{part.strip()}' tanpa label", f"invalid scale: '{part.strip()}' has no label")
        out.append((b, label.strip()))
    if not out:
        raise ExprError("skala kosong", "empty scale")
    return sorted(out, key=lambda t: -t[0])


TIMED_OUT = object()


class RegexBudget:
    """Time left for the regex calls of one expression; once spent, the remaining rows are unknown."""

    def __init__(self):
        self.left = REGEX_BUDGET

    def search_each(self, pattern, texts: list) -> list:
        """Per text: the match, None, or TIMED_OUT when that text or the budget ran out."""
        out = []
        for s in texts:
            if self.left <= 0:
                out.append(TIMED_OUT)
                continue
            # The budget counts this thread's CPU, not wall time: on a busy machine
            # the wall clock runs on while the process waits for a core, and 10,000
            # NIPs of a batch then ran out of budget and came out as unknown
            # (benchmarks at a load of 15: thousands of false SDM003 findings).
            t0 = time.thread_time()
            try:
                out.append(pattern.search(s, timeout=min(REGEX_TIMEOUT, self.left)))
            except TimeoutError:
                out.append(TIMED_OUT)
            finally:
                self.left -= time.thread_time() - t0
        return out


# ---------------------------------------------------------------- the registry

def _doc(id_: str, en: str) -> dict:
    return {"id": id_, "en": en}


_P_TEXT = {name: (f"{name}(s, p): p harus teks", f"{name}(s, p): p must be text")
           for name in ("startswith", "endswith", "contains")}

_ENTRIES = [
    Function("ada", (Arg("x"),), "bool", _doc("benar bila x terisi", "true when x has a value")),
    Function("kosong", (Arg("x"),), "bool", _doc("benar bila x kosong", "true when x is empty")),
    Function("tepat", (Arg("x", FIGURE),), "bool",
             _doc("benar bila x berarti satu nilai saja: '15 Januari 2025' atau sebuah cacah, bukan 'Januari 2025' "
                  "atau '99,01%' yang diukur", "true when x stands for one value: '15 Januari 2025' or a count, "
                  "not 'Januari 2025' or a measured '99,01%'")),
    Function("abs", (Arg("x", FIGURE),), None, _doc("nilai mutlak", "absolute value")),
    Function("round", (Arg("x", NUMBER), Arg("n", literal="integer 0–15")), "num",
             _doc("x dibulatkan ke n desimal (bawaan 0)", "x rounded to n decimals (default 0)"),
             min_args=1, literal=_round_digits),
    Function("min", (Arg("a", FIGURE), Arg("b", FIGURE)), "num",
             _doc("yang terkecil dari 2–8 nilai, dengan presisinya sendiri",
                  "the smallest of 2–8 values, with its own precision"), max_args=8),
    Function("max", (Arg("a", FIGURE), Arg("b", FIGURE)), "num",
             _doc("yang terbesar dari 2–8 nilai, dengan presisinya sendiri",
                  "the largest of 2–8 values, with its own precision"), max_args=8),
    Function("lower", (Arg("s", TEXT),), "text", _doc("teks dalam huruf kecil", "text in lower case")),
    Function("upper", (Arg("s", TEXT),), "text", _doc("teks dalam huruf besar", "text in upper case")),
    Function("trim", (Arg("s", TEXT),), "text",
             _doc("teks tanpa spasi di tepi, spasi di dalam menjadi satu", "text with outer spaces removed and "
                  "inner runs of spaces made one")),
    Function("len", (Arg("s", TEXT),), "num", _doc("banyak karakter teks", "number of characters of the text")),
    Function("digits", (Arg("s", TEXT),), "text", _doc("angka 0-9 dalam teks saja", "only the digits 0-9 of the text")),
    Function("angka", (Arg("s", TEXT),), "num",
             _doc("teks yang hanya berisi angka 0-9 sebagai bilangan; selain itu kosong",
                  "text made only of the digits 0-9 as a number; anything else is empty")),
    Function("startswith", (Arg("s", TEXT), Arg("p", TEXT, _P_TEXT["startswith"])), "bool",
             _doc("benar bila s diawali p (huruf besar/kecil sama)", "true when s starts with p (ignoring case)")),
    Function("endswith", (Arg("s", TEXT), Arg("p", TEXT, _P_TEXT["endswith"])), "bool",
             _doc("benar bila s diakhiri p (huruf besar/kecil sama)", "true when s ends with p (ignoring case)")),
    Function("contains", (Arg("s", TEXT), Arg("p", TEXT, _P_TEXT["contains"])), "bool",
             _doc("benar bila p ada di dalam s (huruf besar/kecil sama)", "true when p occurs in s (ignoring case)")),
    Function("substr", (Arg("s", TEXT), Arg("awal", literal="integer"), Arg("akhir", literal="integer")), "text",
             _doc("bagian s dari posisi awal (mulai 0) sampai sebelum akhir", "the part of s from position awal "
                  "(counted from 0) up to, not including, akhir"),
             literal=_substr_positions),
    Function("matches", (Arg("s", TEXT), Arg("pola", literal="regular expression")), "bool",
             _doc("benar bila pola (ekspresi reguler, dengan batas waktu) ditemukan di s",
                  "true when the pattern (a regular expression, time-bounded) is found in s"),
             literal=_pattern("matches")),
    Function("ambil", (Arg("s", TEXT), Arg("pola", literal="regular expression")), "text",
             _doc("bagian s yang cocok dengan pola (grup pertamanya bila ada); kosong bila tidak cocok",
                  "the part of s the pattern matches (its first group if it has one); empty when none"),
             literal=_pattern("ambil")),
    Function("kata", (Arg("s", TEXT), Arg("n", ("num",))), "text",
             _doc("kata ke-n dari s (mulai 1); teks kosong bila tidak ada", "the n-th word of s (from 1); empty "
                  "text when there is none")),
    Function("gabung", (Arg("a"), Arg("b")), "text",
             _doc("kunci gabungan: nilai-nilai dipisah spasi, yang kosong menjadi teks kosong",
                  "a composite key: the values separated by spaces, an empty one as empty text"),
             min_args=1, max_args=8),
    Function("kelas", (Arg("x", NUMBER), Arg("skala", literal="text or param('...')")), "text",
             _doc("label skala untuk x, skala ditulis 'batas: label; ...' (di bawah batas terendah: kelas terendah); "
                  "kosong bila presisi x melintasi sebuah batas",
                  "the scale's label for x, the scale written 'bound: label; ...' (below the lowest bound: the lowest "
                  "class); empty when x's precision straddles a bound"), literal=_scale_text),
    Function("tanggal", (Arg("y", ("num",)), Arg("m", ("num",)), Arg("d", ("num",))), "date",
             _doc("tanggal dari tahun, bulan dan hari; kosong bila tidak ada", "the date of year, month and day; "
                  "empty when there is no such date")),
    Function("tanggal_dari", (Arg("s", TEXT), Arg("f", literal="'YYYYMMDD', 'YYYYMM' or 'YYYY'")), "date",
             _doc("tanggal yang ditulis sebagai angka dalam s (bulan atau tahun menjadi rentang hari)",
                  "the date written as digits in s (a month or a year is a range of days)"), literal=_date_format),
    Function("akhir_tahun", (Arg("y", ("num",)),), "date", _doc("31 Desember tahun y", "31 December of year y")),
    Function("tahun", (Arg("d", ("date",)),), "num", _doc("tahun dari tanggal d", "the year of date d")),
    Function("bulan", (Arg("d", ("date",)),), "num", _doc("bulan (1-12) dari tanggal d", "the month (1-12) of date d")),
    Function("hari", (Arg("d", ("date",)),), "num",
             _doc("hari dari tanggal d; 'Januari 2025' bisa hari mana saja", "the day of date d; 'Januari 2025' "
                  "could be any day")),
    Function("tambah_bulan", (Arg("d", ("date",)), Arg("n", ("num",))), "date",
             _doc("tanggal d ditambah n bulan (hari terakhir bulan bila harinya tidak ada)",
                  "date d plus n months (the month's last day when the day does not exist)")),
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
    "sum": Form(f"sum(table.column, {_AGG_ARGS})", _doc("jumlah kolom atas baris tabel lain", "the column's total "
                "over another table's rows")),
    "mean": Form(f"mean(table.column, {_AGG_ARGS})", _doc("rata-rata; kosong bila tidak ada baris", "the mean; "
                 "empty when there are no rows")),
    "count": Form(f"count(table, {_AGG_ARGS})", _doc("banyak baris", "the number of rows")),
    "min": Form(f"min(table.column, {_AGG_ARGS})", _doc("nilai terkecil", "the smallest value")),
    "max": Form(f"max(table.column, {_AGG_ARGS})", _doc("nilai terbesar", "the largest value")),
    "one": Form(f"one(table.column, {_AGG_ARGS})", _doc("nilai satu-satunya baris yang cocok; kosong bila tidak "
                "ada atau lebih dari satu", "the value of the only matching row; empty when none or several match")),
    "first": Form(f"first(table.column, {_AGG_ARGS})", _doc("nilai baris pertama menurut urutan dokumen",
                  "the value of the first row in document order")),
    "lookup": Form(f"lookup(table.column, {_AGG_ARGS})", _doc("sama dengan one()", "the same as one()")),
}
AGGREGATE_DOC = _doc(
    "Agregat membaca tabel lain dalam laporan yang sama: where= memilih barisnya, by= mencocokkan kolom tabel itu "
    "dengan key= (bawaan: kolom bernama sama di tabel aturan), tahun= membaca laporan instansi yang sama untuk tahun "
    "itu.", "Aggregates read another table of the same report: where= selects its rows, by= matches a column of "
    "that table against key= (default: the rule table's column of the same name), tahun= reads the same agency's "
    "report for that year.")
PARAM = Form("param('name')", _doc("parameter paket aturan atau konfigurasi (`parameter:` di model.yaml, "
             "`[param]` di lkjcheck.toml)", "a rule-pack or configuration parameter (`parameter:` in model.yaml, "
             "`[param]` in lkjcheck.toml)"))
