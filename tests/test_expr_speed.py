"""Evaluation shortcuts (groups built once, pure functions once per distinct value) give row-by-row results."""
import datetime

import numpy as np

from lkjcheck.lang import Env, Frame, Scope, parse_expr
from lkjcheck.model.table import Column, Table

KINDS = {"kode": "text", "x": "money", "y": "num", "s": "text", "d": "date"}


def _table(name: str, ds: list, **cols) -> Table:
    columns = {}
    for c, values in cols.items():
        col = Column(c, KINDS[c])
        for i, v in enumerate(values):
            v, rad = v if isinstance(v, tuple) else (v, 0.0)     # a date may be (ordinal, radius)
            col.append(v, rad, None, None, None, i + 1, 1, None)
        columns[c] = col
    n = len(ds)
    return Table(name, columns, ["f"] * n, list(range(1, n + 1)), list(ds), [None] * n)


def _eval(src: str, tables: dict, table: str):
    scope = Scope(table, {n: {c: KINDS[c] for c in t.columns} for n, t in tables.items()}, set(), {})
    env = Env(tables, {})
    n = len(tables[table])
    v = parse_expr(src, scope).eval(env, Frame(table, np.arange(n), env.ds(table)))
    return [None if v.null[j] else v.val[j] for j in range(n)]


# Two reports; report 0 has a row without kode, report 1 a row without x.
SOURCE = dict(ds=[0, 0, 0, 1, 1, 1], kode=["a", "a", None, "a", "b", "b"], x=[10, 20, 5, 7, None, 3],
              y=[1.5, 2.5, 9.0, 4.0, 8.0, None])
# The rows asking: a key found in one report only, a missing key, a key found nowhere.
ASKING = dict(ds=[0, 0, 1, 1, 1], kode=["a", None, "a", "b", "c"])


def _agg(src: str):
    return _eval(src, {"s": _table("s", **SOURCE), "t": _table("t", **ASKING)}, "t")


def test_count_groups_by_dataset_and_key_and_never_matches_a_missing_key():
    assert _agg("count(s, by=kode)") == [2, 0, 1, 2, 0]
    assert _agg("count(s)") == [3, 3, 3, 3, 3]
    # count counts rows, whether or not their value is known
    assert _agg("count(s.x, by=kode)") == [2, 0, 1, 2, 0]
    assert _agg("count(s, where=x > 8, by=kode)") == [2, 0, 0, 0, 0]


def test_money_sums_stay_exact_integers_and_an_empty_sum_is_zero():
    got = _agg("sum(s.x, by=kode)")
    assert got == [30, 0, 7, 3, 0]
    assert all(type(v) is int for v in got)
    big = _eval("sum(s.x)", {"s": _table("s", ds=[0, 0], x=[10**20 + 1, 10**20 + 2]),
                             "t": _table("t", ds=[0], kode=["a"])}, "t")
    assert big == [2 * 10**20 + 3]


def test_value_aggregates_pass_over_unknown_values():
    assert _agg("one(s.x, by=kode)") == [None, None, 7, 3, None]
    assert _agg("first(s.x, by=kode)") == [10, None, 7, 3, None]
    assert _agg("min(s.x, by=kode)") == [10, None, 7, 3, None]
    assert _agg("max(s.x, by=kode)") == [20, None, 7, 3, None]
    assert _agg("mean(s.y, by=kode)") == [2.0, None, 4.0, 8.0, None]
    assert _agg("sum(s.y)") == [13.0, 13.0, 12.0, 12.0, 12.0]


def test_first_is_the_first_row_in_document_order_not_the_smallest():
    tables = {"s": _table("s", ds=[1, 0, 1, 0], kode=["k", "k", "k", "k"], x=[5, 9, 1, 3]),
              "t": _table("t", ds=[0, 1], kode=["k", "k"])}
    assert _eval("first(s.x, by=kode)", tables, "t") == [9, 5]
    assert _eval("min(s.x, by=kode)", tables, "t") == [3, 1]


# Repeated values, unknown values, and empty text, in one column.
TEXTS = ["Ab Cd", None, "Ab Cd", " 42 ", "", "Ab Cd", "20240229", "20230229", None]


def _text(src: str, y=None):
    cols = dict(ds=[0] * len(TEXTS), s=TEXTS)
    if y is not None:
        cols["y"] = y
    return _eval(src, {"t": _table("t", **cols)}, "t")


def test_text_functions_once_per_distinct_value_match_row_by_row():
    assert _text("lower(s)") == [None if s is None else s.lower() for s in TEXTS]
    assert _text("len(s)") == [None if s is None else len(s) for s in TEXTS]
    # angka() of a text that is no number is unknown, not 0
    assert _text("angka(s)") == [None, None, None, 42, None, None, 20240229, 20230229, None]
    assert _text("substr(s, 0, 2)") == [None if s is None else s[:2] for s in TEXTS]
    assert _text("startswith(s, 'ab')") == [None if s is None else s.lower().startswith("ab") for s in TEXTS]


def test_a_second_argument_that_is_unknown_makes_the_row_unknown():
    y = [2, 2, None, 1, 1, 3, 1, 1, 1]
    # past the last word is empty text, not unknown
    assert _text("kata(s, y)", y) == ["Cd", None, None, "42", "", "", "20240229", "20230229", None]


def test_dates_from_digits_once_per_distinct_text():
    got = _text("tanggal_dari(s, 'YYYYMMDD')")
    assert got == [None] * 6 + [datetime.date(2024, 2, 29).toordinal(), None, None]


def test_regex_functions_once_per_distinct_text_match_row_by_row():
    assert _text("matches(s, '^[0-9]+$')") == [None if s is None else s.isdigit() for s in TEXTS]
    assert _text("ambil(s, '([0-9]+)')") == [None, None, None, "42", None, None, "20240229", "20230229", None]


def test_an_optional_group_that_took_no_part_is_unknown_not_the_text_none():
    texts = ["IV/a", "Pembina", "III/b"]
    table = _table("t", [0, 0, 0], s=texts)
    assert _eval("ambil(s, '^(?:([IVX]+)/)?[A-Za-z]+$')", {"t": table}, "t") == ["IV", None, "III"]
    assert _eval("gabung(s, ambil(s, '^(?:([IVX]+)/)?[A-Za-z]+$'))", {"t": table}, "t") == [
        "IV/a IV", "Pembina ", "III/b III"]


def test_one_hostile_text_on_many_rows_is_searched_once():
    # Row by row, 300 rows would spend the whole REGEX_BUDGET; once per distinct text, one row's timeout.
    # Counted rather than timed: a wall-clock bound fails on a busy machine for reasons of its own.
    n = 300
    tables = {"t": _table("t", ds=[0] * n, s=["a" * 40 + "!"] * n)}
    node = parse_expr("matches(s, '(a|aa)+$')", Scope("t", {"t": {"s": "text"}}, set(), {}))
    budget, searched = node.extra["budget"], []
    search_each = budget.search_each
    budget.search_each = lambda pattern, texts: searched.append(len(texts)) or search_each(pattern, texts)
    v = node.eval(Env(tables, {}), Frame("t", np.arange(n), np.zeros(n, dtype=np.int64)))
    assert searched == [1]
    assert v.null.all()          # the one search timed out: every row is unknown, none a finding


def _day(y, m, d):
    return datetime.date(y, m, d).toordinal()


def _dates(src: str, d: list, y: list):
    return _eval(src, {"t": _table("t", ds=[0] * len(d), d=d, y=y)}, "t")


def test_adding_months_keeps_to_the_end_of_shorter_months_and_refuses_impossible_dates():
    d = [_day(2024, 1, 31), _day(2023, 1, 31), _day(2024, 3, 15), _day(1, 1, 1), _day(2024, 5, 1), None]
    y = [1, 1, -15, -1, None, 1]
    assert _dates("tambah_bulan(d, y)", d, y) == [_day(2024, 2, 29), _day(2023, 2, 28), _day(2022, 12, 15),
                                                  None, None, None]
    # A month written without its day stays a month-long interval.
    march = (_day(2024, 3, 1) + _day(2024, 3, 31)) / 2
    assert _dates("tambah_bulan(d, y)", [(march, 15.0)], [216]) == [(_day(2042, 3, 1) + _day(2042, 3, 31)) / 2]


def test_date_parts_and_built_dates():
    jan = (_day(2025, 1, 1) + _day(2025, 1, 31)) / 2
    d = [_day(2024, 2, 29), (jan, 15.0), None]
    assert _dates("tahun(d)", d, [0] * 3) == [2024, 2025, None]
    assert _dates("bulan(d)", d, [0] * 3) == [2, 1, None]
    assert _dates("hari(d)", d, [0] * 3) == [29, 16, None]           # any day of January: 16 +- 15
    y = [2024, 2023, 0, 10000, None]
    assert _dates("tanggal(y, 2, 29)", [0] * 5, y) == [_day(2024, 2, 29), None, None, None, None]
    assert _dates("akhir_tahun(y)", [0] * 5, y) == [_day(2024, 12, 31), _day(2023, 12, 31), None, None, None]


def test_a_one_row_per_report_column_seen_from_rows_of_reports_with_and_without_it():
    tables = {"l": _table("l", ds=[2, 0], y=[2024, 2023]), "t": _table("t", ds=[0, 1, 2, 0], kode=["a"] * 4)}
    scope = Scope("t", {"l": {"y": "num"}, "t": {"kode": "text"}}, {"l"}, {})
    env = Env(tables, {})
    v = parse_expr("l.y", scope).eval(env, Frame("t", np.arange(4), env.ds("t")))
    assert [None if v.null[j] else v.val[j] for j in range(4)] == [2023, None, 2024, 2023]


def test_a_busy_machine_does_not_spend_the_regex_budget(monkeypatch):
    """Waiting for a core is not time spent matching: the verdicts must not depend on the machine's load."""
    from lkjcheck.lang import functions as expr

    clock = [0.0]

    def slow_wall_clock():
        clock[0] += 1.0                 # every reading a second later, as for a process that keeps being preempted
        return clock[0]

    monkeypatch.setattr(expr.time, "monotonic", slow_wall_clock)
    monkeypatch.setattr(expr.time, "time", slow_wall_clock)
    nips = [f"1991102520242119{i:02d}" for i in range(40)]
    got = _eval("matches(s, '^[0-9]{8}[0-9]{4}2[1-9][12][0-9]{3}$')", {"t": _table("t", ds=[0] * 40, s=nips)}, "t")
    assert got == [True] * 40
