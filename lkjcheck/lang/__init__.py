"""The rule language: a whitelisted subset of Python expressions, type-checked against the model and evaluated over whole columns."""
