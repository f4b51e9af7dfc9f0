"""The default --jobs against --jobs 1 on a quiet and on a busy machine, in interleaved rounds.

    python benchmarks/busy.py [--sizes 100,1000] [--reps 3] [--conditions quiet,2-other,1-other,1-same]

A condition names CPU hogs (`while True: pass`) that run while its rounds
are measured: `2-other` starts two in a session of their own (setsid), as
another user's job would be, so that where the kernel shares CPU time per
session (autogroup) they compete as one; `1-same` starts one in this
script's own session, where every task gets its own share. For each size and
condition it prints the median wall time and CPU time (user+sys of the run
and all its workers) of parsing the YAML with CSafeLoader, of the default
settings and of --jobs 1, the per-round ratios' median and min–max, and
the 1-minute load average before each run. Nothing is written to docs/.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from run import DATA, LKJ, PY, ROOT, ensure_data, parse_only_script, run_once


def hogs(condition: str) -> list:
    if condition == "quiet":
        return []
    count, where = condition.split("-")
    return [subprocess.Popen([PY, "-c", "while True: pass"], start_new_session=(where == "other"))
            for _ in range(int(count))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--conditions", default="quiet,2-other,1-other,1-same")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "lkjcheck")], check=True, cwd=ROOT)
    DATA.mkdir(exist_ok=True)
    print("| N | condition | parse wall | --jobs 1 wall | default wall | default ÷ --jobs 1 wall (min–max) "
          "| --jobs 1 CPU | default CPU | default ÷ --jobs 1 CPU | default ÷ parse wall | load (1 min) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in (int(x) for x in a.sizes.split(",")):
        root = DATA / f"n{n}"
        ensure_data(root, n, a.seed)
        cmds = {"parse": parse_only_script(root),
                "auto": [LKJ, "run", str(root), "-f", "json", "-o", str(DATA / f"busy-auto-{n}.json")],
                "j1": [LKJ, "run", str(root), "--jobs", "1", "-f", "json", "-o", str(DATA / f"busy-j1-{n}.json")]}
        for condition in a.conditions.split(","):
            started = hogs(condition)
            try:
                time.sleep(1.0 if started else 0)        # let the hogs be seen as runnable
                got = {k: [] for k in cmds}
                loads = []
                for _ in range(a.reps):
                    for key, cmd in cmds.items():
                        wall, _, cpu, load = run_once(cmd)
                        got[key].append((wall, cpu))
                        loads.append(load)
                        print(f"N={n} {condition:8s} {key:5s} {wall:7.2f} s wall {cpu:7.2f} s CPU load {load:4.1f}",
                              file=sys.stderr, flush=True)
            finally:
                for h in started:
                    h.kill()
                    h.wait()

            def med(key, i):
                return statistics.median(x[i] for x in got[key])

            walls = [x[0] / y[0] for x, y in zip(got["auto"], got["j1"])]
            cpus = [x[1] / y[1] for x, y in zip(got["auto"], got["j1"])]
            parse = [x[0] / y[0] for x, y in zip(got["auto"], got["parse"])]
            print(f"| {n} | {condition} | {med('parse', 0):.2f} s | {med('j1', 0):.2f} s | {med('auto', 0):.2f} s "
                  f"| {statistics.median(walls):.2f}× ({min(walls):.2f}–{max(walls):.2f}) | {med('j1', 1):.2f} s "
                  f"| {med('auto', 1):.2f} s | {statistics.median(cpus):.2f}× | {statistics.median(parse):.2f}× "
                  f"| {min(loads):.1f}–{max(loads):.1f} |", flush=True)


if __name__ == "__main__":
    main()
