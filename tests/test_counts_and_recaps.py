"""Issue 14, the residue: plain counts are exact, every staff recap cell is held
against the staff list, and a cumulative quarterly realisation never falls."""
from __future__ import annotations

from rules_helpers import run_rule, write_dataset


def _iku(**kw):
    row = {"kode": "IKU-1", "indikator": "Jumlah laporan keuangan", "target": "3", "realisasi": "4"}
    row.update(kw)
    return row


def test_a_count_written_without_a_unit_is_exact(tmp_path):
    # 4 of 3 is 133,33%; read as 3,5..4,5 the printed 150% would pass.
    found = run_rule(write_dataset(tmp_path / "b", {"pengukuran_kinerja": [_iku(capaian="150%")]}), "KIN002")
    assert [f.expected for f in found] == ["133,33%"]
    assert run_rule(write_dataset(tmp_path / "g", {"pengukuran_kinerja": [_iku(capaian="133,33%")]}), "KIN002") == []
    # the same as a YAML number, not a string
    found = run_rule(write_dataset(tmp_path / "y", {"pengukuran_kinerja": [_iku(target=3, realisasi=4, capaian="150%")]}),
                     "KIN002")
    assert [f.expected for f in found] == ["133,33%"]


def test_a_measured_figure_keeps_its_written_precision(tmp_path):
    # 72,5 has a decimal: a measurement, 72,45..72,55 of 70 is 103,50..103,64%
    row = _iku(indikator="Nilai SAKIP", target="70", realisasi="72,5", capaian="103,6%")
    assert run_rule(write_dataset(tmp_path / "m", {"pengukuran_kinerja": [row]}), "KIN002") == []
    # a measured unit keeps ±0,5 on a whole figure (72 nilai of 70 is 102,14..103,57%)
    row = _iku(indikator="Nilai SAKIP", target="70 nilai", realisasi="72 nilai", capaian="103,5%")
    assert run_rule(write_dataset(tmp_path / "u", {"pengukuran_kinerja": [row]}), "KIN002") == []
