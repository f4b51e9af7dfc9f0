"""One reviewer's uploads and what became of them, held in memory only.

A check runs the same `run.runner.run` as `lkjcheck run` on the unpacked upload,
in a private folder that is deleted as soon as the findings are in. What the
page shows afterwards (findings, the quoted source lines, waivers) lives in
this process and nowhere else; the paths of the private folder never reach
the page or a download.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from lkjcheck.findings import Finding, Location, RunResult
from lkjcheck.errors import InputError
from lkjcheck.serve import upload
from lkjcheck.serve.view import labels

WAIVER_FILE = "pengecualian.yaml"
# Finished checks kept for the page; the oldest go first.
MAX_JOBS = 16
# Source lines quoted beside a finding, and how much of each.
CONTEXT_LINES = 1
MAX_QUOTE_CHARS = 400

STAGES = ("menerima", "menunggu", "membuka", "memeriksa", "selesai", "gagal")


@dataclass
class Job:
    id: str
    name: str                         # the upload's file name as the reviewer knows it
    stage: str = "menunggu"
    detail: str = ""                  # which report of a zipped tree is being read
    error: str | None = None
    result: RunResult | None = None
    base: list[Finding] = field(default_factory=list)     # findings before any waiver of this page
    sources: list[list[tuple[int, str]]] = field(default_factory=list)  # per finding: (line, text)
    waivers: list[dict] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    seconds: float | None = None

    @property
    def done(self) -> bool:
        return self.stage in ("selesai", "gagal")


class Session:
    """The jobs of one server run; one check at a time (two cores are shared by everything else)."""

    def __init__(self, opts, limits: upload.Limits):
        self.opts = opts
        self.limits = limits
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._check_lock = threading.Lock()
        self.live_folders: set[Path] = set()
        self.ready = threading.Event()
        self._families: dict | None = None

    def warm_up(self) -> None:
        """Import the checking stack and read the rule pack once, in the background after start-up.

        The page answers at once; the first check then costs what a check
        costs, not pandas' import as well.
        """
        try:
            from lkjcheck.run.check import _freeze_long_lived

            # A server checks upload after upload, like a batch: pandera is imported now, not on the first upload.
            _freeze_long_lived(batch=True)
            self.families()
        except Exception:
            pass                     # the first check reports whatever is wrong, with its file and line
        finally:
            self.ready.set()

    def families(self) -> dict:
        if self._families is None:
            from lkjcheck.run.options import load_rulepack

            try:
                self._families = load_rulepack(self.opts, compile_rules=False).families
            except InputError:
                self._families = {}
        return self._families

    def new_job(self, name: str) -> Job:
        job = Job(secrets.token_hex(8), name)
        with self._lock:
            finished = [j for j in self.jobs.values() if j.done]
            while len(self.jobs) >= MAX_JOBS and finished:
                self.jobs.pop(finished.pop(0).id, None)
            self.jobs[job.id] = job
        return job

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    # ------------------------------------------------------------- checking

    def check(self, job: Job, saved: Path, root: Path, year: int | None = None) -> None:
        """Unpack, check and forget the files; ``root`` is removed whatever happens.

        The job is marked done only after the folder is gone, so whoever
        waits for it never sees the upload still on disk. ``year`` is the
        report year the reviewer typed, for a report whose cover does not say it
        (the CLI's ``--tahun``).
        """
        lang = self.opts.lang
        final, error, result = "gagal", None, None
        try:
            with self._check_lock:
                job.stage = "membuka"
                target = upload.place(saved, job.name, root, self.limits)
                job.stage = "memeriksa"
                from lkjcheck.run.runner import run

                def progress(done, total, name):
                    if name and total > 1:
                        job.detail = f"{min(done + 1, total)}/{total} {name}"

                opts = dataclasses.replace(self.opts, waivers=None, progress=progress)
                if year is not None:
                    opts.year = year
                result = run([str(target)], opts)
                broken = [d.error for d in result.datasets if getattr(d, "error", None)]
                if broken and len(broken) == len(result.datasets):
                    # Nothing could be read: the runner reports it per dataset
                    # (so a batch goes on); the page has only this upload.
                    raise _Unreadable(broken[0])
                job.sources = quoted_sources(result.findings, root)
                result = _relocated(result, root, target, job.name)
                final = "selesai"
        except (InputError, _Unreadable) as e:
            # The page's own field stands for the command line's option.
            said = e.text(lang) if isinstance(e, InputError) else str(e)
            error = _strip_root(said, root, saved, job.name).replace("--tahun", f"“{labels(lang)['year_field']}”")
        except Exception as e:  # a bug of ours still gets a sentence, never a traceback on the page
            error = _strip_root(f"kesalahan internal / internal error: {type(e).__name__}: {e}", root, saved,
                                job.name)
        finally:
            upload.remove(root)
            self.live_folders.discard(root)
            job.seconds = time.monotonic() - job.started
            if result is not None and final == "selesai":
                job.base = list(result.findings)
                job.result = result
            job.error = error
            job.stage = final

    # -------------------------------------------------------------- waivers

    def add_waiver(self, job: Job, index: int, justification: str, by: str, until: str,
                   today: _dt.date | None = None) -> dict:
        """Accept finding ``index`` of the job; the waiver is the same record `--waivers` reads."""
        lang = self.opts.lang
        if job.result is None or not 0 <= index < len(job.base):
            raise InputError(WAIVER_FILE, None, "serve.no_such_finding")
        f = job.base[index]
        justification, by = (justification or "").strip(), (by or "").strip()
        if not justification:
            raise InputError(WAIVER_FILE, None, "serve.justification_required")
        if not by:
            raise InputError(WAIVER_FILE, None, "serve.reviewer_s_name_required")
        try:
            end = _dt.date.fromisoformat((until or "").strip())
        except ValueError:
            raise InputError(WAIVER_FILE, None, "serve.expiry_date_required_yyyy_mm")
        if end < (today or _dt.date.today()):
            raise InputError(WAIVER_FILE, None, "serve.expiry_date_has_passed")
        if f.rule.startswith("LKJ"):
            raise InputError(WAIVER_FILE, None, "serve.finding_about_waiver_file_cannot")
        waiver = {"rule": f.rule, "dataset": f.dataset}
        if f.row:
            waiver["row"] = f.row
        waiver.update(justification=justification, by=by, until=end)
        job.waivers.append(waiver)
        self._apply(job)
        return waiver

    def remove_waiver(self, job: Job, position: int) -> None:
        if 0 <= position < len(job.waivers):
            job.waivers.pop(position)
            self._apply(job)

    def waiver_yaml(self, job: Job) -> str:
        return waivers_text(job.waivers)

    def _apply(self, job: Job) -> None:
        """Re-apply the page's waivers through the same code as `--waivers`, from a private file."""
        if job.result is None:
            return
        if not job.waivers:
            job.result = dataclasses.replace(job.result, findings=list(job.base))
            return
        from lkjcheck.run.waivers import apply_waivers

        root = upload.private_folder()
        try:
            path = root / WAIVER_FILE
            path.write_text(waivers_text(job.waivers), encoding="utf-8")
            findings = apply_waivers(job.base, path, _dt.date.today(), self.opts.lang)
        finally:
            upload.remove(root)
        findings = [_renamed(f, str(path), WAIVER_FILE) for f in findings]
        job.result = dataclasses.replace(job.result, findings=findings)

    def cleanup(self) -> None:
        for folder in list(self.live_folders):
            upload.remove(folder)
        self.live_folders.clear()


def waivers_text(waivers: list[dict]) -> str:
    """The waiver file, in the layout README shows, readable by `lkjcheck run --waivers`."""
    import yaml

    head = ("# Pengecualian yang dicatat di lkjcheck serve / waivers recorded in lkjcheck serve\n"
            "# Pakai dengan / use with: lkjcheck run DATASET --waivers " + WAIVER_FILE + "\n")
    if not waivers:
        return head + "[]\n"
    body = yaml.safe_dump([dict(w) for w in waivers], allow_unicode=True, sort_keys=False, width=100)
    return head + body


class _Unreadable(Exception):
    """The upload could not be read at all; its text is the runner's message for the dataset."""


# ------------------------------------------------------------ path hygiene


def _display_path(path: str, root: Path, target: Path, name: str) -> str:
    """A path inside the private folder as the reviewer knows it: relative to what was uploaded."""
    p = Path(path)
    if not p.is_absolute():
        return path
    if p == target:
        return name
    try:
        return str(p.relative_to(target if target.is_dir() else root))
    except ValueError:
        return path


def _strip_root(text: str, root: Path, saved: Path, name: str) -> str:
    text = text.replace(str(saved), name)
    for folder in (root / Path(upload.safe_name(name)).stem, root):
        text = text.replace(str(folder) + os.sep, "").replace(str(folder), name)
    return text


def _renamed(f: Finding, old: str, new: str) -> Finding:
    if f.location.file == old:
        f = dataclasses.replace(f, location=dataclasses.replace(f.location, file=new))
    if f.waiver and f.waiver.get("file") == old:
        f = dataclasses.replace(f, waiver={**f.waiver, "file": new})
    return f


def _relocated(result: RunResult, root: Path, target: Path, name: str) -> RunResult:
    def loc(location: Location) -> Location:
        return dataclasses.replace(location, file=_display_path(location.file, root, target, name))

    findings = [dataclasses.replace(f, location=loc(f.location)) for f in result.findings]
    datasets = [dataclasses.replace(d, path=_display_path(d.path, root, target, name),
                                    files=tuple(_display_path(x, root, target, name) for x in d.files))
                for d in result.datasets]
    # The coverage statement names the files read too (the report text): as the reviewer knows them.
    coverage = copy.deepcopy(result.coverage or {})
    for d in coverage.get("datasets") or []:
        if isinstance(d.get("text"), dict) and d["text"].get("file"):
            d["text"]["file"] = _display_path(d["text"]["file"], root, target, name)
        if d.get("error"):
            d["error"] = _strip_root(d["error"], root, target, name)
    return dataclasses.replace(result, findings=findings, datasets=datasets, coverage=coverage)


def quoted_sources(findings: list[Finding], root: Path) -> list[list[tuple[int, str]]]:
    """Per finding, the lines it points at, read while the upload still exists.

    Only plain-text files inside the private folder are read, each once; a
    workbook cell or a DOCX/PDF place has no line to read here, and the page
    shows the finding's own quote instead. A long line (a paragraph of a
    report) is cut to a window around the column the finding names.
    """
    files: dict[str, list[str]] = {}
    inside = root.resolve()
    out = []
    for f in findings:
        if not f.location.line or f.location.cell or f.location.page:
            out.append([])
            continue
        if f.location.file not in files:
            files[f.location.file] = _lines_of(Path(f.location.file), inside)
        lines = files[f.location.file]
        first = max(1, f.location.line - CONTEXT_LINES)
        last = min(len(lines), f.location.line + CONTEXT_LINES)
        out.append([(n, _window(lines[n - 1], f.location.column if n == f.location.line else None))
                    for n in range(first, last + 1)])
    return out


def _window(line: str, column: int | None) -> str:
    if len(line) <= MAX_QUOTE_CHARS:
        return line
    start = max(0, (column or 1) - 1 - MAX_QUOTE_CHARS // 3)
    end = start + MAX_QUOTE_CHARS
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


def _lines_of(path: Path, inside: Path) -> list[str]:
    try:
        path = path.resolve()
        path.relative_to(inside)
        if not path.is_file() or path.suffix.lower() not in (".yaml", ".yml", ".csv", ".md", ".txt"):
            return []
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read(upload.Limits().unpacked_bytes).splitlines()
    except (OSError, ValueError):
        return []
