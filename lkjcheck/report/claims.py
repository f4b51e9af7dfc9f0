"""`lkjcheck text --claims`: every claim the text checks recognised, added to the findings report (text or JSON).

The list is for the reviewer deciding how far to trust a clean result: it shows
what was recomputed and let pass, and what was seen but not checked and why.
It comes with the findings, never instead of them: a reviewer asking what was
checked still needs to see what was wrong.
"""
from __future__ import annotations

import json

from lkjcheck import i18n
from lkjcheck.checks.text.ledger import UNCHECKED, summary
from lkjcheck.safety.text import json_escape_raw, one_line

FORMATS = ("text", "json")


def add_to_report(fmt: str, report: str, claims: list, file: str, lang: str) -> str:
    """The findings report of ``fmt`` (text or JSON, as its renderer wrote it) with the claims added.

    Text: the claims section after the report. JSON: one more top-level key,
    ``claims`` (``{summary, items}``), spliced in before the closing brace so
    the findings part stays byte for byte what ``-f json`` writes without it.
    """
    if fmt != "json":
        return report + ("" if report.endswith("\n") else "\n") + "\n" + _text(claims, file, lang)
    body = report.rstrip()      # "{ … }": the renderer writes one object
    part = {"summary": {"claims": len(claims), **summary(claims)}, "items": [c.as_dict(lang) for c in claims]}
    encoded = json_escape_raw(json.dumps(part, ensure_ascii=False, indent=2).replace("\n", "\n  "))
    return body[:-1].rstrip() + ',\n  "claims": ' + encoded + "\n}\n"


def _text(claims: list, file: str, lang: str) -> str:
    counts = summary(claims)
    out = [one_line(i18n.t("claim.heading", lang, file=file, n=len(claims), **counts))]
    if not claims:
        out.append(i18n.t("claim.none", lang))
    for c in claims:
        d = c.as_dict(lang)
        head = f"{file}:{c.line}:{c.column} {c.rule} [{d['status_label']}] {d['kind_label']}"
        out.append(one_line(head))
        if c.status == UNCHECKED:
            out.append("    " + one_line(f"{i18n.t('claim.because', lang)}: {d['reason']}"))
        elif c.result:
            stated = f" ({i18n.t('claim.stated', lang, stated=c.stated)})" if c.stated else ""
            out.append("    " + one_line(f"{c.result}{stated}"))
        out.append("    \u201c" + one_line(c.quote) + "\u201d")
    return "\n".join(out) + "\n"
