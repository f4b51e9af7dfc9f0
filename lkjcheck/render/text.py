"""Terminal output: findings per dataset, grouped by severity, then one summary line."""
from __future__ import annotations

from tabulate import tabulate

from ..findings import SEVERITIES, RunResult, counts
from .common import location_text

_LABELS = {
    "id": {"error": "GALAT", "warning": "PERINGATAN", "info": "INFO", "waived": "DIKECUALIKAN (WAIVER)",
           "head": ["Lokasi", "Aturan", "Baris", "Ditemukan", "Diharapkan", "Pesan"],
           "none": "tidak ada temuan", "ref": "Dasar"},
    "en": {"error": "ERRORS", "warning": "WARNINGS", "info": "INFO", "waived": "WAIVED",
           "head": ["Location", "Rule", "Row", "Found", "Expected", "Message"],
           "none": "no findings", "ref": "Regulation"},
}
_WIDTHS = [30, 7, 28, 18, 18, 60]


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
            rows = [[location_text(f), f.rule, f.row or "", f.actual or "", f.expected or "", f.message]
                    for f in items]
            out.append(tabulate(rows, headers=L["head"], tablefmt="simple", maxcolwidths=_WIDTHS))
            out.append("")
    c = counts(result.findings)
    if lang == "en":
        summary = (f"{len(result.datasets)} dataset(s): {c['error']} error(s), {c['warning']} warning(s), "
                   f"{c['info']} info, {c['waived']} waived")
    else:
        summary = (f"{len(result.datasets)} dataset: {c['error']} galat, {c['warning']} peringatan, "
                   f"{c['info']} info, {c['waived']} dikecualikan")
    out.append(summary)
    return "\n".join(out) + "\n"
