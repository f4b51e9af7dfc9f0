"""Worst case per hostile input class: wall time and peak memory of one lkjcheck run.

    python benchmarks/hostile_worst.py                 # this tree
    python benchmarks/hostile_worst.py --src /work/main --bound 30   # another tree, for a before/after table

Each class is the reproduction of issue 16 (inputs of a few kilobytes), built
with the helpers of tests/test_hostile_round2.py; a run that outlives --bound
is killed and shown as such. The figures in docs/security.md come from here.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import hostile_probe  # noqa: E402
from test_hostile_round2 import (LAP, META, ROW, RULE_HEAD, cells, dataset, rule,  # noqa: E402
                                 xlsx_bytes)


def cases(tmp: Path):
    """(name, args, cwd) per class; inputs made under `tmp`."""
    r = tmp / "rx"
    r.mkdir()
    (r / "r.yaml").write_text(RULE_HEAD + rule("HOS001", "not matches(uraian, '(?:a{3000}){3000}')"))
    d = dataset(tmp / "d")
    yield "regex compile bomb (expression)", ["run", "--no-text", "--rules", r, d]

    s = tmp / "sites"
    s.mkdir()
    (s / "r.yaml").write_text(RULE_HEAD + rule("HOS003", " and ".join(["not matches(uraian, '(a|aa)+$')"] * 45)))
    bt = dataset(tmp / "bt", LAP + "anggaran:\n" + ROW.replace("uraian: jumlah", "uraian: \"" + "a" * 60 + "!\""))
    yield "45 regex call sites, backtracking", ["run", "--no-text", "--rules", s, bt]

    sp = dataset(tmp / "sp", LAP + "anggaran:\n" + ROW.replace('pagu: "Rp 1.000.000"', 'pagu: "1' + " " * 3000 + 'x"'))
    yield "number: '1' + 3000 spaces + 'x'", ["run", "--no-text", sp]

    a = tmp / "dim"
    a.mkdir()
    (a / "lkj.xlsx").write_bytes(xlsx_bytes({"laporan": META, "anggaran": cells(1, "sumber", "pagu")
                                             + cells(1048576, "total", "1")}, dimension="A1:XFD1048576"))
    yield "XLSX dimension bomb (1.6 KB)", ["run", "--no-text", a]

    rb = tmp / "rows"
    rb.mkdir()
    (rb / "lkj.xlsx").write_bytes(xlsx_bytes({"laporan": META, "anggaran": cells(1, "pagu", "realisasi")
                                              + "<row><c><v>1</v></c><c><v>2</v></c></row>" * 300_000}))
    yield "XLSX 300k rows (25 KB zipped)", ["run", "--no-text", rb]

    ok = tmp / "rows_ok"
    ok.mkdir()
    (ok / "lkj.xlsx").write_bytes(xlsx_bytes({"laporan": META, "anggaran": cells(1, "pagu", "realisasi")
                                              + "<row><c><v>1</v></c><c><v>2</v></c></row>" * 12_000}))
    yield "XLSX 12k rows (just under the sheet-XML limit)", ["run", "--no-text", ok]

    header = "sumber,uraian,pagu," + ",".join(f"u{i}" for i in range(1000))
    body = "".join(f"s{i},x,1," + ",".join("1" for _ in range(1000)) + "\n" for i in range(400))
    uc = dataset(tmp / "uc", LAP + "anggaran:\n  berkas: a.csv\n", a__csv=header + "\n" + body)
    yield "CSV 1000 unknown columns x 400 rows", ["run", "--no-text", "-f", "json", uc]

    text = LAP + f"catatan: &c {'x' * 2_000_000}\nanggaran:\n" + "".join(
        f"  - {{sumber: s{i}, uraian: *c}}\n" for i in range(300))
    yield "2 MB scalar aliased 300x", ["run", "--no-text", dataset(tmp / "al", text)]

    dx = dataset(tmp / "dx")
    with zipfile.ZipFile(dx / "laporan.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * 40_000_000 + "</w:document>")
    yield "DOCX unpacking to 40 MB", ["run", dx]

    t = tmp / "tpl"
    t.mkdir()
    (t / "r.yaml").write_text(RULE_HEAD + rule("HOS006", "pagu < 0", message=json.dumps({"id": "{uraian}" * 30000})))
    rows = "".join(ROW.replace("uraian: jumlah", f"uraian: {'u' * 2000}").replace("sumber: total", f"sumber: s{i}")
                   for i in range(50))
    yield "message template {uraian} x 30000", ["run", "--no-text", "-f", "json", "--rules", t,
                                                dataset(tmp / "tp", LAP + "anggaran:\n" + rows)]

    w = tmp / "w.yaml"
    w.write_text("".join(f"- {{rule: DAT0, row: r{i}, justification: j}}\n" for i in range(2000)))
    rows = "".join(ROW.replace("sumber: total", f"sumber: s{i}").replace('pagu: "Rp 1.000.000"', "pagu: banyak")
                   for i in range(300))
    yield "2000 waivers x 300 findings", ["run", "--no-text", "--waivers", w, dataset(tmp / "wv", LAP + "anggaran:\n" + rows)]

    f = tmp / "fifo"
    f.mkdir()
    (f / "lkj.xlsx").write_bytes(xlsx_bytes({"laporan": META + cells(4, "laporan_teks", "teks.md")}))
    os.mkfifo(f / "teks.md")
    yield "workbook laporan_teks = FIFO", ["run", f]

    z = tmp / "zero"
    z.mkdir()
    (z / "lkj.xlsx").write_bytes(xlsx_bytes({"laporan": META + cells(4, "laporan_teks", "teks.md")}))
    (z / "teks.md").symlink_to("/dev/zero")
    yield "workbook laporan_teks -> /dev/zero", ["run", z]

    deep = tmp / "deep"
    path = deep
    path.mkdir()
    for _ in range(1100):
        path = path / "a"
        os.mkdir(path)
    dataset(path)
    yield "folder tree 1,100 deep", ["run", "--no-text", deep]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", help="source tree to measure (default: this one)")
    ap.add_argument("--bound", type=float, default=30.0)
    args = ap.parse_args()
    if args.src:
        os.environ["LKJCHECK_SRC"] = args.src
    tmp = Path(tempfile.mkdtemp(prefix="lkjworst-"))
    print(f"{'class':48} {'exit':>4} {'seconds':>8} {'peak MB':>8}  answer")
    for name, argv in cases(tmp):
        try:
            p = hostile_probe.run(*argv, "--lang", "en", bound=args.bound)
            first = (p.err.strip().splitlines() or [""])[0][:90]
            print(f"{name:48} {p.code:>4} {p.seconds:8.2f} {p.peak_mb:8.0f}  {first}", flush=True)
        except AssertionError:
            print(f"{name:48} {'kill':>4} {'>' + str(int(args.bound)):>8} {'?':>8}  killed at the bound", flush=True)


if __name__ == "__main__":
    main()
