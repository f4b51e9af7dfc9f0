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
from dataclasses import dataclass, field
from typing import Any

import regex

from lkjcheck.checks.text.kinds import KINDS
from lkjcheck.checks.text.params import (  # noqa: F401  (the names rule authors' tools and tests import from here)
    CONTEXT_FLAGS, FLAGS, MATCH_TIMEOUT, MAX_PATTERN_CHARS, PLACEHOLDERS, REQUIRED, RULE_TIME_BUDGET, Context,
    ParamError, Pattern, TextRuleError, compile_pattern, convert, expand_grammar)
from lkjcheck.findings import SEVERITIES, RuleMeta
from lkjcheck.read.yamlsafe import Mapping, Scalar, load_yaml, plain

_Bad = ParamError

# For every check kind: parameter → (type, default), as its module declares them.
CHECKS: dict[str, dict[str, tuple[str, Any]]] = {name: kind.PARAMS for name, kind in KINDS.items()}

@dataclass(frozen=True)
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
            raise _Bad("aturan harus berupa pemetaan YAML", "a rule must be a YAML mapping")
        check = raw.get("check")
        if not isinstance(check, str) or check not in CHECKS:
            known = ", ".join(sorted(CHECKS))
            raise _Bad(f"jenis pemeriksaan tidak dikenal: {check!r} (yang ada: {known})",
                       f"unknown check kind: {check!r} (known: {known})")
        given = raw.get("params", None)
        if given is None:
            given = {k: v for k, v in raw.items() if k not in COMMON_KEYS}
        elif not isinstance(given, dict):
            raise _Bad("'params' harus berupa pemetaan", "'params' must be a mapping")
        else:
            extra = {k for k in raw if k not in COMMON_KEYS}
            if extra:
                raise _Bad(f"kunci tidak dikenal: {', '.join(sorted(extra))}",
                           f"unknown keys: {', '.join(sorted(extra))}")
        params = _compile_params(check, given)
        message = raw.get("message") or {}
        if not isinstance(message, dict) or not all(isinstance(v, str) for v in message.values()):
            raise _Bad("'message' harus berupa pemetaan {id, en} berisi teks",
                       "'message' must be a mapping {id, en} of text")
    except _Bad as e:
        raise TextRuleError(file, line, f"aturan {meta.id}: {e.id_msg}", f"rule {meta.id}: {e.en_msg}")
    return TextRule(meta, check, params, dict(message))


def _compile_params(check: str, given: dict) -> dict:
    kind = KINDS[check]
    spec = kind.PARAMS
    unknown = set(given) - set(spec)
    if unknown:
        allowed = ", ".join(sorted(spec))
        raise _Bad(f"parameter tidak dikenal untuk {check}: {', '.join(sorted(unknown))} (yang boleh: {allowed})",
                   f"unknown parameter for {check}: {', '.join(sorted(unknown))} (allowed: {allowed})")
    out = {}
    grammar: dict = {}
    for name, (typ, default) in spec.items():
        if name not in given or given[name] is None:
            if default is REQUIRED:
                raise _Bad(f"parameter '{name}' wajib untuk {check}", f"parameter '{name}' is required for {check}")
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
                raise _Bad(
                    f"pola {p.source!r} harus memuat grup bernama: {', '.join(sorted(missing))}",
                    f"pattern {p.source!r} must have the named groups: {', '.join(sorted(missing))}",
                )
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
        raise TextRuleError(display, None, "berkas aturan harus berupa pemetaan YAML",
                            "a rule file must be a YAML mapping")
    kind = plain(doc.get("kind")) if "kind" in doc else "table"
    if kind != "text":
        raise TextRuleError(display, doc.key_lines.get("kind", doc.line),
                            f"bukan berkas aturan teks (kind: {kind})", f"not a text rule file (kind: {kind})")
    fam = plain(doc.get("family"))
    family = fam.get("id") if isinstance(fam, dict) else fam
    if not isinstance(family, str) or not family:
        raise TextRuleError(display, doc.key_lines.get("family", doc.line), "'family.id' wajib diisi",
                            "'family.id' is required")
    rules_node = doc.get("rules")
    if not isinstance(rules_node, list):
        raise TextRuleError(display, doc.key_lines.get("rules", doc.line), "'rules' harus berupa daftar",
                            "'rules' must be a list")
    out: list[TextRule] = []
    seen: dict[str, int] = {}
    for node in rules_node:
        line = getattr(node, "line", None)
        if not isinstance(node, Mapping):
            raise TextRuleError(display, line, "setiap aturan harus berupa pemetaan", "every rule must be a mapping")
        raw = plain(node)
        meta = _meta(raw, family, display, line)
        if meta.id in seen:
            raise TextRuleError(display, line, f"id aturan ganda {meta.id} (sudah di baris {seen[meta.id]})",
                                f"duplicate rule id {meta.id} (already on line {seen[meta.id]})")
        seen[meta.id] = line
        out.append(compile_text_rule(raw, meta))
    return out


def _meta(raw: dict, family: str, display: str, line: int | None) -> RuleMeta:
    rid = raw.get("id")

    def bad(mid, men):
        raise TextRuleError(display, line, f"aturan {rid or '?'}: {mid}", f"rule {rid or '?'}: {men}")

    if not isinstance(rid, str) or not regex.fullmatch(r"TXT\d{3,4}", rid):
        bad("'id' harus berbentuk TXTnnn", "'id' must look like TXTnnn")
    title = _text(raw.get("title"), True)
    if not title or "id" not in title:
        bad("'title' wajib berisi {id, en}", "'title' must give {id, en}")
    sev = raw.get("severity")
    if sev not in SEVERITIES:
        bad(f"'severity' harus salah satu dari {', '.join(SEVERITIES)}",
            f"'severity' must be one of {', '.join(SEVERITIES)}")
    ref = raw.get("reference")
    if not isinstance(ref, str) or not ref.strip():
        bad("'reference' (dasar peraturan) wajib diisi", "'reference' (the regulation) is required")
    rationale = _text(raw.get("rationale"), True)
    if not rationale:
        bad("'rationale' wajib berisi {id, en}", "'rationale' must give {id, en}")
    # without `example:` the rule's first case (cases/ beside the rule files) is its example
    ex = raw.get("example", {"bad": "", "good": ""})
    if not isinstance(ex, dict) or not isinstance(ex.get("bad"), str) or not isinstance(ex.get("good"), str):
        bad("'example' harus berisi {bad, good}", "'example' must give {bad, good}")
    enabled = raw.get("enabled", True)
    return RuleMeta(
        id=rid, family=family, severity=sev, title=title, reference=ref, rationale=rationale,
        example_bad=ex["bad"], example_good=ex["good"], kind="text",
        source=f"{display}:{line}" if line else display, enabled=bool(enabled),
    )
