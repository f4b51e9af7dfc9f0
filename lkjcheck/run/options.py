"""What one run is asked to do (`Options`), the rule pack that follows from it, and the catalogue's say on findings."""
from __future__ import annotations

import datetime as _dt
from dataclasses import field
from pathlib import Path

from lkjcheck.checks.rules import RulePack, builtin_rules_dir, load_pack, pack_folders  # noqa: F401
from lkjcheck.errors import InputError
from lkjcheck.read.textdoc import MAX_TEXT_CHARS
from lkjcheck.read.yamlsafe import DEFAULT_MAX_BYTES
from lkjcheck.record import record


@record
class Options:
    lang: str = "id"
    select: list[str] | None = None
    ignore: list[str] | None = None
    rule_dirs: list[Path] = field(default_factory=list)
    no_builtin: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    max_text_chars: int = MAX_TEXT_CHARS     # raised by the command line only (--max-text-chars)
    params: dict = field(default_factory=dict)
    severity: dict = field(default_factory=dict)
    tolerance: dict = field(default_factory=dict)
    waivers: Path | None = None
    check_text: bool = True
    fail_on: str = "error"
    today: _dt.date | None = None
    jobs: int = 1
    engine: str = "native"           # "gx": Great Expectations judges the rules it can express
    gx_docs: Path | None = None
    # Called as progress(done, total, dataset_name) while datasets load; the
    # CLI shows it on a terminal only, never in machine output.
    progress: object = None
    # Reports of earlier (or later) years consulted by the cross-year rules
    # only: they are loaded, but their own findings are not reported.
    previous: list = field(default_factory=list)
    # Reports checked together in one pass; more are checked chunk by chunk.
    chunk_size: int = 400
    # The configuration file read (config.Loaded: source and key lines) and
    # whether select/ignore came from it or from the command line, so that a
    # wrong name is blamed on the right file and line.
    config: dict = field(default_factory=dict)
    origin: dict = field(default_factory=dict)
    debug: bool = False              # let a dataset's InputError through, with its traceback
    # Report year of a report document whose cover does not say it (--tahun).
    year: int | None = None


def _pack_dirs(opts: Options) -> list[Path]:
    return pack_folders(opts.rule_dirs, builtin=not opts.no_builtin)


def load_rulepack(opts: Options, compile_rules: bool = True, table_rules: bool = True) -> RulePack:
    dirs = _pack_dirs(opts)
    if not dirs:
        raise InputError("--rules", None, "run.no_rule_pack")
    return load_pack(dirs, opts.params, {"severity": opts.severity, "tolerance": opts.tolerance},
                     compile_rules=compile_rules, table_rules=table_rules)
