"""The JSON report is written piece by piece, and must be exactly what json.dumps with an indent writes."""
import json

from conftest import FAULTY

from lkjcheck.report import get_renderer
from lkjcheck.report.json import _encode
from lkjcheck.run.runner import run
from lkjcheck.run.options import Options
from lkjcheck.safety.text import json_escape_raw


def _dumps(doc) -> str:
    return json_escape_raw(json.dumps(doc, ensure_ascii=False, indent=2))


def _pieces(doc) -> str:
    out: list[str] = []
    _encode(doc, 0, out)
    return "".join(out)


def test_the_report_of_the_faulty_fixture_is_json_dumps_text_byte_for_byte():
    text = get_renderer("json")(run([str(FAULTY)], Options(jobs=1)))
    doc = json.loads(text)
    assert len(doc["findings"]) > 50 and doc["coverage"]["datasets"]
    assert text == _dumps(doc) + "\n"


def test_nested_empty_non_text_keys_and_raw_characters_are_written_as_json_dumps_writes_them():
    doc = {"a": [], "b": {}, "c": [1, {"q": [1, [], {"r": "baris\u2028baru \u202e é\n"}]}],
           "d": {1: [1, 2], "k": None}, "e": {"f": {"g": {"h": [{}]}}, "i": [[1, [2, []]], {}]},
           "j": "\x85", "k": 1.5, "l": True}
    assert _pieces(doc) == _dumps(doc)
    assert "\\u2028" in _pieces(doc) and "\\u202e" in _pieces(doc)
    for other in ([], {}, [1, [2]], "s", None):
        assert _pieces(other) == _dumps(other)
