"""Regulations cited ("Peraturan Presiden Nomor 29 Tahun 2014 tentang ...") held against the rule pack's reviewed
table of SAKIP regulations: the year, the kind of regulation and the quoted title must be those of the
regulation the citation is about."""
from __future__ import annotations

import difflib

from lkjcheck import i18n
from lkjcheck.checks.text.ledger import RIGHT, UNCHECKED, WRONG, note
from lkjcheck.checks.text.params import REQUIRED
from lkjcheck.safety import regexcache

NAME = "regulasi"
PARAMS = {"grammar": ("grammar", {}), "patterns": ("regex_list", REQUIRED), "kinds": ("kinds", REQUIRED),
          "table": ("regulations", REQUIRED), "min_title_similarity": ("number", 0.8)}
GROUPS = {"jenis", "nomor", "tahun"}


_WORDS = regexcache.compile(r"[a-z]+")


def _words(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _kind_of(rule, text: str) -> str | None:
    for kind, rx in rule.params["kinds"].items():
        if rx.fullmatch(" ".join(text.split())):
            return kind
    return None


def run(rule, ctx) -> list:
    p, out = rule.params, []
    table = p["table"]
    for sent in ctx.sentences_for(p["patterns"]):
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
                start = sent.doc_offset(m.start())
                cited = ctx.quote_text(text[m.start():m.end()])
                known = any(e["nomor"] == nomor and (e["jenis"] == kind or e["tahun"] == tahun) for e in table)
                note(ctx, NAME, start, WRONG if f else RIGHT if known else UNCHECKED, quote=cited,
                     why=None if f or known else "not_in_table",
                     result="" if f is None else i18n.show(f[1].get("expected"), ctx.lang),
                     stated=None if f is None else i18n.show(f[1].get("actual"), ctx.lang))
                if f is None:
                    continue
                key, values = f
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
