"""A batch checked chunk by chunk: in this process alone, or with forked copies of it, and how many processes pay.

The parent always checks the first chunk itself. That chunk imports what
checking needs, reads the rules' caches and tells what a report costs and
how much CPU time was left idle while it ran (/proc/stat); only then are
workers forked, as copies of a warm process (milliseconds each, the rule
pack never read again), and the parent goes on checking chunks beside them,
stopping them if they stop paying.
"""
from __future__ import annotations

import gc
import json
import os
import pickle
import struct
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from lkjcheck.errors import InputError
from lkjcheck.run.check import _check
from lkjcheck.run.cpuload import SPARE_MIN_SECONDS, Watch, read_cpu_ticks, spare_cpus
from lkjcheck.run.discover import _chunks

# Below this many reports a batch is checked as with --jobs 1, whatever was
# asked: its chunks would be smaller than one chunk's fixed costs can carry.
PARALLEL_CHECK_MIN = 200
# A chunk has fixed costs (a schema and a rule pass, ~60 ms), so not too small.
PARALLEL_CHUNK_MIN = 50
# Every process holds a whole chunk, about 0.35 MB per report, so memory grows
# with the processes times this; 100 kept 10,000 reports near 300 MB for all
# processes together.
PARALLEL_CHUNK_MAX = 100
# From this many reports on, the parent's share of memory (every finding and
# every dataset's coverage, kept for the report) has grown by tens of MB, so
# chunks are halved, and stay small even when no worker is started: 10,000
# reports in chunks of 400 in one process peaked at 439 MB.
PARALLEL_BIG_BATCH = 5000
# A plan with workers must promise at least this much less time than one
# process: the model is rough, and a run with workers must never be slower.
PARALLEL_MARGIN = 0.9
# How often the first chunk looks at who else is runnable (each look reads
# /proc, about 2 ms for a hundred processes); only where /proc/stat cannot
# be read.
PROBE_EVERY = 0.1
# An environment variable naming a file: every planned batch appends one JSON
# line there (the counts measured and the processes chosen), for benchmarks.
PLAN_LOG_ENV = "LKJCHECK_PLAN_LOG"


@dataclass(frozen=True)
class Costs:
    """CPU seconds that decide whether workers pay (`plan_workers`).

    `report`: a report loaded and checked (measured on the first chunk of
    each run; 12 ms for the generated reports of benchmarks/). `worker`: a
    forked worker's start, the pages it copies from the parent and its
    findings read back. `extra`: what a report checked in a worker costs
    beyond its check, as a fraction (its findings pickled and unpickled).
    """
    report: float = 0.012
    worker: float = 0.05
    # 4 % (2026-12, quiet) to 21 % (an earlier session) more CPU for the same
    # batch with a worker than without: take the worse, a fork must pay it.
    extra: float = 0.2


@dataclass(frozen=True)
class Contention:
    """Who else wanted a CPU while the first chunk was checked, on average.

    `groups`: runnable tasks of each other session; `mine`: runnable tasks
    of this process's own session, this process excluded.
    """
    groups: tuple = ()
    mine: float = 0.0


def fair_shares(demands: list[float], cpus: int) -> list[float]:
    """CPUs each claimant gets when `cpus` are shared fairly and nobody gets more than it wants (max-min fairness)."""
    out = [0.0] * len(demands)
    left = float(cpus)
    order = sorted(range(len(demands)), key=demands.__getitem__)
    for n, i in enumerate(order):
        out[i] = min(float(demands[i]), left / (len(order) - n))
        left -= out[i]
    return out


def cpu_share(k: int, cpus: int, contention: Contention, grouped: bool) -> float:
    """Cores' worth of time k processes of ours get beside the others.

    Where the kernel shares CPU time between sessions first (autogroup), our
    session as a whole gets one session's fair share, split among its
    runnable tasks; otherwise every runnable task gets an equal share.
    """
    if grouped:
        ours = fair_shares(list(contention.groups) + [k + contention.mine], cpus)[-1]
        return ours * k / (k + contention.mine)
    others = sum(contention.groups) + contention.mine
    return k * min(1.0, cpus / (others + k))


def estimated_seconds(workers: int, reports: int, chunks: int, cpus: int, contention: Contention, costs: Costs,
                      grouped: bool = False) -> float:
    """Wall time the model expects for `reports` in `chunks` checked by `workers` processes (1: this one alone)."""
    if workers <= 1:
        return reports * costs.report / cpu_share(1, cpus, contention, grouped)
    per_process = cpu_share(workers, cpus, contention, grouped) / workers
    chunk = reports / chunks * costs.report * (1 + costs.extra)
    rounds = -(-chunks // workers)            # the last round may leave processes idle
    return (rounds * chunk + (workers - 1) * costs.worker) / per_process


def plan_workers(reports: int, chunks: int, cpus: int, contention: Contention = Contention(), costs: Costs = Costs(),
                 most: int | None = None, grouped: bool = False) -> int:
    """How many processes should check `reports` more reports in `chunks`: 1 means this process, alone.

    The count with the least expected time, and more than one only when it
    promises PARALLEL_MARGIN of one process's time or less; never more than
    the CPUs, the chunks or `most`.
    """
    return _fastest(max(1, min(cpus, chunks, most or cpus)),
                    lambda w: estimated_seconds(w, reports, chunks, cpus, contention, costs, grouped))


def _fastest(top: int, seconds) -> int:
    """The count of processes up to `top` with the least `seconds(count)`; 1 unless it promises PARALLEL_MARGIN of one's."""
    alone = seconds(1)
    best, best_time = 1, alone
    for w in range(2, top + 1):
        t = seconds(w)
        if t < best_time:
            best, best_time = w, t
    return best if best_time <= PARALLEL_MARGIN * alone else 1


def measured_seconds(workers: int, reports: int, chunks: int, own: float, spare: float, costs: Costs) -> float:
    """Wall time expected for `reports` in `chunks` by `workers` processes, from what the first chunk saw.

    `own`: the cores' worth this process got (its CPU time over wall time);
    `spare`: the cores' worth left idle meanwhile. A worker gets at most one
    core of what was idle and takes nothing from this process; what is busy
    stays busy, whatever the scheduler would do with one more task.
    """
    own = max(own, 0.05)
    if workers <= 1:
        return reports * costs.report / own
    capacity = own + min(float(workers - 1), max(0.0, spare))
    chunk = reports / chunks * costs.report * (1 + costs.extra)
    rounds = -(-chunks // workers)
    return (rounds * workers * chunk + (workers - 1) * costs.worker) / capacity


def plan_measured(reports: int, chunks: int, cpus: int, own: float, spare: float, costs: Costs = Costs(),
                  most: int | None = None) -> int:
    """`plan_workers` for a measured `own` share and `spare` cores: 1 unless more promise PARALLEL_MARGIN of the time or less."""
    return _fastest(max(1, min(cpus, chunks, most or cpus)),
                    lambda w: measured_seconds(w, reports, chunks, own, spare, costs))


def still_paying(cores: float, costs: Costs = Costs()) -> bool:
    """Whether processes of ours that together got `cores` cores' worth still beat this one alone.

    Alone it would get about one core where others want the rest (as in a
    session that the kernel gives one core's share, beside a busy one), and
    with workers every report costs 1 + extra: below that, they only add it.
    """
    return cores >= 1 + costs.extra


def _log_plan(entry: dict) -> None:
    path = os.environ.get(PLAN_LOG_ENV)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, sort_keys=True) + "\n")
    except OSError:
        pass                              # a benchmark's record, never a reason for the run to fail


def available_cpus() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    return len(_allowed_cpus())


def _allowed_cpus() -> list:
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return list(range(os.cpu_count() or 1))


def autogrouped() -> bool:
    """Whether this kernel shares CPU time between sessions rather than processes (sched_autogroup)."""
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled") as fh:
            return fh.read().strip() == "1" and os.path.exists("/proc/self/autogroup")
    except OSError:
        return False


def runnable_now(proc: str = "/proc") -> tuple[dict, int]:
    """Runnable tasks of other processes at this instant, per session id, and how many are in our own session.

    Autogroups are made per session (setsid), so the session id says which
    group a task's time is shared in. A process with several threads is
    counted thread by thread.
    """
    me, session = os.getpid(), os.getsid(0)
    groups: dict = {}
    try:
        entries = os.listdir(proc)
    except OSError:
        return {}, 0
    for name in entries:
        if not name.isdigit() or int(name) == me:
            continue
        try:
            with open(f"{proc}/{name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            sid, threads = int(fields[3]), int(fields[17])
            running = fields[0] == b"R"
            if threads > 1:
                running = 0
                for tid in os.listdir(f"{proc}/{name}/task"):
                    with open(f"{proc}/{name}/task/{tid}/stat", "rb") as fh:
                        running += fh.read().rsplit(b")", 1)[1].split()[0] == b"R"
        except (OSError, IndexError, ValueError):
            continue                      # it ended while we looked
        if running:
            groups[sid] = groups.get(sid, 0) + int(running)
    return groups, groups.pop(session, 0)


class Probe:
    """Samples `runnable_now` at most every PROBE_EVERY seconds; `contention()` is the average over the samples."""

    def __init__(self, sample=runnable_now):
        self.sample, self.samples, self.last = sample, [], 0.0

    def maybe(self) -> None:
        now = time.monotonic()
        if now - self.last >= PROBE_EVERY:
            self.last = now
            self.samples.append(self.sample())

    def contention(self) -> Contention:
        if not self.samples:
            self.samples.append(self.sample())
        n = len(self.samples)
        totals: dict = {}
        for groups, _ in self.samples:
            for sid, count in groups.items():
                totals[sid] = totals.get(sid, 0) + count
        return Contention(tuple(sorted(c / n for c in totals.values())), sum(m for _, m in self.samples) / n)


def chunk_size(n_reports: int, cpus: int, configured: int) -> int:
    """Chunks small enough to spread over the CPUs (four each) and to bound memory, big enough to carry their fixed costs."""
    most = PARALLEL_CHUNK_MAX if n_reports < PARALLEL_BIG_BATCH else PARALLEL_CHUNK_MAX // 2
    return max(PARALLEL_CHUNK_MIN, min(configured, most, -(-n_reports // (max(1, cpus) * 4))))


def check_batch(checked: list[Path], reference: list[Path], names: dict, pack, opts):
    """Findings and infos of every checked dataset, in input order, the same for any number of processes.

    `opts.jobs`: 1 checks here alone in chunks of opts.chunk_size; N uses
    this process and N-1 forked workers; "auto" (or None) checks the first
    chunk here, then plans (`plan_measured`) with what that chunk cost and
    how much CPU stayed idle meanwhile (/proc/stat), or where that cannot
    be read, with who else wanted the CPUs (`Probe`, `plan_workers`); its
    workers are stopped when together they stop paying (`still_paying`).
    """
    requested = opts.jobs if opts.engine == "native" else 1
    n = len(checked)
    if requested == 1 or n < PARALLEL_CHECK_MIN:
        return _serial(_chunks(checked, opts.chunk_size), reference, names, pack, opts)
    auto = requested in (None, "auto")
    cpus = available_cpus()
    size = chunk_size(n, cpus, opts.chunk_size)
    first = _chunks(checked, size)[0]
    taken = set(first)
    rest = [c for c in checked if c not in taken]
    total = n
    report = opts.progress or (lambda done, total, name: None)
    ticks = read_cpu_ticks() if auto else None
    probe = Probe() if auto and ticks is None else None

    def first_progress(done, _total, name):
        if probe is not None:
            probe.maybe()
        report(done, total, name)

    wall, started = time.monotonic(), time.process_time()
    out = _check(first + reference, len(first), [names[c] for c in first + reference], pack,
                 replace(opts, progress=first_progress))
    used, wall = time.process_time() - started, time.monotonic() - wall
    per_report = used / max(1, len(first))
    chunks = _chunks(rest, size) if rest else []
    plan: dict = {"reports": n, "chunk": size, "chunks": len(chunks) + 1, "cpus": cpus, "jobs": requested,
                  "per_report": round(per_report, 5), "first_wall": round(wall, 3), "first_cpu": round(used, 3)}
    if not auto:
        workers = min(int(requested), len(chunks))
    elif not chunks:
        workers = 1
    else:
        spare = None
        if ticks is not None and wall >= SPARE_MIN_SECONDS:
            after = read_cpu_ticks()
            spare = spare_cpus(ticks, after, _allowed_cpus()) if after else None
        costs = Costs(report=per_report)
        if spare is not None:
            own = min(1.0, used / wall)
            plan.update(basis="idle", spare=round(spare, 3), own=round(own, 3))
            workers = plan_measured(len(rest), len(chunks), cpus, own, spare, costs)
        else:
            if probe is None:
                probe = Probe()
            contention, grouped = probe.contention(), autogrouped()
            plan.update(basis="runnable", groups=list(contention.groups), mine=contention.mine, grouped=grouped)
            workers = plan_workers(len(rest), len(chunks), cpus, contention, costs, grouped=grouped)
    # fork copies only the thread that calls it; a process that holds others
    # (a server's request threads) checks alone rather than risk their locks,
    # and so does a system without fork.
    if workers <= 1 or threading.active_count() > 1 or not hasattr(os, "fork"):
        plan["workers"] = 1
        _log_plan(plan)
        if rest and n < PARALLEL_BIG_BATCH:
            chunks = _chunks(rest, opts.chunk_size)
        f, i = _serial(chunks, reference, names, pack, opts, offset=len(first), total=total)
        return out[0] + f, out[1] + i
    plan["workers"] = workers
    work = [(chunk + reference, len(chunk), [names[c] for c in chunk + reference]) for chunk in chunks]
    results = _forked(work, workers - 1, pack, replace(opts, progress=None), lambda done: report(
        len(first) + done, total, ""), plan if auto else None)
    _log_plan(plan)
    findings, infos = list(out[0]), list(out[1])
    for res in results:
        if len(res) == 4:                 # the InputError that stopped a chunk
            raise InputError(res[0], res[1], res[2], **res[3])
        findings.extend(res[0])
        infos.extend(res[1])
    return findings, infos


def _serial(chunks, reference, names, pack, opts, offset: int = 0, total: int | None = None):
    findings: list = []
    infos: list = []
    report = opts.progress
    for chunk in chunks:
        copts = opts
        if report is not None and total is not None:
            copts = replace(opts, progress=lambda done, _t, name, base=offset: report(base + done, total, name))
        f, i = _check(chunk + reference, len(chunk), [names[c] for c in chunk + reference], pack, copts)
        offset += len(chunk)
        findings.extend(f)
        infos.extend(i)
    return findings, infos


def _one(item, pack, opts):
    """One chunk's (findings, infos), or the (file, line, key, values) of the InputError that stopped it."""
    folders, n_checked, names = item
    try:
        return _check([Path(f) for f in folders], n_checked, names, pack, opts)
    except InputError as e:
        return (e.file, e.line, e.key, e.portable_args())


def _forked(work: list, children: int, pack, opts, progress, plan: dict | None = None) -> list:
    """Every item of `work` checked by this process and `children` forked copies of it; results in work's order.

    The items wait in a pipe, one 4-byte index each, and every process takes
    the next one when it is free (a read of 4 bytes from a pipe is never
    split). A worker writes its results to a file of its own, read back when
    it has ended; it never waits on the parent, so nothing can deadlock.
    With a `plan` (--jobs auto), after each of its chunks the parent looks at
    the CPU time all of them got; when that no longer pays for the workers
    (`still_paying`), it writes one byte per worker to a stop pipe, which each
    reads before taking its next chunk, and checks what is left alone. The
    looks are added to `plan`.
    """
    import fcntl

    take_r, take_w = os.pipe()
    done_r, done_w = os.pipe()
    stop_r, stop_w = os.pipe()
    os.set_blocking(stop_r, False)
    need = 4 * len(work)
    if need > 65536:
        for fd in (take_w, done_w):
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, need)
    os.write(take_w, b"".join(struct.pack("=I", i) for i in range(len(work))))
    os.close(take_w)
    os.set_blocking(done_r, False)
    files = [tempfile.TemporaryFile() for _ in range(children)]
    sys.stdout.flush()
    sys.stderr.flush()
    # What the parent made so far lives until exit: out of the collector's
    # reach, a worker's collections do not write to (and so copy) its pages.
    gc.freeze()
    pids: list = []
    results: dict = {}
    try:
        for out in files:
            pid = os.fork()
            if pid == 0:
                _worker(take_r, done_w, stop_r, out, work, pack, opts)      # never returns
            pids.append(pid)
        os.close(done_w)
        done = 0
        watch, stopped = Watch(), False
        watch.cores(pids)
        while (i := _take(take_r)) is not None:
            results[i] = _one(work[i], pack, opts)
            done += work[i][1] + _drain(done_r, work)
            progress(done)
            if plan is not None and not stopped:
                cores = watch.cores(pids)
                if cores is not None:
                    plan.setdefault("cores", []).append(round(cores, 3))
                    if not still_paying(cores):
                        os.write(stop_w, b"s" * len(pids))
                        stopped = True
                        plan["stopped_after"] = done
        failed = [(pid, status) for pid, status in (os.waitpid(p, 0) for p in pids) if status]
        pids = []
        for out in files:
            out.seek(0)
            while True:
                try:
                    i, res = pickle.load(out)
                except EOFError:
                    break
                results[i] = res
    finally:
        for pid in pids:                  # the parent is stopping (Ctrl-C, a bug): so do its workers
            try:
                os.kill(pid, 15)
                os.waitpid(pid, 0)
            except OSError:
                pass
        for fd in (take_r, done_r, stop_r, stop_w):
            os.close(fd)
        for out in files:
            out.close()
    lost = [i for i in range(len(work)) if i not in results]
    if failed or lost:
        code = os.waitstatus_to_exitcode(failed[0][1]) if failed else 0
        raise InputError(str(work[lost[0]][0][0]) if lost else None, None, "run.worker_died", code=code)
    return [results[i] for i in range(len(work))]


def _take(fd: int):
    data = os.read(fd, 4)
    return struct.unpack("=I", data)[0] if len(data) == 4 else None


def _drain(fd: int, work: list) -> int:
    """Reports the workers finished since the last look (their chunk indices wait in a non-blocking pipe)."""
    got = 0
    while True:
        try:
            data = os.read(fd, 4096)
        except BlockingIOError:
            return got
        if not data:
            return got
        got += sum(work[i][1] for (i,) in struct.iter_unpack("=I", data))


def _stopped(fd: int) -> bool:
    try:
        return os.read(fd, 1) == b"s"
    except BlockingIOError:
        return False


def _worker(take_r: int, done_w: int, stop_r: int, out, work: list, pack, opts) -> None:
    """A forked worker's life: chunks until none is left or it is told to stop, then exit without the parent's clean-up (os._exit)."""
    code = 70
    try:
        while not _stopped(stop_r) and (i := _take(take_r)) is not None:
            pickle.dump((i, _one(work[i], pack, opts)), out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            os.write(done_w, struct.pack("=I", i))
        code = 0
    except BaseException:
        if opts.debug:
            import traceback
            traceback.print_exc()
    finally:
        os._exit(code)
