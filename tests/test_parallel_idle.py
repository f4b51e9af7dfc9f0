"""`--jobs auto` plans from the CPU time left idle while its first chunk ran (/proc/stat), issue #19.

The samples are /proc/stat texts of the kind this machine prints (the first
lines of a two-CPU Linux); the batch tests feed them to the planner instead
of the machine's own, so which plan is chosen never depends on the load.
"""
from __future__ import annotations

import json

from test_batch import _json, _spy_forks, _tree

from lkjcheck.run import parallel
from lkjcheck.run.cpuload import cpu_ticks, read_cpu_ticks, spare_cpus
from lkjcheck.run.parallel import Costs, plan_measured, still_paying

# user nice system idle iowait irq softirq steal guest guest_nice
BEFORE = ("cpu  126278 0 9779 1720931 711 0 154 101 0 0\n"
          "cpu0 42355 0 3866 882035 116 0 25 45 0 0\n"
          "cpu1 83922 0 5913 838895 595 0 129 55 0 0\n"
          "intr 123 4 5\nctxt 999\n")


def _after(busy0: int, idle0: int, busy1: int, idle1: int) -> str:
    """BEFORE with each CPU's user ticks grown by busy and idle ticks by idle."""
    rows = []
    for name, (b, i) in {"cpu0": (busy0, idle0), "cpu1": (busy1, idle1)}.items():
        f = [int(v) for v in next(ln for ln in BEFORE.splitlines() if ln.startswith(name + " ")).split()[1:]]
        f[0] += b
        f[3] += i
        rows.append((name, f))
    total = [sum(x) for x in zip(*(f for _, f in rows))]
    return "\n".join(" ".join([n] + [str(v) for v in f]) for n, f in [("cpu ", total)] + rows) + "\n"


def test_proc_stat_lines_are_read_as_total_and_idle_ticks_per_cpu():
    t = cpu_ticks(BEFORE)
    assert set(t) == {"cpu", "cpu0", "cpu1"}
    assert t["cpu0"] == (42355 + 3866 + 882035 + 116 + 25 + 45, 882035 + 116)    # iowait counts as idle
    assert cpu_ticks("intr 1 2\n") is None
    assert cpu_ticks("cpu  1 x 3 4\n") is None
    assert cpu_ticks(BEFORE[:60]) is not None          # cut mid-line: the lines before the cut


def test_an_unreadable_proc_stat_means_no_measure(tmp_path):
    assert read_cpu_ticks(str(tmp_path / "missing")) is None
    (tmp_path / "stat").write_bytes(b"\xff\xfe garbage")
    assert read_cpu_ticks(str(tmp_path / "stat")) is None


def test_spare_cpus_count_the_idle_share_of_each_allowed_cpu():
    before = cpu_ticks(BEFORE)
    one_free = cpu_ticks(_after(100, 0, 0, 100))       # we ran on cpu0, cpu1 was idle
    both_busy = cpu_ticks(_after(100, 0, 100, 0))      # another job held cpu1
    assert abs(spare_cpus(before, one_free, [0, 1]) - 1.0) < 1e-9
    assert spare_cpus(before, both_busy, [0, 1]) == 0.0
    assert spare_cpus(before, one_free, [0]) == 0.0    # cpu1 is not ours to use (taskset)
    assert spare_cpus(before, before, [0, 1]) is None  # no tick between the samples


def test_a_worker_is_planned_only_where_a_core_stayed_idle():
    costs = Costs(report=0.005)
    assert plan_measured(900, 20, 2, own=1.0, spare=1.0, costs=costs) == 2
    assert plan_measured(900, 20, 2, own=1.0, spare=0.0, costs=costs) == 1
    assert plan_measured(900, 20, 2, own=1.0, spare=0.15, costs=costs) == 1   # a sliver does not pay a fork
    assert plan_measured(900, 1, 2, own=1.0, spare=1.0, costs=costs) == 1     # one chunk left


def test_workers_are_stopped_when_together_they_get_no_more_than_one_core_and_the_overhead():
    assert still_paying(1.9)
    assert not still_paying(1.0)
    assert not still_paying(1.0 + Costs().extra - 0.01)


def _feed(monkeypatch, after_text):
    """The planner's two looks at /proc/stat: BEFORE, then `after_text`."""
    samples = iter([cpu_ticks(BEFORE), cpu_ticks(after_text)])
    monkeypatch.setattr(parallel, "read_cpu_ticks", lambda path="/proc/stat": next(samples, None))
    monkeypatch.setattr(parallel, "SPARE_MIN_SECONDS", 0.0)
    monkeypatch.setattr(parallel, "PARALLEL_CHECK_MIN", 4)
    monkeypatch.setattr(parallel, "PARALLEL_CHUNK_MIN", 2)
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)
    monkeypatch.setattr(parallel, "_allowed_cpus", lambda: [0, 1])


def test_a_batch_forks_where_a_core_was_idle_and_checks_alone_where_none_was(cli, tmp_path, monkeypatch):
    root = _tree(tmp_path / "repo")
    _, serial = _json(cli, root, "1")
    log = tmp_path / "plans.jsonl"
    monkeypatch.setenv("LKJCHECK_PLAN_LOG", str(log))
    monkeypatch.setattr(parallel, "Costs", lambda report=0.012, worker=0.0, extra=0.2: Costs(1.0, worker, extra))
    forks = _spy_forks(monkeypatch)

    _feed(monkeypatch, _after(100, 0, 0, 100))
    _, idle = _json(cli, root, "auto")
    _feed(monkeypatch, _after(100, 0, 100, 0))
    _, busy = _json(cli, root, "auto")

    assert idle == serial and busy == serial
    assert forks == [1]                                  # the idle run forked one worker, the busy one none
    plans = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(p["basis"], p["workers"]) for p in plans] == [("idle", 2), ("idle", 1)]
    assert plans[0]["spare"] == 1.0 and plans[1]["spare"] == 0.0


def test_looks_closer_than_the_minimum_measure_from_the_last_measured_look(monkeypatch):
    from lkjcheck.run import cpuload

    watch = cpuload.Watch()
    # (wall, own CPU, workers' CPU): chunks of 0.1 s, one core each for us and a worker
    samples = iter([(0.0, 0.0, 0.0), (0.1, 0.1, 0.1), (0.2, 0.2, 0.2), (0.3, 0.3, 0.3)])
    monkeypatch.setattr(watch, "sample", lambda pids: next(samples))
    monkeypatch.setattr(cpuload, "SPARE_MIN_SECONDS", 0.25)
    assert watch.cores([1]) is None                  # the first look only starts the measure
    assert watch.cores([1]) is None and watch.cores([1]) is None
    assert abs(watch.cores([1]) - 2.0) < 1e-9        # 0.6 s of CPU over the 0.3 s since the first look
