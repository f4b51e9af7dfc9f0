"""The loader types each distinct cell text once per column; the result must not depend on that."""
import json

import pytest

from conftest import CORRECTED, FAULTY, write_dataset
from lkjcheck.model import cells
from lkjcheck.model import dataset as load
from lkjcheck.model.definition import load_model
from lkjcheck.checks.rules import builtin_rules_dir

MODEL = builtin_rules_dir() / "sakip" / "model.yaml"

TWO_BAD_ROWS = """\
lkjcheck: 1
model: sakip
laporan:
  instansi: Satker Uji
  tahun: 2024
pengukuran_kinerja:
  - kode: IKU-1
    indikator: Indikator satu
    target: "90,00%"
    realisasi: "9O,00%"
  - kode: IKU-2
    indikator: Indikator dua
    target: "90,00%"
    realisasi: "9O,00%"
    capaian: "-"
  - kode: IKU-3
    indikator: "2024"
    target: 1.500
    realisasi: "2024"
  - kode: IKU-4
    indikator: Indikator empat
    target: "1.500"
"""


def _load(folder):
    return load.load_dataset(folder, load_model(MODEL), name="uji")


def test_a_repeated_unreadable_cell_is_reported_at_every_place_it_occurs(tmp_path):
    ds = _load(write_dataset(tmp_path / "ds", TWO_BAD_ROWS))
    bad = [(f.rule, f.location.line, f.row, f.field) for f in ds.findings if f.rule == "DAT001"]
    assert bad == [("DAT001", 10, "IKU-1", "realisasi"), ("DAT001", 14, "IKU-2", "realisasi")]


def test_the_same_text_is_typed_by_its_own_column(tmp_path):
    t = _load(write_dataset(tmp_path / "ds", TWO_BAD_ROWS)).tables["pengukuran_kinerja"]
    assert t.columns["indikator"].values[2] == "2024"
    assert t.columns["realisasi"].values[2] == 2024.0
    assert t.columns["realisasi"].decimals[2] == 0
    # YAML's own float and an Indonesian thousands separator: same text, two meanings
    assert t.columns["target"].values[2:4] == [1.5, 1500.0]
    # a dash in a table cell is empty, however often it appears
    assert t.columns["capaian"].values[1] is None and t.columns["capaian"].raw[1] is None


@pytest.mark.parametrize("fixture", [FAULTY, CORRECTED])
def test_results_do_not_depend_on_how_many_cell_texts_are_remembered(cli, monkeypatch, fixture):
    def findings():
        code, out, _ = cli("run", fixture, "--format", "json", "--no-text")
        return json.loads(out)["findings"]

    remembered = findings()
    # Forget after every cell: each one is typed afresh, as if never seen.
    monkeypatch.setattr(cells, "_PARSED_MAX", 0)
    assert findings() == remembered
    if fixture == FAULTY:
        assert any(f["rule"].startswith("KIN") for f in remembered)
