"""Start-up and one-report CPU time of two installations, side by side (issue 12: within 5 %).

    python benchmarks/startup.py --before /work/main/.venv/bin/python --after .venv/bin/python [--rounds 15]

Each installation runs `python -m lkjcheck.cli` for the same commands:
`--version`, `rules`, `text SEED --tahun 2024` (the real report of ../shared)
and `run fixtures/kpu-muaro-jambi-2024 -f json`. What is measured is the CPU
time the child used (user + system, the RUSAGE_CHILDREN delta around one
run), not the wall clock: on a machine whose two cores are shared, waiting for
a core is not lkjcheck's cost, working is. Before and after alternate inside
every round (and swap who goes first each round) so that a drift of the
machine's load falls on both alike.

Both trees are byte-compiled first (`compileall`): pip byte-compiles an
installed package, but a machine with PYTHONDONTWRITEBYTECODE=1 would make
every process of an editable install compile the sources again, which is not
what a user pays. `--no-compile` skips that.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
FIXTURE = ROOT / "fixtures" / "kpu-muaro-jambi-2024"


def commands(seed: Path) -> dict[str, list[str]]:
    return {
        "--version": ["--version"],
        "rules": ["rules"],
        "text SEED": ["text", str(seed), "--tahun", "2024"],
        "run fixture -f json": ["run", str(FIXTURE), "-f", "json"],
    }


def package_dir(python: str) -> Path:
    out = subprocess.run([python, "-P", "-c", "import lkjcheck, os; print(os.path.dirname(lkjcheck.__file__))"],
                         capture_output=True, text=True, check=True, env=_env())
    return Path(out.stdout.strip())


def _env() -> dict[str, str]:
    # The installation's own lkjcheck, not whatever a PYTHONPATH of the caller points at
    # (and -P keeps the current folder, a checkout, off sys.path for the same reason).
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def cpu_of(python: str, args: list[str]) -> float:
    """CPU seconds (user + system) of one child run; 0 and 1 are lkjcheck's normal exits."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([python, "-P", "-m", "lkjcheck.cli", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, cwd=ROOT, env=_env())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"{python} -m lkjcheck.cli {' '.join(args)}: exit {proc.returncode}\n{proc.stderr.decode()[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", required=True, help="python of the installation to compare against")
    ap.add_argument("--after", required=True, help="python of the installation under test")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--seed", type=Path, default=SEED, help="the report text for `text` (default: the shared seed)")
    ap.add_argument("--no-compile", action="store_true", help="do not byte-compile the two trees first")
    opts = ap.parse_args(argv)
    if not opts.seed.is_file():
        ap.error(f"{opts.seed}: not found (pass --seed)")
    sides = {"before": opts.before, "after": opts.after}
    for name, python in sides.items():
        pkg = package_dir(python)
        print(f"{name}: {python} -> {pkg}")
        if not opts.no_compile:
            subprocess.run([python, "-m", "compileall", "-q", str(pkg)], check=True, env=_env())
    cmds = commands(opts.seed)
    for args in cmds.values():          # one unmeasured run each: disk caches warm for both
        for python in sides.values():
            cpu_of(python, args)
    times: dict[tuple[str, str], list[float]] = {(c, s): [] for c in cmds for s in sides}
    for r in range(opts.rounds):
        order = list(sides) if r % 2 == 0 else list(reversed(sides))
        for cname, args in cmds.items():
            for side in order:
                times[(cname, side)].append(cpu_of(sides[side], args))
    print(f"\nchild CPU seconds (user+system), {opts.rounds} interleaved rounds; median [min-max]")
    print(f"{'command':<22}{'before':>24}{'after':>24}{'after/before':>14}")
    for cname in cmds:
        cells = []
        for side in sides:
            t = times[(cname, side)]
            cells.append(f"{statistics.median(t):.3f} [{min(t):.3f}-{max(t):.3f}]")
        ratio = statistics.median(times[(cname, "after")]) / statistics.median(times[(cname, "before")])
        print(f"{cname:<22}{cells[0]:>24}{cells[1]:>24}{ratio:>14.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
