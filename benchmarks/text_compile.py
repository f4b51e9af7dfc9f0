"""What compiling the text rules costs a process, and what a batch worker pays once the fork server has compiled them.

    python benchmarks/text_compile.py [--reps 5]

Three figures, each the median CPU time of loading the built-in text rules
(teks.yaml, regulasi.yaml) over --reps runs: in a fresh process (as
`lkjcheck text` does), in a worker forked from a fork server that preloads
only the runner's modules, and in one forked from a fork server that also
preloads lkjcheck.checks.text.warm (as `lkjcheck run --jobs N` does).
"""
from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOAD = (
    "import time; from lkjcheck.checks.text.rules import load_text_rules; t = time.process_time(); "
    "[load_text_rules(f'{r}/rules/sakip/{f}') for f in ('teks.yaml', 'regulasi.yaml')]; "
    "print(time.process_time() - t)"
)


def _in_worker(_=None) -> float:
    from lkjcheck.checks.text.rules import load_text_rules

    t = time.process_time()
    for f in ("teks.yaml", "regulasi.yaml"):
        load_text_rules(str(ROOT / "rules" / "sakip" / f))
    return time.process_time() - t


def _forked(preload: list[str], reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        # a new fork server each time, so that no earlier worker's compilation is reused
        ctx = multiprocessing.get_context("forkserver")
        from multiprocessing import forkserver
        forkserver._forkserver._stop()
        ctx.set_forkserver_preload(preload)
        with ctx.Pool(1) as pool:
            out.append(pool.apply(_in_worker))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    fresh = [float(subprocess.run([sys.executable, "-c", LOAD.replace("{r}", str(ROOT))], cwd=ROOT,
                                  capture_output=True, text=True, check=True).stdout) for _ in range(a.reps)]
    base = ["lkjcheck.run.runner", "lkjcheck.checks.table"]
    cold = _forked(base, a.reps)
    warm = _forked(base + ["lkjcheck.checks.text.warm"], a.reps)
    for name, xs in (("fresh process", fresh), ("worker, fork server without warm", cold),
                     ("worker, fork server with warm", warm)):
        print(f"{name:34} median {statistics.median(xs) * 1000:6.1f} ms CPU (min {min(xs) * 1000:.1f}, "
              f"max {max(xs) * 1000:.1f}), {a.reps} runs")


if __name__ == "__main__":
    main()
