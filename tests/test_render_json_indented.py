"""The JSON report's own indenting encoder writes exactly what json.dumps(indent=2) writes."""
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from lkjcheck.report.json import _whole

_KEYS = st.one_of(st.text(max_size=8), st.integers(-5, 5), st.booleans(), st.none(),
                  st.floats(allow_nan=True, allow_infinity=True))
_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
_VALUES = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=25)


def _reference(value, level):
    from lkjcheck.safety.text import json_escape_raw

    text = json.dumps(value, ensure_ascii=False, indent=2)
    return json_escape_raw(text.replace("\n", "\n" + "  " * level) if level else text)


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.integers(0, 3))
def test_same_text_as_json_dumps(value, level):
    assert _whole(value, level) == _reference(value, level)


def test_what_it_does_not_know_is_left_to_json_dumps():
    class Odd:
        pass

    for value in ({(1, 2): 3}, {"a": [Odd()]}):
        try:
            json.dumps(value, ensure_ascii=False, indent=2)
        except TypeError as e:
            want = str(e)
        try:
            _whole(value, 1)
        except TypeError as e:
            assert str(e) == want
        else:
            raise AssertionError("json.dumps refuses it, so must the report")
    assert _whole({"x": [], "y": {}, "z": [1, {"k": "v\u2028"}]}, 2) == _reference(
        {"x": [], "y": {}, "z": [1, {"k": "v\u2028"}]}, 2)
