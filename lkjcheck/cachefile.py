"""The files lkjcheck keeps in the user's cache folder, read and written under one set of rules.

Two caches live there: the regex cache (safety/regexcache.py: compiled
text-rule patterns, one file) and the parsed-file cache (read/treecache.py:
the located trees of rule files; catalogue.py: the merged message texts; a
file per entry in a folder of its own). All
of it saves time only, so all of it follows docs/security.md, "The caches":

- the folder is the user's own (``$XDG_CACHE_HOME/lkjcheck`` or
  ``~/.cache/lkjcheck``), never a dataset or rule folder;
- a file is read only if it is a regular file reached without following a
  link, owned by this user, writable by no one else and under its byte
  bound, and its body matches the BLAKE2b digest of its first line;
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
import json
import os
import stat
import sys
import threading
from pathlib import Path

try:
    # BLAKE2b from its own module: importing hashlib loads OpenSSL (2.4 ms of every start) for SHA-256, and the
    # ~1 MB a text run reads from its caches costs BLAKE2b only 0.6 ms more to digest than OpenSSL's SHA-256.
    from _blake2 import blake2b
except ImportError:         # not CPython
    from hashlib import blake2b

DISABLE_ENV = "LKJCHECK_NO_CACHE"


def digest(data: bytes) -> str:
    """The hex digest every cache is keyed and checked by (a 256-bit BLAKE2b)."""
    return blake2b(data, digest_size=32).hexdigest()


def hasher():
    """A digest made piece by piece (``update``, then ``hexdigest``): the same as `digest` of the pieces joined."""
    return blake2b(digest_size=32)


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
                or header.get("blake2b") != digest(body)):
            return {}
        entries = json.loads(body)
    except (ValueError, RecursionError):
        return {}
    return entries if isinstance(entries, dict) else {}


def encode(entries: dict, fmt: int) -> bytes:
    body = json.dumps(entries, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    return json.dumps({"format": fmt, "blake2b": digest(body)}).encode("ascii") + b"\n" + body


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
    """A cache of one file per entry, under one folder: what this process adds is written at exit.

    One file per entry, not one file for all: a process reads only the
    entries it asks for, so its cost does not grow with what other rule
    packs and test runs have left in the cache (a single file of 180 trees
    was 3.6 MB to read and digest in every process). Past ``max_entries``
    files the oldest half is removed when this process writes.
    """

    def __init__(self, name: str, fmt: int, max_bytes: int, max_entries: int):
        self.name, self.fmt, self.max_bytes, self.max_entries = name, fmt, max_bytes, max_entries
        self._lock = threading.RLock()
        self._new: dict = {}
        self._hooked = False

    def path(self) -> Path | None:
        base = folder()
        return None if base is None else base / f"{self.name}-{self.fmt}-{sys.implementation.cache_tag}"

    def _file(self, key: str) -> Path | None:
        where = self.path()
        # keys are ours (a letter and hex digests), but a file name is made only of what a name may hold
        if where is None or not key or not all(c.isalnum() or c == ":" for c in key) or len(key) > 200:
            return None
        return where / (key.replace(":", "-") + ".json")

    def get(self, key: str):
        found = read(self._file(key), self.fmt, self.max_bytes)
        return found.get("value") if found.get("key") == key else None

    def put(self, key: str, value) -> None:
        with self._lock:
            self._new[key] = value
            if not self._hooked:
                self._hooked = True
                atexit.register(self.flush)

    def flush(self) -> None:
        """Write this process's new entries (each atomically); silent on any failure."""
        with self._lock:
            new, self._new = self._new, {}
            if not new or not enabled():
                return
            for key, value in new.items():
                path = self._file(key)
                data = encode({"key": key, "value": value}, self.fmt) if path is not None else b""
                if data and len(data) <= self.max_bytes:
                    write(path, data)
            self._prune()

    def _prune(self) -> None:
        try:
            files = [e for e in os.scandir(self.path()) if e.name.endswith(".json") and e.is_file(follow_symlinks=False)]
            if len(files) <= self.max_entries:
                return
            files.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
            for e in files[: len(files) // 2]:
                os.unlink(e.path)
        except OSError:
            pass

    def forget(self) -> None:
        """Drop what this process has not written yet; for tests and benchmarks."""
        with self._lock:
            self._new = {}


# Parsed rule files and the merged message catalogue: ~20 entries for the built-in pack.
# format 2: digests are BLAKE2b (1 was SHA-256)
PARSED = Store("parsed", 2, 4 << 20, 400)
