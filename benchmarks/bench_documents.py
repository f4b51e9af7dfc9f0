"""Reader speed and memory on report documents (not part of the test suite).

    python benchmarks/bench_documents.py [--pages 300] [--reps 3] [--ocr]

Measures, each read in a fresh process so that its peak RSS is its own:

- the rendered corrected report (fixtures/dokumen/laporan.pdf, 12 text-layer
  pages) and a long PDF of the same pages repeated to about ``--pages`` pages
  (made once into the git-ignored benchmarks/data/): seconds per page and
  peak RSS, against the targets of issue 13 (at most 0.3 s per page; under
  500 MB for 300 pages);
- the DOCX of the same report;
- with ``--ocr``, the scanned two pages (fixtures/dokumen/laporan-pindai.pdf).

Times are medians of ``--reps`` runs of the whole read (opening included,
interpreter start-up and imports not). The machine's load is printed with
them: on a shared 2-core machine times drift by tens of percent.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOKUMEN = ROOT / "fixtures" / "dokumen"
DATA = ROOT / "benchmarks" / "data"

_CHILD = r"""
import json, resource, sys, time
kind, path = sys.argv[1], sys.argv[2]
if kind == "pdf":
    from lkjcheck.read.pdf import read_pdf as read
else:
    from lkjcheck.read.docx import read_docx as read
import pdfplumber, docx  # imports are not what is measured
t, c = time.perf_counter(), time.process_time()
doc = read(path, path)
secs, cpu = time.perf_counter() - t, time.process_time() - c
print(json.dumps({"secs": secs, "cpu": cpu, "pages": doc.pages, "blocks": len(doc.blocks), "ocr": doc.ocr,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _measure(kind: str, path: Path, reps: int) -> dict:
    runs = []
    for _ in range(reps):
        out = subprocess.run([sys.executable, "-c", _CHILD, kind, str(path)], check=True,
                             capture_output=True, text=True, cwd=ROOT)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {**runs[0], "secs": statistics.median(r["secs"] for r in runs),
            "cpu": statistics.median(r["cpu"] for r in runs), "rss_mb": max(r["rss_mb"] for r in runs)}


def _long_pdf(pages: int) -> Path:
    spec = importlib.util.spec_from_file_location("dokumen_make", DOKUMEN / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    copies = max(1, round(pages / 11))       # the report body is 11 pages
    out = DATA / f"laporan-x{copies}.pdf"
    stamp = DATA / f"laporan-x{copies}.src"
    src = (DOKUMEN / "make.py").stat().st_mtime_ns
    if not out.exists() or not stamp.exists() or stamp.read_text() != str(src):
        DATA.mkdir(parents=True, exist_ok=True)
        make.build_pdf(make.load_data(), out, repeat=copies)
        stamp.write_text(str(src))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--ocr", action="store_true")
    a = ap.parse_args()

    load = os.getloadavg()
    print(f"machine: nproc {os.cpu_count()}, {platform.python_implementation()} {platform.python_version()}, "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    rows = []
    r = _measure("pdf", DOKUMEN / "laporan.pdf", a.reps)
    rows.append(("laporan.pdf (text layer)", r, 0.3))
    long = _long_pdf(a.pages)
    r = _measure("pdf", long, max(1, a.reps - 2))
    rows.append((f"{long.name} (text layer)", r, 0.3))
    r = _measure("docx", DOKUMEN / "laporan.docx", a.reps)
    rows.append(("laporan.docx", r, None))
    if a.ocr:
        r = _measure("pdf", DOKUMEN / "laporan-pindai.pdf", 1)
        rows.append(("laporan-pindai.pdf (OCR)", r, None))

    print()
    # Wall time is what a user waits; CPU time is what the reader costs when
    # the machine is not shared (here it usually is).
    print("| document | pages | blocks | wall s | CPU s | wall s/page | CPU s/page | target s/page | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r, target in rows:
        n = r["pages"]
        per = f"{r['secs'] / n:.3f} | {r['cpu'] / n:.3f}" if n else "– | –"
        print(f"| {name} | {n or '–'} | {r['blocks']} | {r['secs']:.2f} | {r['cpu']:.2f} | {per} | "
              f"{target if target else '–'} | {r['rss_mb']:.0f} MB |")
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
