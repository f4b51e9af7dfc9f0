"""Whole-process timings, targets and fault recall, in one run on the same data; regenerates docs/benchmarks.md.

    python benchmarks/run.py [--sizes 100,1000] [--reps 7] [--big-reps 3] [--mem 10000] [--gx-max 100]
                             [--no-write]

Commands that are compared run in turns (one repetition of each, then the
next round), so that the machine's drift hits both sides of a ratio alike;
each ratio is the median of the per-round ratios, with their min–max. The
1-minute load average and the CPUs this process may use are recorded before
every run and printed beside each figure. The tables between the markers in
docs/benchmarks.md are replaced, and the previous run's figures (kept in
benchmarks/last-run.json) are shown beside the new ones, so a second run says
by itself whether it reproduced the first. Data goes to benchmarks/data/.
"""
from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
LKJ = str(Path(PY).with_name("lkjcheck"))
DATA = HERE / "data"
DOC = ROOT / "docs" / "benchmarks.md"
LAST = HERE / "last-run.json"
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
BEGIN, END = "<!-- benchmarks/run.py: begin -->", "<!-- benchmarks/run.py: end -->"
# (result key, baseline.py tool, timing label, recall label); the target is judged against "gx"
GX_VARIANTS = [
    ("gx", "gx", "GX 1.x suite, one expectation per rule, one validation per report", "GX per rule"),
    ("gx_folded", "gx-folded", "GX 1.x, all checks folded into one expectation", "GX folded"),
]


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run_once(cmd) -> tuple[float, float, float, float]:
    """Wall time (s), peak RSS (MB), CPU time (s) of one whole process, and the 1-minute load average before it."""
    load = os.getloadavg()[0]
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, ru = os.wait4(p.pid, 0)
    took = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{cmd} failed ({code}): {p.stderr.read().decode()[-2000:]}")
    # ru_maxrss of wait4 is this child alone (workers of a pool are its children, not counted)
    return took, ru.ru_maxrss / 1024, ru.ru_utime + ru.ru_stime, load


def _tree_pss_mb(root: int) -> tuple[float, float]:
    """Proportional set size (MB) of a process and all its descendants (shared pages counted once), and of it alone."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, alone, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                pss = next((int(ln.split()[1]) for ln in fh if ln.startswith("Pss:")), 0)
        except OSError:
            pss = 0
        total += pss
        alone = pss if pid == root else alone
        todo.extend(children.get(pid, []))
    return total / 1024, alone / 1024


def peak_tree_memory(cmd) -> tuple[float, float]:
    """Peak PSS (MB) of a command with all its worker processes, sampled every 50 ms, and its own peak.

    Not used for timings: sampling /proc costs CPU the command would otherwise have.
    """
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak = own = 0.0
    while p.poll() is None:
        total, alone = _tree_pss_mb(p.pid)
        peak, own = max(peak, total), max(own, alone)
        time.sleep(0.05)
    if p.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed ({p.returncode}): {p.stderr.read().decode()[-2000:]}")
    return peak, own


@dataclass
class Row:
    """One command's runs: seconds, peak RSS and load average per repetition."""
    key: str
    name: str
    times: list = field(default_factory=list)
    rss: list = field(default_factory=list)
    load: list = field(default_factory=list)
    cpu: list = field(default_factory=list)
    cores: bool = False              # the figure depends on free cores (--jobs auto on a shared machine)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


@dataclass
class Ratio:
    key: str
    what: str
    rounds: list                     # per-round ratios (the rows ran in the same rounds)
    limit: float | None
    cores: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.rounds)


def measure(rows: list[Row], cmds: list, reps: int) -> None:
    """Run the commands in turns, `reps` rounds, appending to each row."""
    for _ in range(reps):
        for row, cmd in zip(rows, cmds):
            t, m, c, load = run_once(cmd)
            row.cpu.append(c)
            row.times.append(t)
            row.rss.append(m)
            row.load.append(load)
            print(f"{row.name:80s} {t * 1000:9.0f} ms {m:6.0f} MB load {load:4.1f}", file=sys.stderr, flush=True)


def ratio(key, what, num: Row, den: Row, limit=None) -> Ratio:
    return Ratio(key, what, [a / b for a, b in zip(num.times, den.times)], limit, num.cores or den.cores)


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


def _ms(s: float) -> str:
    return f"{s * 1000:,.0f} ms"


def _load(values) -> str:
    return f"{min(values):.1f}–{max(values):.1f}" if values else "—"


def _previous() -> dict:
    try:
        return json.loads(LAST.read_text())
    except (OSError, ValueError):
        return {}


def _again(prev, lo: float, hi: float, mid: float) -> str:
    """Whether two runs agree: each one's median within the other's min–max."""
    if not prev:
        return "—"
    pmid, plo, phi = prev
    both = lo <= pmid <= hi and plo <= mid <= phi
    return "yes" if both else ("partly" if lo <= pmid <= hi or plo <= mid <= phi else "no")


def render(rows: list[Row], ratios: list[Ratio], memory: list, guards: str, recall: list, command: str,
           prev: dict) -> str:
    out = ["## Machine", "",
           f"{machine()}; CPUs this process may use: {cpus()}; run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
           f"1-minute load average {_load([x for r in rows for x in r.load])} while it ran.", "",
           "Packages: " + ", ".join(f"{k} {v}" for k, v in versions().items()), "",
           f"Command: `{command}`, after `python -m compileall -q lkjcheck` (pip byte-compiles an installed "
           "package; this machine sets PYTHONDONTWRITEBYTECODE=1, which would make every process compile "
           "lkjcheck's sources again).", "",
           "Figures marked ‡ depend on free cores: they use `--jobs auto`, which starts a worker per CPU the "
           "process may use, so another job on the machine slows them more than the others.", "",
           "## Targets (ratios of commands run in turns: median of the per-round ratios, min–max)", "",
           "| target | median | min–max | rounds | met | previous run | reproduced |", "|---|---:|---:|---:|---|---:|---|"]
    pr = prev.get("ratios", {})
    for q in ratios:
        lo, hi = min(q.rounds), max(q.rounds)
        met = "—" if q.limit is None else ("yes" if q.median <= q.limit else "NO")
        p = pr.get(q.key)
        out.append(f"| {q.what}{' ‡' if q.cores else ''} | {q.median:.2f}× | {lo:.2f}–{hi:.2f}× | {len(q.rounds)} "
                   f"| {met} | {f'{p[0]:.2f}× ({p[1]:.2f}–{p[2]:.2f})' if p else '—'} | {_again(p, lo, hi, q.median)} |")
    for what, mb, limit in memory:
        was = prev.get("memory", {}).get(what)
        out.append(f"| {what} | {mb:,.0f} MB | — | 1 | {'—' if limit is None else 'yes' if mb <= limit else 'NO'} | "
                   f"{f'{was:,.0f} MB' if was else '—'} | — |")
    out += ["", "## Timings (whole process)", "",
            "| what | median | min–max | runs | CPU (median) | peak RSS | load (1 min) | previous median | reproduced |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    pt = prev.get("rows", {})
    for r in rows:
        lo, hi = min(r.times), max(r.times)
        p = pt.get(r.key)
        cpu = _ms(statistics.median(r.cpu)) if r.cpu else "—"
        out.append(f"| {r.name}{' ‡' if r.cores else ''} | {_ms(r.median)} | {_ms(lo)}–{_ms(hi)} | {len(r.times)} "
                   f"| {cpu} | {max(r.rss):,.0f} MB | {_load(r.load)} | {_ms(p[0]) if p else '—'} | {_again(p, lo, hi, r.median)} |")
    out += ["", "## Guards against hostile input (timings that were unit tests; `benchmarks/guards.py`)", "", guards]
    if recall:
        classes = sorted({c for _, rec, _, _ in recall for c in rec})
        out += ["", "## Recall of injected faults", "",
                "| checker | " + " | ".join(classes) + " | findings on unfaulted datasets |",
                "|---|" + "---:|" * (len(classes) + 1)]
        for name, rec, fp, fp2 in recall:
            cells = [f"{rec[c][0]}/{rec[c][1]}" if c in rec else "-" for c in classes]
            extra = f"{fp}" + (f" ({fp2} without KIN012)" if fp2 is not None else "")
            out.append(f"| {name} | " + " | ".join(cells) + f" | {extra} |")
    return "\n".join(out) + "\n"


def write_doc(tables: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{DOC} lacks the markers {BEGIN} … {END}")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    tmp = DOC.with_suffix(".md.tmp")
    tmp.write_text(head + BEGIN + "\n" + tables + END + tail, encoding="utf-8")
    os.replace(tmp, DOC)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--big-reps", type=int, default=3)
    ap.add_argument("--mem", type=int, default=0, help="also run lkjcheck once on this many datasets for peak memory")
    ap.add_argument("--gx-max", type=int, default=100, help="largest N to run GX on (it is slow)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-write", action="store_true", help="print the tables, leave docs/benchmarks.md alone")
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]
    DATA.mkdir(exist_ok=True)
    # An installed lkjcheck is byte-compiled by pip; a checkout run where
    # PYTHONDONTWRITEBYTECODE is set would compile every module in every
    # process (and every worker) instead, about 0.1 s each time.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "lkjcheck")], check=True, cwd=ROOT)
    # find_spec, not import: a big parent would inflate every child's peak RSS
    import importlib.util
    have_gx = importlib.util.find_spec("great_expectations") is not None
    rows: list[Row] = []
    ratios: list[Ratio] = []
    memory: list = []
    recall: list = []

    def group(specs, reps):
        """[(key, name, cmd, cores)] measured in turns; their rows."""
        new = [Row(k, n, cores=c) for k, n, _, c in specs]
        measure(new, [cmd for _, _, cmd, _ in specs], reps)
        rows.extend(new)
        return new

    yc, ver, rls, txt = group([
        ("yaml_click", 'python -c "import yaml, click"', [PY, "-c", "import yaml, click"], False),
        ("version", "lkjcheck --version", [LKJ, "--version"], False),
        ("rules", "lkjcheck rules", [LKJ, "rules"], False),
        ("text_seed", "lkjcheck text (the seed report text, 2024)", [LKJ, "text", str(SEED), "--tahun", "2024"], False),
    ], a.reps)
    ratios += [ratio("version", "`lkjcheck --version` ≤ 2× `import yaml, click`", ver, yc, 2),
               ratio("rules", "`lkjcheck rules` ≤ 2× `import yaml, click`", rls, yc, 2),
               ratio("text", "`lkjcheck text SEED --tahun 2024` ≤ 2× `import yaml, click`", txt, yc, 2)]
    # The seed fixture has a DAT003, so pandera runs for it; its corrected twin passes the
    # schemas' pre-check and is checked without pandas or pandera (model/schema.surely_valid).
    pa, one, clean = group([
        ("pandera_import", 'python -c "import pandera.pandas"', [PY, "-c", "import pandera.pandas"], False),
        ("one", "lkjcheck run fixtures/kpu-muaro-jambi-2024 (json)",
         [LKJ, "run", "fixtures/kpu-muaro-jambi-2024", "-f", "json", "-o", str(DATA / "one.json")], False),
        ("one_clean", "lkjcheck run fixtures/kpu-muaro-jambi-2024-corrected (json)",
         [LKJ, "run", "fixtures/kpu-muaro-jambi-2024-corrected", "-f", "json", "-o", str(DATA / "one.json")], False),
    ], a.reps)
    ratios.append(ratio("one", "`lkjcheck run` one fixture ≤ 1.0× `import pandera.pandas`", one, pa, 1.0))
    ratios.append(ratio("one_clean", "`lkjcheck run` its corrected twin ≤ 1.0× `import pandera.pandas`",
                        clean, pa, 1.0))
    for n in sizes:
        root = DATA / f"n{n}"
        ensure_data(root, n, a.seed)
        out = DATA / f"lkj-{n}.json"
        parse, auto, j1 = group([
            (f"parse_{n}", f"parse {n} lkj.yaml with CSafeLoader", parse_only_script(root), False),
            (f"auto_{n}", f"lkjcheck run ({n} datasets, default settings: --jobs auto)",
             [LKJ, "run", str(root), "-f", "json", "-o", str(out)], True),
            (f"j1_{n}", f"lkjcheck run ({n} datasets, --jobs 1)",
             [LKJ, "run", str(root), "--jobs", "1", "-f", "json", "-o", str(DATA / f"lkj1-{n}.json")], False),
        ], a.big_reps)
        judged = n >= 1000
        ratios += [ratio(f"auto_{n}", f"N={n}: default settings ≤ 1.3× parsing the YAML"
                         + ("" if judged else " (target set for N=1,000)"), auto, parse, 1.3 if judged else None),
                   ratio(f"j1_{n}", f"N={n}: --jobs 1 vs parsing the YAML (no target)", j1, parse),
                   ratio(f"auto_j1_{n}", f"N={n}: default settings vs --jobs 1 (never slower: ≤ 1.0×)", auto, j1,
                         1.0 if judged else None)]
        rec, fp = score(root / "faults.json", lkj_found(out, root))
        _, fp2 = score(root / "faults.json", lkj_found(out, root, ignore={"KIN012"}))
        recall.append((f"lkjcheck, N={n}", rec, fp, fp2))
        baselines = [("pandera", "pandera", f"pandera-only schema run ({n} datasets)", "pandera")]
        if have_gx and n <= a.gx_max:
            baselines += [(k, tool, f"{what} ({n} datasets)", who) for k, tool, what, who in GX_VARIANTS]
        for key, tool, what, who in baselines:
            bout = DATA / f"{tool}-{n}.json"
            [b] = group([(f"{key}_{n}", what, [PY, str(HERE / "baseline.py"), tool, str(bout), str(root)], False)], 1)
            recall.append((f"{who}, N={n}", *score(root / "faults.json", baseline_found(bout, root)), None))
            if key.startswith("gx"):
                ratios.append(Ratio(f"{key}_{n}", f"N={n}: {what.split(' (')[0]} ÷ lkjcheck (times faster; one GX run "
                                    "against the median)", [b.median / auto.median], None, True))
    if a.mem:
        root = DATA / f"n{a.mem}"
        ensure_data(root, a.mem, a.seed)
        t0 = time.perf_counter()
        load = os.getloadavg()[0]
        # a real file: lkjcheck refuses to write a report to a device such as /dev/null
        pss, own = peak_tree_memory([LKJ, "run", str(root), "-f", "json", "-o", str(DATA / f"mem-{a.mem}.json")])
        memory.append((f"N={a.mem}: peak memory of all processes (PSS, default settings) ≤ 300 MB ‡", pss, 300))
        memory.append((f"N={a.mem}: of which the command itself, at its own peak (PSS)", own, None))
        rows.append(Row(f"mem_{a.mem}", f"lkjcheck run ({a.mem} datasets, default settings; sampled for memory, "
                        "so a little slower)", [time.perf_counter() - t0], [pss], [load], cores=True))
    guards = subprocess.run([PY, str(HERE / "guards.py"), "--reps", "3"], capture_output=True, text=True,
                            check=True, cwd=ROOT).stdout.strip()
    command = " ".join(["python benchmarks/run.py"] + sys.argv[1:])
    prev = _previous()
    tables = render(rows, ratios, memory, guards, recall, command, prev)
    print(tables)
    if not a.no_write:
        write_doc(tables)
        LAST.write_text(json.dumps({
            "command": command,
            "rows": {r.key: [r.median, min(r.times), max(r.times)] for r in rows},
            "ratios": {q.key: [q.median, min(q.rounds), max(q.rounds)] for q in ratios},
            "memory": {what: mb for what, mb, _ in memory}}, indent=1) + "\n")


if __name__ == "__main__":
    main()
