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
from lkjcheck.read.yamlsafe import Mapping, Sequence, load_yaml, plain

REVIEW_FILE = "reviu.yaml"
MAX_REVIEW_FILE_BYTES = 1024 * 1024
AUTO = ("ya", "sebagian", "tidak")
# Finding fields a fact may name in ``sama_bila``: what makes two findings one defect.
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
    """Rules that, on the very same cell, state the same defect when the ``sama_bila`` fields agree."""

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
    texts: dict[str, list[dict]] = field(default_factory=dict)     # dasar_hukum, tujuan
    cell_groups: list[CellGroup] = field(default_factory=list)     # gabung_sel_sama
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
            criteria=tuple(merged.get("kriteria") or ()),
            by_table=dict(merged.get("kriteria_tabel") or {}),
            fact=merged.get("fakta"),
            recommendation=dict(merged.get("rekomendasi") or {}),
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
                out.append(f"{rid}: no rekomendasi in both languages")
        # A family without rules is allowed: a guide may serve packs used in part.
        for fam, body in self.families.items():
            out += self._refs(body, f"{self.lines.get(('kelompok', fam))}", crit)
        for rid, body in self.rules.items():
            if rid not in meta:
                out.append(f"{self.lines.get(('aturan', rid))}: rule {rid} does not exist")
            out += self._refs(body, f"{self.lines.get(('aturan', rid))}", crit)
        return out

    def _refs(self, body: dict, where: str, crit: dict) -> list[str]:
        named = [*(body.get("kriteria") or ()), *(c for cs in (body.get("kriteria_tabel") or {}).values() for c in cs)]
        out = [f"{where}: unknown criterion {c}" for c in named if c not in crit]
        fact = body.get("fakta")
        if fact and fact not in self.facts:
            out.append(f"{where}: unknown fact {fact}")
        return out


def _err(file: str, line, key: str, **args) -> InputError:
    return InputError(file, line, key, **args)


def _bilingual(value, file: str, line, what: str) -> dict:
    v = plain(value)
    if isinstance(v, str):
        return {"id": v}
    if not isinstance(v, dict) or not isinstance(v.get("id"), str):
        raise _err(file, line, "report.text_or_both", what=what)
    return {k: str(x) for k, x in v.items() if k in ("id", "en") and x is not None}


def _keys(node: Mapping, allowed: set, file: str) -> None:
    for k in node:
        if k not in allowed:
            raise _err(file, node.key_lines.get(k), "report.unknown_key", k=k, review_file=REVIEW_FILE)


def _mapping_entry(node, file: str, line, crit_ids_ok=True) -> dict:
    if not isinstance(node, Mapping):
        raise _err(file, line, "report.entry_must_mapping")
    _keys(node, {"kriteria", "kriteria_tabel", "fakta", "rekomendasi"}, file)
    out: dict = {}
    if "kriteria" in node:
        k = plain(node["kriteria"]) or []
        if not isinstance(k, list) or not all(isinstance(x, str) for x in k):
            raise _err(file, node.key_lines.get("kriteria"), "report.kriteria_must_list_criterion_ids")
        out["kriteria"] = tuple(k)
    if "kriteria_tabel" in node:
        by = plain(node["kriteria_tabel"])
        if not isinstance(by, dict) or not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                                               for v in by.values()):
            raise _err(file, node.key_lines.get("kriteria_tabel"),
                       "report.kriteria_tabel_must_map_table")
        out["kriteria_tabel"] = {str(t): tuple(v) for t, v in by.items()}
    if "fakta" in node:
        f = plain(node["fakta"])
        if f is not None and not isinstance(f, str):
            raise _err(file, node.key_lines.get("fakta"), "report.fakta_must_fact_id")
        out["fakta"] = f
    if "rekomendasi" in node:
        out["rekomendasi"] = _bilingual(node["rekomendasi"], file, node.key_lines.get("rekomendasi"), "'rekomendasi'")
    return out


def _cell_groups(node, file: str, line) -> list[CellGroup]:
    # Once a plain switch; it merged different defects of one sentence, so the groups are now declared.
    if plain(node) in (None, False):
        return []
    if not isinstance(node, Sequence):
        raise _err(file, line, "report.gabung_sel_sama_list")
    out = []
    for item in node:
        ln = getattr(item, "line", line)
        if not isinstance(item, Mapping) or not isinstance(plain(item.get("id")), str):
            raise _err(file, ln, "report.every_gabung_sel_sama_group")
        _keys(item, {"id", "aturan", "sama_bila"}, file)
        gid = plain(item["id"])
        rules = plain(item.get("aturan")) or []
        if not isinstance(rules, list) or not rules or not all(isinstance(r, str) and r for r in rules):
            raise _err(file, item.key_lines.get("aturan", ln),
                       "report.group_aturan_must_list_rule", gid=gid)
        same = plain(item.get("sama_bila")) or []
        if not isinstance(same, list) or any(x not in SAME_WHEN_FIELDS for x in same):
            raise _err(file, item.key_lines.get("sama_bila", ln),
                       "report.group_sama_bila_may_only", gid=gid, join=', '.join(SAME_WHEN_FIELDS))
        out.append(CellGroup(gid, tuple(r.upper() for r in rules), tuple(same)))
    return out


def _read_into(guide: ReviewGuide, path: Path) -> None:
    file = str(path)
    data = load_yaml(file, MAX_REVIEW_FILE_BYTES, display=file, cli_limit=False)
    if not isinstance(data, Mapping):
        raise _err(file, None, "report.must_mapping", review_file=REVIEW_FILE)
    _keys(data, {"aspek", "fakta", "kelompok", "aturan", "gabung_sel_sama", "dasar_hukum", "tujuan"}, file)
    guide.sources.append(file)
    if "gabung_sel_sama" in data:
        guide.cell_groups += _cell_groups(data["gabung_sel_sama"], file, data.key_lines.get("gabung_sel_sama"))
    for key in ("dasar_hukum", "tujuan"):
        if key in data:
            items = data[key]
            if not isinstance(items, Sequence):
                raise _err(file, data.key_lines.get(key), "report.must_list", key_=key)
            guide.texts[key] = [_bilingual(x, file, getattr(x, "line", None), f"'{key}'") for x in items]
    for key, kind, what in (("aspek", Sequence, "report.a_list"), ("fakta", Mapping, "report.a_mapping")):
        if key in data and plain(data[key]) is not None and not isinstance(data[key], kind):
            raise _err(file, data.key_lines.get(key), "report.must", key_=key, what=Said(what))
    known = guide.criteria
    for a in data.get("aspek") or ():
        if not isinstance(a, Mapping) or not isinstance(plain(a.get("id")), str):
            raise _err(file, getattr(a, "line", None), "report.every_aspect_needs_id")
        _keys(a, {"id", "judul", "kriteria"}, file)
        aid = plain(a["id"])
        crits = []
        if "kriteria" in a and plain(a["kriteria"]) is not None and not isinstance(a["kriteria"], Sequence):
            raise _err(file, a.key_lines.get("kriteria"), "report.aspect_kriteria_must_list", aid=aid)
        for c in a.get("kriteria") or ():
            if not isinstance(c, Mapping) or not isinstance(plain(c.get("id")), str):
                raise _err(file, getattr(c, "line", None), "report.every_criterion_needs_id")
            _keys(c, {"id", "judul", "otomatis", "diperiksa", "tidak_diperiksa"}, file)
            cid = plain(c["id"])
            auto = plain(c.get("otomatis"))
            if auto not in AUTO:
                raise _err(file, c.key_lines.get("otomatis", c.line), "report.criterion_otomatis_must_ya_sebagian", cid=cid)
            if cid in known:
                raise _err(file, c.line, "report.duplicate_criterion", cid=cid)
            ln = c.key_lines.get("id", c.line)
            crits.append(Criterion(
                cid, aid, _bilingual(c.get("judul", cid), file, ln, "'judul'"), auto,
                _bilingual(c["diperiksa"], file, ln, "'diperiksa'") if "diperiksa" in c else {},
                _bilingual(c["tidak_diperiksa"], file, ln, "'tidak_diperiksa'") if "tidak_diperiksa" in c else {},
            ))
        guide.aspects.append(Aspect(aid, _bilingual(a.get("judul", aid), file, a.line, "'judul'"), tuple(crits)))
        known = guide.criteria
    for fid, body in (data.get("fakta") or {}).items():
        ln = data["fakta"].key_lines.get(fid)
        if not isinstance(body, Mapping):
            raise _err(file, ln, "report.fact_must_mapping", fid=fid)
        _keys(body, {"judul", "sama_bila"}, file)
        same = plain(body.get("sama_bila")) or []
        if not isinstance(same, list) or any(s not in SAME_WHEN_FIELDS for s in same):
            raise _err(file, body.key_lines.get("sama_bila", ln),
                       "report.fact_sama_bila_may_only", fid=fid, join=', '.join(SAME_WHEN_FIELDS))
        guide.facts[fid] = Fact(fid, _bilingual(body.get("judul", fid), file, ln, "'judul'"), tuple(same))
    for section, target in (("kelompok", guide.families), ("aturan", guide.rules)):
        node = data.get(section)
        if node is None:
            continue
        if not isinstance(node, Mapping):
            raise _err(file, data.key_lines.get(section), "report.must_mapping_2", section=section)
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
        crits.append(Criterion(fam, "kelompok", title, "sebagian",
                               {k: v.format(rules=shown) for k, v in NO_GUIDE_CHECKED.items()}, dict(NO_GUIDE_LEFT)))
        rec = {k: v.format(family=title.get(k) or title.get("id") or fam) for k, v in NO_GUIDE_RECOMMENDATION.items()}
        guide.families[fam] = {"kriteria": (fam,), "rekomendasi": rec}
    guide.aspects.append(Aspect("kelompok", dict(NO_GUIDE_ASPECT), tuple(crits)))
    guide.texts["dasar_hukum"] = [dict(NO_GUIDE_NOTE)]
    guide.texts["tujuan"] = [dict(NO_GUIDE_PURPOSE)]
    guide.sources.append("")
    guide.without_guide = True
    return guide
