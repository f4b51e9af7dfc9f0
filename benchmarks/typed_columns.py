"""Typing alone: the located YAML trees of N reports turned into typed tables.

    python benchmarks/typed_columns.py DIR [--rounds 3] [--src OTHER_TREE] [--profile]

`load_dataset` is timed with its YAML already parsed (each report's tree is
read by `load_yaml` first, untimed, and handed back in place of the file), so
what is measured is what the model layer adds to a parse: rows to typed
columns, cells typed, findings made. Each round is a fresh child process per
tree, the trees taking turns, and the CPU time (process_time) of the timed
part is printed, with the 1-minute load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable

CHILD = """
import gc, sys, pathlib, time
from lkjcheck.checks.rules import builtin_rules_dir
from lkjcheck.model.definition import get_model
from lkjcheck.model import dataset
from lkjcheck.read.yamlsafe import load_yaml
model = get_model(builtin_rules_dir() / 'sakip' / 'model.yaml')
files = sorted(pathlib.Path(sys.argv[1]).rglob('lkj.yaml'))
trees = {str(f): load_yaml(str(f)) for f in files}
dataset.load_yaml = lambda path, *a, **k: trees[path]
gc.disable()   # as the runner pauses it for a chunk (run/runner._gc_paused)
n = 0
def go():
    global n
    for f in files:
        n += len(dataset.load_dataset(f.parent, model).findings)
if sys.argv[2] == 'profile':
    import cProfile, pstats
    cProfile.run('go()', '/tmp/typing.prof')
    pstats.Stats('/tmp/typing.prof').sort_stats('cumulative').print_stats(40)
else:
    t = time.process_time()
    go()
    print(f'{time.process_time() - t:.3f} {n}')
"""


def run(src: Path, data: Path, mode: str = "time") -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run([PY, "-c", CHILD, str(data), mode], env=env, cwd=src, check=True,
                         capture_output=mode == "time", text=True).stdout
    if mode != "time":
        return 0.0, 0
    cpu, n = out.split()
    return float(cpu), int(n)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path, help="generated reports (benchmarks/generate.py)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--src", type=Path, help="another source tree, measured in turn with this one")
    ap.add_argument("--profile", action="store_true", help="one cProfile run of this tree instead")
    args = ap.parse_args()
    if args.profile:
        run(ROOT, args.data, "profile")
        return
    trees = [("this tree", ROOT)] + ([("other", args.src.resolve())] if args.src else [])
    got: dict[str, list[float]] = {name: [] for name, _ in trees}
    counts = {}
    for _ in range(args.rounds):
        for name, src in trees:
            cpu, counts[name] = run(src, args.data)
            got[name].append(cpu)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, src in trees:
        xs = got[name]
        print(f"{name:10} {src}: typing CPU median {statistics.median(xs):.2f} s "
              f"(min {min(xs):.2f}, max {max(xs):.2f}), {counts[name]} findings")


if __name__ == "__main__":
    main()
