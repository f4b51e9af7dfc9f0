"""An amount and its words ("Rp 1.500.000 (satu juta lima ratus ribu rupiah)") that say different numbers."""
from __future__ import annotations

from lkjcheck import i18n
from lkjcheck.checks.text.figures import amount as _amount, num as _num
from lkjcheck.checks.text.params import REQUIRED
from lkjcheck.checks.text.terbilang import number_to_words, words_to_number

NAME = "terbilang"
PARAMS = {"patterns": ("regex_list", REQUIRED)}
GROUPS = {"angka", "kata"}


def run(rule, ctx) -> list:
    out, seen = [], set()
    for pat in rule.params["patterns"]:
        for m in ctx.finditer(pat):
            if m.start() in seen:
                continue
            raw = m.group("angka") or ""
            n = _num(raw, "rupiah" if raw.strip().lower().startswith("rp") else None)
            if n is None or not n.is_integral() or n.value < 0 or not m.group("kata"):
                continue
            said = words_to_number(m.group("kata"))
            if said is None:        # not number words at all, e.g. "(performance plan)"
                continue
            seen.add(m.start())
            value = int(n.value)
            if said == value:
                continue
            written = " ".join(m.group("kata").split())
            shown = _amount(n) if n.kind == "rupiah" else i18n.Figure(n.value, 0)
            out.append(ctx.finding("teks.terbilang", m.start(), m.end(), expected=number_to_words(value),
                                   actual=written, angka=shown, kata_nilai=i18n.Figure(said, 0)))
    return out
