"""The figures a pack's text rules hold the prose against, read from a loaded dataset.

Which tables and columns they come from is the pack's (`facts:` in model.yaml);
this module only knows the three ways a fact is taken from a table.
"""
from __future__ import annotations

from lkjcheck.model.definition import FactSpec, Model


def text_facts(ds, model: Model) -> dict:
    facts: dict = {}
    for spec in model.facts:
        table = ds.tables.get(spec.table)
        if table is None or not len(table):
            continue
        if spec.kind == "per_row":
            _per_row(facts, table, spec)
        elif spec.kind == "rows":
            # (value, radius) per figure, so the prose is compared within both written precisions
            facts[spec.name] = [
                {**{c: table.columns[c].values[i] for c in spec.columns},
                 **{c: (table.columns[c].values[i], table.columns[c].rad[i]) for c in spec.figures}}
                for i in range(len(table))]
        else:
            for col in spec.columns:
                raw = table.columns[col].raw[0]
                if raw:
                    facts[col] = raw
    return facts


def _per_row(facts: dict, table, spec: FactSpec) -> None:
    keys = list(table.columns[spec.per].values)
    for i, key in enumerate(keys):
        for col in spec.columns:
            v = table.columns[col].values[i]
            if v is not None and key:
                facts[f"{col}_{key}"] = v
    # Without a total row the total is the sum of the rows (one row: that row), so a
    # satker with one budget still has its sentences checked.
    if not spec.total or spec.total in keys or not keys or not all(keys):
        return
    for col in spec.sum:
        parts = [facts.get(f"{col}_{key}") for key in keys]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in parts):
            facts[f"{col}_{spec.total}"] = sum(parts)
