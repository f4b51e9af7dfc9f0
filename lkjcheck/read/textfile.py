"""A data file's text: a regular UTF-8 file within the size limit, or a one-line reason why not."""
from __future__ import annotations

import os
import stat

from lkjcheck.errors import InputError
from lkjcheck.i18n import Figure, Said

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
    hint = Said("read.change_with_max_bytes") if cli_limit else ""
    try:
        # O_NONBLOCK: opening a FIFO must not wait forever for a writer; the
        # fstat below then refuses it, as it refuses devices and folders.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise InputError(display, None, "read.cannot_read_2", strerror=e.strerror)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        what = "read.a_folder" if stat.S_ISDIR(st.st_mode) else "read.a_special_file"
        raise InputError(display, None, "read.not_regular_file", what=Said(what))
    with os.fdopen(fd, "rb") as fh:
        if st.st_size > max_bytes:
            raise InputError(
                display, None,
                "read.file_bytes_exceeds_limit_bytes", st_size=Figure(st.st_size), max_bytes=Figure(max_bytes), hint=hint,
            )
        try:
            # Read what the file holds, not what the limit would allow: a buffer
            # of max_bytes is allocated up front, and the limit may be large.
            data = fh.read(min(max_bytes, st.st_size) + 1)
            while len(data) <= max_bytes and (more := fh.read(min(1 << 20, max_bytes + 1 - len(data)))):
                data += more        # the file grew since fstat
        except OSError as e:
            raise InputError(display, None, "read.cannot_read_2", strerror=e.strerror)
    if len(data) > max_bytes:  # grew while we read it
        raise InputError(display, None, "read.file_exceeds_limit_bytes", max_bytes=Figure(max_bytes), hint=hint)
    nul = data.find(b"\x00")
    if nul >= 0:
        # UTF-16 text and spreadsheets saved under a .csv name land here too.
        line = data[:nul].count(b"\n") + 1
        raise InputError(display, line, "read.binary_nul")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            display, line,
            "read.not_utf8",
        )
