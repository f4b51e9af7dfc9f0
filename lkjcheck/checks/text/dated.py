"""Dated lines: a date found on one of the lines after a heading (the signature block, the reviu statement)."""
from __future__ import annotations

import calendar
from datetime import date

from lkjcheck.checks.text.units import MAX_UNIT
from lkjcheck.read.dates import DateFormatError, DateInterval, parse_date
from lkjcheck.checks.text.params import ParamError


def locate(ctx, spec: dict) -> list[tuple[int, object]]:
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


def _offset(ctx, line_index: int, col0: int) -> int:
    return ctx.doc.offset(line_index + 1, col0 + 1)


def year_end_plus_months(year: int, months: int) -> date:
    total = 12 + months            # months counted from January of `year`
    y, m = year + (total - 1) // 12, (total - 1) % 12 + 1
    return date(y, m, calendar.monthrange(y, m)[1])


def dated_lines(ctx, spec: dict):
    """(offset start, offset end, interval or DateFormatError) for each located date line."""
    out = []
    for j, m in locate(ctx, spec):
        if not m.group("tanggal"):
            continue
        s, e = _offset(ctx, j, m.start("tanggal")), _offset(ctx, j, m.end("tanggal"))
        try:
            iv = parse_date(m.group("tanggal"))
        except DateFormatError as err:
            iv = err
        out.append((s, e, iv))
    return out


def fact_date(ctx, key: str) -> DateInterval | None:
    v = ctx.facts.get(key)
    if v is None:
        return None
    try:
        return parse_date(v)
    except (DateFormatError, TypeError):
        return None


def require_date_group(params: dict) -> None:
    """The date line (and the signing date line, if any) must capture the date as ``tanggal``."""
    for spec in (params, params.get("signing") or {}):
        if spec and "tanggal" not in spec["date_line"].regex.groupindex:
            raise ParamError("checks.date_line_needs_tanggal")
