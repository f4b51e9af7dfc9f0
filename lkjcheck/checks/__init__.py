"""Checks: rule files compiled into table rules and text rules, and their evaluation into findings."""
