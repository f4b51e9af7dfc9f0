"""The running text: the report's identity, its signature blocks and the claims in its prose."""
from __future__ import annotations

import bisect
import re

from lkjcheck.read.document import TextLine, Where

from lkjcheck.extract.spec import PREVIOUS_TABLE, SEQUENCE, Spec, norm
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


def _identity(out: Extracted, spec: Spec, model, lines: list[TextLine]) -> None:
    head = lines[: spec.head_lines]
    who = model.identity
    for pats, key in ((spec.agency_patterns, who.agency), (spec.year_patterns, who.year)):
        if not key:
            continue
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
            _fields(out, role, m, lines[i])
            for k in range(i + 1, min(len(lines), i + 1 + spec.signature_reach)):
                _fields(out, role, spec.signature_title.match(lines[k].text), lines[k])
                nm = spec.signature_name.match(lines[k].text)
                if nm:
                    _fields(out, role, nm, lines[k])
                    break
            break


def _fields(out: Extracted, role: str, m: re.Match | None, ln: TextLine) -> None:
    """Each named group of a signature pattern is the report's column <role>_<group>."""
    for group, text in (m.groupdict() if m else {}).items():
        if text is not None:
            out.laporan[f"{role}_{group}"] = Val(text.strip().strip(" ,"), ln.where, ln.text)


def _subject(spec: Spec, c: dict, m: re.Match, out: Extracted, marks, count: int, code_col):
    """The claim's subject, or None when it names the table above and none is there."""
    subject = c.get("subject")
    if isinstance(subject, dict) and "group" in subject:
        g = m.group(subject["group"])
        return spec.source_alias.get(norm(g or ""), g)
    if subject == PREVIOUS_TABLE:
        return _table_before(out, spec, marks, m.start(), code_col)
    if subject == SEQUENCE:
        return str(count)
    return subject


def _claims(out: Extracted, spec: Spec, rec, prose: _Prose, pending, code_col: str | None) -> None:
    """Every claim pattern over the prose; `rec` (the table recogniser) numbers the rows."""
    cols = spec.claim_rows.columns
    value_col = cols["value"]
    rows = out.tables.setdefault(spec.claim_rows.table, [])
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
                g = c.get("value")
                if not g or m.group(g) is None:
                    continue
                span = m.span(g)
                if span in taken:
                    continue
                taken.add(span)
                where, col = _where_at(prose, span[0])
                subject = _subject(spec, c, m, out, table_marks, count, code_col)
                if subject is None and c.get("subject") == PREVIOUS_TABLE:
                    continue
                more = {}
                for column, extra in c["columns"].items():
                    if m.group(extra) is not None:
                        w2, c2 = _where_at(prose, m.start(extra))
                        more[column] = Val(m.group(extra).strip(), w2, words, c2)
                row = rec.claim_row(c["quantity"], subject, Val(m.group(g).strip(), where, words, col),
                                    _section_of(prose, span[0]), quote=prose.around(m.start(), m.end()), more=more)
                group_rows.append(row)
                found.append((span[0], row))
            for r in group_rows:
                r["_bersama"] = group_rows
            if cp.table_row and group_rows:
                table, columns = cp.table_row
                h = {}
                for column, g in columns.items():
                    if g == SEQUENCE:
                        h[column] = Val(str(count), group_rows[0][value_col].where, words)
                    elif m.group(g) is not None:
                        w2, c2 = _where_at(prose, m.start(g))
                        h[column] = Val(m.group(g).strip(), w2, words, c2)
                out.tables.setdefault(table, []).append(h)
    rows.extend(r for _, r in found)
    # In the document's order (the claim rules take the first statement of a
    # figure as the one the others must agree with); codes follow that order,
    # a reviewer reads K085-2 as "line 85, second claim".
    rows.sort(key=lambda r: (r[value_col].where.page or 0, r[value_col].where.line or 0,
                             r[value_col].where.paragraph or 0, r[value_col].col or 0))
    seen: dict = {}
    code = cols["code"]
    for row in rows:
        w = row[value_col].where
        line = w.line or w.paragraph or 0
        n = seen.get((w.page, line), 0) + 1
        seen[(w.page, line)] = n
        text = f"K{line:03d}-{n}" if w.page is None else f"K{w.page}.{line}-{n}"
        row[code] = Val(text, row[code].where, row[code].words)


def _section_of(prose: _Prose, offset: int) -> str:
    idx = max(bisect.bisect_right(prose.starts, offset) - 1, 0)
    for k in range(idx, -1, -1):
        t = prose.lines[k].text
        if _HEADING.match(t):
            return t.strip("# ").strip()
    return ""


def _table_before(out: Extracted, spec: Spec, marks, offset: int, code_col: str | None):
    best = None
    for pos, name, r in marks:
        if pos <= offset and name in spec.claim_rows.previous_tables:
            best = (name, r)
    if best is None or not code_col:
        return None
    rows = out.tables.get(best[0], [])
    if best[1] < len(rows) and code_col in rows[best[1]]:
        return rows[best[1]][code_col].text
    return None


def _budget_from_claims(out: Extracted, spec: Spec) -> None:
    b = spec.budget_from_claims
    if b is None or out.tables.get(b.table):
        return
    cols = spec.claim_rows.columns
    subject_col, quantity_col, value_col = cols.get("subject"), cols["quantity"], cols["value"]
    lead, partners = (next(iter(b.paired.items())), list(b.paired.items())[1:]) if b.paired else (None, [])
    by_source: dict[str, dict[str, Val]] = {}
    for row in out.tables.get(spec.claim_rows.table, []):
        src = row[subject_col].text if subject_col in row else b.unnamed
        q = row[quantity_col].text
        d = by_source.setdefault(src, {})
        first = [col for col, quantity in b.first.items() if q == quantity and col not in d]
        if first:
            d[first[0]] = row[value_col]
        elif lead is not None and q == lead[1] and lead[0] not in d:
            stated: dict[str, dict] = {}
            for r in row.get("_bersama", []):
                stated.setdefault(r[quantity_col].text, r)
            if all(quantity in stated for _, quantity in partners):
                d[lead[0]] = row[value_col]
                for col, quantity in partners:
                    d[col] = stated[quantity][value_col]
    rows = []
    for src in b.sources:
        d = by_source.get(src)
        if d and any(col in d for col in b.needs_any):
            anchor = next(iter(d.values()))
            rows.append({b.source_column: Val(src, anchor.where, anchor.words), **d})
    if rows:
        out.tables[b.table] = rows
