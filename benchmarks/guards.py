"""How long the guards against hostile input take to refuse or give up: the timings that were unit tests.

    python benchmarks/guards.py [--reps 5]

Each case is what a test in tests/ checks for its behaviour (it is refused,
it times out as unknown, it names the rule); here only its duration is
measured, median and min–max over --reps runs in this process, beside the
bound the old timed test asserted. Run by benchmarks/run.py into
docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _deep_nesting():
    import yaml

    import lkjcheck.read.yamlsafe as ys

    texts = {"[ × 100,000": "[" * 100_000, "{a: × 100,000": "{a: " * 100_000,
             "3,000 nested lists": "".join(" " * i + "- \n" for i in range(3000)), "self alias": "a: &a [*a]\n"}
    loaders = {"libyaml": ys._Loader, "pure Python": yaml.SafeLoader}
    for lname, loader in loaders.items():
        for tname, text in texts.items():
            def case(text=text, loader=loader):
                old, ys._Loader = ys._Loader, loader
                try:
                    ys.parse_yaml(text, "f")
                except ys.InputError:
                    return
                finally:
                    ys._Loader = old
                raise AssertionError("not refused")
            yield f"YAML nested too deep ({tname}, {lname}) refused", 5.0, case


def _hostile_rows():
    import numpy as np

    from lkjcheck.lang import Env, Frame, Scope, parse_expr
    from lkjcheck.lang.functions import REGEX_BUDGET
    from lkjcheck.model.table import Column, Table

    n = 300
    col = Column("s", "text")
    for i in range(n):
        col.append("a" * 40 + "!", 0.0, None, None, None, i + 1, 1, None)
    table = Table("t", {"s": col}, ["f"] * n, list(range(1, n + 1)), [0] * n, [None] * n)
    node = parse_expr("matches(s, '(a|aa)+$')", Scope("t", {"t": {"s": "text"}}, set(), {}))

    def case():
        v = node.eval(Env({"t": table}, {}), Frame("t", np.arange(n), np.zeros(n, dtype=np.int64)))
        assert v.null.all()
    yield "catastrophic regex in a rule, one text on 300 rows (unknown)", REGEX_BUDGET / 2, case


def _text_patterns(tmp: Path):
    import textwrap

    from lkjcheck.checks.text.check import check_document
    from lkjcheck.checks.text.rules import TextRuleError, load_text_rules
    from lkjcheck.read.textdoc import Document

    def rule(body):
        p = tmp / f"r{abs(hash(body))}.yaml"
        p.write_text("family: {id: teks, title: {id: t, en: t}}\nkind: text\nrules:\n  - id: TXT901\n"
                     "    title: {id: t, en: t}\n    severity: error\n    reference: r\n"
                     "    rationale: {id: r, en: r}\n    example: {bad: b, good: g}\n"
                     + textwrap.indent(textwrap.dedent(body), "    "), encoding="utf-8")
        [r] = load_text_rules(str(p))
        return r

    cases = [("catastrophic pattern in a text rule, 5,000 characters (refused)",
              "check: tahun_kosong\npatterns: ['(a|aa)+$']\n", "a" * 5000 + "!"),
             ("catastrophic context in a text rule, 2,500 characters (refused)",
              "check: tahun_periode\npatterns: ['(?P<tahun>{{tahun}})']\nwindow: 3000\n"
              "allowed: [{before: '(a|aa)+$'}]\n", "a" * 2500 + "b 2020")]
    for name, body, text in cases:
        r, doc = rule(body), Document.from_text(text, "laporan.md")

        def case(r=r, doc=doc):
            try:
                check_document(doc, 2024, [r], dataset="d")
            except TextRuleError:
                return
            raise AssertionError("not refused")
        yield name, 3.0, case


def measure(reps: int) -> list[tuple[str, float, list[float]]]:
    """(case, former bound in s, [seconds per repetition])."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, bound, case in [*_deep_nesting(), *_hostile_rows(), *_text_patterns(Path(tmp))]:
            times = []
            for _ in range(reps):
                t = time.perf_counter()
                case()
                times.append(time.perf_counter() - t)
            out.append((name, bound, times))
    return out


def table(rows) -> str:
    lines = ["| guard | median | min–max | former test bound |", "|---|---:|---:|---:|"]
    for name, bound, times in rows:
        lines.append(f"| {name} | {statistics.median(times) * 1000:,.0f} ms | {min(times) * 1000:,.0f}–"
                     f"{max(times) * 1000:,.0f} ms | {bound:g} s |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    print(table(measure(ap.parse_args().reps)))


if __name__ == "__main__":
    main()
