"""GX suites from plans, and validation through GX: the rows GX rejects become lkjcheck's findings."""
from __future__ import annotations

import json

import numpy as np

from lkjcheck.gx.dialect import evaluate
from lkjcheck.gx.plan import GX_SEVERITY, Plan, Skipped, plan_pack
from lkjcheck.gx.translate import DS, RAD, ROW


def suite_dicts(plans: list[Plan], name: str = "lkjcheck") -> list[dict]:
    """One GX ExpectationSuite per table (a suite validates one batch), as JSON-ready dicts."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    _context()          # GX builds suites only inside an active context
    out = []
    for table in sorted({p.table for p in plans}):
        suite = gx.ExpectationSuite(name=f"{name}.{table}", meta={"lkjcheck_table": table})
        for p in (p for p in plans if p.table == table):
            suite.add_expectation(getattr(gxe, p.expectation)(**p.kwargs, meta=p.meta(),
                                                               severity=GX_SEVERITY[p.rule.meta.severity]))
        out.append(suite.to_json_dict())
    return out


def export_document(pack, rules=None, params=None, name: str = "lkjcheck") -> tuple[dict, list[Skipped]]:
    plans, skipped = plan_pack(pack, rules, params)
    doc = {
        "lkjcheck_gx_export": 1,
        "about": ("One GX 1.x ExpectationSuite per table. Expectations on __lkj_* columns need the derived "
                  "columns of their meta.derived_columns, computed with lkjcheck.gx.evaluate from the stored "
                  "columns and their <column>__rad radii (half a unit of the last written digit). "
                  "`lkjcheck run --engine gx` computes them itself. See docs/gx.md."),
        "parameters": {k: v for k, v in sorted({**pack.model.parameters, **(params or {})}.items())},
        "suites": suite_dicts(plans, name),
        "not_exported": [{"rule": s.rule_id, "table": s.table, "reason": s.reason} for s in skipped],
    }
    return doc, skipped


# ---------------------------------------------------------------- running

def frame_for(table: str, env, plans: list[Plan]):
    """The stacked table as a pandas frame with the inputs and derived columns the plans need."""
    import pandas as pd

    n = env.nrows(table)
    cols = {ROW: np.arange(n), DS: env.ds(table)}
    for p in plans:
        for c in p.inputs:
            if c in cols:
                continue
            if c.endswith(RAD):
                v = env.column(table, c[: -len(RAD)])
                cols[c] = v.radius().astype(float)
                continue
            v = env.column(table, c)
            if v.kind in ("num", "money"):
                cols[c] = np.where(v.null, np.nan, v.as_float())
            else:
                arr = np.empty(n, dtype=object)
                arr[:] = [None if v.null[i] else str(v.val[i]) for i in range(n)]
                cols[c] = arr
    for p in plans:
        for name, src in p.derived.items():
            cols[name] = evaluate(src, cols)
    return pd.DataFrame(cols)


def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    try:
        import tqdm
    except ImportError:  # pragma: no cover - a GX dependency
        pass
    else:
        # tqdm's monitor thread outlives every bar; a process holding another
        # thread never forks batch workers (run/parallel.check_batch), so one
        # GX validation would leave every later batch of the process in one.
        tqdm.tqdm.monitor_interval = 0
    ctx = gx.get_context(mode="ephemeral")
    # Progress bars go to stderr on every validation: noise in a CI log.
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


def validate(plans: list[Plan], env, suite_name: str = "lkjcheck", docs_dir=None) -> dict[tuple[str, str], set[int]]:
    """Run the plans through GX; returns {(rule id, table): failing row indexes of the stacked table}."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    ctx = _context()
    source = ctx.data_sources.add_pandas("lkjcheck")
    failing: dict[tuple[str, str], set[int]] = {}
    for table in sorted({p.table for p in plans}):
        tplans = [p for p in plans if p.table == table]
        if not env.nrows(table):
            continue
        df = frame_for(table, env, tplans)
        batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("all")
        suite = ctx.suites.add(gx.ExpectationSuite(name=f"{suite_name}.{table}"))
        for p in tplans:
            suite.add_expectation(getattr(gxe, p.expectation)(**p.kwargs, meta=p.meta(),
                                                               severity=GX_SEVERITY[p.rule.meta.severity]))
        vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=f"{suite_name}.{table}", data=batch, suite=suite))
        res = vd.run(batch_parameters={"dataframe": df},
                     result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]})
        for r in res.results:
            info = r.exception_info or {}
            raised = info.get("raised_exception") if isinstance(info, dict) and "raised_exception" in info else any(
                v.get("raised_exception") for v in info.values() if isinstance(v, dict))
            if raised:
                # A broken expectation must not pass for good (or bad) data.
                raise RuntimeError(f"GX could not evaluate {r.expectation_config.meta.get('lkjcheck_rule')}: {info}")
            rid = r.expectation_config.meta["lkjcheck_rule"]
            rows = failing.setdefault((rid, table), set())
            for item in r.result.get("unexpected_index_list") or []:
                rows.add(int(item[ROW]))
    if docs_dir is not None:
        build_docs(ctx, docs_dir)
    return failing


def build_docs(ctx, docs_dir) -> None:
    """Data Docs from the results the validation definitions already stored in the context."""
    from pathlib import Path

    base = Path(docs_dir).resolve()
    base.mkdir(parents=True, exist_ok=True)
    ctx.add_data_docs_site("lkjcheck", {"class_name": "SiteBuilder",
                                        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                                                          "base_directory": str(base)},
                                        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"}})
    ctx.build_data_docs(site_names=["lkjcheck"])


def run_rules_gx(datasets, pack, rules, lang: str = "id", params: dict | None = None, docs_dir=None):
    """Findings for `rules`: GX judges the exportable ones, the native engine the rest.

    Returns (findings, plans, skipped). Findings are built by the native engine's
    own `row_finding`, so they are the same records, ids, rows and locations.
    """
    from lkjcheck.checks.table import derived_named, derived_values, row_finding, run_rule, stack
    from lkjcheck.lang import Compare, Env, Frame

    plans, skipped = plan_pack(pack, rules, params)
    tables = stack(datasets, pack)
    p = dict(pack.model.parameters)
    p.update(params or {})
    env = Env(tables, p, getattr(pack.model, "derived_nodes", {}), identity=pack.model.identity)
    failing = validate(plans, env, docs_dir=docs_dir) if plans else {}
    by_id = {r.meta.id: r for r in rules}
    gx_ids = {pl.rule_id for pl in plans}
    findings = []
    for rule in rules:
        if rule.meta.id not in gx_ids:
            findings.extend(run_rule(rule, env, tables, datasets, lang))
    for (rid, tname), rows in sorted(failing.items()):
        if not rows:
            continue
        rule, table = by_id[rid], tables[tname]
        bad = np.array(sorted(rows), dtype=np.int64)
        frame = Frame(tname, bad, env.ds(tname)[bad])
        top = rule.check if isinstance(rule.check, Compare) else None
        left = right = None
        if top is not None:
            left, right = top.left.eval(env, frame), top.right.eval(env, frame)
        named = derived_named(rule, tname, env, lang)
        for j, r in enumerate(bad):
            findings.append(row_finding(rule, table, int(r), datasets, left, right, j, lang, top,
                                         derived_values(env, tname, int(r), lang, named)))
    return findings, plans, skipped


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"
