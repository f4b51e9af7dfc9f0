"""One run: find datasets, load them, validate, apply rules, apply waivers."""
from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lkjcheck import __version__
from lkjcheck.findings import DatasetInfo, Finding, Location, RunResult, sort_findings
# builtin_rules_dir is no longer used here, but callers import it from this module.
from lkjcheck.checks.rules import RulePack, builtin_rules_dir, load_pack, pack_folders, selected  # noqa: F401
from lkjcheck.read.yamlsafe import DEFAULT_MAX_BYTES
from lkjcheck.errors import InputError

DATASET_FILE = "lkj.yaml"
WORKBOOK_FILE = "lkj.xlsx"
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}


@dataclass
class Options:
    lang: str = "id"
    select: list[str] | None = None
    ignore: list[str] | None = None
    rule_dirs: list[Path] = field(default_factory=list)
    no_builtin: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    params: dict = field(default_factory=dict)
    severity: dict = field(default_factory=dict)
    tolerance: dict = field(default_factory=dict)
    waivers: Path | None = None
    check_text: bool = True
    fail_on: str = "error"
    today: _dt.date | None = None
    jobs: int = 1
    engine: str = "native"           # "gx": Great Expectations judges the rules it can express
    gx_docs: Path | None = None
    # Called as progress(done, total, dataset_name) while datasets load; the
    # CLI shows it on a terminal only, never in machine output.
    progress: object = None
    # Reports of earlier (or later) years consulted by the cross-year rules
    # only: they are loaded, but their own findings are not reported.
    previous: list = field(default_factory=list)
    # Reports checked together in one pass; more are checked chunk by chunk.
    chunk_size: int = 400
    # The configuration file read (config.Loaded: source and key lines) and
    # whether select/ignore came from it or from the command line, so that a
    # wrong name is blamed on the right file and line.
    config: dict = field(default_factory=dict)
    origin: dict = field(default_factory=dict)
    debug: bool = False              # let a dataset's InputError through, with its traceback
    # Report year of a report document whose cover does not say it (--tahun).
    year: int | None = None


def discover(paths: list[str], ignore_outside: bool = False) -> list[Path]:
    """Every dataset at or below the given paths, each once, in a stable order.

    A dataset is a folder with lkj.yaml or lkj.xlsx, or a workbook file. A file
    inside a dataset (pegawai.csv, laporan.md — what a pre-commit hook passes)
    stands for its dataset; a file inside none is ignored, unless nothing at
    all is left to check (then exit 2, unless `ignore_outside`: a pre-commit
    hook handed only such files has nothing to do).
    """
    found: list[Path] = []
    seen = set()
    ignored: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_file():
            cands = _dataset_of_file(path)
            if not cands:
                ignored.append(p)
        elif path.is_dir():
            if _is_dataset_dir(path):
                cands = [path]
            else:
                cands = sorted({f.parent for f in _walk(path)})
                if not cands:
                    raise InputError(str(path), None,
                                     f"tidak ada dataset ({DATASET_FILE} atau {WORKBOOK_FILE}) di bawah folder ini",
                                     f"no dataset ({DATASET_FILE} or {WORKBOOK_FILE}) below this folder")
        else:
            raise InputError(str(path), None, "tidak ditemukan", "not found")
        for c in cands:
            key = c.resolve()
            if key not in seen:
                seen.add(key)
                found.append(c)
    if not found and ignored and not ignore_outside:
        raise InputError(ignored[0], None, f"bukan bagian dari dataset mana pun (tidak ada {DATASET_FILE} atau "
                         f"{WORKBOOK_FILE} di folder ini atau di atasnya)",
                         f"not part of any dataset (no {DATASET_FILE} or {WORKBOOK_FILE} in its folder or above)")
    return found


def _refuse_both(path: Path) -> None:
    if (path / DATASET_FILE).is_file() and (path / WORKBOOK_FILE).is_file():
        raise InputError(str(path), None, f"folder memuat {DATASET_FILE} dan {WORKBOOK_FILE}; simpan salah satu saja",
                         f"the folder holds both {DATASET_FILE} and {WORKBOOK_FILE}; keep only one")


def _is_dataset_dir(path: Path) -> bool:
    # A folder holding both lkj.yaml and lkj.xlsx is a dataset that cannot be
    # read (load_all says so for it alone), not a reason to stop the batch.
    return (path / DATASET_FILE).is_file() or (path / WORKBOOK_FILE).is_file() or _report_folder(path)


def _report_folder(path: Path) -> bool:
    """A folder holding a report (laporan.pdf, .docx, .md, .txt) but no hand-made dataset."""
    from lkjcheck.extract import report_in

    return report_in(path) is not None


def _document_source(path: Path) -> Path | None:
    """The report a dataset is built from, when it has no lkj.yaml or lkj.xlsx."""
    from lkjcheck.read import is_report

    if path.is_file():
        return path if is_report(path) else None
    if (path / DATASET_FILE).exists() or (path / WORKBOOK_FILE).exists():
        return None
    from lkjcheck.extract import report_in

    return report_in(path)


def _dataset_of_file(path: Path) -> list[Path]:
    if path.name in (DATASET_FILE, WORKBOOK_FILE):
        return [path.parent]
    if path.suffix.lower() in (".yaml", ".yml"):
        return [path]               # a dataset file under another name
    here = path.resolve().parent
    from lkjcheck.read import is_report

    if is_report(path) and not (here / DATASET_FILE).exists() and not (here / WORKBOOK_FILE).exists():
        # the report named, not another report that happens to share its folder
        return [path]
    for folder in (here, *here.parents):
        if _is_dataset_dir(folder):
            # Keep names short and as the user wrote them: relative when given relative.
            return [folder if path.is_absolute() else Path(os.path.relpath(folder))]
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return [path]               # a whole dataset in one workbook
    from lkjcheck.read import is_report

    if is_report(path):
        return [path]               # a published report, read as its own dataset
    return []


def _walk(root: Path):
    # Depth-first in sorted order with an explicit stack: a recursive walk met
    # a RecursionError in a folder tree a thousand levels deep.
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError as e:
            raise InputError(str(folder), None, f"folder tidak dapat dibaca ({e.strerror})",
                             f"folder cannot be read ({e.strerror})")
        subfolders = []
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink() and entry.name not in SKIP_DIRS:
                subfolders.append(entry)
            elif entry.name in (DATASET_FILE, WORKBOOK_FILE) and entry.is_file():
                yield entry
            elif entry.name in _REPORT_NAMES and entry.is_file() and not (entry.parent / DATASET_FILE).exists() \
                    and not (entry.parent / WORKBOOK_FILE).exists():
                yield entry
        stack.extend(reversed(subfolders))


_REPORT_NAMES = ("laporan.md", "laporan.txt", "laporan.docx", "laporan.pdf")


def _pack_dirs(opts: Options) -> list[Path]:
    return pack_folders(opts.rule_dirs, builtin=not opts.no_builtin)


def load_rulepack(opts: Options, compile_rules: bool = True, table_rules: bool = True) -> RulePack:
    dirs = _pack_dirs(opts)
    if not dirs:
        raise InputError("--rules", None, "tidak ada paket aturan", "no rule pack")
    return load_pack(dirs, opts.params, {"severity": opts.severity, "tolerance": opts.tolerance},
                     compile_rules=compile_rules, table_rules=table_rules)


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
    jobs = max(1, opts.jobs or 1)
    parallel = jobs > 1 and len(checked) >= PARALLEL_CHECK_MIN and opts.engine == "native"
    if parallel:
        # The fork server imports what workers need while this process reads the rules.
        _start_fork_server()
    pack = load_rulepack(opts)
    from lkjcheck.run.config import check_names
    check_names(opts, pack.meta, pack.model.parameters, opts.config)
    if parallel:
        # Each worker loads and checks whole chunks and sends back findings
        # only: far less to pickle than the typed tables, and the rules and
        # schemas run in parallel too.
        size = max(PARALLEL_CHUNK_MIN, min(opts.chunk_size, PARALLEL_CHUNK_MAX, -(-len(checked) // (jobs * 4))))
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


# From this many reports on, --jobs checks whole chunks in worker processes;
# below it, starting workers costs more than it saves (measured on two cores:
# 100 reports 1.2 s alone, 1.4 s with workers; the two meet near 200).
PARALLEL_CHECK_MIN = 200
# A chunk has fixed costs (a schema and a rule pass, ~60 ms), so not too small.
PARALLEL_CHUNK_MIN = 50
# Every worker holds a whole chunk, so memory grows with --jobs times this;
# at 200 reports per chunk, 10,000 reports on two workers peak near 370 MB
# for all processes together (400 took 485 MB), and no slower.
PARALLEL_CHUNK_MAX = 200


def _check_parallel(chunks, reference, names, opts: Options, jobs: int):
    import dataclasses
    from concurrent.futures import ProcessPoolExecutor

    # The progress callback belongs to the parent's terminal; workers load serially.
    wopts = dataclasses.replace(opts, progress=None, jobs=1, waivers=None)
    work = [(chunk + reference, len(chunk), [names[c] for c in chunk + reference]) for chunk in chunks]
    report = opts.progress or (lambda done, total, name: None)
    total = sum(len(c) for c in chunks)
    findings: list[Finding] = []
    infos: list[DatasetInfo] = []
    with ProcessPoolExecutor(min(jobs, len(work)), mp_context=_mp_context(), initializer=_check_init,
                             initargs=(wopts,)) as pool:
        for res in pool.map(_check_chunk, work):
            if isinstance(res, tuple) and len(res) == 4:
                raise InputError(*res)
            f, i = res
            findings.extend(f)
            infos.extend(i)
            report(len(infos), total, i[-1].name if i else "")
    return findings, infos


_CHECK: dict = {}


def _check_init(opts: Options) -> None:
    _CHECK.update(opts=opts, pack=load_rulepack(opts))


def _check_chunk(arg):
    folders, n_checked, names = arg
    try:
        return _check([Path(f) for f in folders], n_checked, names, _CHECK["pack"], _CHECK["opts"])
    except InputError as e:
        return (e.file, e.line, e.message_id, e.message_en)


def _check(folders: list[Path], n_checked: int, names: list[str], pack: RulePack, opts: Options):
    with _gc_paused():
        return _check_chunk_now(folders, n_checked, names, pack, opts)


@contextlib.contextmanager
def _gc_paused():
    """No cyclic garbage collection while a chunk is loaded and checked.

    A chunk holds a few million small objects (located cells, columns) that
    live until it is done, and none of them form cycles. Python's collector
    still walked them all over and over as they were made: half the time of
    checking 1,000 reports, for no memory back. It runs again as soon as the
    chunk is done.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


_FROZEN = False


def _freeze_long_lived() -> None:
    """Put the modules and the rule pack, which live until exit, beyond the collector's reach, once.

    Otherwise the first collection after a paused chunk walks every object
    pandas and pandera made on import: 30-40 ms, a tenth of checking one report.
    """
    global _FROZEN
    if not _FROZEN:
        import pandera.pandas  # noqa: F401 - the schemas need it; imported now so it is frozen too
        gc.freeze()
        _FROZEN = True


def _check_chunk_now(folders: list[Path], n_checked: int, names: list[str], pack: RulePack, opts: Options):
    from lkjcheck.checks.table import run_rules, stack
    from lkjcheck.model.schema import validate

    from lkjcheck.run.coverage import dataset_coverage, missing_part_findings

    _freeze_long_lived()

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
    findings = from_catalogue(findings, pack.meta, opts.lang)
    rules = [r for r in pack.rules if selected(r.meta.id, opts.select, opts.ignore)]
    if opts.engine == "gx":
        from lkjcheck.gx import run_rules_gx
        findings.extend(run_rules_gx(datasets, pack, rules, opts.lang, opts.params, opts.gx_docs)[0])
    else:
        findings.extend(run_rules(datasets, pack, rules, opts.lang, opts.params, tables))
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


def from_catalogue(findings: list[Finding], meta: dict, lang: str) -> list[Finding]:
    """Loader, schema and waiver findings take severity, title and reference from the catalogue.

    Those findings are raised in Python, but their rules are catalogue entries
    like any other: `[severity] DAT007 = "error"` must change the finding,
    not only what `lkjcheck rules` prints.
    """
    from lkjcheck.findings import recatalogue

    return recatalogue(findings, {k: m for k, m in meta.items() if m.kind == "builtin"}, lang)


_SATKER = re.compile(r"^\s+kode_satker:\s*[\"']?([^\"'#\n]+)", re.M)
_INSTANSI = re.compile(r"^\s+instansi:\s*[\"']?([^\"'#\n]+)", re.M)


def _agency_hint(folder: Path) -> str:
    """The agency a dataset belongs to, read cheaply from the top of lkj.yaml.

    Only used to keep one agency's reports in one chunk; a wrong guess costs a
    cross-year comparison, never a wrong finding.
    """
    try:
        with open(folder / DATASET_FILE, encoding="utf-8", errors="replace") as fh:
            head = fh.read(65536)
    except OSError:
        return str(folder.parent)
    m = _SATKER.search(head) or _INSTANSI.search(head)
    return " ".join(m.group(1).lower().split()) if m else str(folder.parent)


def _chunks(folders: list[Path], size: int) -> list[list[Path]]:
    if len(folders) <= size:
        return [folders]
    groups: dict[str, list[Path]] = {}
    for f in folders:
        groups.setdefault(_agency_hint(f), []).append(f)
    out: list[list[Path]] = [[]]
    for members in groups.values():
        if out[-1] and len(out[-1]) + len(members) > size:
            out.append([])
        out[-1].extend(members)
    return out


def load_all(folders: list[Path], names: list[str], model, opts: Options) -> list:
    """Load every dataset of one chunk, in this process.

    Parallel runs load in the workers that check (`_check_parallel`); a pool
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
                ds = load_document_dataset(doc, model, _pack_dirs(opts), opts.max_bytes, n, opts.lang, opts.year)
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


def _mp_context():
    import multiprocessing

    # fork would copy a parent that may already hold threads (pandas, BLAS);
    # forkserver starts workers from a clean process that has only our modules.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


# What a checking worker imports. The fork server imports it once, before it
# forks any worker, so N workers do not each spend most of a second importing
# pandas and pandera (on two cores, that was a sixth of checking 1,000 reports).
# The built-in text rules are compiled there too (checks/text/warm.py), once for all workers.
_WORKER_MODULES = ["lkjcheck.run.runner", "lkjcheck.checks.table", "lkjcheck.model.schema", "pandera.pandas",
                   "lkjcheck.checks.text.warm"]


def _start_fork_server() -> None:
    ctx = _mp_context()
    if ctx.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    ctx.set_forkserver_preload(_WORKER_MODULES)
    forkserver.ensure_running()


def _unique_names(folders: list[Path]) -> list[str]:
    """The folder name, or the path when two datasets share a folder name."""
    base = [f.resolve().name for f in folders]
    out = []
    for f, b in zip(folders, base):
        out.append(str(f).rstrip("/") if base.count(b) > 1 else b)
    return out


# The loader's rule for a report text that exists but cannot be read.
TEXT_UNREADABLE = "DAT014"


def _text_findings(datasets, pack: RulePack, opts: Options, lines_read: dict | None = None) -> list[Finding]:
    from lkjcheck.checks.text.check import check_document
    from lkjcheck.model.facts import text_facts
    from lkjcheck.read.textdoc import read_document

    rules = [r for r in pack.text_rules if selected(r.meta.id, opts.select, opts.ignore)]
    out: list[Finding] = []
    for ds in datasets:
        if not ds.text_path or ds.year is None:
            continue
        try:
            if ds.document is not None:
                doc = ds.document
            elif ds.text_path.lower().endswith(".pdf"):
                from lkjcheck.extract import report_text
                doc, ds.relocate = report_text(ds.text_path, ds.text_path, opts.max_bytes)
            else:
                doc = read_document(ds.text_path)
        except InputError as e:
            # The tables were read and checked; only the report text was not. That
            # is a finding of this dataset, and the rest of the batch goes on.
            from lkjcheck.findings import make
            from lkjcheck.i18n import Both

            # Severity, title and reference come from the catalogue, as for every loader finding.
            out.append(make(TEXT_UNREADABLE, "run.text_unchecked", args={"why": Both(e.text("id"), e.text("en"))},
                            catalogue=pack.meta, lang=opts.lang, dataset=ds.name, location=Location(e.file, e.line)))
            continue
        if lines_read is not None:
            lines_read[ds.name] = len(doc.lines)
        out.extend(check_document(doc, ds.year, rules, dataset=ds.name, lang=opts.lang, facts=text_facts(ds, pack.model)))
    return out
