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

from dataclasses import dataclass

from lkjcheck import i18n

RIGHT, WRONG, UNCHECKED = "right", "wrong", "unchecked"


@dataclass(frozen=True)
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


i18n.register({
    "claim.status.right": {"id": "benar", "en": "right"},
    "claim.status.wrong": {"id": "salah", "en": "wrong"},
    "claim.status.unchecked": {"id": "tidak diperiksa", "en": "not checked"},
    "claim.heading": {"id": "Klaim yang dikenali di {file}: {n} ({right} benar, {wrong} salah, {unchecked} tidak "
                            "diperiksa)",
                      "en": "Claims recognised in {file}: {n} ({right} right, {wrong} wrong, {unchecked} not "
                            "checked)"},
    "claim.none": {"id": "Tidak ada klaim angka yang dikenali.", "en": "No figure claims were recognised."},
    "claim.because": {"id": "sebab", "en": "because"},
    "claim.stated": {"id": "tertulis {stated}", "en": "stated {stated}"},
    # reasons shared by several kinds
    "claim.why.no_figures": {"id": "angka pembandingnya tidak ada di kalimat atau sebelumnya",
                             "en": "the figures to recompute it from are not in the sentence or the one before"},
    "claim.why.zero": {"id": "pembaginya nol", "en": "its divisor is zero"},
    "claim.why.no_budget": {"id": "pagu tidak disebut dan tidak ada data anggaran",
                            "en": "no budget is stated and there is no budget data"},
    "claim.why.unreadable": {"id": "angkanya tidak terbaca pasti", "en": "a figure cannot be read unambiguously"},
    "claim.why.few_parts": {"id": "kurang dari dua rincian berangka", "en": "fewer than two parts with a figure"},
    "claim.why.part_without_figure": {"id": "ada rincian tanpa angka", "en": "a part has no figure"},
    "claim.why.count_differs": {"id": "banyak rincian tidak sama dengan yang disebut",
                                "en": "the number of parts differs from the number stated"},
    "claim.why.no_table": {"id": "tidak ada tabel yang kolomnya lengkap di atasnya",
                           "en": "no table with a complete column above it"},
    "claim.why.other_year": {"id": "menyebut tahun lain (perbandingan)",
                             "en": "it names another year (a comparison)"},
    "claim.why.no_direction_word": {"id": "kata perbandingannya tidak dikenali",
                                    "en": "the word of comparison is not recognised"},
    "claim.why.not_in_table": {"id": "peraturan itu tidak ada di tabel regulasi",
                               "en": "the regulation is not in the table of regulations"},
    "claim.why.out_of_range": {"id": "periodenya tidak masuk akal", "en": "the period is implausible"},
})


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
