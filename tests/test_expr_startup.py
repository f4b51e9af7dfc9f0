"""Compiling rules needs no numpy; only evaluating them does (issue #19).

`lkjcheck text`, `rules`, `init` and `--version` compile rules or read the
catalogue and evaluate nothing, so none of them may pay for the array stack.
Each probe is a fresh interpreter: an in-process check would see whatever
earlier tests imported.
"""
import json
import subprocess
import sys

import pytest

from conftest import FAULTY, ROOT, SEED

HEAVY = ("numpy", "pandas", "pandera", "great_expectations", "scipy")

_COMMAND = """
import contextlib, io, json, sys
sys.argv = ["lkjcheck"] + json.loads(sys.argv[1])
from lkjcheck.cli import main
code = 0
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        main()
    except SystemExit as e:
        code = e.code
print(json.dumps({"code": code, "out": len(out.getvalue()), "heavy": sorted({m.split(".")[0] for m in sys.modules} & set(%r))}))
""" % (HEAVY,)


def _probe(code: str, *args) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def _command(args) -> dict:
    return _probe(_COMMAND, json.dumps([str(a) for a in args]))


@pytest.mark.parametrize("args,code", [
    (["text", "--tahun", "2024", SEED], 1),                    # the seed report has findings
    (["text", "--tahun", "2024", "-f", "json", SEED], 1),
    (["--version"], 0),
    (["rules"], 0),
    (["rules", "explain", "TXT001"], 0),
])
def test_commands_that_evaluate_no_table_rule_import_no_array_stack(args, code):
    if not SEED.exists():
        pytest.skip("the seed report is not in ../shared")
    got = _command(args)
    assert got["code"] == code and got["out"] > 0, got
    assert got["heavy"] == [], f"lkjcheck {' '.join(map(str, args))} imported {got['heavy']}"


# `init --xlsx` is left out: openpyxl itself imports numpy when it is installed (openpyxl.compat.numbers).
def test_init_imports_no_array_stack(tmp_path):
    got = _command(["init", tmp_path / "baru"])
    assert got["code"] == 0 and any((tmp_path / "baru").iterdir()), got
    assert got["heavy"] == []


_COMPILE = """
import json, sys
from lkjcheck.run.runner import Options, load_rulepack
pack = load_rulepack(Options())
first = {"compiled": len(pack.rules), "derived": len(pack.model.derived_nodes),
         "heavy": sorted({m.split(".")[0] for m in sys.modules} & {"numpy", "pandas", "pandera"})}
if sys.argv[1] == "evaluate":
    import numpy as np
    from lkjcheck.checks.table import stack
    from lkjcheck.lang import Env, Frame
    from lkjcheck.model.dataset import load_dataset
    tables = stack([load_dataset(sys.argv[2], pack.model)], pack)
    env = Env(tables, dict(pack.model.parameters), pack.model.derived_nodes)
    rule = pack.rules[0]
    n = env.nrows(rule.table)
    rule.check.eval(env, Frame(rule.table, np.arange(n), env.ds(rule.table)))
first["after"] = sorted({m.split(".")[0] for m in sys.modules} & {"numpy", "pandas", "pandera"})
print(json.dumps(first))
"""


def test_compiling_every_rule_and_derived_column_needs_no_numpy():
    got = _probe(_COMPILE, "compile")
    assert got["compiled"] > 100 and got["derived"] > 10
    assert got["heavy"] == [] and got["after"] == []


def test_evaluating_a_rule_does_import_numpy():
    # the probe can fail: the same compiled pack, once evaluated, has numpy loaded
    got = _probe(_COMPILE, "evaluate", str(FAULTY / "lkj.yaml"))
    assert got["heavy"] == [] and "numpy" in got["after"]
