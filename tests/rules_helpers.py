"""Tiny datasets for rule tests: write lkj.yaml from a dict and run chosen rules on it."""
from __future__ import annotations

import functools
from pathlib import Path

from lkjcheck.checks.cases import BASE_REPORT, run_folder, write_fragment

__all__ = ["BASE_REPORT", "pack", "run_rule", "write_dataset"]


@functools.lru_cache(maxsize=1)
def pack():
    from lkjcheck.run.options import Options, load_rulepack
    return load_rulepack(Options())


def write_dataset(folder: Path, tables: dict, csv: dict | None = None) -> Path:
    write_fragment(folder, tables)
    for name, text in (csv or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run_rule(folder: Path, rule_ids, params: dict | None = None, lang: str = "id"):
    if isinstance(rule_ids, str):
        rule_ids = [rule_ids]
    try:
        return run_folder(pack(), folder, list(rule_ids), params, lang)
    except KeyError as e:
        raise AssertionError(str(e)) from None
