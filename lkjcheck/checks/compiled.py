"""A table rule as the table checks run it (made by checks.rules from a rule file's entry)."""
from __future__ import annotations

from dataclasses import dataclass, field

from lkjcheck.findings import RuleMeta


@dataclass
class CompiledRule:
    meta: RuleMeta
    table: str
    where: object            # lang.Node (imported lazily: the catalogue commands read no expression)
    check: object
    where_src: str = ""
    key: tuple = ()
    blame: str | None = None       # the field a finding points at
    message: dict = field(default_factory=dict)
    tolerance: object = "auto"
    line: int = 0
    file: str = ""
    row_name: str | None = None    # the model's column that names a row before the key
