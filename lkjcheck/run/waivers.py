"""Waivers: findings a team has looked at and accepted, with a reason and an end date.

A waived finding stays in every report (marked waived, with who and why) but no
longer fails the run. A waiver that has expired is not applied and is itself
reported (LKJ001), and so is one that matches nothing (LKJ002): a waiver file
must not quietly outlive the findings it was written for.

File format (YAML), a list, or a mapping with the list under `waivers:`:

    - rule: KIN004                 # rule id, or a prefix (KIN)
      dataset: kpu-muaro-jambi-2024   # optional
      row: IKU-6                   # optional: the finding's row key, or part of it
      justification: Target 35% adalah target Renstra lama; sudah dikonfirmasi.
      by: Inspektorat Wilayah II
      until: 2025-12-31            # optional; after this day the waiver is void
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from lkjcheck.findings import Finding, Location, make
from lkjcheck.errors import InputError, suggest
from lkjcheck.i18n import Figure, Said, t
from lkjcheck.read.yamlsafe import Mapping, Sequence, load_yaml, plain

KEYS = {"rule", "dataset", "row", "justification", "by", "until"}


# A waiver file lists the few findings a team has decided to accept; a
# longer one is not that, and each waiver with a `row` is a substring test.
MAX_WAIVERS = 2000


def _err(file, line, key, **args):
    return InputError(file, line, "run.waiver_file", problem=Said(key, **args))


def _schema():
    # Built on first use, like the configuration's: pydantic stays out of start-up.
    from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, field_validator

    class Waiver(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        rule: StrictStr
        justification: StrictStr
        dataset: StrictStr | StrictInt | None = None
        row: StrictStr | StrictInt | None = None
        by: StrictStr | StrictInt | None = None
        until: object = None

        @field_validator("rule", "justification")
        @classmethod
        def _filled(cls, v: str) -> str:
            if not v.strip():
                raise ValueError("empty")
            return v

    return Waiver


_EXPECT = {
    "rule": "run.expect_rule",
    "justification": "run.expect_justification",
}


def load_waivers(path) -> list[dict]:
    from pydantic import ValidationError

    display = str(path)
    data = load_yaml(str(path), display=display)
    if isinstance(data, Mapping) and set(data) == {"waivers"}:
        data = data["waivers"]
    if data is None:
        return []
    if not isinstance(data, Sequence):
        raise _err(display, getattr(data, "line", None), "run.must_list_waivers")
    if len(data) > MAX_WAIVERS:
        raise _err(display, data.line, "run.more_than_waivers", max_waivers=Figure(MAX_WAIVERS))
    schema = _schema()
    out = []
    for raw in data:
        line = getattr(raw, "line", None)
        if not isinstance(raw, Mapping):
            raise _err(display, line, "run.every_waiver_must_mapping_rule")
        w = {k: plain(v) for k, v in raw.items()}
        try:
            schema.model_validate(w)
        except ValidationError as e:
            # A misspelt key also leaves its right name missing: name the misspelling.
            err = sorted(e.errors(), key=lambda x: x["type"] != "extra_forbidden")[0]
            k = str(err["loc"][0])
            at = raw.key_lines.get(k, line)
            if err["type"] == "extra_forbidden":
                raise _err(display, at, "run.unknown_key", k=k, join=', '.join(sorted(KEYS)), 
                           suggest=suggest(k, KEYS))
            if k in _EXPECT:
                raise _err(display, at, _EXPECT[k])
            raise _err(display, at, "run.must_text", k=k)
        for k in ("dataset", "row", "by"):
            if w.get(k) is not None:
                w[k] = str(w[k])
        w["rule"] = w["rule"].strip().upper()
        until = w.get("until")
        if until is not None:
            w["until"] = _date(until, display, raw.key_lines.get("until", line))
        w["_line"] = line
        out.append(w)
    return out


def _date(value, file, line) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        pass
    from lkjcheck.read.dates import parse_date
    try:
        # A partial date ("Desember 2025") runs to its last day.
        return parse_date(str(value)).last
    except Exception:
        raise _err(file, line, "run.until_not_date", value=repr(value))


def _matches(w: dict, f: Finding) -> bool:
    if f.rule.startswith("LKJ"):
        return False            # the waiver file's own findings cannot be waived by it
    if not f.rule.startswith(w["rule"]):
        return False
    if w.get("dataset") and w["dataset"] not in (f.dataset, Path(f.dataset).name):
        return False
    if w.get("row"):
        if not f.row or w["row"].casefold() not in f.row.casefold():
            return False
    return True


def _index(waivers: list[dict], active: list[bool]) -> dict:
    """Active waivers by (rule prefix, dataset or None), each list in file order."""
    index: dict[tuple, list[int]] = {}
    for i, w in enumerate(waivers):
        if active[i]:
            index.setdefault((w["rule"], w.get("dataset") or None), []).append(i)
    return index


def _candidates(index: dict, f: Finding) -> list[int]:
    """The waivers that could match `f`, in file order (the first match wins): a few look-ups, not a scan."""
    if not index:
        return []
    names = {None, f.dataset, Path(f.dataset).name}
    out: list[int] = []
    for k in range(len(f.rule) + 1):
        prefix = f.rule[:k]
        for ds in names:
            out += index.get((prefix, ds), ())
    out.sort()
    return out


def apply_waivers(findings: list[Finding], path, today: _dt.date, lang: str = "id",
                  catalogue: dict | None = None) -> list[Finding]:
    """`catalogue`: the rule pack's metadata; LKJ001 and LKJ002 take their severity and title from it."""
    waivers = load_waivers(path)
    display = str(path)
    out: list[Finding] = []
    used = [0] * len(waivers)
    active = [w.get("until") is None or w["until"] >= today for w in waivers]
    index = _index(waivers, active)
    for f in findings:
        hit = None
        for i in _candidates(index, f):
            if _matches(waivers[i], f):
                hit = i
                break
        if hit is None:
            out.append(f)
            continue
        used[hit] += 1
        w = waivers[hit]
        public = {k: (v.isoformat() if isinstance(v, _dt.date) else v) for k, v in w.items()
                  if not k.startswith("_") and v is not None}
        public["file"] = display
        public["line"] = w["_line"]
        out.append(f.with_waiver(public))
    datasets = sorted({f.dataset for f in findings})
    for i, w in enumerate(waivers):
        ds = w.get("dataset") or (datasets[0] if len(datasets) == 1 else display)
        what = w["rule"] + (f" [{w['row']}]" if w.get("row") else "")
        loc = Location(display, w["_line"])
        if not active[i]:
            until = w["until"].isoformat()
            out.append(make("LKJ001", "waiver.expired", args={"what": what, "until": until}, catalogue=catalogue,
                            lang=lang, severity="warning", dataset=ds, location=loc, row=what, actual=until,
                            title=t(_TITLES["LKJ001"], lang), family="pengecualian",
                            reference="lkjcheck: berkas pengecualian"))
        elif not used[i]:
            out.append(make("LKJ002", "waiver.unused", args={"what": what}, catalogue=catalogue, lang=lang,
                            severity="info", dataset=ds, location=loc, row=what,
                            title=t(_TITLES["LKJ002"], lang), family="pengecualian",
                            reference="lkjcheck: berkas pengecualian"))
    return out


_TITLES = {
    "LKJ001": "waiver.title_expired",
    "LKJ002": "waiver.title_unused",
}


