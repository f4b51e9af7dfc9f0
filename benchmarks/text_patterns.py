"""Which text rules and patterns cost what on one report text: CPU seconds in `_Ctx.finditer` per pattern.

    python benchmarks/text_patterns.py [TEXT] [--tahun 2024] [--top 15]
"""
from __future__ import annotations

import argparse
import collections
import os
import tempfile
import os
import tempfile
import time

from lkjcheck.checks.text import check


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("text", nargs="?", default="../shared/seed/lkj-kpu-muaro-jambi-2024.md")
    ap.add_argument("--tahun", type=int, default=2024)
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args()
    cost: dict = collections.Counter()
    calls: dict = collections.Counter()
    plain = check._Ctx.finditer

    def timed(self, pattern, text=None):
        # the generator's own time only, not what the caller does between matches
        it = plain(self, pattern, text)
        key = (self.rule.id, pattern.source[:90])
        calls[key] += 1
        while True:
            t = time.process_time()
            try:
                m = next(it)
            except StopIteration:
                cost[key] += time.process_time() - t
                return
            cost[key] += time.process_time() - t
            yield m

    check._Ctx.finditer = timed
    from lkjcheck.cli import main as cli
    with tempfile.TemporaryDirectory() as tmp:
        try:
            cli(["text", a.text, "--tahun", str(a.tahun), "-f", "json", "-o", os.path.join(tmp, "out.json")])
        except SystemExit:
            pass
    total = sum(cost.values())
    per_rule: dict = collections.Counter()
    for (rid, _), s in cost.items():
        per_rule[rid] += s
    print("per rule: " + ", ".join(f"{r} {s * 1000:.1f}" for r, s in per_rule.most_common(a.top)))
    print(f"finditer total {total * 1000:.1f} ms")
    for (rid, src), s in cost.most_common(a.top):
        print(f"{s * 1000:7.1f} ms {calls[rid, src]:5d} calls  {rid}  {src}")


if __name__ == "__main__":
    main()
