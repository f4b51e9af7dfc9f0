"""Compare two findings snapshots (benchmarks/findings_snapshot.sh): per input, the findings lost, new and reworded.

    python benchmarks/findings_compare.py BEFORE_DIR AFTER_DIR

A finding is the same when its dataset, rule, severity, file, line, table, row and
field are; it is reworded when its message, expected or actual text changed.
"""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path


def _key(f: dict) -> tuple:
    loc = f.get("location") or {}
    return (f.get("dataset"), f["rule"], f.get("severity"), loc.get("file"), loc.get("line"),
            f.get("table"), f.get("row"), f.get("field"))


def compare(before: Path, after: Path) -> int:
    changed = 0
    for fa in sorted(before.glob("*.json")):
        fb = after / fa.name
        try:
            a, b = json.loads(fa.read_text(encoding="utf-8")), json.loads(fb.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            print(f"{fa.name}: unreadable ({e})")
            changed += 1
            continue
        ka = collections.Counter(_key(f) for f in a["findings"])
        kb = collections.Counter(_key(f) for f in b["findings"])
        wa = collections.Counter((_key(f), f.get("message"), f.get("expected"), f.get("actual")) for f in a["findings"])
        wb = collections.Counter((_key(f), f.get("message"), f.get("expected"), f.get("actual")) for f in b["findings"])
        lost, new, reworded = ka - kb, kb - ka, sum((wa - wb).values()) - sum((ka - kb).values())
        print(f"{fa.name}: {sum(ka.values())} -> {sum(kb.values())} findings; lost {sum(lost.values())}, "
              f"new {sum(new.values())}, reworded {max(reworded, 0)}")
        for k in list(lost)[:5]:
            print("   lost", k)
        for k in list(new)[:5]:
            print("   new ", k)
        changed += bool(lost or new or reworded > 0)
    return changed


if __name__ == "__main__":
    sys.exit(1 if compare(Path(sys.argv[1]), Path(sys.argv[2])) else 0)
