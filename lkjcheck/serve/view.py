"""What the page shows of a finished check: findings grouped for the reviewer, as plain values for the templates."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..findings import SEVERITIES, SEVERITY_RANK
from ..render.common import clean, context_text, finding_reference, finding_title, format_timestamp, waiver_fields


@lru_cache(maxsize=1)
def _labels() -> dict:
    import yaml

    # The package's own file, not user input: plain safe_load is enough.
    return yaml.safe_load(resources.files("lkjcheck.serve").joinpath("labels.yaml").read_text(encoding="utf-8"))


def labels(lang: str) -> dict[str, str]:
    return {k: (v.get(lang) or v["id"]) for k, v in _labels().items()}


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


def grouping(result, families: dict) -> "callable":
    """How findings are grouped: by reviu aspect and criterion when the rule pack maps them, else by rule family."""
    lang = result.lang

    def family_title(fam: str) -> str:
        t = (families.get(fam) or {}).get("title") or {}
        return (t.get(lang) or t.get("id") or fam) if isinstance(t, dict) else str(t)

    def key_of(f) -> tuple[str, str, str, str]:
        fam = f.family or (result.rules.get(f.rule).family if f.rule in result.rules else "lainnya")
        return fam, family_title(fam), f.rule, f"{f.rule} — {finding_title(result, f)}"

    return key_of


def page_groups(job, families: dict) -> list[Group]:
    result = job.result
    lang = result.lang
    L = labels(lang)
    key_of = grouping(result, families)
    groups: dict[str, Group] = {}
    criteria: dict[tuple[str, str], Criterion] = {}
    order = sorted(range(len(result.findings)),
                   key=lambda i: (-SEVERITY_RANK.get(result.findings[i].severity, 0), i))
    for i in order:
        f = result.findings[i]
        gkey, gtitle, ckey, ctitle = key_of(f)
        g = groups.setdefault(gkey, Group(gkey, gtitle))
        c = criteria.get((gkey, ckey))
        if c is None:
            c = criteria[(gkey, ckey)] = Criterion(ckey, ctitle)
            g.criteria.append(c)
        c.items.append(_item(job, i, f, L, result))
    return sorted(groups.values(), key=lambda g: (-_worst(g), g.title))


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
    ds = result.datasets[0] if result.datasets else None
    return {
        "agency": clean(ds.agency) if ds else "",
        "year": ds.year if ds else "",
        "counts": [(s, L[f"severity_{s}"], counts[s]) for s in SEVERITIES],
        "waived": waived,
        "generated": format_timestamp(result.generated_at, result.lang),
        "seconds": f"{job.seconds:.1f}".replace(".", "," if result.lang == "id" else ".") if job.seconds else "",
    }
