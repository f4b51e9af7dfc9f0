"""What compiling the text rules costs a process, and what a batch worker pays once the fork server has compiled them.

    python benchmarks/text_compile.py [--reps 5]

Each figure is the median CPU time over --reps runs. In a fresh process:
loading the built-in pack's text rules (`load_pack`, which compiles none of
the pack's patterns: they are compiled on first use), and loading them and
then compiling every pattern, once with the regex cache off
(LKJCHECK_NO_CACHE=1, the compiler every time) and once with a cache filled
beforehand (safety/regexcache.py; a private XDG_CACHE_HOME, removed after).
Then, compiling them eagerly (load_text_rules of teks.yaml, regulasi.yaml)
in a worker forked from a fork server that preloads only the runner's
modules, and in one forked from a fork server that also preloads
lkjcheck.checks.text.warm (as `lkjcheck run --jobs N` does), both with the
cache off.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PACK = (
    "import time; from lkjcheck.checks.rules import builtin_rules_dir, load_pack; "
    "from lkjcheck.safety import regexcache, regex as r; t = time.process_time(); "
    "rules = load_pack([builtin_rules_dir() / 'sakip'], table_rules=False).text_rules; loaded = time.process_time() - t; "
    "import gc; lazy = [o for o in gc.get_objects() if type(o) is r.LazyRegex]; [o.compiled() for o in lazy]; "
    "print(loaded, time.process_time() - t, len(lazy))"
)
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


def _pack(env: dict) -> tuple[float, float, int]:
    out = subprocess.run([sys.executable, "-c", PACK], cwd=ROOT, capture_output=True, text=True, check=True,
                         env=env).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    os.environ["LKJCHECK_NO_CACHE"] = "1"       # the figures below this one compile
    with tempfile.TemporaryDirectory() as cache:
        warm_env = {**os.environ, "XDG_CACHE_HOME": cache, "LKJCHECK_NO_CACHE": ""}
        _pack(warm_env)                         # fills the cache
        rows = {"no cache": [_pack(dict(os.environ)) for _ in range(a.reps)],
                "cache filled": [_pack(warm_env) for _ in range(a.reps)]}
    for name, xs in rows.items():
        loads, alls, n = [x[0] for x in xs], [x[1] for x in xs], xs[0][2]
        print(f"fresh process, {name:12}: load_pack {statistics.median(loads) * 1000:6.1f} ms CPU, "
              f"load and compile all {n} patterns {statistics.median(alls) * 1000:6.1f} ms "
              f"(min {min(alls) * 1000:.1f}, max {max(alls) * 1000:.1f}), {a.reps} runs")
    fresh = [float(subprocess.run([sys.executable, "-c", LOAD.replace("{r}", str(ROOT))], cwd=ROOT,
                                  capture_output=True, text=True, check=True).stdout) for _ in range(a.reps)]
    base = ["lkjcheck.run.runner", "lkjcheck.checks.table"]
    cold = _forked(base, a.reps)
    warm = _forked(base + ["lkjcheck.checks.text.warm"], a.reps)
    for name, xs in (("fresh process, eager", fresh), ("worker, fork server without warm", cold),
                     ("worker, fork server with warm", warm)):
        print(f"{name:34} median {statistics.median(xs) * 1000:6.1f} ms CPU (min {min(xs) * 1000:.1f}, "
              f"max {max(xs) * 1000:.1f}), {a.reps} runs")


if __name__ == "__main__":
    main()
