"""What the page shows of a finished check: findings grouped for the reviewer, as plain values for the templates."""
from __future__ import annotations

from dataclasses import dataclass, field

from lkjcheck.findings import SEVERITIES, SEVERITY_RANK
from lkjcheck.i18n import MESSAGES, t
from lkjcheck.report.common import clean, context_text, finding_reference, finding_title, format_timestamp, waiver_fields


def labels(lang: str) -> dict[str, str]:
    """The page's words (lkjcheck/messages/serve.yaml) by their names without ``serve.``."""
    return {k[6:]: t(k, lang) for k in MESSAGES if k.startswith("serve.")}


@dataclass
class Group:
    key: str
    title: str
    criteria: list["Criterion"] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(c.items) for c in self.criteria)


@dataclass
class Criterion:
    key: str
    title: str
    items: list[dict] = field(default_factory=list)


def _bilingual(d: dict | None, lang: str) -> str:
    d = d or {}
    return d.get(lang) or d.get("id") or ""


class _Reviu:
    """Where each finding sits in the reviu: aspect and criterion from the pack's reviu.yaml, its temuan and the
    recommendation; a rule the guide does not map falls under its rule family."""

    def __init__(self, result, families: dict):
        from lkjcheck.report.reviu import group_run, review_of

        self.result, self.lang, self.families = result, result.lang, families
        self.guide = review_of(result)
        self.criteria = {}
        if self.guide is not None:
            for a in self.guide.aspects:
                for c in a.criteria:
                    self.criteria[c.id] = (a, c)
        self.temuan, self.temuan_rank = {}, {}
        for k, tm in enumerate(group_run(result.findings, result.rules, self.guide)):
            for i in tm.indices:
                self.temuan[i], self.temuan_rank[i] = tm, k
        self._reviews = {}

    def review(self, f):
        if f.rule not in self._reviews:
            meta = self.result.rules.get(f.rule)
            fam = f.family or (meta.family if meta else None)
            self._reviews[f.rule] = self.guide.for_rule(f.rule, fam) if self.guide is not None else None
        return self._reviews[f.rule]

    def place(self, f) -> tuple[tuple[str, str], list[tuple[str, str]]]:
        """(aspect key, title) and the criteria (key, title) a finding serves, the first being where it is listed."""
        r = self.review(f)
        mine = (*r.criteria, *r.by_table.get(f.table or "", ())) if r else ()
        crits = [self.criteria[c] for c in dict.fromkeys(mine) if c in self.criteria]
        if crits:
            a = crits[0][0]
            return (a.id, _bilingual(a.title, self.lang)), [
                (f"{c.id}", f"{c.id} — {_bilingual(c.title, self.lang)}") for _, c in crits]
        fam = f.family or "lainnya"
        t = (self.families.get(fam) or {}).get("title")
        title = _bilingual(t, self.lang) if isinstance(t, dict) else (str(t) if t else fam)
        return (f"kelompok-{fam}", title), [(f"kelompok-{fam}", title)]

    def recommendation(self, f) -> str:
        r = self.review(f)
        return _bilingual(r.recommendation, self.lang) if r else ""


def page_groups(job, families: dict, only: set[int] | None = None,
                reviu: _Reviu | None = None) -> tuple[list[Group], list[tuple[str, str, str, int]]]:
    """The findings (those at the positions in ``only``, else all) by aspect and criterion, and the criterion
    filter's choices (key, title, aspect, count)."""
    result = job.result
    L = labels(result.lang)
    reviu = reviu or _Reviu(result, families)
    groups: dict[str, Group] = {}
    criteria: dict[tuple[str, str], Criterion] = {}
    options: dict[str, list] = {}
    order = sorted((i for i in range(len(result.findings)) if only is None or i in only),
                   key=lambda i: (-SEVERITY_RANK.get(result.findings[i].severity, 0), i))
    for i in order:
        f = result.findings[i]
        (gkey, gtitle), crits = reviu.place(f)
        ckey, ctitle = crits[0]
        g = groups.setdefault(gkey, Group(gkey, gtitle))
        c = criteria.get((gkey, ckey))
        if c is None:
            c = criteria[(gkey, ckey)] = Criterion(ckey, ctitle)
            g.criteria.append(c)
        item = _item(job, i, f, L, result)
        item["criteria"] = " ".join(k for k, _ in crits)
        for k, label in crits:
            options.setdefault(k, [0, label, gtitle])[0] += 1
        tm = reviu.temuan.get(i)
        item["temuan"] = tm.id if tm is not None else ""
        item["temuan_size"] = len(tm.findings) if tm is not None else 1
        item["recommendation"] = reviu.recommendation(f)
        # The places of one temuan stand together, the worst temuan first.
        item["_order"] = (-SEVERITY_RANK.get(tm.severity if tm else f.severity, 0), reviu.temuan_rank.get(i, i), i)
        c.items.append(item)
    # The reviu's own order of aspects and criteria; family groups after them.
    rank = {a.id: n for n, a in enumerate(reviu.guide.aspects)} if reviu.guide is not None else {}
    crank = {cid: n for n, cid in enumerate(reviu.criteria)}
    for g in groups.values():
        g.criteria.sort(key=lambda c: (crank.get(c.key, len(crank)), c.title))
        for c in g.criteria:
            c.items.sort(key=lambda it: it["_order"])
    ordered = sorted(groups.values(), key=lambda g: (rank.get(g.key, len(rank)), g.title))
    choices = sorted(((k, t, a, n) for k, (n, t, a) in options.items()),
                     key=lambda o: (crank.get(o[0], len(crank)), o[1]))
    return ordered, choices


def page_datasets(job, families: dict) -> tuple[list[dict], list[tuple[str, str, str, int]]]:
    """Each dataset of the check with its own identity, counts and findings (a zip may hold several agencies
    or years), and the criterion filter's choices over all of them."""
    result = job.result
    L = labels(result.lang)
    reviu = _Reviu(result, families)
    groups, choices = page_groups(job, families, reviu=reviu)
    if len(result.datasets) <= 1:
        # One report: the page's own summary is its header; a waiver file's findings stay beside it.
        return [{"groups": groups}], choices
    positions: dict[str, set[int]] = {}
    for i, f in enumerate(result.findings):
        positions.setdefault(f.dataset, set()).add(i)
    infos = list(result.datasets)
    known = {d.name for d in infos}
    # Findings of no listed dataset (a waiver file's own findings) are shown after the datasets, not lost.
    stray = {i for name, idx in positions.items() if name not in known for i in idx}
    out = []
    for d in infos:
        mine = positions.get(d.name, set())
        groups, _ = page_groups(job, families, mine, reviu)
        out.append(_dataset_head(d.name, d.agency, d.year, d.error, [result.findings[i] for i in sorted(mine)],
                                 {id(tm) for i in mine if (tm := reviu.temuan.get(i)) is not None and not tm.waived},
                                 L) | {"groups": groups})
    if stray:
        groups, _ = page_groups(job, families, stray, reviu)
        out.append(_dataset_head("", None, None, None, [result.findings[i] for i in sorted(stray)],
                                 {id(tm) for i in stray if (tm := reviu.temuan.get(i)) is not None and not tm.waived},
                                 L) | {"groups": groups})
    return out, choices


def _dataset_head(name, agency, year, error, findings, temuan_ids: set, L: dict) -> dict:
    counts = {s: 0 for s in SEVERITIES}
    for f in findings:
        if not f.waived:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    return {
        "name": clean(name), "agency": clean(agency) if agency else "", "year": year or "",
        "error": clean(error) if error else "",
        "counts": [(s, L[f"severity_{s}"], counts[s]) for s in SEVERITIES],
        "waived": sum(1 for f in findings if f.waived), "temuan": len(temuan_ids),
    }


def temuan_count(job) -> int:
    from lkjcheck.report.reviu import group_run, review_of

    result = job.result
    return len([t for t in group_run(result.findings, result.rules, review_of(result)) if not t.waived])


def _worst(g: Group) -> int:
    return max((SEVERITY_RANK.get(it["severity"], 0) for c in g.criteria for it in c.items), default=0)


def _item(job, i: int, f, L: dict, result) -> dict:
    lang = result.lang
    sources = job.sources[i] if i < len(job.sources) else []
    w = waiver_fields(f) if f.waived else {}
    return {
        "index": i if i < len(job.base) else None,       # waiver-file findings cannot be waived from the page
        "rule": f.rule,
        "severity": f.severity,
        "severity_label": L.get(f"severity_{f.severity}", f.severity),
        "title": finding_title(result, f),
        "message": clean(f.message),
        "location": clean(str(f.location)),
        "context": context_text(f, lang),
        "expected": clean(f.expected),
        "actual": clean(f.actual),
        "reference": finding_reference(result, f),
        "quote": clean(f.quote),
        "sources": [(n, clean(text)) for n, text in sources],
        "line": f.location.line,
        "waived": f.waived,
        "waiver": w,
    }


def summary(job, families: dict) -> dict:
    result = job.result
    L = labels(result.lang)
    counts = {s: 0 for s in SEVERITIES}
    waived = 0
    for f in result.findings:
        if f.waived:
            waived += 1
        else:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    # Several datasets (a zip of agencies or years) each get their own header; the summary then counts them all.
    ds = result.datasets[0] if len(result.datasets) == 1 else None
    return {
        "agency": clean(ds.agency) if ds and ds.agency else "",
        "year": ds.year if ds else "",
        "datasets": len(result.datasets),
        "counts": [(s, L[f"severity_{s}"], counts[s]) for s in SEVERITIES],
        "waived": waived,
        "generated": format_timestamp(result.generated_at, result.lang),
        "temuan": temuan_count(job),
        "seconds": f"{job.seconds:.1f}".replace(".", "," if result.lang == "id" else ".") if job.seconds else "",
    }
