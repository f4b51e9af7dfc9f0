"""Time `lkjcheck run REPORT` on a 60-page text report (target: under 2 s).

The report is the real seed text (read from ../shared, never copied) repeated
until it has 60 pages of 50 lines, written to a temporary file. Reported:
the whole command as a user runs it (new process, imports included) and the
part this change adds (reading, recognition and extraction) measured in process.

    python benchmarks/text_report.py [--pages 60] [--reps 5]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
LINES_PER_PAGE = 50


def make_report(pages: int, folder: Path) -> Path:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    while len(out) < pages * LINES_PER_PAGE:
        out.extend(lines)
    path = folder / "laporan-60.md"
    path.write_text("\n".join(out[: pages * LINES_PER_PAGE]) + "\n", encoding="utf-8")
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from lkjcheck.extract import read_and_extract
    from lkjcheck.model.definition import load_model
    from lkjcheck.checks.rules import builtin_rules_dir

    pack = builtin_rules_dir() / "sakip"
    model = load_model(pack / "model.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        path = make_report(a.pages, Path(tmp))
        import resource
        inproc, whole, cpu = [], [], []
        for _ in range(a.reps):
            t = time.perf_counter()
            c = time.process_time()
            ex, _ = read_and_extract(path, str(path), model, [pack], 50 * 2**20, 2024)
            inproc.append((time.perf_counter() - t, time.process_time() - c))
            t = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            r = subprocess.run([sys.executable, "-m", "lkjcheck", "run", str(path), "--tahun", "2024", "-f", "json",
                                "-o", str(Path(tmp) / "out.json")], cwd=ROOT, capture_output=True)
            whole.append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            assert r.returncode in (0, 1), r.stderr.decode()
        rows = sum(len(v) for v in ex.tables.values())
        print(f"{a.pages} pages ({a.pages * LINES_PER_PAGE} lines), {rows} extracted rows, {len(ex.notes)} notes")
        # The machine is shared: CPU time says what the work costs, wall time what a user waited.
        print(f"read + recognise + extract, in process: median {statistics.median(w for w, _ in inproc):.3f} s wall, "
              f"{statistics.median(c for _, c in inproc):.3f} s CPU")
        print(f"lkjcheck run REPORT, whole process:     median {statistics.median(whole):.3f} s wall "
              f"(min {min(whole):.3f} s), {statistics.median(cpu):.3f} s CPU, {a.reps} runs")


if __name__ == "__main__":
    main()
