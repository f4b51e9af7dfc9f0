"""Guards added after the hostile-input review: inputs are never overwritten,
a data repo's configuration cannot point outside the repo, workbook links stay inside."""
import hashlib
import shutil

from conftest import FAULTY


def digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_output_may_not_replace_an_input(cli, tmp_path):
    ds = tmp_path / "ds"
    shutil.copytree(FAULTY, ds)
    for victim in (ds / "lkj.yaml", ds / "pegawai.csv", ds / "laporan.md"):
        before = digest(victim)
        code, out, err = cli("run", ds, "-f", "json", "-o", victim)
        assert code == 2 and ("masukan" in err or "input files" in err)
        assert digest(victim) == before


def test_output_next_to_the_inputs_is_fine(cli, tmp_path):
    ds = tmp_path / "ds"
    shutil.copytree(FAULTY, ds)
    code, _, _ = cli("run", ds, "-f", "json", "-o", ds / "hasil.json")
    assert code == 1 and (ds / "hasil.json").stat().st_size > 0


def test_configuration_cannot_reach_outside_its_folder(cli, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(FAULTY, repo / "ds")
    (repo / "lkjcheck.toml").write_text('rules = ["/"]\n', encoding="utf-8")
    code, _, err = cli("run", repo / "ds", cwd=repo)
    assert code == 2 and "lkjcheck.toml" in err and "Traceback" not in err
    (repo / "lkjcheck.toml").write_text('waivers = "../../etc/passwd"\n', encoding="utf-8")
    code, _, err = cli("run", repo / "ds", cwd=repo)
    assert code == 2 and "lkjcheck.toml" in err


def test_workbook_link_out_of_the_folder_is_refused(cli, tmp_path):
    outside = tmp_path / "elsewhere.xlsx"
    outside.write_bytes(b"PK\x03\x04 not really a workbook")
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "lkj.xlsx").symlink_to(outside)
    code, _, err = cli("run", ds)
    assert code == 2 and "lkj.xlsx" in err and "Traceback" not in err
