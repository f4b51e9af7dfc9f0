"""Checking chunks in worker processes, and how many workers a run gets."""
from __future__ import annotations

import os
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


def available_cpus() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def choose_jobs(requested, n_reports: int) -> int:
    """Worker processes for a batch: `requested` is --jobs N, or None/"auto" to let the machine decide.

    Below PARALLEL_CHECK_MIN reports one process is faster whatever was asked.
    `auto` takes the CPUs this process may use (not the machine's count: a
    container or a CI runner may allow fewer) and gives each worker at least
    PARALLEL_CHECK_MIN / 2 reports, so that its start (a rule pack of its own)
    is paid back. A busy machine is no reason for fewer: measured on two shared
    cores at a load of 6-7, two workers still beat one process (docs/benchmarks.md),
    because the run then gets two shares of the CPUs instead of one.
    """
    if n_reports < PARALLEL_CHECK_MIN:
        return 1
    if requested not in (None, "auto"):
        return max(1, int(requested))
    return max(1, min(available_cpus(), n_reports // (PARALLEL_CHECK_MIN // 2)))


def _check_parallel(chunks, reference, names, opts: Options, jobs: int):
    import dataclasses
    from concurrent.futures import ProcessPoolExecutor

    # The progress callback belongs to the parent's terminal; workers load serially.
    wopts = dataclasses.replace(opts, progress=None, jobs=1, waivers=None)
    work = [(chunk + reference, len(chunk), [names[c] for c in chunk + reference]) for chunk in chunks]
    report = opts.progress or (lambda done, total, name: None)
    total = sum(len(c) for c in chunks)
    findings: list[Finding] = []
    infos: list[DatasetInfo] = []
    with ProcessPoolExecutor(min(jobs, len(work)), mp_context=_mp_context(), initializer=_check_init,
                             initargs=(wopts,)) as pool:
        for res in pool.map(_check_chunk, work):
            if isinstance(res, tuple) and len(res) == 4:
                raise InputError(res[0], res[1], res[2], **res[3])
            f, i = res
            findings.extend(f)
            infos.extend(i)
            report(len(infos), total, i[-1].name if i else "")
    return findings, infos


_CHECK: dict = {}


def _check_init(opts: Options) -> None:
    _CHECK.update(opts=opts, pack=load_rulepack(opts))


def _check_chunk(arg):
    folders, n_checked, names = arg
    try:
        return _check([Path(f) for f in folders], n_checked, names, _CHECK["pack"], _CHECK["opts"])
    except InputError as e:
        return (e.file, e.line, e.key, e.portable_args())


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


