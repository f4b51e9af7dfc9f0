"""`lkjcheck init`: the scaffold passes as written, and a broken figure is found."""
import json

import pytest

from conftest import CORRECTED, ROOT


def _run(cli, path):
    code, out, err = cli("run", path, "-f", "json")
    return code, json.loads(out)["findings"] if out.strip() else err


def test_yaml_scaffold_passes_then_fails_when_a_figure_breaks(cli, tmp_path):
    code, out, err = cli("init", tmp_path / "ds")
    assert code == 0, err
    text = (tmp_path / "ds" / "lkj.yaml").read_text(encoding="utf-8")
    assert code == 0
    code, findings = _run(cli, tmp_path / "ds")
    assert (code, findings) == (0, [])
    # every table of the model, with explanations in Bahasa Indonesia
    from lkjcheck.scaffold import _model
    for t in _model().tables:
        assert f"\n{t}:" in text
    assert "# Capaian = realisasi / target x 100" in text
    broken = text.replace('realisasi: "Rp 1.045.000.000"', 'realisasi: "Rp 1.046.000.000"', 1)
    assert broken != text
    (tmp_path / "ds" / "lkj.yaml").write_text(broken, encoding="utf-8")
    code, findings = _run(cli, tmp_path / "ds")
    assert code == 1
    assert {"ANG001", "ANG003"} <= {f["rule"] for f in findings}


@pytest.mark.parametrize("year", [None, "2024", "2030"])
def test_scaffold_passes_for_any_year(cli, tmp_path, year):
    args = ["init", tmp_path / "ds"] + (["--tahun", year] if year else [])
    assert cli(*args)[0] == 0
    assert _run(cli, tmp_path / "ds") == (0, [])


def test_xlsx_scaffold_has_comments_dropdowns_and_passes(cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    code, out, err = cli("init", tmp_path / "ds", "--xlsx")
    assert code == 0, err
    book = tmp_path / "ds" / "lkj.xlsx"
    assert not (tmp_path / "ds" / "lkj.yaml").exists()
    assert _run(cli, tmp_path / "ds") == (0, [])
    wb = openpyxl.load_workbook(book)
    head = {c.value: c for c in wb["pengukuran_kinerja"][1]}
    assert "Capaian" in head["capaian"].comment.text
    lists = {}
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            lists[(ws.title, str(dv.sqref).split(":")[0])] = dv.formula1
    assert lists[("pegawai", "C2")] == '"L,P"'
    assert "PPPK" in lists[("pegawai", "E2")]
    assert "minimal" in lists[("pengukuran_kinerja", "E2")]
    assert "total" in lists[("anggaran", "A2")]
    assert "kurang" in lists[("perubahan_pagu", "C2")]
    assert "capaian_iku" in lists[("klaim", "E2")]
    # break one figure: realisasi of the rutin row
    ws = wb["anggaran"]
    col = [c.value for c in ws[1]].index("realisasi") + 1
    ws.cell(2, col).value = "Rp 1.046.000.000"
    wb.save(book)
    code, findings = _run(cli, tmp_path / "ds")
    assert code == 1
    assert any(f["rule"] == "ANG003" and f["location"]["cell"].startswith("anggaran!") for f in findings)


def test_init_refuses_to_overwrite_unless_forced(cli, tmp_path):
    assert cli("init", tmp_path)[0] == 0
    (tmp_path / "lkj.yaml").write_text("laporan: {instansi: X, tahun: 2024}\n", encoding="utf-8")
    code, out, err = cli("init", tmp_path)
    assert code == 2 and "--force" in err
    assert "instansi: X" in (tmp_path / "lkj.yaml").read_text(encoding="utf-8")
    # an lkj.xlsx beside an lkj.yaml would make the folder ambiguous for `run`
    assert cli("init", tmp_path, "--xlsx")[0] == 2
    assert cli("init", tmp_path, "--force")[0] == 0
    assert _run(cli, tmp_path) == (0, [])


def test_init_from_existing_dataset_to_xlsx(cli, tmp_path):
    pytest.importorskip("openpyxl")
    code, out, err = cli("init", tmp_path / "wb", "--xlsx", "--from", CORRECTED)
    assert code == 0, err
    assert _run(cli, tmp_path / "wb") == (0, [])
    assert cli("init", tmp_path / "y", "--from", CORRECTED)[0] == 2      # --from needs --xlsx


def test_init_from_keeps_a_pdf_report_a_pdf(cli, tmp_path):
    # the copied report text keeps its kind; a PDF under laporan.md would be read as text
    import shutil
    pytest.importorskip("openpyxl")
    src = tmp_path / "src"
    shutil.copytree(CORRECTED, src)
    for old in src.glob("laporan.*"):
        old.unlink()
    pdf = ROOT / "fixtures" / "dokumen" / "laporan.pdf"
    shutil.copyfile(pdf, src / "laporan.pdf")
    code, out, err = cli("init", tmp_path / "wb", "--xlsx", "--from", src)
    assert code == 0, err
    assert (tmp_path / "wb" / "laporan.pdf").read_bytes() == pdf.read_bytes()
    assert not (tmp_path / "wb" / "laporan.md").exists()


def test_the_packs_scaffold_names_only_the_models_tables_and_columns():
    # scaffold.yaml is pack data beside model.yaml: a column renamed in one must be renamed in the other
    from lkjcheck.scaffold import _model, example_rows, load_scaffold

    model = _model()
    sc = load_scaffold(model)
    assert set(sc.columns) == set(model.tables) and set(sc.rows) <= set(model.tables)
    for tname, cols in sc.columns.items():
        tdef = model.tables[tname]
        known = set(tdef.columns) | {f"{y}_" for y in tdef.year_columns}
        assert set(cols) <= known, (tname, set(cols) - known)
    for tname, rows in example_rows(2024, model).items():
        tdef = model.tables[tname]
        for row in rows:
            flat = set()
            for k, v in row.items():
                flat |= {f"{k}_{s}" for s in v} if isinstance(v, dict) else {k}
            year_cols = {f"{y}_2023" for y in tdef.year_columns} | {f"{y}_2025" for y in tdef.year_columns}
            assert flat <= set(tdef.columns) | year_cols, (tname, flat - set(tdef.columns) - year_cols)
    assert example_rows(2030, model)["laporan"][0]["tahun"] == 2030


def test_a_scaffold_file_of_the_wrong_shape_is_refused(tmp_path):
    from lkjcheck.errors import InputError
    from lkjcheck.scaffold import _read_scaffold

    bad = tmp_path / "scaffold.yaml"
    bad.write_text("columns:\n  laporan:\n    instansi: just a sentence\n", encoding="utf-8")
    with pytest.raises(InputError, match="instansi"):
        _read_scaffold(bad)
    bad.write_text("rows:\n  laporan: {instansi: X}\n", encoding="utf-8")
    with pytest.raises(InputError, match="rows.laporan") as e:
        _read_scaffold(bad)
    assert e.value.line == 2
    bad.write_text("kolom: {}\n", encoding="utf-8")
    with pytest.raises(InputError, match="scaffold.yaml"):
        _read_scaffold(bad)


def test_success_lines_are_in_one_language(cli, tmp_path):
    code, out, err = cli("init", tmp_path / "ds", cwd=tmp_path)
    assert code == 0, err
    assert f"ditulis: {tmp_path / 'ds'}" in out and "isi datanya, lalu: lkjcheck run" in out
    assert "written" not in out and "fill it in" not in out
    # The configuration's language when the command has no --lang.
    (tmp_path / "lkjcheck.toml").write_text('lang = "en"\n', encoding="utf-8")
    code, out, err = cli("init", tmp_path / "ds2", cwd=tmp_path)
    assert code == 0, err
    assert f"written: {tmp_path / 'ds2'}" in out and "fill it in, then: lkjcheck run" in out
    assert "ditulis" not in out and "isi datanya" not in out
