"""The running text: the report's identity, its signature blocks and the claims in its prose."""
from __future__ import annotations

import bisect
import re

from lkjcheck.read.document import TextLine, Where

from lkjcheck.extract.spec import Spec, norm
from lkjcheck.extract.values import _HEADING, Extracted, Val


class _Prose:
    """The running text as one string, so a sentence may cross a line break."""

    def __init__(self, lines: list[TextLine]):
        parts, self.starts, self.lines, self.shift = [], [], [], []
        pos = 0
        for ln in lines:
            m = _HEADING.match(ln.text)
            cut = m.end() if m else 0
            t = ln.text[cut:]
            self.starts.append(pos)
            self.lines.append(ln)
            self.shift.append(cut)
            parts.append(t)
            pos += len(t) + 1
        self.text = "\n".join(parts)

    def at(self, offset: int) -> tuple[TextLine, int]:
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return self.lines[i], offset - self.starts[i] + self.shift[i] + 1

    def around(self, start: int, end: int) -> str:
        """The claim's own words: the match with a little of the sentence before it."""
        sent = self.sentence(start, end)
        own = " ".join(self.text[start:end].split())
        i = sent.find(own)
        if i < 0:
            return own
        lead = sent[max(0, i - 60):i]
        lead = lead[lead.find(" ") + 1:] if i > 60 and " " in lead else lead
        return (("..." if i > 60 else "") + lead + own).strip()

    def sentence(self, start: int, end: int) -> str:
        """The sentence around text[start:end]: from the last full stop (or
        paragraph end) before it to the next one after it."""
        a = max((m.end() for m in _STOP.finditer(self.text, max(0, start - 600), start)), default=max(0, start - 600))
        m = _STOP.search(self.text, end)
        b = m.start() + 1 if m else len(self.text)
        return " ".join(self.text[a:b].split())


_STOP = re.compile(r"[.!?:;](?=\s)|\n(?=\n)|[.:;]\n")


def _where_at(prose: _Prose, offset: int) -> tuple[Where, int]:
    ln, col = prose.at(offset)
    return ln.where, col


def _identity(out: Extracted, spec: Spec, lines: list[TextLine], year: int | None) -> None:
    head = lines[: spec.head_lines]
    for pats, key in ((spec.agency_patterns, "instansi"), (spec.year_patterns, "tahun")):
        for p in pats:
            for ln in head:
                m = p.search(_HEADING.sub("", ln.text))
                if m:
                    out.laporan.setdefault(key, Val(m.group(1).strip(" ,."), ln.where, ln.text))
                    break
            if key in out.laporan:
                break
    for role, section in spec.signatures.items():
        start = next((i for i, ln in enumerate(lines) if section.search(ln.text)), None)
        if start is None:
            if role not in spec.signature_anywhere:
                continue
            start = -1
        for i in range(start + 1, min(len(lines), start + 200)):
            m = spec.signature_place.match(lines[i].text)
            if not m:
                continue
            ln = lines[i]
            out.laporan[f"{role}_tempat"] = Val(m.group("tempat").strip(), ln.where, ln.text)
            out.laporan[f"{role}_tanggal"] = Val(m.group("tanggal").strip(), ln.where, ln.text)
            for k in range(i + 1, min(len(lines), i + 1 + spec.signature_reach)):
                t = spec.signature_title.match(lines[k].text)
                if t:
                    out.laporan[f"{role}_jabatan"] = Val(t.group("jabatan").strip(), lines[k].where, lines[k].text)
                nm = spec.signature_name.match(lines[k].text)
                if nm:
                    out.laporan[f"{role}_nama"] = Val(nm.group("nama").strip(" ,"), lines[k].where, lines[k].text)
                    out.laporan[f"{role}_nip"] = Val(nm.group("nip").strip(), lines[k].where, lines[k].text)
                    break
            break


def _claims(out: Extracted, spec: Spec, rec, prose: _Prose, pending) -> None:
    """Every claim pattern over the prose; `rec` (the table recogniser) numbers the rows."""
    rows = out.tables.setdefault("klaim", [])
    found: list[tuple[int, dict]] = []
    taken: set[tuple[int, int]] = set()
    table_marks = [(prose.starts[i] if i < len(prose.starts) else len(prose.text), name, r)
                   for i, name, r in pending]
    for cp in spec.claims:
        count = 0
        for m in cp.regex.finditer(prose.text):
            if cp.context is not None and not cp.context.search(prose.sentence(m.start(), m.end())):
                continue
            count += 1
            words = prose.sentence(m.start(), m.end())
            group_rows = []
            for c in cp.claims:
                g = c.get("nilai")
                if not g or m.group(g) is None:
                    continue
                span = m.span(g)
                if span in taken:
                    continue
                taken.add(span)
                where, col = _where_at(prose, span[0])
                acuan = c.get("acuan")
                if isinstance(acuan, dict) and "grup" in acuan:
                    acuan = spec.source_alias.get(norm(m.group(acuan["grup"]) or ""), m.group(acuan["grup"]))
                elif acuan == "tabel_sebelumnya":
                    acuan = _table_before(out, table_marks, m.start())
                    if acuan is None:
                        continue
                elif acuan == "urutan":
                    acuan = str(count)
                more = {}
                for extra in ("nilai_awal", "nilai_akhir"):
                    if c.get(extra) and m.group(c[extra]) is not None:
                        w2, c2 = _where_at(prose, m.start(c[extra]))
                        more[extra] = Val(m.group(c[extra]).strip(), w2, words, c2)
                row = rec.claim_row(c["besaran"], acuan, Val(m.group(g).strip(), where, words, col),
                                    _section_of(prose, span[0]), quote=prose.around(m.start(), m.end()), **more)
                group_rows.append(row)
                found.append((span[0], row))
            for r in group_rows:
                r["_bersama"] = group_rows
            if cp.hibah and group_rows:
                h = {}
                for col, g in cp.hibah.items():
                    if g == "urutan":
                        h[col] = Val(str(count), group_rows[0]["nilai"].where, words)
                    elif m.group(g) is not None:
                        w2, c2 = _where_at(prose, m.start(g))
                        h[col] = Val(m.group(g).strip(), w2, words, c2)
                out.tables.setdefault("hibah", []).append(h)
    rows.extend(r for _, r in found)
    # In the document's order (the claim rules take the first statement of a
    # figure as the one the others must agree with); codes follow that order,
    # a reviewer reads K085-2 as "line 85, second claim".
    rows.sort(key=lambda r: (r["nilai"].where.page or 0, r["nilai"].where.line or 0,
                             r["nilai"].where.paragraph or 0, r["nilai"].col or 0))
    seen: dict = {}
    for row in rows:
        w = row["nilai"].where
        line = w.line or w.paragraph or 0
        n = seen.get((w.page, line), 0) + 1
        seen[(w.page, line)] = n
        code = f"K{line:03d}-{n}" if w.page is None else f"K{w.page}.{line}-{n}"
        row["kode"] = Val(code, row["kode"].where, row["kode"].words)


def _section_of(prose: _Prose, offset: int) -> str:
    idx = max(bisect.bisect_right(prose.starts, offset) - 1, 0)
    for k in range(idx, -1, -1):
        t = prose.lines[k].text
        if _HEADING.match(t):
            return t.strip("# ").strip()
    return ""


def _table_before(out: Extracted, marks, offset: int):
    best = None
    for pos, name, r in marks:
        if pos <= offset and name in ("rincian_kinerja", "pengukuran_kinerja"):
            best = (name, r)
    if best is None:
        return None
    rows = out.tables.get(best[0], [])
    if best[1] < len(rows) and "kode" in rows[best[1]]:
        return rows[best[1]]["kode"].text
    return None


def _budget_from_claims(out: Extracted, spec: Spec) -> None:
    if out.tables.get("anggaran") or not spec.budget_from_claims:
        return
    m = spec.budget_from_claims
    by_source: dict[str, dict[str, Val]] = {}
    for row in out.tables.get("klaim", []):
        src = row["acuan"].text if "acuan" in row else "total"
        b = row["besaran"].text
        d = by_source.setdefault(src, {})
        if b == m.get("pagu") and "pagu" not in d:
            d["pagu"] = row["nilai"]
        elif b == m.get("pagu_awal") and "pagu_awal" not in d:
            d["pagu_awal"] = row["nilai"]
        elif b == m.get("realisasi") and "realisasi" not in d:
            partner = [r for r in row.get("_bersama", []) if r["besaran"].text == m.get("persen")]
            if partner:
                d["realisasi"] = row["nilai"]
                d["persen"] = partner[0]["nilai"]
    rows = []
    for src in ("rutin", "hibah", "total"):
        d = by_source.get(src)
        if d and ("pagu" in d or "realisasi" in d):
            anchor = next(iter(d.values()))
            rows.append({"sumber": Val(src, anchor.where, anchor.words), **d})
    if rows:
        out.tables["anggaran"] = rows
