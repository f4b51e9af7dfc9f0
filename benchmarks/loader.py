"""The dataset loader against its floor: a bare CSafeLoader parse, a too-big file, memory per row.

    python benchmarks/loader.py [--reps 5] [--src OTHER_TREE] [--data DIR]

Three measurements, each in child processes (wall time, and peak RSS from
wait4), this tree beside OTHER_TREE (e.g. an export of main) when given:

- refusal: a 28 MB lkj.yaml of staff rows, read with the size limit lifted
  (`max_bytes=10**9`, as `--max-bytes` would); the node limit must refuse it;
- batch: the lkj.yaml of 1,000 generated reports (benchmarks/generate.py),
  parsed bare with CSafeLoader, read by `yamlsafe.load_yaml` (the block-style
  fast reader where it applies), by the libyaml event builder alone
  (`yamlsafe.build_from_events`, what every text outside the fast reader's
  subset costs) and loaded as datasets (`load_dataset`, typing included), the
  commands taking turns; CPU time (user+sys) of each child process, ratios to
  the bare parse, median and min-max of the runs;
- memory: a dataset with 20,000 staff rows loaded, its peak traced Python
  memory (tracemalloc) and peak RSS, per row.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable

BARE = """
import gc, sys, pathlib, yaml
gc.disable()
for f in sorted(pathlib.Path(sys.argv[1]).rglob('lkj.yaml')):
    yaml.load(f.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)
"""
# gc paused as the runner pauses it for a chunk (run/runner._gc_paused)
YAMLSAFE = """
import gc, sys, pathlib
from lkjcheck.read.yamlsafe import load_yaml
gc.disable()
for f in sorted(pathlib.Path(sys.argv[1]).rglob('lkj.yaml')):
    load_yaml(str(f))
"""
# the event builder alone: what a text outside the fast reader's subset costs
EVENTS = """
import gc, sys, pathlib
from lkjcheck.read import yamlsafe
from lkjcheck.read.textfile import read_text_file
build = getattr(yamlsafe, 'build_from_events', None) or yamlsafe.parse_yaml
gc.disable()
for f in sorted(pathlib.Path(sys.argv[1]).rglob('lkj.yaml')):
    build(read_text_file(str(f)), str(f))
"""
DATASETS = """
import gc, sys, pathlib
from lkjcheck.checks.rules import builtin_rules_dir
from lkjcheck.model.definition import get_model
from lkjcheck.model.dataset import load_dataset
model = get_model(builtin_rules_dir() / 'sakip' / 'model.yaml')
gc.disable()
for f in sorted(pathlib.Path(sys.argv[1]).rglob('lkj.yaml')):
    load_dataset(f.parent, model)
"""
REFUSE = """
import sys, time
from lkjcheck.errors import InputError
from lkjcheck.read.yamlsafe import load_yaml
t = time.perf_counter()
try:
    load_yaml(sys.argv[1], max_bytes=10**9)
    print('accepted', end=' ')
except InputError as e:
    print(e.text('en'), end=' ')
print(f'| {time.perf_counter() - t:.2f} s in load_yaml')
"""
MEMORY = """
import sys, time, tracemalloc
from lkjcheck.checks.rules import builtin_rules_dir
from lkjcheck.model.definition import get_model
from lkjcheck.model.dataset import load_dataset
model = get_model(builtin_rules_dir() / 'sakip' / 'model.yaml')
tracemalloc.start()
t = time.perf_counter()
ds = load_dataset(sys.argv[1], model)
took = time.perf_counter() - t
_, peak = tracemalloc.get_traced_memory()
kept = tracemalloc.get_traced_memory()[0]
rows = len(ds.tables['pegawai'])
print(f'{rows} staff rows: peak {peak / rows / 1024:.1f} KB/row traced, kept {kept / rows / 1024:.1f} KB/row, '
      f'{took:.2f} s (traced)')
"""


def child(code: str, arg: str, src: Path) -> tuple[float, float, str, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    t = time.perf_counter()
    p = subprocess.Popen([PY, "-c", code, arg], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=src)
    out = p.stdout.read().decode()
    err = p.stderr.read().decode()
    _, status, ru = os.wait4(p.pid, 0)
    took = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed in {src}: {err[-1500:]}")
    # CPU seconds beside the wall time: on a shared machine the wall time is mostly waiting
    return took, ru.ru_maxrss / 1024, out.strip(), ru.ru_utime + ru.ru_stime


def staff_dataset(template: Path, out: Path, rows: int | None = None, size: int | None = None) -> Path:
    """A generated report whose staff list is repeated to `rows` rows or `size` bytes."""
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    i = lines.index("pegawai:\n")
    staff = []
    for ln in lines[i + 1:]:
        if not ln.startswith("  - "):
            break
        staff.append(ln)
    head, tail = "".join(lines[:i + 1]), "".join(lines[i + 1 + len(staff):])
    if rows is None:
        rows = int(size / (sum(map(len, staff)) / len(staff)))
    out.mkdir(parents=True, exist_ok=True)
    # each row its own "no" and nip, so that key checks see distinct staff
    body = "".join(staff[j % len(staff)].replace('{"no": "', f'{{"no": "{j + 1}_', 1) for j in range(rows))
    (out / "lkj.yaml").write_text(head + body + tail, encoding="utf-8")
    return out


def spread(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.2f} (min {min(xs):.2f}, max {max(xs):.2f})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--src", type=Path, help="another source tree, measured beside this one")
    ap.add_argument("--data", type=Path, help="1,000 generated reports (made with benchmarks/generate.py if absent)")
    ap.add_argument("--only", choices=["refusal", "batch", "memory"], help="one measurement only")
    args = ap.parse_args()
    trees = [("this tree", ROOT)] + ([("other", args.src.resolve())] if args.src else [])
    for _, src in trees:        # installed code is byte-compiled; PYTHONDONTWRITEBYTECODE would hide that
        subprocess.run([PY, "-m", "compileall", "-q", str(src / "lkjcheck")], check=True, stdout=subprocess.DEVNULL)
    tmp = Path(tempfile.mkdtemp(prefix="lkjloader-"))
    data = args.data or tmp / "gen1000"
    if not (data / "faults.json").exists():
        subprocess.run([PY, str(HERE / "generate.py"), "1000", str(data)], check=True, stdout=subprocess.DEVNULL)
    template = sorted(data.rglob("lkj.yaml"))[0]
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    if args.only in (None, "refusal"):
        refusal(template, tmp, trees)
    if args.only in (None, "batch"):
        batch(data, trees, args.reps)
    if args.only in (None, "memory"):
        memory(template, tmp, trees)
    print(f"\n(ratio = time / the bare parse of the same run; data in {tmp})")


def refusal(template: Path, tmp: Path, trees) -> None:
    big = staff_dataset(template, tmp / "big28", size=28_000_000)
    print(f"\n## refusal: {(big / 'lkj.yaml').stat().st_size:,} bytes, size limit lifted")
    for name, src in trees:
        took, rss, out, cpu = child(REFUSE, str(big / "lkj.yaml"), src)
        print(f"{name}: {took:.2f} s whole process ({cpu:.2f} s CPU), peak RSS {rss:.0f} MB: {out}")


def batch(data: Path, trees, reps: int) -> None:
    print(f"\n## batch: {len(list(data.rglob('lkj.yaml')))} reports, {reps} interleaved runs, CPU seconds per process")
    cmds = [("bare CSafeLoader parse", BARE, ROOT)]
    for name, src in trees:
        cmds += [(f"{name}: yamlsafe.load_yaml", YAMLSAFE, src), (f"{name}: event builder alone", EVENTS, src),
                 (f"{name}: load_dataset", DATASETS, src)]
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(reps):
        for i, (_, code, src) in enumerate(cmds):
            times[i].append(child(code, str(data), src)[3])      # CPU seconds: the machine is shared
    for (name, _, _), ts in zip(cmds, times):
        ratios = [t / b for t, b in zip(ts, times[0])]
        print(f"{name:36} {spread(ts)} s; ratio to bare parse {spread(ratios)}")


def memory(template: Path, tmp: Path, trees) -> None:
    staff = staff_dataset(template, tmp / "staff20k", rows=20_000)
    size = (staff / "lkj.yaml").stat().st_size
    print(f"\n## memory: 20,000 staff rows, lkj.yaml {size:,} bytes ({size / 20_000:.0f} bytes/row)")
    for name, src in trees:
        took, rss, out, _ = child(MEMORY, str(staff), src)
        print(f"{name}: {out}; peak RSS {rss:.0f} MB, {took:.2f} s whole process")


if __name__ == "__main__":
    main()
