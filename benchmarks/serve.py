"""`lkjcheck serve`: how soon it answers, and how long a check takes through the page versus the CLI.

    python benchmarks/serve.py [--reps 5] [--report PATH]

Start-up is the wall time from launching `lkjcheck serve --no-browser --port 0`
until its page answers. A check through the page is the time from the upload
request until the job is done (what the reviewer waits for after dropping the
file), on a server that has just started and again on a warm one; the CLI is
the whole `lkjcheck run` process on the same input, as a reviewer at a
terminal would wait for it. Inputs, in turns: the bundled fixture as a zipped
dataset folder, and the seed report text (../shared/seed) when this runner
reads bare documents. Not part of the test suite; paste the output into docs/serve.md.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
FIXTURE = ROOT / "fixtures" / "kpu-muaro-jambi-2024"
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"


def _zip(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.iterdir()):
            z.write(f, f"{folder.name}/{f.name}")
    return buf.getvalue()


def start_server(tmp: str):
    t0 = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "lkjcheck", "serve", "--no-browser", "--port", "0"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "TMPDIR": tmp})
    url = re.search(r"(http://\S+)", proc.stdout.readline()).group(1)
    base, token = url.split("/?token=")
    while True:
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=5) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.005)
    return proc, base, token, time.perf_counter() - t0


def _call(base, token, path, data=None, headers=None):
    req = urllib.request.Request(base + path, data=data, headers={"X-Lkjcheck-Token": token, **(headers or {})},
                                 method="POST" if data is not None else "GET")
    with urllib.request.urlopen(req, timeout=300) as r:
        return json.loads(r.read())


def cpu_of(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def check_via_page(base, token, name: str, body: bytes) -> float:
    t0 = time.perf_counter()
    job = _call(base, token, "/api/upload", body, {"X-Filename": name})["job"]
    while True:
        state = _call(base, token, f"/api/jobs/{job}")
        if state["done"]:
            break
        # Every poll costs the server a little CPU; the page itself polls every 250 ms.
        time.sleep(0.05)
    took = time.perf_counter() - t0
    if state["error"]:
        raise SystemExit(f"{name}: {state['error']}")
    return took


def check_via_cli(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of the whole `lkjcheck run` process."""
    t0 = time.perf_counter()
    p = subprocess.Popen([PY, "-m", "lkjcheck", *args, "--format", "json"], cwd=ROOT, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    took = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"lkjcheck {' '.join(args)}: {p.stderr.read().decode()[-500:]}")
    return took, ru.ru_utime + ru.ru_stime


def _seed_supported() -> bool:
    p = subprocess.run([PY, "-m", "lkjcheck", "run", str(SEED), "--format", "json"], cwd=ROOT, capture_output=True)
    return SEED.is_file() and p.returncode in (0, 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    inputs = [("fixture as zip", "kpu-muaro-jambi-2024.zip", _zip(FIXTURE), ["run", str(FIXTURE)])]
    if _seed_supported():
        inputs.append(("seed report text", SEED.name, SEED.read_bytes(), ["run", str(SEED)]))
    else:
        print(f"(the seed text {SEED} is not read by `lkjcheck run` on this branch; skipped)")
    starts = []
    first, warm, cli, first_cpu, warm_cpu, cli_cpu = ({n: [] for n, *_ in inputs} for _ in range(6))
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.reps):
            # One fresh server per input, so that "first check" is really the first; the CLI in turn with it.
            for name, fname, body, cli_args in inputs:
                proc, base, token, took = start_server(tmp)
                starts.append(took)
                try:
                    # The reviewer drops the file as soon as the page is open; CPU counts the
                    # server's warm-up too, which runs beside the first check.
                    c0 = cpu_of(proc.pid)
                    first[name].append(check_via_page(base, token, fname, body))
                    c1 = cpu_of(proc.pid)
                    warm[name].append(check_via_page(base, token, fname, body))
                    c2 = cpu_of(proc.pid)
                    first_cpu[name].append(c1 - c0)
                    warm_cpu[name].append(c2 - c1)
                finally:
                    proc.terminate()
                    proc.wait()
                wall, cpu = check_via_cli(cli_args)
                cli[name].append(wall)
                cli_cpu[name].append(cpu)
        left = os.listdir(tmp)
    ms = lambda xs: f"{statistics.median(xs) * 1000:.0f} ms"  # noqa: E731
    print(f"nproc {os.cpu_count()}, Python {sys.version.split()[0]}, {args.reps} runs, medians")
    print()
    print("| what | wall, median | wall, min | CPU, median |")
    print("|---|---:|---:|---:|")
    print(f"| `lkjcheck serve` start-up, launch to first answer | {ms(starts)} | {min(starts)*1000:.0f} ms | |")
    for name, *_ in inputs:
        for label, xs, cs in ((f"{name}: page, first check after start", first[name], first_cpu[name]),
                              (f"{name}: page, warm server", warm[name], warm_cpu[name]),
                              (f"{name}: `lkjcheck run` (whole process)", cli[name], cli_cpu[name])):
            print(f"| {label} | {ms(xs)} | {min(xs)*1000:.0f} ms | {ms(cs)} |")
    print()
    print(f"files left in the server's temporary folder: {len(left)}")


if __name__ == "__main__":
    main()
