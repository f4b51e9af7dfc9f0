"""The rule language: expressions over the model's tables, compiled once and evaluated over whole columns.

`syntax` (what may be written, and its limits) → `types` (checked against
the model into the typed tree of `nodes`, calling the `functions` registry)
→ evaluation with numbers and dates as intervals (`values`, `intervals`,
`aggregate`, `vectorised`). Compiling needs no numpy; the names that do
(Env, Frame, Vec, compare) are imported from here only when first used.
"""
from lkjcheck.lang.functions import FUNCTIONS
from lkjcheck.lang.nodes import ColRef, Compare, Node, set_tolerance
from lkjcheck.lang.syntax import REGEX_BUDGET, ExprError
from lkjcheck.lang.types import Scope, parse_expr

_EVALUATION = {"Env": "values", "Frame": "values", "Vec": "values", "compare": "intervals"}

__all__ = ["FUNCTIONS", "REGEX_BUDGET", "ColRef", "Compare", "Env", "ExprError", "Frame", "Node", "Scope", "Vec",
           "compare", "parse_expr", "set_tolerance"]


def __getattr__(name):
    if name in _EVALUATION:
        import importlib

        return getattr(importlib.import_module(f"lkjcheck.lang.{_EVALUATION[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
