"""Each check kind of text rules is one module of checks/text/kinds/ that declares itself; nothing else names a kind."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from lkjcheck.checks.text import kinds
from lkjcheck.checks.text.kinds import KINDS
from lkjcheck.checks.text.params import REQUIRED, ParamError, convert
from lkjcheck.checks.text.rules import CHECKS, TextRuleError, compile_text_rule
from lkjcheck.findings import RuleMeta

TEXT = Path(kinds.__file__).resolve().parent.parent


def test_every_module_of_kinds_is_registered_under_its_file_name():
    files = {p.stem for p in Path(kinds.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert files == set(KINDS)
    for name, mod in KINDS.items():
        assert mod.NAME == name == Path(mod.__file__).stem
        assert inspect.getdoc(mod) and len(inspect.getdoc(mod)) > 40, name
        assert callable(mod.run)
        assert set(getattr(mod, "GROUPS", set())) <= {"tahun", "tanggal", "angka", "kata", "selisih", "baru", "lama",
                                                       "jumlah", "persen", "ke", "awal", "akhir", "jenis", "nomor"}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_declared_defaults_are_values_of_their_type(name):
    # a default must be what the parameter's converter would accept, or REQUIRED or None
    for param, (typ, default) in KINDS[name].PARAMS.items():
        if default is REQUIRED or default is None or typ in ("contexts", "fact_list", "grammar"):
            continue
        assert convert(param, typ, default) == default, (name, param)
    assert CHECKS[name] is KINDS[name].PARAMS


def test_the_compiler_and_the_runner_name_no_kind():
    for module in ("rules.py", "check.py", "params.py"):
        tree = ast.parse((TEXT / module).read_text(encoding="utf-8"))
        strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        assert not strings & set(KINDS), (module, strings & set(KINDS))


def _meta():
    return RuleMeta(id="TXT950", family="t", severity="error", title={"id": "x", "en": "x"}, reference="r",
                    rationale={"id": "a", "en": "a"}, example_bad="b", example_good="g", kind="text",
                    source="t.yaml:3")


def test_a_kinds_validate_runs_at_compile_time():
    # klaim's own check: the relation's roles
    with pytest.raises(TextRuleError, match="relation capaian needs the roles"):
        compile_text_rule({"id": "TXT950", "check": "klaim", "relation": "capaian",
                           "roles": {"realisasi": ["(?P<realisasi>\\d+)"]}}, _meta())
    # fakta_angka's: every pattern names its fact
    with pytest.raises(TextRuleError, match="must name a 'fact'"):
        compile_text_rule({"id": "TXT950", "check": "fakta_angka", "patterns": ["(?P<angka>\\d+)"]}, _meta())


def test_declared_groups_are_required_of_every_pattern():
    with pytest.raises(TextRuleError, match="named groups: persen"):
        compile_text_rule({"id": "TXT950", "check": "persen_pagu", "patterns": ["(?P<jumlah>\\d+)"],
                           "amount": "(?P<angka>\\d+)"}, _meta())


def test_a_parameter_error_says_it_in_both_languages():
    with pytest.raises(ParamError) as e:
        convert("window", "int", -1)
    assert "bilangan bulat" in e.value.msg_id and "non-negative" in e.value.msg_en
    assert e.value.key == "textrule.not_count" and e.value.values == {"name": "window"}
