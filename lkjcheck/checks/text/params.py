"""The parameters of text rules: patterns, contexts, grammars and the other typed values a check kind declares.

A check kind (``kinds/``) declares each parameter as ``name: (type, default)``;
this module turns what a rule file gives into the typed, compiled value, so a
typo in a rule file is a load-time error, not a silent no-op at run time.

Rule files come from anyone's repository, so every regex is compiled with the
``regex`` package, length-capped, and matched with a timeout: a hostile or
careless pattern produces a clear error, never a hung run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from lkjcheck.errors import InlineInputError
from lkjcheck.read.dates import MONTHS

MAX_PATTERN_CHARS = 2000
MATCH_TIMEOUT = 0.5          # seconds per regex call
RULE_TIME_BUDGET = 5.0       # seconds per rule and document, all calls together

FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.V0
# Contexts are matched against a short window: ^ and $ mean its ends.
CONTEXT_FLAGS = regex.IGNORECASE | regex.V0


class TextRuleError(InlineInputError):
    """A text rule that cannot be used; names the rule file, line and rule id."""


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


class ParamError(Exception):
    """A parameter a rule gives that cannot be used, said in both languages."""

    def __init__(self, id_msg: str, en_msg: str):
        super().__init__(en_msg)
        self.id_msg, self.en_msg = id_msg, en_msg


_TOKEN = regex.compile(r"\{\{([a-z_]+)(?::([a-z_]+))?\}\}")


def expand_grammar(src: str, grammar: dict) -> str:
    """Fill in ``{{token}}`` and ``{{token:role}}`` (the token captured as the named group ``role``)."""
    def fill(m):
        name, group = m.group(1), m.group(2)
        if name in grammar:
            body = grammar[name]
        elif "{{" + name + "}}" in PLACEHOLDERS:
            body = PLACEHOLDERS["{{" + name + "}}"]
        else:
            raise ParamError(f"token tata bahasa tidak dikenal: {{{{{name}}}}}", f"unknown grammar token: {{{{{name}}}}}")
        return f"(?P<{group}>{body})" if group else f"(?:{body})"
    return _TOKEN.sub(fill, src)


def compile_pattern(src: Any, flags: int = FLAGS, grammar: dict | None = None) -> Pattern:
    if not isinstance(src, str) or not src.strip():
        raise ParamError("pola harus berupa teks regex yang tidak kosong", "a pattern must be a non-empty regex string")
    if len(src) > MAX_PATTERN_CHARS:
        raise ParamError(f"pola lebih dari {MAX_PATTERN_CHARS} karakter", f"pattern longer than {MAX_PATTERN_CHARS} characters")
    expanded = src
    if grammar:
        expanded = expand_grammar(src, grammar)
        if len(expanded) > MAX_EXPANDED_CHARS:
            raise ParamError(f"pola setelah token diisi lebih dari {MAX_EXPANDED_CHARS} karakter",
                       f"pattern longer than {MAX_EXPANDED_CHARS} characters once its tokens are filled in")
    for k, v in PLACEHOLDERS.items():
        expanded = expanded.replace(k, v)
    from lkjcheck.safety.regex import PatternTooBig, compile_bounded
    try:
        rx = compile_bounded(expanded, flags)
    except PatternTooBig as e:
        raise ParamError(f"regex {src!r}: {e.msg_id}", f"regex {src!r}: {e.msg_en}")
    except (regex.error, OverflowError, ValueError, RecursionError) as e:
        raise ParamError(f"regex tidak sah {src!r}: {e}", f"invalid regex {src!r}: {e}")
    return Pattern(rx, src)


def convert(name: str, typ: str, value: Any, grammar: dict | None = None):
    if typ == "regex":
        return compile_pattern(value, grammar=grammar)
    if typ == "grammar":
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and regex.fullmatch(r"[a-z_]+", k) and isinstance(v, str) and v
                for k, v in value.items()):
            raise ParamError(f"'{name}' harus berupa pemetaan nama token → regex",
                       f"'{name}' must be a mapping of token name → regex")
        out: dict = {}
        for k, v in value.items():     # a token may use the tokens defined before it
            if len(v) > MAX_PATTERN_CHARS:
                raise ParamError(f"token {k} lebih dari {MAX_PATTERN_CHARS} karakter",
                           f"token {k} longer than {MAX_PATTERN_CHARS} characters")
            out[k] = expand_grammar(v, out)
            if len(out[k]) > MAX_EXPANDED_CHARS:
                raise ParamError(f"token {k} terlalu panjang setelah diisi", f"token {k} too long once filled in")
        return out
    if typ == "roles":
        if not isinstance(value, dict) or not value:
            raise ParamError(f"'{name}' harus berupa pemetaan peran → daftar pola",
                       f"'{name}' must be a mapping of role → list of patterns")
        roles = {}
        for role, pats in value.items():
            pats = [pats] if isinstance(pats, str) else pats
            if not isinstance(pats, list) or not pats:
                raise ParamError(f"peran {role} harus berupa daftar pola", f"role {role} must be a list of patterns")
            roles[role] = []
            for src in pats:
                p = compile_pattern(src, grammar=grammar)
                if role not in p.regex.groupindex:
                    raise ParamError(f"pola peran {role} harus memuat grup bernama {role}: {src!r}",
                               f"a pattern of role {role} must have the named group {role}: {src!r}")
                roles[role].append(p)
        return roles
    if typ == "ordinals":
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, int) and not isinstance(
                v, bool) and v > 0 for k, v in value.items()):
            raise ParamError(f"'{name}' harus berupa pemetaan kata → bilangan", f"'{name}' must map words to numbers")
        return {k.lower(): v for k, v in value.items()}
    if typ == "kinds":
        if not isinstance(value, dict) or not value:
            raise ParamError(f"'{name}' harus berupa pemetaan jenis → pola", f"'{name}' must map kinds to patterns")
        return {k: compile_pattern(v, CONTEXT_FLAGS, grammar).regex for k, v in value.items()}
    if typ == "regulations":
        return _regulations(name, value)
    if typ == "regex_list":
        if isinstance(value, (str, dict)):
            value = [value]
        if not isinstance(value, list) or not value:
            raise ParamError(f"'{name}' harus berupa daftar pola", f"'{name}' must be a list of patterns")
        out = []
        for item in value:
            if isinstance(item, dict):
                if "pattern" not in item:
                    raise ParamError(f"butir '{name}' berupa pemetaan harus punya 'pattern'",
                               f"a mapping item of '{name}' needs 'pattern'")
                p = compile_pattern(item["pattern"], grammar=grammar)
                out.append(Pattern(p.regex, p.source, {k: v for k, v in item.items() if k != "pattern"}))
            else:
                out.append(compile_pattern(item, grammar=grammar))
        return out
    if typ == "contexts":
        if not isinstance(value, list):
            raise ParamError(f"'{name}' harus berupa daftar konteks", f"'{name}' must be a list of contexts")
        out = []
        for item in value:
            if isinstance(item, str):
                item = {"before": item}
            if not isinstance(item, dict) or not set(item) <= {"before", "after", "name"} or not (
                    "before" in item or "after" in item):
                raise ParamError(f"konteks di '{name}' harus berupa pemetaan dengan 'before' dan/atau 'after'",
                           f"a context in '{name}' must be a mapping with 'before' and/or 'after'")
            before = compile_pattern(item["before"], CONTEXT_FLAGS).regex if item.get("before") else None
            after = compile_pattern(item["after"], CONTEXT_FLAGS).regex if item.get("after") else None
            out.append(Context(before, after, str(item.get("name") or item.get("before") or item.get("after"))))
        return out
    if typ == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ParamError(f"'{name}' harus bilangan bulat tidak negatif", f"'{name}' must be a non-negative integer")
        return value
    if typ == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ParamError(f"'{name}' harus bilangan positif", f"'{name}' must be a positive number")
        return value
    if typ == "bool":
        if not isinstance(value, bool):
            raise ParamError(f"'{name}' harus true atau false", f"'{name}' must be true or false")
        return value
    if typ == "str":
        if not isinstance(value, str):
            raise ParamError(f"'{name}' harus teks", f"'{name}' must be text")
        return value
    if typ == "str_list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ParamError(f"'{name}' harus berupa daftar teks", f"'{name}' must be a list of text")
        return value
    if typ.startswith("choice:"):
        choices = typ[7:].split(",")
        if value not in choices:
            raise ParamError(f"'{name}' harus salah satu dari: {', '.join(choices)}",
                       f"'{name}' must be one of: {', '.join(choices)}")
        return value
    if typ == "date_line":
        if not isinstance(value, dict):
            raise ParamError(f"'{name}' harus berupa pemetaan", f"'{name}' must be a mapping")
        unknown = set(value) - set(DATE_LINE)
        if unknown:
            raise ParamError(f"kunci tidak dikenal di '{name}': {', '.join(sorted(unknown))}",
                       f"unknown keys in '{name}': {', '.join(sorted(unknown))}")
        out = {}
        for k, (t, d) in DATE_LINE.items():
            if k not in value or value[k] is None:
                if d is REQUIRED:
                    raise ParamError(f"'{name}.{k}' wajib", f"'{name}.{k}' is required")
                out[k] = d
            else:
                out[k] = convert(f"{name}.{k}", t, value[k])
        return out
    if typ == "fact_list":
        if not isinstance(value, list):
            raise ParamError(f"'{name}' harus berupa daftar", f"'{name}' must be a list")
        out = []
        for item in value:
            if isinstance(item, str):
                item = {"key": item}
            if not isinstance(item, dict) or not isinstance(item.get("key"), str) or not set(item) <= {
                    "key", "when", "unless"}:
                raise ParamError(f"butir '{name}' harus berupa {{key, when?, unless?}}",
                           f"an item of '{name}' must be {{key, when?, unless?}}")
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
        raise ParamError(f"'{name}' harus berupa daftar peraturan", f"'{name}' must be a list of regulations")
    out = []
    for item in value:
        ok = isinstance(item, dict) and isinstance(item.get("jenis"), str) and isinstance(item.get("judul"), str)
        ok = ok and all(isinstance(item.get(k), int) and not isinstance(item.get(k), bool) for k in ("nomor", "tahun"))
        if not ok or not set(item) <= {"jenis", "nomor", "tahun", "judul", "subjek", "sumber"}:
            raise ParamError(f"butir '{name}' harus berupa {{jenis, nomor, tahun, judul, subjek?, sumber?}}",
                       f"an item of '{name}' must be {{jenis, nomor, tahun, judul, subjek?, sumber?}}")
        subject = compile_pattern(item["subjek"], CONTEXT_FLAGS).regex if item.get("subjek") else None
        out.append({**item, "subjek": subject})
    return out

