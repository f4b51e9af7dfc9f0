from lkjcheck.findings import Finding, Location
from lkjcheck.report.github import escape_data, escape_property, render
from render_samples import empty_result, sample_result


def _lines(lang="id"):
    return render(sample_result(lang)).splitlines()


def test_one_line_per_finding_and_a_waived_one_is_a_notice_saying_who_and_why():
    lines = _lines()
    assert len(lines) == 6          # six findings, one waived
    assert all(line.startswith("::") for line in lines)
    waived = [line for line in lines if "PEG003" in line]
    assert len(waived) == 1 and waived[0].startswith("::notice ")
    assert "dikecualikan: Satu pegawai pindah tugas" in waived[0] and "oleh Inspektur Pembantu II" in waived[0]


def test_commands_by_severity():
    cmds = [line.split(" ", 1)[0] for line in _lines()]
    assert cmds.count("::error") == 2
    assert cmds.count("::warning") == 2
    assert cmds.count("::notice") == 2      # the info finding and the waived one


def test_error_with_line_and_column_is_escaped():
    ang = next(line for line in _lines() if "ANG001" in line)
    assert ang.startswith(
        "::error file=kpu-muaro-jambi-2024/lkj.yaml,line=42,col=7,"
        "title=ANG001 Jumlah realisasi anggaran sama dengan totalnya::"
    )
    msg = ang.split("::", 2)[2]
    assert "\n" not in msg and "%0A" in msg
    assert "99,01%25" in msg            # percent escaped in the message, comma kept
    assert "(diharapkan Rp 59.900.669.261, ditemukan Rp 59.900.669.000 <selisih 261>)" in msg
    assert "\x0b" not in msg


def test_cell_without_line():
    pk = next(line for line in _lines() if "pengukuran.xlsx" in line)
    assert pk.startswith("::warning file=kpu-muaro-jambi-2024/pengukuran.xlsx,title=PK002 ")
    assert "line=" not in pk
    assert "::[pengukuran_kinerja!E5] Capaian 99,01%25" in pk


def test_info_is_notice_without_line():
    pk = next(line for line in _lines() if "PK010" in line)
    assert pk.startswith("::notice file=kpu-muaro-jambi-2024/lkj.yaml,title=PK010 ")


def test_property_escaping():
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_data("a:b,c%d\r\n") == "a:b,c%25d%0D%0A"
    res = sample_result()
    res.findings[:] = [Finding(rule="X", severity="error", message="m", dataset="d",
                               location=Location("dir,with:odd/file.yaml", line=3), title="T, with: colon")]
    line = render(res).strip()
    assert line == "::error file=dir%2Cwith%3Aodd/file.yaml,line=3,title=X T%2C with%3A colon::m"


def test_english():
    ang = next(line for line in _lines("en") if "ANG001" in line)
    assert "title=ANG001 Budget realisation adds up to its total::" in ang
    assert "(expected Rp 59.900.669.261, found" in ang


def test_empty():
    assert render(empty_result()) == ""
