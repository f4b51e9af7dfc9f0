"""Commands that write a dataset: `extract` (from a report document) and `init` (a starting one)."""
from __future__ import annotations

from pathlib import Path

import click

from lkjcheck.cli.helptext import Argument, Command
from lkjcheck.cli.common import _fail, _fail_key, _max_bytes, early_lang


def _say(key: str, /, **values) -> None:
    """A success line in one language: these commands have no --lang, so the configured or default one."""
    from lkjcheck.i18n import say

    click.echo(say(key, early_lang(), values.items()))


@click.command(cls=Command, help="help.extract", epilog="help.exit_codes_extract")
@click.argument("report", type=click.Path(dir_okay=False), cls=Argument)
@click.option("--output", "-o", "out_dir", type=click.Path(file_okay=False), required=True, help="help.extract.output")
@click.option("--tahun", "year", type=click.IntRange(1900, 2200), default=None, help="help.opt.year_document")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="help.opt.rules")
@click.option("--max-bytes", type=int, default=None, callback=lambda c, p, v: _max_bytes(v, c), help="help.opt.max_bytes")
@click.option("--force", is_flag=True, help="help.extract.force")
@click.option("--debug", is_flag=True, help="help.opt.debug")
def extract(report, out_dir, year, rules, max_bytes, force, debug):
    """A report document's dataset as a commented lkj.yaml (help.extract of lkjcheck/messages/help.yaml)."""
    from lkjcheck.run.options import Options, _pack_dirs, load_rulepack
    from lkjcheck.read.yamlsafe import DEFAULT_MAX_BYTES
    from lkjcheck.errors import InputError

    target = Path(out_dir) / "lkj.yaml"
    if target.exists() and not force:
        _fail_key("cli.exists", early_lang(), path=target)
    try:
        opts = Options(rule_dirs=[Path(r) for r in rules], max_bytes=max_bytes or DEFAULT_MAX_BYTES)
        pack = load_rulepack(opts, compile_rules=False)
        from lkjcheck.extract import write_extracted
        written, ex = write_extracted(Path(report), Path(out_dir), pack.model, _pack_dirs(opts), opts.max_bytes, year)
    except InputError as e:
        if debug:
            raise
        _fail(e.text(early_lang()))
    except OSError as e:
        _fail(f"{out_dir}: {e.strerror or e}")
    except Exception as e:
        if debug:
            raise
        _fail_key("cli.internal_error", early_lang(), kind=type(e).__name__, error=e)
    counts = ", ".join(f"{k} {len(v)}" for k, v in ex.tables.items() if v)
    _say("cli.extract_written", path=written, counts=counts, notes=len(ex.notes))
    _say("cli.extract_review_then", folder=out_dir)


@click.command(cls=Command, help="help.init")
@click.argument("folder", type=click.Path(file_okay=False), cls=Argument)
@click.option("--xlsx", is_flag=True, help="help.init.xlsx")
@click.option("--from", "source", type=click.Path(exists=True), help="help.init.from")
@click.option("--tahun", type=click.IntRange(1900, 2200), default=None, help="help.init.year")
@click.option("--force", is_flag=True, help="help.init.force")
def init(folder, xlsx, source, tahun, force):
    """A starting dataset (help.init)."""
    from lkjcheck.scaffold import ScaffoldExists, init_dataset
    from lkjcheck.errors import InputError

    if source and not xlsx:
        _fail_key("cli.from_needs_xlsx", early_lang())
    try:
        out = init_dataset(folder, xlsx=xlsx, force=force, source=source, year=tahun)
    except ScaffoldExists as e:
        _fail_key("cli.exists", early_lang(), path=e)
    except InputError as e:
        _fail(e.text(early_lang()))
    except OSError as e:
        _fail(f"{folder}: {e.strerror or e}")
    _say("cli.init_written", path=out)
    _say("cli.init_fill_then", folder=folder)


