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
    # A configuration file travels with a data repo and is as untrusted as the
    # data: the folders it names must stay inside that repo. (--rules on the
    # command line is the user's own choice and may point anywhere.)
    if "rules" in data:
        if not isinstance(data["rules"], list) or not all(isinstance(p, str) for p in data["rules"]):
            raise InputError(str(path), None, "'rules' harus daftar folder", "'rules' must be a list of folders")
        data["rules"] = [str(_inside(path, base, p)) for p in data["rules"]]
    if "waivers" in data:
        if not isinstance(data["waivers"], str):
            raise InputError(str(path), None, "'waivers' harus nama berkas", "'waivers' must be a file name")
        data["waivers"] = str(_inside(path, base, data["waivers"]))
    return data


def _inside(config: Path, base: Path, ref: str) -> Path:
    target = (base / ref).resolve()
    if not target.is_relative_to(base.resolve()):
        raise InputError(str(config), None, f"'{ref}' berada di luar folder konfigurasi; ditolak",
                         f"'{ref}' lies outside the configuration's folder; refused")
    return base / ref
