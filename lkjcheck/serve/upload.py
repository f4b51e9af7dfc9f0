"""What a reviewer drops on the page, made into something `runner.run` can check.

An upload is untrusted in the same way as a data repository (docs/security.md),
and more: it comes from a browser, so its name, its size and, for a zip, every
member's name, kind and unpacked size are checked before anything is written.
Everything lands in one private folder (mode 0700) that the caller deletes
when the check is done; nothing is written anywhere else.

This module imports nothing of the web stack, so it is tested on its own.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lkjcheck.errors import InputError
from lkjcheck.model.building import TEXT_FILES
from lkjcheck.i18n import Figure, Said

MiB = 1024 * 1024

# The kinds of file a reviewer can drop, by suffix. A report document goes to
# the runner as it is; a workbook or dataset file too; a zip is unpacked first.
DOCUMENT_SUFFIXES = (".md", ".txt", ".docx", ".pdf")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
DATASET_SUFFIXES = (".yaml", ".yml")
ARCHIVE_SUFFIXES = (".zip",)
ACCEPTED = DOCUMENT_SUFFIXES + WORKBOOK_SUFFIXES + DATASET_SUFFIXES + ARCHIVE_SUFFIXES


@dataclass(frozen=True)
class Limits:
    # The largest report text lkjcheck reads is 50 MiB (text.document.MAX_BYTES);
    # an upload need not be larger than that.
    upload_bytes: int = 50 * MiB
    # A zipped dataset folder: all members together once unpacked, how many
    # members, and how far one member may expand (zeros expand ~1000-fold,
    # YAML and CSV 5- to 30-fold, a workbook inside a zip hardly at all).
    unpacked_bytes: int = 200 * MiB
    members: int = 2000
    ratio: int = 200
    ratio_floor: int = 1 * MiB      # small members may compress as well as they like
    depth: int = 16


def private_folder() -> Path:
    """A fresh folder only this user can enter (mkdtemp makes it 0700)."""
    return Path(tempfile.mkdtemp(prefix="lkjcheck-serve-"))


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# An upload without a usable name is called as a dataset's report text is (laporan.md ...).
DEFAULT_NAME = Path(TEXT_FILES[0]).stem


def safe_name(filename: str) -> str:
    """The upload's name as one harmless path component, keeping the reviewer's words.

    The browser's file name is only a label: folders in it are dropped, and
    control characters and leading dots go. Spaces and letters stay, so the
    dataset keeps the name the reviewer gave the file, and a waiver recorded
    here matches `lkjcheck run` on the same file.
    """
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    base = _CONTROL.sub("", base).strip().lstrip(".").strip()
    if len(base) > 120:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[:110] + "." + suffix[:8]) if dot else base[:120]
    if not base or base in (".", ".."):
        return DEFAULT_NAME
    if base.startswith("."):
        return DEFAULT_NAME + base
    return base


def ascii_name(name: str) -> str:
    """A plain-ASCII stand-in, for headers that cannot carry the real name."""
    return re.sub(r"-+(?=\.)", "", re.sub(r"[^A-Za-z0-9._-]+", "-", name)).strip("-.") or DEFAULT_NAME


def kind_of(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in ACCEPTED:
        raise InputError(filename, None,
                         "serve.type_not_accepted", 
                         value=suffix or Said("serve.no_suffix"))
    if suffix in ARCHIVE_SUFFIXES:
        return "zip"
    if suffix in WORKBOOK_SUFFIXES:
        return "workbook"
    if suffix in DATASET_SUFFIXES:
        return "dataset"
    return "document"


def too_large(name: str, size: int, limit: int) -> InputError:
    return InputError(name, None, "serve.file_too_large", size=Figure(size), limit=Figure(limit))


def place(saved: Path, display: str, root: Path, limits: Limits) -> Path:
    """Put an uploaded file where the runner expects it; returns the path to check.

    ``saved`` is the upload as received, inside ``root``. A zip is unpacked
    into ``root/<name>/``; a dataset file becomes ``lkj.yaml`` of a folder named
    after the upload, so that the dataset keeps the reviewer's name for it.
    """
    kind = kind_of(display)
    stem = Path(safe_name(display)).stem
    if kind == "zip":
        target = root / stem
        target.mkdir(mode=0o700)
        unpack(saved, display, target, limits)
        return target
    if kind == "dataset":
        folder = root / stem
        folder.mkdir(mode=0o700)
        return saved.rename(folder / "lkj.yaml").parent
    return saved


def unpack(archive: Path, display: str, target: Path, limits: Limits) -> None:
    """Unpack a zip into ``target`` after checking every member; refuse the whole archive on the first bad one."""
    try:
        z = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(display, None, "serve.not_valid_zip_file", e=e)
    with z:
        members = _checked_members(z, display, limits)
        for info, parts in members:
            _extract(z, info, parts, display, target, limits)


def _refuse(display: str, member: str, key: str, **args) -> InputError:
    return InputError(f"{display}/{member}", None, key, **args)


def _checked_members(z: zipfile.ZipFile, display: str, limits: Limits):
    infos = z.infolist()
    if len(infos) > limits.members:
        raise InputError(display, None, "serve.zip_holds_members_limit", len=len(infos), members=limits.members)
    total = 0
    seen: set[str] = set()
    out = []
    for info in infos:
        name = info.filename
        parts = _member_parts(name, display, limits)
        if parts is None:
            continue
        # Unix zips keep the file type in the high bits; many tools leave the
        # type out and write only permissions, which is a plain file.
        kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
        if kind == stat.S_IFLNK:
            raise _refuse(display, name, "serve.symbolic_link_inside_zip_refused")
        if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
            raise _refuse(display, name, "serve.only_regular_files_are_accepted")
        if info.flag_bits & 0x1:
            raise _refuse(display, name, "serve.encrypted_member_zip_cannot_read")
        if info.is_dir():
            continue
        key = "/".join(parts).casefold()
        if key in seen:
            raise _refuse(display, name, "serve.same_file_name_appears_twice")
        seen.add(key)
        if (info.file_size > limits.ratio_floor
                and info.file_size > limits.ratio * max(info.compress_size, 1)):
            raise _refuse(display, name, "serve.zip_bomb",
                          ratio=Figure(info.file_size // max(info.compress_size, 1)))
        total += info.file_size
        if total > limits.unpacked_bytes:
            raise InputError(display, None, "serve.zip_too_large", limit=Figure(limits.unpacked_bytes))
        out.append((info, parts))
    return out


def _member_parts(name: str, display: str, limits: Limits) -> list[str] | None:
    """The member's path as safe parts, None for what is skipped (macOS resource forks)."""
    if "\\" in name or "\x00" in name:
        raise _refuse(display, name, "serve.invalid_file_name_inside_zip")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise _refuse(display, name, "serve.absolute_path_inside_zip_refused")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise _refuse(display, name, "serve.path_leading_out_folder_inside")
    if not parts or parts[0] == "__MACOSX" or parts[-1].startswith("._") or parts[-1] == ".DS_Store":
        return None
    if len(parts) > limits.depth:
        raise _refuse(display, name, "serve.folders_inside_zip_are_nested")
    return parts


def _extract(z: zipfile.ZipFile, info: zipfile.ZipInfo, parts: list[str], display: str, target: Path,
             limits: Limits) -> None:
    folder = target
    for p in parts[:-1]:
        folder = folder / p
        if not folder.is_dir():
            # A member named like a folder that another member needs: refused
            # by mkdir rather than followed.
            folder.mkdir(mode=0o700)
    dest = folder / parts[-1]
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(dest, flags, 0o600)
    except OSError as e:
        raise _refuse(display, info.filename, "serve.cannot_unpacked", strerror=e.strerror)
    written = 0
    try:
        with os.fdopen(fd, "wb") as out, z.open(info) as src:
            while True:
                chunk = src.read(256 * 1024)
                if not chunk:
                    break
                written += len(chunk)
                # The header's sizes were checked; zipfile also stops at the
                # declared size, so this only guards against a library change.
                if written > info.file_size or written > limits.unpacked_bytes:
                    raise _refuse(display, info.filename, "serve.member_larger_than_zip_says")
                out.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as e:
        raise _refuse(display, info.filename, "serve.damaged_inside_zip", e=e)
