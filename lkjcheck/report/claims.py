"""`lkjcheck text --claims`: every claim the text checks recognised, as text or JSON.

The list is for the reviewer deciding how far to trust a clean result: it shows
what was recomputed and let pass, and what was seen but not checked and why.
"""
from __future__ import annotations

import json

from lkjcheck import i18n
from lkjcheck.checks.text.ledger import UNCHECKED, summary
from lkjcheck.safety.text import json_escape_raw, one_line

FORMATS = ("text", "json")
SCHEMA_VERSION = 1


def render(fmt: str, claims: list, file: str, year: int, lang: str) -> str:
    return _json(claims, file, year, lang) if fmt == "json" else _text(claims, file, lang)


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


def _json(claims: list, file: str, year: int, lang: str) -> str:
    doc = {"schema_version": SCHEMA_VERSION, "file": file, "year": year, "lang": lang,
           "summary": {"claims": len(claims), **summary(claims)},
           "claims": [c.as_dict(lang) for c in claims]}
    return json_escape_raw(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"
