"""Great Expectations (GX 1.x) as a second engine: export rules as expectations, validate through GX.

Only imported by `lkjcheck gx ...` and `lkjcheck run --engine gx`: importing
GX costs seconds and hundreds of megabytes, which a pre-commit hook must not pay.

The translation is honest rather than convenient: GX judges every exported
row, and lkjcheck's engine only formats the messages of the rows GX rejected.
GX has no interval arithmetic, so a row rule `L == R` becomes a derived column
holding the row's *excess* |L − R| − tolerance, where the tolerance is computed
from the written precision of the inputs exactly as the native engine does
(radius columns `<col>__rad`), and GX checks that excess with a between-
expectation. The derived columns are defined in a small, documented dialect
(`evaluate`) that anyone can compute with numpy/pandas; the suite's meta carries
the definitions. Rules that need other tables, aggregates or dates do not
translate and are reported with the reason (docs/gx.md).
"""
from lkjcheck.gx.dialect import FUNCTIONS, evaluate
from lkjcheck.gx.plan import GX_SEVERITY, Plan, Skipped, plan_pack, plan_rule
from lkjcheck.gx.suite import dumps, export_document, frame_for, run_rules_gx, suite_dicts, validate
from lkjcheck.gx.translate import DS, PREFIX, RAD, ROW, NotExpressible

__all__ = ["DS", "FUNCTIONS", "GX_SEVERITY", "PREFIX", "RAD", "ROW", "NotExpressible", "Plan", "Skipped", "dumps",
           "evaluate", "export_document", "frame_for", "plan_pack", "plan_rule", "run_rules_gx", "suite_dicts",
           "validate"]
