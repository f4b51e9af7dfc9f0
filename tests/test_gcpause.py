"""Start-up without the cyclic collector (lkjcheck.gcpause): paused only inside the block, the setting found is
restored, a frozen block's objects are kept from later collections, and the CLI leaves the collector on."""
from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from lkjcheck.gcpause import paused
from tests.conftest import ROOT, SEED


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    (gc.enable if was else gc.disable)()


def test_the_collector_is_paused_inside_and_on_again_after(collector_on):
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with paused():
            raise ValueError("a failing start-up")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on):
    gc.disable()
    with paused():
        with paused(freeze=True):
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_freeze_keeps_what_the_block_made_from_later_collections(collector_on):
    gc.unfreeze()
    with paused(freeze=True):
        kept = [[i] for i in range(1000)]
    assert gc.get_freeze_count() >= len(kept)
    frozen = gc.get_freeze_count()
    with paused():
        [[i] for i in range(1000)]
    assert gc.get_freeze_count() == frozen        # a pause alone freezes nothing
    gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_garbage_made_after_a_frozen_start_up_is_still_collected(collector_on):
    with paused(freeze=True):
        pass

    class Cycle:
        pass

    a = Cycle()
    a.me = a
    del a
    assert gc.collect() >= 1


@pytest.mark.skipif(not SEED.exists(), reason="seed report not in ../shared")
def test_a_text_run_ends_with_the_collector_on_and_its_start_up_frozen():
    probe = ("import gc, sys\nfrom lkjcheck.cli import main\n"
             "try:\n    main(['text', sys.argv[1], '--tahun', '2024', '-f', 'json'])\n"
             "except SystemExit as e:\n    print(e.code, gc.isenabled(), gc.get_freeze_count() > 10000)\n")
    out = subprocess.run([sys.executable, "-c", probe, str(SEED)], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout.split("\n")[-2]
    assert out == "1 True True"
