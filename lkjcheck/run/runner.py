"""One run: find datasets, check them chunk by chunk (here or in workers), apply waivers, sum up coverage.

The steps are modules of their own: `discover` (which datasets), `check` (one
chunk in this process), `parallel` (chunks in worker processes, and how many
workers pay), `text` (the report texts), `options` (what the run is asked to
do and its rule pack).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from lkjcheck import __version__
from lkjcheck.checks.rules import selected
from lkjcheck.findings import RunResult, sort_findings
from lkjcheck.run.discover import _unique_names, discover
from lkjcheck.run.options import Options, load_rulepack
from lkjcheck.run.parallel import check_batch

# Names other modules and tests have always imported from here.
from lkjcheck.run.options import _pack_dirs


def run(paths: list[str], opts: Options) -> RunResult:
    folders = discover(paths)
    checked = folders
    reference: list[Path] = []
    if opts.previous:
        seen = {f.resolve() for f in folders}
        reference = [f for f in discover([str(p) for p in opts.previous]) if f.resolve() not in seen]
    names = dict(zip(checked + reference, _unique_names(checked + reference)))
    pack = load_rulepack(opts)
    from lkjcheck.run.config import check_names
    check_names(opts, pack.meta, pack.model.parameters, opts.config)
    # Thousands of reports are checked a chunk at a time so that memory stays
    # bounded; a chunk keeps every report of one agency together, so the
    # cross-year rules see the same reports as in one pass. Big batches may
    # check chunks in forked copies of this process too (`parallel`).
    findings, infos = check_batch(checked, reference, names, pack, opts)
    order = {names[c]: i for i, c in enumerate(checked)}
    infos.sort(key=lambda d: order[d.name])
    if opts.waivers:
        from lkjcheck.run.waivers import apply_waivers
        findings = apply_waivers(findings, opts.waivers, opts.today or _dt.date.today(), opts.lang, pack.meta)
    from lkjcheck.run.coverage import summarise
    deselected = [rid for rid in pack.meta if not selected(rid, opts.select, opts.ignore)]
    from lkjcheck.findings import cap_findings

    findings = cap_findings(findings, opts.lang)
    return RunResult(findings, infos, pack.meta, opts.lang, __version__,
                     _dt.datetime.now().astimezone().isoformat(timespec="seconds"), opts.fail_on,
                     summarise(infos, findings, pack.meta, deselected),
                     packs=[str(d) for d in _pack_dirs(opts)], families=pack.families)


def merge_results(results: list[RunResult]) -> RunResult:
    """Several runs (datasets under different configurations) as one result, in the order given."""
    if len(results) == 1:
        return results[0]
    first = results[0]
    rules = {}
    coverage = {"rules_total": 0, "rules_deselected": set(), "datasets": []}
    for r in results:
        rules.update(r.rules)
        coverage["rules_deselected"] |= set(r.coverage.get("rules_deselected") or ())
        coverage["datasets"] += r.coverage.get("datasets") or []
    coverage["rules_total"] = len(rules)
    coverage["rules_deselected"] = sorted(coverage["rules_deselected"])
    return RunResult(sort_findings([f for r in results for f in r.findings]), [d for r in results for d in r.datasets],
                     rules, first.lang, first.version, first.generated_at, first.fail_on, coverage,
                     packs=list(dict.fromkeys(p for r in results for p in r.packs)),
                     families={k: v for r in results for k, v in r.families.items()})
