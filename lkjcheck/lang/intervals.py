"""Interval arithmetic and Kleene logic: the one implementation of what a figure's precision allows.

A figure written with d decimals stands for value ± ½·10⁻ᵈ; a comparison
fails only when no values within those radii could make it hold. A truth
value may be unknown (a figure is missing, a divisor may be zero): `and`,
`or` and `not` follow Kleene's three-valued logic, and an unknown row is
never a finding. The native engine applies these to `Vec`s; the GX dialect
(`lkjcheck.gx.dialect`) applies the same functions to plain float arrays.
"""
from __future__ import annotations

import numpy as np

from lkjcheck.lang.values import Vec

# Relative slack for float noise only: far below any written precision.
EPS = 1e-9


def money_like(a: Vec, b: Vec) -> bool:
    """Both sides whole rupiah as written: exact Python ints, no float rounding."""
    return a.kind == "money" and b.kind == "money" and a.rad is None and b.rad is None


def combine_rad(*rads):
    present = [r for r in rads if r is not None]
    if not present:
        return None
    out = np.zeros(len(present[0]))
    for r in present:
        out = out + r
    return out


def product_radius(a, ra, b, rb):
    return np.abs(a) * rb + np.abs(b) * ra + ra * rb


def may_be_zero(b, rb):
    """Where a divisor of radius rb could be zero."""
    return (np.abs(b) <= rb) | (b == 0)


def quotient(a, ra, b, rb):
    """a / b with its radius, and where the divisor may be zero (value and radius are then meaningless)."""
    zero = may_be_zero(b, rb)
    safe = np.where(zero, 1.0, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        val = a / safe
        rad = (np.abs(a) * rb + np.abs(safe) * ra) / (np.abs(safe) * np.maximum(np.abs(safe) - rb, 1e-300))
    return val, np.where(zero, 0.0, rad), zero


def arithmetic(op: str, a: Vec, b: Vec, kind: str) -> Vec:
    """a op b for + - * /; `kind` is what the type checker decided the result is."""
    null = a.null | b.null
    if op in "+-":
        if money_like(a, b):
            val = a.val + b.val if op == "+" else a.val - b.val
            return Vec("money", val, null, None, None, a.unit)
        fa, fb = a.as_float(), b.as_float()
        val = fa + fb if op == "+" else fa - fb
        dec = a.dec if a.dec is not None else b.dec
        return Vec(kind, val, null, combine_rad(a.rad, b.rad), dec, a.unit if a.unit is not None else b.unit)
    fa, fb = a.as_float(), b.as_float()
    ra, rb = a.radius(), b.radius()
    if op == "*":
        rad = product_radius(fa, ra, fb, rb)
        return Vec("num", fa * fb, null, rad if rad.any() else None)
    # Division: a zero (or possibly zero) divisor makes the result unknown,
    # not an error — the rule simply cannot judge that row.
    val, rad, zero = quotient(fa, ra, fb, rb)
    return Vec("num", val, null | zero, rad if rad.any() else None)


def negate(a: Vec) -> Vec:
    return Vec(a.kind, -a.val, a.null.copy(), a.rad, a.dec, a.unit)


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
    if money_like(a, b) and not slack:
        fn = {"==": lambda x, y: x == y, "!=": lambda x, y: x != y, "<": lambda x, y: x < y,
              "<=": lambda x, y: x <= y, ">": lambda x, y: x > y, ">=": lambda x, y: x >= y}[op]
        res = np.array([fn(x, y) for x, y in zip(a.val, b.val)], dtype=bool)
        return Vec("bool", res, null)
    fa, fb = a.as_float(), b.as_float()
    tol = np.zeros(len(fa)) if exact else a.radius() + b.radius()
    tol = tol + slack
    # Float noise makes two equal figures equal: it widens <=, >=, == and
    # narrows the strict < and >, so `count(t) > 0` is false for an empty t.
    noise = EPS * np.maximum(np.maximum(np.abs(fa), np.abs(fb)), 1.0)
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


def in_list(a: Vec, values: tuple, negate: bool) -> Vec:
    if a.kind == "text":
        allowed = set(str(v) for v in values)
        res = np.array([v in allowed for v in a.val], dtype=bool)
    else:
        f = a.as_float()
        r = a.radius()
        res = np.zeros(len(f), bool)
        for v in values:
            res |= np.abs(f - float(v)) <= r + EPS * max(abs(float(v)), 1.0)
    return Vec("bool", ~res if negate else res, a.null.copy())


def kleene_and(truths: list[tuple[np.ndarray, np.ndarray]], n) -> tuple[np.ndarray, np.ndarray]:
    """(value, unknown) of `and` over (value, unknown) pairs of length (or shape) n: unknown and false is false."""
    definite_false = np.zeros(n, bool)
    unknown = np.zeros(n, bool)
    for val, null in truths:
        definite_false |= (~null) & (~val)
        unknown |= null
    return ~definite_false, unknown & ~definite_false


def kleene_or(truths: list[tuple[np.ndarray, np.ndarray]], n) -> tuple[np.ndarray, np.ndarray]:
    """(value, unknown) of `or`: unknown or true is true."""
    definite_true = np.zeros(n, bool)
    unknown = np.zeros(n, bool)
    for val, null in truths:
        definite_true |= (~null) & val
        unknown |= null
    return definite_true, unknown & ~definite_true


def kleene(op: str, vals: list[Vec], n: int) -> Vec:
    join = kleene_and if op == "and" else kleene_or
    val, null = join([(v.val.astype(bool), v.null) for v in vals], n)
    return Vec("bool", val, null)


def kleene_not(a: Vec) -> Vec:
    return Vec("bool", ~a.val.astype(bool), a.null.copy())


def choose(c: Vec, a: Vec, b: Vec, kind: str) -> Vec:
    """`a if c else b` row by row."""
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
    return Vec(kind, val, null, rad, dec)
