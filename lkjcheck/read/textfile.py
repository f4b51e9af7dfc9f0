"""A data file's text: a regular UTF-8 file within the size limit, or a one-line reason why not."""
from __future__ import annotations

import os
import stat

from lkjcheck.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# The most --max-bytes may lift the limit to. A data file is read whole and
# held as text, then as located values many times its size; beyond 1 GiB no
# machine this runs on has the memory, and asking for more would fail as an
# internal MemoryError instead of a message.
MAX_LIMIT_BYTES = 1024 * 1024 * 1024


def read_text_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None,
                   cli_limit: bool = True) -> str:
    """The text of a regular UTF-8 file of at most `max_bytes`.

    `cli_limit=False` for limits that --max-bytes does not change (rule files),
    so the message does not send the user to an option that will not help.
    """
    display = display or path
    hint_id, hint_en = (" (ubah dengan --max-bytes)", " (change with --max-bytes)") if cli_limit else ("", "")
    try:
        # O_NONBLOCK: opening a FIFO must not wait forever for a writer; the
        # fstat below then refuses it, as it refuses devices and folders.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise InputError(display, None, f"tidak dapat dibaca ({e.strerror})", f"cannot be read ({e.strerror})")
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        what = ("folder", "a folder") if stat.S_ISDIR(st.st_mode) else ("berkas khusus", "a special file")
        raise InputError(display, None, f"adalah {what[0]}, bukan berkas biasa", f"is {what[1]}, not a regular file")
    with os.fdopen(fd, "rb") as fh:
        if st.st_size > max_bytes:
            raise InputError(
                display, None,
                f"berkas {st.st_size:,} byte melebihi batas {max_bytes:,} byte{hint_id}",
                f"file of {st.st_size:,} bytes exceeds the limit of {max_bytes:,} bytes{hint_en}",
            )
        try:
            # Read what the file holds, not what the limit would allow: a buffer
            # of max_bytes is allocated up front, and the limit may be large.
            data = fh.read(min(max_bytes, st.st_size) + 1)
            while len(data) <= max_bytes and (more := fh.read(min(1 << 20, max_bytes + 1 - len(data)))):
                data += more        # the file grew since fstat
        except OSError as e:
            raise InputError(display, None, f"tidak dapat dibaca ({e.strerror})", f"cannot be read ({e.strerror})")
    if len(data) > max_bytes:  # grew while we read it
        raise InputError(display, None, f"berkas melebihi batas {max_bytes:,} byte{hint_id}",
                         f"file exceeds the limit of {max_bytes:,} bytes{hint_en}")
    nul = data.find(b"\x00")
    if nul >= 0:
        # UTF-16 text and spreadsheets saved under a .csv name land here too.
        line = data[:nul].count(b"\n") + 1
        raise InputError(display, line, "berkas biner (berisi bita NUL), bukan teks", "binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            display, line,
            "bukan UTF-8 (simpan ulang berkas sebagai UTF-8)",
            "not UTF-8 (save the file again as UTF-8)",
        )
