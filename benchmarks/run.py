"""Whole-process timings and fault recall, all in one run on the same data.

    python benchmarks/run.py [--sizes 100,1000] [--reps 5] [--big-reps 3] [--mem 10000] [--gx-max 1000]

Writes the table to stdout (paste into docs/benchmarks.md); data goes to benchmarks/data/.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
LKJ = str(Path(PY).with_name("lkjcheck"))
DATA = HERE / "data"
# (result key, baseline.py tool, timing label, recall label); the target is judged against "gx"
GX_VARIANTS = [
    ("gx", "gx", "GX 1.x suite, one expectation per rule, one validation per report", "GX per rule"),
    ("gx_folded", "gx-folded", "GX 1.x, all checks folded into one expectation", "GX folded"),
]


def run_once(cmd) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one whole process."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, ru = os.wait4(p.pid, 0)
    took = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{cmd} failed ({code}): {p.stderr.read().decode()[-2000:]}")
    # ru_maxrss of wait4 is this child alone (workers of a pool are its children, not counted)
    return took, ru.ru_maxrss / 1024


def _tree_pss_mb(root: int) -> float:
    """Proportional set size of a process and all its descendants (shared pages counted once)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += next((int(ln.split()[1]) for ln in fh if ln.startswith("Pss:")), 0)
        except OSError:
            pass
        todo.extend(children.get(pid, []))
    return total / 1024


def peak_tree_memory(cmd) -> float:
    """Peak PSS (MB) of a command with all its worker processes, sampled every 50 ms.

    Not used for timings: sampling /proc costs CPU the command would otherwise have.
    """
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak = 0.0
    while p.poll() is None:
        peak = max(peak, _tree_pss_mb(p.pid))
        time.sleep(0.05)
    if p.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed ({p.returncode}): {p.stderr.read().decode()[-2000:]}")
    return peak


def measure(cmds: list, reps: int) -> list[tuple[float, float]]:
    """Median wall time and largest peak RSS of each command, the commands taking turns.

    Turns, not one command's repetitions after another's: this machine's
    speed drifts by tens of percent within minutes, and a ratio of two
    commands measured side by side is then still a fair one.
    """
    times: list[list[float]] = [[] for _ in cmds]
    rss: list[list[float]] = [[] for _ in cmds]
    for _ in range(reps):
        for i, cmd in enumerate(cmds):
            t, m = run_once(cmd)
            times[i].append(t)
            rss[i].append(m)
    return [(statistics.median(t), max(m)) for t, m in zip(times, rss)]


def ensure_data(root: Path, n: int, seed: int) -> None:
    """Generate the datasets unless the folder holds exactly what this generator and seed make.

    Data left over from an older generator once made a fixed rule look like a
    false positive; the stamp ties the data to the generator's own text.
    """
    import hashlib
    import shutil

    stamp = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest() + f" n={n} seed={seed}"
    mark = root / "generator.stamp"
    if (root / "faults.json").exists() and mark.exists() and mark.read_text() == stamp:
        return
    if root.exists():
        shutil.rmtree(root)
    subprocess.run([PY, str(HERE / "generate.py"), str(n), str(root), "--seed", str(seed)], check=True,
                   stdout=sys.stderr)
    mark.write_text(stamp)


def dataset_dirs(root: Path):
    return sorted(str(f.parent) for f in root.rglob("lkj.yaml"))


def parse_only_script(root: Path) -> list[str]:
    code = ("import sys, yaml, pathlib\n"
            "for f in sorted(pathlib.Path(sys.argv[1]).rglob('lkj.yaml')):\n"
            "    yaml.load(f.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n")
    return [PY, "-c", code, str(root)]


def score(truth_file: Path, found: dict[str, set]) -> tuple[dict, int]:
    """Recall per fault class, and findings on datasets with no injected fault."""
    truth = json.loads(truth_file.read_text())
    hit, tot = collections.Counter(), collections.Counter()
    fp = 0
    for ds in truth["datasets"]:
        got = found.get(ds["dataset"], set())
        if not ds["faults"]:
            fp += len(got)
        for f in ds["faults"]:
            tot[f["class"]] += 1
            hit[f["class"]] += any(t == f["table"] and r.startswith(f["row"]) and (rule in f["rules"] or rule == "*")
                                   for t, r, rule in got)
    return {c: (hit[c], tot[c]) for c in sorted(tot)}, fp


def lkj_found(out_json: Path, root: Path, ignore=()):
    doc = json.loads(out_json.read_text())
    path = {d["name"]: os.path.relpath(d["path"], root) for d in doc["datasets"]}
    found = collections.defaultdict(set)
    for f in doc["findings"]:
        if f["rule"] not in ignore:
            found[path[f["dataset"]]].add((f["table"], f["row"] or "", f["rule"]))
    return found


def baseline_found(out_json: Path, root: Path):
    found = collections.defaultdict(set)
    for p, table, row, _check in json.loads(out_json.read_text()):
        found[os.path.relpath(p, root)].add((table, row, "*"))
    return found


def versions():
    from importlib.metadata import PackageNotFoundError, version
    out = {}
    for p in ("lkjcheck", "PyYAML", "click", "tabulate", "numpy", "pandas", "pandera", "great_expectations"):
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = "-"
    return out


def machine():
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "?")
    mem = next((int(ln.split()[1]) // 1024 for ln in open("/proc/meminfo") if ln.startswith("MemTotal")), 0)
    return f"nproc {os.cpu_count()}, {cpu}, {mem} MB RAM, Python {platform.python_version()}, {platform.platform()}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--big-reps", type=int, default=3)
    ap.add_argument("--mem", type=int, default=0, help="also run lkjcheck once on this many datasets for peak memory")
    ap.add_argument("--gx-max", type=int, default=1000, help="largest N to run GX on (it is slow)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]
    # find_spec, not import: a big parent would inflate every child's peak RSS
    import importlib.util
    have_gx = importlib.util.find_spec("great_expectations") is not None

    rows, recall = [], []

    def add_all(pairs, reps):
        """Time (name, command) pairs side by side; [(median s, peak MB)] in order."""
        out = measure([cmd for _, cmd in pairs], reps)
        for (name, _), (t, m) in zip(pairs, out):
            rows.append((name, t, m))
            print(f"{name:90s} {t * 1000:9.0f} ms {m:7.0f} MB", file=sys.stderr, flush=True)
        return out

    def add(name, cmd, reps):
        return add_all([(name, cmd)], reps)[0]

    (base_yaml, _), (ver, _) = add_all([('python -c "import yaml, click"', [PY, "-c", "import yaml, click"]),
                                        ("lkjcheck --version", [LKJ, "--version"])], a.reps)
    (pa_imp, _), (one, _) = add_all([('python -c "import pandera.pandas"', [PY, "-c", "import pandera.pandas"]),
                                     ("lkjcheck run fixtures/kpu-muaro-jambi-2024 (json)",
                                      [LKJ, "run", "fixtures/kpu-muaro-jambi-2024", "-f", "json", "-o", os.devnull])],
                                    a.reps)
    if have_gx:
        add('python -c "import great_expectations"', [PY, "-c", "import great_expectations"], 3)
    results = {}
    for n in sorted(set(sizes + ([a.mem] if a.mem else []))):
        root = DATA / f"n{n}"
        ensure_data(root, n, a.seed)
        reps = a.big_reps if n in sizes else 1
        out = DATA / f"lkj-{n}.json"
        r = {}
        parse = (f"parse {n} lkj.yaml with CSafeLoader", parse_only_script(root))
        lkj = (f"lkjcheck run ({n} datasets, --jobs {os.cpu_count()})",
               [LKJ, "run", str(root), "--no-text", "-f", "json", "-o", str(out)])
        if n not in sizes:
            # One process holds everything it uses: this is the honest peak
            # (a pool's workers are not counted in its parent's ru_maxrss).
            lkj1 = (f"lkjcheck run ({n} datasets, --jobs 1, peak memory of one process)",
                    [LKJ, "run", str(root), "--no-text", "--jobs", "1", "-f", "json", "-o", os.devnull])
            (r["parse"], _), (r["lkj"], r["lkj_mem"]), (r["lkj1"], r["lkj1_mem"]) = add_all([parse, lkj, lkj1], 1)
            r["tree_mem"] = peak_tree_memory(lkj[1])
            rows.append((f"lkjcheck run ({n} datasets, --jobs {os.cpu_count()}), peak memory of all its processes (PSS), "
                         "separate untimed run", None, r["tree_mem"]))
            results[n] = r
            continue
        pout = DATA / f"pandera-{n}.json"
        (r["parse"], _), (r["lkj"], r["lkj_mem"]), (r["lkj1"], _), (r["pandera"], _) = add_all([
            parse, lkj,
            (f"lkjcheck run ({n} datasets, --jobs 1)",
             [LKJ, "run", str(root), "--no-text", "--jobs", "1", "-f", "json", "-o", os.devnull]),
            (f"pandera-only schema run ({n} datasets)", [PY, str(HERE / "baseline.py"), "pandera", str(pout), str(root)]),
        ], reps)
        rec, fp = score(root / "faults.json", lkj_found(out, root))
        rec2, fp2 = score(root / "faults.json", lkj_found(out, root, ignore={"KIN012"}))
        recall.append((f"lkjcheck, N={n}", rec, fp, fp2))
        recall.append((f"pandera, N={n}", *score(root / "faults.json", baseline_found(pout, root)), None))
        if have_gx and n <= a.gx_max:
            for key, tool, what, who in GX_VARIANTS:
                gout = DATA / f"{tool}-{n}.json"
                r[key], _ = add(f"{what} ({n} datasets)", [PY, str(HERE / "baseline.py"), tool, str(gout), str(root)], 1)
                recall.append((f"{who}, N={n}", *score(root / "faults.json", baseline_found(gout, root)), None))
        if have_gx and n <= min(a.gx_max, 100):
            # lkjcheck's own GX engine: the exportable rules judged by GX, the
            # rest natively, on the same data (issue: compare the two engines).
            (r["lkj_gx"], _), (r["lkj_native"], _) = add_all([
                (f"lkjcheck run --engine gx ({n} datasets)",
                 [LKJ, "run", str(root), "--no-text", "--engine", "gx", "-f", "json", "-o", os.devnull]),
                (f"lkjcheck run --engine native ({n} datasets, same options)",
                 [LKJ, "run", str(root), "--no-text", "-f", "json", "-o", os.devnull]),
            ], reps)
        results[n] = r

    print("## Machine\n\n" + machine() + "\n")
    print("Packages: " + ", ".join(f"{k} {v}" for k, v in versions().items()) + "\n")
    print("Command: `" + " ".join(["python benchmarks/run.py"] + sys.argv[1:]) + "`\n")
    print("## Timings (whole process, median)\n")
    print("| what | median | peak RSS |\n|---|---:|---:|")
    for name, t, m in rows:
        print(f"| {name} | {'—' if t is None else f'{t * 1000:,.0f} ms'} | {m:,.0f} MB |")
    print("\n## Targets\n")
    print("| target | measured | met |\n|---|---|---|")
    print(f"| `lkjcheck --version` ≤ 3× `import yaml, click` | {ver / base_yaml:.2f}× | {'yes' if ver <= 3 * base_yaml else 'NO'} |")
    print(f"| `lkjcheck run` one fixture ≤ 1.3× `import pandera.pandas` | {one / pa_imp:.2f}× | {'yes' if one <= 1.3 * pa_imp else 'NO'} |")
    for n, r in results.items():
        if "lkj1_mem" not in r:
            # The issue sets these two targets for 1,000 reports; smaller runs
            # are shown for how fixed start-up costs weigh, not judged.
            judged = n >= 1000

            def verdict(ok):
                return ("yes" if ok else "NO") if judged else "— (target set for N=1,000)"
            print(f"| N={n}: ≤ 2× parsing the YAML | {r['lkj'] / r['parse']:.2f}× (--jobs 1: {r['lkj1'] / r['parse']:.2f}×) "
                  f"| {verdict(r['lkj'] <= 2 * r['parse'])} |")
            if "gx" in r:
                print(f"| N={n}: ≥ 10× faster than GX (suite with one expectation per rule) | {r['gx'] / r['lkj']:.1f}× "
                      f"| {verdict(r['gx'] >= 10 * r['lkj'])} |")
                # the floor of what GX can cost here, shown beside the target, not judged
                print(f"| N={n}: faster than GX with all checks folded into one expectation (no target) "
                      f"| {r['gx_folded'] / r['lkj']:.1f}× | — |")
        else:
            print(f"| N={n}: peak memory ≤ 512 MB (one process, --jobs 1) | {r['lkj1_mem']:.0f} MB "
                  f"| {'yes' if r['lkj1_mem'] <= 512 else 'NO'} |")
            print(f"| N={n}: peak memory ≤ 512 MB (all processes of --jobs {os.cpu_count()}, PSS) | {r['tree_mem']:.0f} MB "
                  f"| {'yes' if r['tree_mem'] <= 512 else 'NO'} |")
    for n, r in results.items():
        if "lkj_gx" in r:
            print(f"| N={n}: lkjcheck --engine gx vs native (no target; issue asks to compare) "
                  f"| {r['lkj_gx'] / r['lkj_native']:.1f}× slower | — |")
    print("\n## Recall of injected faults\n")
    print("| checker | " + " | ".join(sorted({c for _, rec, _, _ in recall for c in rec})) + " | findings on unfaulted datasets |")
    classes = sorted({c for _, rec, _, _ in recall for c in rec})
    print("|---|" + "---:|" * (len(classes) + 1))
    for name, rec, fp, fp2 in recall:
        cells = [f"{rec[c][0]}/{rec[c][1]}" if c in rec else "-" for c in classes]
        extra = f"{fp}" + (f" ({fp2} without KIN012)" if fp2 is not None else "")
        print(f"| {name} | " + " | ".join(cells) + f" | {extra} |")


if __name__ == "__main__":
    main()
