"""Checking chunks in worker processes, and how many workers a run gets."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from lkjcheck.errors import InputError
from lkjcheck.findings import DatasetInfo, Finding
from lkjcheck.run.check import _check
from lkjcheck.run.options import Options, load_rulepack


# From this many reports on, --jobs checks whole chunks in worker processes;
# below it, starting workers costs more than it saves (measured on two cores:
# 100 reports 1.2 s alone, 1.4 s with workers; the two meet near 200).
PARALLEL_CHECK_MIN = 200
# A chunk has fixed costs (a schema and a rule pass, ~60 ms), so not too small.
PARALLEL_CHUNK_MIN = 50
# Every worker holds a whole chunk, about 0.35 MB per report on top of the
# ~95 MB a worker starts with (1 report 94 MB, 100 reports 131, 200 164), so
# memory grows with --jobs times this. 200 per chunk put 10,000 reports on two
# workers at 369 MB for all processes; 100 keeps them near 300 MB for about
# 1.5 s more of fixed costs over those 10,000 reports.
PARALLEL_CHUNK_MAX = 100
# From this many reports on, the parent's share of memory (every finding and
# every dataset's coverage, kept for the report) has grown by tens of MB, so
# the workers' chunks are halved to make room: 10,000 reports on two workers
# peaked at 312 MB for all processes with chunks of 100, while checking.
PARALLEL_BIG_BATCH = 5000


@dataclass(frozen=True)
class Costs:
    """CPU seconds that decide whether workers pay (`plan_workers`).

    The defaults are measured on the generated reports of benchmarks/ (two
    cores, CPU time, so the machine's load does not change them): a report
    loaded and checked 12 ms (100 reports 1.2 s); a worker's own rule pack
    0.25 s; the fork server's start and the findings sent back 0.3 s. After
    the first chunk the run replaces the first two with what it measured.
    """
    report: float = 0.012
    worker: float = 0.25
    pool: float = 0.3


# A plan with workers must promise at least this much less time than one
# process: the model is rough, and a run with workers must never be slower.
PARALLEL_MARGIN = 0.9


def _throughput(k: int, cpus: int, others: float, grouped: bool = False) -> float:
    """Cores' worth of work k processes of ours get when `others` other processes want a CPU too.

    `grouped`: the kernel shares CPU time between sessions (autogroup), and
    all our processes are one session, so together they get one competitor's
    share, however many they are: more workers can only spread it over cores.
    """
    if grouped:
        return min(float(k), cpus / (others + 1.0)) if others > 0 else float(min(k, cpus))
    return k * min(1.0, cpus / (others + k))


def estimated_seconds(workers: int, reports: int, cpus: int, others: float, costs: Costs,
                      grouped: bool = False) -> float:
    """Wall time the model expects for `reports` checked by `workers` processes (1: this process alone)."""
    if workers <= 1:
        return reports * costs.report / _throughput(1, cpus, others, grouped)
    start = (costs.pool + costs.worker) / _throughput(1, cpus, others + (0 if grouped else workers - 1), grouped)
    return start + reports * costs.report / _throughput(workers, cpus, others, grouped)


def autogrouped() -> bool:
    """Whether this kernel shares CPU time between sessions rather than processes (sched_autogroup)."""
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled") as fh:
            return fh.read().strip() == "1" and os.path.exists("/proc/self/autogroup")
    except OSError:
        return False


def plan_workers(reports: int, cpus: int, load: float, costs: Costs = Costs(), most: int | None = None,
                 grouped: bool = False) -> int:
    """How many processes should check `reports` more reports: 1 means this process, alone.

    `cpus` is what the process may use, `load` the 1-minute load average, of
    which this process is one. Other work on the machine shares the CPUs with
    ours, so on a busy machine k processes get k shares: more workers still
    win, but less than on a quiet one, while their start costs more wall time.
    The plan takes the count with the least expected time, and workers only
    when they promise PARALLEL_MARGIN of one process's time or less. Never
    more workers than CPUs, nor than chunks of PARALLEL_CHUNK_MIN reports.
    Where the kernel shares CPU time between sessions (`grouped`), a busy
    machine gives our workers no more than one process gets, so there the
    plan is one process (measured: at a load of 2.5 on two cores, two workers
    took 1.09-1.17x the time of one process).
    """
    others = max(0.0, load - 1.0)
    top = max(1, min(cpus, reports // PARALLEL_CHUNK_MIN, most or cpus))
    alone = estimated_seconds(1, reports, cpus, others, costs, grouped)
    best, best_time = 1, alone
    for w in range(2, top + 1):
        t = estimated_seconds(w, reports, cpus, others, costs, grouped)
        if t < best_time:
            best, best_time = w, t
    return best if best_time <= PARALLEL_MARGIN * alone else 1


def available_cpus() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def current_load() -> float:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def choose_jobs(requested, n_reports: int) -> int:
    """Worker processes for a batch: `requested` is --jobs N, or None/"auto" to let the machine decide.

    Below PARALLEL_CHECK_MIN reports one process is faster whatever was asked.
    `auto` plans with the CPUs this process may use (not the machine's count:
    a container or a CI runner may allow fewer) and the current load
    (`plan_workers`); a parallel run plans again after its first chunk, with
    what that chunk cost (`_check_parallel`).
    """
    if n_reports < PARALLEL_CHECK_MIN:
        return 1
    if requested not in (None, "auto"):
        return max(1, int(requested))
    planned = plan_workers(n_reports, available_cpus(), current_load(), grouped=autogrouped())
    if n_reports >= PARALLEL_BIG_BATCH:
        # Memory, not time: 10,000 reports in one process (pandas, a chunk and
        # every finding in one place) peaked at 439 MB; with two workers all
        # processes together stayed at 287-298 MB.
        return max(planned, min(2, available_cpus()))
    return planned


def _check_parallel(chunks, reference, names, opts: Options, jobs: int):
    """Check the chunks in worker processes, at most `jobs` at a time, and gather their findings in chunk order.

    With --jobs auto the number of chunks in flight is planned again when the
    first chunk comes back, from the CPU time it and its worker's start cost
    (`plan_workers`): the pool starts a worker only when a chunk is handed
    out with none idle, so a worker the new plan does not want is never started.
    """
    import dataclasses
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # The progress callback belongs to the parent's terminal; workers load serially.
    wopts = dataclasses.replace(opts, progress=None, jobs=1, waivers=None)
    work = [(chunk + reference, len(chunk), [names[c] for c in chunk + reference]) for chunk in chunks]
    report = opts.progress or (lambda done, total, name: None)
    total = sum(len(c) for c in chunks)
    adapt = opts.jobs in (None, "auto")
    size = min(max(jobs, available_cpus()) if adapt else jobs, len(work))
    results: list = [None] * len(work)
    done_reports = 0
    with ProcessPoolExecutor(size, mp_context=_mp_context(), initializer=_check_init,
                             initargs=(wopts,)) as pool:
        pending: dict = {}
        handed = 0
        while handed < len(work) or pending:
            while handed < len(work) and len(pending) < jobs:
                pending[pool.submit(_check_chunk, work[handed])] = handed
                handed += 1
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                k = pending.pop(fut)
                res = fut.result()
                results[k] = res
                if not isinstance(res, dict):
                    continue
                if adapt:
                    left = sum(len(chunks[i]) for i in range(handed, len(work)))
                    measured = Costs(report=res["cpu"] / max(1, len(chunks[k])), worker=res["start_cpu"] or Costs.worker)
                    jobs = plan_workers(left, available_cpus(), current_load(), measured, most=size,
                                        grouped=autogrouped()) if left else jobs
                    adapt = False
                done_reports += len(res["infos"])
                report(done_reports, total, res["infos"][-1].name if res["infos"] else "")
    _stop_fork_server()
    findings: list[Finding] = []
    infos: list[DatasetInfo] = []
    for res in results:
        if not isinstance(res, dict):
            raise InputError(res[0], res[1], res[2], **res[3])
        findings.extend(res["findings"])
        infos.extend(res["infos"])
    return findings, infos


_CHECK: dict = {}


def _check_init(opts: Options) -> None:
    started = time.process_time()
    _CHECK.update(opts=opts, pack=load_rulepack(opts))
    _CHECK["start_cpu"] = time.process_time() - started


def _check_chunk(arg):
    """One chunk's findings and infos, with the CPU seconds it took and (first chunk only) its worker's start."""
    folders, n_checked, names = arg
    started = time.process_time()
    try:
        f, i = _check([Path(f) for f in folders], n_checked, names, _CHECK["pack"], _CHECK["opts"])
    except InputError as e:
        return (e.file, e.line, e.key, e.portable_args())
    return {"findings": f, "infos": i, "cpu": time.process_time() - started, "start_cpu": _CHECK.pop("start_cpu", 0.0)}


def _mp_context():
    import multiprocessing

    # fork would copy a parent that may already hold threads (pandas, BLAS);
    # forkserver starts workers from a clean process that has only our modules.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


# What a checking worker imports. The fork server imports it once, before it
# forks any worker, so N workers do not each spend most of a second importing
# pandas and pandera (on two cores, that was a sixth of checking 1,000 reports).
# The built-in text rules are compiled there too (checks/text/warm.py), once for all workers.
_WORKER_MODULES = ["lkjcheck.run.parallel", "lkjcheck.checks.table", "lkjcheck.model.schema", "pandera.pandas",
                   "lkjcheck.checks.text.warm"]


def _start_fork_server() -> None:
    ctx = _mp_context()
    if ctx.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    ctx.set_forkserver_preload(_WORKER_MODULES)
    forkserver.ensure_running()




def _stop_fork_server() -> None:
    """The fork server holds pandas and pandera (70-80 MB) until exit; once the workers are done nothing needs it.

    Measured on 10,000 reports, it was a fifth of the run's peak memory, which
    comes after the workers, while the report is written. A later run starts
    it again. `_stop` is the standard library's own (its tests use it).
    """
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        stop()
