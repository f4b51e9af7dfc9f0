"""Rule cases: for every rule, dataset fragments that must and must not give its finding.

A rule pack keeps them beside its rules, one file per rule file, in the folder
`cases/` (`rules/sakip/cases/kinerja.yaml` holds the cases of
`rules/sakip/kinerja.yaml`). A case file maps rule ids to lists of cases:

    KIN001:
      - bad:  {pengukuran_kinerja: [{kode: IKU-1, ..., selisih: "1,99%"}]}
        finds: [{row: IKU-1 Persentase data mutakhir}]
        good: {pengukuran_kinerja: [{kode: IKU-1, ..., selisih: "0,99%"}]}

`bad` must give exactly the findings listed under `finds` (one item per
finding, in order; an item's keys are compared with the finding's fields, and
`says` is a part of its message, `line` the line of the report text), `good` must give none. A fragment is an
`lkj.yaml` without its header; `laporan` is completed with BASE_REPORT unless it
says otherwise, and `teks` is the report text the text rules read. `params`
overrides the model's parameters, `lang` is the language of the messages and
`with` names further rules run beside the case's own. The first case of a rule
is its example in `lkjcheck rules explain` and docs/rules.md.

Case files are read like rule files: the same YAML loader and limits, since a
contributed pack is untrusted.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lkjcheck.checks.rules import CASES_DIR
from lkjcheck.errors import InputError
from lkjcheck.read.yamlsafe import Mapping, Sequence, load_yaml, plain

MAX_CASE_FILE_BYTES = 256 * 1024
MAX_CASE_FILES = 200
CASE_KEYS = {"bad", "good", "finds", "params", "lang", "with", "note"}
FIND_KEYS = {"rule", "row", "line", "field", "expected", "actual", "says"}
# the report text of a fragment: written to the dataset's laporan.md
TEXT_KEY = "teks"
# what every fragment's report identity starts from, so that a case names only what it is about
BASE_REPORT = {"instansi": "Satker Uji", "tahun": 2024}


@dataclass
class Case:
    rule: str
    bad: dict | None
    good: dict | None
    finds: list[dict] = field(default_factory=list)
    params: dict = field(default_factory=dict)
    lang: str = "id"
    also: tuple[str, ...] = ()
    source: str = ""

    @property
    def rules(self) -> list[str]:
        return [self.rule, *self.also]


def case_files(pack_dir: Path) -> list[Path]:
    folder = pack_dir / CASES_DIR
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.name.endswith(".yaml"))
    if len(files) > MAX_CASE_FILES:
        raise InputError(str(folder), None, "checks.more_than_case_files", max_case_files=MAX_CASE_FILES)
    return files


def _bad(file, line, key, **args):
    raise InputError(file, line, key, **args)


def load_cases(pack_dir: Path) -> dict[str, list[Case]]:
    """Every case of the pack in `pack_dir`, by rule id, in file order."""
    out: dict[str, list[Case]] = {}
    root = pack_dir.resolve()
    for path in case_files(pack_dir):
        display = str(path)
        if not path.resolve().is_relative_to(root):
            _bad(display, None, "checks.case_file_points_outside_rule")
        data = load_yaml(str(path), MAX_CASE_FILE_BYTES, display=display, cli_limit=False)
        if data is None:
            continue
        if not isinstance(data, Mapping):
            _bad(display, getattr(data, "line", None), "checks.case_file_must_map_rule")
        for rid, cases in data.items():
            line = data.key_lines[rid]
            if not isinstance(cases, Sequence):
                _bad(display, line, "checks.cases_must_list", rid=rid)
            for raw in cases:
                out.setdefault(str(rid), []).append(_case(str(rid), raw, display, getattr(raw, "line", line)))
    return out


def _case(rid: str, raw, file: str, line: int) -> Case:
    if not isinstance(raw, Mapping):
        _bad(file, line, "checks.every_case_must_mapping", rid=rid)
    unknown = sorted(set(raw) - CASE_KEYS)
    if unknown:
        _bad(file, raw.key_lines[unknown[0]], "checks.unknown_case_key", rid=rid, unknown=unknown[0], join=', '.join(sorted(CASE_KEYS)))
    case = plain(raw)
    for side in ("bad", "good"):
        if case.get(side) is not None and not isinstance(case[side], dict):
            _bad(file, raw.key_lines[side], "checks.must_mapping_tables", rid=rid, side=side)
    if case.get("bad") is None and case.get("good") is None:
        _bad(file, line, "checks.case_without_bad_good", rid=rid)
    finds = case.get("finds") or []
    if case.get("bad") is not None and not finds:
        _bad(file, line, "checks.bad_without_finds", rid=rid)
    if not isinstance(finds, list) or not all(isinstance(f, dict) and set(f) <= FIND_KEYS for f in finds):
        _bad(file, raw.key_lines.get("finds", line), "checks.finds_must_list_mappings", rid=rid, sorted=sorted(FIND_KEYS))
    params = case.get("params") or {}
    also = case.get("with") or []
    if not isinstance(params, dict) or not isinstance(also, list):
        _bad(file, line, "checks.params_must_mapping_with_list", rid=rid)
    return Case(rid, case.get("bad"), case.get("good"), [{k: str(v) for k, v in f.items()} for f in finds],
                params, str(case.get("lang") or "id"), tuple(str(a) for a in also), f"{file}:{line}")


def fragment_text(fragment: dict) -> str:
    """A fragment as its author wrote it, for `rules explain`: the text as text, tables as YAML."""
    import yaml

    tables = {k: v for k, v in fragment.items() if k != TEXT_KEY}
    parts = []
    if TEXT_KEY in fragment:
        parts.append(str(fragment[TEXT_KEY]).rstrip())
    if tables:
        parts.append(yaml.safe_dump(tables, allow_unicode=True, sort_keys=False, default_flow_style=None,
                                    width=110).rstrip())
    return "\n".join(parts)


def examples(pack_dir: Path) -> dict[str, tuple[str, str]]:
    """(bad, good) of each rule's first case that has both."""
    out = {}
    for rid, cases in load_cases(pack_dir).items():
        for c in cases:
            if c.bad is not None and c.good is not None:
                # what the fragment gives, in the words of neither language: rule and row (or line)
                finds = "; ".join(" ".join(x for x in (f.get("rule", rid), f.get("row") or
                                                       (f"laporan.md:{f['line']}" if f.get("line") else "")) if x)
                                  for f in c.finds)
                out[rid] = (f"{fragment_text(c.bad)}\n# \u2192 {finds}", fragment_text(c.good))
                break
    return out


def attach_examples(pack, pack_dir: Path) -> None:
    """Each rule's example from its cases, where the rule file gives none."""
    from dataclasses import replace

    for rid, (bad, good) in examples(pack_dir).items():
        m = pack.meta.get(rid)
        if m is not None and not m.example_bad and not m.example_good:
            pack.meta[rid] = replace(m, example_bad=bad, example_good=good)


def write_fragment(folder: Path, fragment: dict) -> Path:
    """An lkj.yaml (and laporan.md for `teks`) holding the fragment."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    data: dict = {"lkjcheck": 1, "model": "sakip", "laporan": {**BASE_REPORT, **(fragment.get("laporan") or {})}}
    data.update({k: v for k, v in fragment.items() if k not in ("laporan", TEXT_KEY)})
    (folder / "lkj.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if TEXT_KEY in fragment:
        (folder / "laporan.md").write_text(str(fragment[TEXT_KEY]), encoding="utf-8")
    return folder


def run_folder(pack, folder: Path, rule_ids: list[str], params: dict | None = None, lang: str = "id") -> list:
    """The loader's findings on a dataset folder and those of the named rules, table and text."""
    from lkjcheck.checks.table import run_rules
    from lkjcheck.model.dataset import load_dataset
    from lkjcheck.model.facts import text_facts

    table = [r for r in pack.rules if r.meta.id in rule_ids]
    text = [r for r in pack.text_rules if r.meta.id in rule_ids]
    # a built-in rule (the loader's DAT...) has nothing to evaluate: its findings come with the dataset
    if not all(rid in pack.meta for rid in rule_ids):
        raise KeyError(f"unknown rule among {rule_ids}")
    ds = load_dataset(folder, pack.model)
    found = list(ds.findings)
    if any(pack.meta[rid].kind == "builtin" for rid in rule_ids):
        # the loader's findings also come from the model's schema (required, choices, ranges)
        from lkjcheck.checks.table import stack
        from lkjcheck.model.schema import validate

        found += validate(stack([ds], pack), pack.model, [ds.name], lang)
    found += run_rules([ds], pack, table, lang, params) if table else []
    if text and ds.text_path and ds.year is not None:
        from lkjcheck.checks.text.check import check_document
        from lkjcheck.read.textdoc import read_document

        found += check_document(read_document(ds.text_path), ds.year, text, dataset=ds.name, lang=lang,
                                facts=text_facts(ds, pack.model))
    return found


def run_case(pack, case: Case, side: str) -> list:
    """The findings of `case.bad` or `case.good`."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_fragment(Path(tmp) / side, getattr(case, side))
        return run_folder(pack, folder, case.rules, case.params or None, case.lang)


def mismatch(case: Case, found: list) -> str | None:
    """Why the bad side's findings are not exactly `case.finds`, or None."""
    if len(found) != len(case.finds):
        return f"expected {len(case.finds)} finding(s), got {len(found)}"
    for want, f in zip(case.finds, found):
        for k, v in {"rule": case.rule, **want}.items():
            got = f.message if k == "says" else f.location.line if k == "line" else getattr(f, k, None)
            if k == "says" and v not in got or k != "says" and str(got if got is not None else "") != v:
                return f"{k}: expected {v!r}, got {got!r}"
    return None
