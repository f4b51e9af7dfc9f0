"""Configuration: `lkjcheck.toml`, or `[tool.lkjcheck]` in `pyproject.toml`.

The file travels with a data repository and is as untrusted as the data, so
its shape is validated by a schema (pydantic) and every complaint names the
file and the line of the offending key. Names that can only be judged against
the rule catalogue (selectors, rule ids, parameters) are checked by
`check_names` once the rules are loaded.
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Literal, Union

from lkjcheck.errors import InputError, suggest, unknown_name
from lkjcheck.i18n import Said

KNOWN = ("select", "ignore", "rules", "param", "severity", "tolerance", "waivers", "fail_on", "lang", "max_bytes")
SEVERITY_NAMES = ("error", "warning", "info")
LANGS = ("id", "en")


def _schema():
    # Built on first use: pydantic is not needed by `lkjcheck --version` or `rules`.
    from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

    class Config(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        select: list[StrictStr] | None = None
        ignore: list[StrictStr] | None = None
        rules: list[StrictStr] | None = None
        param: dict[str, Union[StrictBool, StrictInt, StrictFloat, StrictStr]] | None = None
        severity: dict[str, Literal["error", "warning", "info"]] | None = None
        tolerance: dict[str, Union[StrictInt, StrictFloat, Literal["auto", "exact"]]] | None = None
        waivers: StrictStr | None = None
        fail_on: Literal["error", "warning", "info"] | None = None
        lang: Literal["id", "en"] | None = None
        max_bytes: StrictInt | None = Field(default=None, gt=0)

    return Config


_EXPECT = {
    "select": "run.expect_select",
    "ignore": "run.expect_ignore",
    "rules": "run.expect_rules",
    "param": "run.expect_param",
    "severity": "run.expect_severity",
    "tolerance": "run.expect_tolerance",
    "waivers": "run.expect_waivers",
    "fail_on": "run.expect_fail_on",
    "lang": "run.expect_lang",
    "max_bytes": "run.expect_max_bytes",
}


class Loaded(dict):
    """The configuration as a dict, plus where it was read and on which line each key stands."""

    source: str | None = None

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.lines: dict = {}

    def line_of(self, *path: str) -> int | None:
        return self.lines.get(tuple(path)) or self.lines.get(path[:1])


def load_config(explicit: str | None = None, cwd: Path | None = None) -> dict:
    cwd = cwd or Path.cwd()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise InputError(explicit, None, "run.configuration_file_not_found")
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
    return Loaded()


_SECTION = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)\s*=")


def key_lines(text: str, prefix: tuple = ()) -> dict[tuple, int]:
    """Line of each key, as (section..., key) relative to `prefix`; tomllib keeps no positions."""
    out: dict[tuple, int] = {}
    section: tuple = ()
    for n, line in enumerate(text.splitlines(), 1):
        m = _SECTION.match(line)
        if m:
            section = tuple(p.strip().strip("\"'") for p in m.group(1).split("."))
            if section[: len(prefix)] == prefix and len(section) > len(prefix):
                out.setdefault(section[len(prefix):], n)
            continue
        m = _KEY.match(line)
        if m:
            key = tuple(p.strip("\"'") for p in m.group(1).split("."))
            full = section + key
            if full[: len(prefix)] == prefix and len(full) > len(prefix):
                out.setdefault(full[len(prefix):], n)
    return out


def _read(path: Path, pyproject: bool) -> dict:
    import tomllib      # only where a configuration file exists: a quarter of this module's import otherwise

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(str(path), getattr(e, "lineno", None), "run.invalid_toml", e=e)
    prefix = ("tool", "lkjcheck") if pyproject else ()
    if pyproject:
        data = data.get("tool", {}).get("lkjcheck", {})
        if not isinstance(data, dict):
            raise InputError(str(path), None, "run.tool_lkjcheck_must_table")
    lines = key_lines(text, prefix)
    out = Loaded(_validated(data, str(path), lines))
    out.source, out.lines = str(path), lines
    base = path.parent
    # The folders the file names must stay inside its repository. (--rules on
    # the command line is the user's own choice and may point anywhere.)
    if "rules" in out:
        out["rules"] = [str(_inside(path, base, p, lines.get(("rules",)))) for p in out["rules"]]
    if "waivers" in out:
        out["waivers"] = str(_inside(path, base, out["waivers"], lines.get(("waivers",))))
    return out


def _validated(data: dict, file: str, lines: dict) -> dict:
    if not data:
        # Every key is optional, so an empty file (or a pyproject.toml without
        # [tool.lkjcheck]) is valid: no need to import pydantic (~80 ms) to say so.
        return {}
    from pydantic import ValidationError

    try:
        cfg = _schema().model_validate(data)
    except ValidationError as e:
        err = sorted(e.errors(), key=lambda x: x["type"] != "extra_forbidden")[0]
        loc = tuple(str(p) for p in err["loc"])
        key = loc[0]
        line = lines.get(loc[:2]) or lines.get(loc[:1])
        if err["type"] == "extra_forbidden":
            raise unknown_name(file, line, "what.configuration_key", key, KNOWN)
        where = ".".join(loc[:2])
        got = _shown(data, loc)
        raise InputError(file, line, "run.must_not", where=where, expect=Said(_EXPECT[key]) if key in _EXPECT else "",
                         got=got, near=_near(data, loc))
    return {k: v for k, v in cfg.model_dump().items() if v is not None}


def _shown(data, loc) -> str:
    v = data
    for p in loc[:2]:
        if isinstance(v, dict) and p in v:
            v = v[p]
        else:
            break
    if isinstance(v, str):
        return f'"{v}"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "a table"
    return repr(v)


def _near(data, loc):
    """For a misspelt choice (fail_on = "eror"), the choice meant."""
    key = loc[0]
    v = data.get(key)
    if key == "severity" and len(loc) > 1 and isinstance(v, dict):
        v = v.get(loc[1])
    choices = {"fail_on": SEVERITY_NAMES, "severity": SEVERITY_NAMES, "lang": LANGS}.get(key)
    if choices and isinstance(v, str):
        return suggest(v, choices)
    if key in ("select", "ignore") and isinstance(v, str):
        return Said("run.write_list", key=key, value=v)
    return ""


def _inside(config: Path, base: Path, ref: str, line=None) -> Path:
    target = (base / ref).resolve()
    if not target.is_relative_to(base.resolve()):
        raise InputError(str(config), line, "run.lies_outside_configuration_s_folder", ref=ref)
    return base / ref


def check_limit(cfg: dict, default: int) -> int | None:
    """max_bytes from a configuration file may only lower the limit.

    The file is as untrusted as the data beside it: a repository must not be
    able to lift the size guard that protects the machine checking it. Only
    --max-bytes on the command line raises it.
    """
    value = cfg.get("max_bytes")
    if value is None:
        return None
    if value > default:
        line = cfg.line_of("max_bytes") if isinstance(cfg, Loaded) else None
        raise InputError(getattr(cfg, "source", None) or "lkjcheck.toml", line,
                         "run.max_bytes_exceeds_default_limit", value=value, default=default)
    return value


def _prefixes(ids) -> set[str]:
    out = {"ALL"}
    for rid in ids:
        for i in range(1, len(rid) + 1):
            out.add(rid[:i])
    return out


def check_names(opts, meta: dict, params: dict, cfg: dict | None = None) -> None:
    """Every rule selector, rule id and parameter must exist; a wrong one is exit 2 with the nearest name.

    A selector that selects nothing would otherwise give a green run that
    checked nothing ("tidak ada temuan").
    """
    cfg = cfg if cfg is not None else {}
    source = getattr(cfg, "source", None)
    ids = sorted(meta)
    valid = _prefixes(ids)
    # Families too: `select = ["ANG"]` names a prefix, suggest from families and ids.
    families = sorted({rid.rstrip("0123456789") for rid in ids})
    origin = getattr(opts, "origin", {}) or {}
    for key in ("select", "ignore"):
        for sel in getattr(opts, key) or ():
            if sel not in valid:
                if origin.get(key) == "config" and source:
                    raise unknown_name(source, cfg.line_of(key), "what.rule_selector", sel,
                                       families + ids)
                raise unknown_name(f"--{key}", None, "what.rule_selector", sel, families + ids)
    for section, names in (("severity", opts.severity), ("tolerance", opts.tolerance)):
        for name in names or {}:
            if name.upper() not in meta:
                raise unknown_name(source or "lkjcheck.toml", cfg.line_of(section, name) if source else None,
                                   "run.what_in_section", name, ids, section=section)
    for name in opts.params or {}:
        if name not in params:
            raise unknown_name(source or "lkjcheck.toml", cfg.line_of("param", name) if source else None,
                               "what.param_parameter", name, sorted(params))


# ------------------------------------------------------------------ per dataset

CONFIG_FILE = "lkjcheck.toml"
DEFAULTS = {"select": None, "ignore": None, "rules": [], "param": {}, "severity": {}, "tolerance": {},
            "waivers": None, "fail_on": "error", "lang": "id", "max_bytes": None}


def nearest_config(folder: Path, root: Path) -> Path | None:
    """The lkjcheck.toml in the dataset's folder or in a folder between it and the run's root."""
    return _nearest(folder.resolve(), root.resolve(), {})


def _nearest(here: Path, root: Path, known: dict) -> Path | None:
    """nearest_config of the resolved folder `here`; `known`: folder -> holds a config file, for one run.

    A thousand reports below one root share their parent folders: each is
    looked at once, not once per report.
    """
    # Every folder from `here` up to `root` lies below root when `here` does,
    # so that is asked once; and the parents are taken one by one, not all
    # made up to "/" for the two or three looked at (half of the lookup's cost).
    inside = here.is_relative_to(root)
    for d in itertools.chain((here,), here.parents):
        found = known.get(d)
        if found is None:
            found = known[d] = (d / CONFIG_FILE).is_file()
        if found:
            return d / CONFIG_FILE
        if not inside or d == root:
            break
    return None


def configs_for(paths: list[str], default: dict, explicit: bool = False) -> list[tuple[dict, list[str]]]:
    """The run's datasets grouped by the configuration that applies to each.

    Precedence, strongest first: the command line; `--config FILE` (then
    nothing else is looked for); the lkjcheck.toml nearest to the dataset, in
    its folder or between it and the path given on the command line; the
    configuration found from the working directory; the defaults. The nearest
    file replaces the working directory's, it is not merged with it. The
    message language comes from the command line or the working directory's
    file only, so that one report never mixes languages.
    """
    from lkjcheck.run.discover import _candidates

    if explicit:
        return [(default, list(paths))]
    default_src = Path(default.source).resolve() if getattr(default, "source", None) else None
    groups: dict = {}
    known: dict = {}
    try:
        for p in paths:
            path = Path(p)
            root = (path if path.is_dir() else path.parent).resolve()
            seen = set()
            # discover([p], ignore_outside=True), keeping the resolved folders it finds
            for folder, real, is_dir in _candidates(p, []):
                if real in seen:
                    continue
                seen.add(real)
                here = real if is_dir else (folder if folder.is_dir() else folder.parent).resolve()
                near = _nearest(here, root, known)
                key = near.resolve() if near is not None and near.resolve() != default_src else None
                groups.setdefault(key, []).append(str(folder))
    except InputError:
        return [(default, list(paths))]       # the run itself reports what is wrong with the paths
    if set(groups) <= {None}:
        return [(default, list(paths))]       # the usual case: the paths exactly as given
    out = []
    for key, folders in groups.items():
        cfg = default if key is None else _read(key, False)
        if key is not None and "lang" in cfg:
            cfg = Loaded({k: v for k, v in cfg.items() if k != "lang"})
            cfg.source, cfg.lines = str(key), key_lines(key.read_text(encoding="utf-8"))
        out.append((cfg, folders))
    return out


def explain_config(cfg: dict, datasets: list[str], lang: str = "id", given: dict | None = None) -> str:
    """`--show-config`: the effective value of every key and where it comes from (`given`: the command line)."""
    given = given or {}
    en = lang == "en"
    source = getattr(cfg, "source", None)
    head = ("# datasets: " if en else "# dataset: ") + ", ".join(datasets)
    lines = [head, ("# configuration file: " if en else "# berkas konfigurasi: ") + (source or ("none" if en else "tidak ada"))]
    for key in KNOWN:
        if key in given:
            lines.append(f"{key} = {_toml(given[key])}    # --{key.replace('_', '-')}")
            continue
        if key in cfg:
            where = f"{source}:{cfg.line_of(key)}" if getattr(cfg, "lines", None) and cfg.line_of(key) else source
        else:
            where = "default" if en else "bawaan"
        value = cfg.get(key, DEFAULTS[key])
        lines.append(f"{key} = {_toml(value)}    # {where}")
    return "\n".join(lines) + "\n"


def _toml(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    return str(value)
