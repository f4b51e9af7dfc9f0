"""Tiny datasets for rule tests: write lkj.yaml from a dict and run chosen rules on it."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

BASE_LAPORAN = {"instansi": "Satker Uji", "tahun": 2024}


@functools.lru_cache(maxsize=1)
def pack():
    from lkjcheck.run.runner import Options, load_rulepack
    return load_rulepack(Options())


def write_dataset(folder: Path, tables: dict, csv: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"lkjcheck": 1, "model": "sakip"}
    lap = dict(BASE_LAPORAN)
    lap.update(tables.get("laporan", {}))
    data["laporan"] = lap
    for k, v in tables.items():
        if k != "laporan":
            data[k] = v
    (folder / "lkj.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, text in (csv or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run_rule(folder: Path, rule_ids, params: dict | None = None, lang: str = "id"):
    from lkjcheck.checks.table import run_rules
    from lkjcheck.model.dataset import load_dataset

    if isinstance(rule_ids, str):
        rule_ids = [rule_ids]
    p = pack()
    ds = load_dataset(folder, p.model)
    chosen = [r for r in p.rules if r.meta.id in rule_ids]
    assert len(chosen) == len(rule_ids), f"unknown rule among {rule_ids}"
    return list(ds.findings) + run_rules([ds], p, chosen, lang, params)
