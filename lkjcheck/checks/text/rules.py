"""Text rules: declarative checks on the report's prose.

A text rule names one of a small set of generic check kinds (``check``) and
gives that kind its parameters in YAML: regex patterns, allowed contexts,
tolerances. The patterns live in the rule file, not here, so a reviewer can
tighten a rule or add one without touching code.

Rule files come from anyone's repository, so every regex is compiled with the
``regex`` package, length-capped, and matched with a timeout: a hostile or
careless pattern produces a clear error, never a hung run.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import regex

from lkjcheck.read.dates import MONTHS
from lkjcheck.findings import SEVERITIES, RuleMeta
from lkjcheck.errors import InputError
from lkjcheck.read.yamlsafe import Mapping, Scalar, load_yaml, plain

MAX_PATTERN_CHARS = 2000
MATCH_TIMEOUT = 0.5          # seconds per regex call
RULE_TIME_BUDGET = 5.0       # seconds per rule and document, all calls together

FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.V0
# Contexts are matched against a short window: ^ and $ mean its ends.
CONTEXT_FLAGS = regex.IGNORECASE | regex.V0


class TextRuleError(InputError):
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


@dataclass(frozen=True)
class TextRule:
    meta: RuleMeta
    check: str
    params: dict
    message: dict = field(default_factory=dict)   # optional {id, en} templates overriding the defaults

    @property
    def id(self) -> str:
        return self.meta.id


# ----------------------------------------------------------------- parameters

# For every check kind: parameter → (type, default). A default of REQUIRED means
# the rule must give it. Types are checked here so a typo in a rule file is a
# load-time error, not a silent no-op at run time.
REQUIRED = object()

_DATE_LINE = {
    "headings": ("regex_list", REQUIRED),
    "date_line": ("regex", REQUIRED),
    "stop": ("regex", None),
    "max_lines": ("int", 60),
}

# For each relation of a `klaim` rule: the roles it needs (and may use).
RELATION_ROLES = {
    "rumus": ({"pembilang", "penyebut", "hasil"}, {"faktor"}),
    "capaian": ({"realisasi", "target", "capaian"}, set()),
    "jumlah": ({"total", "bagian"}, set()),
    "sisa": ({"utuh", "bagian", "sisa"}, set()),
    "perbandingan": ({"kiri", "kanan"}, set()),
    "poin": ({"selisih", "lama", "baru"}, set()),
    "bagian_persen": ({"total", "bagian"}, set()),
}
MAX_EXPANDED_CHARS = 20_000     # a pattern after its grammar tokens are filled in

CHECKS: dict[str, dict[str, tuple[str, Any]]] = {
    "tahun_periode": {"patterns": ("regex_list", REQUIRED), "allowed": ("contexts", []), "window": ("int", 80)},
    "tahun_kosong": {"patterns": ("regex_list", REQUIRED), "allowed": ("contexts", []), "window": ("int", 80)},
    "tahun_janggal": {"patterns": ("regex_list", REQUIRED), "allowed": ("contexts", []), "window": ("int", 80),
                      "max_distance": ("int", 5)},
    "tanggal_tanda_tangan": {**_DATE_LINE,
                             "condition": ("choice:setelah_tahun_berakhir,batas_waktu,sesuai_fakta", REQUIRED),
                             "deadline_months": ("int", 2), "fact": ("str", "penandatangan_tanggal")},
    "tanggal_reviu": {**_DATE_LINE, "signing": ("date_line", REQUIRED),
                      "signing_fact": ("str", "penandatangan_tanggal")},
    "tanggal_dalam_tahun": {"patterns": ("regex_list", REQUIRED), "allowed": ("contexts", []),
                            "window": ("int", 80), "days_after_year": ("int", 90), "skip_lines": ("regex", None)},
    "terbilang": {"patterns": ("regex_list", REQUIRED)},
    "kenaikan_persen": {"patterns": ("regex_list", REQUIRED), "decrease": ("regex", None),
                        "accept_relative": ("bool", True)},
    "persen_pagu": {"patterns": ("regex_list", REQUIRED), "amount": ("regex", REQUIRED),
                    "between": ("regex", None), "sentence_end": ("regex", None),
                    "facts": ("fact_list", [])},
    "fakta_angka": {"patterns": ("regex_list", REQUIRED)},
    "format_angka": {"patterns": ("regex_list", REQUIRED), "allowed": ("contexts", []), "window": ("int", 40)},
    "besaran_janggal": {"patterns": ("regex_list", REQUIRED), "factor": ("number", 100),
                        "ceiling": ("number", None), "facts": ("str_list", [])},
    # The grammar comes first: the patterns after it are written in its tokens.
    "klaim": {"grammar": ("grammar", {}), "relation": (f"choice:{','.join(RELATION_ROLES)}", REQUIRED),
              "roles": ("roles", REQUIRED), "trigger": ("regex", None), "join_colon": ("bool", False),
              "factor": ("number", 1), "lookback": ("int", 1), "lower_better": ("regex", None),
              "higher_better": ("regex", None), "lower": ("regex", None), "higher": ("regex", None)},
    "tahun_ke": {"grammar": ("grammar", {}), "patterns": ("regex_list", REQUIRED), "ordinals": ("ordinals", REQUIRED)},
    "regulasi": {"grammar": ("grammar", {}), "patterns": ("regex_list", REQUIRED), "kinds": ("kinds", REQUIRED),
                 "table": ("regulations", REQUIRED), "min_title_similarity": ("number", 0.8)},
    "pemisah_desimal": {"patterns": ("regex_list", REQUIRED)},
    "konsisten": {"grammar": ("grammar", {}), "patterns": ("regex_list", REQUIRED), "qualifiers": ("regex", None),
                  "skip": ("regex", None), "trigger": ("regex", None), "join_colon": ("bool", False)},
    "fakta_indikator": {"grammar": ("grammar", {}), "roles": ("roles", REQUIRED), "fact": ("str", "indikator"),
                        "min_words": ("int", 3), "trigger": ("regex", None), "join_colon": ("bool", False)},
}

# The named groups each check reads from its patterns.
GROUPS = {
    "tahun_periode": {"tahun"},
    "tahun_janggal": {"tahun"},
    "tanggal_dalam_tahun": {"tanggal"},
    "terbilang": {"angka", "kata"},
    "kenaikan_persen": {"selisih", "baru", "lama"},
    "persen_pagu": {"jumlah", "persen"},
    "fakta_angka": {"angka"},
    "format_angka": {"angka"},
    "besaran_janggal": {"angka"},
    "tahun_ke": {"ke", "awal", "akhir"},
    "regulasi": {"jenis", "nomor", "tahun"},
    "pemisah_desimal": {"angka"},
    "konsisten": {"angka"},
}

COMMON_KEYS = {"id", "title", "severity", "reference", "rationale", "example", "check", "message", "family",
               "enabled", "kind", "params"}

_MONTH_ALT = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
PLACEHOLDERS = {
    "{{bulan}}": _MONTH_ALT,
    "{{tahun}}": r"(?:19|20)\d\d",
    "{{persen}}": r"\d{1,3}(?:[.,]\d{1,4})?",
    # One character of the same sentence: a line break inside a paragraph and the
    # dot of an abbreviation ("No.", "M.PANRB") do not end it.
    "{{kalimat}}": r"(?:[^.\n]|\.(?=\S)|\n(?![ \t]*\n))",
    # A rupiah figure's digits and separators, stray spaces around a separator
    # included so that "28. 146,626.000" is read whole (and then refused).
    "{{nominal}}": r"\d(?:[.,][ \t]+(?=\d)|[\d.,]|[ \t]+(?=[.,]\d))*",
}


class _Bad(Exception):
    def __init__(self, id_msg: str, en_msg: str):
        super().__init__(en_msg)
        self.id_msg, self.en_msg = id_msg, en_msg


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
    spec = CHECKS[check]
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
        out[name] = _convert(name, typ, given[name], grammar)
        if typ == "grammar":
            grammar = out[name]
    if check == "klaim":
        need, may = RELATION_ROLES[out["relation"]]
        have = set(out["roles"])
        if not need <= have or not have <= need | may:
            raise _Bad(f"relasi {out['relation']} memerlukan peran {', '.join(sorted(need))}"
                       f" (boleh juga: {', '.join(sorted(may)) or '-'}); tertulis: {', '.join(sorted(have))}",
                       f"relation {out['relation']} needs the roles {', '.join(sorted(need))}"
                       f" (may also have: {', '.join(sorted(may)) or '-'}); given: {', '.join(sorted(have))}")
        if out["relation"] == "perbandingan" and (out["lower"] is None or out["higher"] is None):
            raise _Bad("relasi perbandingan memerlukan 'lower' dan 'higher'",
                       "relation perbandingan needs 'lower' and 'higher'")
    need = GROUPS.get(check)
    if need:
        for p in out["patterns"]:
            missing = need - set(p.regex.groupindex)
            if missing:
                raise _Bad(
                    f"pola {p.source!r} harus memuat grup bernama: {', '.join(sorted(missing))}",
                    f"pattern {p.source!r} must have the named groups: {', '.join(sorted(missing))}",
                )
    if check in ("tanggal_tanda_tangan", "tanggal_reviu"):
        for spec_ in (out, out.get("signing") or {}):
            if spec_ and "tanggal" not in spec_["date_line"].regex.groupindex:
                raise _Bad("'date_line' harus memuat grup bernama 'tanggal'",
                           "'date_line' must have the named group 'tanggal'")
    if check == "persen_pagu" and "angka" not in out["amount"].regex.groupindex:
        raise _Bad("'amount' harus memuat grup bernama 'angka'", "'amount' must have the named group 'angka'")
    if check == "konsisten":
        for p in out["patterns"]:
            if not isinstance(p.options.get("quantity"), str):
                raise _Bad(f"pola {p.source!r} harus menyebut 'quantity' (nama besaran)",
                           f"pattern {p.source!r} must name its 'quantity'")
    if check == "fakta_angka":
        for p in out["patterns"]:
            if not isinstance(p.options.get("fact"), str):
                raise _Bad(f"pola {p.source!r} harus menyebut 'fact' (kunci data pembanding)",
                           f"pattern {p.source!r} must name a 'fact' (the data key it is held against)")
    return out


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
            raise _Bad(f"token tata bahasa tidak dikenal: {{{{{name}}}}}", f"unknown grammar token: {{{{{name}}}}}")
        return f"(?P<{group}>{body})" if group else f"(?:{body})"
    return _TOKEN.sub(fill, src)


def compile_pattern(src: Any, flags: int = FLAGS, grammar: dict | None = None) -> Pattern:
    if not isinstance(src, str) or not src.strip():
        raise _Bad("pola harus berupa teks regex yang tidak kosong", "a pattern must be a non-empty regex string")
    if len(src) > MAX_PATTERN_CHARS:
        raise _Bad(f"pola lebih dari {MAX_PATTERN_CHARS} karakter", f"pattern longer than {MAX_PATTERN_CHARS} characters")
    expanded = src
    if grammar:
        expanded = expand_grammar(src, grammar)
        if len(expanded) > MAX_EXPANDED_CHARS:
            raise _Bad(f"pola setelah token diisi lebih dari {MAX_EXPANDED_CHARS} karakter",
                       f"pattern longer than {MAX_EXPANDED_CHARS} characters once its tokens are filled in")
    for k, v in PLACEHOLDERS.items():
        expanded = expanded.replace(k, v)
    from lkjcheck.safety.regex import PatternTooBig, compile_bounded
    try:
        rx = compile_bounded(expanded, flags)
    except PatternTooBig as e:
        raise _Bad(f"regex {src!r}: {e.msg_id}", f"regex {src!r}: {e.msg_en}")
    except (regex.error, OverflowError, ValueError, RecursionError) as e:
        raise _Bad(f"regex tidak sah {src!r}: {e}", f"invalid regex {src!r}: {e}")
    return Pattern(rx, src)


def _convert(name: str, typ: str, value: Any, grammar: dict | None = None):
    if typ == "regex":
        return compile_pattern(value, grammar=grammar)
    if typ == "grammar":
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and regex.fullmatch(r"[a-z_]+", k) and isinstance(v, str) and v
                for k, v in value.items()):
            raise _Bad(f"'{name}' harus berupa pemetaan nama token → regex",
                       f"'{name}' must be a mapping of token name → regex")
        out: dict = {}
        for k, v in value.items():     # a token may use the tokens defined before it
            if len(v) > MAX_PATTERN_CHARS:
                raise _Bad(f"token {k} lebih dari {MAX_PATTERN_CHARS} karakter",
                           f"token {k} longer than {MAX_PATTERN_CHARS} characters")
            out[k] = expand_grammar(v, out)
            if len(out[k]) > MAX_EXPANDED_CHARS:
                raise _Bad(f"token {k} terlalu panjang setelah diisi", f"token {k} too long once filled in")
        return out
    if typ == "roles":
        if not isinstance(value, dict) or not value:
            raise _Bad(f"'{name}' harus berupa pemetaan peran → daftar pola",
                       f"'{name}' must be a mapping of role → list of patterns")
        roles = {}
        for role, pats in value.items():
            pats = [pats] if isinstance(pats, str) else pats
            if not isinstance(pats, list) or not pats:
                raise _Bad(f"peran {role} harus berupa daftar pola", f"role {role} must be a list of patterns")
            roles[role] = []
            for src in pats:
                p = compile_pattern(src, grammar=grammar)
                if role not in p.regex.groupindex:
                    raise _Bad(f"pola peran {role} harus memuat grup bernama {role}: {src!r}",
                               f"a pattern of role {role} must have the named group {role}: {src!r}")
                roles[role].append(p)
        return roles
    if typ == "ordinals":
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, int) and not isinstance(
                v, bool) and v > 0 for k, v in value.items()):
            raise _Bad(f"'{name}' harus berupa pemetaan kata → bilangan", f"'{name}' must map words to numbers")
        return {k.lower(): v for k, v in value.items()}
    if typ == "kinds":
        if not isinstance(value, dict) or not value:
            raise _Bad(f"'{name}' harus berupa pemetaan jenis → pola", f"'{name}' must map kinds to patterns")
        return {k: compile_pattern(v, CONTEXT_FLAGS, grammar).regex for k, v in value.items()}
    if typ == "regulations":
        return _regulations(name, value)
    if typ == "regex_list":
        if isinstance(value, (str, dict)):
            value = [value]
        if not isinstance(value, list) or not value:
            raise _Bad(f"'{name}' harus berupa daftar pola", f"'{name}' must be a list of patterns")
        out = []
        for item in value:
            if isinstance(item, dict):
                if "pattern" not in item:
                    raise _Bad(f"butir '{name}' berupa pemetaan harus punya 'pattern'",
                               f"a mapping item of '{name}' needs 'pattern'")
                p = compile_pattern(item["pattern"], grammar=grammar)
                out.append(Pattern(p.regex, p.source, {k: v for k, v in item.items() if k != "pattern"}))
            else:
                out.append(compile_pattern(item, grammar=grammar))
        return out
    if typ == "contexts":
        if not isinstance(value, list):
            raise _Bad(f"'{name}' harus berupa daftar konteks", f"'{name}' must be a list of contexts")
        out = []
        for item in value:
            if isinstance(item, str):
                item = {"before": item}
            if not isinstance(item, dict) or not set(item) <= {"before", "after", "name"} or not (
                    "before" in item or "after" in item):
                raise _Bad(f"konteks di '{name}' harus berupa pemetaan dengan 'before' dan/atau 'after'",
                           f"a context in '{name}' must be a mapping with 'before' and/or 'after'")
            before = compile_pattern(item["before"], CONTEXT_FLAGS).regex if item.get("before") else None
            after = compile_pattern(item["after"], CONTEXT_FLAGS).regex if item.get("after") else None
            out.append(Context(before, after, str(item.get("name") or item.get("before") or item.get("after"))))
        return out
    if typ == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _Bad(f"'{name}' harus bilangan bulat tidak negatif", f"'{name}' must be a non-negative integer")
        return value
    if typ == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise _Bad(f"'{name}' harus bilangan positif", f"'{name}' must be a positive number")
        return value
    if typ == "bool":
        if not isinstance(value, bool):
            raise _Bad(f"'{name}' harus true atau false", f"'{name}' must be true or false")
        return value
    if typ == "str":
        if not isinstance(value, str):
            raise _Bad(f"'{name}' harus teks", f"'{name}' must be text")
        return value
    if typ == "str_list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Bad(f"'{name}' harus berupa daftar teks", f"'{name}' must be a list of text")
        return value
    if typ.startswith("choice:"):
        choices = typ[7:].split(",")
        if value not in choices:
            raise _Bad(f"'{name}' harus salah satu dari: {', '.join(choices)}",
                       f"'{name}' must be one of: {', '.join(choices)}")
        return value
    if typ == "date_line":
        if not isinstance(value, dict):
            raise _Bad(f"'{name}' harus berupa pemetaan", f"'{name}' must be a mapping")
        unknown = set(value) - set(_DATE_LINE)
        if unknown:
            raise _Bad(f"kunci tidak dikenal di '{name}': {', '.join(sorted(unknown))}",
                       f"unknown keys in '{name}': {', '.join(sorted(unknown))}")
        out = {}
        for k, (t, d) in _DATE_LINE.items():
            if k not in value or value[k] is None:
                if d is REQUIRED:
                    raise _Bad(f"'{name}.{k}' wajib", f"'{name}.{k}' is required")
                out[k] = d
            else:
                out[k] = _convert(f"{name}.{k}", t, value[k])
        return out
    if typ == "fact_list":
        if not isinstance(value, list):
            raise _Bad(f"'{name}' harus berupa daftar", f"'{name}' must be a list")
        out = []
        for item in value:
            if isinstance(item, str):
                item = {"key": item}
            if not isinstance(item, dict) or not isinstance(item.get("key"), str) or not set(item) <= {
                    "key", "when", "unless"}:
                raise _Bad(f"butir '{name}' harus berupa {{key, when?, unless?}}",
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
        raise _Bad(f"'{name}' harus berupa daftar peraturan", f"'{name}' must be a list of regulations")
    out = []
    for item in value:
        ok = isinstance(item, dict) and isinstance(item.get("jenis"), str) and isinstance(item.get("judul"), str)
        ok = ok and all(isinstance(item.get(k), int) and not isinstance(item.get(k), bool) for k in ("nomor", "tahun"))
        if not ok or not set(item) <= {"jenis", "nomor", "tahun", "judul", "subjek", "sumber"}:
            raise _Bad(f"butir '{name}' harus berupa {{jenis, nomor, tahun, judul, subjek?, sumber?}}",
                       f"an item of '{name}' must be {{jenis, nomor, tahun, judul, subjek?, sumber?}}")
        subject = compile_pattern(item["subjek"], CONTEXT_FLAGS).regex if item.get("subjek") else None
        out.append({**item, "subjek": subject})
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
