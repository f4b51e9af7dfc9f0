"""Values a rule computes with: columns as arrays, every number and date an interval.

A `Vec` is one value per row of a frame: the value, whether it is unknown,
its radius (half a unit of the last written digit: a figure stands for
value ± radius) and, for figures as written, their decimals and unit. `Env`
is what evaluation sees of the stacked tables, converted to arrays once per
column.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np

from lkjcheck.lang.syntax import ColRef, ExprError


@dataclass
class Vec:
    kind: str                       # num, money, date, text, bool
    val: np.ndarray
    null: np.ndarray
    rad: np.ndarray | None = None   # None: exact
    dec: np.ndarray | None = None   # decimals written (for showing expected values alike)
    unit: np.ndarray | None = None
    src: "ColRef | None" = None     # set when the value is a plain column

    def __len__(self):
        return len(self.val)

    def radius(self) -> np.ndarray:
        return self.rad if self.rad is not None else np.zeros(len(self.val))

    def as_float(self) -> np.ndarray:
        if self.val.dtype == object:
            out = np.zeros(len(self.val))
            ok = ~self.null
            if ok.any():
                out[ok] = np.array([float(v) for v in self.val[ok]])
            return out
        return self.val.astype(float)


def scalar_vec(value, n: int) -> Vec:
    if value is None:
        return Vec("num", np.zeros(n), np.ones(n, bool))
    if isinstance(value, bool):
        return Vec("bool", np.full(n, value), np.zeros(n, bool))
    if isinstance(value, int):
        return Vec("money" if abs(value) > 2**53 else "num",
                   np.array([value] * n, dtype=object) if abs(value) > 2**53 else np.full(n, float(value)),
                   np.zeros(n, bool))
    if isinstance(value, float):
        return Vec("num", np.full(n, value), np.zeros(n, bool))
    if isinstance(value, str):
        return Vec("text", np.array([value] * n, dtype=object), np.zeros(n, bool))
    if isinstance(value, _dt.date):
        return Vec("date", np.full(n, float(value.toordinal())), np.zeros(n, bool))
    raise ExprError("lang.unsupported_value")


@dataclass
class Frame:
    """The rows a rule is evaluated over: a table and a selection of its rows."""

    table: str
    rows: np.ndarray                 # indexes into the table
    ds: np.ndarray                   # dataset index per selected row


class Env:
    """What evaluation can see: column vectors of every table, and parameters.

    Columns are converted to arrays once per table and cached, so a hundred
    rules over one table pay for the conversion once.
    """

    def __init__(self, tables: dict, params: dict, derived: dict | None = None, regex_cache: dict | None = None,
                 identity=None):
        self.identity = identity      # model.definition.Identity: where a report names its agency and year
        self.tables = tables          # name -> load.Table
        self.params = params
        self.derived = derived or {}  # (table, column) -> Node
        self._cols: dict[tuple[str, str], Vec] = {}
        self._ds: dict[str, np.ndarray] = {}
        self.regex = regex_cache if regex_cache is not None else {}
        self.agg_cache: dict = {}
        # Aggregates match by-values by equality; one numbering of all values
        # seen lets them match with integer arrays.
        self._key_code: dict = {}
        self._column_codes: dict[tuple[str, str], np.ndarray] = {}

    def ds(self, table: str) -> np.ndarray:
        if table not in self._ds:
            self._ds[table] = np.asarray(self.tables[table].ds, dtype=np.int64)
        return self._ds[table]

    def column(self, table: str, column: str) -> Vec:
        key = (table, column)
        v = self._cols.get(key)
        if v is None and key in self.derived:
            n = self.nrows(table)
            v = self.derived[key].eval(self, Frame(table, np.arange(n), self.ds(table)))
            v.src = ColRef(table, column)
            self._cols[key] = v
            return v
        if v is None:
            v = column_vec(self.tables[table], column)
            v.src = ColRef(table, column)
            self._cols[key] = v
        return v

    def key_codes(self, values: list) -> np.ndarray:
        """A number per value, equal numbers for equal values (in this Env)."""
        code = self._key_code
        for v in dict.fromkeys(values):
            code.setdefault(v, len(code))
        return np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=len(values))

    def column_key_codes(self, table: str, column: str) -> np.ndarray:
        key = (table, column)
        if key not in self._column_codes:
            self._column_codes[key] = self.key_codes(self.column(table, column).val.tolist())
        return self._column_codes[key]

    def nrows(self, table: str) -> int:
        return len(self.tables[table])

    def same_agency(self, ds: int, year: int) -> int:
        """The dataset of the same agency for `year`, or -1.

        An agency is its satker code when the report gives one, else its name
        (case and spacing folded): the key a data repo keeps one folder per year by.
        """
        index = self.__dict__.get("_agency_index")
        if index is None:
            index, agency_of = {}, {}
            who_is = self.identity
            lap = self.tables.get(who_is.table) if who_is is not None and who_is.table and who_is.year else None
            if lap is not None and len(lap):
                def values(col):
                    return lap.columns[col].values if col in lap.columns else [None] * len(lap)
                code, name, years = values(who_is.agency_code), values(who_is.agency), values(who_is.year)
                for i, d in enumerate(lap.ds):
                    who = str(code[i]).strip() if code[i] else " ".join(str(name[i] or "").lower().split())
                    if not who or years[i] is None:
                        continue
                    agency_of[int(d)] = who
                    k = (who, int(years[i]))
                    # Two reports of one agency for one year (a draft and a
                    # correction side by side): no way to tell which is meant.
                    index[k] = -1 if k in index else int(d)
            self._agency_index, self._agency_of = index, agency_of
        who = self._agency_of.get(ds)
        return index.get((who, year), -1) if who is not None else -1


def column_vec(table, column: str) -> Vec:
    col = table.columns[column]
    n = len(col.values)
    null = np.array([v is None for v in col.values], dtype=bool) if n else np.zeros(0, bool)
    dec = np.array(col.decimals, dtype=object) if n else np.zeros(0, object)
    unit = np.array(col.units, dtype=object) if n else np.zeros(0, object)
    if col.kind in ("num", "date"):
        val = np.array([0.0 if v is None else float(v) for v in col.values], dtype=float)
        rad = np.array([r or 0.0 for r in col.rad], dtype=float)
        return Vec(col.kind, val, null, rad if rad.any() else None, dec, unit)
    if col.kind == "money":
        val = np.empty(n, dtype=object)
        val[:] = [0 if v is None else v for v in col.values]
        rad = np.array([r or 0.0 for r in col.rad], dtype=float)
        return Vec("money", val, null, rad if rad.any() else None, dec, unit)
    val = np.empty(n, dtype=object)
    val[:] = ["" if v is None else str(v) for v in col.values]
    return Vec("text", val, null, None, dec, unit)


def take(v: Vec, idx: np.ndarray) -> Vec:
    return Vec(v.kind, v.val[idx], v.null[idx],
               None if v.rad is None else v.rad[idx],
               None if v.dec is None else v.dec[idx],
               None if v.unit is None else v.unit[idx], v.src)


def broadcast(env: Env, ref: ColRef, frame: Frame) -> Vec:
    """The value of a one-row-per-dataset column for each row of `frame`."""
    full = env.column(ref.table, ref.column)
    if not len(full):
        v = scalar_vec(None, len(frame.rows))
        v.src = None
        return v
    # The first row of each dataset speaks for it.
    datasets, first = np.unique(env.ds(ref.table), return_index=True)
    at = np.minimum(np.searchsorted(datasets, frame.ds), len(datasets) - 1)
    missing = datasets[at] != frame.ds
    v = take(full, np.where(missing, 0, first[at]))
    v.null = v.null | missing
    v.src = None
    return v


def factorize(values: list) -> tuple[list, np.ndarray]:
    """The distinct values (in order of first appearance) and, for each value, its position among them.

    Equality is the dict's, so a pure function evaluated once per distinct
    value gives what it would have given row by row.
    """
    index = {v: i for i, v in enumerate(dict.fromkeys(values))}
    return list(index), np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
