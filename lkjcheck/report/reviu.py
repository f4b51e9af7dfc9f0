"""Which reviu guide a run follows, and the grouping of findings into temuan.

The guide itself (``reviu.yaml``, read by ``lkjcheck.report.guide``) comes from
the rule packs the run used; a pack without one gets an outline by rule family.

A *temuan* is one defect as the reviewer counts it. Several rules often see the
same wrong figure (a budget percentage in the table, in a claim and in a
sentence); the guide says which facts they check and which finding fields make
two findings the same defect, so the grouping never depends on message text.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from lkjcheck.findings import SEVERITY_RANK, Finding, RuleMeta
from lkjcheck.report.guide import REVIEW_FILE, ReviewGuide, family_guide, load_review

_GUIDES: dict = {}


def guide_of_packs(directories: Iterable[Path]) -> ReviewGuide | None:
    """The guide of a run's pack folders, read once per process while its files stay as they are."""
    dirs = [Path(d) for d in directories]
    stamp = []
    for d in dirs:
        try:
            st = (d / REVIEW_FILE).stat()
            stamp.append((str(d), st.st_mtime_ns, st.st_size))
        except OSError:
            stamp.append((str(d), None, None))
    key = tuple(stamp)
    if key not in _GUIDES:
        _GUIDES.clear()             # a server checks with one pack; keep just the last
        _GUIDES[key] = load_review(dirs)
    return _GUIDES[key]


def builtin_review() -> ReviewGuide | None:
    """The guide of the built-in pack, read once per process."""
    from lkjcheck.checks.rules import builtin_rules_dir
    return guide_of_packs([builtin_rules_dir() / "sakip"])


def review_of(result) -> ReviewGuide | None:
    """The guide of the packs a run was made with (``result.packs``): the first folder's
    reviu.yaml extended by the others'. A pack that brings none gets ``family_guide``,
    never another pack's criteria. A result that does not say its packs is the built-in pack's."""
    packs = getattr(result, "packs", None)
    if not packs:
        return builtin_review()
    guide = guide_of_packs(packs)
    if guide is not None:
        return guide
    return family_guide(result.rules, getattr(result, "families", None) or {})


# ------------------------------------------------------------------ temuan


@dataclass
class Temuan:
    id: str
    dataset: str
    severity: str
    title: dict
    rules: list[str]
    findings: list[Finding]
    indices: list[int]               # positions in the run's findings list
    criteria: list[str]
    recommendations: list[dict]
    fact: str | None = None
    waived: bool = False

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("id") or self.rules[0]


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_findings(findings: list[Finding], meta: dict[str, RuleMeta], guide: ReviewGuide | None) -> list[Temuan]:
    """Findings → temuan, in the order of each temuan's first finding.

    Two findings are one temuan when they are of the same dataset and equally
    waived, and either their rules check the same fact and the fact's
    ``same_when`` fields agree, or they point at the very same cell and their
    rules are in one ``same_cell`` group whose ``same_when`` fields agree
    (as written, "Rp" and spaces aside): two rules that read one figure differently
    are two defects. Without a guide every finding is its own temuan.
    """
    guide = guide or ReviewGuide()
    n = len(findings)
    uf = _Union(n)
    reviews = {}
    first_by_key: dict[tuple, int] = {}
    for i, f in enumerate(findings):
        m = meta.get(f.rule)
        r = reviews.setdefault(f.rule, guide.for_rule(f.rule, f.family or (m.family if m else None)))
        keys = []
        fact = guide.facts.get(r.fact) if r.fact else None
        if fact is not None:
            keys.append(("fact", f.dataset, f.waived, fact.id, *(getattr(f, k) or "" for k in fact.same_when)))
        loc = f.location
        if loc.line and loc.column:
            cell = (f.dataset, f.waived, loc.file, loc.page, loc.line, loc.column, loc.cell)
            for cg in guide.cell_groups:
                if cg.covers(f.rule):
                    fields = tuple(_written_alike(getattr(f, k)) for k in cg.same_when)
                    if all(fields):         # a finding without the figure says nothing to compare
                        keys.append(("cell", cg.id, *cell, *fields))
        for k in keys:
            j = first_by_key.setdefault(k, i)
            if j != i:
                uf.join(i, j)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(uf.find(i), []).append(i)
    out = []
    for root in sorted(members):
        idx = members[root]
        group = [findings[i] for i in idx]
        rules = list(dict.fromkeys(f.rule for f in group))
        sev = max((f.severity for f in group), key=lambda s: SEVERITY_RANK.get(s, 0))
        facts = {reviews[f.rule].fact for f in group} - {None}
        if len(rules) > 1 and len(facts) == 1 and next(iter(facts)) in guide.facts:
            title = dict(guide.facts[next(iter(facts))].title)
        else:
            lead = next(f for f in group if f.severity == sev)
            m = meta.get(lead.rule)
            title = dict(m.title) if m else {"id": lead.title or lead.rule}
        crits = list(dict.fromkeys(c for f in group for c in (*reviews[f.rule].criteria,
                                                              *reviews[f.rule].by_table.get(f.table or "", ()))))
        recs = []
        for r in rules:
            rec = reviews[r].recommendation
            if rec and rec not in recs:
                recs.append(rec)
        out.append(Temuan(
            id="", dataset=group[0].dataset, severity=sev, title=title, rules=rules, findings=group,
            indices=idx, criteria=crits, recommendations=recs,
            fact=next(iter(facts)) if len(facts) == 1 else None, waived=group[0].waived,
        ))
    width = max(2, len(str(len(out))))
    for k, t in enumerate(out, 1):
        t.id = f"T{k:0{width}d}"
    return out


def _written_alike(value) -> str:
    """A figure as two rules may write it: "Rp 1.000" and "1.000", "≤ 5" and "<= 5" are the same."""
    if value is None:
        return ""
    text = str(value).replace("\u2264", "<=").replace("\u2265", ">=")
    return "".join(text.replace("Rp", "").split())


def temuan_counts(temuan: Iterable[Temuan]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0, "waived": 0}
    for t in temuan:
        out["waived" if t.waived else t.severity] += 1
    return out


def group_run(findings: list[Finding], meta: dict[str, RuleMeta], guide: ReviewGuide | None) -> list[Temuan]:
    """Temuan of a whole run, numbered per dataset (as each dataset's working paper numbers them);
    ``indices`` are positions in ``findings``."""
    by_ds: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        by_ds.setdefault(f.dataset, []).append(i)
    out = []
    for positions in by_ds.values():
        for tm in group_findings([findings[i] for i in positions], meta, guide):
            tm.indices = [positions[i] for i in tm.indices]
            out.append(tm)
    return out
