"""The rule expression language: a small, safe, vectorised subset of Python syntax.

Rule files are untrusted (they come from data repos and run in CI), so an
expression is parsed with `ast` and then rebuilt into our own node types from a
whitelist: arithmetic (+ - * /), comparisons, and/or/not, `x if c else y`,
literals, column names and a fixed set of functions. There is no attribute
access beyond `table.column`, no power operator, no text arithmetic, no
comprehension, lambda or subscript, so evaluation cannot run code, touch files,
or take time beyond a pass over the tables. Every name is resolved against the
data model when the rule is loaded: a typo is a load error, never a rule that
silently never fires.

Numbers and dates are intervals (value ± radius), so a comparison fails only when
no values within the written precision could make it hold.
"""
from __future__ import annotations

import ast
import datetime as _dt
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

MAX_SOURCE = 4000
MAX_NODES = 400
MAX_DEPTH = 40
MAX_STRING = 500
MAX_INT = 10**24
REGEX_TIMEOUT = 0.25
# All rows of one matches()/ambil() together: a pattern that backtracks on
# every row of a 1000-row table would otherwise take 1000 x REGEX_TIMEOUT.
REGEX_BUDGET = 2.0


class ExprError(Exception):
    """An expression that cannot be accepted; `col` is the 1-based column in the source."""

    def __init__(self, msg_id: str, msg_en: str, col: int | None = None):
        super().__init__(msg_en)
        self.msg_id, self.msg_en, self.col = msg_id, msg_en, col


# ---------------------------------------------------------------- values

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


@dataclass(frozen=True)
class ColRef:
    table: str
    column: str


def _scalar_vec(value, n: int) -> Vec:
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
    raise ExprError("nilai tidak didukung", "unsupported value")


# ---------------------------------------------------------------- context

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

    def __init__(self, tables: dict, params: dict, derived: dict | None = None, regex_cache: dict | None = None):
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
            v = _column_vec(self.tables[table], column)
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
            lap = self.tables.get("laporan")
            if lap is not None and len(lap):
                code = lap.columns["kode_satker"].values if "kode_satker" in lap.columns else [None] * len(lap)
                name = lap.columns["instansi"].values
                years = lap.columns["tahun"].values
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


def _column_vec(table, column: str) -> Vec:
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


def _take(v: Vec, idx: np.ndarray) -> Vec:
    return Vec(v.kind, v.val[idx], v.null[idx],
               None if v.rad is None else v.rad[idx],
               None if v.dec is None else v.dec[idx],
               None if v.unit is None else v.unit[idx], v.src)


# ---------------------------------------------------------------- nodes

class Node:
    kind: str = "num"

    def eval(self, env: Env, frame: Frame) -> Vec:  # pragma: no cover - abstract
        raise NotImplementedError

    def columns(self) -> list[ColRef]:
        return []


@dataclass
class Const(Node):
    value: Any
    kind: str = "num"

    def eval(self, env, frame):
        return _scalar_vec(self.value, len(frame.rows))


@dataclass
class ListConst(Node):
    values: tuple
    kind: str = "list"

    def eval(self, env, frame):  # pragma: no cover - only used by `in`
        raise ExprError("daftar hanya boleh di sisi kanan 'in'", "a list is only allowed right of 'in'")


@dataclass
class Column(Node):
    ref: ColRef
    kind: str = "num"

    def eval(self, env, frame):
        return _take(env.column(self.ref.table, self.ref.column), frame.rows)

    def columns(self):
        return [self.ref]


@dataclass
class Broadcast(Node):
    """A column of a one-row-per-dataset table (laporan.tahun) seen from any table."""

    ref: ColRef
    kind: str = "num"

    def eval(self, env, frame):
        full = env.column(self.ref.table, self.ref.column)
        if not len(full):
            v = _scalar_vec(None, len(frame.rows))
            v.src = None
            return v
        # The first row of each dataset speaks for it.
        datasets, first = np.unique(env.ds(self.ref.table), return_index=True)
        at = np.minimum(np.searchsorted(datasets, frame.ds), len(datasets) - 1)
        missing = datasets[at] != frame.ds
        v = _take(full, np.where(missing, 0, first[at]))
        v.null = v.null | missing
        v.src = None
        return v


@dataclass
class Param(Node):
    name: str
    kind: str = "num"

    def eval(self, env, frame):
        value = env.params.get(self.name)
        if isinstance(value, str) and self.kind == "date":
            from lkjcheck.read.dates import parse_date
            value = parse_date(value).first
        return _scalar_vec(value, len(frame.rows))


@dataclass
class Unary(Node):
    op: str
    arg: Node
    kind: str = "num"

    def eval(self, env, frame):
        a = self.arg.eval(env, frame)
        if self.op == "not":
            return Vec("bool", ~a.val.astype(bool), a.null.copy())
        if self.op == "-":
            return Vec(a.kind, -a.val, a.null.copy(), a.rad, a.dec, a.unit)
        return a

    def columns(self):
        return self.arg.columns()


def _money_like(a: Vec, b: Vec) -> bool:
    return a.kind == "money" and b.kind == "money" and a.rad is None and b.rad is None


def _combine_rad(*rads):
    present = [r for r in rads if r is not None]
    if not present:
        return None
    out = np.zeros(len(present[0]))
    for r in present:
        out = out + r
    return out


@dataclass
class BinOp(Node):
    op: str
    left: Node
    right: Node
    kind: str = "num"

    def eval(self, env, frame):
        a, b = self.left.eval(env, frame), self.right.eval(env, frame)
        null = a.null | b.null
        op = self.op
        if op in "+-":
            if _money_like(a, b):
                val = a.val + b.val if op == "+" else a.val - b.val
                return Vec("money", val, null, None, None, a.unit)
            fa, fb = a.as_float(), b.as_float()
            val = fa + fb if op == "+" else fa - fb
            kind = self.kind
            dec = a.dec if a.dec is not None else b.dec
            return Vec(kind, val, null, _combine_rad(a.rad, b.rad), dec, a.unit if a.unit is not None else b.unit)
        fa, fb = a.as_float(), b.as_float()
        ra, rb = a.radius(), b.radius()
        if op == "*":
            val = fa * fb
            rad = np.abs(fa) * rb + np.abs(fb) * ra + ra * rb
            return Vec("num", val, null, rad if rad.any() else None)
        # Division: a zero (or possibly zero) divisor makes the result unknown,
        # not an error — the rule simply cannot judge that row.
        zero = (np.abs(fb) <= rb) | (fb == 0)
        safe = np.where(zero, 1.0, fb)
        val = fa / safe
        with np.errstate(divide="ignore", invalid="ignore"):
            rad = (np.abs(fa) * rb + np.abs(safe) * ra) / (np.abs(safe) * np.maximum(np.abs(safe) - rb, 1e-300))
        rad = np.where(zero, 0.0, rad)
        return Vec("num", val, null | zero, rad if rad.any() else None)

    def columns(self):
        return self.left.columns() + self.right.columns()


# Relative slack for float noise only: far below any written precision.
_EPS = 1e-9


def compare(op: str, a: Vec, b: Vec, slack: float = 0.0, exact: bool = False) -> Vec:
    null = a.null | b.null
    if a.kind == "text" or b.kind == "text" or a.kind == "bool" or b.kind == "bool":
        if op == "==":
            res = a.val == b.val
        elif op == "!=":
            res = a.val != b.val
        else:
            with np.errstate(all="ignore"):
                res = np.array([_cmp_plain(op, x, y) for x, y in zip(a.val, b.val)], dtype=bool)
        return Vec("bool", np.asarray(res, dtype=bool), null)
    if _money_like(a, b) and not slack:
        fn = {"==": lambda x, y: x == y, "!=": lambda x, y: x != y, "<": lambda x, y: x < y,
              "<=": lambda x, y: x <= y, ">": lambda x, y: x > y, ">=": lambda x, y: x >= y}[op]
        res = np.array([fn(x, y) for x, y in zip(a.val, b.val)], dtype=bool)
        return Vec("bool", res, null)
    fa, fb = a.as_float(), b.as_float()
    tol = np.zeros(len(fa)) if exact else a.radius() + b.radius()
    tol = tol + slack
    # Float noise makes two equal figures equal: it widens <=, >=, == and
    # narrows the strict < and >, so `count(t) > 0` is false for an empty t.
    noise = _EPS * np.maximum(np.maximum(np.abs(fa), np.abs(fb)), 1.0)
    d = fa - fb
    if op == "==":
        res = np.abs(d) <= tol + noise
    elif op == "!=":
        res = np.abs(d) > tol + noise
    elif op == "<":
        res = d < tol - noise
    elif op == "<=":
        res = d <= tol + noise
    elif op == ">":
        res = d > -(tol - noise)
    else:
        res = d >= -(tol + noise)
    return Vec("bool", res, null)


def _cmp_plain(op, x, y):
    try:
        return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]
    except TypeError:
        return False


@dataclass
class Compare(Node):
    op: str
    left: Node
    right: Node
    kind: str = "bool"
    slack: float = 0.0
    exact: bool = False

    def eval(self, env, frame):
        a, b = self.left.eval(env, frame), self.right.eval(env, frame)
        return compare(self.op, a, b, self.slack, self.exact)

    def columns(self):
        return self.left.columns() + self.right.columns()


@dataclass
class InList(Node):
    arg: Node
    values: tuple
    negate: bool = False
    kind: str = "bool"

    def eval(self, env, frame):
        a = self.arg.eval(env, frame)
        if a.kind == "text":
            allowed = set(str(v) for v in self.values)
            res = np.array([v in allowed for v in a.val], dtype=bool)
        else:
            f = a.as_float()
            r = a.radius()
            res = np.zeros(len(f), bool)
            for v in self.values:
                res |= np.abs(f - float(v)) <= r + _EPS * max(abs(float(v)), 1.0)
        return Vec("bool", ~res if self.negate else res, a.null.copy())

    def columns(self):
        return self.arg.columns()


@dataclass
class BoolOp(Node):
    op: str
    args: list
    kind: str = "bool"

    def eval(self, env, frame):
        # Kleene logic: unknown and false is false, unknown or true is true.
        vals = [a.eval(env, frame) for a in self.args]
        if self.op == "and":
            val = np.ones(len(frame.rows), bool)
            definite_false = np.zeros(len(frame.rows), bool)
            unknown = np.zeros(len(frame.rows), bool)
            for v in vals:
                t = v.val.astype(bool)
                definite_false |= (~v.null) & (~t)
                unknown |= v.null
            return Vec("bool", ~definite_false, unknown & ~definite_false)
        definite_true = np.zeros(len(frame.rows), bool)
        unknown = np.zeros(len(frame.rows), bool)
        for v in vals:
            t = v.val.astype(bool)
            definite_true |= (~v.null) & t
            unknown |= v.null
        return Vec("bool", definite_true, unknown & ~definite_true)

    def columns(self):
        return [c for a in self.args for c in a.columns()]


@dataclass
class IfExp(Node):
    cond: Node
    then: Node
    other: Node
    kind: str = "num"

    def eval(self, env, frame):
        c = self.cond.eval(env, frame)
        a, b = self.then.eval(env, frame), self.other.eval(env, frame)
        pick = c.val.astype(bool) & ~c.null
        if a.val.dtype != b.val.dtype:
            av, bv = a.val.astype(object), b.val.astype(object)
        else:
            av, bv = a.val, b.val
        val = np.where(pick, av, bv)
        # An unknown condition takes the else branch, like SQL's CASE WHEN.
        null = np.where(pick, a.null, b.null)
        rad = None
        if a.rad is not None or b.rad is not None:
            rad = np.where(pick, a.radius(), b.radius())
        dec = None
        if a.dec is not None and b.dec is not None:
            dec = np.where(pick, a.dec, b.dec)
        return Vec(self.kind, val, null, rad, dec)

    def columns(self):
        return self.cond.columns() + self.then.columns() + self.other.columns()


@dataclass
class Func(Node):
    name: str
    args: list
    impl: Callable
    kind: str = "num"
    extra: dict = field(default_factory=dict)

    def eval(self, env, frame):
        return self.impl(env, frame, [a.eval(env, frame) for a in self.args], **self.extra)

    def columns(self):
        return [c for a in self.args for c in a.columns()]


@dataclass
class Aggregate(Node):
    """sum/mean/count/min/max/one over another table, per dataset and optionally per key."""

    func: str
    table: str
    value: Node | None               # None for count
    where: Node | None
    by: str | None
    key: Node | None
    kind: str = "num"
    # tahun=: look in the report of the same agency for that year instead of
    # the row's own report (cross-year checks).
    year: Node | None = None

    def eval(self, env, frame):
        groups = env.agg_cache.get(id(self))
        if groups is None:
            groups = env.agg_cache[id(self)] = self._groups(env)
        target = np.asarray(frame.ds, dtype=np.int64)
        if self.year is not None:
            target = self._year_targets(env, frame, target)
        if self.key is not None:
            kv = self.key.eval(env, frame)
            # A row without a key asks for the key None, as the row-by-row lookup did.
            codes = env.key_codes([None if null else v for v, null in zip(kv.val.tolist(), kv.null.tolist())])
        else:
            codes = env.key_codes([None] * len(target))
        out = groups.gather(target, codes)
        if self.func in ("one", "first") and isinstance(self.value, Column) and out.kind != "text":
            # A looked-up figure is shown as written in its own table (its decimals, its unit).
            out.src = self.value.ref
        return out

    def _groups(self, env) -> "_Groups":
        n_src = env.nrows(self.table)
        src = Frame(self.table, np.arange(n_src), env.ds(self.table))
        member = np.ones(n_src, bool)
        if self.where is not None:
            w = self.where.eval(env, src)
            member = w.val.astype(bool) & ~w.null
        vals = self.value.eval(env, src) if self.value is not None else None
        if self.by:
            member &= ~env.column(self.table, self.by).null
            codes = env.column_key_codes(self.table, self.by)
        else:
            codes = env.key_codes([None] * n_src)
        # count counts rows; the other aggregates pass over rows whose value is unknown.
        if self.func != "count":
            member &= ~vals.null
        return _Groups(self.func, vals, src.ds, codes, member)

    def _year_targets(self, env, frame, target: np.ndarray) -> np.ndarray:
        """The dataset each row looks in for tahun=: the same agency's report of that year, or -1."""
        yv = self.year.eval(env, frame)
        sure = np.flatnonzero(~(yv.null | (yv.radius() != 0)))
        pairs, inverse = _factorize(list(zip(target[sure].tolist(), yv.val[sure].tolist())))
        found = np.array([env.same_agency(d, int(round(float(y)))) for d, y in pairs], dtype=np.int64)
        out = np.full(len(target), -1, dtype=np.int64)
        out[sure] = found[inverse]
        return out

    def columns(self):
        return []


def _factorize(values: list) -> tuple[list, np.ndarray]:
    """The distinct values (in order of first appearance) and, for each value, its position among them.

    Equality is the dict's, so a pure function evaluated once per distinct
    value gives what it would have given row by row.
    """
    index = {v: i for i, v in enumerate(dict.fromkeys(values))}
    return list(index), np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))


def _group_id(ds: np.ndarray, codes: np.ndarray) -> np.ndarray:
    # Key codes stay far below 2**32; a dataset of -1 (no report for that
    # year) gives a negative id that no group has.
    return ds.astype(np.int64) * (1 << 32) + codes


class _Groups:
    """An aggregate's table split into groups by (dataset, by-key), with each group's result.

    Built once per aggregate and run, so a rule over n rows costs a lookup per
    row instead of a pass over its group per row.
    """

    def __init__(self, func: str, vals: Vec | None, ds: np.ndarray, codes: np.ndarray, member: np.ndarray):
        self.func, self.vals = func, vals
        rows = np.flatnonzero(member)
        self.ids, inverse, counts = np.unique(_group_id(ds[rows], codes[rows]), return_inverse=True,
                                              return_counts=True)
        # A stable sort keeps each group's rows in document order (first, and the order of summing).
        self.rows = rows[np.argsort(inverse, kind="stable")]
        self.counts = counts
        self.starts = np.cumsum(counts) - counts
        self.text = vals is not None and vals.kind == "text"
        self.money = vals is not None and vals.kind == "money" and vals.rad is None \
            and func in ("sum", "min", "max", "one", "first")
        self.result = None if func == "count" or (self.text and func in ("sum", "mean")) else self._results()

    def _results(self):
        """Per group: (value, radius) for sum/mean, or the row whose value it takes."""
        vals, func, counts = self.vals, self.func, self.counts
        bounds = list(zip(self.starts.tolist(), (self.starts + counts).tolist()))
        # Radii add in document order, as numpy scalars did row by row.
        group_of = np.repeat(np.arange(len(counts)), counts)
        if func in ("sum", "mean"):
            rad = np.bincount(group_of, weights=vals.radius()[self.rows], minlength=len(counts))
            if self.money:
                seq = vals.val[self.rows].tolist()
                total = np.empty(len(counts), dtype=object)
                total[:] = [sum(seq[a:b]) for a, b in bounds]
                return total, rad
            # Python's sum over Python floats, as before: the same rounding on every Python version.
            seq = vals.as_float()[self.rows].tolist()
            total = np.array([float(sum(seq[a:b])) for a, b in bounds], dtype=float)
            if func == "mean":
                return total / counts, rad / counts
            return total, rad
        if func in ("min", "max"):
            seq = vals.val[self.rows].tolist()
            pick = min if func == "min" else max
            return self.rows[[pick(range(a, b), key=seq.__getitem__) for a, b in bounds]]
        if func == "first":
            # Document order: the first statement of a quantity is the one
            # later restatements are held against.
            return self.rows[self.starts]
        if func == "one":
            return np.where(counts == 1, self.rows[self.starts], -1)
        raise ExprError(f"agregat {func} tidak dikenal", f"unknown aggregate {func}")  # pragma: no cover

    def gather(self, target: np.ndarray, codes: np.ndarray) -> Vec:
        """The aggregate for rows that look in dataset `target` for key `codes`."""
        n = len(target)
        want = _group_id(target, codes)
        pos = np.minimum(np.searchsorted(self.ids, want), max(len(self.ids) - 1, 0))
        hit = self.ids[pos] == want if len(self.ids) else np.zeros(n, bool)
        g = pos[hit]
        if self.func == "count":
            out = np.zeros(n)
            out[hit] = self.counts[g]
            return Vec("num", out, np.zeros(n, bool))
        vals, func = self.vals, self.func
        if self.text and func in ("sum", "mean") and hit.any():
            raise ExprError(f"{func} tidak berlaku untuk teks", f"{func} does not apply to text")
        null = np.zeros(n, bool)
        out = np.empty(n, dtype=object) if self.money or self.text else np.zeros(n)
        out[:] = 0
        rad = np.zeros(n)
        dec = np.empty(n, dtype=object)
        unit = np.empty(n, dtype=object)
        if func in ("sum", "mean"):
            total, grad = self.result
            out[hit] = total[g]
            rad[hit] = grad[g]
            # An empty sum is 0; an empty mean is unknown.
            null = ~hit if func == "mean" else null
        else:
            row = np.full(n, -1, dtype=np.int64)
            row[hit] = self.result[g]
            ok = row >= 0
            picked = row[ok]
            out[ok] = vals.val[picked]
            rad[ok] = vals.radius()[picked]
            if func in ("one", "first"):
                if vals.dec is not None:
                    dec[ok] = vals.dec[picked]
                if vals.unit is not None:
                    unit[ok] = vals.unit[picked]
            null = ~ok
        kind = vals.kind
        if func == "mean" and kind == "money":
            kind = "num"
        if self.text:
            out[null] = ""
            return Vec("text", out, null)
        return Vec(kind if self.money or kind in ("num", "date") else "num",
                   out if self.money else out.astype(float), null, rad if rad.any() else None, dec,
                   unit if func in ("one", "first") else None)


# ---------------------------------------------------------------- functions

def _bool(val, null) -> Vec:
    return Vec("bool", np.asarray(val, dtype=bool), np.asarray(null, dtype=bool))


def _f_ada(env, frame, a):
    return _bool(~a[0].null, np.zeros(len(a[0]), bool))


def _f_kosong(env, frame, a):
    return _bool(a[0].null, np.zeros(len(a[0]), bool))


def _f_tepat(env, frame, a):
    # True when the figure or date stands for one value: "Januari 2025" or a
    # measured "99,01%" is an interval, "15 Januari 2025" or a count is not.
    v = a[0]
    return _bool(~v.null & (v.radius() == 0), np.zeros(len(v), bool))


def _f_abs(env, frame, a):
    v = a[0]
    return Vec(v.kind, np.abs(v.val), v.null.copy(), v.rad, v.dec, v.unit)


def _f_round(env, frame, a, ndigits=0):
    v = a[0]
    return Vec("num", np.round(v.as_float(), ndigits), v.null.copy(), v.rad, v.dec, v.unit)


def _f_minmax(env, frame, a, which="min"):
    fs = np.vstack([v.as_float() for v in a])
    idx = (np.argmin if which == "min" else np.argmax)(fs, axis=0)
    cols = np.arange(fs.shape[1])
    null = np.any(np.vstack([v.null for v in a]), axis=0)
    rads = np.vstack([v.radius() for v in a])
    rad = rads[idx, cols]
    return Vec("num", fs[idx, cols], null, rad if rad.any() else None)


def _distinct(args: list) -> tuple[np.ndarray, np.ndarray, list, np.ndarray]:
    """Rows where no argument is unknown, and their distinct argument tuples.

    Returns (null, live, distinct, inverse): `live` are the rows to evaluate,
    `distinct[inverse[i]]` the arguments of row `live[i]`. Texts, dates and
    codes repeat across rows and reports, so a pure function evaluated once
    per distinct value does a fraction of the work.
    """
    null = args[0].null.copy()
    for r in args[1:]:
        null |= r.null
    live = np.flatnonzero(~null)
    columns = [v.val[live].tolist() for v in args]
    values = columns[0] if len(columns) == 1 else list(zip(*columns))
    distinct, inverse = _factorize(values)
    return null, live, distinct, inverse


def _spread(n: int, live: np.ndarray, inverse: np.ndarray, per_distinct: list, fill, dtype) -> np.ndarray:
    """Per-row array from per-distinct results: `fill` on rows that were not evaluated."""
    values = np.empty(len(per_distinct), dtype=dtype)
    values[:] = per_distinct
    out = np.empty(n, dtype=dtype)
    out[:] = fill
    out[live] = values[inverse]
    return out


def _text_map(fn, kind="text"):
    def impl(env, frame, a, **kw):
        null, live, distinct, inverse = _distinct(a)
        if len(a) == 1:
            res = [fn(str(s), **kw) for s in distinct]
        else:
            res = [fn(str(s), *rest, **kw) for s, *rest in distinct]
        n = len(null)
        if kind == "bool":
            return _bool(_spread(n, live, inverse, [bool(x) for x in res], False, bool), null)
        if kind == "num":
            val = _spread(n, live, inverse, [0.0 if x is None else float(x) for x in res], 0.0, float)
            return Vec("num", val, null | _spread(n, live, inverse, [x is None for x in res], False, bool))
        if kind == "date":
            lo = _spread(n, live, inverse, [0.0 if x is None else x[0] for x in res], 0.0, float)
            hi = _spread(n, live, inverse, [0.0 if x is None else x[1] for x in res], 0.0, float)
            null = null | _spread(n, live, inverse, [x is None for x in res], False, bool)
            rad = (hi - lo) / 2
            return Vec("date", (lo + hi) / 2, null, rad if rad.any() else None)
        # A text function's None (kata past the last word) is empty text, not unknown.
        return Vec("text", _spread(n, live, inverse, ["" if x is None else x for x in res], "", object), null)
    return impl


def _ascii_digits(s: str) -> bool:
    # str.isdigit() is also true of "²" (int() then fails) and of Arabic-Indic
    # digits (int() would convert them silently): only 0-9 count as a figure.
    return s.isascii() and s.isdigit()


def _digits(s):
    return "".join(ch for ch in s if "0" <= ch <= "9")


def _angka(s):
    d = s.strip()
    return int(d) if _ascii_digits(d) and len(d) <= 24 else None


def _date_from_digits(s, fmt):
    s = s.strip()
    try:
        if fmt == "YYYYMMDD" and len(s) == 8 and _ascii_digits(s):
            d = _dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
            return (d.toordinal(), d.toordinal())
        if fmt == "YYYYMM" and len(s) == 6 and _ascii_digits(s):
            y, m = int(s[:4]), int(s[4:])
            first = _dt.date(y, m, 1)
            last = (_dt.date(y + (m == 12), m % 12 + 1, 1) - _dt.timedelta(days=1))
            return (first.toordinal(), last.toordinal())
        if fmt == "YYYY" and len(s) == 4 and _ascii_digits(s):
            y = int(s)
            return (_dt.date(y, 1, 1).toordinal(), _dt.date(y, 12, 31).toordinal())
    except ValueError:
        return None
    return None


# Date functions work on day ordinals (date.toordinal()) as whole arrays.
# numpy's calendar is the proleptic Gregorian one of Python's dates; each
# function turns unknown exactly the rows where the date arithmetic written
# with datetime.date raised (out of the years 1-9999, not a number, ...).
_EPOCH = _dt.date(1970, 1, 1).toordinal()
_LAST_ORDINAL = _dt.date.max.toordinal()


def _whole(x: np.ndarray, lo: int, hi: int, rounding=np.trunc) -> tuple[np.ndarray, np.ndarray]:
    """int(x) (or int(round(x))) as int64, and whether it lies in lo..hi; NaN and inf never do."""
    t = rounding(x)
    ok = (t >= lo) & (t <= hi)
    return np.where(ok, t, lo).astype(np.int64), ok


def _civil(ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of valid day ordinals."""
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    n = months.astype(np.int64)
    return n // 12 + 1970, n % 12 + 1, (days - months).astype(np.int64) + 1


def _month_start(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    """The ordinal of the first day of month m of year y."""
    months = (y - 1970) * 12 + (m - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + _EPOCH


def _month_days(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    return _month_start(y + m // 12, m % 12 + 1) - _month_start(y, m)


def _date_part(which):
    def impl(env, frame, a):
        v = a[0]
        f, r = v.as_float(), v.radius()
        lo, ok_lo = _whole(f - r, 1, _LAST_ORDINAL, np.round)
        hi, ok_hi = _whole(f + r, 1, _LAST_ORDINAL, np.round)
        null = v.null | ~(ok_lo & ok_hi)
        if which == "day":
            # "Januari 2025" could be any day of the month.
            same = lo == hi
            a_, b_ = np.where(same, _civil(lo)[2], 1), np.where(same, _civil(hi)[2], 31)
        else:
            part = 0 if which == "year" else 1
            a_, b_ = _civil(lo)[part], _civil(hi)[part]
        out = np.where(null, 0.0, (a_ + b_) / 2)
        rad = np.where(null, 0.0, np.abs(b_ - a_) / 2)
        return Vec("num", out, null, rad if rad.any() else None)
    return impl


def _f_tanggal(env, frame, a):
    (y, ok_y), (m, ok_m), (d, ok_d) = (_whole(v.as_float(), 1, hi) for v, hi in zip(a, (9999, 12, 31)))
    null = a[0].null | a[1].null | a[2].null | ~(ok_y & ok_m & ok_d & (d <= _month_days(y, m)))
    return Vec("date", np.where(null, 0.0, _month_start(y, m) + (d - 1)), null)


def _f_akhir_tahun(env, frame, a):
    y, ok = _whole(a[0].as_float(), 1, 9999)
    null = a[0].null | ~ok
    return Vec("date", np.where(null, 0.0, _month_start(y, 12) + 30), null)


def _f_tambah_bulan(env, frame, a):
    v, n = a
    f, r = v.as_float(), v.radius()
    # Past 120000 months every date leaves the years 1-9999, so the bound only keeps int64 arithmetic exact.
    k, ok = _whole(n.as_float(), -120_000, 120_000)
    ends = []
    for x in (f - r, f + r):
        o, ok_o = _whole(x, 1, _LAST_ORDINAL, np.round)
        y, m, d = _civil(o)
        months = y * 12 + (m - 1) + k
        y, m = months // 12, months % 12 + 1
        # The month's last day was found through the first of the next
        # month, which December 9999 does not have.
        ok &= ok_o & (y >= 1) & (y + (m == 12) <= 9999)
        y = np.where(ok, y, 1970)
        ends.append(_month_start(y, m) + (np.minimum(d, _month_days(y, m)) - 1))
    null = v.null | n.null | ~ok
    out = np.where(null, 0.0, (ends[0] + ends[1]) / 2)
    rad = np.where(null, 0.0, (ends[1] - ends[0]) / 2)
    return Vec("date", out, null, rad if rad.any() else None)


_TIMED_OUT = object()


class _RegexBudget:
    """Time left for the regex calls of one expression; once spent, the remaining rows are unknown."""

    def __init__(self):
        self.left = REGEX_BUDGET

    def search_each(self, pattern, texts: list) -> list:
        """Per text: the match, None, or _TIMED_OUT when that text or the budget ran out."""
        out = []
        for s in texts:
            if self.left <= 0:
                out.append(_TIMED_OUT)
                continue
            # The budget counts this thread's CPU, not wall time: on a busy machine
            # the wall clock runs on while the process waits for a core, and 10,000
            # NIPs of a batch then ran out of budget and came out as unknown
            # (benchmarks at a load of 15: thousands of false SDM003 findings).
            t0 = time.thread_time()
            try:
                out.append(pattern.search(s, timeout=min(REGEX_TIMEOUT, self.left)))
            except TimeoutError:
                out.append(_TIMED_OUT)
            finally:
                self.left -= time.thread_time() - t0
        return out


def _matches_impl(pattern, budget):

    def impl(env, frame, a):
        null, live, distinct, inverse = _distinct(a)
        found = budget.search_each(pattern, [str(s) for s in distinct])
        n = len(null)
        out = _spread(n, live, inverse, [m is not None and m is not _TIMED_OUT for m in found], False, bool)
        # cannot judge within the time bound: unknown
        null |= _spread(n, live, inverse, [m is _TIMED_OUT for m in found], False, bool)
        return _bool(out, null)
    return impl


def _f_gabung(env, frame, a):
    # A composite key for by=: empty parts stay empty, so the key itself is never unknown.
    n = len(frame.rows)
    out = np.empty(n, dtype=object)
    out[:] = [" ".join("" if v.null[j] else str(v.val[j]) for v in a) for j in range(n)]
    return Vec("text", out, np.zeros(n, bool))


def _kata(s, n):
    words = s.split()
    k = int(n)
    return words[k - 1] if 1 <= k <= len(words) else None


def parse_scale(spec: str) -> list[tuple[float, str]]:
    """'85: Sangat Berhasil; 70: Berhasil; 0: Kurang' -> [(85, ...), (70, ...), (0, ...)], highest first.

    A scale of lower bounds has no gaps by construction: every value at or
    above a bound belongs to that class until the next bound, and values below
    the lowest bound belong to the lowest class.
    """
    out = []
    for part in str(spec).split(";"):
        if not part.strip():
            continue
        bound, sep, label = part.partition(":")
        try:
            b = float(bound.strip().replace(",", "."))
        except ValueError:
            raise ExprError(f"skala tidak sah: '{part.strip()}' (tulis 'batas: label; ...')",
                            f"invalid scale: '{part.strip()}' (write 'bound: label; ...')")
        if not sep or not label.strip():
            raise ExprError(f"skala tidak sah: '{part.strip()}' tanpa label", f"invalid scale: '{part.strip()}' has no label")
        out.append((b, label.strip()))
    if not out:
        raise ExprError("skala kosong", "empty scale")
    return sorted(out, key=lambda t: -t[0])


def _scale_label(scale, x):
    for b, label in scale:
        if x >= b - _EPS * max(abs(b), 1.0):
            return label
    return scale[-1][1]


def _f_kelas(env, frame, a):
    v, spec = a
    f, r = v.as_float(), v.radius()
    n = len(f)
    out = np.empty(n, dtype=object)
    out[:] = ""
    null = v.null | spec.null
    cache: dict = {}
    for j in range(n):
        if null[j]:
            continue
        s = str(spec.val[j])
        if s not in cache:
            cache[s] = parse_scale(s)
        lo, hi = _scale_label(cache[s], f[j] - r[j]), _scale_label(cache[s], f[j] + r[j])
        if lo != hi:
            null[j] = True      # the written precision straddles a class bound: cannot judge
            continue
        out[j] = lo
    return Vec("text", out, null)


def _ambil_impl(pattern, budget):

    def impl(env, frame, a):
        null, live, distinct, inverse = _distinct(a)
        found = budget.search_each(pattern, [str(s) for s in distinct])
        # An optional group that took no part in the match is as unknown as no match.
        missing = [m is None or m is _TIMED_OUT or (pattern.groups and m.group(1) is None) for m in found]
        parts = ["" if miss else m.group(1) if pattern.groups else m.group(0) for m, miss in zip(found, missing)]
        n = len(null)
        null |= _spread(n, live, inverse, missing, False, bool)
        return Vec("text", _spread(n, live, inverse, parts, "", object), null)
    return impl


# name: (min args, max args, result kind or None = kind of first arg, arg kinds, impl)
FUNCTIONS: dict[str, tuple] = {
    "ada": (1, 1, "bool", None, _f_ada),
    "kosong": (1, 1, "bool", None, _f_kosong),
    "tepat": (1, 1, "bool", ("num", "money", "date"), _f_tepat),
    "abs": (1, 1, None, ("num", "money", "date"), _f_abs),
    "round": (1, 2, "num", ("num", "money"), _f_round),
    "lower": (1, 1, "text", ("text",), _text_map(lambda s: s.lower())),
    "upper": (1, 1, "text", ("text",), _text_map(lambda s: s.upper())),
    "trim": (1, 1, "text", ("text",), _text_map(lambda s: " ".join(s.split()))),
    "len": (1, 1, "num", ("text",), _text_map(len, "num")),
    "digits": (1, 1, "text", ("text",), _text_map(_digits)),
    "angka": (1, 1, "num", ("text",), _text_map(_angka, "num")),
    "startswith": (2, 2, "bool", ("text",), _text_map(lambda s, p: s.lower().startswith(str(p).lower()), "bool")),
    "endswith": (2, 2, "bool", ("text",), _text_map(lambda s, p: s.lower().endswith(str(p).lower()), "bool")),
    "contains": (2, 2, "bool", ("text",), _text_map(lambda s, p: str(p).lower() in s.lower(), "bool")),
    "substr": (3, 3, "text", ("text",), None),
    "tanggal_dari": (2, 2, "date", ("text",), None),
    "matches": (2, 2, "bool", ("text",), None),
    "tanggal": (3, 3, "date", ("num",), _f_tanggal),
    "gabung": (1, 8, "text", None, _f_gabung),
    "kata": (2, 2, "text", ("text",), _text_map(_kata)),
    "ambil": (2, 2, "text", ("text",), None),
    "kelas": (2, 2, "text", ("num", "money"), _f_kelas),
    "akhir_tahun": (1, 1, "date", ("num",), _f_akhir_tahun),
    "tahun": (1, 1, "num", ("date",), _date_part("year")),
    "bulan": (1, 1, "num", ("date",), _date_part("month")),
    "hari": (1, 1, "num", ("date",), _date_part("day")),
    "tambah_bulan": (2, 2, "date", ("date",), _f_tambah_bulan),
    "min": (2, 8, "num", ("num", "money", "date"), lambda env, frame, a: _f_minmax(env, frame, a, "min")),
    "max": (2, 8, "num", ("num", "money", "date"), lambda env, frame, a: _f_minmax(env, frame, a, "max")),
}
AGGREGATES = {"sum", "mean", "count", "min", "max", "one", "first", "lookup"}
AGG_KEYWORDS = {"where", "by", "key", "tahun"}

FUNCTION_DOCS = {
    "ada(x)": "benar bila x terisi / true when x has a value",
    "kosong(x)": "benar bila x kosong / true when x is empty",
    "abs(x), round(x, n), min(a, b, ...), max(a, b, ...)": "aritmetika / arithmetic",
    "lower(s), upper(s), trim(s), len(s), digits(s), angka(s), substr(s, awal, akhir)": "teks / text",
    "startswith(s, p), endswith(s, p), contains(s, p), matches(s, 'regex')": "pencocokan teks / text matching",
    "tanggal(y, m, d), tanggal_dari(s, 'YYYYMMDD'|'YYYYMM'|'YYYY'), akhir_tahun(y), tahun(d), bulan(d), hari(d), tambah_bulan(d, n)": "tanggal / dates",
    "gabung(a, b, ...), kata(s, n), ambil(s, 'regex')": "kunci gabungan (dipisah spasi), kata ke-n, bagian yang cocok (grup pertama) / composite key (space-separated), n-th word, matched part (first group)",
    "kelas(x, 'batas: label; ...')": "label skala untuk x (bawah batas terendah: kelas terendah) / scale label of x",
    "sum|mean|min|max|one|first(tabel.kolom, where=..., by=kolom, key=...), count(tabel, ...)": "agregat per dataset (first: baris pertama menurut urutan dokumen) / per-dataset aggregates (first: first row in document order)",
    "param('nama')": "parameter paket aturan atau konfigurasi / rule-pack or configuration parameter",
}


# ---------------------------------------------------------------- compiler

@dataclass
class Scope:
    table: str
    tables: dict                      # name -> {column: kind}
    single: set                       # tables with one row per dataset
    params: dict


_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def _err(node, msg_id, msg_en):
    raise ExprError(msg_id, msg_en, getattr(node, "col_offset", None) + 1 if hasattr(node, "col_offset") else None)


def parse_expr(src: str, scope: Scope) -> Node:
    if not isinstance(src, str):
        raise ExprError("ekspresi harus berupa teks", "an expression must be text")
    if len(src) > MAX_SOURCE:
        raise ExprError(f"ekspresi lebih dari {MAX_SOURCE} karakter", f"expression longer than {MAX_SOURCE} characters")
    depth = best = 0
    for ch in src:
        if ch in "([{":
            depth += 1
            best = max(best, depth)
        elif ch in ")]}":
            depth -= 1
    if best > MAX_DEPTH:
        raise ExprError(f"kurung bersarang lebih dari {MAX_DEPTH} tingkat", f"brackets nested deeper than {MAX_DEPTH}")
    # YAML block scalars keep line breaks (and extra indentation) inside an
    # expression; a rule author means one expression.
    src = " ".join(line.strip() for line in src.strip().splitlines())
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as e:
        raise ExprError(f"sintaks tidak sah: {e.msg}", f"invalid syntax: {e.msg}", e.offset)
    except (ValueError, RecursionError, MemoryError):
        raise ExprError("ekspresi tidak dapat diurai", "expression cannot be parsed")
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ExprError(f"ekspresi terlalu besar ({count} simpul)", f"expression too large ({count} nodes)")
    return _Compiler(scope).build(tree.body, 0)


class _Compiler:
    def __init__(self, scope: Scope):
        self.scope = scope
        # One budget for every matches()/ambil() of the expression: sixty call
        # sites over one catastrophic pattern share REGEX_BUDGET, not 60 x.
        self.regex_budget = _RegexBudget()

    def build(self, node, depth: int, scope: Scope | None = None) -> Node:
        scope = scope or self.scope
        if depth > MAX_DEPTH:
            _err(node, "ekspresi bersarang terlalu dalam", "expression nested too deeply")
        d = depth + 1
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or v is None:
                return Const(v, "bool" if isinstance(v, bool) else "num")
            if isinstance(v, int):
                if abs(v) > MAX_INT:
                    _err(node, "bilangan terlalu besar", "number too large")
                return Const(v, "num")
            if isinstance(v, float):
                if v != v or v in (float("inf"), float("-inf")):
                    _err(node, "bilangan tidak terhingga", "number is not finite")
                return Const(v, "num")
            if isinstance(v, str):
                if len(v) > MAX_STRING:
                    _err(node, f"teks lebih dari {MAX_STRING} karakter", f"text longer than {MAX_STRING} characters")
                return Const(v, "text")
            _err(node, "nilai tetap tidak didukung", "unsupported constant")
        if isinstance(node, ast.Name):
            return self._name(node, scope)
        if isinstance(node, ast.Attribute):
            return self._attribute(node, scope)
        if isinstance(node, ast.UnaryOp):
            arg = self.build(node.operand, d, scope)
            if isinstance(node.op, ast.Not):
                self._want(node, arg, ("bool",))
                return Unary("not", arg, "bool")
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                self._want(node, arg, ("num", "money"))
                return Unary("-" if isinstance(node.op, ast.USub) else "+", arg, arg.kind)
            _err(node, "operator tidak diizinkan", "operator not allowed")
        if isinstance(node, ast.BinOp):
            op = _OPS.get(type(node.op))
            if op is None:
                _err(node, "operator tidak diizinkan (hanya + - * /)", "operator not allowed (only + - * /)")
            left, right = self.build(node.left, d, scope), self.build(node.right, d, scope)
            return BinOp(op, left, right, self._arith_kind(node, op, left, right))
        if isinstance(node, ast.BoolOp):
            args = [self.build(v, d, scope) for v in node.values]
            for a in args:
                self._want(node, a, ("bool",))
            return BoolOp("and" if isinstance(node.op, ast.And) else "or", args)
        if isinstance(node, ast.Compare):
            return self._compare(node, d, scope)
        if isinstance(node, ast.IfExp):
            cond = self.build(node.test, d, scope)
            self._want(node, cond, ("bool",))
            a, b = self.build(node.body, d, scope), self.build(node.orelse, d, scope)
            if (a.kind == "text") != (b.kind == "text"):
                _err(node, "kedua cabang harus sejenis", "both branches must be of the same kind")
            return IfExp(cond, a, b, a.kind)
        if isinstance(node, ast.Call):
            return self._call(node, d, scope)
        if isinstance(node, (ast.List, ast.Tuple)):
            vals = []
            for e in node.elts:
                if not isinstance(e, ast.Constant) or not isinstance(e.value, (str, int, float)) or isinstance(e.value, bool):
                    _err(e, "daftar hanya boleh berisi teks atau angka tetap", "a list may hold only literal text or numbers")
                if isinstance(e.value, str) and len(e.value) > MAX_STRING:
                    _err(e, "teks terlalu panjang", "text too long")
                vals.append(e.value)
            if len(vals) > 200:
                _err(node, "daftar terlalu panjang", "list too long")
            return ListConst(tuple(vals))
        _err(node, f"sintaks '{type(node).__name__}' tidak diizinkan dalam aturan",
             f"syntax '{type(node).__name__}' is not allowed in rules")

    def _want(self, node, arg, kinds):
        if arg.kind not in kinds:
            _err(node, f"diharapkan {'/'.join(kinds)}, didapat {arg.kind}", f"expected {'/'.join(kinds)}, got {arg.kind}")

    def _arith_kind(self, node, op, a, b):
        for x in (a, b):
            if x.kind in ("text", "bool", "list"):
                _err(node, f"aritmetika pada {x.kind} tidak diizinkan", f"arithmetic on {x.kind} is not allowed")
        if op in "+-":
            if a.kind == "date" and b.kind == "date":
                if op == "+":
                    _err(node, "tanggal tidak dapat dijumlahkan", "dates cannot be added")
                return "num"
            if "date" in (a.kind, b.kind):
                return "date"
            if a.kind == "money" and b.kind == "money":
                return "money"
            return "num"
        if "date" in (a.kind, b.kind):
            _err(node, "tanggal tidak dapat dikali/dibagi", "dates cannot be multiplied or divided")
        return "num"

    def _compare(self, node, d, scope):
        if len(node.ops) != 1:
            _err(node, "tulis satu perbandingan saja (gunakan 'and')", "write one comparison at a time (use 'and')")
        op = node.ops[0]
        left = self.build(node.left, d, scope)
        if isinstance(op, (ast.In, ast.NotIn)):
            right = self.build(node.comparators[0], d, scope)
            if not isinstance(right, ListConst):
                _err(node, "'in' harus diikuti daftar tetap", "'in' must be followed by a literal list")
            return InList(left, right.values, isinstance(op, ast.NotIn))
        sym = _CMP.get(type(op))
        if sym is None:
            _err(node, "perbandingan tidak diizinkan", "comparison not allowed")
        right = self.build(node.comparators[0], d, scope)
        lt, rt = left.kind == "text", right.kind == "text"
        if lt != rt and not (isinstance(left, Const) and left.value is None) and not (isinstance(right, Const) and right.value is None):
            _err(node, "membandingkan teks dengan angka", "comparing text with a number")
        if (left.kind == "bool") != (right.kind == "bool"):
            _err(node, "membandingkan benar/salah dengan nilai lain", "comparing a truth value with another value")
        return Compare(sym, left, right)

    def _name(self, node, scope):
        cols = scope.tables[scope.table]
        if node.id in cols:
            return Column(ColRef(scope.table, node.id), cols[node.id])
        if node.id in scope.tables:
            _err(node, f"'{node.id}' adalah tabel; tulis {node.id}.kolom atau count({node.id})",
                 f"'{node.id}' is a table; write {node.id}.column or count({node.id})")
        _err(node, f"kolom '{node.id}' tidak ada di tabel {scope.table}",
             f"column '{node.id}' does not exist in table {scope.table}")

    def _attribute(self, node, scope):
        if not isinstance(node.value, ast.Name):
            _err(node, "hanya tabel.kolom yang diizinkan", "only table.column is allowed")
        t, c = node.value.id, node.attr
        if t not in scope.tables:
            _err(node, f"tabel '{t}' tidak ada", f"table '{t}' does not exist")
        if c not in scope.tables[t]:
            _err(node, f"kolom '{c}' tidak ada di tabel {t}", f"column '{c}' does not exist in table {t}")
        kind = scope.tables[t][c]
        if t == scope.table:
            return Column(ColRef(t, c), kind)
        if t in scope.single:
            return Broadcast(ColRef(t, c), kind)
        _err(node, f"{t}.{c} memiliki banyak baris: gunakan agregat (sum, count, one ...)",
             f"{t}.{c} has many rows: use an aggregate (sum, count, one ...)")

    def _call(self, node, d, scope):
        if not isinstance(node.func, ast.Name):
            _err(node, "hanya fungsi yang tersedia yang boleh dipanggil", "only the provided functions may be called")
        name = node.func.id
        if name == "param":
            if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Constant) \
                    or not isinstance(node.args[0].value, str):
                _err(node, "param('nama') memerlukan satu nama tetap", "param('name') needs one literal name")
            pname = node.args[0].value
            if pname not in scope.params:
                _err(node, f"parameter '{pname}' tidak dikenal", f"unknown parameter '{pname}'")
            v = scope.params[pname]
            kind = "bool" if isinstance(v, bool) else "num" if isinstance(v, (int, float)) or v is None else "text"
            if isinstance(v, str) and (pname.endswith("_tanggal") or pname.startswith("tanggal")):
                kind = "date"
            return Param(pname, kind)
        first = node.args[0] if node.args else None
        is_agg = name in AGGREGATES and first is not None and (
            (isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name) and first.value.id in scope.tables)
            or (name == "count" and isinstance(first, ast.Name) and first.id in scope.tables))
        if is_agg:
            return self._aggregate(node, name, d, scope)
        if name in ("sum", "mean", "count", "one", "first", "lookup"):
            _err(node, f"{name}() memerlukan tabel.kolom sebagai argumen pertama",
                 f"{name}() needs table.column as its first argument")
        spec = FUNCTIONS.get(name)
        if spec is None:
            _err(node, f"fungsi '{name}' tidak tersedia", f"function '{name}' is not available")
        lo, hi, rkind, akinds, impl = spec
        if node.keywords:
            _err(node, f"{name}() tidak menerima argumen bernama", f"{name}() takes no keyword arguments")
        if not lo <= len(node.args) <= hi:
            _err(node, f"{name}() memerlukan {lo}–{hi} argumen", f"{name}() takes {lo}–{hi} arguments")
        args = [self.build(a, d, scope) for a in node.args]
        if akinds:
            self._want(node, args[0], akinds)
        extra = {}
        if name == "round":
            if len(args) == 2:
                if not isinstance(args[1], Const) or not isinstance(args[1].value, int):
                    _err(node, "round(x, n): n harus bilangan bulat tetap", "round(x, n): n must be a literal integer")
                if not 0 <= args[1].value <= 15:
                    # numpy's time grows with n (seconds at 10**9); a float has 15 digits anyway
                    _err(node, "round(x, n): n harus 0 sampai 15", "round(x, n): n must be 0 to 15")
                extra["ndigits"] = args[1].value
                args = args[:1]
        if name == "substr":
            for a in args[1:]:
                if not isinstance(a, Const) or not isinstance(a.value, int):
                    _err(node, "substr(s, awal, akhir): posisi harus bilangan bulat tetap",
                         "substr(s, start, end): positions must be literal integers")
            a0, a1 = args[1].value, args[2].value
            impl = _text_map(lambda s, a0=a0, a1=a1: s[a0:a1])
            args = args[:1]
        if name == "tanggal_dari":
            if not isinstance(args[1], Const) or args[1].value not in ("YYYYMMDD", "YYYYMM", "YYYY"):
                _err(node, "tanggal_dari(s, f): f adalah 'YYYYMMDD', 'YYYYMM' atau 'YYYY'",
                     "tanggal_dari(s, f): f is 'YYYYMMDD', 'YYYYMM' or 'YYYY'")
            fmt = args[1].value
            impl = _text_map(lambda s, fmt=fmt: _date_from_digits(s, fmt), "date")
            args = args[:1]
        if name in ("matches", "ambil"):
            pattern = self._literal_regex(node, name, args[1])
            impl = (_matches_impl if name == "matches" else _ambil_impl)(pattern, self.regex_budget)
            args = args[:1]
        if name in ("startswith", "endswith", "contains"):
            if args[1].kind != "text":
                _err(node, f"{name}(s, p): p harus teks", f"{name}(s, p): p must be text")
        if name == "kata":
            self._want(node, args[1], ("num",))
        if name == "kelas":
            spec = args[1]
            if isinstance(spec, Const) and isinstance(spec.value, str):
                src = spec.value
            elif isinstance(spec, Param) and isinstance(scope.params.get(spec.name), str):
                src = scope.params[spec.name]
            else:
                _err(node, "kelas(x, skala): skala harus teks tetap atau param('...')",
                     "kelas(x, scale): the scale must be literal text or param('...')")
            try:
                parse_scale(src)
            except ExprError as e:
                _err(node, e.msg_id, e.msg_en)
        if name in ("tanggal", "tambah_bulan"):
            for a in args[1:]:
                self._want(node, a, ("num",))
        return Func(name, args, impl, rkind or args[0].kind, extra)

    def _literal_regex(self, node, name, arg):
        """A pattern written in the rule itself, compiled once when the rule loads."""
        if not isinstance(arg, Const) or not isinstance(arg.value, str):
            _err(node, f"{name}(s, pola): pola harus teks tetap", f"{name}(s, pattern): pattern must be literal text")
        import regex

        from lkjcheck.safety.regex import PatternTooBig, compile_bounded
        try:
            return compile_bounded(arg.value)
        except PatternTooBig as e:
            _err(node, e.msg_id, e.msg_en)
        except (regex.error, OverflowError, ValueError, RecursionError) as e:
            _err(node, f"pola regex tidak sah: {e}", f"invalid regex: {e}")

    def _aggregate(self, node, name, d, scope):
        first = node.args[0]
        if len(node.args) > 1:
            _err(node, f"{name}(): syarat ditulis sebagai where=..., bukan argumen kedua",
                 f"{name}(): write the condition as where=..., not a second argument")
        if isinstance(first, ast.Name):
            table, value = first.id, None
        else:
            table = first.value.id
            if first.attr not in scope.tables[table]:
                _err(first, f"kolom '{first.attr}' tidak ada di tabel {table}",
                     f"column '{first.attr}' does not exist in table {table}")
            value = Column(ColRef(table, first.attr), scope.tables[table][first.attr])
            if name in ("sum", "mean") and value.kind not in ("num", "money"):
                _err(first, f"{name}() memerlukan kolom angka", f"{name}() needs a numeric column")
        inner = Scope(table, scope.tables, scope.single, scope.params)
        where = by = key = year = None
        for kw in node.keywords:
            if kw.arg not in AGG_KEYWORDS:
                _err(node, f"argumen '{kw.arg}' tidak dikenal (where, by, key, tahun)",
                     f"unknown argument '{kw.arg}' (where, by, key, tahun)")
            if kw.arg == "where":
                where = self.build(kw.value, d, inner)
                self._want(kw.value, where, ("bool",))
            elif kw.arg == "by":
                if not isinstance(kw.value, ast.Name) or kw.value.id not in scope.tables[table]:
                    _err(kw.value, f"by= harus nama kolom tabel {table}", f"by= must be a column of table {table}")
                by = kw.value.id
            elif kw.arg == "tahun":
                year = self.build(kw.value, d, scope)
                self._want(kw.value, year, ("num",))
            else:
                key = self.build(kw.value, d, scope)
        if by and key is None:
            if by not in scope.tables[scope.table]:
                _err(node, f"key= diperlukan: tabel {scope.table} tidak punya kolom {by}",
                     f"key= is needed: table {scope.table} has no column {by}")
            key = Column(ColRef(scope.table, by), scope.tables[scope.table][by])
        if key is not None and not by:
            _err(node, "key= memerlukan by=", "key= needs by=")
        func = "one" if name == "lookup" else name
        kind = "num" if value is None else value.kind
        if func == "mean":
            kind = "num"
        return Aggregate(func, table, value, where, by, key, kind, year)
