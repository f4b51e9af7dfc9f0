"""References a report makes to the outside: regulations it cites, the plan period it is in, how it writes decimals.

* ``regulasi``: a citation ("Peraturan Presiden Nomor 29 Tahun 2015 tentang ...")
  is held against the rule pack's reviewed table of SAKIP regulations: the
  year, the kind of regulation and the quoted title must be those of the
  regulation the citation is about.
* ``tahun_ke``: "tahun kedua pelaksanaan Renstra 2019–2024" must be the report
  year's place in that period.
* ``pemisah_desimal``: the same figure written "98,15" in one place and
  "98.15" in another.
"""
from __future__ import annotations

import difflib

import regex

from lkjcheck import i18n

i18n.register({
    "ref.tahun": {
        "id": "{jenis} Nomor {nomor} {judul_pendek} ditetapkan tahun {expected}, bukan {actual}: \"{quote}\"",
        "en": "{jenis} number {nomor} {judul_pendek} was issued in {expected}, not {actual}: \"{quote}\"",
    },
    "ref.jenis": {
        "id": "Nomor {nomor} Tahun {tahun} tentang {judul} adalah {expected}, bukan {actual}: \"{quote}\"",
        "en": "Number {nomor} of {tahun} on {judul} is a {expected}, not a {actual}: \"{quote}\"",
    },
    "ref.judul": {
        "id": "Judul {jenis} {nomor}/{tahun} dikutip keliru: \"{actual}\"; judul resminya \"{expected}\"",
        "en": "The title of {jenis} {nomor}/{tahun} is misquoted: \"{actual}\"; its official title is \"{expected}\"",
    },
    "ref.tahun_ke": {
        "id": "Tahun {tahun} adalah tahun ke-{expected} periode {awal}–{akhir}, bukan tahun ke-{actual}: \"{quote}\"",
        "en": "{tahun} is year {expected} of the period {awal}–{akhir}, not year {actual}: \"{quote}\"",
    },
    "ref.tahun_luar": {
        "id": "Tahun {tahun} berada di luar periode {awal}–{akhir}, tetapi disebut tahun ke-{actual}: \"{quote}\"",
        "en": "{tahun} lies outside the period {awal}–{akhir}, yet is called year {actual} of it: \"{quote}\"",
    },
    "ref.desimal": {
        "id": "Angka {actual} ditulis dengan titik desimal, padahal di tempat lain ditulis {expected} (koma desimal)",
        "en": "The figure {actual} is written with a decimal point, while elsewhere it is written {expected} "
              "(decimal comma)",
    },
})

_WORDS = regex.compile(r"[a-z]+")


def _words(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _kind_of(rule, text: str) -> str | None:
    for kind, rx in rule.params["kinds"].items():
        if rx.fullmatch(" ".join(text.split())):
            return kind
    return None


def regulasi(rule, ctx) -> list:
    p, out, lang = rule.params, [], ctx.lang
    table = p["table"]
    for sent in ctx.sentences():
        text = sent.text
        for pat in p["patterns"]:
            for m in ctx.finditer(pat, text):
                kind = _kind_of(rule, m.group("jenis"))
                try:
                    nomor, tahun = int(m.group("nomor")), int(m.group("tahun"))
                except (TypeError, ValueError):
                    continue
                judul = m.group("judul") if "judul" in m.re.groupindex else None
                about = text[m.start():m.end() + 200]
                f = _judge(rule, ctx, table, kind, nomor, tahun, judul, about, m.group("jenis"))
                if f is None:
                    continue
                key, values = f
                start = sent.doc_offset(m.start())
                out.append(ctx.finding(key, start, sent.doc_offset(m.end() - 1) + 1,
                                       quote=ctx.quote_text(text[m.start():m.end()]), **values))
    return out


def _judge(rule, ctx, table, kind, nomor, tahun, judul, about, written):
    lang = ctx.lang
    def is_about(e):
        return e["subjek"] is None or ctx.search(e["subjek"], about)
    same = [e for e in table if e["jenis"] == kind and e["nomor"] == nomor]
    exact = [e for e in same if e["tahun"] == tahun]
    if exact:
        e = exact[0]
        if judul:
            # Compared word by word: OCR that garbles a few words ("Peiaporan", "darr") or drops
            # them is a misquote, a shortened but exact title is not.
            official, cited = _words(e["judul"]).split(), _words(judul).split()
            cited = cited[:len(official) + 2]
            ratio = difflib.SequenceMatcher(None, official, cited, autojunk=False).ratio()
            if ratio < rule.params["min_title_similarity"] and len(cited) >= len(official) * 0.6:
                return "ref.judul", dict(jenis=e["jenis"], nomor=nomor, tahun=tahun, expected=e["judul"],
                                         actual=" ".join(judul.split()))
        return None
    # Same kind and number, another year, and the citation is about that regulation.
    for e in same:
        if is_about(e):
            return "ref.tahun", dict(jenis=e["jenis"], nomor=nomor, expected=str(e["tahun"]), actual=str(tahun),
                                     judul_pendek=("tentang " + e["judul"]) if lang == "id" else f"({e['judul']})")
    # Same number and year, another kind of regulation, about the same subject.
    for e in table:
        if e["nomor"] == nomor and e["tahun"] == tahun and e["jenis"] != kind and e["subjek"] is not None \
                and is_about(e):
            return "ref.jenis", dict(nomor=nomor, tahun=tahun, judul=e["judul"], expected=e["jenis"],
                                     actual=" ".join(written.split()))
    return None


def tahun_ke(rule, ctx) -> list:
    p, out = rule.params, []
    for sent in ctx.sentences():
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
                if not (1900 < awal <= akhir < awal + 30):
                    continue
                expected = year - awal + 1
                if expected == n:
                    continue
                key = "ref.tahun_ke" if awal <= year <= akhir else "ref.tahun_luar"
                start = sent.doc_offset(m.start("ke"))
                out.append(ctx.finding(key, start, start + 1, quote=ctx.quote_text(sent.text), tahun=year,
                                       awal=awal, akhir=akhir, expected=str(expected), actual=str(n)))
    return out


def pemisah_desimal(rule, ctx) -> list:
    """Report figures written with a decimal point when the same figure appears with a comma."""
    points, commas = {}, set()
    for pat in rule.params["patterns"]:
        for m in ctx.finditer(pat):
            raw = m.group("angka")
            whole, sep, frac = raw.partition("." if "." in raw else ",")
            key = (whole, frac)
            if sep == ".":
                points.setdefault(key, []).append(m)
            else:
                commas.add(key)
    out = []
    for key, ms in points.items():
        if key not in commas:
            continue
        for m in ms:
            s, e = m.span("angka")
            out.append(ctx.finding("ref.desimal", s, e, expected=f"{key[0]},{key[1]}", actual=m.group("angka")))
    return out
