"""The one gate every file named by a dataset passes before it is read.

`lkj.yaml` and `lkj.xlsx` name other files (tables in `berkas:`, the report
text in `laporan_teks:`, a `laporan.md` found by name), and the checks quote
what they read back in their findings. Whichever format named the file, the
same rules apply: the name stays inside the dataset folder, a link may not
lead out of it, and only a regular file is opened (a FIFO would block, a
device like /dev/zero never ends). Zip containers (XLSX, DOCX) are also
measured unpacked before any parser inflates them.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from lkjcheck.errors import InputError
from lkjcheck.i18n import Both, Figure

# What a DOCX's XML parts may unpack to: lxml keeps the parsed tree, several
# times the XML's size, in memory. A real LKj's document.xml is a few MB.
MAX_DOCX_XML_BYTES = 16 * 1024 * 1024


def guard_error(error, display: str, line: int | None, key: str, /, **values) -> InputError:
    """`error` (InputError or a reader's subclass of it) saying catalogue key `key` (lkjcheck/messages/read.yaml)."""
    return error(display, line, key, **values)


def check_name(ref: str, display: str, line: int | None, noun: tuple[str, str] = ("berkas", "file"),
               error=InputError) -> Path:
    """`ref` as a path, refused when it is absolute, climbs out with '..' or holds a NUL."""
    what = Both(*noun)
    if not isinstance(ref, str) or "\x00" in ref:
        raise guard_error(error, display, line, "read.name_holds_nul", what=what)
    p = Path(ref)
    if p.is_absolute() or ".." in p.parts:
        raise guard_error(error, display, line, "read.name_outside_dataset", what=what, ref=ref)
    return p


def present(path: Path) -> bool:
    """Exists, or is a link (perhaps dangling, perhaps leading out): either way the guard must judge it."""
    try:
        return path.is_symlink() or path.exists()
    except (OSError, ValueError):
        return True


def inside(root: Path, ref: str, display: str, line: int | None, noun: tuple[str, str] = ("berkas", "file"),
           error=InputError) -> Path:
    """The real path of `ref` (relative to the dataset folder `root`), or `error` saying why not."""
    what = Both(*noun)
    p = check_name(ref, display, line, noun, error)
    try:
        real = (root / p).resolve(strict=True)
        top = root.resolve()
    except (OSError, RuntimeError, ValueError):
        raise guard_error(error, display, line, "read.name_not_found", what=what, ref=ref)
    if not real.is_relative_to(top):
        raise guard_error(error, display, line, "read.name_points_outside_dataset", what=what, ref=ref)
    try:
        mode = os.stat(real).st_mode
    except OSError:
        raise guard_error(error, display, line, "read.name_not_found", what=what, ref=ref)
    if not stat.S_ISREG(mode):
        # A plain file needs no noun before its name; a report text or a table file does.
        prefix = Both("", "") if noun == ("berkas", "file") else Both(noun[0] + " ", noun[1] + " ")
        raise guard_error(error, display, line, "read.name_not_regular_file", prefix=prefix, ref=ref)
    return real


def regular_file_size(path: str, display: str, max_bytes: int, error=InputError) -> int:
    """The size of `path` if it is a regular file within `max_bytes`; never blocks on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise guard_error(error, display, None, "read.cannot_open", reason=reason)
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    if stat.S_ISDIR(st.st_mode):
        raise guard_error(error, display, None, "read.folder_not_file")
    if not stat.S_ISREG(st.st_mode):
        raise guard_error(error, display, None, "read.special_file")
    if st.st_size > max_bytes:
        raise guard_error(error, display, None, "read.file_bytes_exceeds_limit_bytes_2",
                          st_size=Figure(st.st_size), max_bytes=Figure(max_bytes))
    return st.st_size


def zip_unpacked(path: str, display: str, max_bytes: int, xml_max: int | None = None, error=InputError) -> None:
    """Refuse a zip container whose members unpack to more than `max_bytes` (or its XML to more than `xml_max`)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise guard_error(error, display, None, "read.zip_container_cannot_opened", e=e)
    total = sum(i.file_size for i in infos)
    if total > max_bytes:
        raise guard_error(error, display, None, "read.zip_too_large",
                          total=Figure(total), max_bytes=Figure(max_bytes))
    if xml_max is not None:
        xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
        if xml > xml_max:
            raise guard_error(error, display, None, "read.zip_xml_too_large",
                              xml=Figure(xml), xml_max=Figure(xml_max))
