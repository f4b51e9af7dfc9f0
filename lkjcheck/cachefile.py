"""The files lkjcheck keeps in the user's cache folder, read and written under one set of rules.

Two files live there: the regex cache (safety/regexcache.py: compiled
text-rule patterns) and the parsed-file cache (read/treecache.py: the
located trees of rule files; catalogue.py: the merged message texts). All
of it saves time only, so all of it follows docs/security.md, "The caches":

- the folder is the user's own (``$XDG_CACHE_HOME/lkjcheck`` or
  ``~/.cache/lkjcheck``), never a dataset or rule folder;
- a file is read only if it is a regular file reached without following a
  link, owned by this user, writable by no one else and under its byte
  bound, and its body matches the SHA-256 digest of its first line;
  anything else reads as an empty cache;
- it is written atomically (a temporary file in the same folder, renamed),
  mode 0600 in a 0700 folder, and never required: ``LKJCHECK_NO_CACHE=1``
  turns every cache off and an error reading or writing is silent.

It sits in the bottom layer because the message catalogue uses it; that is
also why it renames its own temporary file rather than going through
safety.output.write_atomic, whose checks guard the user's inputs and reports,
which a file in our own cache folder never is.
"""
from __future__ import annotations

import atexit
import hashlib
import json
import os
import stat
import sys
import threading
from pathlib import Path

DISABLE_ENV = "LKJCHECK_NO_CACHE"


def enabled() -> bool:
    return os.environ.get(DISABLE_ENV, "").strip() in ("", "0")


def folder() -> Path | None:
    """The cache folder, or None when there is no usable one (no absolute home)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):          # the XDG rule: a relative value is ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "lkjcheck"


def read(path: Path | None, fmt: int, max_bytes: int) -> dict:
    """The entries of a cache file, or {} if there is none or it is not one to trust."""
    if path is None:
        return {}
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return {}
    try:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes or st.st_mode & 0o022
                or (hasattr(os, "geteuid") and st.st_uid != os.geteuid())):
            return {}
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
    except OSError:
        return {}
    finally:
        os.close(fd)
    head, _, body = data.partition(b"\n")
    try:
        header = json.loads(head)
        if (not isinstance(header, dict) or header.get("format") != fmt
                or header.get("sha256") != hashlib.sha256(body).hexdigest()):
            return {}
        entries = json.loads(body)
    except (ValueError, RecursionError):
        return {}
    return entries if isinstance(entries, dict) else {}


def encode(entries: dict, fmt: int) -> bytes:
    body = json.dumps(entries, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    return json.dumps({"format": fmt, "sha256": hashlib.sha256(body).hexdigest()}).encode("ascii") + b"\n" + body


def write(path: Path, data: bytes) -> bool:
    """Replace the file by ``data`` atomically; False, silently, when it cannot be written."""
    tmp = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


class Store:
    """One cache file as this process sees it: read on first use, its new entries added at exit."""

    def __init__(self, name: str, fmt: int, max_bytes: int, max_entries: int):
        self.name, self.fmt, self.max_bytes, self.max_entries = name, fmt, max_bytes, max_entries
        self._lock = threading.RLock()
        self._entries: dict | None = None
        self._new: dict = {}
        self._hooked = False

    def path(self) -> Path | None:
        base = folder()
        return None if base is None else base / f"{self.name}-{self.fmt}-{sys.implementation.cache_tag}.json"

    def get(self, key: str):
        if self._entries is None:
            self._entries = read(self.path(), self.fmt, self.max_bytes)
        return self._entries.get(key)

    def put(self, key: str, value) -> None:
        with self._lock:
            self._new[key] = value
            if not self._hooked:
                self._hooked = True
                atexit.register(self.flush)

    def flush(self) -> None:
        """Add this process's new entries to the file (atomically); silent on any failure."""
        with self._lock:
            new, self._new = self._new, {}
            path = self.path()
            if not new or not enabled() or path is None:
                return
            merged = dict(read(path, self.fmt, self.max_bytes))    # what other processes wrote since
            merged.update(new)
            data = encode(merged, self.fmt) if len(merged) <= self.max_entries else b""
            if not data or len(data) > self.max_bytes:
                # grown past its bounds: start again from what this process uses
                merged = new
                data = encode(merged, self.fmt)
                if len(data) > self.max_bytes:
                    return
            if write(path, data):
                self._entries = merged

    def forget(self) -> None:
        """Drop what this process holds; for tests and benchmarks."""
        with self._lock:
            self._entries, self._new = None, {}


# Parsed rule files and the merged message catalogue share one file.
PARSED = Store("parsed", 1, 16 << 20, 400)
