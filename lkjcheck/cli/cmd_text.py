"""`lkjcheck text`: the text rules on a bare report text, without a dataset."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from lkjcheck import __version__
from lkjcheck.cli.helptext import Argument, Command
from lkjcheck.cli.common import EXIT_FINDINGS, EXIT_OK, FORMATS, _emit, _fail, _fail_key, _split, _use_templates


@click.command(cls=Command, help="help.text", epilog="help.exit_codes_check")
@click.argument("file", type=click.Path(), cls=Argument)
@click.option("--tahun", "year", type=click.IntRange(1900, 2200), required=True, help="help.text.year")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMATS), help="help.opt.format")
@click.option("--output", "-o", "outputs", multiple=True, help="help.opt.output")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", help="help.opt.fail_on")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", help="help.opt.lang")
@click.option("--select", multiple=True, help="help.opt.select")
@click.option("--ignore", multiple=True, help="help.opt.ignore")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="help.opt.rules")
@click.option("--template", "template_dir", type=click.Path(file_okay=False), default=None, help="help.opt.template")
@click.option("--claims", "list_claims", is_flag=True, help="help.text.claims")
@click.option("--max-text-chars", type=click.IntRange(1, 1 << 30), default=None, help="help.opt.max_text_chars")
@click.option("--debug", is_flag=True, help="help.opt.debug")
def text(file, year, formats, outputs, fail_on, lang, select, ignore, rules, template_dir, list_claims, max_text_chars,
         debug):
    """The text rules on a bare report text (help.text of lkjcheck/messages/help.yaml)."""
    import datetime as _dt

    from lkjcheck.gcpause import paused

    with paused(freeze=True):      # the modules and the rule pack live until exit (lkjcheck.gcpause)
        from lkjcheck.findings import SEVERITY_RANK, DatasetInfo, RunResult
        from lkjcheck.checks.rules import selected
        from lkjcheck.run.options import Options, load_rulepack
        from lkjcheck.errors import InputError

    formats = list(formats) or ["text"]
    try:
        with paused(freeze=True):
            opts = Options(lang=lang, rule_dirs=[Path(r) for r in rules])
            pack = load_rulepack(opts, table_rules=False)      # no table is checked: no table rules compiled
            from lkjcheck.checks.text.check import check_document
            from lkjcheck.read.textdoc import read_document

        sel, ign = _split(select), _split(ignore)
        from lkjcheck.run.config import check_names
        opts.select, opts.ignore = sel, ign
        check_names(opts, pack.meta, pack.model.parameters)
        trules = [r for r in pack.text_rules if selected(r.meta.id, sel, ign)]
        name = Path(file).name
        doc = read_document(file, max_chars=max_text_chars or opts.max_text_chars)
        claims = [] if list_claims else None
        if list_claims:
            from lkjcheck.report.claims import FORMATS as CLAIM_FORMATS

            if any(f not in CLAIM_FORMATS for f in formats):
                raise InputError("--format", None, "cli.claims_works_with_format_text")
        findings = check_document(doc, year, trules, dataset=name, lang=lang, claims=claims)
        from lkjcheck.run.coverage import missing_text_parts, text_coverage
        if selected("LKP001", sel, ign):
            findings += missing_text_parts(doc, pack.meta, name, lang)
        from lkjcheck.findings import cap_findings

        result = RunResult(cap_findings(findings, lang), [DatasetInfo(name, file, None, year, (file,))], pack.meta, lang,
                           __version__, _dt.datetime.now().astimezone().isoformat(timespec="seconds"), fail_on,
                           text_coverage(name, file, doc, trules, findings, pack.meta, sel, ign))
        _use_templates(result, template_dir)
        if list_claims:
            _emit_claims(formats, outputs, result, claims, name, lang)
        else:
            _emit(formats, outputs, result)
    except InputError as e:
        if debug:
            raise
        _fail(e.text(lang))
    except Exception as e:
        if debug:
            raise
        _fail_key("cli.internal_error", lang, kind=type(e).__name__, error=e)
    bad = [f for f in result.findings if not f.waived and SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on]]
    sys.exit(EXIT_FINDINGS if bad else EXIT_OK)


def _emit_claims(formats, outputs, result, claims, name, lang) -> None:
    """The findings report with the claims added, each format to its -o file or stdout."""
    from lkjcheck.cli.common import _refuse_overwriting_inputs, write_atomic
    from lkjcheck.report import get_renderer
    from lkjcheck.report.claims import add_to_report
    from lkjcheck.safety.output import check_target

    _refuse_overwriting_inputs(outputs, result)
    for out in outputs:
        if out != "-":
            check_target(out)
    for i, fmt in enumerate(formats):
        text = add_to_report(fmt, get_renderer(fmt)(result), claims, name, lang)
        if i < len(outputs) and outputs[i] != "-":
            write_atomic(outputs[i], text)
        else:
            click.echo(text, nl=False, color=bool((result.display or {}).get("color")))
