"""The functions of the registry (`lang.functions`), each over whole columns at once.

Functions of a row's text run once per distinct argument tuple (texts, codes
and dates repeat across rows and reports); date functions work on whole
arrays of day ordinals.
"""
from __future__ import annotations

import datetime as _dt

import numpy as np

from lkjcheck.lang.functions import TIMED_OUT, parse_scale
from lkjcheck.lang.intervals import EPS
from lkjcheck.lang.values import Vec, factorize


def call(name: str, env, frame, args: list[Vec], extra: dict) -> Vec:
    return IMPLS[name](env, frame, args, **extra)


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
    distinct, inverse = factorize(values)
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


def _f_matches(env, frame, a, pattern, budget):
    null, live, distinct, inverse = _distinct(a)
    found = budget.search_each(pattern, [str(s) for s in distinct])
    n = len(null)
    out = _spread(n, live, inverse, [m is not None and m is not TIMED_OUT for m in found], False, bool)
    # cannot judge within the time bound: unknown
    null |= _spread(n, live, inverse, [m is TIMED_OUT for m in found], False, bool)
    return _bool(out, null)


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


def _scale_label(scale, x):
    for b, label in scale:
        if x >= b - EPS * max(abs(b), 1.0):
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


def _f_ambil(env, frame, a, pattern, budget):
    null, live, distinct, inverse = _distinct(a)
    found = budget.search_each(pattern, [str(s) for s in distinct])
    # An optional group that took no part in the match is as unknown as no match.
    missing = [m is None or m is TIMED_OUT or (pattern.groups and m.group(1) is None) for m in found]
    parts = ["" if miss else m.group(1) if pattern.groups else m.group(0) for m, miss in zip(found, missing)]
    n = len(null)
    null |= _spread(n, live, inverse, missing, False, bool)
    return Vec("text", _spread(n, live, inverse, parts, "", object), null)


def _substr(s, start, end):
    return s[start:end]


# One implementation per entry of lang.functions.FUNCTIONS (tests/test_expr_registry.py holds them to it).
IMPLS = {
    "ada": _f_ada,
    "kosong": _f_kosong,
    "tepat": _f_tepat,
    "abs": _f_abs,
    "round": _f_round,
    "lower": _text_map(lambda s: s.lower()),
    "upper": _text_map(lambda s: s.upper()),
    "trim": _text_map(lambda s: " ".join(s.split())),
    "len": _text_map(len, "num"),
    "digits": _text_map(_digits),
    "angka": _text_map(_angka, "num"),
    "startswith": _text_map(lambda s, p: s.lower().startswith(str(p).lower()), "bool"),
    "endswith": _text_map(lambda s, p: s.lower().endswith(str(p).lower()), "bool"),
    "contains": _text_map(lambda s, p: str(p).lower() in s.lower(), "bool"),
    "substr": _text_map(_substr),
    "tanggal_dari": _text_map(_date_from_digits, "date"),
    "matches": _f_matches,
    "tanggal": _f_tanggal,
    "gabung": _f_gabung,
    "kata": _text_map(_kata),
    "ambil": _f_ambil,
    "kelas": _f_kelas,
    "akhir_tahun": _f_akhir_tahun,
    "tahun": _date_part("year"),
    "bulan": _date_part("month"),
    "hari": _date_part("day"),
    "tambah_bulan": _f_tambah_bulan,
    "min": lambda env, frame, a: _f_minmax(env, frame, a, "min"),
    "max": lambda env, frame, a: _f_minmax(env, frame, a, "max"),
}
