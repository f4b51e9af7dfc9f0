"""Time and memory of the text checks alone, by document size (the rules loaded once per size).

    python benchmarks/text.py [--sizes 0.18,1,5,40] [--reps 3] [--text seed|corpus|claims|oneline|amounts|paragraphs]
    python benchmarks/text.py --worst [--chars N]     # whole runs at the report-text limit

--worst runs `lkjcheck text` and `lkjcheck run` (a dataset folder whose
laporan.md is the text) on each hostile text of tests/hostile_text.py at the
limit (MAX_TEXT_CHARS, or --chars), on a DOCX that unpacks to that much text,
and on one that unpacks beyond it; each run is a process of its own, and its
CPU time and peak RSS are those of that process (tests/hostile_probe.py).
These are the figures of docs/security.md.

The text is the seed report (read from ../shared, never stored here) repeated
to the size asked, so every size holds the same density of claims; 0.18 MB is
about a 60-page report. --text corpus adds the corpus excerpts to the seed
before repeating; the other --text values are the hostile texts of
tests/hostile_text.py. Each size runs in a process of its own, so its peak
RSS is its own. Prints one line per size: CPU and wall seconds (median, min–max),
CPU seconds per MB, findings, peak RSS, and whether a rule ran out of its time
budget; then the 40 MB / 1 MB ratio (of CPU time: on a machine shared with other
work the wall time mostly measures the others).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))


def text_of(kind: str, chars: int) -> str:
    """``kind`` repeated to ``chars`` characters: the seed, the seed and the corpus excerpts, or a hostile text."""
    if kind == "seed":
        p = SEED.read_text(encoding="utf-8") + "\n\n"
    elif kind == "corpus":
        p = "\n\n".join([SEED.read_text(encoding="utf-8")] + [f.read_text(encoding="utf-8")
                                                           for f in sorted(CORPUS.glob("*-*.md"))]) + "\n\n"
    else:
        sys.path.insert(0, str(ROOT / "tests"))
        from hostile_text import piece

        p = piece(kind)
    return (p * (chars // len(p) + 1))[:chars]


def one(size: float, reps: int, kind: str) -> dict:
    t = time.process_time()
    from lkjcheck.checks.text.check import check_document
    from lkjcheck.checks.text.rules import TextRuleError, load_text_rules
    from lkjcheck.read.textdoc import Document

    rules = [r for f in ("teks.yaml", "regulasi.yaml") for r in load_text_rules(str(ROOT / "rules" / "sakip" / f))]
    load = time.process_time() - t
    text = text_of(kind, int(size * 1_000_000))
    # One document, as a run holds it (its lines and their joined text); the
    # text it was made from is dropped, so the peak RSS is a run's.
    doc = Document.from_text(text, "bench.md", "markdown")
    del text
    times, cpu, n, error = [], [], 0, None
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        try:
            n = len(check_document(doc, 2024, rules, dataset="bench"))
        except TextRuleError as e:      # a rule out of its budget: the failure this benchmark watches for
            error = e.message_en
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return {"size": size, "cpu": cpu, "wall": times, "findings": n, "error": error, "rules": len(rules),
            "load_cpu": load, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def worst(chars: int | None) -> None:
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    import hostile_probe
    from hostile_text import KINDS, docx_bytes, piece, text_of
    from test_hostile_round2 import LAP, ROW, dataset

    from lkjcheck.read.textdoc import MAX_TEXT_CHARS

    chars = chars or MAX_TEXT_CHARS
    tmp = Path(tempfile.mkdtemp(prefix="lkjtext-"))
    print(f"# {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; report text of {chars:,} characters")
    print(f"{'input':34} {'command':5} {'exit':>4} {'CPU s':>6} {'wall s':>6} {'peak MB':>7}  answer")

    def show(name, cmd, argv):
        p = hostile_probe.run(*argv, "--lang", "en", "--max-text-chars", str(chars), bound=600)
        first = (p.err.strip().splitlines() or [""])[0][:70]
        print(f"{name:34} {cmd:5} {p.code:>4} {p.cpu:6.2f} {p.seconds:6.2f} {p.peak_mb:7.0f}  {first}", flush=True)

    cases = []
    for kind in KINDS:
        if kind == "seed" and not SEED.exists():
            continue
        f = tmp / f"{kind}.md"
        f.write_text(text_of(kind, chars), encoding="utf-8")
        cases.append((f"{kind} text", f))
    para = " ".join(piece("claims").split())[:2000]
    for label, stem, extra in (("DOCX at the limit", "at", 0), ("DOCX over the limit", "over", 1)):
        # Paragraphs are lines: each adds its line break to the text.
        count = (chars + 1) // (len(para) + 1) + extra
        f = tmp / f"{stem}.docx"
        f.write_bytes(docx_bytes(para, count))
        cases.append((f"{label} ({f.stat().st_size // 1024} KB zipped)", f))
    for name, f in cases:
        show(name, "text", ["text", "--tahun", "2024", f])
        d = dataset(tmp / ("ds-" + f.stem), LAP + "anggaran:\n" + ROW)
        (d / ("laporan" + f.suffix)).write_bytes(f.read_bytes())
        show(name, "run", ["run", d])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0.18,1,5,40")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--text", default="seed", choices=("seed", "corpus", "claims", "oneline", "amounts", "paragraphs"))
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--worst", action="store_true")
    ap.add_argument("--chars", type=int, default=None)
    args = ap.parse_args()
    if args.worst:
        worst(args.chars)
        return
    if args.one is not None:
        print(json.dumps(one(args.one, args.reps, args.text)))
        return
    seed_mb = SEED.stat().st_size / 1e6
    print(f"# {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; seed {seed_mb:.3f} MB; text {args.text}")
    per_mb = {}
    for size in (float(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--reps", str(args.reps),
                              "--text", args.text],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        cpu, wall = r["cpu"], r["wall"]
        cmed = statistics.median(cpu)
        per_mb[size] = cmed / size
        print(f"{size:>6} MB  CPU median {cmed:8.3f} s (min {min(cpu):.3f}, max {max(cpu):.3f})  "
              f"wall median {statistics.median(wall):8.3f} s  {cmed / size:.3f} CPU s/MB  {r['findings']} findings  "
              f"peak RSS {r['rss_mb']:.0f} MB  {'TIMED OUT: ' + r['error'] if r['error'] else 'no rule out of budget'}")
    print(f"# {r['rules']} text rules; loading and compiling them: {r['load_cpu'] * 1000:.0f} ms CPU "
          f"(imports included); load average now {os.getloadavg()[0]:.2f}")
    if 1.0 in per_mb and 40.0 in per_mb:
        print(f"40 MB / 1 MB = {per_mb[40.0] * 40 / per_mb[1.0]:.1f}× (CPU time)")


if __name__ == "__main__":
    main()
