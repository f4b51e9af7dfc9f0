"""A printed table → rows of one model table, as pengenalan.yaml describes it.

The recogniser picks the model table whose required columns the header
names; the rows are then cleaned (a value slid into the next cell, OCR
debris, a cell that is not shaped like its column), coded and linked to the
IKU they measure. What cannot be read becomes a notice, never a guess.
"""
from __future__ import annotations

import re

from lkjcheck.i18n import Said
from lkjcheck.read.document import TableBlock, TableCell

from lkjcheck.extract.header import resolve_header
from lkjcheck.extract.spec import Spec, TableSpec, norm
from lkjcheck.extract.values import _FIGURE, _FIGURE_TYPES, Extracted, Val

# A figure only data rows hold: a percentage, an amount, a decimal, or a count
# of three digits or more that is not a year.
_DATA_FIGURE = re.compile(r"\d\s?%|\bRp|\d[.,]\d|^(?!(?:19|20)\d\d$)\d{3,}$")


class _Recogniser:
    def __init__(self, spec: Spec, model, year: int | None, out: Extracted):
        self.spec, self.model, self.year, self.out = spec, model, year, out
        self.urut: dict[str, int] = {}

    def is_numbering(self, row) -> bool:
        texts = [c.text for c in row if c.text]
        return bool(texts) and all(self.spec.column_numbers.match(t) for t in texts)

    def is_data(self, row) -> bool:
        first = row[0].text if row else ""
        if self.spec.row_number.match(first) or self.spec.group_row.match(first):
            return True
        # A table keyed by words ("rutin | Rp 35.648.351.000 | 99,67%"): a row
        # naming something and holding a figure no header holds.
        return bool(first) and not self.is_numbering(row) and any(_DATA_FIGURE.search(c.text) for c in row[1:])

    def table(self, block: TableBlock, context: str) -> tuple[str, list[dict[str, Val]]] | None:
        rows = block.rows
        i = 0
        header: list[list[TableCell]] = []
        while i < len(rows) and not self.is_data(rows[i]):
            if not self.is_numbering(rows[i]):
                header.append(rows[i])
            i += 1
        if not header:
            return None
        header = header[-3:]
        data = rows[i:]
        if self.claim_table(block, header, data):
            return self.spec.claim_rows.table, []
        best = None
        for name, ts in self.spec.tables.items():
            tdef = self.model.tables.get(name)
            if tdef is None:
                continue
            names = resolve_header(header, ts, self.year, tdef.year_columns)
            got = {n for n in names if n}
            yearcols = {n for n in got if re.search(r"_\d{4}$", n)}
            plain_got = {re.sub(r"_\d{4}$", "", n) for n in got}
            if not all(r in plain_got for r in ts.required):
                continue
            if any(a in plain_got for a in ts.absent) or (ts.any_of and not any(a in got for a in ts.any_of)):
                continue
            if (ts.needs_year and not yearcols) or (ts.no_year and yearcols):
                continue
            titled = any(re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", context) for t in ts.titles)
            if ts.titles and not titled:
                continue
            score = len(got) + (2 if titled else 0)
            if best is None or score > best[0]:
                best = (score, name, names, ts, tdef)
        if best is None:
            return None
        _, name, names, ts, tdef = best
        return name, self.rows(block, data, names, ts, tdef)

    def claim_table(self, block, header, data) -> bool:
        rows = block.rows
        if self.spec.claim_rows is None:
            return False
        for ct in self.spec.claim_tables:
            for h, hrow in enumerate(rows[:3]):
                labels = [norm(c.text) for c in hrow]
                cols = {j: ct["header"][lab] for j, lab in enumerate(labels) if lab in ct["header"]}
                if len(cols) >= 2:
                    break
            if len(cols) < 2 or h + 1 >= len(rows):
                continue
            header = [hrow]
            for row in rows[h + 1:]:
                for j, quantity in cols.items():
                    if j < len(row) and row[j].text:
                        c = row[j]
                        self.out.tables.setdefault(self.spec.claim_rows.table, []).append(self.claim_row(
                            quantity, ct.get("subject"), Val(c.text, c.where, "\t".join(x.text for x in row)),
                            "\t".join(x.text for x in header[-1])))
            return True
        return False

    def claim_row(self, quantity, subject, val: Val, context: str, quote: str | None = None,
                  more: dict[str, Val] | None = None) -> dict[str, Val]:
        """One row of the claims table, its parts in the columns claim_rows names."""
        col = self.spec.claim_rows.columns
        line = val.where.line or 0
        n = self.urut.get(f"K{line}", 0) + 1
        self.urut[f"K{line}"] = n
        w = val.where
        row = {col["code"]: Val(f"K{line:03d}-{n}", w, val.words), col["quantity"]: Val(quantity, w, val.words),
               col["value"]: val}
        if "quote" in col:
            row[col["quote"]] = Val((quote or val.words).strip()[:300], w, val.words)
        if line and w.page is None and "line" in col:
            row[col["line"]] = Val(str(line), w, val.words)
        if subject and "subject" in col:
            row[col["subject"]] = Val(str(subject), w, val.words)
        if context and "section" in col:
            row[col["section"]] = Val(context[:120], w, context)
        row.update(more or {})
        return row

    def rows(self, block, data, names, ts: TableSpec, tdef) -> list[dict[str, Val]]:
        cols = tdef.columns
        key = tdef.key[0] if tdef.key else None
        number = self.spec.number_column
        figure_cols = {n for n in names if n and self._type(tdef, n) in _FIGURE_TYPES}
        out: list[dict[str, Val]] = []
        group: Val | None = None
        prev: dict[str, Val] | None = None
        for row in data:
            if self.is_numbering(row) or not any(c.text for c in row):
                continue
            words = "\t".join(c.text for c in row)
            first = row[0].text
            cells: dict[str, Val] = {}
            for j, c in enumerate(row):
                if not c.text:
                    continue
                n = names[j] if j < len(names) else None
                if n is None:
                    if j > 0:
                        self.out.note(c.where, "DAT012", "warning",
                                      Said("extract.cell_under_no_known_column", text=c.text[:40]), words, ts.name)
                    elif prev is not None and key:
                        # A line of wrapped text that the converter put in the first column.
                        cells.setdefault("_sambung", Val(c.text, c.where.with_column_name(key), words))
                    continue
                cells[n] = Val(c.text, c.where.with_column_name(n), words)
            has_fig = any(n in figure_cols for n in cells)
            has_digit = any(n in figure_cols and re.search(r"\d", v.text) for n, v in cells.items())
            if ts.group and self.spec.group_row.match(first) and not has_digit:
                texts = [c.text for c in row[1:] if c.text]
                group = Val(" ".join(texts), row[0].where.with_column_name(ts.group), words) if texts else None
                continue
            numbered = bool(self.spec.row_number.match(first))
            if not numbered and not has_fig and prev is not None:
                for n, v in cells.items():
                    target = key if n in (number, "_sambung") or n not in cols or cols[n].type != "teks" else n
                    if target in prev:
                        prev[target] = Val(prev[target].text + " " + v.text, prev[target].where, prev[target].words)
                    elif target:
                        prev[target] = v
                continue
            cells.pop("_sambung", None)
            _unit_into_figures(cells, tdef, self.spec.unit_column)
            if not numbered and prev is not None:
                for n in ts.inherit:
                    if n in prev:
                        if n in cells and cols.get(n) is not None and cols[n].type == "teks" and n != number:
                            cells[n] = Val(prev[n].text + " " + cells[n].text, prev[n].where, prev[n].words)
                        else:
                            cells.setdefault(n, prev[n])
            if ts.group and group is not None:
                cells.setdefault(ts.group, group)
            for n in list(cells):
                if n in figure_cols and len(_FIGURE.findall(cells[n].text)) > 1:
                    v = cells.pop(n)
                    self.out.note(v.where, "DAT010", "error",
                                  Said("extract.cell_several_figures", n=n, text=v.text), words, ts.name)
            out.append(cells)
            prev = cells
        return out

    @staticmethod
    def _type(tdef, name):
        c = tdef.columns.get(name)
        if c is None:
            base = re.sub(r"_\d{4}$", "", name)
            c = tdef.year_columns.get(base)
        return c.type if c is not None else None


def _unit_into_figures(cells: dict[str, Val], tdef, unit_column: str | None) -> None:
    """A unit printed in its own Satuan column belongs to each target and realisation figure."""
    unit = cells.pop(unit_column, None) if unit_column else None
    if unit is None or not unit.text.strip():
        return
    for n, v in list(cells.items()):
        c = tdef.columns.get(n) or tdef.year_columns.get(re.sub(r"_\d{4}$", "", n))
        if c is not None and c.type == "besaran" and re.fullmatch(r"[-+(]?\d[\d.,]*\)?", v.text.strip()):
            cells[n] = Val(f"{v.text.strip()} {unit.text.strip()}", v.where, v.words, v.col)


def _shift_and_fill(out: Extracted, name: str, rows: list[dict[str, Val]], ts: TableSpec, tdef,
                    spec: Spec) -> list[dict[str, Val]]:
    kept = []
    for r in rows:
        bad = False
        for src, dst in ts.shift:
            cdef = tdef.columns.get(dst)
            if src not in r or cdef is None:
                continue
            words = r[src].text.split()
            hits = [i for i, w in enumerate(words) if _is_choice_word(w, cdef)]
            if not hits:
                continue
            if hits[0] == len(words) - 1 and dst not in r and len(words) > 1:
                v = r[src]
                r[src] = Val(" ".join(words[:-1]), v.where, v.words)
                r[dst] = Val(words[-1], v.where.with_column_name(dst), v.words)
                out.note(v.where, "DAT013", "info",
                         Said("extract.was_printed_cell_read", words=words[-1], src=src, dst=dst), v.words, name)
            else:
                bad = True
                v = r[src]
                out.note(v.where, "DAT010", "error",
                         Said("extract.cell_several_rows", src=src, text=v.text), v.words, name)
        for cname, cdef in tdef.columns.items():
            if cdef.type != "pilihan" or cname not in r:
                continue
            v = r[cname]
            if _choice(v.text, cdef) is not None:
                continue
            # "Rutin (076)": every word that names a value names the same one.
            words = re.findall(r"[\w\-/]+", v.text)
            named = {_choice(w, cdef) for w in words} - {None}
            if len(named) == 1:
                (value,) = named
                other = [w for w in words if _choice(w, cdef) is None]
                r[cname] = Val(value, v.where, v.words)
                if other:
                    out.note(v.where, "DAT013", "info",
                             Said("extract.cell_holds_other_words_read",
                                  cname=cname, text=v.text, value=value), v.words, name)
                continue
            del r[cname]
            out.note(v.where, "DAT010", "error",
                     Said("extract.cell_none_allowed_values_not", cname=cname, text=v.text), v.words, name)
        if bad:
            continue
        for cname, rx in ts.clean.items():
            if cname in r:
                v = r[cname]
                r[cname] = Val(rx.sub("", v.text).strip(), v.where, v.words, v.col)
        for cname, (src, patterns) in ts.fill.items():
            if cname in r or src not in r:
                continue
            v = r[src]
            for rx, value in patterns:
                if rx.search(v.text):
                    r[cname] = Val(value, v.where.with_column_name(cname), v.words)
                    break
        for cname in list(r):
            v = r[cname]
            c = tdef.columns.get(cname) or tdef.year_columns.get(re.sub(r"_\d{4}$", "", cname))
            if c is not None and c.type in _FIGURE_TYPES and any(p.search(v.text) for p in spec.damaged):
                del r[cname]
                out.note(v.where, "DAT010", "error",
                         Said("extract.cell_looks_like_figure_damaged", cname=cname, text=v.text), v.words, name)
        for cname, rx in ts.shape.items():
            if cname in r and not rx.search(r[cname].text):
                v = r.pop(cname)
                out.note(v.where, "DAT010", "error",
                         Said("extract.cell_not_shaped_like_another", cname=cname, text=v.text),
                         v.words, name)
        kept.append(r)
    return kept


def _choice(text: str, cdef):
    c = cdef.canonical(text.strip())
    return c if c in cdef.values else None


def _is_choice_word(word: str, cdef) -> bool:
    w = word.strip(",.;").lower()
    if _choice(w, cdef) is not None and len(w) > 1:
        return True
    # A cut-off word ("Perempu") is still the value's word.
    return len(w) >= 5 and any(a.lower().startswith(w) for a in (*cdef.aliases, *cdef.values) if len(a) > len(w))


def _words(text: str, ignore) -> set[str]:
    return {w for w in norm(text).split() if w not in ignore and len(w) > 1}


def _link(spec: Spec, rows: list[dict[str, Val]], targets: list[dict[str, Val]], threshold: float | None,
          name: str, target_name: str, code: str) -> dict[int, str]:
    """Rows whose indicator is an IKU under other words: index -> the IKU's code.

    `name` and `target_name` are the columns naming a row of each table (their keys), `code` the column of codes.
    """
    threshold = spec.link_threshold if threshold is None else threshold
    out = {}
    tw = [(_words(t[target_name].text, spec.link_ignore), t[code].text) for t in targets
          if target_name in t and code in t]
    for i, r in enumerate(rows):
        if name not in r:
            continue
        w = _words(r[name].text, spec.link_ignore)
        best, code = 0.0, None
        for ws, c in tw:
            if not w or not ws:
                continue
            s = len(w & ws) / min(len(w), len(ws))
            if s > best:
                best, code = s, c
        if code is not None and best >= threshold:
            out[i] = code
    return out


def _code(template: str, row: dict[str, Val], n: int, number_column: str | None) -> str | None:
    no = row.get(number_column) if number_column else None
    try:
        return template.format(number=(no.text.strip(" .)") if no else n), seq=n)
    except (KeyError, ValueError, IndexError):
        return None
