"""The claims the text checks recognised, for the reviewer who wants to see what was and was not checked.

A finding says what is wrong; a reviewer signing off a report also needs to know
what the tool read and let pass, and what it saw but could not check (a
capaian without its target, a total whose parts are not all figures). Each
kind that reads a claim notes it here: where it is, its sentence, whether it was
checked and, when it was, the recomputation. Noting costs nothing unless the
caller asked for the list (``check_document(..., claims=[])``).

The wording lives in the catalogue keys below and in each kind's own keys
(``claim.what.<kind>``, ``claim.why.<reason>``), in both languages.
"""
from __future__ import annotations

from lkjcheck import i18n
from lkjcheck.record import record

RIGHT, WRONG, UNCHECKED = "right", "wrong", "unchecked"


@record(frozen=True)
class Claim:
    rule: str
    what: str               # claim.what.<what>: the kind of claim
    line: int
    column: int
    quote: str
    status: str             # RIGHT, WRONG or UNCHECKED
    why: str | None = None  # claim.why.<why>: why it could not be checked
    result: str = ""        # the recomputation, worded in the run's language
    stated: str | None = None   # the figure as the text states it

    def as_dict(self, lang: str) -> dict:
        return {"rule": self.rule, "kind": self.what, "kind_label": i18n.t(f"claim.what.{self.what}", lang),
                "line": self.line, "column": self.column, "quote": self.quote, "status": self.status,
                "status_label": i18n.t(f"claim.status.{self.status}", lang),
                "checked": self.status != UNCHECKED,
                "reason": None if self.why is None else i18n.t(f"claim.why.{self.why}", lang),
                "stated": self.stated, "result": self.result}


def note(ctx, what: str, start: int, status: str, *, quote: str, why: str | None = None, result: str = "",
         stated=None) -> None:
    """Record one claim at document offset ``start`` when the run keeps the list of claims."""
    if ctx.claims is None:
        return
    line, col = ctx.doc.position(start)
    if stated is not None and not isinstance(stated, str):
        stated = i18n.show(stated, ctx.lang)
    ctx.claims.append(Claim(ctx.rule.id, what, line, col, quote, status, why, result, stated))


def summary(claims) -> dict:
    out = {RIGHT: 0, WRONG: 0, UNCHECKED: 0}
    for c in claims:
        out[c.status] += 1
    return out
