"""Aggregates over another table: sum, mean, count, min, max, one, first, per dataset and key.

An aggregate's source table is split into groups by (dataset, by-key) once
per run (`Env.agg_cache`); each asking row then costs a lookup, not a pass
over its group.
"""
from __future__ import annotations

import numpy as np

from lkjcheck.lang.syntax import ColRef, ExprError
from lkjcheck.lang.values import Env, Frame, Vec, factorize


def evaluate(agg, env: Env, frame: Frame, shown_as: ColRef | None = None) -> Vec:
    """The value of aggregate node `agg` (a `nodes.Aggregate`) for each row of `frame`.

    `shown_as`: the column a one()/first() looks up, whose decimals and unit the figure keeps.
    """
    groups = env.agg_cache.get(id(agg))
    if groups is None:
        groups = env.agg_cache[id(agg)] = _groups(agg, env)
    target = np.asarray(frame.ds, dtype=np.int64)
    if agg.year is not None:
        target = _year_targets(agg, env, frame, target)
    if agg.key is not None:
        kv = agg.key.eval(env, frame)
        # A row without a key asks for the key None, as the row-by-row lookup did.
        codes = env.key_codes([None if null else v for v, null in zip(kv.val.tolist(), kv.null.tolist())])
    else:
        codes = env.key_codes([None] * len(target))
    out = groups.gather(target, codes)
    if agg.func in ("one", "first") and shown_as is not None and out.kind != "text":
        # A looked-up figure is shown as written in its own table (its decimals, its unit).
        out.src = shown_as
    return out


def _groups(agg, env: Env) -> "_Groups":
    n_src = env.nrows(agg.table)
    src = Frame(agg.table, np.arange(n_src), env.ds(agg.table))
    member = np.ones(n_src, bool)
    if agg.where is not None:
        w = agg.where.eval(env, src)
        member = w.val.astype(bool) & ~w.null
    vals = agg.value.eval(env, src) if agg.value is not None else None
    if agg.by:
        member &= ~env.column(agg.table, agg.by).null
        codes = env.column_key_codes(agg.table, agg.by)
    else:
        codes = env.key_codes([None] * n_src)
    # count counts rows; the other aggregates pass over rows whose value is unknown.
    if agg.func != "count":
        member &= ~vals.null
    return _Groups(agg.func, vals, src.ds, codes, member)


def _year_targets(agg, env: Env, frame: Frame, target: np.ndarray) -> np.ndarray:
    """The dataset each row looks in for tahun=: the same agency's report of that year, or -1."""
    yv = agg.year.eval(env, frame)
    sure = np.flatnonzero(~(yv.null | (yv.radius() != 0)))
    pairs, inverse = factorize(list(zip(target[sure].tolist(), yv.val[sure].tolist())))
    found = np.array([env.same_agency(d, int(round(float(y)))) for d, y in pairs], dtype=np.int64)
    out = np.full(len(target), -1, dtype=np.int64)
    out[sure] = found[inverse]
    return out


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
        raise ExprError("lang.unknown_aggregate", func=func)  # pragma: no cover

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
            raise ExprError("lang.does_not_apply_text", func=func)
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

