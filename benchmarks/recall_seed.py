"""How much of the hand-made fixture's findings a bare report yields.

Runs `lkjcheck run fixtures/kpu-muaro-jambi-2024` (the seed report transcribed
by hand) and `lkjcheck run ../shared/seed/lkj-kpu-muaro-jambi-2024.md --tahun
2024` (the report alone, read by lkjcheck.extract), and compares their
(rule, row) findings:

- recall: the share of the fixture's (rule, row) pairs the bare report raises;
- false positives: table and claim findings of the bare report that the
  fixture does not raise, i.e. findings on figures the fixture shows right.

Rows are compared as a reviewer would: a table row by its code (PK-07,
IKU-3) or name, a claim by the report line it stands on and the figure it
quotes (the fixture numbers its claims K01.., extraction by line), and the
report's single identity row as "laporan". Text-rule findings have no row and
are compared by the words they quote.

    python benchmarks/recall_seed.py [--json]
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"
FIXTURE = ROOT / "fixtures" / "kpu-muaro-jambi-2024"
_CODE = re.compile(r"^([A-Z]{1,4}-\d+)\b")
_CLAIM = re.compile(r"^K(\d+)-\d+$")


def findings(args: list[str]) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "f.json"
        subprocess.run([sys.executable, "-m", "lkjcheck", "run", *args, "-f", "json", "-o", str(out)],
                       check=False, cwd=ROOT, capture_output=True)
        return json.loads(out.read_text(encoding="utf-8"))["findings"]


def fixture_claim_lines() -> dict[str, int]:
    from lkjcheck.read.yamlsafe import load_yaml
    data = load_yaml(str(FIXTURE / "lkj.yaml"))
    return {r["kode"].text: int(r["baris"].text) for r in data["klaim"] if "baris" in r}


def _figure(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def key(f: dict, claim_lines: dict[str, int] | None) -> tuple:
    rule, row, table = f["rule"], f.get("row"), f.get("table")
    if table == "laporan":
        return rule, "laporan"
    if table == "klaim" and row:
        m = _CLAIM.match(row)
        line = int(m.group(1)) if m else (claim_lines or {}).get(row)
        return rule, f"baris {line}", _figure(f.get("actual"))
    if not row:
        return rule, "teks", _figure(f.get("actual")) or (f.get("message") or "")[:40]
    m = _CODE.match(row)
    return rule, m.group(1) if m else " ".join(row.upper().split())


def measure() -> dict:
    want = findings([str(FIXTURE.relative_to(ROOT))])
    got = findings([str(SEED), "--tahun", "2024"])
    lines = fixture_claim_lines()
    wk = {key(f, lines): f for f in want}
    gk = {key(f, None): f for f in got}
    hit = sorted(set(wk) & set(gk), key=str)
    missed = sorted(set(wk) - set(gk), key=str)
    extra = sorted(set(gk) - set(wk), key=str)
    fp = [k for k in extra if not k[0].startswith(("DAT", "TXT"))]
    return {"fixture_pairs": len(wk), "found": len(hit), "recall": round(len(hit) / len(wk), 4),
            "missed": [" ".join(map(str, k)) for k in missed],
            "false_positives": [" ".join(map(str, k)) + f"  @ {gk[k]['location']}" for k in fp],
            "other_extra": [" ".join(map(str, k)) for k in extra if k not in fp]}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    r = measure()
    if "--json" in sys.argv:
        print(json.dumps(r, indent=1, ensure_ascii=False))
    else:
        print(f"recall: {r['found']}/{r['fixture_pairs']} = {r['recall']:.1%}")
        print(f"false positives (findings on figures the fixture shows right): {len(r['false_positives'])}")
        for k in r["false_positives"]:
            print("  FP", k)
        for k in r["missed"]:
            print("  missed", k)
        print(f"other findings of the bare report (unreadable cells, text rules): {len(r['other_extra'])}")
