"""The same quantity (same name, same qualifiers, the report year only) stated with different figures
in two sentences of the report.

A pattern may capture what its figure is of as the group ``subjek`` (an
indicator's name: "realisasi Angka Kematian Bayi sebesar 9,53"); the name, in
any case and spacing, is then part of the quantity, so the target of one
indicator is compared only with the target of the same indicator."""
from __future__ import annotations

from lkjcheck import i18n

from lkjcheck.checks.text.claims import claim_windows, shown as _shown
from lkjcheck.checks.text.figures import read_figure
from lkjcheck.checks.text.ledger import RIGHT, WRONG, note
from lkjcheck.checks.text.params import ParamError, REQUIRED
from lkjcheck.safety import regexcache

NAME = "konsisten"
PARAMS = {"grammar": ("grammar", {}), "patterns": ("regex_list", REQUIRED), "qualifiers": ("regex", None),
          "skip": ("regex", None), "trigger": ("regex", None), "join_colon": ("bool", False)}
GROUPS = {"angka"}


def validate(params: dict) -> None:
    for p in params["patterns"]:
        if not isinstance(p.options.get("quantity"), str):
            raise ParamError("checks.pattern_needs_quantity", source=repr(p.source))


_YEAR_IN_TEXT = regexcache.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def run(rule, ctx) -> list:
    """The same quantity (same name, same qualifiers, the report year only) stated with different figures."""
    p, lang, out = rule.params, ctx.lang, []
    first: dict = {}
    for i, sent, text in claim_windows(ctx, rule):
        if any(int(y) != ctx.year for y in _YEAR_IN_TEXT.findall(text)):
            continue            # another year is named: a comparison, not a restatement
        if p["skip"] is not None and ctx.search(p["skip"].regex, text, p["skip"].source):
            continue
        quals = frozenset(" ".join(q.split()).lower() for q in (
            m.group() for m in ctx.finditer(p["qualifiers"], text))) if p["qualifiers"] is not None else frozenset()
        for pat in p["patterns"]:
            for m in ctx.finditer(pat, text):
                n = read_figure(m.group("angka"))
                if n is None or n.value <= 0:
                    continue
                name = pat.options["quantity"]
                # "realisasi Angka Kematian Bayi sebesar …": what the figure is of is part of the quantity
                subject = " ".join(m.group("subjek").split()) if "subjek" in m.re.groupindex and m.group(
                    "subjek") else None
                key = (name, subject.lower() if subject else None, quals)
                start = sent.doc_offset(m.start("angka"))
                if key not in first:
                    first[key] = (n, start)
                    continue
                ref, where = first[key]
                same = abs(ref.value - n.value) <= ref.radius + n.radius
                note(ctx, NAME, start, RIGHT if same else WRONG, quote=ctx.quote_text(text),
                     result=f"{_shown(ref, lang)} (:{ctx.doc.position(where)[0]})", stated=_shown(n, lang))
                if same:
                    continue
                label = pat.options.get("label") or {}
                of = f" \"{subject}\"" if subject else ""
                out.append(ctx.finding(
                    "klaim.konsisten", start, start + 1, quote=ctx.quote_text(text),
                    expected=_shown(ref, lang), actual=_shown(n, lang), baris=ctx.doc.position(where)[0],
                    besaran=i18n.Label(label.get("id", name) + of, label.get("en", name) + of)))
    return out
