"""Rule files → compiled rules and the rule catalogue.

A rule pack is a folder: `model.yaml` (the tables) and any number of rule files.
Every error in a rule file names the file, the line and the rule id: rule files
are written by people who are not programmers, and by people we do not trust.
"""
from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from lkjcheck.findings import SEVERITIES, RuleMeta
from lkjcheck.model.definition import Model, load_model
from lkjcheck.errors import InputError
from lkjcheck.i18n import Figure, Said
from lkjcheck.read.yamlsafe import Mapping, Scalar, Sequence, load_yaml, plain
from lkjcheck.record import record

if TYPE_CHECKING:
    from lkjcheck.checks.compiled import CompiledRule

ID_RE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
KINDS = ("table", "text", "builtin")
MAX_RULE_FILES = 200
# A rule file is a few kilobytes; these bound the time a contributed pack can
# take to load and run, whatever it holds.
MAX_RULE_FILE_BYTES = 256 * 1024
# All rule files of all folders of one run, the built-in pack's ~130 KB
# included: composing YAML costs ~2.5 s per MiB, so this keeps any pack's
# loading under a few seconds.
MAX_PACK_BYTES = 1024 * 1024
REVIEW_FILE = "reviu.yaml"
CASES_DIR = "cases"
MAX_RULES = 2000


class RuleError(InputError):
    """A rule file the tool cannot use (a catalogue key and its values, like every InputError)."""


def __getattr__(name: str):
    # CompiledRule lives in checks.compiled, imported only where table rules are compiled: making its
    # dataclass was 1 ms of every `lkjcheck text`, which compiles none. The name is still read from here.
    if name == "CompiledRule":
        from lkjcheck.checks.compiled import CompiledRule

        return CompiledRule
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@record
class RulePack:
    model: Model
    rules: list[CompiledRule]          # table rules (checks.compiled)
    text_rules: list                   # compiled by lkjcheck.checks.text
    meta: dict[str, RuleMeta]          # every rule of every kind, by id
    families: dict[str, dict]


def builtin_rules_dir() -> Path:
    # lkjcheck/checks/rules.py -> the repository's rules/ in a source checkout
    src = Path(__file__).resolve().parents[2] / "rules"
    if (src / "sakip" / "model.yaml").exists():
        return src
    from importlib.resources import files
    return Path(str(files("lkjcheck.builtin_rules")))


def pack_folders(extra_dirs, builtin: bool = True) -> list[Path]:
    """The folders of a run's rule pack, the model's first.

    A ``--rules`` folder with its own model.yaml is a whole pack for another kind
    of report and replaces the built-in SAKIP pack (whose model would otherwise be
    used, and the folder's own ignored); any other folder adds rules to it.
    """
    extra = [Path(d) for d in extra_dirs or ()]
    own = next((d for d in extra if (d / "model.yaml").is_file()), None)
    if own is not None:
        return [own] + [d for d in extra if d is not own]
    return ([builtin_rules_dir() / "sakip"] if builtin else []) + extra


def _text(raw, file, line, what) -> dict[str, str]:
    v = plain(raw)
    if isinstance(v, str):
        return {"id": v}
    if isinstance(v, dict) and all(isinstance(x, str) for x in v.values()):
        return {str(k): x for k, x in v.items()}
    if v is None:
        return {}
    raise RuleError(file, line, "checks.must_text", what=what)


def _scope(model: Model, table: str, params: dict):
    from lkjcheck.lang import Scope

    tables = {n: t.engine_columns() for n, t in model.tables.items()}
    for (t, c), node in getattr(model, "derived_nodes", {}).items():
        tables[t][c] = node.kind
    single = {n for n, t in model.tables.items() if t.single}
    return Scope(table, tables, single, params)


def compile_derived(model: Model, params: dict) -> None:
    """Derived columns (`turunan`) compile in order: each may use the ones before it."""
    from lkjcheck.lang import ExprError, parse_expr

    model.derived_nodes = {}
    for tname, tdef in model.tables.items():
        for dname, src in tdef.derived.items():
            try:
                node = parse_expr(src, _scope(model, tname, params))
            except ExprError as e:
                raise RuleError(model.source, tdef.derived_lines.get(dname), "checks.derived",
                                tname=tname, dname=dname, problem=Said(e.key, **e.values))
            model.derived_nodes[(tname, dname)] = node


# Files of a rule pack that are not rule files: the model, the recognition
# of published reports (lkjcheck.extract), the starting dataset (lkjcheck.scaffold)
# and the rule language's examples (lkjcheck.lang.doc).
NOT_RULE_FILES = ("model.yaml", "pengenalan.yaml", "scaffold.yaml", "expressions.yaml")


def rule_files(directory: Path) -> list[Path]:
    # An explicit stack rather than rglob, which recurses once per level and
    # meets a RecursionError in a hostile folder a thousand levels deep.
    files: list[Path] = []
    stack = [directory]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as e:
            raise RuleError(str(folder), None, "checks.rule_folder_cannot_read", strerror=e.strerror)
        for entry in entries:
            # model.yaml describes the tables, pengenalan.yaml how published reports are read
            # (lkjcheck.extract) and reviu.yaml the reviu criteria (lkjcheck.report.reviu): none holds rules.
            if entry.name.endswith(".yaml") and entry.name not in (*NOT_RULE_FILES, REVIEW_FILE):
                files.append(Path(entry.path))      # a folder of that name is refused when read
            elif entry.is_dir(follow_symlinks=False) and entry.name != CASES_DIR:
                # cases/ holds the rules' executable cases (lkjcheck.checks.cases), not rules
                stack.append(Path(entry.path))
        if len(files) > MAX_RULE_FILES:
            raise RuleError(str(directory), None, "checks.more_than_rule_files", max_rule_files=MAX_RULE_FILES)
    return sorted(files)


def _distinct_folders(directories: list[Path]) -> list[Path]:
    """Each rule folder once: a configuration listing one folder forty times loads it once."""
    out, seen = [], set()
    for d in directories:
        try:
            key = d.resolve()
        except (OSError, RuntimeError, ValueError):
            key = d
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _builtin_pack() -> Path | None:
    try:
        return (builtin_rules_dir() / "sakip").resolve()
    except (OSError, RuntimeError):
        return None


def load_pack(directories: list[Path], params_override: dict | None = None, config: dict | None = None,
              compile_rules: bool = True, table_rules: bool = True) -> RulePack:
    """Load the model of the first folder and the rules of all folders.

    `compile_rules=False` reads only the metadata: the catalogue commands must
    stay fast. `table_rules=False` compiles the text rules only (`lkjcheck
    text` checks no table, so the table rules and derived columns are left out).
    """
    config = config or {}
    model_path = directories[0] / "model.yaml"
    if not model_path.exists():
        raise RuleError(str(directories[0]), None, "checks.no_model_yaml_rule_pack")
    model = load_model(model_path)
    params = dict(model.parameters)
    params.update(params_override or {})
    if compile_rules and table_rules:
        compile_derived(model, params)
    rules: list[CompiledRule] = []
    text_rules: list = []
    meta: dict[str, RuleMeta] = {}
    model.catalogue = meta
    where_defined: dict[str, str] = {}
    families: dict[str, dict] = {}
    severity_override = {k.upper(): v for k, v in (config.get("severity") or {}).items()}
    tolerance_override = {k.upper(): v for k, v in (config.get("tolerance") or {}).items()}
    from lkjcheck.safety.regex import deferred, reset_default_budget

    reset_default_budget()
    pack_bytes = 0
    builtin = _builtin_pack()
    for directory in _distinct_folders(directories):
        if not directory.is_dir():
            raise RuleError(str(directory), None, "checks.rule_folder_not_found")
        root = directory.resolve()
        # The built-in pack's text patterns are compiled when a report text is
        # first checked (the test suite compiles every one of them, so none
        # fails late); a run without report text compiles none. Any other
        # folder's patterns are compiled here, so that a bad one is reported at
        # load with its file and line (from the regex cache when seen before).
        defer = deferred if root == builtin else contextlib.nullcontext
        for path in rule_files(directory):
            if not path.resolve().is_relative_to(root):
                raise RuleError(str(path), None, "checks.rule_file_points_outside_rule")
            display = str(path)
            try:
                size = path.stat().st_size
            except OSError:
                size = 0        # load_yaml names the file and the reason
            if size <= MAX_RULE_FILE_BYTES:     # a bigger one gets load_yaml's own message
                pack_bytes += size
                if pack_bytes > MAX_PACK_BYTES:
                    raise RuleError(display, None, "checks.rule_files_together_exceed_bytes",
                                    max_pack_bytes=Figure(MAX_PACK_BYTES))
            data = load_yaml(str(path), MAX_RULE_FILE_BYTES, display=display, cli_limit=False, cache=True)
            if not isinstance(data, Mapping) or not isinstance(data.get("rules"), Sequence):
                raise RuleError(display, getattr(data, "line", None), "checks.rule_file_must_have_rules")
            _refuse_old_keys(data, {"family", "kind", "rules", "include"}, display, path.name)
            unknown = set(data) - {"family", "kind", "rules", "include"}
            if unknown:
                k = sorted(unknown)[0]
                raise RuleError(display, data.key_lines[k], "checks.unknown_key_rule_file", k=k)
            if "include" in data:
                raise RuleError(display, data.key_lines["include"],
                                "checks.include_not_supported_put_rule")
            fam = plain(data.get("family")) or {}
            if isinstance(fam, str):
                fam = {"id": fam}
            if not isinstance(fam, dict):
                raise RuleError(display, data.key_lines.get("family"), "checks.family_must_text")
            fam_id = str(fam.get("id") or path.stem)
            families[fam_id] = fam
            kind = plain(data.get("kind")) or "table"
            if kind not in KINDS:
                raise RuleError(display, data.key_lines.get("kind"), "checks.unknown_kind", kind=kind)
            for raw in data["rules"]:
                line = getattr(raw, "line", None)
                if not isinstance(raw, Mapping):
                    raise RuleError(display, line, "checks.every_rule_must_mapping")
                m = _meta(raw, display, line, fam_id, kind, severity_override)
                if m.id in meta:
                    raise RuleError(display, line, "checks.duplicate_rule_id_first",
                                    id=m.id, where_defined=where_defined[m.id])
                meta[m.id] = m
                if len(meta) > MAX_RULES:
                    raise RuleError(display, line, "checks.more_than_rules", max_rules=MAX_RULES)
                where_defined[m.id] = f"{display}:{line}"
                if not compile_rules or not m.enabled:
                    continue
                if kind == "table" and table_rules:
                    rules.append(_compile(raw, m, model, params, display, line, tolerance_override))
                elif kind == "text":
                    from lkjcheck.checks.text.rules import compile_text_rule
                    try:
                        with defer():
                            text_rules.append(compile_text_rule(plain(raw), m))
                    except InputError:
                        raise
                    except Exception as e:
                        raise RuleError(display, line, "checks.rule", id=m.id, e=e)
    return RulePack(model, rules, text_rules, meta, families)


_COMMON = {"id", "title", "severity", "reference", "rationale", "example", "enabled", "family"}
_TABLE_KEYS = _COMMON | {"table", "where", "assert", "tolerance", "key", "field", "message"}
# Rule files are English like model.yaml; the Indonesian spellings of earlier
# releases are refused with the key that replaced them.
RENAMED = {
    "tabel": "table", "kunci": "key", "judul": "title", "pesan": "message", "toleransi": "tolerance",
    "bagian": "parts", "atau": "alternatives", "nama": "name", "teks": "heading", "alasan": "rationale",
    "contoh": "example", "keluarga": "family", "jenis": "kind", "aturan": "rules",
}
# the parts of the report a builtin completeness rule requires (kelengkapan.yaml)
_PART_KEYS = {"table", "alternatives", "name", "heading"}


def _refuse_old_keys(m: Mapping, allowed: set[str], file: str, where: str) -> None:
    for k in m:
        if k not in allowed and RENAMED.get(k) in allowed:
            raise RuleError(file, m.key_lines.get(k), "model.key_was_renamed_write",
                            where=where, k=k, renamed=RENAMED[k])


def _meta(raw: Mapping, file: str, line: int, family: str, kind: str, sev_override: dict) -> RuleMeta:
    rid = plain(raw.get("id"))
    if not isinstance(rid, str) or not ID_RE.match(rid):
        raise RuleError(file, line, "checks.invalid_rule_id_e_g", rid=rid)
    _refuse_old_keys(raw, _TABLE_KEYS | {"parts"}, file, rid)
    if kind == "builtin" and isinstance(raw.get("parts"), Sequence):
        for part in raw["parts"]:
            if isinstance(part, Mapping):
                _refuse_old_keys(part, _PART_KEYS, file, f"{rid}: parts")
    sev = plain(raw.get("severity")) or "error"
    sev = sev_override.get(rid, sev_override.get(rid[:3], sev))
    if sev not in SEVERITIES:
        raise RuleError(file, line, "checks.unknown_severity_error_warning_info", rid=rid, sev=sev)
    title = _text(raw.get("title"), file, line, "title")
    if not title:
        raise RuleError(file, line, "checks.title_required", rid=rid)
    ex = plain(raw.get("example")) or {}
    if not isinstance(ex, dict):
        raise RuleError(file, line, "checks.example_must", rid=rid)
    expr = plain(raw.get("assert")) or ""
    where = plain(raw.get("where"))
    shown = (f"where: {where}\n" if where else "") + (f"assert: {expr}" if expr else "")
    return RuleMeta(
        id=rid, family=str(plain(raw.get("family")) or family), severity=sev, title=title,
        reference=str(plain(raw.get("reference")) or ""),
        rationale=_text(raw.get("rationale"), file, line, "rationale"),
        example_bad=str(ex.get("bad") or "").rstrip(), example_good=str(ex.get("good") or "").rstrip(),
        expression=shown if kind == "table" else "", kind=kind, source=f"{file}:{line}",
        enabled=plain(raw.get("enabled")) is not False,
        spec={k: plain(v) for k, v in raw.items() if k not in _COMMON} if kind == "builtin" else {},
    )


def _compile(raw: Mapping, m: RuleMeta, model: Model, params: dict, file: str, line: int, tol_override: dict) -> CompiledRule:
    unknown = set(raw) - _TABLE_KEYS
    if unknown:
        k = sorted(unknown)[0]
        raise RuleError(file, raw.key_lines[k], "checks.unknown_key", id=m.id, k=k)
    table = plain(raw.get("table"))
    if not isinstance(table, str) or table not in model.tables:
        raise RuleError(file, raw.key_lines.get("table", line), "checks.table_not_model", id=m.id, table=table)
    from lkjcheck.lang import ExprError, parse_expr, set_tolerance

    scope = _scope(model, table, params)

    def expr(key):
        src = plain(raw.get(key))
        if src is None:
            return None, ""
        kline = raw.key_lines.get(key, line)
        try:
            node = parse_expr(str(src), scope)
        except ExprError as e:
            raise RuleError(file, kline, "checks.expression_refused", id=m.id, key_=key, problem=Said(e.key, **e.values),
                            col=Said("checks.at_column", col=e.col) if e.col else "")
        if node.kind != "bool":
            raise RuleError(file, kline, "checks.must_true_false_comparison", id=m.id, key_=key)
        return node, str(src)

    check, _ = expr("assert")
    if check is None:
        raise RuleError(file, line, "checks.assert_required", id=m.id)
    where, where_src = expr("where")
    tol = tol_override.get(m.id, plain(raw.get("tolerance")) or "auto")
    slack, exact = _tolerance(tol, m.id, file, raw.key_lines.get("tolerance", line))
    set_tolerance(check, slack, exact)
    key = plain(raw.get("key")) or model.tables[table].key
    if isinstance(key, str):
        key = (key,)
    cols = scope.tables[table]
    if not isinstance(key, (list, tuple)):
        key = (key,)
    for k in key:
        if not isinstance(k, str) or k not in cols:
            raise RuleError(file, raw.key_lines.get("key", line), "checks.key_column_does_not_exist", id=m.id, k=k)
    fld = plain(raw.get("field"))
    if fld is not None and (not isinstance(fld, str) or fld not in cols):
        raise RuleError(file, raw.key_lines.get("field", line), "checks.field_does_not_exist", id=m.id, fld=fld)
    msg = _text(raw.get("message"), file, line, "message")
    if "baris" not in cols and any("{baris}" in t for t in msg.values()):
        # {row} names the row; {baris} is only a column's, where a table has one
        raise RuleError(file, raw.key_lines.get("message", line), "model.was_renamed_write", where=m.id,
                        value="{baris}", new="{row}")
    from lkjcheck.checks.compiled import CompiledRule

    return CompiledRule(m, table, where, check, where_src, tuple(key), fld, msg, tol, line, file, model.row_name)


def _tolerance(tol, rid, file, line):
    if tol in ("auto", None):
        return 0.0, False
    if tol == "exact":
        return 0.0, True
    if tol == "tepat":
        raise RuleError(file, line, "checks.tolerance_tepat_was_renamed_write", rid=rid)
    if isinstance(tol, (int, float)) and not isinstance(tol, bool) and tol >= 0:
        return float(tol), False
    if isinstance(tol, dict) and set(tol) <= {"abs"} and isinstance(tol.get("abs"), (int, float)) and tol["abs"] >= 0:
        return float(tol["abs"]), False
    raise RuleError(file, line, "checks.tolerance_must_auto_exact_number", rid=rid)


def selected(rule_id: str, select: list[str] | None, ignore: list[str] | None) -> bool:
    """ruff-style: a rule runs when some select prefix matches and no longer ignore prefix does."""
    def best(prefixes):
        hits = [len(p) for p in prefixes or () if p == "ALL" or rule_id.startswith(p)]
        return max(hits) if hits else -1
    s = best(select) if select else 0
    i = best(ignore)
    return s >= 0 and (i < 0 or s > i)
