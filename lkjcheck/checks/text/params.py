"""The parameters of text rules: patterns, contexts, grammars and the other typed values a check kind declares.

A check kind (``kinds/``) declares each parameter as ``name: (type, default)``;
this module turns what a rule file gives into the typed, compiled value, so a
typo in a rule file is a load-time error, not a silent no-op at run time.

Rule files come from anyone's repository, so every regex is compiled with the
``regex`` package, length-capped, and matched with a timeout: a hostile or
careless pattern produces a clear error, never a hung run.
"""
from __future__ import annotations

from dataclasses import field
from typing import Any

import regex

from lkjcheck.errors import InputError, Keyed
from lkjcheck.i18n import Foreign, Said
from lkjcheck.read.dates import MONTHS
from lkjcheck.safety import regexcache
from lkjcheck.record import record

MAX_PATTERN_CHARS = 2000
MATCH_TIMEOUT = 0.5          # seconds per regex call
RULE_TIME_BUDGET = 5.0       # seconds per rule and document, all calls together

FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.V0
# Contexts are matched against a short window: ^ and $ mean its ends.
CONTEXT_FLAGS = regex.IGNORECASE | regex.V0


class TextRuleError(InputError):
    """A text rule that cannot be used; names the rule file, line and rule id (a key of messages/text.yaml)."""


@record(frozen=True)
class Context:
    before: Any = None       # compiled regex searched in the text just before the key figure
    after: Any = None        # ... and just after it
    source: str = ""         # the pattern text, for explain/debugging

    def allows(self, text: str, start: int, end: int, window: int) -> bool:
        if self.before is not None:
            if not self.before.search(text[max(0, start - window):start], timeout=MATCH_TIMEOUT):
                return False
        if self.after is not None:
            if not self.after.search(text[end:end + window], timeout=MATCH_TIMEOUT):
                return False
        return True


@record(frozen=True)
class Pattern:
    regex: Any
    source: str
    options: dict = field(default_factory=dict)   # per-pattern extras, e.g. the fact it is held against


# A parameter's default of REQUIRED means the rule must give it.
REQUIRED = object()

DATE_LINE = {
    "headings": ("regex_list", REQUIRED),
    "date_line": ("regex", REQUIRED),
    "stop": ("regex", None),
    "max_lines": ("int", 60),
}

MAX_EXPANDED_CHARS = 20_000     # a pattern after its grammar tokens are filled in

MAX_NOMINAL_STEPS = 80
_MONTH_ALT = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
PLACEHOLDERS = {
    "{{bulan}}": _MONTH_ALT,
    "{{tahun}}": r"(?:19|20)\d\d",
    "{{persen}}": r"\d{1,3}(?:[.,]\d{1,4})?",
    # One character of the same sentence: a line break inside a paragraph and the
    # dot of an abbreviation ("No.", "M.PANRB") do not end it.
    "{{kalimat}}": r"(?:[^.\n]|\.(?=\S)|\n(?![ \t]*\n))",
    # A rupiah figure's digits and separators, stray spaces around a separator
    # included so that "28. 146,626.000" is read whole (and then refused). At
    # most MAX_NOMINAL_STEPS pieces: unbounded, a search inside a long run of
    # "1. 1. 1." went over the rest of the run again from every digit of it
    # (23 s for 12 KB); bounded, each start takes at most that many steps, so
    # the search is linear in the text. The longest figure in the real reports
    # (../shared) is 39 characters.
    "{{nominal}}": r"\d(?:[.,][ \t]+(?=\d)|[\d.,]|[ \t]+(?=[.,]\d)){0,%d}" % MAX_NOMINAL_STEPS,
}


class ParamError(Keyed, Exception):
    """A parameter a rule gives that cannot be used: a catalogue key (lkjcheck/messages/text.yaml) and its
    values; the rule compiler names the rule file and rule around it."""

    def __init__(self, key: str, /, **values):
        self.key, self.values = key, values
        super().__init__(self.msg_en)

    def said(self) -> Said:
        return Said(self.key, **self.values)


_TOKEN = regexcache.compile(r"\{\{([a-z_]+)(?::([a-z_]+))?\}\}")


def expand_grammar(src: str, grammar: dict) -> str:
    """Fill in ``{{token}}`` and ``{{token:role}}`` (the token captured as the named group ``role``)."""
    def fill(m):
        name, group = m.group(1), m.group(2)
        if name in grammar:
            body = grammar[name]
        elif "{{" + name + "}}" in PLACEHOLDERS:
            body = PLACEHOLDERS["{{" + name + "}}"]
        else:
            raise ParamError("textrule.unknown_token", token="{{" + name + "}}")
        return f"(?P<{group}>{body})" if group else f"(?:{body})"
    return _TOKEN.sub(fill, src)


def compile_pattern(src: Any, flags: int = FLAGS, grammar: dict | None = None) -> Pattern:
    if not isinstance(src, str) or not src.strip():
        raise ParamError("textrule.pattern_empty")
    if len(src) > MAX_PATTERN_CHARS:
        raise ParamError("textrule.pattern_too_long", limit=MAX_PATTERN_CHARS)
    expanded = src
    if grammar:
        expanded = expand_grammar(src, grammar)
        if len(expanded) > MAX_EXPANDED_CHARS:
            raise ParamError("textrule.pattern_too_long_filled", limit=MAX_EXPANDED_CHARS)
    for k, v in PLACEHOLDERS.items():
        expanded = expanded.replace(k, v)
    from lkjcheck.safety.regex import PatternTooBig, compile_bounded
    try:
        rx = compile_bounded(expanded, flags)
    except PatternTooBig as e:
        raise ParamError("textrule.regex_too_big", source=repr(src), problem=Said(e.key, **e.values))
    except (regex.error, OverflowError, ValueError, RecursionError) as e:
        raise ParamError("textrule.regex_invalid", source=repr(src), error=Foreign(e))
    return Pattern(rx, src)


def convert(name: str, typ: str, value: Any, grammar: dict | None = None):
    if typ == "regex":
        return compile_pattern(value, grammar=grammar)
    if typ == "grammar":
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and regex.fullmatch(r"[a-z_]+", k) and isinstance(v, str) and v
                for k, v in value.items()):
            raise ParamError("textrule.grammar_not_mapping", name=name)
        out: dict = {}
        for k, v in value.items():     # a token may use the tokens defined before it
            if len(v) > MAX_PATTERN_CHARS:
                raise ParamError("textrule.token_too_long", token=k, limit=MAX_PATTERN_CHARS)
            out[k] = expand_grammar(v, out)
            if len(out[k]) > MAX_EXPANDED_CHARS:
                raise ParamError("textrule.token_too_long_filled", token=k)
        return out
    if typ == "roles":
        if not isinstance(value, dict) or not value:
            raise ParamError("textrule.roles_not_mapping", name=name)
        roles = {}
        for role, pats in value.items():
            pats = [pats] if isinstance(pats, str) else pats
            if not isinstance(pats, list) or not pats:
                raise ParamError("textrule.role_not_list", role=role)
            roles[role] = []
            for src in pats:
                p = compile_pattern(src, grammar=grammar)
                if role not in p.regex.groupindex:
                    raise ParamError("textrule.role_group_missing", role=role, source=repr(src))
                roles[role].append(p)
        return roles
    if typ == "ordinals":
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, int) and not isinstance(
                v, bool) and v > 0 for k, v in value.items()):
            raise ParamError("textrule.ordinals_not_mapping", name=name)
        return {k.lower(): v for k, v in value.items()}
    if typ == "kinds":
        if not isinstance(value, dict) or not value:
            raise ParamError("textrule.kinds_not_mapping", name=name)
        return {k: compile_pattern(v, CONTEXT_FLAGS, grammar).regex for k, v in value.items()}
    if typ == "regulations":
        return _regulations(name, value)
    if typ == "regex_list":
        if isinstance(value, (str, dict)):
            value = [value]
        if not isinstance(value, list) or not value:
            raise ParamError("textrule.not_pattern_list", name=name)
        out = []
        for item in value:
            if isinstance(item, dict):
                if "pattern" not in item:
                    raise ParamError("textrule.item_needs_pattern", name=name)
                p = compile_pattern(item["pattern"], grammar=grammar)
                out.append(Pattern(p.regex, p.source, {k: v for k, v in item.items() if k != "pattern"}))
            else:
                out.append(compile_pattern(item, grammar=grammar))
        return out
    if typ == "contexts":
        if not isinstance(value, list):
            raise ParamError("textrule.not_context_list", name=name)
        out = []
        for item in value:
            if isinstance(item, str):
                item = {"before": item}
            if not isinstance(item, dict) or not set(item) <= {"before", "after", "name"} or not (
                    "before" in item or "after" in item):
                raise ParamError("textrule.context_not_mapping", name=name)
            before = compile_pattern(item["before"], CONTEXT_FLAGS).regex if item.get("before") else None
            after = compile_pattern(item["after"], CONTEXT_FLAGS).regex if item.get("after") else None
            out.append(Context(before, after, str(item.get("name") or item.get("before") or item.get("after"))))
        return out
    if typ == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ParamError("textrule.not_count", name=name)
        return value
    if typ == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ParamError("textrule.not_positive", name=name)
        return value
    if typ == "bool":
        if not isinstance(value, bool):
            raise ParamError("textrule.not_bool", name=name)
        return value
    if typ == "str":
        if not isinstance(value, str):
            raise ParamError("textrule.not_text", name=name)
        return value
    if typ == "str_list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ParamError("textrule.not_text_list", name=name)
        return value
    if typ.startswith("choice:"):
        choices = typ[7:].split(",")
        if value not in choices:
            raise ParamError("textrule.not_choice", name=name, choices=", ".join(choices))
        return value
    if typ == "date_line":
        if not isinstance(value, dict):
            raise ParamError("textrule.not_mapping", name=name)
        unknown = set(value) - set(DATE_LINE)
        if unknown:
            raise ParamError("textrule.unknown_keys_in", name=name, keys=", ".join(sorted(unknown)))
        out = {}
        for k, (t, d) in DATE_LINE.items():
            if k not in value or value[k] is None:
                if d is REQUIRED:
                    raise ParamError("textrule.required", name=f"{name}.{k}")
                out[k] = d
            else:
                out[k] = convert(f"{name}.{k}", t, value[k])
        return out
    if typ == "fact_list":
        if not isinstance(value, list):
            raise ParamError("textrule.not_list", name=name)
        out = []
        for item in value:
            if isinstance(item, str):
                item = {"key": item}
            if not isinstance(item, dict) or not isinstance(item.get("key"), str) or not set(item) <= {
                    "key", "when", "unless"}:
                raise ParamError("textrule.fact_item", name=name)
            out.append({
                "key": item["key"],
                "when": compile_pattern(item["when"], CONTEXT_FLAGS).regex if item.get("when") else None,
                "unless": compile_pattern(item["unless"], CONTEXT_FLAGS).regex if item.get("unless") else None,
            })
        return out
    raise AssertionError(typ)  # pragma: no cover


def _regulations(name: str, value: Any) -> list[dict]:
    """The reviewed table of regulations: kind, number, year, title (and a subject to recognise it by)."""
    if not isinstance(value, list) or not value:
        raise ParamError("textrule.not_regulation_list", name=name)
    out = []
    for item in value:
        ok = isinstance(item, dict) and isinstance(item.get("jenis"), str) and isinstance(item.get("judul"), str)
        ok = ok and all(isinstance(item.get(k), int) and not isinstance(item.get(k), bool) for k in ("nomor", "tahun"))
        if not ok or not set(item) <= {"jenis", "nomor", "tahun", "judul", "subjek", "sumber"}:
            raise ParamError("textrule.regulation_item", name=name)
        subject = compile_pattern(item["subjek"], CONTEXT_FLAGS).regex if item.get("subjek") else None
        out.append({**item, "subjek": subject})
    return out

