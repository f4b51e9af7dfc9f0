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

from lkjcheck.errors import InlineInputError

# What a DOCX's XML parts may unpack to: lxml keeps the parsed tree, several
# times the XML's size, in memory. A real LKj's document.xml is a few MB.
MAX_DOCX_XML_BYTES = 16 * 1024 * 1024


def check_name(ref: str, display: str, line: int | None, noun: tuple[str, str] = ("berkas", "file"),
               error=InlineInputError) -> Path:
    """`ref` as a path, refused when it is absolute, climbs out with '..' or holds a NUL."""
    nid, nen = noun
    if not isinstance(ref, str) or "\x00" in ref:
        raise error(display, line, f"nama {nid} berisi karakter NUL; ditolak", f"{nen} name contains a NUL character; refused")
    p = Path(ref)
    if p.is_absolute() or ".." in p.parts:
        raise error(display, line, f"{nid} '{ref}' berada di luar folder dataset; ditolak",
                    f"{nen} '{ref}' lies outside the dataset folder; refused")
    return p


def present(path: Path) -> bool:
    """Exists, or is a link (perhaps dangling, perhaps leading out): either way the guard must judge it."""
    try:
        return path.is_symlink() or path.exists()
    except (OSError, ValueError):
        return True


def inside(root: Path, ref: str, display: str, line: int | None, noun: tuple[str, str] = ("berkas", "file"),
           error=InlineInputError) -> Path:
    """The real path of `ref` (relative to the dataset folder `root`), or `error` saying why not."""
    nid, nen = noun
    p = check_name(ref, display, line, noun, error)
    try:
        real = (root / p).resolve(strict=True)
        top = root.resolve()
    except (OSError, RuntimeError, ValueError):
        raise error(display, line, f"{nid} '{ref}' tidak ditemukan", f"{nen} '{ref}' not found")
    if not real.is_relative_to(top):
        raise error(display, line, f"{nid} '{ref}' menunjuk ke luar folder dataset; ditolak",
                    f"{nen} '{ref}' points outside the dataset folder; refused")
    try:
        mode = os.stat(real).st_mode
    except OSError:
        raise error(display, line, f"{nid} '{ref}' tidak ditemukan", f"{nen} '{ref}' not found")
    if not stat.S_ISREG(mode):
        pid, pen = ("", "") if noun == ("berkas", "file") else (nid + " ", nen + " ")
        raise error(display, line, f"{pid}'{ref}' bukan berkas biasa", f"{pen}'{ref}' is not a regular file")
    return real


def regular_file_size(path: str, display: str, max_bytes: int, error=InlineInputError) -> int:
    """The size of `path` if it is a regular file within `max_bytes`; never blocks on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise error(display, None, f"tidak dapat dibaca ({reason})", f"cannot be read ({reason})")
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    if stat.S_ISDIR(st.st_mode):
        raise error(display, None, "adalah folder, bukan berkas biasa", "is a folder, not a regular file")
    if not stat.S_ISREG(st.st_mode):
        raise error(display, None, "adalah berkas khusus, bukan berkas biasa", "is a special file, not a regular file")
    if st.st_size > max_bytes:
        raise error(display, None, f"berkas {st.st_size:,} byte melebihi batas {max_bytes:,} byte",
                    f"file of {st.st_size:,} bytes exceeds the limit of {max_bytes:,} bytes")
    return st.st_size


def zip_unpacked(path: str, display: str, max_bytes: int, xml_max: int | None = None, error=InlineInputError) -> None:
    """Refuse a zip container whose members unpack to more than `max_bytes` (or its XML to more than `xml_max`)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise error(display, None, f"arsip zip tidak dapat dibuka: {e}", f"zip container cannot be opened: {e}")
    total = sum(i.file_size for i in infos)
    if total > max_bytes:
        raise error(display, None, f"berisi {total:,} byte setelah dibuka, melebihi batas {max_bytes:,} byte",
                    f"unpacks to {total:,} bytes, over the limit of {max_bytes:,} bytes")
    if xml_max is not None:
        xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
        if xml > xml_max:
            raise error(display, None, f"bagian XML-nya {xml:,} byte setelah dibuka, melebihi batas {xml_max:,} byte",
                        f"its XML parts unpack to {xml:,} bytes, over the limit of {xml_max:,} bytes")
