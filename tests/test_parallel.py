"""How many processes check a batch (run/parallel.py), and what forked workers must not cost or change."""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import CORRECTED, FAULTY, undecided_copy
from test_batch import N, _json, _spy_forks, _tree

from lkjcheck.run.parallel import Contention, Costs, cpu_share, estimated_seconds, fair_shares, plan_workers

REPORT = Costs(report=0.012, worker=0.05, extra=0.03)
QUIET = Contention()


def test_fair_shares_give_nobody_more_than_it_wants_and_split_the_rest_evenly():
    assert fair_shares([2, 2], 2) == [1.0, 1.0]
    assert fair_shares([0.5, 2], 2) == [0.5, 1.5]
    assert fair_shares([1, 1, 1, 1], 2) == [0.5] * 4
    assert fair_shares([3], 2) == [2.0]


def test_a_quiet_machine_gets_a_process_per_cpu_the_process_may_use():
    assert plan_workers(900, 9, cpus=2, contention=QUIET, costs=REPORT) == 2
    assert plan_workers(9000, 90, cpus=8, contention=QUIET, costs=REPORT) == 8
    assert plan_workers(9000, 90, cpus=8, contention=QUIET, costs=REPORT, most=3) == 3
    # taskset or a container: one CPU allowed, so workers would only add their start
    assert plan_workers(9000, 90, cpus=1, contention=QUIET, costs=REPORT) == 1
    assert estimated_seconds(2, 900, 9, 2, QUIET, REPORT) < 0.6 * estimated_seconds(1, 900, 9, 2, QUIET, REPORT)


def test_a_small_batch_or_one_chunk_left_is_checked_by_this_process_alone():
    assert plan_workers(50, 1, cpus=2, contention=QUIET, costs=REPORT) == 1        # nothing to share
    assert plan_workers(120, 3, cpus=8, contention=QUIET, costs=REPORT) == 3       # never more than the chunks
    # reports that cost almost nothing do not pay for a worker's start
    assert plan_workers(100, 2, cpus=2, contention=QUIET, costs=Costs(report=0.0002, worker=0.05)) == 1


def test_where_sessions_share_the_cpus_another_session_s_work_leaves_workers_nothing_to_gain():
    two_hogs, one_hog = Contention(groups=(2.0,)), Contention(groups=(1.0,))
    # One session's fair share is one of two CPUs: a second process of ours only splits it.
    assert cpu_share(1, 2, two_hogs, grouped=True) == cpu_share(2, 2, two_hogs, grouped=True) == 1.0
    assert plan_workers(900, 9, cpus=2, contention=two_hogs, costs=REPORT, grouped=True) == 1
    assert plan_workers(900, 9, cpus=2, contention=one_hog, costs=REPORT, grouped=True) == 1
    # Another session that wants half a core leaves one and a half to us.
    assert plan_workers(900, 9, cpus=2, contention=Contention(groups=(0.5,)), costs=REPORT, grouped=True) == 2
    # A hog in our own session shares our session's two CPUs task by task: three tasks, two of them ours.
    same = Contention(mine=1.0)
    assert cpu_share(2, 2, same, grouped=True) == pytest.approx(4 / 3)
    assert plan_workers(900, 9, cpus=2, contention=same, costs=REPORT, grouped=True) == 2
    # Without autogroup every task has its own share, so on a busy machine two processes still get two.
    assert plan_workers(900, 9, cpus=2, contention=two_hogs, costs=REPORT, grouped=False) == 2


def _hog(new_session: bool):
    return subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=new_session)


@pytest.mark.parametrize("new_session", [True, False], ids=["other-session", "own-session"])
def test_runnable_tasks_are_counted_per_session(new_session):
    from lkjcheck.run.parallel import Probe, runnable_now

    hog = _hog(new_session)
    try:
        time.sleep(0.2)
        sid = os.getsid(hog.pid)
        probe = Probe()
        for _ in range(5):
            probe.last = 0.0
            probe.maybe()
            time.sleep(0.02)
        # a busy loop is runnable (waiting or running) whenever it is looked at
        if new_session:
            assert all(groups.get(sid, 0) >= 1 for groups, _ in probe.samples)
        else:
            assert all(mine >= 1 for _, mine in probe.samples)
        c = probe.contention()
        assert (max(c.groups, default=0) if new_session else c.mine) >= 1
        assert runnable_now("/nonexistent") == ({}, 0)
    finally:
        hog.kill()
        hog.wait()


def test_auto_plans_once_after_the_first_chunk_with_its_measured_cost(cli, tmp_path, monkeypatch):
    from lkjcheck.run import parallel

    root = _tree(tmp_path / "repo")
    _, serial = _json(cli, root, "1")
    monkeypatch.setattr(parallel, "PARALLEL_CHECK_MIN", 4)
    monkeypatch.setattr(parallel, "PARALLEL_CHUNK_MIN", 2)
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)
    # without /proc/stat: the plan from runnable tasks (the idle-time plan is tests/test_parallel_idle.py's)
    monkeypatch.setattr(parallel, "read_cpu_ticks", lambda path="/proc/stat": None)
    plans = []
    real = parallel.plan_workers

    def spy(reports, chunks, cpus, contention=parallel.Contention(), costs=parallel.Costs(), most=None, grouped=False):
        plans.append((reports, chunks, contention, costs))
        return real(reports, chunks, cpus, Contention(), Costs(report=costs.report, worker=0.0), most, False)

    monkeypatch.setattr(parallel, "plan_workers", spy)
    forks = _spy_forks(monkeypatch)
    _, adapted = _json(cli, root, "auto")
    assert adapted == serial
    [(reports, chunks, contention, costs)] = plans      # planned once, for the reports after the first chunk
    assert 0 < reports < N and chunks > 1
    assert costs.report > 0.001                          # what a report of the first chunk cost
    assert isinstance(contention, Contention)
    assert forks == [1]


def _count_calls(monkeypatch, log):
    """Every rule pack load and every chunk check, written with the pid that did it (a fork's list is its own)."""
    from lkjcheck.run import options, parallel

    real_pack, real_one = options.load_pack, parallel._one

    def pack(*a, **kw):
        with open(log, "a") as fh:
            fh.write(f"pack {os.getpid()}\n")
        return real_pack(*a, **kw)

    def one(item, *a):
        with open(log, "a") as fh:
            fh.write(f"chunk {os.getpid()}\n")
        return real_one(item, *a)

    monkeypatch.setattr(options, "load_pack", pack)
    monkeypatch.setattr(parallel, "_one", one)


def test_forked_workers_check_chunks_without_reading_the_rule_pack_again(cli, tmp_path, monkeypatch):
    from lkjcheck.run import parallel

    root = _tree(tmp_path / "repo")
    _, serial = _json(cli, root, "1")
    monkeypatch.setattr(parallel, "PARALLEL_CHECK_MIN", 4)
    monkeypatch.setattr(parallel, "PARALLEL_CHUNK_MIN", 2)
    log = tmp_path / "calls.log"
    _count_calls(monkeypatch, log)
    _, forked = _json(cli, root, "3")
    assert forked == serial
    lines = log.read_text().split()
    packs = [pid for what, pid in zip(lines[::2], lines[1::2]) if what == "pack"]
    chunkers = {pid for what, pid in zip(lines[::2], lines[1::2]) if what == "chunk"}
    assert packs == [str(os.getpid())]                  # read once, by this process
    assert len(chunkers) >= 2 and str(os.getpid()) in chunkers   # workers checked chunks too, with that pack


def test_a_worker_that_dies_is_one_message_naming_a_dataset_not_a_traceback(cli, tmp_path, monkeypatch):
    from lkjcheck.run import parallel

    root = _tree(tmp_path / "repo")
    monkeypatch.setattr(parallel, "PARALLEL_CHECK_MIN", 4)
    monkeypatch.setattr(parallel, "PARALLEL_CHUNK_MIN", 2)
    parent, real = os.getpid(), parallel._one

    def one(item, *a):
        if os.getpid() != parent:
            os.kill(os.getpid(), 9)
        return real(item, *a)

    monkeypatch.setattr(parallel, "_one", one)
    code, out, err = cli("run", root, "--jobs", "2", "--lang", "en")
    assert code == 2
    assert "worker process" in err and "--jobs 1" in err and "code -9" in err and "satker-" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


_MODULES = """
import json, sys
from lkjcheck.run.runner import run
from lkjcheck.run.options import Options
result = run([sys.argv[1]], Options(jobs="auto", check_text=False))
print(json.dumps({"pandera": "pandera" in sys.modules, "datasets": len(result.datasets)}))
"""


@pytest.mark.parametrize("source, needs", [(CORRECTED, False), (FAULTY, False), (None, True)],
                         ids=["clean", "faulty-decided-by-the-twin", "undecided"])
def test_pandera_is_imported_only_when_a_table_of_the_batch_may_fail_the_schemas(tmp_path, source, needs):
    if source is None:
        source = undecided_copy(tmp_path / "undecided")
    for i in range(3):
        shutil.copytree(source, tmp_path / "data" / f"satker-{i}" / "2024")
    out = subprocess.run([sys.executable, "-c", _MODULES, str(tmp_path / "data")], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout) == {"pandera": needs, "datasets": 3}
