"""Terminal output: findings per dataset, grouped by severity, then one summary line."""
from __future__ import annotations

from lkjcheck.findings import SEVERITIES, RunResult, counts
from lkjcheck.run.coverage import lines as coverage_lines
from lkjcheck.safety.text import visible
from lkjcheck.report.plaintable import tabulate
from lkjcheck.report.common import location_text

# The words of the terminal report (lkjcheck/messages/report.yaml, ``text.*``).
_HEADS = {"head": ("location", "rule", "row", "found", "expected", "message"),
          "ds_head": ("dataset", "errors", "warnings", "info", "waived"),
          "worst_head": ("rule", "findings", "datasets"),
          "stats_head": ("count", "rule", "severity", "title")}
_WORDS = ("error", "warning", "info", "waived", "none", "ref", "across", "worst", "coverage", "broken")


def _labels(lang: str) -> dict:
    from lkjcheck.i18n import t

    out: dict = {k: t(f"text.{k}", lang) for k in _WORDS}
    out.update({k: [t(f"text.col.{c}", lang) for c in cols] for k, cols in _HEADS.items()})
    return out


_WIDTHS = [None, 7, 28, 18, 18, 60]
_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m", "waived": "\x1b[2m"}
_RESET = "\x1b[0m"


def _widths(rows, width: int | None) -> list:
    """Column widths for a terminal of `width` characters; the location is never broken."""
    if not width:
        return _WIDTHS
    loc = max((len(r[0]) for r in rows), default=8)
    # The message takes what the location, rule and values leave, but never below 30.
    row_w = min(28, max(12, width // 6))
    val_w = min(18, max(10, width // 9))
    rest = width - loc - 7 - row_w - 2 * val_w - 10
    return [None, 7, row_w, val_w, val_w, max(30, rest)]


class _Painted(str):
    """A heading the renderer coloured itself: labels and counts only, no data."""


def _paint(text: str, what: str, on: bool) -> str:
    return _Painted(f"{_COLOURS[what]}{text}{_RESET}") if on and what in _COLOURS else text


def _safe_join(lines: list[str]) -> str:
    # Data reach the terminal here: no escape sequence or bidi override from the
    # inputs may act on it. Only the renderer's own colour codes pass as they are.
    return "\n".join(x if isinstance(x, _Painted) else visible(x) for x in lines)


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


def _table(rows, head, widths) -> str:
    try:
        return tabulate(rows, headers=head, tablefmt="simple", maxcolwidths=widths)
    except ValueError:
        # tabulate's wrapping takes an English-grouped figure ("66,964,726,000") for an int and fails on
        # it, numparse or not; wrap the cells here instead, as the text they are to us.
        import textwrap

        wrapped = [["\n".join(textwrap.wrap(str(c), w)) if w and str(c) else str(c) for c, w in zip(row, widths)]
                   for row in rows]
        return tabulate(wrapped, headers=head, tablefmt="simple", disable_numparse=True)


def render(result: RunResult) -> str:
    lang = result.lang if result.lang in ("id", "en") else "id"
    L = _labels(lang)
    show = result.display or {}
    if show.get("statistics"):
        return _statistics(result, lang)
    colour, width, quiet = bool(show.get("color")), show.get("width"), bool(show.get("quiet"))
    out: list[str] = []
    for ds in result.datasets:
        if quiet and not ds.error and not any(f.dataset == ds.name for f in result.findings):
            continue
        mine = [f for f in result.findings if f.dataset == ds.name]
        head = ds.path + (f" — {ds.agency}" if ds.agency else "") + (f", {ds.year}" if ds.year else "")
        out.append(head)
        out.append("=" * min(len(head), 100))
        if ds.error:
            out += [L["broken"] + ds.error, ""]
            continue
        if not mine:
            out += [L["none"], ""]
            continue
        groups = [(s, [f for f in mine if f.severity == s and not f.waived]) for s in SEVERITIES]
        groups.append(("waived", [f for f in mine if f.waived]))
        for sev, items in groups:
            if not items:
                continue
            out.append(_paint(f"{L[sev]} ({len(items)})", sev, colour))
            rows = [[_short(location_text(f), ds.path), f.rule, f.row or "", f.actual or "", f.expected or "",
                     f.message + _waiver_note(f, lang)]
                    for f in items]
            out.append(_table(rows, L["head"], _widths(rows, width)))
            out.append("")
        if not quiet:
            out += _references(mine, result, L)
    if quiet:
        return _safe_join(out) + ("\n" if out else "")
    if len(result.datasets) > 1:
        out += _across(result, L)
    cover = coverage_lines(result.coverage, lang)
    if cover:
        out += [L["coverage"], *cover, ""]
    c = counts(result.findings)
    if lang == "en":
        summary = (f"{len(result.datasets)} dataset(s): {c['error']} error(s), {c['warning']} warning(s), "
                   f"{c['info']} info, {c['waived']} waived")
    else:
        summary = (f"{len(result.datasets)} dataset: {c['error']} kesalahan, {c['warning']} peringatan, "
                   f"{c['info']} info, {c['waived']} dikecualikan")
    out.append(summary)
    return _safe_join(out) + "\n"


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


def _waiver_note(f, lang: str) -> str:
    """Who waived a finding and why, in the message column of the waived group."""
    if not f.waived:
        return ""
    from lkjcheck.i18n import say
    from lkjcheck.report.common import waiver_fields

    w = waiver_fields(f)
    who = say("report.waived_by", lang, [("by", w["by"])]) if w["by"] else ""
    until = say("report.waived_until", lang, [("until", w["until"])]) if w["until"] else ""
    return " [" + say("report.waived_note", lang, [("justification", w["justification"]), ("by", who),
                                                    ("until", until)]) + "]"


def _statistics(result: RunResult, lang: str) -> str:
    """--statistics: one line per rule with its count, most frequent first (as ruff does)."""
    per: dict[str, list] = {}
    for f in result.findings:
        if not f.waived:
            e = per.setdefault(f.rule, [0, f.severity, f.title or f.rule])
            e[0] += 1
    rows = [[n, rule, sev, title] for rule, (n, sev, title) in sorted(per.items(), key=lambda kv: (-kv[1][0], kv[0]))]
    return (tabulate(rows, headers=_labels(lang)["stats_head"], tablefmt="simple") if rows else _labels(lang)["none"]) + "\n"
