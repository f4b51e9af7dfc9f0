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


def test_a_size_refusal_groups_its_figures_the_way_its_language_does(tmp_path):
    import pytest

    from lkjcheck.errors import InputError
    from lkjcheck.read.guard import regular_file_size

    p = tmp_path / "tabel.csv"
    p.write_bytes(b"x" * 12_345)
    assert regular_file_size(str(p), "tabel.csv", 12_345) == 12_345          # at the limit: read
    with pytest.raises(InputError) as e:
        regular_file_size(str(p), "tabel.csv", 1_000)
    assert e.value.text("id") == "tabel.csv: berkas 12.345 byte melebihi batas 1.000 byte"
    assert e.value.text("en") == "tabel.csv: file of 12,345 bytes exceeds the limit of 1,000 bytes"


def test_an_unpacked_zip_refusal_groups_its_figures_the_way_its_language_does(tmp_path):
    import zipfile

    import pytest

    from lkjcheck.errors import InputError
    from lkjcheck.read.guard import zip_unpacked

    p = tmp_path / "laporan.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "a" * 5_000)
        z.writestr("word/media/image1.png", "b" * 3_000)
    zip_unpacked(str(p), "laporan.docx", 8_000, xml_max=5_000)               # both at their limits: fine
    with pytest.raises(InputError) as e:
        zip_unpacked(str(p), "laporan.docx", 7_999)
    assert e.value.message("id") == "berisi 8.000 byte setelah dibuka, melebihi batas 7.999 byte"
    assert e.value.message("en") == "unpacks to 8,000 bytes, over the limit of 7,999 bytes"
    with pytest.raises(InputError) as e:
        zip_unpacked(str(p), "laporan.docx", 8_000, xml_max=4_999)
    assert e.value.message("id") == "bagian XML-nya 5.000 byte setelah dibuka, melebihi batas 4.999 byte"
    assert e.value.message("en") == "its XML parts unpack to 5,000 bytes, over the limit of 4,999 bytes"


def test_every_size_limit_message_groups_figures_the_way_its_language_does(tmp_path, monkeypatch):
    # The text file, YAML and regex refusals once used format(x, ','): "12,345" in Indonesian too.
    import pytest

    from lkjcheck.errors import InputError
    from lkjcheck.read import yamlsafe
    from lkjcheck.read.textfile import read_text_file
    from lkjcheck.read.yamlsafe import parse_yaml
    from lkjcheck.safety.regex import PatternTooBig, compile_bounded

    p = tmp_path / "lkj.yaml"
    p.write_bytes(b"a: b\n" * 2_469)
    with pytest.raises(InputError) as e:
        read_text_file(str(p), max_bytes=1_000, display="lkj.yaml")
    assert "12.345" in e.value.text("id") and "1.000" in e.value.text("id"), e.value.text("id")
    assert "12,345" in e.value.text("en") and "1,000" in e.value.text("en"), e.value.text("en")
    monkeypatch.setattr(yamlsafe, "MAX_NODES", 12_345)
    with pytest.raises(InputError) as e:
        parse_yaml("".join(f"- {i}\n" for i in range(12_346)), "lkj.yaml")
    assert "12.345" in e.value.text("id") and "12,345" in e.value.text("en"), e.value.text("id")
    with pytest.raises(PatternTooBig) as e:
        compile_bounded("(?:a{1000}){1000}")
    assert "100.000" in e.value.msg_id and "100,000" in e.value.msg_en, (e.value.msg_id, e.value.msg_en)
