"""The reviu guide of a rule pack (``reviu.yaml``): its aspects, criteria, facts and mapping, as read.

A rule pack may carry a ``reviu.yaml`` beside its ``model.yaml``: the aspects and
criteria of the reviu it serves, which criteria each rule family (or rule)
serves, the fact a rule checks and the recommendation for the unit. Nothing
here knows a particular pack: the words and the mapping are all in the file.
A pack without one gets ``family_guide``, an outline by rule family.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lkjcheck.catalogue import entry
from lkjcheck.errors import InputError
from lkjcheck.i18n import Said
from lkjcheck.findings import RuleMeta
from lkjcheck.model.vocabulary import Review, keys
from lkjcheck.read.yamlsafe import Mapping, Sequence, load_yaml, plain

REVIEW_FILE = "reviu.yaml"
MAX_REVIEW_FILE_BYTES = 1024 * 1024
AUTO = ("ya", "sebagian", "tidak")
# Finding fields a fact may name in ``same_when``: what makes two findings one defect.
SAME_WHEN_FIELDS = ("expected", "actual", "table", "row", "field")


@dataclass(frozen=True)
class Criterion:
    id: str
    aspect: str
    title: dict
    auto: str                       # ya / sebagian / tidak
    checked: dict = field(default_factory=dict)
    not_checked: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Aspect:
    id: str
    title: dict
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Fact:
    id: str
    title: dict
    same_when: tuple[str, ...]


@dataclass(frozen=True)
class CellGroup:
    """Rules that, on the very same cell, state the same defect when the ``same_when`` fields agree."""

    id: str
    rules: tuple[str, ...]          # rule ids or id prefixes, as --select takes them
    same_when: tuple[str, ...]

    def covers(self, rule_id: str) -> bool:
        return any(rule_id.startswith(p) for p in self.rules)


@dataclass(frozen=True)
class RuleReview:
    """What the guide says about one rule: criteria served, fact checked, recommendation."""

    criteria: tuple[str, ...] = ()
    by_table: dict = field(default_factory=dict)    # table -> further criteria for findings on it
    fact: str | None = None
    recommendation: dict = field(default_factory=dict)
    mapped: bool = False            # named (by family or id) in the guide at all


@dataclass
class ReviewGuide:
    aspects: list[Aspect] = field(default_factory=list)
    facts: dict[str, Fact] = field(default_factory=dict)
    families: dict[str, dict] = field(default_factory=dict)
    rules: dict[str, dict] = field(default_factory=dict)
    texts: dict[str, list[dict]] = field(default_factory=dict)     # legal_basis, purpose
    cell_groups: list[CellGroup] = field(default_factory=list)     # same_cell
    sources: list[str] = field(default_factory=list)
    lines: dict[tuple[str, str], str] = field(default_factory=dict)   # (kind, id) -> file:line
    without_guide: bool = False     # made by family_guide: the pack has no reviu.yaml

    @property
    def criteria(self) -> dict[str, Criterion]:
        return {c.id: c for a in self.aspects for c in a.criteria}

    def for_rule(self, rule_id: str, family: str | None) -> RuleReview:
        fam = self.families.get(family or "", {})
        own = self.rules.get(rule_id, {})
        merged = {**fam, **own}
        return RuleReview(
            criteria=tuple(merged.get("criteria") or ()),
            by_table=dict(merged.get("criteria_by_table") or {}),
            fact=merged.get("fact"),
            recommendation=dict(merged.get("recommendation") or {}),
            mapped=bool(fam or own),
        )

    def problems(self, meta: dict[str, RuleMeta]) -> list[str]:
        """What is wrong between the guide and the pack: unmapped rules, unknown ids."""
        out = []
        crit = self.criteria
        for rid, m in meta.items():
            r = self.for_rule(rid, m.family)
            if not r.mapped:
                out.append(f"{rid}: not mapped to reviu criteria (family {m.family})")
            if not (r.recommendation.get("id") and r.recommendation.get("en")):
                out.append(f"{rid}: no recommendation in both languages")
        # A family without rules is allowed: a guide may serve packs used in part.
        for fam, body in self.families.items():
            out += self._refs(body, f"{self.lines.get(('families', fam))}", crit)
        for rid, body in self.rules.items():
            if rid not in meta:
                out.append(f"{self.lines.get(('rules', rid))}: rule {rid} does not exist")
            out += self._refs(body, f"{self.lines.get(('rules', rid))}", crit)
        return out

    def _refs(self, body: dict, where: str, crit: dict) -> list[str]:
        named = [*(body.get("criteria") or ()), *(c for cs in (body.get("criteria_by_table") or {}).values() for c in cs)]
        out = [f"{where}: unknown criterion {c}" for c in named if c not in crit]
        fact = body.get("fact")
        if fact and fact not in self.facts:
            out.append(f"{where}: unknown fact {fact}")
        return out


def _bilingual(value, file: str, line, what: str) -> dict:
    v = plain(value)
    if isinstance(v, str):
        return {"id": v}
    if not isinstance(v, dict) or not isinstance(v.get("id"), str):
        raise InputError(file, line, "report.text_or_both", what=what)
    return {k: str(x) for k, x in v.items() if k in ("id", "en") and x is not None}


def _keys(node: Mapping, level: dict, file: str, where: str) -> None:
    # The keys are English like model.yaml's; an old Indonesian one is told its new name.
    keys(node, level, file, where or REVIEW_FILE)


def _mapping_entry(node, file: str, line, crit_ids_ok=True) -> dict:
    if not isinstance(node, Mapping):
        raise InputError(file, line, "report.entry_must_mapping")
    _keys(node, Review.ENTRY, file, "entry")
    out: dict = {}
    if "criteria" in node:
        k = plain(node["criteria"]) or []
        if not isinstance(k, list) or not all(isinstance(x, str) for x in k):
            raise InputError(file, node.key_lines.get("criteria"), "report.criteria_must_list_criterion_ids")
        out["criteria"] = tuple(k)
    if "criteria_by_table" in node:
        by = plain(node["criteria_by_table"])
        if not isinstance(by, dict) or not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                                               for v in by.values()):
            raise InputError(file, node.key_lines.get("criteria_by_table"),
                             "report.criteria_by_table_must_map")
        out["criteria_by_table"] = {str(t): tuple(v) for t, v in by.items()}
    if "fact" in node:
        f = plain(node["fact"])
        if f is not None and not isinstance(f, str):
            raise InputError(file, node.key_lines.get("fact"), "report.fact_must_fact_id")
        out["fact"] = f
    if "recommendation" in node:
        out["recommendation"] = _bilingual(node["recommendation"], file, node.key_lines.get("recommendation"),
                                           "'recommendation'")
    return out


def _cell_groups(node, file: str, line) -> list[CellGroup]:
    # Once a plain switch; it merged different defects of one sentence, so the groups are now declared.
    if plain(node) in (None, False):
        return []
    if not isinstance(node, Sequence):
        raise InputError(file, line, "report.same_cell_must_list_groups")
    out = []
    for item in node:
        ln = getattr(item, "line", line)
        if not isinstance(item, Mapping) or not isinstance(plain(item.get("id")), str):
            raise InputError(file, ln, "report.every_same_cell_group_needs")
        _keys(item, Review.CELL_GROUP, file, "same_cell")
        gid = plain(item["id"])
        rules = plain(item.get("rules")) or []
        if not isinstance(rules, list) or not rules or not all(isinstance(r, str) and r for r in rules):
            raise InputError(file, item.key_lines.get("rules", ln),
                             "report.group_rules_must_list_rule", gid=gid)
        out.append(CellGroup(gid, tuple(r.upper() for r in rules), _same_when(item, file, ln,
                                                                              Said("report.group", gid=gid))))
    return out


def _same_when(node: Mapping, file: str, line, where: Said) -> tuple[str, ...]:
    same = plain(node.get("same_when")) or []
    if not isinstance(same, list) or any(x not in SAME_WHEN_FIELDS for x in same):
        raise InputError(file, node.key_lines.get("same_when", line),
                         "report.same_when_may_only_name", where=where, fields=", ".join(SAME_WHEN_FIELDS))
    return tuple(same)


def _criterion(c, aid: str, known: dict, file: str) -> Criterion:
    if not isinstance(c, Mapping) or not isinstance(plain(c.get("id")), str):
        raise InputError(file, getattr(c, "line", None), "report.every_criterion_needs_id")
    _keys(c, Review.CRITERION, file, f"aspect {aid}")
    cid = plain(c["id"])
    auto = plain(c.get("automatic"))
    if auto not in AUTO:
        raise InputError(file, c.key_lines.get("automatic", c.line), "report.criterion_automatic_must_ya_sebagian",
                         cid=cid)
    if cid in known:
        raise InputError(file, c.line, "report.duplicate_criterion", cid=cid)
    ln = c.key_lines.get("id", c.line)
    return Criterion(
        cid, aid, _bilingual(c.get("title", cid), file, ln, "'title'"), auto,
        _bilingual(c["checked"], file, ln, "'checked'") if "checked" in c else {},
        _bilingual(c["not_checked"], file, ln, "'not_checked'") if "not_checked" in c else {},
    )


def _read_into(guide: ReviewGuide, path: Path) -> None:
    file = str(path)
    data = load_yaml(file, MAX_REVIEW_FILE_BYTES, display=file, cli_limit=False, cache=True)
    if not isinstance(data, Mapping):
        raise InputError(file, None, "report.must_mapping", review_file=REVIEW_FILE)
    _keys(data, Review.TOP, file, "")
    guide.sources.append(file)
    if "same_cell" in data:
        guide.cell_groups += _cell_groups(data["same_cell"], file, data.key_lines.get("same_cell"))
    for key in ("legal_basis", "purpose"):
        if key in data:
            items = data[key]
            if not isinstance(items, Sequence):
                raise InputError(file, data.key_lines.get(key), "report.must_list", key_=key)
            guide.texts[key] = [_bilingual(x, file, getattr(x, "line", None), f"'{key}'") for x in items]
    for key, kind, what in (("aspects", Sequence, "daftar / a list"), ("facts", Mapping, "pemetaan / a mapping")):
        if key in data and plain(data[key]) is not None and not isinstance(data[key], kind):
            raise InputError(file, data.key_lines.get(key), "report.must", key_=key, what=Said(what))
    known = guide.criteria
    for a in data.get("aspects") or ():
        if not isinstance(a, Mapping) or not isinstance(plain(a.get("id")), str):
            raise InputError(file, getattr(a, "line", None), "report.every_aspect_needs_id")
        _keys(a, Review.ASPECT, file, "aspects")
        aid = plain(a["id"])
        if "criteria" in a and plain(a["criteria"]) is not None and not isinstance(a["criteria"], Sequence):
            raise InputError(file, a.key_lines.get("criteria"), "report.aspect_criteria_must_list", aid=aid)
        crits = []
        for c in a.get("criteria") or ():
            crits.append(_criterion(c, aid, {**known, **{x.id: x for x in crits}}, file))
        guide.aspects.append(Aspect(aid, _bilingual(a.get("title", aid), file, a.line, "'title'"), tuple(crits)))
        known = guide.criteria
    for fid, body in (data.get("facts") or {}).items():
        ln = data["facts"].key_lines.get(fid)
        if not isinstance(body, Mapping):
            raise InputError(file, ln, "report.fact_must_mapping", fid=fid)
        _keys(body, Review.FACT, file, f"facts.{fid}")
        same = _same_when(body, file, ln, Said("report.fact", fid=fid))
        guide.facts[fid] = Fact(fid, _bilingual(body.get("title", fid), file, ln, "'title'"), same)
    for section, target in (("families", guide.families), ("rules", guide.rules)):
        node = data.get(section)
        if node is None:
            continue
        if not isinstance(node, Mapping):
            raise InputError(file, data.key_lines.get(section), "report.guide_section_not_mapping", section=section)
        for key, body in node.items():
            ln = node.key_lines.get(key)
            target[str(key)] = {**target.get(str(key), {}), **_mapping_entry(body, file, ln)}
            guide.lines[(section, str(key))] = f"{file}:{ln}"


def load_review(directories: Iterable[Path]) -> ReviewGuide | None:
    """The guide of the first pack that has one, extended by the later packs' files; None without any."""
    guide = ReviewGuide()
    for d in directories:
        p = Path(d) / REVIEW_FILE
        if p.is_file():
            _read_into(guide, p)
    return guide if guide.sources else None


# When a rule pack brings no reviu.yaml the working paper still needs an outline: one
# "criterion" per rule family, with a note saying there is no guide, so that nobody reads
# SAKIP's criteria into another domain's rules.
NO_GUIDE_NOTE = entry("report.no_guide.note")
NO_GUIDE_PURPOSE = entry("report.no_guide.purpose")
NO_GUIDE_RECOMMENDATION = entry("report.no_guide.recommendation")
NO_GUIDE_ASPECT = entry("report.no_guide.aspect")
NO_GUIDE_CHECKED = entry("report.no_guide.checked")
NO_GUIDE_LEFT = entry("report.no_guide.left")


def family_guide(meta: dict[str, RuleMeta], families: dict) -> ReviewGuide:
    """The outline for a pack without a guide: a criterion per rule family, no facts, no merging."""
    by_family: dict[str, list[str]] = {}
    for rid, m in meta.items():
        by_family.setdefault(m.family or "lainnya", []).append(rid)
    crits = []
    guide = ReviewGuide()
    for fam, rids in sorted(by_family.items()):
        body = families.get(fam) or {}
        title = body.get("title") if isinstance(body, dict) else None
        title = dict(title) if isinstance(title, dict) else {"id": str(title or fam)}
        shown = ", ".join(sorted(rids)[:12]) + (" …" if len(rids) > 12 else "")
        crits.append(Criterion(fam, "families", title, "sebagian",
                               {k: v.format(rules=shown) for k, v in NO_GUIDE_CHECKED.items()}, dict(NO_GUIDE_LEFT)))
        rec = {k: v.format(family=title.get(k) or title.get("id") or fam) for k, v in NO_GUIDE_RECOMMENDATION.items()}
        guide.families[fam] = {"criteria": (fam,), "recommendation": rec}
    guide.aspects.append(Aspect("families", dict(NO_GUIDE_ASPECT), tuple(crits)))
    guide.texts["legal_basis"] = [dict(NO_GUIDE_NOTE)]
    guide.texts["purpose"] = [dict(NO_GUIDE_PURPOSE)]
    guide.sources.append("")
    guide.without_guide = True
    return guide
