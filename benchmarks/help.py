"""CPU time of the quick commands and of `--help` in two checkouts, side by side (issue 12: the help in one language).

    python benchmarks/help.py --before /tmp/base-checkout --after . [--rounds 15]

Both run with this interpreter and its packages, each checkout's lkjcheck first
on the path (PYTHONPATH), from an empty folder (no lkjcheck.toml). What is
measured is the child's CPU time (user + system), not the wall clock, on a
machine whose cores are shared; before and after alternate inside each round.
Byte-compile both first (`python -m compileall -q CHECKOUT/lkjcheck`).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile

COMMANDS = {"--version": ["--version"], "--help": ["--help"], "run --help": ["run", "--help"],
            "run --help --lang en": ["run", "--help", "--lang", "en"], "rules": ["rules"]}


def cpu_ms(tree: str, args: list[str], cwd: str) -> float:
    env = dict(os.environ, PYTHONPATH=os.path.abspath(tree))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "lkjcheck.cli", *args], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=cwd, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--rounds", type=int, default=15)
    a = ap.parse_args()
    trees = {"before": a.before, "after": a.after}
    got = {(t, c): [] for t in trees for c in COMMANDS}
    with tempfile.TemporaryDirectory() as empty:
        for i in range(a.rounds):
            order = list(trees) if i % 2 == 0 else list(reversed(trees))
            for name, args in COMMANDS.items():
                for t in order:
                    got[(t, name)].append(cpu_ms(trees[t], args, empty))
    print(f"1-minute load {os.getloadavg()[0]:.1f}; medians of {a.rounds} rounds")
    for name in COMMANDS:
        b, f = (statistics.median(got[(t, name)]) for t in trees)
        print(f"{name:22s} before {b:6.1f} ms   after {f:6.1f} ms   {100 * (f / b - 1):+5.1f}%")


if __name__ == "__main__":
    main()
