"""lkjcheck.record: a record behaves as the dataclass it stands in for (construction, repr, equality, hash,
frozenness, replace/fields/asdict, copying), and a class it cannot stand in for exactly is refused."""
from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from lkjcheck.record import record


def _twins(frozen: bool):
    """The same class body made by @dataclass and by @record."""
    made = []
    for deco in (dataclass(frozen=frozen), record(frozen=frozen)):
        class Thing:
            name: str
            size: int
            tags: list = field(default_factory=list)
            note: str | None = None
            hidden: dict = field(default_factory=dict, repr=False, compare=False)
            extra: object = field(default=None, hash=False)

            def label(self) -> str:
                return f"{self.name}:{self.size}"

        made.append(deco(Thing))
    return made


ARGS = [(("a", 1), {}), (("a", 1, ["x"]), {"note": "n"}), ((), {"name": "b", "size": 2, "hidden": {"k": 1}}),
        (("a",), {"size": 3, "extra": 4.5, "tags": []})]


@pytest.mark.parametrize("frozen", [True, False])
def test_made_like_the_dataclass(frozen):
    dc, rec = _twins(frozen)
    for args, kwargs in ARGS:
        a, b = dc(*args, **kwargs), rec(*args, **kwargs)
        assert repr(a).replace("Thing", "X", 1) == repr(b).replace("Thing", "X", 1)
        assert vars(a) == vars(b) and list(vars(a)) == list(vars(b))
        assert dataclasses.asdict(a) == dataclasses.asdict(b) and dataclasses.astuple(a) == dataclasses.astuple(b)
        assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(b)]
        assert b == rec(*args, **kwargs) and not (b != rec(*args, **kwargs)) and b.label() == a.label()
        assert (b == rec(*args, **{**kwargs, "hidden": {"other": 1}})) == (a == dc(*args, **{**kwargs, "hidden": {}}))
        assert b != a and a != b          # another class, however alike
        changed = dataclasses.replace(b, size=9)
        assert type(changed) is rec and vars(changed) == vars(dataclasses.replace(a, size=9))
        for c in (copy.copy(b), copy.deepcopy(b)):
            assert c == b and c is not b
    assert rec("a", 1).tags is not rec("a", 1).tags        # a fresh default for each
    assert rec.__match_args__ == dc.__match_args__ and dataclasses.is_dataclass(rec)


@record(frozen=True)
class Kept:
    name: str
    tags: list = field(default_factory=list)


@record
class Changing:
    name: str
    size: int = 0


def test_records_cross_processes_as_pickles():
    # what run/parallel's workers send back
    for obj in (Kept("a", ["x"]), Changing("b", 2)):
        again = pickle.loads(pickle.dumps(obj))
        assert again == obj and again is not obj and type(again) is type(obj)


def test_a_frozen_record_hashes_and_refuses_assignment_as_the_dataclass():
    dc, rec = _twins(True)
    a, b = dc("a", 1, note="n", extra=[1]), rec("a", 1, note="n", extra=[1])
    with pytest.raises(TypeError):
        hash(dc("a", 1, ["unhashable"]))
    with pytest.raises(TypeError):
        hash(rec("a", 1, ["unhashable"]))
    a, b = dc("a", 1, (), extra=[1]), rec("a", 1, (), extra=[1])     # extra is not hashed, tags now a tuple
    assert hash(a) == hash(b) == hash(("a", 1, (), None))
    for obj in (a, b):
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'size'"):
            obj.size = 2
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'name'"):
            del obj.name
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.other = 1


def test_a_mutable_record_is_unhashable_and_assignable():
    dc, rec = _twins(False)
    b = rec("a", 1)
    assert rec.__hash__ is None and dc.__hash__ is None
    with pytest.raises(TypeError):
        hash(b)
    b.size = 5
    assert b == rec("a", 5)


def test_wrong_arguments_are_refused():
    _, rec = _twins(True)
    for args, kwargs, says in [((), {"name": "a"}, "missing required argument: 'size'"),
                               (("a", 1, [], None, {}, None, "too many"), {}, "takes 7 positional arguments"),
                               (("a", 1), {"name": "b"}, "multiple values for argument 'name'"),
                               (("a", 1), {"colour": "red"}, "unexpected keyword argument 'colour'")]:
        with pytest.raises(TypeError, match=says):
            rec(*args, **kwargs)


@pytest.mark.parametrize("body", ["post_init", "eq", "not_init", "order"])
def test_a_class_a_record_cannot_stand_in_for_is_refused(body):
    class Thing:
        a: int = 0
        b: int = field(default=0, init=body != "not_init")

        if body == "post_init":
            def __post_init__(self):
                pass
        if body == "eq":
            def __eq__(self, other):
                return True

    class Late:         # a field without a default after one with it
        a: int = 0
        b: int

    with pytest.raises(TypeError):
        record(Late if body == "order" else Thing)
