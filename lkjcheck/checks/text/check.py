"""Running text rules over a report: the generic check kinds.

Each check kind reads figures out of the matches of its rule's patterns (named
groups) and decides. Decisions use the precision the writer used: a figure
written with two decimals stands for an interval half a unit wide on each side,
and a partial date ("Januari 2025") for the days of that month, so a rule only
fires when the text is certainly wrong.
"""
from __future__ import annotations

import bisect
import calendar
import time
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from lkjcheck import i18n
from lkjcheck.read.dates import DateFormatError, DateInterval, parse_date
from lkjcheck.findings import Finding, Location, make
from lkjcheck.read.numbers import NumberFormatError, ParsedNumber, parse_number
from lkjcheck.read.textdoc import Document
from lkjcheck.checks.text.rules import MATCH_TIMEOUT, RULE_TIME_BUDGET, TextRule, TextRuleError
from lkjcheck.checks.text.terbilang import number_to_words, words_to_number
from lkjcheck.checks.text.claims import read_figure, run_claims, run_consistency, run_indicator_facts
from lkjcheck.checks.text.references import pemisah_desimal, regulasi, tahun_ke
from lkjcheck.checks.text.units import MAX_UNIT, document_sentences, paragraphs

QUOTE_MAX = 160
# A budget sentence names its pagu a few amounts before the realisation at most.
MAX_BUDGET_CANDIDATES = 16

i18n.register({
    "teks.tahun_periode": {
        "id": "Tahun {actual} disebut sebagai periode laporan/anggaran, padahal laporan ini untuk tahun {expected}",
        "en": "Year {actual} is given as the period of the report or its budget, but this report covers {expected}",
    },
    "teks.tahun_kosong": {
        "id": "Tahun tidak diisi: \"{quote}\"",
        "en": "The year is missing: \"{quote}\"",
    },
    "teks.tahun_janggal": {
        "id": "Tahun {actual} janggal dalam laporan tahun {year} (selisih {diff} tahun); kemungkinan salah ketik atau "
              "salah baca OCR",
        "en": "Year {actual} is implausible in a report for {year} ({diff} years apart); probably a typo or an OCR "
              "misreading",
    },
    "teks.ttd.sebelum": {
        "id": "Laporan tahun {year} ditandatangani {actual}, sebelum tahun anggaran berakhir (31 Desember {year})",
        "en": "The report for {year} is signed {actual}, before the fiscal year ends (31 December {year})",
    },
    "teks.ttd.terlambat": {
        "id": "Laporan tahun {year} ditandatangani {actual}, setelah batas waktu {expected}",
        "en": "The report for {year} is signed {actual}, after the deadline {expected}",
    },
    "teks.ttd.fakta": {
        "id": "Tanggal tanda tangan di teks ({actual}) berbeda dengan data ({expected})",
        "en": "The signing date in the text ({actual}) differs from the data ({expected})",
    },
    "teks.tanggal_tidak_sah": {
        "id": "Tanggal tidak sah: {reason}",
        "en": "Invalid date: {reason}",
    },
    "teks.reviu": {
        "id": "Pernyataan telah direviu bertanggal {actual}, sesudah laporan ditandatangani ({expected})",
        "en": "The reviu statement is dated {actual}, after the report was signed ({expected})",
    },
    "teks.tanggal_tahun": {
        "id": "Tanggal {actual} berada di luar tahun laporan {year}",
        "en": "Date {actual} lies outside the report year {year}",
    },
    "teks.terbilang": {
        "id": "Terbilang tidak sesuai angka {angka}: tertulis \"{actual}\" (= {kata_nilai}), seharusnya \"{expected}\"",
        "en": "The amount in words does not match {angka}: it says \"{actual}\" (= {kata_nilai}), expected "
              "\"{expected}\"",
    },
    "teks.kenaikan": {
        "id": "{arah} {selisih} dari {lama} menghasilkan {expected}, bukan {actual} (tertulis {actual} − {lama} "
              "= {hitung})",
        "en": "{arah_en} of {selisih} from {lama} gives {expected}, not {actual} (as written, {actual} − {lama} "
              "= {hitung})",
    },
    "teks.persen_pagu": {
        "id": "{jumlah} dari pagu {pagu} adalah {expected}, bukan {actual} ({rumus} = {expected}): \"{kalimat}\"",
        "en": "{jumlah} of the budget {pagu} is {expected}, not {actual} ({rumus} = {expected}): \"{kalimat}\"",
    },
    "teks.fakta": {
        "id": "Angka di teks {actual} berbeda dengan data ({fakta}: {expected})",
        "en": "The figure in the text {actual} differs from the data ({fakta}: {expected})",
    },
    "teks.format_angka": {
        "id": "Angka tidak dapat dibaca dengan pasti: \"{actual}\" ({reason})",
        "en": "The figure cannot be read unambiguously: \"{actual}\" ({reason})",
    },
    "teks.besaran": {
        "id": "Jumlah {actual} tidak masuk akal: {ratio}× jumlah terbesar lainnya ({other})",
        "en": "The amount {actual} is implausible: {ratio}× the largest other amount ({other})",
    },
    "teks.besaran_plafon": {
        "id": "Jumlah {actual} melebihi plafon yang masuk akal ({expected})",
        "en": "The amount {actual} exceeds the plausible ceiling ({expected})",
    },
})


def _clock() -> float:
    # The rule budget counts the CPU this process spends, not the wall clock: on
    # a machine shared with other work (CI, a batch on two cores) the wall clock
    # also counts the others, and a correct rule must not fail because of them.
    # A pattern that backtracks without end is stopped by the per-call timeout.
    return time.process_time()


def _split_source(source: str) -> tuple[str, int | None]:
    file, _, line = (source or "").rpartition(":")
    if not line.isdigit():
        return source or "<aturan>", None
    return file or "<aturan>", int(line)


class _Ctx:
    def __init__(self, doc: Document, year: int, lang: str, facts: dict, dataset: str):
        self.doc, self.year, self.lang, self.facts, self.dataset = doc, year, lang, facts, dataset
        self.text = doc.text
        self.rule: TextRule | None = None
        self.deadline = 0.0
        self._cache: dict = {}

    def start(self, rule: TextRule) -> None:
        self.rule = rule
        # The budget grows with the text: the work is linear in it (one unit at
        # a time), so a large report is not a reason for a correct rule to fail.
        per_mib = max(1.0, len(self.text) / (1 << 20))
        self.deadline = _clock() + RULE_TIME_BUDGET * per_mib

    def units(self) -> list:
        if "units" not in self._cache:
            self._cache["units"] = [(u.start, u.start + len(u.text)) for u in paragraphs(self.text)]
        return self._cache["units"]

    def sentences(self) -> list:
        """The report's sentences (abbreviation-aware), computed once per document."""
        if "sentences" not in self._cache:
            self._cache["sentences"] = list(document_sentences(self.text))
        return self._cache["sentences"]

    def _too_slow(self, what: str):
        r = self.rule
        file, line = _split_source(r.meta.source)
        raise TextRuleError(
            file, line,
            f"aturan {r.id}: pola {what!r} melebihi batas waktu pada {self.doc.path} (perbaiki regex-nya)",
            f"rule {r.id}: pattern {what!r} timed out on {self.doc.path} (fix the regex)",
        )

    def finditer(self, pattern, text: str | None = None):
        """Matches in ``text``, or in the whole report one paragraph unit at a time.

        A unit is searched with ``pos``/``endpos``, so positions stay offsets of
        the report text, look-behinds still see the text before the unit, and no
        match runs past the unit's end; each unit has its own timeout.
        """
        spans = [(0, len(text))] if text is not None else self.units()
        text = self.text if text is None else text
        try:
            for s, e in spans:
                if _clock() > self.deadline:
                    self._too_slow(pattern.source)
                for m in pattern.regex.finditer(text, s, e, timeout=MATCH_TIMEOUT):
                    yield m
        except TimeoutError:
            self._too_slow(pattern.source)

    def search(self, rx, text: str, source: str = ""):
        if _clock() > self.deadline:
            self._too_slow(source or rx.pattern)
        try:
            return rx.search(text, timeout=MATCH_TIMEOUT)
        except TimeoutError:
            self._too_slow(source or rx.pattern)

    def allowed(self, contexts, start: int, end: int, window: int) -> bool:
        if _clock() > self.deadline:
            self._too_slow("allowed")
        try:
            return any(c.allows(self.text, start, end, window) for c in contexts)
        except TimeoutError:
            self._too_slow("allowed")

    def quote(self, start: int, end: int) -> str:
        return self.quote_text(self.text[start:end])

    @staticmethod
    def quote_text(text: str) -> str:
        q = " ".join(text.split())
        return q if len(q) <= QUOTE_MAX else q[: QUOTE_MAX - 1] + "…"

    def finding(self, key: str, start: int, end: int, *, expected=None, actual=None, quote=None,
                **values) -> Finding:
        r = self.rule
        line, col = self.doc.position(start)
        quote = self.quote(start, end) if quote is None else quote
        values = {"year": self.year, "quote": quote, "expected": expected, "actual": actual, **values}
        # The rule file's own wording if it has one, else the catalogue's; worded again by the report.
        template = r.message.get(self.lang) or r.message.get("id") if r.message else None
        return make(
            r.id, r.message if template else key, args=values, lang=self.lang, severity=r.meta.severity,
            title=r.meta.title_in(self.lang), family=r.meta.family, reference=r.meta.reference,
            dataset=self.dataset, location=Location(self.doc.path, line, col), quote=quote,
            expected=None if expected is None else _said(expected, self.lang),
            actual=None if actual is None else _said(actual, self.lang),
            wanted=expected if isinstance(expected, i18n.Value) else None,
            found=actual if isinstance(actual, i18n.Value) else None,
        )


def _said(value, lang: str) -> str:
    return value.words(lang) if isinstance(value, i18n.Value) else str(value)


def check_document(doc: Document, year: int, rules: list[TextRule], *, dataset: str, lang: str = "id",
                   facts: dict | None = None) -> list[Finding]:
    """Run text rules over one report; findings come in document order.

    ``facts`` optionally carries figures from the dataset's tables so the prose
    can be held against them: ``pagu_total``, ``realisasi_total`` (numbers),
    ``penandatangan_tanggal`` (a date or date text), and any key a rule names.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError("year must be an int")
    ctx = _Ctx(doc, year, lang if lang in i18n.LANGS else "id", dict(facts or {}), dataset)
    out: list[Finding] = []
    for rule in rules:
        if not rule.meta.enabled:
            continue
        ctx.start(rule)
        try:
            out.extend(RUNNERS[rule.check](rule, ctx))
        except TextRuleError:
            raise
        except (ArithmeticError, ValueError, TypeError, IndexError, KeyError) as e:
            # A rule whose groups capture something unexpected must not end in a
            # traceback; the message names the rule so its author can fix it.
            file, line = _split_source(rule.meta.source)
            raise TextRuleError(file, line, f"aturan {rule.id} gagal pada {doc.path}: {type(e).__name__}: {e}",
                                f"rule {rule.id} failed on {doc.path}: {type(e).__name__}: {e}") from e
    out.sort(key=lambda f: (f.location.line or 0, f.location.column or 0, f.rule))
    return out


# ------------------------------------------------------------------ helpers

def _num(text: str | None, expect: str | None = None) -> ParsedNumber | None:
    if not text:
        return None
    try:
        return parse_number(text.strip().rstrip(" .,-").strip(), expect)
    except NumberFormatError:
        return None


# Figures of a finding stay typed; the report words them in its language (`lang` is the run's, unused).
def _pct(value: Decimal, decimals: int, lang: str = "id") -> i18n.Figure:
    return i18n.Figure(value, decimals, "%")


def _amount(p: ParsedNumber | Decimal, lang: str = "id") -> i18n.Rupiah:
    v = p.value if isinstance(p, ParsedNumber) else p
    if v == v.to_integral_value():
        return i18n.Rupiah(int(v))
    return i18n.Rupiah(v, 2)


def _day(iv: DateInterval) -> i18n.Day:
    return i18n.Day(iv.first, iv.last, iv.precision)


def _fact_number(v) -> Decimal | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, Decimal)):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(str(v))
    if isinstance(v, str):
        p = _num(v, "rupiah")
        return p.value if p else None
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


class _Spans:
    """Reported character spans, kept sorted and disjoint so that a look-up costs
    a bisection, not a scan of every span reported before (linear, not quadratic,
    in a large report)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.starts, s) - 1
        if i >= 0 and self.ends[i] > s:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < e

    def append(self, span: tuple[int, int]) -> None:
        s, e = span
        i = bisect.bisect_right(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)


def _overlaps(spans: "_Spans", s: int, e: int) -> bool:
    return spans.overlaps(s, e)


# ------------------------------------------------------------------ years

def _year_mentions(ctx: _Ctx, patterns, seen: set):
    """Every year the patterns capture as `tahun`, skipping positions already reported
    (`seen` is filled by the caller as it reports)."""
    for pat in patterns:
        for m in ctx.finditer(pat):
            s, e = m.span("tahun")
            if s in seen or s < 0:
                continue
            try:
                y = int(m.group("tahun"))
            except ValueError:
                continue
            yield m, s, e, y


def _tahun_periode(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    p, out, seen = rule.params, [], set()
    for m, s, e, y in _year_mentions(ctx, p["patterns"], seen):
        if y == ctx.year or ctx.allowed(p["allowed"], s, e, p["window"]):
            continue
        seen.add(s)
        out.append(ctx.finding("teks.tahun_periode", m.start(), m.end(), expected=str(ctx.year),
                               actual=str(y)))
    return out


def _tahun_kosong(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    p, out, spans = rule.params, [], _Spans()
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            s, e = m.span()
            if e <= s or _overlaps(spans, s, e) or ctx.allowed(p["allowed"], s, e, p["window"]):
                continue
            spans.append((s, e))
            out.append(ctx.finding("teks.tahun_kosong", s, e))
    return out


def _tahun_janggal(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    p, out, seen = rule.params, [], set()
    for m, s, e, y in _year_mentions(ctx, p["patterns"], seen):
        diff = abs(y - ctx.year)
        if diff <= p["max_distance"] or ctx.allowed(p["allowed"], s, e, p["window"]):
            continue
        seen.add(s)
        out.append(ctx.finding("teks.tahun_janggal", m.start(), m.end(), expected=str(ctx.year),
                               actual=str(y), diff=diff))
    return out


# ------------------------------------------------------------------ dates

def _locate(ctx: _Ctx, spec: dict) -> list[tuple[int, object]]:
    """Date lines (index, match) found after a heading, before a stop line."""
    # Rules that share the heading and date-line patterns (TXT004–TXT007) share the search.
    key = ("locate", tuple(h.source for h in spec["headings"]), spec["date_line"].source,
           spec["stop"].source if spec["stop"] is not None else None, spec["max_lines"])
    if key in ctx._cache:
        return ctx._cache[key]
    lines, found, seen = ctx.doc.lines, [], set()
    # Heading lines are found by searching the text unit by unit (one regex pass
    # in C), not by a call per line.
    heads = sorted({ctx.doc.position(m.start())[0] - 1 for h in spec["headings"] for m in ctx.finditer(h)})
    for i in heads:
        line = lines[i]
        if len(line) > MAX_UNIT or not any(ctx.search(h.regex, line, h.source) for h in spec["headings"]):
            continue            # a heading is one short line, matched as a line of its own
        for j in range(i + 1, min(len(lines), i + 1 + spec["max_lines"])):
            if spec["stop"] is not None and ctx.search(spec["stop"].regex, lines[j], spec["stop"].source):
                break
            m = ctx.search(spec["date_line"].regex, lines[j], spec["date_line"].source)
            if m:
                if j not in seen:
                    seen.add(j)
                    found.append((j, m))
                break
    ctx._cache[key] = found
    return found


def _offset(ctx: _Ctx, line_index: int, col0: int) -> int:
    return ctx.doc.offset(line_index + 1, col0 + 1)


def _year_end_plus_months(year: int, months: int) -> date:
    total = 12 + months            # months counted from January of `year`
    y, m = year + (total - 1) // 12, (total - 1) % 12 + 1
    return date(y, m, calendar.monthrange(y, m)[1])


def _dated_lines(ctx: _Ctx, spec: dict):
    """(offset start, offset end, interval or DateFormatError) for each located date line."""
    out = []
    for j, m in _locate(ctx, spec):
        if not m.group("tanggal"):
            continue
        s, e = _offset(ctx, j, m.start("tanggal")), _offset(ctx, j, m.end("tanggal"))
        try:
            iv = parse_date(m.group("tanggal"))
        except DateFormatError as err:
            iv = err
        out.append((s, e, iv))
    return out


def _fact_date(ctx: _Ctx, key: str) -> DateInterval | None:
    v = ctx.facts.get(key)
    if v is None:
        return None
    try:
        return parse_date(v)
    except (DateFormatError, TypeError):
        return None


def _tanggal_tanda_tangan(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    p, out, lang = rule.params, [], ctx.lang
    for s, e, iv in _dated_lines(ctx, p):
        if isinstance(iv, DateFormatError):
            if p["condition"] == "setelah_tahun_berakhir":
                out.append(ctx.finding("teks.tanggal_tidak_sah", s, e, actual=ctx.text[s:e],
                                       reason=i18n.Both(iv.reason_id, iv.reason_en)))
            continue
        if p["condition"] == "setelah_tahun_berakhir":
            end = date(ctx.year, 12, 31)
            if iv.last <= end:
                out.append(ctx.finding("teks.ttd.sebelum", s, e, expected=i18n.Bound(">", i18n.Day(end)),
                                       actual=_day(iv)))
        elif p["condition"] == "batas_waktu":
            deadline = _year_end_plus_months(ctx.year, p["deadline_months"])
            if iv.first > deadline:
                out.append(ctx.finding("teks.ttd.terlambat", s, e, expected=i18n.Bound("≤", i18n.Day(deadline)),
                                       actual=_day(iv)))
        else:
            fact = _fact_date(ctx, p["fact"])
            if fact is not None and (iv.certainly_before(fact) or iv.certainly_after(fact)):
                out.append(ctx.finding("teks.ttd.fakta", s, e, expected=_day(fact), actual=_day(iv)))
    return out


def _tanggal_reviu(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    p, out, lang = rule.params, [], ctx.lang
    signed = [iv for _, _, iv in _dated_lines(ctx, p["signing"]) if isinstance(iv, DateInterval)]
    fact = _fact_date(ctx, p["signing_fact"])
    if fact is not None:
        signed.append(fact)
    if not signed:
        return out
    # The reviu is finished before the head signs (PermenPANRB 53/2014 Lampiran III,
    # waktu pelaksanaan). A statement certainly after any signature the report
    # shows means it was signed before the reviu ended; a month-only date that
    # may fall before the signature is not judged here (TGL006 asks for the day).
    signing = min(signed, key=lambda iv: iv.first)
    for s, e, iv in _dated_lines(ctx, p):
        if isinstance(iv, DateInterval) and iv.certainly_after(signing):
            out.append(ctx.finding("teks.reviu", s, e, expected=i18n.Bound("≤", _day(signing)), actual=_day(iv)))
    return out


def _tanggal_dalam_tahun(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    p, out, lang, seen = rule.params, [], ctx.lang, set()
    skip = p["skip_lines"]
    first = date(ctx.year, 1, 1)
    last = date(ctx.year, 12, 31) + timedelta(days=p["days_after_year"])
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            s, e = m.span("tanggal")
            if s in seen or s < 0 or not m.group("tanggal"):
                continue
            line, _ = ctx.doc.position(s)
            if skip is not None and ctx.search(skip.regex, ctx.doc.lines[line - 1], skip.source):
                continue
            try:
                iv = parse_date(m.group("tanggal"))
            except DateFormatError as err:
                seen.add(s)
                out.append(ctx.finding("teks.tanggal_tidak_sah", s, e, actual=m.group("tanggal"),
                                       reason=i18n.Both(err.reason_id, err.reason_en)))
                continue
            if not (iv.last < first or iv.first > last):
                continue
            if ctx.allowed(p["allowed"], s, e, p["window"]):
                continue
            seen.add(s)
            out.append(ctx.finding("teks.tanggal_tahun", m.start(), m.end(),
                                   expected=i18n.Day(first, last, "span"), actual=_day(iv)))
    return out


# ------------------------------------------------------------------ figures

def _terbilang(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    out, seen = [], set()
    for pat in rule.params["patterns"]:
        for m in ctx.finditer(pat):
            if m.start() in seen:
                continue
            raw = m.group("angka") or ""
            n = _num(raw, "rupiah" if raw.strip().lower().startswith("rp") else None)
            if n is None or not n.is_integral() or n.value < 0 or not m.group("kata"):
                continue
            said = words_to_number(m.group("kata"))
            if said is None:        # not number words at all, e.g. "(performance plan)"
                continue
            seen.add(m.start())
            value = int(n.value)
            if said == value:
                continue
            written = " ".join(m.group("kata").split())
            shown = _amount(n) if n.kind == "rupiah" else i18n.Figure(n.value, 0)
            out.append(ctx.finding("teks.terbilang", m.start(), m.end(), expected=number_to_words(value),
                                   actual=written, angka=shown, kata_nilai=i18n.Figure(said, 0)))
    return out


def _kenaikan_persen(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    p, out, lang, seen = rule.params, [], ctx.lang, set()
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            if m.start() in seen:
                continue
            d, new, old = (_num(m.group(g), "percent") for g in ("selisih", "baru", "lama"))
            if d is None or new is None or old is None:
                continue
            seen.add(m.start())
            down = False
            if p["decrease"] is not None and "arah" in m.re.groupindex and m.group("arah"):
                down = bool(ctx.search(p["decrease"].regex, m.group("arah"), p["decrease"].source))
            sign = -1 if down else 1
            computed = (new.value - old.value) * sign
            tol = d.radius + new.radius + old.radius
            if abs(computed - d.value) <= tol:
                continue
            if p["accept_relative"]:
                factor = 1 + sign * d.value / 100
                rel = old.value * factor
                tol_rel = new.radius + old.radius * abs(factor) + old.value * d.radius / 100
                if abs(new.value - rel) <= tol_rel:
                    continue
            dec = max(new.decimals, old.decimals, d.decimals)
            expected = old.value + sign * d.value
            out.append(ctx.finding(
                "teks.kenaikan", m.start(), m.end(),
                expected=_pct(expected, dec, lang), actual=_pct(new.value, new.decimals, lang),
                selisih=_pct(d.value, d.decimals, lang), lama=_pct(old.value, old.decimals, lang),
                hitung=_pct(new.value - old.value, dec, lang),
                arah="Penurunan" if down else "Kenaikan", arah_en="A decrease" if down else "An increase",
            ))
    return out


def _sentence_bounds(ctx: _Ctx, rule: TextRule) -> list[int]:
    if rule.params["sentence_end"] is None:
        # The segmenter's sentences: "s.d.", "Rp." and "No." do not end one.
        if "sentence_starts" not in ctx._cache:
            ctx._cache["sentence_starts"] = [0] + [s.end for s in ctx.sentences()]
        return ctx._cache["sentence_starts"]
    key = ("sentences", id(rule.params["sentence_end"]))
    if key not in ctx._cache:
        ctx._cache[key] = [0] + [m.end() for m in ctx.finditer(rule.params["sentence_end"])]
    return ctx._cache[key]


def _rupiah(text: str | None) -> ParsedNumber | None:
    return _num(text, "rupiah") or read_figure(text)


def _persen_pagu(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    p, out, lang = rule.params, [], ctx.lang
    bounds = _sentence_bounds(ctx, rule)
    claims = []
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            claims.append(m)
    claim_starts = {m.start("jumlah") for m in claims}
    done = set()
    amounts: dict[int, list] = {}
    for m in claims:
        if m.start() in done:
            continue
        done.add(m.start())
        amount, pct = _rupiah(m.group("jumlah")), _num(m.group("persen"), "percent")
        if amount is None or pct is None or amount.value <= 0 or m.start("jumlah") < 0:
            continue
        i = bisect.bisect_right(bounds, m.start("jumlah")) - 1
        s_start = bounds[i]
        s_end = bounds[i + 1] if i + 1 < len(bounds) else len(ctx.text)
        sentence = ctx.text[s_start:s_end]
        nearest, unreadable = None, False
        stated = _rupiah(m.group("pagu")) if "pagu" in m.re.groupindex and m.group("pagu") else None
        # The amounts of the sentence are found once; the budget is the nearest
        # one before the claim that qualifies, so they are tried from the claim
        # backwards, a bounded number of them.
        if stated is None:
            if i not in amounts:
                # Another "Rp A atau B%" claim is not a budget: left out once, here.
                found = [am for am in ctx.finditer(p["amount"], ctx.text[s_start:s_end]) if am.start("angka") >= 0
                         and not any(c in claim_starts for c in range(s_start + am.start("angka") - 4,
                                                                        s_start + am.start("angka") + 5))]
                amounts[i] = ([s_start + am.end() for am in found], found)
            ends, found = amounts[i]
            before = found[max(0, bisect.bisect_right(ends, m.start("jumlah")) - MAX_BUDGET_CANDIDATES):
                           bisect.bisect_right(ends, m.start("jumlah"))]
        else:
            before = []
        for am in reversed(before):
            val = _num(am.group("angka"), "rupiah")
            if val is None:
                unreadable = True
                continue
            between = ctx.text[s_start + am.end():m.start("jumlah")]
            if p["between"] is not None and not ctx.search(p["between"].regex, between, p["between"].source):
                continue
            nearest = val
            break
        budgets: list[tuple[str, Decimal]] = []
        if stated is not None and stated.value > 0:
            nearest = stated
        if nearest is not None and nearest.value > 0:
            budgets.append((_amount(nearest, lang), nearest.value))
        elif unreadable:
            continue            # the budget is there but unreadable; format_angka reports it
        for spec in ([] if stated else p["facts"]):
            v = _fact_number(ctx.facts.get(spec["key"]))
            if v is None or v <= 0:
                continue
            if spec["when"] is not None and not ctx.search(spec["when"], sentence):
                continue
            if spec["unless"] is not None and ctx.search(spec["unless"], sentence):
                continue
            budgets.append((_amount(v, lang), v))
        if not budgets:
            continue
        ok = False
        for _, b in budgets:
            share = amount.value / b * 100
            tol = pct.radius + share * (amount.radius / amount.value + Decimal("0.5") / b)
            if abs(share - pct.value) <= tol:
                ok = True
                break
        if ok:
            continue
        label, b = budgets[0]
        out.append(ctx.finding(
            "teks.persen_pagu", m.start(), m.end(),
            expected=_pct(amount.value / b * 100, pct.decimals, lang), actual=_pct(pct.value, pct.decimals, lang),
            jumlah=_amount(amount, lang), pagu=label, kalimat=ctx.quote_text(sentence),
            rumus=i18n.Key("teks.rumus_persen", jumlah=i18n.Figure(amount.value, 0), pagu=i18n.Figure(b, 0)),
        ))
    return out


def _fakta_angka(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    out, lang, seen = [], ctx.lang, set()
    for pat in rule.params["patterns"]:
        key = pat.options["fact"]
        fact = _fact_number(ctx.facts.get(key))
        if fact is None:
            continue
        for m in ctx.finditer(pat):
            s, e = m.span("angka")
            if s < 0 or s in seen:
                continue
            n = _num(m.group("angka"), "rupiah")
            if n is None:
                continue
            seen.add(s)
            if abs(n.value - fact) <= n.radius:
                continue
            fmt = _amount if n.kind == "rupiah" else (lambda v, lg: i18n.Figure(
                v.value if isinstance(v, ParsedNumber) else v, 2))
            out.append(ctx.finding("teks.fakta", m.start(), s + len(m.group("angka").rstrip(" .,-")),
                                   expected=fmt(fact, lang),
                                   actual=fmt(n, lang), fakta=key))
    return out


def _format_angka(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    p, out, spans = rule.params, [], _Spans()
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            s, e = m.span("angka")
            if s < 0 or _overlaps(spans, s, e):
                continue
            raw = m.group("angka").strip().rstrip(" .,-").strip()
            if not raw:
                continue
            try:
                parse_number(raw, "rupiah")
                continue
            except NumberFormatError as err:
                reason = i18n.Both(err.reason_id, err.reason_en)
            if ctx.allowed(p["allowed"], s, e, p["window"]):
                continue
            spans.append((s, e))
            out.append(ctx.finding("teks.format_angka", m.start(), s + len(raw), actual=raw, reason=reason))
    return out


def _besaran_janggal(rule: TextRule, ctx: _Ctx) -> list[Finding]:
    p, out, lang = rule.params, [], ctx.lang
    found, spans = [], _Spans()
    for pat in p["patterns"]:
        for m in ctx.finditer(pat):
            s, e = m.span("angka")
            if s < 0 or _overlaps(spans, s, e):
                continue
            n = _num(m.group("angka"), "rupiah")
            if n is None or n.value <= 0:
                continue
            spans.append((s, e))
            found.append((m.start(), s + len(m.group("angka").rstrip(" .,-")), n.value))
    facts = [v for v in (_fact_number(ctx.facts.get(k)) for k in p["facts"]) if v is not None and v > 0]
    factor = Decimal(str(p["factor"]))
    ceiling = Decimal(str(p["ceiling"])) if p["ceiling"] is not None else None
    # The two largest distinct values are enough to know the largest value other than v.
    top = sorted({w for _, _, w in found} | set(facts), reverse=True)[:2]
    for start, end, v in found:
        # Equal figures are left out: a wrong figure repeated twice must not vouch for itself.
        others = [w for w in top if w != v]
        biggest = others[0] if others else None
        if biggest is not None and v >= factor * biggest:
            ratio = i18n.Figure(v / biggest, 0)
            out.append(ctx.finding("teks.besaran", start, end, expected=i18n.Bound("<", _amount(factor * biggest)),
                                   actual=_amount(v, lang), ratio=ratio, other=_amount(biggest, lang)))
        elif ceiling is not None and v > ceiling:
            out.append(ctx.finding("teks.besaran_plafon", start, end, expected=i18n.Bound("≤", _amount(ceiling)),
                                   actual=_amount(v, lang)))
    return out


RUNNERS = {
    "tahun_periode": _tahun_periode,
    "tahun_kosong": _tahun_kosong,
    "tahun_janggal": _tahun_janggal,
    "tanggal_tanda_tangan": _tanggal_tanda_tangan,
    "tanggal_reviu": _tanggal_reviu,
    "tanggal_dalam_tahun": _tanggal_dalam_tahun,
    "terbilang": _terbilang,
    "kenaikan_persen": _kenaikan_persen,
    "persen_pagu": _persen_pagu,
    "fakta_angka": _fakta_angka,
    "format_angka": _format_angka,
    "besaran_janggal": _besaran_janggal,
    "klaim": run_claims,
    "tahun_ke": tahun_ke,
    "regulasi": regulasi,
    "pemisah_desimal": pemisah_desimal,
    "fakta_indikator": run_indicator_facts,
    "konsisten": run_consistency,
}
