"""Extracted values → the tree lkj.yaml gives the loader, and lkj.yaml itself.

In the tree, every scalar's `line` is a number standing for one place in the
report; `relocate` turns it back into a Location on the page, line or cell,
so a finding on an extracted figure points at the document, not at a file
that was never written.
"""
from __future__ import annotations

import json
import re

from lkjcheck.findings import Location
from lkjcheck.read.yamlsafe import Mapping, Scalar, Sequence

from lkjcheck.extract.values import Extracted, Val


def _order(ex: Extracted, model) -> list[str]:
    """The extracted tables in lkj.yaml's order: the model's, which follows the report as a person reads it."""
    return [name for name in model.tables if name != model.identity.table and ex.tables.get(name)]


def location_of(v: Val, kind: str) -> Location:
    w = v.where
    if w.page is not None:
        return Location(w.file, line=w.line, page=w.page)
    if kind == "docx":
        if w.table is not None:
            return Location(w.file, cell=f"tabel {w.table}, baris {w.row}, kolom {w.column_name or w.column}")
        return Location(w.file, cell=f"paragraf {w.paragraph}")
    return Location(w.file, w.line, v.col)


class Tree:
    def __init__(self, ex: Extracted, year: int | None, model):
        self.ex = ex
        self.relocate: dict[int, tuple[Location, str]] = {}
        self.data = Mapping()
        self.data.line = 1
        who = model.identity
        lap = dict(ex.laporan)
        if year is not None and who.year:
            src = lap.get(who.year)
            lap[who.year] = Val(str(year), src.where if src else _first_where(ex), src.words if src else "--tahun")
        if who.table:
            self._put(who.table, self._row(lap))
        for name in _order(ex, model):
            rows = ex.tables[name]
            if rows:
                seq = Sequence()
                seq.line = self._id(_first_val(rows[0]))
                for r in rows:
                    seq.append(self._row(r))
                self._put(name, seq)

    def _id(self, v: Val | None) -> int:
        n = len(self.relocate) + 1
        if v is None:
            self.relocate[n] = (Location(self.ex.document.path), "")
        else:
            self.relocate[n] = (location_of(v, self.ex.document.kind), v.words)
        return n

    def _put(self, key: str, value) -> None:
        self.data[key] = value
        self.data.key_lines[key] = value.line

    def _row(self, r: dict[str, Val]) -> Mapping:
        m = Mapping()
        m.line = 0
        for k, v in r.items():
            if k.startswith("_"):
                continue
            sid = self._id(v)
            m.line = m.line or sid
            m[k] = Scalar(v.text, "str", sid, None, True)
            m.key_lines[k] = sid
        return m


def _first_val(r: dict[str, Val]) -> Val | None:
    return next((v for k, v in r.items() if not k.startswith("_")), None)


def _first_where(ex: Extracted):
    from lkjcheck.read.document import Where
    return Where(ex.document.path, line=1)


# ------------------------------------------------------------------ lkj.yaml

def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _words(v: Val) -> str:
    words = " ".join(v.words.replace("\t", " | ").split())
    return words if len(words) <= 140 else words[:137] + "..."


def _comment(v: Val, kind: str, with_words: bool = True) -> str:
    words = _words(v) if with_words else ""
    return f"# {location_of(v, kind)}: «{words}»" if words else f"# {location_of(v, kind)}"


# Keys YAML 1.1 would read as booleans.
_BOOLISH = re.compile(r"(?i)(?:y|n|yes|no|on|off|true|false)")


def _key(k: str) -> str:
    return _q(k) if _BOOLISH.fullmatch(k) else k


def to_yaml(ex: Extracted, year: int | None, text_file: str | None, model) -> str:
    """lkj.yaml for a person to review: every value with its source as a comment."""
    kind = ex.document.kind
    out = [
        f"# Diekstrak oleh lkjcheck dari {ex.document.path}. Periksa setiap nilai terhadap",
        "# laporan (lokasi dan kata sumber ada di komentar), perbaiki bila perlu, lalu",
        "# jalankan `lkjcheck run` pada folder ini.",
        "lkjcheck: 1",
        "model: sakip",
    ]
    if text_file:
        out.append(f"laporan_teks: {_q(text_file)}")
    who = model.identity
    lap = dict(ex.laporan)
    if year is not None and who.year and who.year not in lap:
        lap[who.year] = Val(str(year), _first_where(ex), "--tahun")
    elif year is not None and who.year:
        lap[who.year] = Val(str(year), lap[who.year].where, lap[who.year].words)
    if who.table:
        out.append(f"{who.table}:")
        for k, v in lap.items():
            out.append(f"  {k}: {_q(v.text)}  {_comment(v, kind)}")
    for name in _order(ex, model):
        rows = ex.tables[name]
        out.append("")
        out.append(f"{name}:")
        for r in rows:
            first = True
            vals = [(k, v) for k, v in r.items() if not k.startswith("_")]
            if vals:
                # The printed row (or sentence) once; each value then says where it stands.
                out.append(f"  # «{_words(vals[0][1])}»")
            for k, v in vals:
                lead = "  - " if first else "    "
                first = False
                out.append(f"{lead}{_key(k)}: {_q(v.text)}  {_comment(v, kind, with_words=False)}")
    if ex.notes:
        out.append("")
        out.append("# Yang tidak terbaca atau tidak dikenali (juga dilaporkan sebagai temuan):")
        out.append("temuan_ekstraksi:")
        for n in ex.notes:
            loc = location_of(Val("", n.where, n.words), kind)
            out.append(f"  - {{rule: {n.rule}, severity: {n.severity}, location: {_q(str(loc))}, "
                       f"table: {_q(n.table or '')}, message: {_q(n.message_id)}, message_en: {_q(n.message_en)}}}")
            if n.words:
                w = " ".join(n.words.replace("\t", " | ").split())[:110]
                out.append(f"    # «{w}»")
    out.append("")
    return "\n".join(out)
