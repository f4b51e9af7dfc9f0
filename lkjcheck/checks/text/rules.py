"""Text rules: declarative checks on the report's prose.

A text rule names one of a small set of generic check kinds (``check``) and
gives that kind its parameters in YAML: regex patterns, allowed contexts,
tolerances. The patterns live in the rule file, not here, so a reviewer can
tighten a rule or add one without touching code. Each kind is one module of
``kinds/`` that declares its parameters; this module reads a rule against that
declaration (``params`` compiles each value).
"""
from __future__ import annotations

import os
from dataclasses import field
from typing import Any

import regex

from lkjcheck.checks.text.kinds import KINDS
from lkjcheck.checks.text.params import (  # noqa: F401  (the names rule authors' tools and tests import from here)
    CONTEXT_FLAGS, FLAGS, MATCH_TIMEOUT, MAX_PATTERN_CHARS, PLACEHOLDERS, REQUIRED, RULE_TIME_BUDGET, Context,
    ParamError, Pattern, TextRuleError, compile_pattern, convert, expand_grammar)
from lkjcheck.findings import SEVERITIES, RuleMeta
from lkjcheck.i18n import Said
from lkjcheck.read.yamlsafe import Mapping, Scalar, load_yaml, plain
from lkjcheck.record import record

_Bad = ParamError

# For every check kind: parameter → (type, default), as its module declares them.
CHECKS: dict[str, dict[str, tuple[str, Any]]] = {name: kind.PARAMS for name, kind in KINDS.items()}

@record(frozen=True)
class TextRule:
    meta: RuleMeta
    check: str
    params: dict
    message: dict = field(default_factory=dict)   # optional {id, en} templates overriding the defaults

    @property
    def id(self) -> str:
        return self.meta.id


COMMON_KEYS = {"id", "title", "severity", "reference", "rationale", "example", "check", "message", "family",
               "enabled", "kind", "params"}


def _source_parts(meta: RuleMeta) -> tuple[str, int | None]:
    src = meta.source or "<aturan>"
    head, sep, tail = src.rpartition(":")
    if sep and tail.isdigit():
        return head, int(tail)
    return src, None


def compile_text_rule(raw: dict, meta: RuleMeta) -> TextRule:
    """Compile one rule of a ``kind: text`` file; ``meta`` carries the common fields.

    ``raw`` is the rule mapping as read from YAML (plain values or the located
    values of ``lkjcheck.read.yamlsafe``). Raises :class:`TextRuleError`.
    """
    file, line = _source_parts(meta)
    raw = plain(raw) if isinstance(raw, (Mapping, Scalar)) else raw
    try:
        if not isinstance(raw, dict):
            raise _Bad("textrule.rule_not_mapping")
        check = raw.get("check")
        if not isinstance(check, str) or check not in CHECKS:
            known = ", ".join(sorted(CHECKS))
            raise _Bad("textrule.unknown_check", check=repr(check), known=known)
        given = raw.get("params", None)
        if given is None:
            given = {k: v for k, v in raw.items() if k not in COMMON_KEYS}
        elif not isinstance(given, dict):
            raise _Bad("textrule.params_not_mapping")
        else:
            extra = {k for k in raw if k not in COMMON_KEYS}
            if extra:
                raise _Bad("textrule.unknown_keys", keys=", ".join(sorted(extra)))
        params = _compile_params(check, given)
        message = raw.get("message") or {}
        if not isinstance(message, dict) or not all(isinstance(v, str) for v in message.values()):
            raise _Bad("textrule.message_not_mapping")
    except _Bad as e:
        raise TextRuleError(file, line, "textrule.rule", rule=meta.id, problem=e.said())
    return TextRule(meta, check, params, dict(message))


def _compile_params(check: str, given: dict) -> dict:
    kind = KINDS[check]
    spec = kind.PARAMS
    unknown = set(given) - set(spec)
    if unknown:
        allowed = ", ".join(sorted(spec))
        raise _Bad("textrule.unknown_param", check=check, unknown=", ".join(sorted(unknown)), allowed=allowed)
    out = {}
    grammar: dict = {}
    for name, (typ, default) in spec.items():
        if name not in given or given[name] is None:
            if default is REQUIRED:
                raise _Bad("textrule.param_required", name=name, check=check)
            out[name] = default
            continue
        out[name] = convert(name, typ, given[name], grammar)
        if typ == "grammar":
            grammar = out[name]
    need = getattr(kind, "GROUPS", None)
    if need:
        for p in out["patterns"]:
            missing = need - set(p.regex.groupindex)
            if missing:
                raise _Bad("textrule.groups_missing", source=repr(p.source), missing=", ".join(sorted(missing)))
    validate = getattr(kind, "validate", None)
    if validate is not None:
        validate(out)
    return out


# ------------------------------------------------------------ whole rule files

def _text(v, lang_map: bool = False):
    if lang_map:
        if isinstance(v, str):
            return {"id": v}
        if isinstance(v, dict) and all(isinstance(x, str) for x in v.values()):
            return dict(v)
        return None
    return v if isinstance(v, str) else None


def load_text_rules(path: str, display: str | None = None) -> list[TextRule]:
    """Read a whole ``kind: text`` rule file (for standalone use and tests)."""
    display = display or os.fspath(path)
    doc = load_yaml(os.fspath(path), display=display)
    if not isinstance(doc, Mapping):
        raise TextRuleError(display, None, "textrule.file_not_mapping")
    kind = plain(doc.get("kind")) if "kind" in doc else "table"
    if kind != "text":
        raise TextRuleError(display, doc.key_lines.get("kind", doc.line), "textrule.not_text_rules", kind=kind)
    fam = plain(doc.get("family"))
    family = fam.get("id") if isinstance(fam, dict) else fam
    if not isinstance(family, str) or not family:
        raise TextRuleError(display, doc.key_lines.get("family", doc.line), "textrule.family_required")
    rules_node = doc.get("rules")
    if not isinstance(rules_node, list):
        raise TextRuleError(display, doc.key_lines.get("rules", doc.line), "textrule.rules_not_list")
    out: list[TextRule] = []
    seen: dict[str, int] = {}
    for node in rules_node:
        line = getattr(node, "line", None)
        if not isinstance(node, Mapping):
            raise TextRuleError(display, line, "textrule.every_rule_mapping")
        raw = plain(node)
        meta = _meta(raw, family, display, line)
        if meta.id in seen:
            raise TextRuleError(display, line, "textrule.duplicate_id", rule=meta.id, first=seen[meta.id])
        seen[meta.id] = line
        out.append(compile_text_rule(raw, meta))
    return out


def _meta(raw: dict, family: str, display: str, line: int | None) -> RuleMeta:
    rid = raw.get("id")

    def bad(key, /, **values):
        raise TextRuleError(display, line, "textrule.rule", rule=rid or "?", problem=Said(key, **values))

    if not isinstance(rid, str) or not regex.fullmatch(r"TXT\d{3,4}", rid):
        bad("textrule.id_form")
    title = _text(raw.get("title"), True)
    if not title or "id" not in title:
        bad("textrule.title_required")
    sev = raw.get("severity")
    if sev not in SEVERITIES:
        bad("textrule.severity_choice", choices=", ".join(SEVERITIES))
    ref = raw.get("reference")
    if not isinstance(ref, str) or not ref.strip():
        bad("textrule.reference_required")
    rationale = _text(raw.get("rationale"), True)
    if not rationale:
        bad("textrule.rationale_required")
    # without `example:` the rule's first case (cases/ beside the rule files) is its example
    ex = raw.get("example", {"bad": "", "good": ""})
    if not isinstance(ex, dict) or not isinstance(ex.get("bad"), str) or not isinstance(ex.get("good"), str):
        bad("textrule.example_required")
    enabled = raw.get("enabled", True)
    return RuleMeta(
        id=rid, family=family, severity=sev, title=title, reference=ref, rationale=rationale,
        example_bad=ex["bad"], example_good=ex["good"], kind="text",
        source=f"{display}:{line}" if line else display, enabled=bool(enabled),
    )
