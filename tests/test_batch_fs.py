"""A batch looks at the file system once where once is enough: one walk per tree and run,
the resolved folders from that walk, config folders looked at once; what is found stays the same."""
import os
import shutil

import pytest

from conftest import FAULTY, write_dataset
from lkjcheck.run.config import configs_for, load_config, nearest_config
from lkjcheck.run.discover import discover, walks_remembered

MINI = "lkjcheck: 1\nlaporan:\n  instansi: X\n  tahun: 2024\n"


def _tree(root):
    for name in ("b/2024", "a/2024", "a/2023", "c"):
        write_dataset(root / name, MINI)
    return root


def test_walk_order_and_links_as_before(tmp_path):
    root = _tree(tmp_path / "t")
    os.symlink(root / "a", root / "link-to-a")                  # a linked folder is not entered
    os.symlink(root / "nowhere", root / "c" / "laporan.md")     # a broken link is no report
    (root / "d").mkdir()
    os.symlink("lkj.yaml", root / "d" / "lkj.yaml")             # a link loop is no dataset file
    write_dataset(root / ".git" / "x", MINI)                   # skipped folder
    found = discover([str(root)])
    assert [str(f.relative_to(root)) for f in found] == ["a/2023", "a/2024", "b/2024", "c"]


def test_resolved_once_per_tree_still_deduplicates(tmp_path):
    root = _tree(tmp_path / "t")
    os.symlink(root, tmp_path / "alias")
    found = discover([str(root), str(tmp_path / "alias"), str(root / "a" / "2024")])
    assert len(found) == 4      # the same datasets under another name are the same datasets
    rel = discover([os.path.relpath(root / "a")])
    assert [f.name for f in rel] == ["2023", "2024"] and not rel[0].is_absolute()


def test_a_run_walks_a_tree_once_and_only_inside_the_run(tmp_path):
    root = _tree(tmp_path / "t")
    with walks_remembered():
        first = discover([str(root)])
        write_dataset(root / "e", MINI)
        assert discover([str(root)]) == first        # the run's own walk
    assert len(discover([str(root)])) == len(first) + 1      # outside a run nothing is remembered


def test_nearest_config_per_dataset_as_before(tmp_path):
    root = _tree(tmp_path / "t")
    (root / "a" / "lkjcheck.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    (root / "c" / "lkjcheck.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    assert nearest_config(root / "a" / "2024", root) == (root / "a" / "lkjcheck.toml").resolve()
    assert nearest_config(root / "b" / "2024", root) is None
    groups = {getattr(cfg, "source", None): sorted(os.path.relpath(f, root) for f in folders)
              for cfg, folders in configs_for([str(root)], load_config(None))}
    assert groups == {str((root / "a" / "lkjcheck.toml").resolve()): ["a/2023", "a/2024"],
                      str((root / "c" / "lkjcheck.toml").resolve()): ["c"],
                      None: ["b/2024"]}


@pytest.mark.parametrize("how", ["symlink", "same"])
def test_output_that_is_an_input_is_still_refused(cli, tmp_path, how):
    ds = tmp_path / "ds"
    shutil.copytree(FAULTY, ds)
    out = tmp_path / "out.json"
    if how == "symlink":
        os.symlink(ds / "lkj.yaml", out)     # the output names an input through a link
    else:
        out = ds / "lkj.yaml"
    before = (ds / "lkj.yaml").read_bytes()
    code, _, err = cli("run", ds, "-f", "json", "-o", out)
    assert code == 2 and ("masukan" in err or "input files" in err)
    assert (ds / "lkj.yaml").read_bytes() == before


def test_output_over_another_existing_file_is_written(cli, tmp_path):
    ds = tmp_path / "ds"
    shutil.copytree(FAULTY, ds)
    out = tmp_path / "old.json"
    out.write_text("{}", encoding="utf-8")
    code, _, _ = cli("run", ds, "-f", "json", "-o", out)
    assert code == 1 and out.stat().st_size > 10


def _stacked_as_lists(tables):
    return {name: (t.files, t.lines, t.ds, t.cells,
                   {c: [getattr(col, a) for a in ("name", "kind", "values", "rad", "raw", "decimals", "units",
                                                   "lines", "cols", "cells")] for c, col in t.columns.items()})
            for name, t in tables.items()}


def test_stacking_columns_no_report_filled_gives_what_joining_their_lists_gives(tmp_path):
    from lkjcheck.checks.table import stack
    from lkjcheck.model.dataset import load_dataset
    from lkjcheck.run.options import Options, load_rulepack

    pack = load_rulepack(Options())
    folder_b = write_dataset(tmp_path / "b", MINI + "  pk_tempat: Jambi\n")
    folder_c = write_dataset(tmp_path / "c", MINI.replace("instansi: X", "instansi: X # with a comment")
                             + "  pk_tempat: 'Jambi'\n  kode_satker:\n    '600140'\n")

    def reports(plain: bool):
        out = [load_dataset(FAULTY, pack.model, name="a"), load_dataset(folder_b, pack.model, name="b"),
               load_dataset(folder_c, pack.model, name="c")]
        if plain:
            for ds in out:
                for t in ds.tables.values():
                    t.unfilled, t.shared = {}, {}       # every column joined report by report, as before
        return out

    a, b, c = reports(False)
    lap = a.tables["laporan"]
    # one column no report filled, one with a default, one that a single report filled
    assert lap.unfilled["periode"] == "tahunan" and "batas_waktu" in b.tables["laporan"].unfilled
    assert "pk_tempat" in lap.unfilled and "pk_tempat" not in b.tables["laporan"].unfilled
    # a filled column whose decimals, units and lines are the shared lists
    assert lap.shared["instansi"][3:6] == ("none", "none", "row")
    assert c.tables["laporan"].shared["kode_satker"][5] is None      # its value on the line below its key
    for order in ([0, 1, 0], [0, 1, 2, 1], [2, 0]):
        fast = stack([(a, b, c)[i] for i in order], pack)
        slow = stack([reports(True)[i] for i in order], pack)
        assert _stacked_as_lists(fast) == _stacked_as_lists(slow)
    fast = stack([a, b, a], pack)
    assert fast["laporan"].columns["periode"].values == ["tahunan"] * 3
    assert fast["laporan"].columns["pk_tempat"].values == [None, "Jambi", None]
    assert fast["laporan"].columns["batas_waktu"].lines is not fast["laporan"].lines     # lists of their own
    assert fast["laporan"].columns["instansi"].lines is not fast["laporan"].lines


def test_report_text_found_as_before_with_one_listing(tmp_path):
    from lkjcheck.errors import InputError
    from lkjcheck.model.dataset import load_dataset
    from lkjcheck.run.options import Options, load_rulepack

    model = load_rulepack(Options()).model
    plain = write_dataset(tmp_path / "none", MINI, catatan__txt="x")
    assert load_dataset(plain, model).text_path is None
    both = write_dataset(tmp_path / "both", MINI, laporan__txt="a", laporan__pdf="b")
    assert load_dataset(both, model).text_path == str(both / "laporan.txt")   # the order of TEXT_FILES
    linked = write_dataset(tmp_path / "linked", MINI)
    os.symlink(tmp_path / "elsewhere.md", linked / "laporan.md")            # broken, and outside
    with pytest.raises(InputError):
        load_dataset(linked, model)


def test_nearest_config_stops_at_the_root_or_outside_it(tmp_path):
    root = _tree(tmp_path / "t")
    (tmp_path / "lkjcheck.toml").write_text('fail_on = "info"\n', encoding="utf-8")    # above the root
    assert nearest_config(root / "a" / "2024", root) is None
    assert nearest_config(root / "a" / "2024", tmp_path) == (tmp_path / "lkjcheck.toml").resolve()
    other = tmp_path / "other"
    write_dataset(other, MINI)
    assert nearest_config(other, root) is None                 # not below the root: its own folder only
    (other / "lkjcheck.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    assert nearest_config(other, root) == (other / "lkjcheck.toml").resolve()
    anchor = type(tmp_path)(tmp_path.anchor)                    # the root of the file system
    assert nearest_config(root / "a" / "2024", anchor) == (tmp_path / "lkjcheck.toml").resolve()


def test_dataset_names_as_before_inside_and_outside_a_run(tmp_path):
    from lkjcheck.run.discover import _unique_names

    root = _tree(tmp_path / "t")
    os.symlink(root / "c", tmp_path / "named-by-its-link")
    for remembered in (False, True):
        if remembered:
            with walks_remembered():
                found = discover([str(root), str(tmp_path / "named-by-its-link")])
                names = _unique_names(found)
        else:
            found = discover([str(root), str(tmp_path / "named-by-its-link")])
            names = _unique_names(found)
        # two folders called 2024: their paths; c once (the link is the same dataset)
        assert names == ["2023", str(root / "a" / "2024"), str(root / "b" / "2024"), "c"]
