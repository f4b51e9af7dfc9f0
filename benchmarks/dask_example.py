"""lkjcheck on a Dask cluster: each task checks a group of reports, the findings of all go to one Parquet file.

    pip install "dask[distributed]" pyarrow       # for this example only; lkjcheck does not need them
    python benchmarks/dask_example.py DATA_ROOT findings.parquet [--workers 2] [--group 200]
    python benchmarks/dask_example.py DATA_ROOT findings.parquet --scheduler tcp://host:8786

A local cluster by default (worker processes on this machine); --scheduler
names an existing one, whose workers need lkjcheck installed and the data
at the same path (a shared file system or object store mounted alike).
A group keeps one agency's reports together, as `lkjcheck run` does with its
chunks, so the cross-year rules see the same reports. docs/architecture.md
("Checking a whole year nationally") says when this is worth it.
"""
from __future__ import annotations

import argparse
import time


def check_group(folders: list[str], lang: str) -> list[dict]:
    """One task: the reports of a group, checked in the worker's process; plain rows, one per finding."""
    from lkjcheck.run.runner import run
    from lkjcheck.run.options import Options

    result = run(folders, Options(lang=lang, jobs=1))
    path = {d.name: d.path for d in result.datasets}
    rows = [{"report": path.get(f.dataset, f.dataset), "rule": f.rule, "severity": f.severity, "table": f.table,
             "row": f.row, "field": f.field, "file": f.location.file, "line": f.location.line,
             "expected": f.expected, "actual": f.actual, "message": f.message} for f in result.findings]
    # A report that could not be read is a row too, so that nothing is silently left out.
    rows += [{"report": d.path, "rule": "UNREADABLE", "severity": "error", "message": d.error}
             for d in result.datasets if d.error]
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("out")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--group", type=int, default=200, help="reports per task")
    ap.add_argument("--scheduler", default=None, help="address of an existing Dask scheduler")
    ap.add_argument("--lang", default="id")
    a = ap.parse_args()

    import pandas as pd
    from dask.distributed import Client, LocalCluster, as_completed

    from lkjcheck.run.discover import _chunks, discover

    t = time.perf_counter()
    groups = [[str(f) for f in g] for g in _chunks(discover([a.root]), a.group)]
    cluster = None if a.scheduler else LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                                                    dashboard_address=None)
    with Client(a.scheduler or cluster) as client:
        rows = []
        for future in as_completed(client.map(check_group, groups, lang=a.lang)):
            rows.extend(future.result())
    if cluster is not None:
        cluster.close()
    frame = pd.DataFrame(rows, columns=["report", "rule", "severity", "table", "row", "field", "file", "line",
                                        "expected", "actual", "message"])
    frame.sort_values(["report", "rule", "file", "line"], kind="stable", na_position="first").to_parquet(a.out, index=False)
    print(f"{sum(map(len, groups))} reports in {len(groups)} tasks, {len(frame)} findings -> {a.out} "
          f"in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
