"""Start-up discipline: the quick commands never pay for the array and validation stacks.

Each command runs in a fresh interpreter (an in-process run would see whatever
earlier tests imported), and reports the heavy modules that got imported.
"""
import json
import subprocess
import sys

import pytest

from conftest import CORRECTED, FAULTY, ROOT, undecided_copy

HEAVY = ("pandas", "pandera", "numpy", "great_expectations", "scipy")

_PROBE = """
import json, sys
sys.argv = ["lkjcheck"] + json.loads(sys.argv[1])
from lkjcheck.cli import main
try:
    main()
except SystemExit as e:
    code = e.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(%r))
print("\\nHEAVY=" + json.dumps(heavy))
""" % (HEAVY,)


def _heavy_modules(args):
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("HEAVY=")][-1]
    return json.loads(line[len("HEAVY="):]), proc.stdout


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["rules"], ["rules", "explain", "KIN002"],
                                  ["rules", "--family", "anggaran"], ["run", "--help"]])
def test_quick_commands_import_no_heavy_module(args):
    heavy, out = _heavy_modules(args)
    assert heavy == [], f"lkjcheck {' '.join(args)} imported {heavy}"
    assert out.strip()


def test_probe_does_see_heavy_imports(tmp_path):
    # Guard against a probe that can never fail: a report with a table the schema twin cannot decide
    # (tests/test_schema_twin.py) does import them.
    heavy, _ = _heavy_modules(["run", "--no-text", "--format", "json", str(undecided_copy(tmp_path / "d"))])
    assert "pandas" in heavy and "pandera" in heavy and "numpy" in heavy


def test_one_clean_report_imports_neither_pandas_nor_pandera():
    # Every table of the corrected twin passes the schemas' pre-check (model/schema.surely_valid),
    # so the one report is checked without them.
    heavy, out = _heavy_modules(["run", "--format", "json", str(CORRECTED)])
    assert "pandas" not in heavy and "pandera" not in heavy, heavy
    assert json.loads(out[:out.rindex("HEAVY=")])["findings"] == []


def test_yaml_is_read_with_libyaml_when_available():
    import yaml

    from lkjcheck.read import yamlsafe

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    assert issubclass(yamlsafe._Loader, yaml.CSafeLoader)


def test_finding_lines_are_right_with_libyaml(cli):
    import yaml

    from lkjcheck.read import yamlsafe

    if not issubclass(yamlsafe._Loader, getattr(yaml, "CSafeLoader", ())):
        pytest.skip("PyYAML built without libyaml")
    code, out, _ = cli("run", FAULTY, "--format", "json", "--no-text", "--select", "ANG003")
    found = {f["row"]: (f["location"]["line"], f["location"]["column"]) for f in json.loads(out)["findings"]}
    # persen: "99,97.%" and persen: "93.61%" in fixtures/kpu-muaro-jambi-2024/lkj.yaml
    assert found == {"rutin": (628, 13), "total": (638, 13)}


def test_python_dash_m_lkjcheck_is_the_same_command():
    proc = subprocess.run([sys.executable, "-m", "lkjcheck", "run", str(FAULTY), "-f", "json", "--no-text"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert any(f["rule"] == "ANG001" for f in json.loads(proc.stdout)["findings"])
    usage = subprocess.run([sys.executable, "-m", "lkjcheck", "--help"], capture_output=True, text=True, timeout=60)
    assert usage.stdout.startswith("Penggunaan: lkjcheck ")       # the help too is Indonesian unless told


# Jinja2 is not on the list: the HTML and Markdown reports use it too.
WEB = ("starlette", "uvicorn", "anyio", "multipart", "selenium")


@pytest.mark.parametrize("args", [["--help"], ["rules"], ["run", "--help"], ["serve", "--help"],
                                  ["run", "--no-text", "--format", "json", str(FAULTY)]])
def test_web_stack_stays_out_of_other_commands(args):
    # `lkjcheck serve` is the only command that may import the web page's stack.
    proc = subprocess.run([sys.executable, "-c", _PROBE.replace(repr(HEAVY), repr(WEB)), json.dumps(args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("HEAVY=")][-1]
    assert json.loads(line[len("HEAVY="):]) == [], f"lkjcheck {' '.join(args)} imported the web stack"


@pytest.mark.parametrize("rows", [
    [],
    [["A1", "error", "x", "long title here"], ["B22", "info", "yy", "t"]],
    [["A1", "  x ", "", " t"], ["ANG001", "warning", "anggaran", ""]],
    [["KIN002", "error", "kinerja", "Capaian ≥ 100% – tidak wajar × 2 − 1"]],   # one column each, not ASCII
    [["X1", "info", "teks", "漢字の題"]],                                       # wide: tabulate itself
    [["X2", "info", "teks", "e\u0301 combining"], ["X3", "info", "teks", "zero\u200bwidth"]],
])
def test_rule_list_is_tabulates_simple_table_without_importing_it(rows):
    from tabulate import tabulate

    from lkjcheck.report.plaintable import tabulate as simple_table

    headers = ["ID", "tingkat", "keluarga", "judul"]
    assert simple_table(rows, headers) == tabulate(rows, headers=headers, tablefmt="simple")


@pytest.mark.parametrize("args", [["rules"], ["rules", "--lang", "en"], ["rules", "--family", "anggaran"],
                                  ["rules", "--search", "zzz-nothing"]])
def test_rule_list_is_the_same_as_tabulate_prints_it(cli, args):
    from tabulate import tabulate

    from lkjcheck.checks.rules import builtin_rules_dir, load_pack

    code, out, _ = cli(*args)
    assert code == 0
    lang = "en" if "en" in args else "id"
    meta = load_pack([builtin_rules_dir() / "sakip"], compile_rules=False).meta
    rows = [[m.id, m.severity, m.family, m.title_in(lang)] for m in sorted(meta.values(), key=lambda m: m.id)
            if ("--family" not in args or m.family == "anggaran") and "--search" not in args]
    heads = ["ID", "severity", "family", "title"] if lang == "en" else ["ID", "tingkat", "keluarga", "judul"]
    assert out == tabulate(rows, headers=heads, tablefmt="simple") + "\n"
