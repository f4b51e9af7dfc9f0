"""The reviewer's working paper (Kertas Kerja Reviu), built once for every format.

The DOCX, XLSX, HTML and Markdown renderers all lay out the same content: this
module decides it (temuan, per-criterion status, drafted conclusion, coverage,
locations in the reviewer's terms) and the renderers only arrange it. That keeps
the four formats saying the same thing, and keeps the judgement out of templates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import PurePath

from lkjcheck.findings import SEVERITY_RANK, DatasetInfo, Finding, RunResult
from lkjcheck.i18n import month_name, t
from lkjcheck.report.common import clean, datasets_of, lang_of, severity_label, waiver_fields
from lkjcheck.report.reviu import Temuan, group_findings, review_of, temuan_counts
from lkjcheck.report.guide import ReviewGuide

STATUS_OK, STATUS_NOT_OK, STATUS_MANUAL = "memadai", "tidak_memadai", "manual"
TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".docx", ".pdf")


# Indonesia's zones by their offset; elsewhere the offset itself is the name.
_ZONES = {timedelta(hours=7): "WIB", timedelta(hours=8): "WITA", timedelta(hours=9): "WIT"}


def L(key: str, lang: str, **values) -> str:
    return t(f"kkr.{key}", lang, **values)


def indonesian_date(dt, lang: str) -> str:
    return f"{dt.day} {month_name(dt.month, lang)} {dt.year}"


def local_time(iso: str, lang: str) -> str:
    """``2025-03-05T14:30:00+07:00`` -> ``5 Maret 2025 pukul 14.30 WIB``: the zone by its name."""
    if not iso:
        return "-"
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return clean(iso)
    off = dt.utcoffset()
    zone = ""
    if off is not None:
        zone = _ZONES.get(off) or ("UTC" if not off else None)
        if zone is None:
            sign = "+" if off >= timedelta(0) else "-"
            minutes = abs(int(off.total_seconds())) // 60
            zone = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    if lang == "id":
        return f"{indonesian_date(dt, lang)} pukul {dt.hour:02d}.{dt.minute:02d} {zone}".rstrip()
    return f"{indonesian_date(dt, lang)}, {dt.hour:02d}:{dt.minute:02d} {zone}".rstrip()


def _is_text_file(name: str) -> bool:
    return PurePath(name).suffix.lower() in TEXT_SUFFIXES


def reviewer_place(f: Finding, lang: str) -> str:
    """Where the reviewer finds it in what they hold: page or text line, else table, row and column."""
    loc = f.location
    parts = []
    if loc.page:
        parts.append(L("page", lang, n=loc.page))
        if loc.line:
            parts.append(L("line", lang, n=loc.line))
    elif loc.cell:
        sheet, _, cell = loc.cell.partition("!")
        parts.append(L("sheet_cell", lang, sheet=sheet, cell=cell) if cell else clean(loc.cell))
    elif _is_text_file(loc.file):
        parts.append(f"{L('text_file', lang)} ({PurePath(loc.file).name}), {L('line', lang, n=loc.line or 1)}")
    if f.table:
        parts.append(L("table", lang, name=clean(f.table)))
    if f.row:
        parts.append(L("row", lang, name=clean(f.row)))
    if f.field:
        parts.append(L("column", lang, name=clean(f.field)))
    if not parts:
        parts.append(PurePath(loc.file).name + (f", {L('line', lang, n=loc.line)}" if loc.line else ""))
    return ", ".join(parts)


# ------------------------------------------------------------------ the model


@dataclass
class Place:
    reviewer: str
    machine: str
    rule: str
    message: str
    expected: str
    found: str
    quote: str


@dataclass
class TemuanView:
    id: str
    severity: str
    severity_label: str
    title: str
    rules: list[str]
    criteria: list[str]
    places: list[Place]
    recommendations: list[str]
    reference: str
    waived: bool
    justification: str = ""


@dataclass
class CriterionView:
    id: str
    title: str
    auto: str
    auto_label: str
    checked: str
    not_checked: str
    status: str
    status_label: str
    temuan: list[str]               # ids of unwaived error temuan that make it "tidak memadai"
    notes: list[str]                # ids of warning/info temuan to confirm


@dataclass
class AspectView:
    id: str
    title: str
    criteria: list[CriterionView]


@dataclass
class DatasetPaper:
    info: DatasetInfo
    temuan: list[TemuanView]
    waived: list[TemuanView]
    aspects: list[AspectView]
    outside: list[str]              # temuan ids mapped to no criterion
    counts: dict
    findings_total: int
    summary: list[str]
    conclusion: str
    statement: str                  # drafted only while no error stands; else empty
    recommendations: list[tuple[str, list[str]]]
    coverage: list[tuple[str, str]]


@dataclass
class WorkingPaper:
    lang: str
    title: str
    subtitle: str
    agency: str
    year: str
    version: str
    generated: str
    generated_date: str
    legal_basis: list[str]
    purpose: list[str]
    sections: list[tuple[str, str]]
    datasets: list[DatasetPaper]
    labels: dict = field(default_factory=dict)


SECTIONS = ("ringkasan", "dasar", "tujuan", "data_umum", "hasil", "perhatian", "simpulan", "rekomendasi",
            "temuan", "cakupan", "pengesahan")


def _text_in(d: dict, lang: str) -> str:
    # Guide texts come from a rule pack, which may be someone else's: cleaned like data.
    return clean((d or {}).get(lang) or (d or {}).get("id") or "")


def _temuan_view(result: RunResult, tm: Temuan, lang: str) -> TemuanView:
    places = [
        Place(reviewer_place(f, lang), clean(str(f.location)), f.rule, clean(f.message), clean(f.expected),
              clean(f.actual), clean(f.quote))
        for f in tm.findings
    ]
    refs = []
    for f in tm.findings:
        m = result.rules.get(f.rule)
        ref = f.reference or (m.reference if m else "")
        if ref and ref not in refs:
            refs.append(ref)
    just = ""
    if tm.waived:
        w = waiver_fields(tm.findings[0])
        just = " \u2014 ".join(x for x in (w["justification"], w["by"], w["until"]) if x)
    return TemuanView(tm.id, tm.severity, severity_label(tm.severity, lang), clean(tm.title_in(lang)), tm.rules,
                      tm.criteria, places, [_text_in(r, lang) for r in tm.recommendations], "; ".join(refs),
                      tm.waived, just)


def coverage_of(result: RunResult, ds: DatasetInfo) -> dict:
    """This dataset's coverage: ``result.coverage`` when the runner states it, else what the result shows."""
    cov = getattr(result, "coverage", None)
    if isinstance(cov, dict):
        for d in cov.get("datasets") or ():
            if d.get("name") == ds.name:
                return {**d, "rules_deselected": cov.get("rules_deselected") or [], "source": "runner"}
    files = list(ds.files) or [ds.path]
    has_text = any(_is_text_file(f) for f in files)
    # A bare report (`lkjcheck text`) has only text files: only the text rules looked at it.
    has_data = any(not _is_text_file(f) for f in files)
    run = sorted(rid for rid, m in result.rules.items()
                 if m.enabled and (has_text if m.kind == "text" else has_data))
    return {"name": ds.name, "rules_run": run, "rules_no_data": [], "rules_deselected": [],
            "files": list(ds.files), "source": "result"}


def _criterion_status(crit, rules_of_crit: set, run: set, bad: list, notes: list) -> str:
    if bad:
        return STATUS_NOT_OK
    if crit.auto == "tidak" or not (rules_of_crit & run):
        return STATUS_MANUAL
    return STATUS_OK


def _dataset_paper(result: RunResult, guide: ReviewGuide | None, ds: DatasetInfo, lang: str) -> DatasetPaper:
    mine = [f for f in result.findings if f.dataset == ds.name]
    groups = group_findings(mine, result.rules, guide)
    views = {g.id: _temuan_view(result, g, lang) for g in groups}
    active = [g for g in groups if not g.waived]
    cov = coverage_of(result, ds)
    run = set(cov.get("rules_run") or ())
    aspects = []
    crit_of_rules: dict[str, set] = {}
    if guide is not None:
        for rid, m in result.rules.items():
            for c in guide.for_rule(rid, m.family).criteria:
                crit_of_rules.setdefault(c, set()).add(rid)
        for a in guide.aspects:
            cviews = []
            for c in a.criteria:
                bad = [g.id for g in active if c.id in g.criteria and g.severity == "error"]
                notes = [g.id for g in active if c.id in g.criteria and g.severity != "error"]
                status = _criterion_status(c, crit_of_rules.get(c.id, set()), run, bad, notes)
                cviews.append(CriterionView(
                    c.id, _text_in(c.title, lang), c.auto, L(f"auto.{c.auto}", lang), _text_in(c.checked, lang),
                    _text_in(c.not_checked, lang), status, L(f"status.{status}", lang), bad, notes))
            aspects.append(AspectView(a.id, _text_in(a.title, lang), cviews))
    known = set(guide.criteria) if guide is not None else set()
    outside = [g.id for g in active if not (set(g.criteria) & known)]
    c = temuan_counts(groups)
    all_crit = [cv for a in aspects for cv in a.criteria]
    n_ok = sum(cv.status == STATUS_OK for cv in all_crit)
    n_bad = sum(cv.status == STATUS_NOT_OK for cv in all_crit)
    manual = [cv.id for cv in all_crit if cv.status == STATUS_MANUAL]
    summary = [L("summary_line", lang, n=len(active), e=c["error"], w=c["warning"], i=c["info"],
                 f=sum(1 for f in mine if not f.waived), x=c["waived"])]
    if all_crit:
        summary.append(L("criteria_line", lang, n=len(all_crit), ok=n_ok, bad=n_bad, man=len(manual)))
    agency = clean(ds.agency) or ds.name
    year = str(ds.year or "-")
    errors = [g for g in active if g.severity == "error"]
    if errors:
        crit = ", ".join(cv.id for cv in all_crit if cv.status == STATUS_NOT_OK) or "-"
        conclusion = L("concl.bad", lang, agency=agency, year=year, n=len(errors), crit=crit)
    elif active:
        conclusion = L("concl.warn", lang, agency=agency, year=year, w=len(active), man=", ".join(manual) or "-")
    else:
        conclusion = L("concl.ok", lang, agency=agency, year=year, man=", ".join(manual) or "-")
    recs: dict[str, list[str]] = {}
    for g in active:
        for r in views[g.id].recommendations:
            recs.setdefault(r, []).append(g.id)
    # A bare report is both the dataset's file and its text: named once.
    coverage = [(L("files", lang), ", ".join(dict.fromkeys(clean(f) for f in ds.files)) or clean(ds.path) or "-")]
    if cov.get("rows") is not None:
        tables = ", ".join(f"{clean(k)} {v}" for k, v in sorted((cov.get("tables") or {}).items()))
        coverage.append((L("rows_read", lang), f"{cov['rows']}" + (f" ({tables})" if tables else "")))
    if cov.get("text"):
        tx = cov["text"]
        coverage.append((L("text_read", lang), f"{clean(tx.get('file'))}, {L('line', lang, n=tx.get('lines'))}"))
    coverage.append((L("rules_run", lang), f"{len(run)} / {len(result.rules)}"))
    nodata = cov.get("rules_no_data") or []
    coverage.append((L("rules_no_data", lang), ", ".join(nodata) if nodata else "-"))
    des = cov.get("rules_deselected") or []
    coverage.append((L("rules_deselected", lang), ", ".join(des) if des else "-"))
    if cov.get("missing"):
        coverage.append((L("missing", lang), ", ".join(clean(x) for x in cov["missing"])))
    info = DatasetInfo(clean(ds.name), clean(ds.path), clean(ds.agency) or None, ds.year,
                       tuple(clean(f) for f in ds.files))
    return DatasetPaper(
        info=info, temuan=[views[g.id] for g in active], waived=[views[g.id] for g in groups if g.waived],
        aspects=aspects, outside=outside, counts=c, findings_total=len(mine), summary=summary,
        conclusion=conclusion,
        # The drafted statement is the LKj reviu's; a pack without a guide states no reviu to sign for.
        statement="" if errors or getattr(guide, "without_guide", False) else L("statement", lang, agency=agency,
                                                                                  year=year),
        recommendations=list(recs.items()), coverage=coverage)


def build(result: RunResult) -> WorkingPaper:
    lang = lang_of(result)
    guide = review_of(result)
    datasets = datasets_of(result)
    papers = [_dataset_paper(result, guide, ds, lang) for ds in datasets]
    agencies = sorted({clean(d.agency) for d in datasets if d.agency})
    years = sorted({str(d.year) for d in datasets if d.year})
    try:
        gen_date = indonesian_date(datetime.fromisoformat(result.generated_at.replace("Z", "+00:00")), lang)
    except (ValueError, AttributeError):
        gen_date = ""
    texts = guide.texts if guide is not None else {}
    return WorkingPaper(
        lang=lang, title=L("title", lang), subtitle=L("subtitle", lang),
        agency="; ".join(agencies) or "-", year=", ".join(years) or "-", version=result.version or "-",
        generated=local_time(result.generated_at, lang), generated_date=gen_date,
        legal_basis=[_text_in(x, lang) for x in texts.get("legal_basis", [])],
        purpose=[_text_in(x, lang) for x in texts.get("purpose", [])],
        sections=[(f"{i}", L(f"s.{key}", lang)) for i, key in enumerate(SECTIONS, 1)],
        datasets=papers,
        labels=_labels(lang),
    )


def _labels(lang: str) -> dict:
    from lkjcheck.i18n import MESSAGES

    out = {k[4:].replace(".", "_"): t(k, lang) for k in MESSAGES if k.startswith("kkr.")}
    for s in SEVERITY_RANK:
        out[f"sev_{s}"] = severity_label(s, lang)
    return out
