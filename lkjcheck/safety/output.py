"""Writing a report or a scaffolded dataset where the user asked, and nowhere else.

The target of ``-o`` (or of ``init``) is a name on the command line, but the
folder it lies in may belong to a data repository: a planted link, a FIFO or,
in a CI job running as root, ``/dev/null`` itself. We therefore

- write only to a regular file or to a name that does not exist yet; folders,
  devices, FIFOs and sockets are refused (``-`` is how to write to stdout);
- write into a fresh temporary file made by ``mkstemp`` in the target's folder
  (``O_EXCL``: a planted link under a predictable name cannot redirect it) and
  rename it over the target, so a reader sees the old file or the new one;
- remove that temporary file on any error, on Ctrl-C and on SIGTERM (how CI
  cancels a job), and report a failed write (a full disk) as exit 2.
"""
from __future__ import annotations

import os
import stat
import threading
from pathlib import Path
from typing import Callable

from lkjcheck.errors import InputError


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived while a file was being written; raised so the temporary file is removed.

    A KeyboardInterrupt, so that every command treats it as it treats Ctrl-C
    (a one-line message, never a traceback).
    """


def check_target(path: str | Path) -> None:
    """Refuse a target that is not a regular file or a new name."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise InputError(str(path), None, "safety.cannot_written", reason=reason)
    if stat.S_ISDIR(st.st_mode):
        raise InputError(str(path), None, "safety.folder_name_report_file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(str(path), None, "safety.not_regular_file_device_fifo")


def write_atomic(path: str | Path, content: str | bytes | Callable, mode: int | None = None) -> None:
    """Write `content` (text, bytes, or a function given the open binary file) to `path` atomically."""
    target = Path(path)
    check_target(target)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        import tempfile     # a run that writes nothing should not import it (and shutil, random, bz2 ...)

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise InputError(str(path), None, "safety.cannot_written", reason=reason)
    restore = _catch_sigterm()
    try:
        if mode is None:
            # mkstemp makes the file 0600; a report replaces its predecessor with
            # that one's mode, or gets the mode any new file would get.
            try:
                mode = os.stat(target).st_mode & 0o777
            except OSError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            if callable(content):
                content(fh)
            else:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as e:
        _unlink(tmp)
        raise InputError(str(path), None, "safety.cannot_write", value=e.strerror or e)
    except BaseException:
        _unlink(tmp)
        raise
    finally:
        restore()


def _unlink(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _catch_sigterm() -> Callable[[], None]:
    """Turn SIGTERM into an exception for the duration of a write; returns what undoes that."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    import signal       # here: only a write to a file needs it, and importing it was 0.6 ms of every start

    def on_term(signum, frame):
        raise Terminated()

    try:
        old = signal.signal(signal.SIGTERM, on_term)
    except (ValueError, OSError):       # not the main interpreter, or no signals here
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, old)
