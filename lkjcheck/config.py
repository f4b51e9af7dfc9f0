"""Configuration: `lkjcheck.toml`, or `[tool.lkjcheck]` in `pyproject.toml`."""
from __future__ import annotations

import tomllib
from pathlib import Path

from .yamlsafe import InputError

KNOWN = {"select", "ignore", "rules", "param", "severity", "tolerance", "waivers", "fail_on", "lang", "max_bytes"}


def load_config(explicit: str | None = None, cwd: Path | None = None) -> dict:
    cwd = cwd or Path.cwd()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise InputError(explicit, None, "berkas konfigurasi tidak ditemukan", "configuration file not found")
        return _read(path, path.name == "pyproject.toml")
    for d in (cwd, *cwd.parents):
        if (d / "lkjcheck.toml").is_file():
            return _read(d / "lkjcheck.toml", False)
        pp = d / "pyproject.toml"
        if pp.is_file():
            cfg = _read(pp, True)
            if cfg:
                return cfg
        if (d / ".git").exists():
            break
    return {}


def _read(path: Path, pyproject: bool) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(str(path), getattr(e, "lineno", None), f"TOML tidak sah: {e}", f"invalid TOML: {e}")
    if pyproject:
        data = data.get("tool", {}).get("lkjcheck", {})
    unknown = set(data) - KNOWN
    if unknown:
        k = sorted(unknown)[0]
        raise InputError(str(path), None, f"kunci konfigurasi '{k}' tidak dikenal", f"unknown configuration key '{k}'")
    base = path.parent
    if "rules" in data:
        data["rules"] = [str(base / p) for p in data["rules"]]
    if "waivers" in data:
        data["waivers"] = str(base / data["waivers"])
    return data
