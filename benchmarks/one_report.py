"""One report against `import pandera.pandas` (issue 19's target: at most 1.0x), CPU time, interleaved.

    python benchmarks/one_report.py [--before /tmp/base-tree] [--rounds 15] [--folder fixtures/kpu-muaro-jambi-2024]

Each round runs, in a rotating order, `python -c "import pandera.pandas"`,
`python -m lkjcheck.cli run FOLDER -f json -o TMP` of this tree and, with
--before, the same command of another source tree (an unpacked `git archive`,
put first on PYTHONPATH). What counts is the child's CPU time (user + system,
the RUSAGE_CHILDREN delta), not the wall clock, which on shared cores measures
waiting. Every tree is byte-compiled first, as pip would have done. The
1-minute load is printed before and after, since CPU time still drifts with it.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu(cmd, env, cwd) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", type=Path, help="another source tree of lkjcheck to compare with")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--folder", default=str(ROOT / "fixtures" / "kpu-muaro-jambi-2024"))
    a = ap.parse_args()
    a.folder = str(Path(a.folder).resolve())
    # Run from an empty folder: the current directory comes first on sys.path, before PYTHONPATH.
    where = Path(tempfile.mkdtemp(prefix="one-report-"))
    out = where / "x.json"
    env = dict(os.environ)
    runs = {"import pandera.pandas": ([sys.executable, "-c", "import pandera.pandas"], env)}
    trees = [("after", ROOT)] + ([("before", a.before.resolve())] if a.before else [])
    for label, tree in trees:
        probe = [sys.executable, "-c", "import lkjcheck; print(lkjcheck.__file__)"]
        env_t = dict(env, PYTHONPATH=str(tree))
        found = subprocess.run(probe, env=env_t, cwd=where, capture_output=True, text=True).stdout.strip()
        assert found.startswith(str(tree)), (label, found)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "lkjcheck")], check=True)
        tenv = dict(env, PYTHONPATH=str(tree) + os.pathsep + env.get("PYTHONPATH", ""))
        runs[f"run ({label})"] = ([sys.executable, "-m", "lkjcheck.cli", "run", a.folder, "-f", "json", "-o", str(out)],
                                  tenv)
    print(f"load before: {os.getloadavg()[0]:.2f}")
    times: dict[str, list[float]] = {k: [] for k in runs}
    names = list(runs)
    for i in range(a.rounds):
        for k in names[i % len(names):] + names[:i % len(names)]:
            times[k].append(_cpu(*runs[k], where))
    print(f"load after: {os.getloadavg()[0]:.2f}  ({a.rounds} rounds, median CPU user+sys)")
    ref = statistics.median(times["import pandera.pandas"])
    for k, v in times.items():
        m = statistics.median(v)
        print(f"{k:24} {m:6.3f} s  {m / ref:5.2f}x  (min {min(v):.3f}, max {max(v):.3f})")


if __name__ == "__main__":
    main()
