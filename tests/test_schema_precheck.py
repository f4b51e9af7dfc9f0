"""The schema pre-check (the twin clearing a table: model/schema_twin.twin_failures == []) is sound: it clears a table only when pandera passes it.

A table it clears is never shown to pandera, so a wrong "clean" would lose a
DAT003/DAT004/DAT008 finding. Each test below holds it to pandera itself, on
the fixtures, the corpus datasets, generated reports and tables hypothesis
makes up; and checks the other way too, that it does clear the clean tables
(otherwise it would be sound and useless).
"""
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORRECTED, FAULTY, FIXTURES
from lkjcheck.checks.rules import builtin_rules_dir, load_pack
from lkjcheck.checks.table import stack
from lkjcheck.model.dataset import load_dataset
from lkjcheck.model.schema import _to_findings, pandera_failures, validate
from lkjcheck.model.schema_twin import twin_failures
from lkjcheck.model.table import Column, Table

MODEL = load_pack([builtin_rules_dir() / "sakip"], compile_rules=False).model


def surely_valid(t: Table, tdef) -> bool:
    """The twin clears `t`: pandera is not asked about it."""
    return twin_failures(t, tdef) == []


def _verdicts(datasets):
    """(table, cleared by the pre-check, pandera's failure cases) for every non-empty stacked table."""
    tables = stack(datasets, type("P", (), {"model": MODEL})())
    out = []
    for name, tdef in MODEL.tables.items():
        t = tables[name]
        if len(t):
            out.append((name, surely_valid(t, tdef), pandera_failures(t, tdef, MODEL.source)))
    return tables, out


def _assert_sound(verdicts):
    wrong = [name for name, cleared, cases in verdicts if cleared and cases is not None]
    assert not wrong, f"cleared by the pre-check but failed by pandera: {wrong}"


def _load(folder: Path):
    return load_dataset(folder, MODEL, name=folder.name)


CORPUS = sorted(p for p in (FIXTURES / "corpus").iterdir() if p.is_dir())
YEARS = sorted(p for p in (FIXTURES / "kpu-muaro-jambi-riwayat").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", [FAULTY, CORRECTED, *YEARS, *CORPUS], ids=lambda p: p.parent.name + "/" + p.name)
def test_sound_on_every_fixture_and_corpus_dataset(folder):
    ds = _load(folder)
    tables, verdicts = _verdicts([ds])
    _assert_sound(verdicts)
    # The findings are those of pandera run on every table, as before the pre-check.
    everything = []
    for name, _, cases in verdicts:
        if cases is not None:
            everything += _to_findings(cases.to_dict("records"), tables[name], MODEL.tables[name], [ds.name], "id")
    assert validate(tables, MODEL, [ds.name], "id") == everything


def test_the_faulty_fixture_is_not_cleared_and_the_corrected_one_is():
    _, faulty = _verdicts([_load(FAULTY)])
    # The seed's Rencana Kinerja has an indicator without a name: pandera's DAT003 (the twin states it).
    failing = {name for name, _, cases in faulty if cases is not None}
    assert failing == {"rencana_kinerja"}
    assert [cleared for name, cleared, _ in faulty if name == "rencana_kinerja"] == [False]
    _, corrected = _verdicts([_load(CORRECTED)])
    assert corrected and all(cleared for _, cleared, _ in corrected), \
        [name for name, cleared, _ in corrected if not cleared]


# Values of every kind a loaded column may hold, and some it never should:
# the pre-check must stay sound on both.
_ANY = st.one_of(
    st.none(), st.booleans(), st.just(float("nan")), st.just(-0.0), st.just(-5e-324),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.integers(min_value=-3, max_value=3),
    st.text(max_size=6), st.sampled_from(["", " ", "nan", "None", "0", "-1"]),
)


_EDGES = [None, float("nan"), -0.0, -5e-324, -1, -1.0, float("-inf"), float("inf"), True, False, 0, "",
          2 ** 53 + 1, -(2 ** 53) - 1, 2 ** 64, -(2 ** 64)]


def _clean(c):
    """A value the schemas accept in this column: a table of these is cleared."""
    if c.type in ("bilangan", "persen", "cacah", "tahun", "tanggal", "besaran"):
        good = st.one_of(st.floats(min_value=0, max_value=1e6), st.integers(min_value=0, max_value=10 ** 6))
    elif c.type == "rupiah":
        good = st.integers(min_value=0, max_value=10 ** 13)
    elif c.type == "pilihan" and c.values:
        good = st.sampled_from(c.values)
    else:
        good = st.text(max_size=8)
    return good if c.required else st.one_of(good, st.none())


@st.composite
def tables(draw):
    """A clean table of one of the model's tables, with none, one or a few cells then spoilt."""
    tdef = draw(st.sampled_from(list(MODEL.tables.values())))
    n = draw(st.integers(min_value=1, max_value=5))
    cols = {}
    for name, kind in tdef.engine_columns().items():
        c = tdef.columns.get(name)
        values = draw(st.lists(_clean(c) if c else _ANY, min_size=n, max_size=n))
        cols[name] = Column(name, kind, values=values, raw=[None] * n)
    # Spoil mostly the cells the schemas look at, with values at their edges.
    judged = [name for name, c in tdef.columns.items() if c.required or c.type != "teks"]
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        name = draw(st.sampled_from(judged))
        c = tdef.columns.get(name)
        near = [c.values[0].upper(), c.values[0] + " ", c.values[0][:-1]] if c is not None and c.values else ["x"]
        value = draw(st.one_of(st.sampled_from(_EDGES + near), _ANY))
        cols[name].values[draw(st.integers(min_value=0, max_value=n - 1))] = value
    return tdef, Table(tdef.name, cols, files=["x"] * n, lines=list(range(1, n + 1)), ds=[0] * n, cells=[None] * n)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_sound_on_made_up_tables(case):
    tdef, t = case
    if surely_valid(t, tdef):
        assert pandera_failures(t, tdef, MODEL.source) is None, {c: t.columns[c].values for c in t.columns}


def _one_row(tdef, column=None, value=None):
    row = {}
    for name, kind in tdef.engine_columns().items():
        c = tdef.columns.get(name)
        clean = None if c is None else c.values[0] if c.values else "x" if kind == "text" else 1 if kind == "money" \
            else 1.0
        row[name] = Column(name, kind, values=[value if name == column else clean], raw=[None])
    return Table(tdef.name, row, files=["x"], lines=[1], ds=[0], cells=[None])


# One column of each kind the schemas tell apart: its type, whether it is required, whether it has choices.
_KINDS = {}
for _tdef in MODEL.tables.values():
    for _c in _tdef.columns.values():
        _KINDS.setdefault((_c.type, _c.required, bool(_c.values)), (_tdef, _c))


@pytest.mark.parametrize("kind", sorted(_KINDS), ids=lambda k: f"{k[0]}-{'required' if k[1] else 'optional'}{'-choices' if k[2] else ''}")
def test_sound_at_every_edge_value_of_every_kind_of_column(kind):
    tdef, c = _KINDS[kind]
    assert surely_valid(_one_row(tdef), tdef)  # the clean row is cleared
    near = [c.values[0].upper(), c.values[0] + " ", c.values[0][:-1]] if c.values else []
    refused = 0
    for value in _EDGES + near + [0.5, 7, "7", 1e300, 2 ** 53, -(2 ** 53)]:
        t = _one_row(tdef, c.name, value)
        if surely_valid(t, tdef):
            assert pandera_failures(t, tdef, MODEL.source) is None, (c.name, value)
        else:
            refused += 1
    # Optional free text is not in the schemas: nothing there for pandera to fail.
    assert refused or (c.type in ("teks", "nip") and not c.required)


def test_made_up_tables_are_both_cleared_and_refused():
    # The strategy above is only a real test if it reaches both answers.
    seen = set()

    @settings(max_examples=200, deadline=None, database=None)
    @given(tables())
    def probe(case):
        tdef, t = case
        seen.add(surely_valid(t, tdef))

    probe()
    assert seen == {True, False}
