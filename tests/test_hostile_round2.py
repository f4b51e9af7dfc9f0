"""Hostile inputs, round two (issue 16): each class of attack, in a process of its own.

Every test runs the real CLI as a child process and checks the promises of
docs/security.md on what it printed and wrote (hostile_probe.assert_promises):
the exit code, one line on stderr for a refused input, no traceback, wall
time and peak memory bounded, no raw control character in any output format,
no secret from outside the dataset folder; and, where the attack aims at
files, that inputs are unchanged and no canary was created or overwritten.
"""
from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from hostile_probe import FORMATS, RAW_CONTROLS, assert_promises, run, tree_hash

# The mandatory parts of a report (LKP001) are there, so that a clean dataset exits 0.
LAP = ("laporan:\n  instansi: Satker Uji\n  tahun: 2024\n"
       "perjanjian_kinerja:\n  - {kode: IKU-1, indikator: Persentase laporan tepat waktu, target: \"100%\"}\n"
       "pengukuran_kinerja:\n  - {kode: IKU-1, indikator: Persentase laporan tepat waktu, target: \"100%\", "
       "realisasi: \"100%\", capaian: \"100%\"}\n")
ROW = "  - sumber: total\n    uraian: jumlah\n    pagu: \"Rp 1.000.000\"\n    realisasi: \"Rp 900.000\"\n    persen: \"90,00%\"\n"
SECRET = "s3cr3t-token-5f2d"
RULE_HEAD = "family: {id: uji, title: {id: Uji, en: Test}}\nrules:\n"


def rule(rid: str, assert_: str, **extra) -> str:
    more = "".join(f"    {k}: {v}\n" for k, v in extra.items())
    return (f"  - id: {rid}\n    title: {{id: uji, en: test}}\n    severity: error\n    table: anggaran\n"
            f"    reference: uji\n    rationale: {{id: r, en: r}}\n    example: {{bad: b, good: g}}\n"
            f"    assert: {json.dumps(assert_)}\n{more}")


def dataset(folder: Path, text: str = LAP + "anggaran:\n" + ROW, **files) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lkj.yaml").write_text(text, encoding="utf-8")
    for name, content in files.items():
        (folder / name.replace("__", ".")).write_bytes(content if isinstance(content, bytes) else content.encode())
    return folder


def secret_outside(tmp_path: Path) -> Path:
    s = tmp_path / "outside" / "netrc"
    s.parent.mkdir()
    s.write_text(f"machine example.org password {SECRET}\n")
    return s


def xlsx_bytes(sheets: dict[str, str], dimension: str | None = None) -> bytes:
    """A workbook written by hand, so a test can declare what openpyxl would never write."""
    names = list(sheets)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'spreadsheetml.sheet.main+xml"/>'
                   + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.'
                             f'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(names)))
                   + "</Types>")
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   + "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names))
                   + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships">'
                   + "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
                             f'2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                             for i in range(len(names)))
                   + "</Relationships>")
        for i, n in enumerate(names):
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml",
                       '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                       f'main">{dim}<sheetData>{sheets[n]}</sheetData></worksheet>')
    return buf.getvalue()


def cells(row: int, *values) -> str:
    cols = "ABCDEFGHIJ"
    return f'<row r="{row}">' + "".join(
        f'<c r="{cols[i]}{row}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values)) + "</row>"


META = cells(1, "kolom", "nilai") + cells(2, "instansi", "Satker Uji") + cells(3, "tahun", "2024")


# ------------------------------------------------------------------ rules

def test_regex_compile_bomb_in_an_expression_is_refused_before_compiling(tmp_path):
    rdir = tmp_path / "r"
    rdir.mkdir()
    (rdir / "r.yaml").write_text(RULE_HEAD + rule("HOS001", "not matches(uraian, '(?:a{3000}){3000}')"))
    p = run("run", "--lang", "en", "--no-text", "--rules", rdir, dataset(tmp_path / "d"))
    assert_promises(p, 2, "pattern too large once its repetitions are unrolled", rss_mb=200)


def test_regex_compile_bomb_in_a_text_rule_is_refused(tmp_path):
    rdir = tmp_path / "r"
    rdir.mkdir()
    (rdir / "r.yaml").write_text(
        "family: uji\nkind: text\nrules:\n  - id: HOS002\n    title: {id: uji, en: test}\n    severity: info\n"
        "    reference: uji\n    rationale: {id: r, en: r}\n    example: {bad: b, good: g}\n"
        "    check: fakta_angka\n    patterns:\n      - {pattern: '(?:(?:a{90}){90}){90}', fact: x}\n")
    p = run("run", "--lang", "en", "--rules", rdir, dataset(tmp_path / "d"))
    assert_promises(p, 2, "pattern too large", rss_mb=200)


def test_sixty_call_sites_share_one_regex_budget(tmp_path):
    rdir = tmp_path / "r"
    rdir.mkdir()
    # 45 x matches() (what the expression size bound admits) of a backtracking
    # pattern on a row built to make it backtrack.
    expr = " and ".join(["not matches(uraian, '(a|aa)+$')"] * 45)
    (rdir / "r.yaml").write_text(RULE_HEAD + rule("HOS003", expr))
    row = ROW.replace("uraian: jumlah", "uraian: \"" + "a" * 60 + "!\"")
    p = run("run", "--lang", "en", "--no-text", "--rules", rdir, dataset(tmp_path / "d", LAP + "anggaran:\n" + row))
    assert_promises(p, (0, 1))


def test_rule_folder_listed_forty_times_is_loaded_once(tmp_path):
    rdir = tmp_path / "r"
    rdir.mkdir()
    (rdir / "r.yaml").write_text(RULE_HEAD + rule("HOS004", "pagu >= 0"))
    args = []
    for _ in range(40):
        args += ["--rules", rdir]
    p = run("run", "--lang", "en", "--no-text", *args, dataset(tmp_path / "d"), formats=FORMATS)
    assert_promises(p, 0)


def test_rule_pack_total_size_is_bounded(tmp_path):
    rdir = tmp_path / "r"
    rdir.mkdir()
    for i in range(6):      # each under the per-file limit, together over the pack's
        (rdir / f"r{i}.yaml").write_text(RULE_HEAD + rule(f"HOT{i:03d}", "pagu >= 0") + "#" * 250_000 + "\n")
    p = run("rules", "--lang", "en", "--rules", rdir)
    assert_promises(p, 2, "the rule files together exceed 1,048,576 bytes")


def test_rule_titles_cannot_drive_the_terminal(tmp_path):
    rdir = tmp_path / "r"
    rdir.mkdir()
    body = rule("HOS005", "pagu >= 0").replace("title: {id: uji, en: test}",
                                                'title: {id: "uji\\e]0;pwned\\a\\e[2J", en: "x\\u202etset"}')
    body = body.replace("rationale: {id: r, en: r}",
                        'rationale: {id: "<img src=x onerror=alert(1)> [klik](javascript:alert(1))", en: "<script>x</script>"}')
    (rdir / "r.yaml").write_text(RULE_HEAD + body)
    for args in (("rules",), ("rules", "explain", "HOS005"), ("rules", "--lang", "en")):
        p = run(*args[:1], "--rules", rdir, *args[1:])
        assert_promises(p, 0)
        assert ("\\u202e" if "en" in args else "\\x1b") in p.out
    # The finding's SARIF descriptor carries the rationale as Markdown: no raw HTML, no script link.
    d = dataset(tmp_path / "d", LAP + "anggaran:\n" + ROW.replace('pagu: "Rp 1.000.000"', 'pagu: "-1"'))
    p = run("run", "--no-text", "--rules", rdir, d, formats=("sarif",))
    assert_promises(p, 1)
    rules = json.loads(p.outputs["sarif"])["runs"][0]["tool"]["driver"]["rules"]
    md = next(r["help"]["markdown"] for r in rules if r["id"] == "HOS005")
    assert "<img" not in md and "<script" not in md and "javascript:" not in md, md
    assert "&lt;img" in md         # still there to read, as text


# ------------------------------------------------------------------ data

def test_number_parser_is_linear_on_a_run_of_spaces(tmp_path):
    rows = "".join(ROW.replace('pagu: "Rp 1.000.000"', f'pagu: "1{" " * n}{tail}"') for n in (3000, 30000)
                   for tail in ("x", "-x", "%x", " juta x"))
    p = run("run", "--lang", "en", "--no-text", dataset(tmp_path / "d", LAP + "anggaran:\n" + rows), formats=FORMATS)
    assert_promises(p, 1, "more than 100 characters for one figure")


def test_non_ascii_digits_are_refused_by_name(tmp_path):
    row = ROW.replace('pagu: "Rp 1.000.000"', 'pagu: "Rp ١.٠٠٠.٠٠٠"').replace('realisasi: "Rp 900.000"',
                                                                              'realisasi: "Rp ９００.０００"')
    p = run("run", "--lang", "en", "--no-text", dataset(tmp_path / "d", LAP + "anggaran:\n" + row), formats=("json",))
    assert_promises(p, 1)
    messages = [f["message"] for f in json.loads(p.outputs["json"])["findings"]]
    assert any("non-ASCII digit '١' (U+0661)" in m for m in messages), messages
    assert any("non-ASCII digit '９' (U+FF19)" in m for m in messages), messages


def test_thirty_decimals_and_superscript_digits_are_not_internal_errors(tmp_path):
    a = dataset(tmp_path / "a", LAP + "anggaran:\n" + ROW.replace('persen: "90,00%"',
                                                                  "persen: 95.000000000000000000000000000001"))
    b = dataset(tmp_path / "b", LAP + 'hibah:\n  - tahap: 1\n    jumlah: "Rp 1.000"\n'
                "klaim:\n  - besaran: hibah_tahap\n    acuan: \"²\"\n    nilai: \"Rp 1.000\"\n")
    p = run("run", "--lang", "en", "--no-text", a, b, formats=FORMATS)
    assert_promises(p, 1)


def test_nul_in_berkas_is_a_message(tmp_path):
    d = dataset(tmp_path / "d", LAP + 'pegawai:\n  berkas: "peg\\0awai.csv"\n')
    p = run("run", "--lang", "en", "--no-text", d)
    assert_promises(p, 2, "lkj.yaml:9: file name contains a NUL character; refused")


def test_folder_tree_1100_levels_deep(tmp_path):
    # Made and removed one level at a time: os.makedirs and shutil.rmtree
    # recurse too, and would fail here before lkjcheck is even run.
    levels = []
    path = tmp_path / "t"
    path.mkdir()
    for _ in range(1100):
        path = path / "a"
        os.mkdir(path)
        levels.append(path)
    dataset(path)
    try:
        p = run("run", "--lang", "en", "--no-text", "t", cwd=tmp_path)
        assert_promises(p, 0)
    finally:
        for f in path.iterdir():
            f.unlink()
        for level in reversed(levels):
            level.rmdir()


def test_scalar_aliases_are_counted_by_size(tmp_path):
    big = "x" * 2_000_000
    text = LAP + f"catatan: &c {big}\nanggaran:\n" + "".join(f"  - {{sumber: s{i}, uraian: *c}}\n" for i in range(300))
    p = run("run", "--lang", "en", "--no-text", dataset(tmp_path / "d", text))
    assert_promises(p, 2, "YAML aliases repeat more than 2,000,000 characters of text")


def test_unknown_columns_do_not_amplify_into_a_million_findings(tmp_path):
    header = "sumber,uraian,pagu," + ",".join(f"u{i}" for i in range(1000))
    body = "".join(f"s{r},x,1," + ",".join("1" for _ in range(1000)) + "\n" for r in range(400))
    d = dataset(tmp_path / "d", LAP + "anggaran:\n  berkas: a.csv\n", a__csv=header + "\n" + body)
    p = run("run", "--lang", "en", "--no-text", d, formats=("json", "text", "html"))
    assert_promises(p, (0, 1))
    found = json.loads(p.outputs["json"])["findings"]
    dat007 = [f for f in found if f["rule"] == "DAT007"]
    # One finding per unknown column, the first hundred shown and the rest counted in one.
    assert len(dat007) == 101, len(dat007)
    assert "900 more findings of rule DAT007 not shown" in dat007[-1]["message"]
    assert all(len(t) < 5_000_000 for t in p.outputs.values())


def test_a_message_template_cannot_multiply_the_data(tmp_path):
    rdir = tmp_path / "r"
    rdir.mkdir()
    (rdir / "r.yaml").write_text(RULE_HEAD + rule("HOS006", "pagu < 0", message=json.dumps({"id": "{uraian}" * 30000})))
    rows = "".join(ROW.replace("uraian: jumlah", f"uraian: {'u' * 2000}").replace("sumber: total", f"sumber: s{i}")
                   for i in range(50))
    d = dataset(tmp_path / "d", LAP + "anggaran:\n" + rows)
    p = run("run", "--no-text", "--rules", rdir, d, formats=("json", "markdown"))
    assert_promises(p, 1)
    for f in json.loads(p.outputs["json"])["findings"]:
        assert len(f["message"]) <= 2000


def test_waivers_are_matched_through_an_index(tmp_path):
    from lkjcheck.run.waivers import MAX_WAIVERS

    many = "".join(f"- {{rule: DAT0, row: r{i}, justification: j}}\n" for i in range(MAX_WAIVERS))
    w = tmp_path / "w.yaml"
    w.write_text(many)
    rows = "".join(ROW.replace("sumber: total", f"sumber: s{i}").replace('pagu: "Rp 1.000.000"', "pagu: banyak")
                   for i in range(300))
    p = run("run", "--lang", "en", "--no-text", "--waivers", w, dataset(tmp_path / "d", LAP + "anggaran:\n" + rows))
    assert_promises(p, 1)
    (tmp_path / "w2.yaml").write_text(many + "- {rule: X, justification: j}\n")
    p = run("run", "--lang", "en", "--no-text", "--waivers", tmp_path / "w2.yaml", tmp_path / "d")
    assert_promises(p, 2, f"more than {MAX_WAIVERS:,} waivers")


def test_docx_unpacked_size_is_checked(tmp_path):
    d = dataset(tmp_path / "d")
    with zipfile.ZipFile(d / "laporan.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * 40_000_000 + "</w:document>")
    assert (d / "laporan.docx").stat().st_size < 200_000
    p = run("run", "--lang", "en", d)
    assert_promises(p, (1, 2), "its XML parts unpack to", rss_mb=250)


# ------------------------------------------------------------------ workbooks

def test_xlsx_dimension_bomb(tmp_path):
    bomb = xlsx_bytes({"laporan": META, "anggaran": cells(1, "sumber", "pagu") + cells(1048576, "total", "1")},
                      dimension="A1:XFD1048576")
    assert len(bomb) < 3000
    a = tmp_path / "a"
    a.mkdir()
    (a / "lkj.xlsx").write_bytes(bomb)
    b = dataset(tmp_path / "b", LAP + "anggaran:\n  berkas: t.xlsx\n", t__xlsx=bomb)
    p = run("run", "--lang", "en", "--no-text", a, b, formats=FORMATS)
    assert_promises(p, (0, 1))
    p = run("init", "--xlsx", "--from", b, tmp_path / "out")
    assert_promises(p, 0)


def test_xlsx_row_bomb_is_bounded(tmp_path):
    rows = "<row><c><v>1</v></c><c><v>2</v></c></row>" * 300_000      # 12 MB unpacked, under the byte limit
    bomb = xlsx_bytes({"laporan": META, "anggaran": cells(1, "pagu", "realisasi") + rows})
    a = tmp_path / "a"
    a.mkdir()
    (a / "lkj.xlsx").write_bytes(bomb)
    p = run("run", "--lang", "en", "--no-text", a)
    assert_promises(p, 2, "the XLSX sheets hold 12,")


def test_workbook_datasets_pass_the_same_file_guards(tmp_path):
    secret = secret_outside(tmp_path)
    book = xlsx_bytes({"laporan": META})
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "lkj.xlsx").write_bytes(book)
    (linked / "laporan.md").symlink_to(secret)
    p = run("run", "--lang", "en", linked, formats=FORMATS)
    assert_promises(p, 2, "text file 'laporan.md' points outside the dataset folder", secrets=(SECRET,))

    for name, make in (("fifo", lambda p: os.mkfifo(p)), ("zero", lambda p: p.symlink_to("/dev/zero"))):
        d = tmp_path / name
        d.mkdir()
        (d / "lkj.xlsx").write_bytes(xlsx_bytes({"laporan": META + cells(4, "laporan_teks", "teks.md")}))
        make(d / "teks.md")
        p = run("run", "--lang", "en", d, bound=10)
        assert_promises(p, 2, "text file 'teks.md'", rss_mb=200)


# ------------------------------------------------------------------ init

def test_init_from_does_not_follow_planted_links_or_copy_outside_files(tmp_path):
    secret = secret_outside(tmp_path)
    canary = tmp_path / "canary"
    canary.write_text("untouched")
    src = dataset(tmp_path / "src")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".lkj.xlsx.tmp").symlink_to(canary)         # the name main used to write through
    before = tree_hash(src)
    p = run("init", "--xlsx", "--from", src, out)
    assert_promises(p, 0)
    assert canary.read_text() == "untouched" and (out / "lkj.xlsx").is_file()
    assert tree_hash(src) == before
    assert sorted(x.name for x in out.iterdir()) == [".lkj.xlsx.tmp", "lkj.xlsx"]

    # the report text goes along, through a fresh temporary name too
    (src / "laporan.md").write_text("# Laporan Kinerja 2024\n", encoding="utf-8")
    out3 = tmp_path / "out3"
    out3.mkdir()
    (out3 / ".laporan.md.tmp").symlink_to(canary)
    p = run("init", "--xlsx", "--from", src, out3)
    assert_promises(p, 0)
    assert canary.read_text() == "untouched"
    assert (out3 / "laporan.md").read_text(encoding="utf-8") == "# Laporan Kinerja 2024\n"

    leak = dataset(tmp_path / "leak", LAP + "pegawai:\n  berkas: p.csv\n")
    (leak / "p.csv").symlink_to(secret)
    p = run("init", "--xlsx", "--from", leak, tmp_path / "out2")
    assert_promises(p, 2, "berkas 'p.csv' menunjuk ke luar folder dataset", secrets=(SECRET,))
    assert not (tmp_path / "out2" / "lkj.xlsx").exists()


def test_init_from_odd_sheet_names_and_control_characters(tmp_path):
    odd = dataset(tmp_path / "odd", LAP + "'tabel/aneh:*?[]': [{a: 1}]\n'laporan_copy': [{a: 2}]\n")
    p = run("init", "--xlsx", "--from", odd, tmp_path / "o1")
    assert_promises(p, 0)
    ctl = dataset(tmp_path / "ctl", "laporan:\n  instansi: \"Satker\\x01Uji\"\n  tahun: 2024\n")
    p = run("init", "--xlsx", "--from", ctl, tmp_path / "o2")
    assert_promises(p, 2, "karakter kendali U+0001")


# ------------------------------------------------------------------ outputs

def test_output_targets_that_are_not_regular_files(tmp_path):
    d = dataset(tmp_path / "d")
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, message in ((folder, "is a folder"), (fifo, "is not a regular file")):
        p = run("run", "--no-text", "--lang", "en", "-f", "json", "-o", target, d, bound=10)
        assert_promises(p, 2, message)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # A device node of our own (same numbers as /dev/null): as root, main replaced it with a file.
        node = tmp_path / "null"
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        p = run("run", "--no-text", "--lang", "en", "-f", "json", "-o", node, d)
        assert_promises(p, 2, "is not a regular file")
        assert stat.S_ISCHR(os.lstat(node).st_mode)
    if os.path.exists("/dev/full"):
        p = run("run", "--no-text", "--lang", "en", "-f", "json", "-o", "/dev/full", d)
        assert_promises(p, 2)
    assert [x.name for x in tmp_path.iterdir() if x.name.endswith(".tmp")] == []


def test_output_may_not_replace_the_waivers_or_rules_of_the_same_run(tmp_path):
    d = dataset(tmp_path / "d")
    w = tmp_path / "w.yaml"
    w.write_text("- {rule: DAT, justification: j}\n")
    rdir = tmp_path / "r"
    rdir.mkdir()
    (rdir / "r.yaml").write_text(RULE_HEAD + rule("HOS007", "pagu >= 0"))
    before = tree_hash(tmp_path)
    for target in (w, rdir / "r.yaml"):
        p = run("run", "--no-text", "--lang", "en", "--waivers", w, "--rules", rdir, "-f", "json", "-o", target, d)
        assert_promises(p, 2, "the output file is one of the input files; not overwritten")
    assert tree_hash(tmp_path) == before


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path, monkeypatch):
    import signal

    from lkjcheck.safety.output import Terminated, write_atomic

    def write(fh):
        fh.write(b"half")
        os.kill(os.getpid(), signal.SIGTERM)
        fh.write(b" never")

    target = tmp_path / "r.json"
    target.write_text("old")
    with pytest.raises(Terminated):
        write_atomic(target, write)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL or callable(signal.getsignal(signal.SIGTERM))


# ------------------------------------------------------------------ injection

def test_control_characters_and_newlines_in_data_reach_no_output_raw(tmp_path):
    evil = "Satker\\e]0;pwned\\a\\e[2J\\x00\\x7f\\x9b31m\\u202eUji\\n# Disusupkan\\n\\n## Lagi"
    text = f'laporan:\n  instansi: "{evil}"\n  tahun: 2024\nanggaran:\n' + ROW.replace(
        "uraian: jumlah", 'uraian: "x\\e[31my\\u2066"').replace('pagu: "Rp 1.000.000"', 'pagu: "Rp 1.000.0\\e00"')
    a = dataset(tmp_path / "a", text)
    b = dataset(tmp_path / "b", text)      # two datasets: the Markdown report then has a heading per dataset
    p = run("run", "--lang", "en", "--no-text", a, b, formats=FORMATS)
    assert_promises(p, 1)
    md = p.outputs["markdown"]
    headings = [ln for ln in md.splitlines() if ln.startswith("#")]
    assert not any("Disusupkan" in h and not h.startswith("### ") for h in headings), headings
    assert not any(ln.startswith("## Lagi") or ln.startswith("# Disusupkan") for ln in md.splitlines())
    p = run("run", "--lang", "en", "--no-text", a)        # the text report to the terminal (stdout)
    assert_promises(p, 1)
    assert "\\x1b]0;pwned" in p.out and "\\u202e" in p.out


def test_raw_control_pattern_catches_what_it_should():
    for ch in "\x1b\x07\x00\x7f\x9b\u202e\u2066":
        assert RAW_CONTROLS.search(f"a{ch}b")
    assert not RAW_CONTROLS.search("a\tb\nc\r\n é ١")
