"""Which datasets a run checks: folders, workbooks and report documents below the paths given, and their names."""
from __future__ import annotations

import contextlib
import contextvars
import os
import re
from collections import Counter
from pathlib import Path

from lkjcheck.errors import InputError

DATASET_FILE = "lkj.yaml"
WORKBOOK_FILE = "lkj.xlsx"
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}


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
    memo = _WALKS.get()
    for p in paths:
        for c, key, _ in _candidates(p, ignored):
            if key not in seen:
                seen.add(key)
                found.append(c)
                if memo is not None:
                    memo[1][c] = key
    if not found and ignored and not ignore_outside:
        raise InputError(ignored[0], None, "run.not_part_any_dataset_no", dataset_file=DATASET_FILE, workbook_file=WORKBOOK_FILE)
    return found


def _candidates(p: str, ignored: list[str]) -> list[tuple[Path, Path, bool]]:
    """The datasets path p stands for: (as named, resolved, known to be a folder), in discover's order."""
    path = Path(p)
    if path.is_file():
        cands = _dataset_of_file(path)
        if not cands:
            ignored.append(p)
        return [(c, c.resolve(), False) for c in cands]
    if not path.is_dir():
        raise InputError(str(path), None, "model.not_found")
    if _is_dataset_dir(path):
        return [(path, path.resolve(), True)]
    cands = sorted({f.parent for f in _walk(path)})
    if not cands:
        raise InputError(str(path), None,
                         "run.no_dataset_below_this_folder", dataset_file=DATASET_FILE, workbook_file=WORKBOOK_FILE)
    # The walk entered no symlinked folder, so below the resolved root each
    # name is itself: one resolve for the tree, not one per dataset (a resolve
    # is an lstat for every part of the path).
    base, n = path.resolve(), len(path.parts)
    return [(c, base.joinpath(*c.parts[n:]), True) for c in cands]


def _refuse_both(path: Path) -> None:
    if (path / DATASET_FILE).is_file() and (path / WORKBOOK_FILE).is_file():
        raise InputError(str(path), None, "run.folder_holds_both_keep_only", dataset_file=DATASET_FILE, workbook_file=WORKBOOK_FILE)


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
    memo = _WALKS.get()
    if memo is not None:
        # One run walks a tree for configs_for and again for the runner: the
        # second time it is the first walk's answer (a file added between the
        # two need not be seen).
        walks, key = memo[0], str(root)
        if key not in walks:
            walks[key] = list(_walk_now(root))
        yield from walks[key]
        return
    yield from _walk_now(root)


def _walk_now(root: Path):
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            # scandir rather than iterdir: the entries' types come with the
            # listing, so a folder or a plain file costs no stat of its own.
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_name)
        except OSError as e:
            raise InputError(str(folder), None, "run.folder_cannot_read", strerror=e.strerror)
        subfolders = []
        for entry in entries:
            name = entry.name
            if name not in SKIP_DIRS and _real_dir(entry):
                subfolders.append(folder / name)
            elif name in (DATASET_FILE, WORKBOOK_FILE) and _is_file(entry, folder):
                yield folder / name
            elif name in _REPORT_NAMES and _is_file(entry, folder) and not (folder / DATASET_FILE).exists() \
                    and not (folder / WORKBOOK_FILE).exists():
                yield folder / name
        stack.extend(reversed(subfolders))


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _real_dir(entry: os.DirEntry) -> bool:
    """A folder and not a link to one (Path.is_dir() and not Path.is_symlink())."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_file(entry: os.DirEntry, folder: Path) -> bool:
    try:
        return entry.is_file()
    except OSError:             # a link loop, say: Path.is_file() knows which errors mean "no"
        return (folder / entry.name).is_file()


@contextlib.contextmanager
def walks_remembered():
    """Within it, each folder tree is walked once (see _walk), and what discover
    found is known resolved: (walks by root, resolved path by dataset path)."""
    token = _WALKS.set(({}, {}))
    try:
        yield
    finally:
        _WALKS.reset(token)


_WALKS: contextvars.ContextVar = contextvars.ContextVar("lkjcheck_walks", default=None)
_REPORT_NAMES = ("laporan.md", "laporan.txt", "laporan.docx", "laporan.pdf")


def _unique_names(folders: list[Path]) -> list[str]:
    """The folder name, or the path when two datasets share a folder name."""
    memo = _WALKS.get()
    resolved = memo[1] if memo is not None else {}
    base = [(resolved.get(f) or f.resolve()).name for f in folders]
    times = Counter(base)
    return [str(f).rstrip("/") if times[b] > 1 else b for f, b in zip(folders, base)]



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


