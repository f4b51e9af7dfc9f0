"""Load and check one chunk of datasets in this process: loader, schema, table and text rules."""
from __future__ import annotations

import gc
import sys
from pathlib import Path

from lkjcheck.checks.rules import RulePack, selected
from lkjcheck.errors import InputError
from lkjcheck.findings import DatasetInfo, Finding, recatalogue
from lkjcheck.gcpause import paused
from lkjcheck.run.discover import _document_source, _refuse_both
from lkjcheck.run.options import Options, _pack_dirs
from lkjcheck.run.text import _text_findings


def _check(folders: list[Path], n_checked: int, names: list[str], pack: RulePack, opts: Options):
    # A chunk holds a few million small objects (located cells, columns) that
    # live until it is done, and none of them form cycles. Python's collector
    # still walked them all over and over as they were made: half the time of
    # checking 1,000 reports, for no memory back. It runs again as soon as the
    # chunk is done.
    with paused():
        return _check_chunk_now(folders, n_checked, names, pack, opts)


_FROZEN = False
_PANDERA_FROZEN = False


def _freeze_long_lived(batch: bool) -> None:
    """Put the modules and the rule pack, which live until exit, beyond the collector's reach, once.

    Otherwise the first collection after a paused chunk walks every object
    pandas and pandera made on import: 30-40 ms, a tenth of checking one report.
    `batch` (a server, which checks upload after upload) imports pandera
    first; a run imports it only when one of its tables may fail the schemas
    (model/schema_twin.twin_failures cannot clear or state its failures), and `_freeze_pandera_once` freezes it then:
    a batch of clean reports never pays its import (~0.3 s of CPU).
    """
    global _FROZEN, _PANDERA_FROZEN
    if not _FROZEN:
        if batch:
            import pandera.pandas  # noqa: F401 - the schemas need it; imported now so it is frozen too
        _PANDERA_FROZEN = "pandera" in sys.modules
        gc.freeze()
        _FROZEN = True


def _freeze_pandera_once() -> None:
    """After the schemas imported pandas and pandera for a single report, freeze them too.

    Not freezing them cost a single faulty report about a quarter of its CPU
    (1.6 s against 1.3 s, measured): the next collections walked all they made.
    Done once per process, so a long-lived one (serve) freezes at most one
    report's objects with them; those are acyclic and still freed by refcount.
    """
    global _PANDERA_FROZEN
    if not _PANDERA_FROZEN and "pandera" in sys.modules:
        gc.freeze()
        _PANDERA_FROZEN = True


def _check_chunk_now(folders: list[Path], n_checked: int, names: list[str], pack: RulePack, opts: Options):
    from lkjcheck.checks.table import run_rules, stack
    from lkjcheck.model.schema import validate

    from lkjcheck.run.coverage import dataset_coverage, missing_part_findings

    _freeze_long_lived(False)

    loaded = load_all(folders, names, pack.model, opts)
    # A dataset that cannot be read is reported and skipped; the others are still checked.
    broken = [(names[i], str(folders[i]), x) for i, x in enumerate(loaded[:n_checked]) if isinstance(x, str)]
    n_checked -= len(broken)
    datasets = [d for d in loaded if not isinstance(d, str)]
    findings: list[Finding] = []
    for ds in datasets:
        findings.extend(ds.findings)
    for ds in datasets[:n_checked]:
        findings.extend(missing_part_findings(ds, pack.meta, opts.lang))
    tables = stack(datasets, pack)
    findings.extend(validate(tables, pack.model, [d.name for d in datasets], opts.lang, pack.meta))
    _freeze_pandera_once()
    # loader, schema and waiver findings take severity, title and reference from the catalogue too
    findings = recatalogue(findings, {k: m for k, m in pack.meta.items() if m.kind == "builtin"}, opts.lang)
    rules = [r for r in pack.rules if selected(r.meta.id, opts.select, opts.ignore)]
    if opts.engine == "gx":
        from lkjcheck.gx import run_rules_gx
        findings.extend(run_rules_gx(datasets, pack, rules, opts.lang, opts.params, opts.gx_docs)[0])
    else:
        findings.extend(run_rules(datasets, pack, rules, opts.lang, opts.params, tables, debug=opts.debug))
    text_lines: dict = {}
    if opts.check_text and pack.text_rules:
        findings.extend(_text_findings(datasets[:n_checked], pack, opts, text_lines))
    if any(d.relocate for d in datasets):
        from lkjcheck.extract import relocate_findings
        findings = relocate_findings(findings, datasets)
    findings = [f for f in findings if selected(f.rule, opts.select, opts.ignore)]
    if len(datasets) > n_checked:
        reference_only = {d.name for d in datasets[n_checked:]}
        findings = [f for f in findings if f.dataset not in reference_only]
    trules = [r for r in pack.text_rules if selected(r.meta.id, opts.select, opts.ignore)] if opts.check_text else []
    missing: dict = {}
    for f in findings:
        if f.rule == "LKP001" and f.table:
            missing.setdefault(f.dataset, []).append(f.table)
    infos = [DatasetInfo(d.name, str(d.path), d.agency, d.year,
                         tuple(d.files) + ((d.text_path,) if d.text_path and opts.check_text else ()),
                         coverage=dataset_coverage(d, rules, trules, text_lines.get(d.name), missing.get(d.name, [])))
             for d in datasets[:n_checked]]
    infos += [DatasetInfo(name, path, error=err) for name, path, err in broken]
    return findings, infos


def load_all(folders: list[Path], names: list[str], model, opts: Options) -> list:
    """Load every dataset of one chunk, in this process.

    Parallel runs load in the workers that check (`parallel.check_batch`); a pool
    that only loaded and pickled the tables back was slower than loading
    here at every size it was used for (8 to 199 reports, two cores).
    """
    from lkjcheck.model.dataset import load_dataset

    from lkjcheck.run.coverage import require_content

    report = opts.progress or (lambda done, total, name: None)
    out: list = []
    for f, n in zip(folders, names):
        report(len(out), len(folders), n)
        # One unreadable dataset must not stop a batch: its message takes its
        # place, the run reports it and ends with exit 2.
        try:
            if f.is_dir():
                _refuse_both(f)
            doc = _document_source(f)
            if doc is not None:
                from lkjcheck.extract import load_document_dataset
                ds = load_document_dataset(doc, model, _pack_dirs(opts), opts.max_bytes, n, opts.lang, opts.year,
                                           opts.max_text_chars)
            else:
                ds = load_dataset(f, model, opts.max_bytes, name=n, lang=opts.lang)
            require_content(ds, ds.files[0] if ds.files else str(f))
        except InputError as e:
            if opts.debug:
                raise
            out.append(e.text(opts.lang))
            continue
        out.append(ds)
    report(len(out), len(folders), "")
    return out


