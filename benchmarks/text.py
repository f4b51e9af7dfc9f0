"""Time of the text checks alone, by document size (in-process, the rules loaded once).

    python benchmarks/text.py [--sizes 0.18,1,5,40] [--reps 3]

The text is the seed report (read from ../shared, never stored here) repeated
to the size asked, so every size holds the same density of claims; 0.18 MB is
about a 60-page report. Prints one line per size: median seconds, min–max,
seconds per MB and findings, then the 40 MB / 1 MB ratio (of CPU time: on a
machine shared with other work the wall time mostly measures the others).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0.18,1,5,40")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    from lkjcheck.checks.text.check import check_document
    from lkjcheck.read.textdoc import Document
    from lkjcheck.checks.text.rules import load_text_rules

    rules = [r for f in ("teks.yaml", "regulasi.yaml") for r in load_text_rules(str(ROOT / "rules" / "sakip" / f))]
    seed = SEED.read_text(encoding="utf-8")
    print(f"# {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; seed {len(seed.encode()) / 1e6:.3f} MB")
    per_mb = {}
    for size in (float(s) for s in args.sizes.split(",")):
        want = int(size * 1_000_000)
        text = (seed + "\n\n") * (want // len(seed) + 1)
        text = text[:want]
        times, cpu, n = [], [], 0
        for _ in range(args.reps):
            doc = Document.from_text(text, "bench.md", "markdown")
            t, c = time.perf_counter(), time.process_time()
            n = len(check_document(doc, 2024, rules, dataset="bench"))
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        med, cmed = statistics.median(times), statistics.median(cpu)
        # CPU time is what the checks cost; wall time also counts the other work
        # on a shared machine, so both are printed and the ratio uses CPU time.
        per_mb[size] = cmed / size
        print(f"{size:>6} MB  CPU median {cmed:8.3f} s (min {min(cpu):.3f}, max {max(cpu):.3f})  "
              f"wall median {med:8.3f} s (min {min(times):.3f}, max {max(times):.3f})  "
              f"{cmed / size:.3f} CPU s/MB  {n} findings")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if 1.0 in per_mb and 40.0 in per_mb:
        print(f"40 MB / 1 MB = {per_mb[40.0] * 40 / per_mb[1.0]:.1f}× (CPU time)")


if __name__ == "__main__":
    main()
