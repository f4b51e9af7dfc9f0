"""docs/expressions.md, the rule language's reference for rule authors, written from the registry.

    python -m lkjcheck.lang.doc [PACK_FOLDER] > docs/expressions.md

The signatures and meanings are the registry's (lang.functions); the examples
are a rule pack's (PACK_FOLDER/expressions.yaml, by default the checkout's
rules/sakip), since only a pack's model has tables to write them on.
tests/test_expr_registry.py fails when the file is stale, and compiles every
example against the pack's model.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from lkjcheck.errors import InputError
from lkjcheck.lang import syntax
from lkjcheck.lang.functions import AGGREGATE_DOC, AGGREGATES, FUNCTIONS, PARAM, Arg, Function

EXAMPLES_FILE = "expressions.yaml"
DEFAULT_PACK = Path(__file__).resolve().parents[2] / "rules" / "sakip"


@dataclass(frozen=True)
class Examples:
    """A pack's example of every function, aggregate and param(): (table, expression) each."""

    functions: dict[str, tuple[str, str]]
    aggregates: dict[str, tuple[str, str]]
    param: tuple[str, str]

    def all(self) -> list[tuple[str, str]]:
        return [*self.functions.values(), *self.aggregates.values(), self.param]


def load_examples(pack: Path = DEFAULT_PACK) -> Examples:
    """PACK/expressions.yaml, with an example for exactly the registry's functions and aggregates."""
    from lkjcheck.read.yamlsafe import Mapping, load_yaml, plain

    disp = str(Path(pack) / EXAMPLES_FILE)
    data = load_yaml(disp, display=disp)
    if not isinstance(data, Mapping) or set(data) != {"functions", "aggregates", "param"}:
        raise InputError(disp, None, "lang.write_functions_aggregates_param")
    raw = plain(data)

    def pair(where: str, v, line) -> tuple[str, str]:
        if not (isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)):
            raise InputError(disp, line, "lang.write_table_expression", where=where)
        return v[0], v[1]

    found = {}
    for section, registry in (("functions", FUNCTIONS), ("aggregates", AGGREGATES)):
        entries = raw[section] if isinstance(raw[section], dict) else {}
        if set(entries) != set(registry):
            missing, unknown = sorted(set(registry) - set(entries)), sorted(set(entries) - set(registry))
            raise InputError(disp, data.key_lines.get(section),
                             "lang.no_example_for_unknown", section=section, missing=missing, unknown=unknown)
        found[section] = {n: pair(f"{section}.{n}", v, data[section].key_lines.get(n)) for n, v in entries.items()}
    return Examples(found["functions"], found["aggregates"], pair("param", raw["param"], data.key_lines.get("param")))

KIND_NAMES = {"num": "number", "money": "rupiah", "date": "date", "text": "text", "bool": "truth value"}


def _kinds(arg: Arg) -> str:
    if arg.literal:
        return f"literal {arg.literal}"
    if arg.kinds is None:
        return "any"
    return " or ".join(KIND_NAMES[k] for k in arg.kinds)


def _result(f: Function) -> str:
    return KIND_NAMES[f.result] if f.result else f"as {f.args[0].name}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str) -> str:
    return f"`{_cell(text)}`"


def render(examples: Examples | None = None) -> str:
    examples = examples or load_examples()
    out = [
        "# Rule expressions / Ekspresi aturan",
        "",
        "Generated from the function registry (`lkjcheck/lang/functions.py`) and the examples of",
        "the SAKIP pack (`rules/sakip/expressions.yaml`) by `python -m lkjcheck.lang.doc >",
        "docs/expressions.md`; do not edit by hand (a test fails when this file is stale).",
        "The rules themselves are in [rules.md](rules.md).",
        "",
        "A table rule's `assert:` and `where:`, and a derived column of `model.yaml`, are",
        "expressions over the columns of one table, written in a small subset of Python.",
        "Every name is checked against the model when the rule pack loads: a misspelt",
        "column or a text added to a number is an error naming the file and line, never",
        "a rule that silently does not fire.",
        "",
        "## Values",
        "",
        "| kind | written as | note |",
        "|---|---|---|",
        "| number | `12`, `99.5`, a `besaran`/`persen`/`bilangan`/`cacah` column | a figure stands for its value"
        " ± half a unit of its last written digit |",
        "| rupiah | a `rupiah` column | whole rupiah, exact |",
        "| date | a `tanggal` column, `tanggal(y, m, d)` | a month or a year is a range of days |",
        "| text | `'text'`, `\"text\"`, `r'regex'` | at most "
        f"{syntax.MAX_STRING} characters |",
        "| truth value | `True`, `False`, a comparison | may be unknown |",
        "",
        "`None` is the empty value. A value is *unknown* when a figure it needs is empty or a",
        "divisor may be zero; `and`, `or` and `not` follow three-valued logic (unknown and",
        "false is false, unknown or true is true), and a row whose `assert:` is unknown is",
        "never a finding. A comparison fails only when no values within the figures' written",
        "precision make it hold (`tolerance:` on the rule widens or removes that allowance).",
        "",
        "## Syntax",
        "",
        "| form | meaning |",
        "|---|---|",
        "| `column`, `table.column` | a column of the rule's table; `table.column` of another table only when "
        "that table has one row per report (`laporan.tahun`) |",
        "| `+ - * /` | arithmetic on numbers, rupiah and dates (date − date is days; dates are not multiplied) |",
        "| `== != < <= > >=` | one comparison at a time (join several with `and`) |",
        "| `and`, `or`, `not` | logic |",
        "| `x in ['a', 'b']`, `x not in [...]` | membership in a literal list (at most "
        f"{syntax.MAX_LIST} items) |",
        "| `a if condition else b` | choice (an unknown condition takes `b`) |",
        "",
        "Nothing else is accepted: no attribute access beyond `table.column`, no subscripts,",
        "no `**`, comprehensions or lambdas. An expression has at most "
        f"{syntax.MAX_SOURCE} characters,",
        f"{syntax.MAX_NODES} syntax nodes and {syntax.MAX_DEPTH} levels of nesting; the regular expressions "
        f"of one expression share {syntax.REGEX_BUDGET:g} s",
        f"of matching time ({syntax.REGEX_TIMEOUT:g} s per text), after which the remaining rows are unknown.",
        "",
        "## Functions",
        "",
        "| function | arguments | result | meaning | example |",
        "|---|---|---|---|---|",
    ]
    for f in sorted(FUNCTIONS.values(), key=lambda f: f.name):
        lo, hi = f.arity
        args = "; ".join(f"{a.name}: {_kinds(a)}" for a in f.args)
        if hi > len(f.args):
            args += f" ({lo}–{hi} arguments)"
        elif lo < len(f.args):
            args += f" ({', '.join(a.name for a in f.args[lo:])} optional)"
        table, example = examples.functions[f.name]
        out.append(f"| {_code(f.signature())} | {_cell(args)} | {_result(f)} | {_cell(f.doc['en'])} "
                   f"| {_code(example)} (on `{table}`) |")
    out += ["", "## Aggregates", "", AGGREGATE_DOC["en"], "",
            "| aggregate | meaning | example |", "|---|---|---|"]
    for name, form in AGGREGATES.items():
        table, example = examples.aggregates[name]
        out.append(f"| {_code(form.signature)} | {_cell(form.doc['en'])} | {_code(example)} (on `{table}`) |")
    table, example = examples.param
    out += ["", "## Parameters", "", f"{_code(PARAM.signature)}: {PARAM.doc['en']}. Example (on `{table}`):",
            f"{_code(example)}.", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(render(load_examples(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PACK)), end="")
