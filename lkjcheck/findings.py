"""Findings: the one record every later stage reads.

Everything downstream of the engine (renderers, waivers, exit codes) sees only
these plain, immutable records, so a new output format never needs to know how
a rule was evaluated.
"""
from __future__ import annotations

import copy
import dataclasses
from dataclasses import replace
from typing import Any, Callable, Iterable, Mapping

from lkjcheck import i18n
from lkjcheck.record import record

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


@record(frozen=True)
class Location:
    file: str
    line: int | None = None
    column: int | None = None
    # Spreadsheet cell ("pengukuran_kinerja!E5") when the figure came from XLSX,
    # or a DOCX place ("tabel 4, baris 3, kolom Realisasi").
    cell: str | None = None
    # Physical page of a PDF report; ``line`` is then the line within that page.
    page: int | None = None

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}[{self.cell}]"
        out = self.file
        if self.page:
            out += f":{self.page}"
            if self.line:
                out += f":{self.line}"
            return out
        if self.line:
            out += f":{self.line}"
            if self.column:
                out += f":{self.column}"
        return out


@record(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    dataset: str
    location: Location
    table: str | None = None
    row: str | None = None          # human key: indicator, NIP, source of funds ...
    field: str | None = None
    expected: str | None = None
    actual: str | None = None
    reference: str | None = None
    title: str | None = None
    family: str | None = None
    quote: str | None = None        # the words quoted from a narrative text
    waived: bool = False
    waiver: dict[str, Any] | None = dataclasses.field(default=None, compare=False)
    # What the message says, as data: its wording (a catalogue key, an {id, en}
    # template of a rule file, or an i18n.Value) and the facts it names (typed:
    # i18n.Figure, i18n.Rupiah, i18n.Day ...). `message` is that wording in the
    # run's language; `words(lang)` puts it into any language when a report is written.
    msg: Any = dataclasses.field(default=None, compare=False)
    args: Mapping[str, Any] | None = dataclasses.field(default=None, compare=False)
    found: Any = dataclasses.field(default=None, compare=False)       # typed `actual`
    wanted: Any = dataclasses.field(default=None, compare=False)      # typed `expected`
    worded_in: str | None = dataclasses.field(default=None, compare=False)   # the language of `message`

    def sort_key(self) -> tuple:
        return (
            self.dataset,
            -SEVERITY_RANK.get(self.severity, 0),
            self.location.file,
            self.location.line or 0,
            self.location.column or 0,
            self.rule,
            self.row or "",
            self.field or "",
            self.message,
            # The rest only breaks ties, so that the order never depends on
            # how the reports were split into chunks or loaded in parallel.
            self.table or "",
            self.actual or "",
            self.expected or "",
            self.quote or "",
            self.location.cell or "",
        )

    def to_dict(self) -> dict[str, Any]:
        # By hand rather than dataclasses.asdict, whose deep copy of every
        # field was a third of writing JSON for thousands of findings.
        d = {name: getattr(self, name) for name in _FINDING_FIELDS}
        loc = self.location
        d["location"] = {k: getattr(loc, k) for k in _LOCATION_FIELDS if getattr(loc, k) is not None}
        if self.waived:
            d["waiver"] = copy.deepcopy(self.waiver)
        else:
            d.pop("waiver")
        return d

    def with_waiver(self, waiver: dict[str, Any]) -> "Finding":
        return replace(self, waived=True, waiver=waiver)

    def words(self, lang: str) -> str:
        """The message in `lang`, from the finding's data; `message` when it was made without any."""
        if lang == self.worded_in or self.msg is None \
                or (isinstance(self.msg, str) and self.msg not in i18n.MESSAGES):
            # Already in that language (and perhaps edited since), or made by a
            # check whose catalogue this process has not loaded.
            return self.message
        return word(self.msg, self.args, lang)

    def actual_in(self, lang: str) -> str | None:
        return self.actual if self.found is None or lang == self.worded_in else i18n.show(self.found, lang)

    def expected_in(self, lang: str) -> str | None:
        return self.expected if self.wanted is None or lang == self.worded_in else i18n.show(self.wanted, lang)

    def in_lang(self, lang: str) -> "Finding":
        """The same finding with its message and values worded in `lang` (for formats that copy fields)."""
        if lang == self.worded_in or (self.msg is None and self.found is None and self.wanted is None):
            return self
        return replace(self, message=self.words(lang), actual=self.actual_in(lang), expected=self.expected_in(lang),
                       worded_in=lang)


# The typed data stays in Python: JSON and SARIF carry the worded message and values.
_FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding)
                        if f.name not in ("msg", "args", "found", "wanted", "worded_in"))
_LOCATION_FIELDS = tuple(f.name for f in dataclasses.fields(Location))


# ------------------------------------------------------------------ making findings

def word(msg, args: Mapping[str, Any] | None, lang: str) -> str:
    """A message in `lang`: a catalogue key, an {id, en} template, or an i18n.Value, with its facts in words."""
    if isinstance(msg, str):
        return i18n.t(msg, lang, **(args or {}))
    if isinstance(msg, Mapping):
        return i18n.fill(i18n.pick(msg, lang), {k: (None if v is None else i18n.show(v, lang))
                                                 for k, v in (args or {}).items()})
    return i18n.show(msg, lang)


def make(rule: str, msg, *, dataset: str, location: Location, lang: str = "id",
         catalogue: Mapping[str, RuleMeta] | None = None, severity: str = "error", args: Mapping | None = None,
         found=None, wanted=None, title: str | None = None, family: str | None = None,
         reference: str | None = None, **fields) -> Finding:
    """Every finding is made here.

    Severity, title, family and reference come from the catalogue (the rule
    pack's metadata with lkjcheck.toml applied), so `[severity] DAT007 =
    "error"` changes the finding, not only what `lkjcheck rules` prints; the
    arguments are what a finding of a rule outside the catalogue says. `found`
    and `wanted` are the typed values found and expected; `actual`/`expected`
    are worded from them unless given.
    """
    m = catalogue.get(rule) if catalogue else None
    if m is not None:
        severity, family = m.severity, m.family
        reference = m.reference or reference
        title = m.title_in(lang)
    if found is not None and "actual" not in fields:
        fields["actual"] = i18n.show(found, lang)
    if wanted is not None and "expected" not in fields:
        fields["expected"] = i18n.show(wanted, lang)
    return Finding(rule=rule, severity=severity, message=word(msg, args, lang), dataset=dataset, location=location,
                   title=title, family=family, reference=reference, msg=msg, args=args, found=found,
                   wanted=wanted, worded_in=lang, **fields)


def recatalogue(findings: Iterable[Finding], catalogue: Mapping[str, RuleMeta], lang: str) -> list[Finding]:
    """Findings made before the catalogue was known (a dataset loaded on its own) take it now."""
    out = []
    for f in findings:
        m = catalogue.get(f.rule)
        if m is not None and (f.severity, f.family, f.title) != (m.severity, m.family, m.title_in(lang)):
            f = replace(f, severity=m.severity, title=m.title_in(lang), family=m.family,
                        reference=m.reference or f.reference)
        out.append(f)
    return out


def row_key(parts: Iterable, table: str | None = None, number: Callable[[], int] | None = None) -> str | None:
    """The human name of a row: its key values (each once), else "table #n" (n within its own report).

    Whole, not shortened: a waiver matches on it and machine formats carry it.
    """
    seen: list[str] = []
    for v in parts:
        if v is not None and v != "" and str(v) not in seen:
            seen.append(str(v))
    if seen:
        return " ".join(seen)
    if table is None or number is None:
        return None
    return f"{table} #{number()}"


def row_number(datasets: list[int], r: int) -> int:
    """1-based number of stacked row r within its own report (stacking keeps each report's rows together)."""
    import bisect

    return r - bisect.bisect_left(datasets, datasets[r]) + 1


def sort_findings(findings) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def worst_severity(findings, include_waived: bool = False) -> str | None:
    best = 0
    name = None
    for f in findings:
        if f.waived and not include_waived:
            continue
        r = SEVERITY_RANK.get(f.severity, 0)
        if r > best:
            best, name = r, f.severity
    return name


def counts(findings) -> dict[str, int]:
    out = {s: 0 for s in SEVERITIES}
    out["waived"] = 0
    for f in findings:
        if f.waived:
            out["waived"] += 1
        else:
            out[f.severity] = out.get(f.severity, 0) + 1
    return out


@record(frozen=True)
class RuleMeta:
    """What a renderer or `rules explain` needs to know about a rule."""

    id: str
    family: str
    severity: str
    title: dict[str, str]
    reference: str = ""
    rationale: dict[str, str] = dataclasses.field(default_factory=dict)
    example_bad: str = ""
    example_good: str = ""
    expression: str = ""
    kind: str = "table"              # "table", "text" or "builtin"
    source: str = ""                 # rule file and line, for `explain`
    enabled: bool = True
    # Further keys of a builtin rule (what the runner judges it by, e.g. the
    # mandatory parts of LKP001), as plain data.
    spec: dict = dataclasses.field(default_factory=dict, compare=False)

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("id") or self.id

    def rationale_in(self, lang: str) -> str:
        return self.rationale.get(lang) or self.rationale.get("id") or ""


@record(frozen=True)
class DatasetInfo:
    name: str                        # folder name, used as the finding's dataset
    path: str
    agency: str | None = None
    year: int | None = None
    files: tuple[str, ...] = ()
    # What was read and run for this dataset (lkjcheck.run.coverage), and, for a
    # dataset that could not be read at all, why (it is then not checked).
    coverage: dict | None = dataclasses.field(default=None, compare=False)
    error: str | None = None


@record
class RunResult:
    findings: list[Finding]
    datasets: list[DatasetInfo]
    rules: dict[str, RuleMeta]
    lang: str = "id"
    version: str = ""
    generated_at: str = ""           # ISO timestamp of the run
    fail_on: str = "error"
    # The coverage statement (lkjcheck.run.coverage.summarise): every format shows it.
    coverage: dict = dataclasses.field(default_factory=dict)
    # How the text format is shown (set by the CLI): width, color, quiet, statistics.
    display: dict = dataclasses.field(default_factory=dict)
    # The rule pack folders the run was made with, and their families (id -> {id, title}):
    # the working paper reads the packs' reviu guide (lkjcheck.report.reviu.review_of).
    packs: list = dataclasses.field(default_factory=list)
    families: dict = dataclasses.field(default_factory=dict)


# ------------------------------------------------------------------ caps

# Bounded inputs can still ask for unbounded output: one finding per unknown
# cell of a 1 000-column CSV, one per row of a rule that fails everywhere. A
# reviewer reads the first ones; the rest are counted in one finding.
MAX_PER_RULE = 100          # findings of one rule in one dataset
MAX_PER_RUN = 5000          # findings of a whole run


def omitted(sample: Finding, n: int, lang: str, rule_wide: bool = True) -> Finding:
    """One finding standing for `n` findings not shown, at the place of the first of them."""
    key = "finding.omitted_rule" if rule_wide else "finding.omitted_run"
    args = {"n": n, "rule": sample.rule, "limit": MAX_PER_RULE if rule_wide else MAX_PER_RUN}
    return replace(sample, message=word(key, args, lang), msg=key, args=args, row=None, field=None,
                   actual=str(n), expected=None, quote=None, found=None, wanted=None, worded_in=lang)




class RuleCap:
    """Counts the findings of each (dataset, rule) as they are made; beyond the cap they are only counted."""

    def __init__(self, limit: int = MAX_PER_RULE):
        self.limit = limit
        self.seen: dict[tuple, int] = {}

    def admit(self, dataset: str, rule: str) -> bool:
        key = (dataset, rule)
        n = self.seen.get(key, 0) + 1
        self.seen[key] = n
        return n <= self.limit

    def over(self, dataset: str, rule: str) -> int:
        return max(self.seen.get((dataset, rule), 0) - self.limit, 0)


def cap_findings(findings: list[Finding], lang: str = "id") -> list[Finding]:
    """At most MAX_PER_RULE per (dataset, rule) and MAX_PER_RUN in all, each overflow as one finding.

    A summary keeps the worst severity of what it stands for, so --fail-on
    gives the same exit code with or without the cap.
    """
    ordered = sort_findings(findings)
    if len(ordered) <= MAX_PER_RULE + 1:
        return ordered
    out: list[Finding] = []
    extra: dict[tuple, list] = {}
    counts_: dict[tuple, int] = {}
    for f in ordered:
        if f.msg == "finding.omitted_rule":
            out.append(f)           # the text engine's own count of what it left out (checks/text/check.py)
            continue
        key = (f.dataset, f.rule, f.waived)
        n = counts_.get(key, 0) + 1
        counts_[key] = n
        # One more than the cap: the engine and the loader already cap while
        # they make findings and add their own summary as the 101st.
        if n <= MAX_PER_RULE + 1:
            out.append(f)
        else:
            entry = extra.setdefault(key, [f, 0])
            entry[1] += 1
            if SEVERITY_RANK.get(f.severity, 0) > SEVERITY_RANK.get(entry[0].severity, 0):
                entry[0] = replace(entry[0], severity=f.severity)
    out += [omitted(sample, n, lang) for sample, n in extra.values()]
    if len(out) > MAX_PER_RUN:
        out = sort_findings(out)
        rest = out[MAX_PER_RUN:]
        worst = max(rest, key=lambda f: SEVERITY_RANK.get(f.severity, 0))
        out = out[:MAX_PER_RUN] + [omitted(replace(rest[0], severity=worst.severity), len(rest), lang, False)]
    return sort_findings(out)

