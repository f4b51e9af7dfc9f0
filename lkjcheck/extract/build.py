"""A report document → the rows of the model's tables, every value located.

Recognition (which table and column a printed table is, which sentence is a
claim) follows the rule pack's pengenalan.yaml. Values stay the text that was
printed: typing them (Indonesian numbers, dates, units) is the loader's job,
so a figure from a document is parsed exactly like one typed into lkj.yaml.
What cannot be read cleanly — a cell holding two figures, a row that ran into
another, a table that matches nothing — becomes a notice, never a guess.
"""
from __future__ import annotations

from lkjcheck.i18n import Said
from lkjcheck.read.document import ReportDocument, TextLine

from lkjcheck.extract.cross import cross_table
from lkjcheck.extract.flat import flat_tables
from lkjcheck.extract.header import resolve_header
from lkjcheck.extract.prose import _Prose, _budget_from_claims, _claims, _identity
from lkjcheck.extract.spec import Spec, norm
from lkjcheck.extract.tables import _code, _link, _Recogniser, _shift_and_fill
from lkjcheck.extract.values import _HEADING, Extracted, Note, Val

__all__ = ["Extracted", "Note", "Val", "extract", "resolve_header"]


def extract(document: ReportDocument, spec: Spec, model, year: int | None) -> Extracted:
    out = Extracted(document)
    claims = spec.claim_rows.table if spec.claim_rows else None
    code_col = model.row_name
    rec = _Recogniser(spec, model, year, out)
    text_lines: list[TextLine] = []
    heading = ""
    pending: list[tuple[int, str, int]] = []
    for b in document.joined_blocks():       # a table broken over pages is read as one
        if isinstance(b, TextLine):
            if _HEADING.match(b.text):
                heading = b.text.strip("# ").strip()
            text_lines.append(b)
            continue
        context = norm(" ".join(x for x in (heading, b.caption or "") if x))
        got = rec.table(b, context)
        if got is None:
            crossed = cross_table(b, spec, model)
            if crossed is not None:
                got = crossed[:2]
                out.notes.extend(crossed[2])
        header_words = " | ".join(c.text for c in b.rows[0])[:120] if b.rows else ""
        if got is None:
            out.note(b.where, "DAT011", "info",
                     Said("extract.table_not_recognised_header_its", header_words=header_words), header_words)
            continue
        name, rows = got
        if name == claims:
            continue
        start = len(out.tables.setdefault(name, []))
        out.tables[name].extend(rows)
        out.recognised.append((name, b.where, len(rows)))
        if rows:
            pending.append((len(text_lines), name, start + len(rows) - 1))
    for at, name, rows in flat_tables(text_lines, spec, model, year, out):
        start = len(out.tables.setdefault(name, []))
        out.tables[name].extend(rows)
        pending.append((at, name, start + len(rows) - 1))
    pending.sort()
    # Table rows: fill, drop what cannot be read, give codes, link to the IKU.
    for name, rows in list(out.tables.items()):
        ts, tdef = spec.tables.get(name), model.tables.get(name)
        if ts is None or tdef is None:
            continue
        rows = _shift_and_fill(out, name, rows, ts, tdef, spec)
        if ts.code and code_col:
            key = _key(tdef)
            for i, r in enumerate(rows, start=1):
                c = _code(ts.code, r, i, spec.number_column)
                if c and code_col not in r:
                    anchor = r.get(key) or next(iter(r.values()))
                    r[code_col] = Val(c, anchor.where, anchor.words)
        out.tables[name] = rows
    for name, ts in spec.tables.items():
        if ts.link and name in out.tables and code_col and ts.link in model.tables and name in model.tables:
            key, target = _key(model.tables[name]), _key(model.tables[ts.link])
            found = _link(spec, out.tables[name], out.tables.get(ts.link, []), ts.link_threshold, key, target, code_col)
            for i, code in found.items():
                r = out.tables[name][i]
                r[code_col] = Val(code, r[code_col].where if code_col in r else r[key].where, r[key].words)
    keyed = {}
    for name, rows in out.tables.items():
        tdef = model.tables.get(name)
        key = _key(tdef) if tdef is not None else None
        if not key or name == claims:
            continue
        kept = []
        for r in rows:
            if key in r and r[key].text.strip():
                kept.append(r)
                continue
            anchor = next(iter(r.values()), None)
            if anchor is not None:
                out.note(anchor.where, "DAT003", "error", Said("extract.row_table_without_not_checked", name=name, key=key),
                         anchor.words, name)
        keyed[name] = kept
    out.tables.update(keyed)
    _identity(out, spec, model, text_lines)
    if spec.claim_rows is not None:
        _claims(out, spec, rec, _Prose(text_lines), pending, code_col)
        _budget_from_claims(out, spec)
    return out


def _key(tdef) -> str | None:
    """The column naming a row of the table (an indicator's name): its first key."""
    return tdef.key[0] if tdef.key else None
