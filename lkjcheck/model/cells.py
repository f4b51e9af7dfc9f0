"""One cell as written → its typed value for its column, or why it cannot be read.

A cell is a YAML scalar, a CSV field or a worksheet cell; its column's type
(Indonesian number formats, precision, dates, quantities with units) decides
what it means. An unreadable cell is a `CellError` carrying its rule and
message, never an exception that stops the dataset.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lkjcheck import i18n
from lkjcheck.model.definition import ColumnDef
from lkjcheck.read.numbers import NumberFormatError, decimals_of_plain, parse_number
from lkjcheck.read.yamlsafe import Scalar



class CellError(Exception):
    def __init__(self, rule: str, msg: "i18n.Value"):
        super().__init__(msg.words("en"))
        self.rule, self.msg = rule, msg


@dataclass
class Cell:
    value: Any = None
    rad: float = 0.0
    raw: str | None = None
    decimals: int | None = None
    unit: str | None = None
    text: str | None = None      # for besaran: the words as written


# "1 laporan", "12 dokumen": a figure, a space, then the unit's words.
_QTY = re.compile(r"^\s*([-+(]?\s*\d[\d.,]*\)?)\s+([^\d\s%][^%]*)$")


# Compiled once: a pattern handed to re.match as text is looked up in re's
# cache on every cell, and in a full run, whose rules fill that cache, it
# misses and is recompiled, with RegexFlag arithmetic each time.
_NIP_SEPARATORS = re.compile(r"[\s.\-]")
_FIGURE_START = re.compile(r"^\s*(?:rp\.?\s*)?[-+(]?\d", re.I)


def _num_error(e: NumberFormatError) -> CellError:
    return CellError("DAT001", i18n.Said("model.unreadable_number", reason=i18n.Both(e.reason_id, e.reason_en)))


def _number_from(sc: "Value", expect: str) -> tuple[Decimal, int, str, float]:
    """(value, decimals, kind, radius) from a YAML scalar or a CSV/XLSX cell."""
    if sc.tag in ("int", "float") and not sc.quoted:
        t = sc.text.strip().replace("_", "")
        try:
            v = Decimal(t)
        except Exception:
            raise CellError("DAT001", i18n.Said("model.unreadable_number_2"))
        if not v.is_finite():
            raise CellError("DAT001", i18n.Said("model.number_not_finite"))
        if abs(v) >= Decimal(10) ** 24:
            raise CellError("DAT001", i18n.Said("model.number_too_large"))
        d = decimals_of_plain(t)
        return v, d, "number", float(Decimal(5).scaleb(-(d + 1)))
    try:
        p = parse_number(sc.text, expect=expect)
    except NumberFormatError as e:
        raise _num_error(e)
    return p.value, p.decimals, p.kind, float(p.radius)


def parse_cell(cdef: ColumnDef, sc: "Value") -> Cell:
    t = cdef.type
    raw = sc.text
    if t in ("teks", "nip", "pilihan"):
        s = raw.strip()
        if t == "nip":
            s = _NIP_SEPARATORS.sub("", s)
        if t == "pilihan":
            s = cdef.canonical(s)
        return Cell(s, 0.0, raw)
    if t in ("bilangan", "persen", "cacah", "tahun"):
        v, d, kind, rad = _number_from(sc, "percent" if t == "persen" else "number")
        if kind == "rupiah":
            raise CellError("DAT002", i18n.Said("model.rupiah_amount_non_rupiah_column"))
        if t in ("cacah", "tahun"):
            if v != v.to_integral_value():
                raise CellError("DAT002", i18n.Said("model.must_whole_number"))
            v = int(v)
            if t == "tahun" and not 1900 <= v <= 2200:
                raise CellError("DAT002", i18n.Said("model.year_not_plausible", v=v))
            return Cell(v, 0.0, raw, 0, None)
        return Cell(float(v), 0.0 if cdef.exact else rad, raw, d, "%" if t == "persen" else None)
    if t == "rupiah":
        v, d, kind, rad = _number_from(sc, "rupiah")
        if kind == "percent":
            raise CellError("DAT002", i18n.Said("model.percentage_rupiah_column"))
        if v != v.to_integral_value():
            raise CellError("DAT002", i18n.Said("model.rupiah_must_whole_amount"))
        exact_written = rad <= 0.5
        return Cell(int(v), 0.0 if exact_written else rad, raw, 0, "Rp")
    if t == "tanggal":
        return _date_cell(sc)
    if t == "besaran":
        return _quantity_cell(cdef, sc)
    raise CellError("DAT002", i18n.Said("model.unknown_type", t=t))  # pragma: no cover


def _date_cell(sc: "Value") -> Cell:
    from lkjcheck.read.dates import parse_date  # shared with the narrative checks

    try:
        iv = parse_date(sc.text)
    except Exception as e:  # the parser's own message says what is wrong, in each language
        rid, ren = getattr(e, "reason_id", None) or str(e), getattr(e, "reason_en", None) or str(e)
        raise CellError("DAT001", i18n.Said("model.unreadable_date", reason=i18n.Both(rid, ren)))
    lo, hi = iv.first.toordinal(), iv.last.toordinal()
    return Cell((lo + hi) / 2, (hi - lo) / 2, sc.text, None, None)


def _quantity_cell(cdef: ColumnDef, sc: "Value") -> Cell:
    raw = sc.text.strip()
    if sc.tag in ("int", "float") and not sc.quoted:
        v, d, _, rad = _number_from(sc, "number")
        bare_count = cdef.bare_counts and d == 0 and v == v.to_integral_value()
        return Cell(float(v), 0.0 if cdef.exact or bare_count else rad, raw, d, None, raw)
    try:
        p = parse_number(raw)
        unit = {"percent": "%", "rupiah": "Rp"}.get(p.kind)
        bare_count = (cdef.bare_counts and p.kind == "number" and not p.decimals and p.scale == 1
                      and p.value == p.value.to_integral_value())
        exact = cdef.exact or bare_count or (p.kind == "rupiah" and p.scale == 1)
        return Cell(float(p.value) if p.kind != "rupiah" else int(p.value), 0.0 if exact else float(p.radius),
                    raw, p.decimals, unit, raw)
    except NumberFormatError:
        pass
    m = _QTY.match(raw)
    if not m:
        if _FIGURE_START.match(raw):
            # Starts like a figure but is not one we can read: never guess.
            try:
                parse_number(raw)
            except NumberFormatError as e:
                raise _num_error(e)
        # A grade ("B"), an opinion ("WTP") or words: no number to compute with.
        return Cell(None, 0.0, raw, None, None, raw)
    num, unit = m.group(1).strip(), m.group(2).strip()
    if unit.lower() == "persen":
        num, unit = num + "%", "%"
    try:
        p = parse_number(num, expect="percent" if unit == "%" else "number")
    except NumberFormatError as e:
        raise _num_error(e)
    if p.kind == "rupiah":
        unit = "Rp"
    return Cell(float(p.value), 0.0 if cdef.exact or _counted(cdef, unit, p) else float(p.radius),
                raw, p.decimals, unit or None, raw)


def _counted(cdef: ColumnDef, unit: str, p) -> bool:
    """A whole figure of a unit that is counted, not measured ("4 laporan"): exact."""
    if cdef.measured_units is None or not unit or unit in ("%", "Rp") or p.decimals or p.scale != 1:
        return False
    return unit.lower() not in cdef.measured_units and p.value == p.value.to_integral_value()


@dataclass
class Value:
    """One cell as written, wherever it came from."""

    text: str
    tag: str = "str"
    quoted: bool = True
    line: int | None = None
    column: int | None = None
    cell: str | None = None

    @property
    def is_null(self) -> bool:
        return _blank(self)


_BLANKS = frozenset(("", "~", "-", "—"))


def _blank(cell) -> bool:
    """An empty cell, for a Value or a YAML Scalar alike (a dash is empty in a table)."""
    return cell.tag == "null" or cell.text.strip() in _BLANKS


def _from_scalar(sc: Scalar) -> Value:
    return Value(sc.text, sc.tag, sc.quoted, sc.line, sc.column)


# Per column definition, at most this many distinct cell texts are remembered.
_PARSED_MAX = 4096


_BLANK = ("blank",)


def _parse_into(memo: dict, cdef: ColumnDef, val) -> tuple:
    """A cell typed for its column, remembered in `memo` under its text, tag and quoting.

    What it answers: _BLANK when empty; (rule, message) when unreadable;
    (value, rad, raw, decimals, unit) for a readable cell; for a quantity
    (besaran), three such tuples: the figure, its unit and its words, which
    fill the column and its _satuan and _teks companions.

    Reports repeat their figures ("100,00%", "IKU-1", dates, units) in row
    after row and report after report, and typing a cell (Indonesian number
    formats, precision, dates) is most of loading one; the result depends on
    nothing but the column and the cell as written, so each column keeps it.
    """
    text = val.text
    t = cdef.type
    if val.tag == "null" or text.strip() in _BLANKS:
        hit = _BLANK
    elif t == "teks":
        # Plain text, the commonest column: nothing in it can be unreadable.
        hit = (text.strip(), 0.0, text, None, None)
    elif (t == "cacah" and val.tag == "int" and not val.quoted and text.isascii() and text.isdigit()
          and len(text) < 24):
        # A count written as a plain YAML integer ("16"): whole and exact.
        hit = (int(text), 0.0, text, 0, None)
    else:
        try:
            c = parse_cell(cdef, val)
            hit = (c.value, c.rad, c.raw, c.decimals, c.unit)
            if t == "besaran":
                hit = (hit, (c.unit, 0.0, c.unit, None, None), (c.text, 0.0, c.text, None, None))
        except CellError as e:
            # The message, not the exception: re-raising one object would
            # grow its traceback with every cell that repeats the error.
            hit = (e.rule, e.msg)
    if len(memo) >= _PARSED_MAX:
        memo.clear()
    memo[(text, val.tag, val.quoted)] = hit
    return hit
