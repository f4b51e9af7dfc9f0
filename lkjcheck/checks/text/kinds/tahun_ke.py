"""A year's place in a plan period: "tahun kedua pelaksanaan Renstra 2019–2024" must be the report year's (or
the named year's) place in that period."""
from __future__ import annotations

from lkjcheck.checks.text.ledger import RIGHT, UNCHECKED, WRONG, note
from lkjcheck.checks.text.params import REQUIRED

NAME = "tahun_ke"
PARAMS = {"grammar": ("grammar", {}), "patterns": ("regex_list", REQUIRED), "ordinals": ("ordinals", REQUIRED)}
GROUPS = {"ke", "awal", "akhir"}


def run(rule, ctx) -> list:
    p, out = rule.params, []
    for sent in ctx.sentences_for(p["patterns"]):
        for pat in p["patterns"]:
            for m in ctx.finditer(pat, sent.text):
                word = m.group("ke").lower().replace("-", "").replace(" ", "")
                n = int(word) if word.isdigit() else p["ordinals"].get(word)
                if n is None and word.startswith("ke") and word[2:].isdigit():
                    n = int(word[2:])
                if n is None:
                    continue
                awal, akhir = int(m.group("awal")), int(m.group("akhir"))
                year = int(m.group("tahun")) if "tahun" in m.re.groupindex and m.group("tahun") else ctx.year
                start = sent.doc_offset(m.start("ke"))
                quote = ctx.quote_text(sent.text)
                if not (1900 < awal <= akhir < awal + 30):
                    note(ctx, NAME, start, UNCHECKED, quote=quote, why="out_of_range")
                    continue
                expected = year - awal + 1
                note(ctx, NAME, start, RIGHT if expected == n else WRONG, quote=quote,
                     result=f"{year} − {awal} + 1 = {expected}", stated=str(n))
                if expected == n:
                    continue
                key = "ref.tahun_ke" if awal <= year <= akhir else "ref.tahun_luar"
                out.append(ctx.finding(key, start, start + 1, quote=ctx.quote_text(sent.text), tahun=year,
                                       awal=awal, akhir=akhir, expected=str(expected), actual=str(n)))
    return out
