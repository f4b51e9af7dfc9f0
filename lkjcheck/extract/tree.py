"""Extracted values → the tree lkj.yaml gives the loader, and lkj.yaml itself.

In the tree, every scalar's `line` is a number standing for one place in the
report; `relocate` turns it back into a Location on the page, line or cell,
so a finding on an extracted figure points at the document, not at a file
that was never written.
"""
from __future__ import annotations

import json

from lkjcheck.findings import Location
from lkjcheck.read.yamlsafe import Mapping, Scalar, Sequence

from lkjcheck.extract.values import Extracted, Val

# Table order in lkj.yaml, as a person would read the report.
ORDER = ("laporan", "perjanjian_kinerja", "rencana_kinerja", "pengukuran_kinerja", "rincian_kinerja",
         "anggaran", "hibah", "pegawai", "rekap_pegawai", "klaim")
_NESTED = ("penandatangan", "reviu")


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
    def __init__(self, ex: Extracted, year: int | None):
        self.ex = ex
        self.relocate: dict[int, tuple[Location, str]] = {}
        self.data = Mapping()
        self.data.line = 1
        lap = dict(ex.laporan)
        if year is not None:
            src = lap.get("tahun")
            lap["tahun"] = Val(str(year), src.where if src else _first_where(ex), src.words if src else "--tahun")
        self._put("laporan", self._row(lap))
        for name in ORDER[1:]:
            rows = ex.tables.get(name)
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
_BOOLISH = {"no", "yes", "on", "off", "y", "n", "true", "false"}


def _key(k: str) -> str:
    return _q(k) if k.lower() in _BOOLISH else k


def to_yaml(ex: Extracted, year: int | None, text_file: str | None) -> str:
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
    lap = dict(ex.laporan)
    if year is not None and "tahun" not in lap:
        lap["tahun"] = Val(str(year), _first_where(ex), "--tahun")
    elif year is not None:
        lap["tahun"] = Val(str(year), lap["tahun"].where, lap["tahun"].words)
    out.append("laporan:")
    for k, v in lap.items():
        out.append(f"  {k}: {_q(v.text)}  {_comment(v, kind)}")
    for name in ORDER[1:]:
        rows = ex.tables.get(name)
        if not rows:
            continue
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
            out.append(f"  - {{aturan: {n.rule}, tingkat: {n.severity}, lokasi: {_q(str(loc))}, "
                       f"tabel: {_q(n.table or '')}, pesan: {_q(n.message_id)}, pesan_en: {_q(n.message_en)}}}")
            if n.words:
                w = " ".join(n.words.replace("\t", " | ").split())[:110]
                out.append(f"    # «{w}»")
    out.append("")
    return "\n".join(out)
