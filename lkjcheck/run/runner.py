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
from lkjcheck.findings import DatasetInfo, Finding, RunResult, sort_findings
from lkjcheck.run.check import _check
from lkjcheck.run.discover import _chunks, _unique_names, discover
from lkjcheck.run.options import Options, load_rulepack
from lkjcheck.run.parallel import (PARALLEL_BIG_BATCH, PARALLEL_CHUNK_MAX, PARALLEL_CHUNK_MIN, _check_parallel,
                                   _start_fork_server, choose_jobs)

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
    findings: list[Finding] = []
    infos: list[DatasetInfo] = []
    # Thousands of reports are checked a chunk at a time so that memory stays
    # bounded; a chunk keeps every report of one agency together, so the
    # cross-year rules see the same reports as in one pass.
    jobs = choose_jobs(opts.jobs, len(checked)) if opts.engine == "native" else 1
    if jobs > 1:
        # The fork server imports what workers need while this process reads the rules.
        _start_fork_server()
    pack = load_rulepack(opts)
    from lkjcheck.run.config import check_names
    check_names(opts, pack.meta, pack.model.parameters, opts.config)
    if jobs > 1:
        # Each worker loads and checks whole chunks and sends back findings
        # only: far less to pickle than the typed tables, and the rules and
        # schemas run in parallel too.
        most = PARALLEL_CHUNK_MAX if len(checked) < PARALLEL_BIG_BATCH else PARALLEL_CHUNK_MAX // 2
        size = max(PARALLEL_CHUNK_MIN, min(opts.chunk_size, most, -(-len(checked) // (jobs * 4))))
        chunks = _chunks(checked, size)
        findings, infos = _check_parallel(chunks, reference, names, opts, jobs)
    else:
        for chunk in _chunks(checked, opts.chunk_size):
            f, i = _check(chunk + reference, len(chunk), [names[c] for c in chunk + reference], pack, opts)
            findings.extend(f)
            infos.extend(i)
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
