"""Typed tables: a column's values with where each was written, and a dataset of such tables."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lkjcheck.findings import Finding, row_number as _row_number
from lkjcheck.model.definition import Model


@dataclass
class Column:
    name: str
    kind: str                    # engine kind: num, money, text, date
    values: list = field(default_factory=list)
    rad: list = field(default_factory=list)
    raw: list = field(default_factory=list)
    decimals: list = field(default_factory=list)
    units: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    cols: list = field(default_factory=list)
    cells: list = field(default_factory=list)

    def append(self, value=None, rad=0.0, raw=None, decimals=None, unit=None, line=None, col=None, cell=None):
        """For columns built by hand (tests, tools). A loaded column may share
        its lists with the other empty columns of its table (_Builder._finish):
        read it, or extend a new Column from it, but never append to it."""
        self.values.append(value)
        self.rad.append(rad)
        self.raw.append(raw)
        self.decimals.append(decimals)
        self.units.append(unit)
        self.lines.append(line)
        self.cols.append(col)
        self.cells.append(cell)

    def extend(self, other: "Column") -> None:
        for attr in ("values", "rad", "raw", "decimals", "units", "lines", "cols", "cells"):
            getattr(self, attr).extend(getattr(other, attr))


# What Table.shared says of a column's list (in Column's order, values to
# cells): the table's own row list, all None, all 0.0; None for a list of its own.
SHARED_ROW, SHARED_NONE, SHARED_ZERO = "row", "none", "zero"


@dataclass
class Table:
    name: str
    columns: dict[str, Column]
    files: list = field(default_factory=list)       # per row
    lines: list = field(default_factory=list)       # per row
    ds: list = field(default_factory=list)          # per row: index of the dataset
    cells: list = field(default_factory=list)       # per row: sheet!A5 of the row start (xlsx)
    # Columns no row filled, by name, with the default every row holds: made
    # of the table's shared lists by _Builder._finish, so that stacking a
    # batch need not read them report by report (checks.table.stack).
    unfilled: dict = field(default_factory=dict)
    # Filled columns, by name: which of their lists are the table's row list
    # or all None or all 0.0 (SHARED_*, made by model/building._MARKS), for the same reason.
    shared: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)


@dataclass
class Dataset:
    name: str
    path: str
    model: Model
    tables: dict[str, Table]
    findings: list[Finding]
    year: int | None = None
    agency: str | None = None
    files: list[str] = field(default_factory=list)
    text_path: str | None = None
    # Built from a report document (lkjcheck.extract): its text for the text
    # rules, and where each value's placeholder line really is in the document.
    document: Any = None
    relocate: dict | None = None


def row_number(table: Table, r: int) -> int:
    """1-based number of stacked row r within its own report (stack() keeps each report's rows together)."""
    return _row_number(table.ds, r)
