"""`lkjcheck serve` (the reviewer's web page) and `lkjcheck gx export` (Great Expectations suites)."""
from __future__ import annotations

import click

from lkjcheck.cli.helptext import Command, Group
from lkjcheck.cli.common import _fail, _fail_key, _max_bytes, early_lang, _options, _require_gx, _split, write_atomic


@click.group(cls=Group, help="help.gx")
def gx():
    """Great Expectations (help.gx of lkjcheck/messages/help.yaml)."""


@gx.command("export", cls=Command, help="help.gx_export")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="help.opt.rules")
@click.option("--output", "-o", "output", default="-", help="help.gx.output")
@click.option("--select", multiple=True, help="help.opt.select")
@click.option("--ignore", multiple=True, help="help.opt.ignore")
@click.option("--config", "config_path", type=click.Path(), is_eager=True, help="help.opt.config")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None, is_eager=True, help="help.opt.lang")
@click.option("--debug", is_flag=True, help="help.opt.debug")
def gx_export(rules, output, select, ignore, config_path, lang, debug):
    """A GX 1.x suite of the expressible rules (help.gx_export)."""
    from lkjcheck.checks.rules import selected
    from lkjcheck.errors import InputError
    from lkjcheck.i18n import t

    _require_gx()
    lang = lang or early_lang()
    try:
        opts = _options({"select": _split(select), "ignore": _split(ignore), "rules": rules}, lang, config_path)
        from lkjcheck.gx import dumps, export_document
        from lkjcheck.run.options import load_rulepack
        pack = load_rulepack(opts)
        chosen = [r for r in pack.rules if selected(r.meta.id, opts.select, opts.ignore)]
        doc, skipped = export_document(pack, chosen, opts.params)
    except InputError as e:
        if debug:
            raise
        _fail(e.text(lang))
    text = dumps(doc)
    if output == "-":
        click.echo(text, nl=False)
    else:
        try:
            write_atomic(output, text)
        except InputError as e:
            _fail(e.text(lang))
    n = sum(len(s["expectations"]) for s in doc["suites"])
    click.echo(t("gx.export_summary", lang, n=n, rules=len(chosen) - len({s.rule_id for s in skipped}),
                 skipped=len(skipped)), err=True)
    for s in skipped:
        click.echo(t("gx.export_skipped", lang, rule=s.rule_id, table=s.table, reason=s.reason_in(lang)), err=True)


@click.command(cls=Command, help="help.serve")
@click.option("--host", default=None, help="help.serve.host")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="help.serve.port")
@click.option("--no-browser", is_flag=True, help="help.serve.no_browser")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None, is_eager=True, help="help.serve.lang")
@click.option("--max-upload-mb", type=click.IntRange(1, 1024), default=None, help="help.serve.max_upload_mb")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="help.opt.rules")
@click.option("--config", "config_path", type=click.Path(), help="help.opt.config")
@click.option("--max-bytes", type=int, default=None, callback=lambda c, p, v: _max_bytes(v, c), help="help.opt.max_bytes")
def serve(host, port, no_browser, lang, max_upload_mb, rules, config_path, max_bytes):
    """The reviewer's local web page (help.serve)."""
    import importlib.util

    from lkjcheck.errors import InputError

    missing = [m for m in ("starlette", "uvicorn", "jinja2") if importlib.util.find_spec(m) is None]
    if missing:
        _fail_key("cli.serve_not_installed", lang or early_lang(), names=", ".join(missing))
    try:
        opts = _options({"rules": rules, "max_bytes": max_bytes}, lang, config_path)
    except InputError as e:
        _fail(e.text(lang or early_lang()))
    from lkjcheck.serve.server import serve as run_server
    from lkjcheck.serve.upload import MiB, Limits

    limits = Limits(upload_bytes=max_upload_mb * MiB) if max_upload_mb else Limits()
    try:
        run_server(opts, limits, host, port, not no_browser, click.echo)
    except OSError as e:
        _fail_key("cli.cannot_serve", opts.lang, error=e)
    except KeyboardInterrupt:
        pass
