"""A report document → the rows of the model's tables, every value located.

Recognition (which table and column a printed table is, which sentence is a
claim) follows the rule pack's pengenalan.yaml. Values stay the text that was
printed: typing them (Indonesian numbers, dates, units) is the loader's job,
so a figure from a document is parsed exactly like one typed into lkj.yaml.
What cannot be read cleanly — a cell holding two figures, a row that ran into
another, a table that matches nothing — becomes a notice, never a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkjcheck.read.document import ReportDocument, TableBlock, TableCell, TextLine, Where

from lkjcheck.extract.spec import Spec, TableSpec, norm

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|21\d\d)(?!\d)")
_FIGURE = re.compile(r"(?<![\w.,])\d[\d.,]*")
_FIGURE_TYPES = ("besaran", "persen", "rupiah", "bilangan", "cacah")
_HEADING = re.compile(r"^\s*#+\s*")
# A figure only data rows hold: a percentage, an amount, a decimal, or a count
# of three digits or more that is not a year.
_DATA_FIGURE = re.compile(r"\d\s?%|\bRp|\d[.,]\d|^(?!(?:19|20)\d\d$)\d{3,}$")


@dataclass
class Val:
    """One extracted value: the text as printed, where, and the words around it."""

    text: str
    where: Where
    words: str
    col: int | None = None      # character column in a line of text, when known


@dataclass
class Note:
    where: Where
    rule: str
    severity: str
    message_id: str
    message_en: str
    words: str = ""
    table: str | None = None


@dataclass
class Extracted:
    document: ReportDocument
    laporan: dict[str, Val] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Val]]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    recognised: list[tuple[str, Where, int]] = field(default_factory=list)   # (table, where, rows)

    def note(self, where, rule, severity, mid, men, words="", table=None):
        self.notes.append(Note(where, rule, severity, mid, men, words, table))


# ------------------------------------------------------------------ headers

def _alias_all(label: str, spec: TableSpec) -> list[tuple[int, int, str]]:
    """(start, end, column) of every column name in a header label, in order, no overlaps;
    a column may occur more than once (one per year in a flattened header)."""
    rx, owner = spec.alias_regex()
    return [(m.start(), m.end(), owner[m.group(0)]) for m in rx.finditer(label)]


def _alias_hits(label: str, spec: TableSpec) -> list[tuple[int, int, str]]:
    """(start, end, column) of the column names in a header label, each column once."""
    out, seen = [], set()
    for h in _alias_all(label, spec):
        if h[2] not in seen:
            seen.add(h[2])
            out.append(h)
    return out


def _cell(row: list[TableCell], j: int) -> str:
    return row[j].text if j < len(row) else ""


def resolve_header(header: list[list[TableCell]], spec: TableSpec, year: int | None, year_bases) -> list[str | None]:
    """The model column of every grid column, from one or more header rows.

    The row nearest the figures decides; rows above give a word or a year it
    lacks. An empty cell of an upper row continues the cell to its left
    (a year spanning `Target | Realisasi`).
    """
    ncols = max(len(r) for r in header)
    bottom, tops = header[-1], header[:-1]
    spans = []
    for t in tops:
        row, last = [], ""
        for j in range(ncols):
            s = _cell(t, j)
            if s:
                last = s
            row.append((s, last))
        spans.append(row)
    cands: list[list[str]] = []
    for j in range(ncols):
        b = norm(_cell(bottom, j))
        words = [h[2] for h in _alias_hits(b, spec)]
        years = [int(y) for y in _YEAR.findall(b)]
        if not words and not years:
            for row in spans:
                own, spanned = row[j]
                words = [h[2] for h in _alias_hits(norm(own), spec)]
                if words:
                    years = [int(y) for y in _YEAR.findall(norm(own))]
                    break
        if words and not years and words[0] in year_bases:
            for row in spans:
                own, spanned = row[j]
                ys = _YEAR.findall(spanned)
                if ys:
                    years = [int(ys[0])]
                    break
        if years and not words and year is not None:
            y = years[0]
            base = spec.past if y < year else spec.future if y > year else None
            words = [base] if base else []
        if words and years and words[0] in year_bases and year is not None and years[0] != year:
            words = [f"{words[0]}_{years[0]}"] + words[1:]
        cands.append(words)
    names: list[str | None] = [None] * ncols
    assigned: set[str] = set()
    j = 0
    while j < ncols:
        c = [w for w in cands[j] if w not in assigned]
        if len(c) > 1:
            # One header cell naming several columns, with empty cells after
            # it: the converter merged their labels.
            k = j
            while c and k < ncols and (k == j or not cands[k]):
                names[k] = c.pop(0)
                assigned.add(names[k])
                k += 1
            j = k
            continue
        if c:
            names[j] = c[0]
            assigned.add(c[0])
        j += 1
    return names


# ------------------------------------------------------------------ tables

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
            return "klaim", []
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
        for ct in self.spec.claim_tables:
            for h, hrow in enumerate(rows[:3]):
                labels = [norm(c.text) for c in hrow]
                cols = {j: ct["kepala"][lab] for j, lab in enumerate(labels) if lab in ct["kepala"]}
                if len(cols) >= 2:
                    break
            if len(cols) < 2 or h + 1 >= len(rows):
                continue
            header = [hrow]
            for row in rows[h + 1:]:
                for j, besaran in cols.items():
                    if j < len(row) and row[j].text:
                        c = row[j]
                        self.out.tables.setdefault("klaim", []).append(self.claim_row(
                            besaran, ct.get("acuan"), Val(c.text, c.where, "\t".join(x.text for x in row)),
                            "\t".join(x.text for x in header[-1])))
            return True
        return False

    def claim_row(self, besaran, acuan, val: Val, context: str, quote: str | None = None, **more) -> dict[str, Val]:
        line = val.where.line or 0
        n = self.urut.get(f"K{line}", 0) + 1
        self.urut[f"K{line}"] = n
        w = val.where
        row = {"kode": Val(f"K{line:03d}-{n}", w, val.words), "besaran": Val(besaran, w, val.words),
               "nilai": val, "kutipan": Val((quote or val.words).strip()[:300], w, val.words)}
        if line and w.page is None:
            row["baris"] = Val(str(line), w, val.words)
        if acuan:
            row["acuan"] = Val(str(acuan), w, val.words)
        if context:
            row["lokasi"] = Val(context[:120], w, context)
        row.update(more)
        return row

    def rows(self, block, data, names, ts: TableSpec, tdef) -> list[dict[str, Val]]:
        cols = tdef.columns
        key = tdef.key[0] if tdef.key else None
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
                                      f"sel '{c.text[:40]}' tidak berada di bawah kolom yang dikenal; diabaikan",
                                      f"cell '{c.text[:40]}' is under no known column; ignored", words, ts.name)
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
                    target = key if n in ("no", "_sambung") or n not in cols or cols[n].type != "teks" else n
                    if target in prev:
                        prev[target] = Val(prev[target].text + " " + v.text, prev[target].where, prev[target].words)
                    elif target:
                        prev[target] = v
                continue
            cells.pop("_sambung", None)
            _unit_into_figures(cells, tdef)
            if not numbered and prev is not None:
                for n in ts.inherit:
                    if n in prev:
                        if n in cells and cols.get(n) is not None and cols[n].type == "teks" and n != "no":
                            cells[n] = Val(prev[n].text + " " + cells[n].text, prev[n].where, prev[n].words)
                        else:
                            cells.setdefault(n, prev[n])
            if ts.group and group is not None:
                cells.setdefault(ts.group, group)
            for n in list(cells):
                if n in figure_cols and len(_FIGURE.findall(cells[n].text)) > 1:
                    v = cells.pop(n)
                    self.out.note(v.where, "DAT010", "error",
                                  f"sel {n} '{v.text}' memuat lebih dari satu angka; tidak dibaca",
                                  f"cell {n} '{v.text}' holds more than one figure; not read", words, ts.name)
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


def _unit_into_figures(cells: dict[str, Val], tdef) -> None:
    """A unit printed in its own Satuan column belongs to each target and realisation figure."""
    unit = cells.pop("satuan", None)
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
        for sh in ts.shift:
            src, dst = sh["dari"], sh["ke"]
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
                         f"'{words[-1]}' tercetak di sel {src}; dibaca sebagai {dst}",
                         f"'{words[-1]}' was printed in the {src} cell; read as {dst}", v.words, name)
            else:
                bad = True
                v = r[src]
                out.note(v.where, "DAT010", "error",
                         f"sel {src} '{v.text}' memuat isi lebih dari satu baris; baris tidak dibaca",
                         f"cell {src} '{v.text}' holds more than one row; the row is not read", v.words, name)
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
                             f"sel {cname} '{v.text}' memuat kata lain; dibaca '{value}'",
                             f"cell {cname} '{v.text}' holds other words; read as '{value}'", v.words, name)
                continue
            del r[cname]
            out.note(v.where, "DAT010", "error",
                     f"sel {cname} '{v.text}' bukan salah satu nilai yang sah; tidak dibaca",
                     f"cell {cname} '{v.text}' is none of the allowed values; not read", v.words, name)
        if bad:
            continue
        for cname, rx in ts.clean.items():
            if cname in r:
                v = r[cname]
                r[cname] = Val(rx.sub("", v.text).strip(), v.where, v.words, v.col)
        for cname, rule in ts.fill.items():
            if cname in r or rule.get("dari") not in r:
                continue
            v = r[rule["dari"]]
            for p in rule.get("pola") or []:
                if re.search(p["cocok"], v.text):
                    r[cname] = Val(str(p["nilai"]), v.where.with_column_name(cname), v.words)
                    break
        for cname in list(r):
            v = r[cname]
            c = tdef.columns.get(cname) or tdef.year_columns.get(re.sub(r"_\d{4}$", "", cname))
            if c is not None and c.type in _FIGURE_TYPES and any(p.search(v.text) for p in spec.damaged):
                del r[cname]
                out.note(v.where, "DAT010", "error",
                         f"sel {cname} '{v.text}' tampak angka yang rusak (OCR); tidak dibaca",
                         f"cell {cname} '{v.text}' looks like a figure damaged by OCR; not read", v.words, name)
        for cname, rx in ts.shape.items():
            if cname in r and not rx.search(r[cname].text):
                v = r.pop(cname)
                out.note(v.where, "DAT010", "error",
                         f"sel {cname} '{v.text}' tidak berbentuk {cname} (isi sel lain tercampur?); tidak dibaca",
                         f"cell {cname} '{v.text}' is not shaped like a {cname} (another cell run into it?); not read",
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


def _link(spec: Spec, rows: list[dict[str, Val]], targets: list[dict[str, Val]],
          threshold: float | None = None) -> dict[int, str]:
    """Rows whose indicator is an IKU under other words: index -> the IKU's code."""
    threshold = spec.link_threshold if threshold is None else threshold
    out = {}
    tw = [(_words(t["indikator"].text, spec.link_ignore), t["kode"].text) for t in targets
          if "indikator" in t and "kode" in t]
    for i, r in enumerate(rows):
        if "indikator" not in r:
            continue
        w = _words(r["indikator"].text, spec.link_ignore)
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


def _code(template: str, row: dict[str, Val], n: int) -> str | None:
    no = row.get("no")
    try:
        return template.format(no=(no.text.strip(" .)") if no else n), urut=n)
    except (KeyError, ValueError, IndexError):
        return None


# ------------------------------------------------------------------ prose

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
        import bisect
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


def extract(document: ReportDocument, spec: Spec, model, year: int | None) -> Extracted:
    out = Extracted(document)
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
        header_words = " | ".join(c.text for c in b.rows[0])[:120] if b.rows else ""
        if got is None:
            out.note(b.where, "DAT011", "info",
                     f"tabel tidak dikenali (kepala: {header_words}); isinya tidak diperiksa",
                     f"table not recognised (header: {header_words}); its content is not checked", header_words)
            continue
        name, rows = got
        if name == "klaim":
            continue
        start = len(out.tables.setdefault(name, []))
        out.tables[name].extend(rows)
        out.recognised.append((name, b.where, len(rows)))
        if rows:
            pending.append((len(text_lines), name, start + len(rows) - 1))
    from lkjcheck.extract.flat import flat_tables
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
        if ts.code:
            for i, r in enumerate(rows, start=1):
                c = _code(ts.code, r, i)
                if c and "kode" not in r:
                    anchor = r.get("indikator") or next(iter(r.values()))
                    r["kode"] = Val(c, anchor.where, anchor.words)
        out.tables[name] = rows
    for name, ts in spec.tables.items():
        if ts.link and name in out.tables:
            for i, code in _link(spec, out.tables[name], out.tables.get(ts.link, []), ts.link_threshold).items():
                r = out.tables[name][i]
                r["kode"] = Val(code, r["kode"].where if "kode" in r else r["indikator"].where, r["indikator"].words)
    keyed = {}
    for name, rows in out.tables.items():
        tdef = model.tables.get(name)
        key = tdef.key[0] if tdef is not None and tdef.key else None
        if not key or name == "klaim":
            continue
        kept = []
        for r in rows:
            if key in r and r[key].text.strip():
                kept.append(r)
                continue
            anchor = next(iter(r.values()), None)
            if anchor is not None:
                out.note(anchor.where, "DAT003", "error", f"baris tabel {name} tanpa {key}; tidak diperiksa",
                         f"row of table {name} without {key}; not checked", anchor.words, name)
        keyed[name] = kept
    out.tables.update(keyed)
    _identity(out, spec, text_lines, year)
    prose = _Prose(text_lines)
    _claims(out, spec, rec, prose, pending)
    _budget_from_claims(out, spec)
    return out


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


def _claims(out: Extracted, spec: Spec, rec: _Recogniser, prose: _Prose, pending) -> None:
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
    import bisect
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
