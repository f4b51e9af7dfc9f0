"""The Great Expectations engine: export, parity with the native engine, Data Docs, and lazy import.

GX costs seconds to import, so the GX runs are few: one validation of both
fixtures together (parity and Data Docs), one export.
"""
import importlib.util
import shutil
import subprocess
import sys

import pytest

from conftest import CORRECTED, FAULTY, ROOT

HAS_GX = importlib.util.find_spec("great_expectations") is not None
needs_gx = pytest.mark.skipif(not HAS_GX, reason="great_expectations is not installed (pip install 'lkjcheck[gx]')")


def _pack_and_datasets(paths):
    from lkjcheck.run.options import Options, load_rulepack
    from lkjcheck.run.discover import _unique_names, discover
    from lkjcheck.run.check import load_all

    opts = Options()
    pack = load_rulepack(opts)
    folders = discover([str(p) for p in paths])
    return pack, load_all(folders, _unique_names(folders), pack.model, opts)


def test_every_rule_is_exported_or_listed_with_a_reason():
    # Planning needs no GX: it is the translation that decides, not the library.
    from lkjcheck.gx import plan_pack
    from lkjcheck.run.options import Options, load_rulepack

    pack = load_rulepack(Options())
    plans, skipped = plan_pack(pack)
    exported = {p.rule_id for p in plans}
    listed = {s.rule_id for s in skipped}
    assert exported and not exported & listed
    assert exported | listed == {r.meta.id for r in pack.rules}
    assert all(s.reason for s in skipped)
    assert {"ANG003", "KIN001", "KIN002", "KLM005"} <= exported
    assert "ANG001" in listed and "KIN003" in listed       # aggregates, lookups in another table


def test_shapes_map_to_gx_vocabulary(tmp_path):
    from lkjcheck.gx import plan_pack
    from lkjcheck.run.options import Options, load_rulepack

    (tmp_path / "x.yaml").write_text("""
family: {id: x, title: {id: X, en: X}}
rules:
  - {id: XGX001, title: NIP, severity: warning, table: pegawai, where: ada(nip), assert: "matches(nip, '^[0-9]{18}$')",
     reference: r, rationale: r, example: {bad: a, good: b}}
  - {id: XGX002, title: Status, severity: info, table: pegawai, assert: 'status in ["PNS", "PPPK"]',
     reference: r, rationale: r, example: {bad: a, good: b}}
  - {id: XGX003, title: Unik, severity: error, table: pegawai, where: ada(nip), assert: "count(pegawai, by=nip) == 1",
     reference: r, rationale: r, example: {bad: a, good: b}}
  - {id: XGX004, title: Rentang, severity: error, table: rekap_pegawai, assert: "jumlah >= 0 and jumlah <= 5000",
     reference: r, rationale: r, example: {bad: a, good: b}}
  - {id: XGX005, title: Tanggal, severity: error, table: pegawai, assert: "tmt <= akhir_tahun(2024)",
     reference: r, rationale: r, example: {bad: a, good: b}}
""", encoding="utf-8")
    pack = load_rulepack(Options(rule_dirs=[tmp_path]))
    plans, skipped = plan_pack(pack, [r for r in pack.rules if r.meta.id.startswith("XGX")])
    kinds = {p.rule_id: (p.expectation, p.kwargs) for p in plans}
    assert kinds["XGX001"][0] == "ExpectColumnValuesToMatchRegex"
    assert kinds["XGX001"][1]["regex"] == "^[0-9]{18}$"
    assert kinds["XGX002"] == ("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": ["PNS", "PPPK"]})
    assert kinds["XGX003"][0] == "ExpectCompoundColumnsToBeUnique"
    assert kinds["XGX004"] == ("ExpectColumnValuesToBeBetween",
                               {"column": "jumlah", "min_value": 0, "strict_min": False, "max_value": 5000,
                                "strict_max": False})
    assert [s.rule_id for s in skipped] == ["XGX005"] and "date" in skipped[0].reason


def test_derived_column_dialect_refuses_code():
    from lkjcheck.gx import evaluate

    assert list(evaluate("abs(a - b)", {"a": [1.0, 2.0], "b": [3.0, 2.0]})) == [2.0, 0.0]
    for bad in ("__import__('os')", "a.__class__", "[x for x in a]", "open('f')"):
        with pytest.raises((ValueError, SyntaxError)):
            evaluate(bad, {"a": [1.0]})


@needs_gx
def test_export_is_a_valid_gx_suite(tmp_path, cli):
    import json

    import great_expectations as gx

    out = tmp_path / "suite.json"
    code, _, err = cli("gx", "export", "-o", out)
    assert code == 0, err
    doc = json.loads(out.read_text(encoding="utf-8"))
    gx.get_context(mode="ephemeral")
    for s in doc["suites"]:
        suite = gx.ExpectationSuite(**s)
        for e in suite.expectations:
            assert e.meta["lkjcheck_rule"] and e.meta["lkjcheck_severity"] in ("error", "warning", "info")
            column = getattr(e, "column", "")
            if column.startswith("__lkj_"):
                assert column in e.meta["derived_columns"]
    assert {n["rule"] for n in doc["not_exported"]} >= {"ANG001", "KIN003"}
    assert "tidak diekspor" in err and "ANG001" in err


@needs_gx
def test_export_summary_is_in_one_language(tmp_path, cli):
    """The stderr summary and every reason in it are worded in --lang; the document keeps English reasons."""
    import json

    said = {}
    for lang in ("id", "en"):
        out = tmp_path / f"suite-{lang}.json"
        code, _, err = cli("gx", "export", "--lang", lang, "-o", out)
        assert code == 0, err
        said[lang] = (err, out.read_bytes())
    assert said["id"][1] == said["en"][1]
    doc = json.loads(said["en"][1])
    reasons = {n["reason"] for n in doc["not_exported"]}
    en_lines, id_lines = said["en"][0].splitlines(), said["id"][0].splitlines()
    assert len(en_lines) == len(id_lines) == len(doc["not_exported"]) + 1
    assert "expectations from" in en_lines[0] and "ekspektasi dari" in id_lines[0]
    for n, en, ind in zip(doc["not_exported"], en_lines[1:], id_lines[1:]):
        assert en == f"  {n['rule']} ({n['table']}): {n['reason']}"
        assert ind.startswith(f"  {n['rule']} ({n['table']}): ") and ind != en
    for english in ("aggregates", "has no translation", "is a date", "from another table", "not a number"):
        assert not any(english in line for line in id_lines)
    assert any("aggregates over table" in r for r in reasons)


@needs_gx
def test_parity_with_native_engine_and_data_docs(tmp_path):
    from lkjcheck.checks.table import run_rules
    from lkjcheck.gx import run_rules_gx

    pack, datasets = _pack_and_datasets([FAULTY, CORRECTED])
    docs = tmp_path / "docs"
    gx_findings, plans, _ = run_rules_gx(datasets, pack, pack.rules, docs_dir=docs)
    native = run_rules(datasets, pack, pack.rules)
    exported = {p.rule_id for p in plans}

    def pairs(findings, dataset):
        return {(f.rule, f.row, str(f.location)) for f in findings if f.rule in exported and f.dataset == dataset}

    for ds in datasets:
        assert pairs(gx_findings, ds.name) == pairs(native, ds.name), ds.name
    assert pairs(native, FAULTY.name), "the faulty fixture must give GX something to find"
    assert not pairs(gx_findings, CORRECTED.name)
    # Not only the judged rows: the whole records are the native engine's.
    assert sorted(map(repr, gx_findings)) == sorted(map(repr, native))
    # GX leaves no thread behind (tqdm's monitor would stop later batches from forking workers)
    import threading
    assert [t.name for t in threading.enumerate()] == [threading.main_thread().name]

    index = docs / "index.html"
    assert index.is_file()
    chromium = shutil.which("chromium")
    if chromium:
        dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", index.as_uri()],
                             capture_output=True, text=True, timeout=60).stdout
        assert "lkjcheck.pengukuran_kinerja" in dom


def test_run_without_gx_engine_never_imports_great_expectations():
    code = (
        "import sys\n"
        "from lkjcheck.cli import main\n"
        f"sys.argv = ['lkjcheck', 'run', '--no-text', {str(FAULTY)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('GX=%s' % ('great_expectations' in sys.modules))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "GX=False" in res.stderr, res.stderr[-2000:]


def test_a_range_is_an_expectation_only_on_an_exactly_stated_column():
    # `precision: exact` in model.yaml (a target) makes `target >= 0` a plain between-expectation;
    # a measured realisation carries its written precision, which GX cannot hold.
    from lkjcheck.checks.rules import load_pack, pack_folders
    from lkjcheck.gx.plan import _exact_column

    model = load_pack(pack_folders([], builtin=True)).model
    assert _exact_column(model, "pengukuran_kinerja", "target")
    assert _exact_column(model, "kinerja_triwulan", "target")
    assert not _exact_column(model, "pengukuran_kinerja", "realisasi")
    assert not _exact_column(model, "pengukuran_kinerja", "capaian")
