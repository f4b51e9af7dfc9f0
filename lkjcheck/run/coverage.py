"""What a run actually checked, and what a report must contain but does not.

A reviewer signs on the strength of a green result, so the result states its
own coverage: the tables and rows read, the rules run and the rules skipped
(and why), the lines of report text read, and the mandatory parts of the LKj
that are missing (rule LKP001, whose parts are listed in
rules/sakip/kelengkapan.yaml). Everything here is plain data that every
renderer can show.
"""
from __future__ import annotations

import re

from lkjcheck.findings import Finding, Location, make
from lkjcheck import i18n
from lkjcheck.i18n import Both, Said
from lkjcheck.errors import InputError

MANDATORY = "LKP001"


def mandatory_parts(meta: dict) -> list[dict]:
    m = meta.get(MANDATORY)
    return list(m.spec.get("parts") or ()) if m is not None else []


def require_content(ds, main_file: str) -> None:
    """A dataset in which no table has a single row is not an LKj dataset: exit 2, not a green pass.

    When the loader already found errors in it ('laporan' is a list), those
    are the better message, and they already fail the run.
    """
    if any(len(t) for t in ds.tables.values()):
        return
    if any(f.severity == "error" and f.rule != "DAT003" for f in ds.findings):
        return
    unknown = [f.field for f in ds.findings if f.rule == "DAT006" and f.field]
    extra = Said("run.unknown_sections", names=", ".join(unknown[:5])) if unknown else ""
    raise InputError(main_file, None,
                     "run.no_table_filled", extra=extra)


def missing_part_findings(ds, meta: dict, lang: str) -> list[Finding]:
    """LKP001 for every mandatory table the dataset does not fill."""
    m = meta.get(MANDATORY)
    if m is None:
        return []
    main = ds.files[0] if ds.files else ds.path
    out = []
    for part in mandatory_parts(meta):
        table = part.get("table")
        if table not in ds.tables:
            continue
        # A part may be held by another table of the pack (a budget by programme
        # instead of by source, a quarterly measurement): any of them filled will do.
        if any(t in ds.tables and len(ds.tables[t]) for t in [table, *(part.get("alternatives") or ())]):
            continue
        name = {lg: (part.get("name") or {}).get(lg) or (part.get("name") or {}).get("id") or table
                for lg in ("id", "en")}
        # A section written under a near name (pengukuran_kinerj) is where the reader should look.
        loc, hint = Location(main, 1), ""
        for f in ds.findings:
            if f.rule == "DAT006" and f.field and _nearest(f.field, ds.tables) == table:
                loc = f.location
                hint = Said("coverage.written_here", field=f.field, table=table)
                break
        msg = Said("coverage.part_missing", name=Both(name["id"], name["en"]), table=table, hint=hint)
        out.append(make(MANDATORY, msg, catalogue=meta, lang=lang, reference=m.reference, dataset=ds.name,
                        location=loc, table=table, field=table, expected=table))
    return out


def missing_text_parts(doc, meta: dict, dataset: str, lang: str) -> list[Finding]:
    """For a bare report document: LKP001 for every mandatory part its text never names."""
    m = meta.get(MANDATORY)
    if m is None:
        return []
    text = "\n".join(doc.lines)
    out = []
    for part in mandatory_parts(meta):
        pattern = part.get("heading")
        if not pattern or re.search(pattern, text):
            continue
        name = {lg: (part.get("name") or {}).get(lg) or (part.get("name") or {}).get("id") or part.get("table")
                for lg in ("id", "en")}
        msg = Said("coverage.part_not_in_text", name=Both(name["id"], name["en"]))
        out.append(make(MANDATORY, msg, catalogue=meta, lang=lang, reference=m.reference, dataset=dataset,
                        location=Location(doc.path, 1), field=part.get("table")))
    return out


def _nearest(name: str, names) -> str | None:
    import difflib

    near = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return near[0] if near else None


def dataset_coverage(ds, table_rules, text_rules, text_lines: int | None, missing: list[str]) -> dict:
    """Coverage of one dataset: rows per table, rules run or skipped for want of data."""
    rows = {name: len(t) for name, t in ds.tables.items() if len(t)}
    run, no_data = [], []
    for r in table_rules:
        (run if rows.get(r.table) else no_data).append(r.meta.id)
    for r in text_rules:
        (run if text_lines else no_data).append(r.meta.id)
    return {
        "tables": rows,
        "rows": sum(rows.values()),
        "text": None if text_lines is None else {"file": ds.text_path, "lines": text_lines},
        "rules_run": sorted(run),
        "rules_no_data": sorted(no_data),
        "rules_waived": [],
        "missing": missing,
    }


def summarise(infos, findings, meta: dict, deselected: list[str]) -> dict:
    """The run's coverage: per dataset (with the rules whose every finding was waived), and the rule totals."""
    waived: dict[str, set] = {}
    live: dict[str, set] = {}
    for f in findings:
        (waived if f.waived else live).setdefault(f.dataset, set()).add(f.rule)
    datasets = []
    for d in infos:
        c = dict(d.coverage or {})
        c["name"] = d.name
        if d.error:
            c["error"] = d.error
        if c.get("rules_run") is not None:
            c["rules_waived"] = sorted(waived.get(d.name, set()) - live.get(d.name, set()))
        datasets.append(c)
    return {"rules_total": len(meta), "rules_deselected": sorted(deselected), "datasets": datasets}


def lines(coverage: dict | None, lang: str) -> list[str]:
    """The coverage statement as plain sentences, for the text-like formats."""
    if not coverage:
        return []
    def say(key, **args):
        return i18n.say(key, lang, args.items())

    out = []
    for d in coverage.get("datasets", ()):
        if not d.get("name"):
            continue
        if d.get("error"):
            out.append(say("coverage.not_checked", name=d["name"], error=d["error"]))
            continue
        tables = ", ".join(f"{t} {n}" for t, n in sorted(d.get("tables", {}).items()))
        head = say("coverage.rows_read", name=d["name"], rows=d.get("rows", 0), tables=tables)
        if d.get("text"):
            t = d["text"]
            text = say("coverage.text_read", file=t["file"], lines=t["lines"])
            head = f"{head}; {text}" if d.get("tables") else f"{d['name']}: {text}"
        out.append(head)
        run, nod, wv = len(d.get("rules_run", ())), d.get("rules_no_data", []), d.get("rules_waived", [])
        sent = say("coverage.rules_run", run=run, skipped=len(nod))
        if nod:
            sent += f" ({_short(nod)})"
        if wv:
            sent += say("coverage.all_waived", rules=", ".join(wv))
        out.append(sent)
        if d.get("missing"):
            out.append(say("coverage.missing", parts=", ".join(d["missing"])))
    des = coverage.get("rules_deselected") or []
    if des:
        out.append(say("coverage.deselected", n=len(des), total=coverage.get("rules_total"), rules=_short(des)))
    return out


def _short(ids, limit: int = 12) -> str:
    ids = list(ids)
    return ", ".join(ids[:limit]) + (f", +{len(ids) - limit}" if len(ids) > limit else "")


def for_dataset(coverage: dict | None, name: str) -> dict:
    for d in (coverage or {}).get("datasets", ()):
        if d.get("name") == name:
            return d
    return {}


def skip_reason(coverage: dict | None, dataset: str, rule_id: str, lang: str) -> str | None:
    """Why a rule did not judge a dataset (not selected, no data), or None when it ran."""
    if rule_id in set((coverage or {}).get("rules_deselected") or ()):
        return i18n.t("coverage.skip.not_selected", lang)
    d = for_dataset(coverage, dataset)
    if rule_id in set(d.get("rules_no_data") or ()):
        return i18n.t("coverage.skip.no_data", lang)
    return None


def text_coverage(name: str, file: str, doc, rules, findings, meta: dict, select, ignore) -> dict:
    """Coverage of `lkjcheck text`: a bare report document, judged from its text alone."""
    from lkjcheck.checks.rules import selected

    return {
        "rules_total": len(meta),
        "rules_deselected": sorted(r for r in meta if not selected(r, select, ignore)),
        "datasets": [{
            "name": name, "tables": {}, "rows": 0, "text": {"file": file, "lines": len(doc.lines)},
            "rules_run": sorted(r.meta.id for r in rules), "rules_no_data": [], "rules_waived": [],
            "missing": [f.field for f in findings if f.rule == MANDATORY and f.field],
        }],
    }
