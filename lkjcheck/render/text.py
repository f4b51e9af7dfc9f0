"""Terminal output: findings per dataset, grouped by severity, then one summary line."""
from __future__ import annotations

from tabulate import tabulate

from ..findings import SEVERITIES, RunResult, counts
from .common import location_text

_LABELS = {
    "id": {"error": "KESALAHAN", "warning": "PERINGATAN", "info": "INFO", "waived": "DIKECUALIKAN",
           "head": ["Lokasi", "Aturan", "Baris", "Ditemukan", "Diharapkan", "Pesan"],
           "none": "tidak ada temuan", "ref": "Dasar aturan",
           "across": "RINGKASAN PER DATASET", "ds_head": ["Dataset", "Kesalahan", "Peringatan", "Info", "Dikecualikan"],
           "worst": "ATURAN DENGAN TEMUAN TERBANYAK", "worst_head": ["Aturan", "Temuan", "Dataset"]},
    "en": {"error": "ERRORS", "warning": "WARNINGS", "info": "INFO", "waived": "WAIVED",
           "head": ["Location", "Rule", "Row", "Found", "Expected", "Message"],
           "none": "no findings", "ref": "Regulations",
           "across": "SUMMARY BY DATASET", "ds_head": ["Dataset", "Errors", "Warnings", "Info", "Waived"],
           "worst": "RULES WITH THE MOST FINDINGS", "worst_head": ["Rule", "Findings", "Datasets"]},
}
_WIDTHS = [24, 7, 28, 18, 18, 60]


def _short(location: str, dataset_path: str) -> str:
    """lkj.yaml:628:13 under the dataset's heading, rather than its whole path again."""
    prefix = dataset_path.rstrip("/") + "/"
    return location[len(prefix):] if location.startswith(prefix) else location


_WORST = 10


def _references(findings, result: RunResult, L) -> list[str]:
    """Which regulation each rule rests on, once per rule, for the working paper."""
    refs = {}
    for f in findings:
        meta = result.rules.get(f.rule)
        ref = f.reference or (meta.reference if meta else "")
        if ref and f.rule not in refs:
            title = meta.title_in(result.lang) if meta else (f.title or "")
            refs[f.rule] = f"{title} — {ref}" if title else ref
    if not refs:
        return []
    rows = [[rule, text] for rule, text in sorted(refs.items())]
    return [L["ref"], tabulate(rows, tablefmt="plain", maxcolwidths=[7, 120]), ""]


def render(result: RunResult) -> str:
    lang = result.lang if result.lang in _LABELS else "id"
    L = _LABELS[lang]
    out: list[str] = []
    for ds in result.datasets:
        mine = [f for f in result.findings if f.dataset == ds.name]
        head = ds.path + (f" — {ds.agency}" if ds.agency else "") + (f", {ds.year}" if ds.year else "")
        out.append(head)
        out.append("=" * min(len(head), 100))
        if not mine:
            out += [L["none"], ""]
            continue
        groups = [(s, [f for f in mine if f.severity == s and not f.waived]) for s in SEVERITIES]
        groups.append(("waived", [f for f in mine if f.waived]))
        for sev, items in groups:
            if not items:
                continue
            out.append(f"{L[sev]} ({len(items)})")
            rows = [[_short(location_text(f), ds.path), f.rule, f.row or "", f.actual or "", f.expected or "", f.message]
                    for f in items]
            out.append(tabulate(rows, headers=L["head"], tablefmt="simple", maxcolwidths=_WIDTHS))
            out.append("")
        out += _references(mine, result, L)
    if len(result.datasets) > 1:
        out += _across(result, L)
    c = counts(result.findings)
    if lang == "en":
        summary = (f"{len(result.datasets)} dataset(s): {c['error']} error(s), {c['warning']} warning(s), "
                   f"{c['info']} info, {c['waived']} waived")
    else:
        summary = (f"{len(result.datasets)} dataset: {c['error']} kesalahan, {c['warning']} peringatan, "
                   f"{c['info']} info, {c['waived']} dikecualikan")
    out.append(summary)
    return "\n".join(out) + "\n"


def _across(result: RunResult, L: dict) -> list[str]:
    """For a batch: which reports need attention first, and which rules fail most often."""
    by_ds: dict[str, list] = {}
    per_rule: dict[str, list] = {}
    for f in result.findings:
        by_ds.setdefault(f.dataset, []).append(f)
        if not f.waived:
            entry = per_rule.setdefault(f.rule, [0, set()])
            entry[0] += 1
            entry[1].add(f.dataset)
    rows = []
    for ds in result.datasets:
        c = counts(by_ds.get(ds.name, ()))
        rows.append([ds.name, c["error"], c["warning"], c["info"], c["waived"]])
    out = [L["across"], tabulate(rows, headers=L["ds_head"], tablefmt="simple", maxcolwidths=[60, None, None, None, None]), ""]
    if per_rule:
        worst = sorted(per_rule.items(), key=lambda kv: (-kv[1][0], -len(kv[1][1]), kv[0]))[:_WORST]
        out += [L["worst"], tabulate([[r, n, len(d)] for r, (n, d) in worst], headers=L["worst_head"],
                                     tablefmt="simple"), ""]
    return out
