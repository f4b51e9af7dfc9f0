"""The documentation's examples must stay true."""
import re

from conftest import ROOT


def test_complete_example_in_dataset_doc_has_no_findings(cli, tmp_path):
    doc = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")
    section = doc.split("## A complete example", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    tables = set(re.findall(r"^([a-z_]+):", example, re.M)) - {"lkjcheck", "model"}
    from lkjcheck.model.definition import load_model
    model = load_model(ROOT / "rules" / "sakip" / "model.yaml")
    assert tables == set(model.tables), "the example must show every table of the model"
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "lkj.yaml").write_text(example, encoding="utf-8")
    code, out, err = cli("run", tmp_path / "ds", "-f", "json")
    import json
    assert code == 0 and json.loads(out)["findings"] == [], out
