"""`lkjcheck run`: check datasets, trees of them, workbooks and report documents."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from lkjcheck.cli.helptext import Argument, Command
from lkjcheck.run.discover import walks_remembered
from lkjcheck.cli.common import (EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, FORMATS, _emit, _fail, _fail_key, _max_bytes, early_lang, _options, _require_gx,
                                 _split, _tty_progress, _use_templates)


class JobsType(click.ParamType):
    """--jobs N (a whole number from 1) or --jobs auto."""

    name = "N|auto"

    def convert(self, value, param, ctx):
        if isinstance(value, int) or value == "auto":
            return value
        try:
            n = int(value)
        except (TypeError, ValueError):
            n = 0
        if n < 1:
            _fail_key("cli.bad_jobs", early_lang(ctx), value=repr(value))
        return n


@click.command(cls=Command, help="help.run", epilog="help.exit_codes_check")
@click.argument("paths", nargs=-1, required=True, cls=Argument)
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMATS), help="help.opt.format")
@click.option("--output", "-o", "outputs", multiple=True, help="help.opt.output")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None, help="help.opt.fail_on")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None, is_eager=True, help="help.opt.lang")
@click.option("--select", multiple=True, help="help.opt.select")
@click.option("--ignore", multiple=True, help="help.opt.ignore")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="help.opt.rules")
@click.option("--waivers", type=click.Path(), help="help.run.waivers")
@click.option("--config", "config_path", type=click.Path(), is_eager=True, help="help.opt.config")
@click.option("--max-bytes", type=int, default=None, callback=lambda c, p, v: _max_bytes(v, c), help="help.opt.max_bytes")
@click.option("--max-text-chars", type=click.IntRange(1, 1 << 30), default=None, help="help.opt.max_text_chars")
@click.option("--no-text", is_flag=True, help="help.run.no_text")
@click.option("--previous", "previous", multiple=True, type=click.Path(), help="help.run.previous")
@click.option("--jobs", "-j", type=JobsType(), default="auto", show_default=True, help="help.run.jobs")
@click.option("--engine", type=click.Choice(["native", "gx"]), default="native", help="help.run.engine")
@click.option("--gx-docs", type=click.Path(file_okay=False), default=None, help="help.run.gx_docs")
@click.option("--show-config", is_flag=True, help="help.run.show_config")
@click.option("--ignore-outside", is_flag=True, help="help.run.ignore_outside")
@click.option("--quiet", "-q", is_flag=True, help="help.run.quiet")
@click.option("--statistics", is_flag=True, help="help.run.statistics")
@click.option("--exit-zero", is_flag=True, help="help.run.exit_zero")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", help="help.run.color")
@click.option("--tahun", "year", type=click.IntRange(1900, 2200), default=None, help="help.opt.year_document")
@click.option("--template", "template_dir", type=click.Path(file_okay=False), default=None, help="help.opt.template")
@click.option("--debug", is_flag=True, help="help.opt.debug")
@walks_remembered()
def run(paths, formats, outputs, fail_on, lang, select, ignore, rules, waivers, config_path, max_bytes, max_text_chars,
        no_text,
        previous, jobs, engine, gx_docs, year, show_config, ignore_outside, quiet, statistics, exit_zero, color, template_dir,
        debug):
    """Check datasets; the help shown is help.run and help.exit_codes_check (lkjcheck/messages/help.yaml)."""
    from lkjcheck.findings import SEVERITY_RANK
    from lkjcheck.errors import InputError

    formats = list(formats) or ["text"]
    outputs = list(outputs)
    if len(outputs) > len(formats):
        _fail_key("cli.o_needs_format", lang or early_lang())
    try:
        from lkjcheck.run.config import configs_for, load_config
        from lkjcheck.run.discover import discover
        from lkjcheck.run.runner import merge_results
        from lkjcheck.run.runner import run as do_run

        default = load_config(config_path)
        lang = lang or default.get("lang", "id")
        if show_config:
            given = {"select": _split(select), "ignore": _split(ignore), "rules": list(rules) or None,
                     "waivers": waivers, "fail_on": fail_on, "max_bytes": max_bytes}
            click.echo(_show_config(paths, default, config_path, lang, given), nl=False)
            sys.exit(EXIT_OK)
        if ignore_outside and not discover(list(paths), ignore_outside=True):
            if not quiet:
                from lkjcheck.i18n import t
                click.echo(f"lkjcheck: {t('cli.no_dataset', lang)}", err=True)
            sys.exit(EXIT_OK)
        paths, stdin_dir = _stdin_dataset(list(paths), max_bytes)
        runs = []
        read_also = [config_path]      # -o must not replace a waiver or configuration file the run read
        # Each dataset is checked under the lkjcheck.toml nearest to it (see docs/configuration.md).
        for cfg, group in configs_for(list(paths), default, explicit=bool(config_path)):
            opts = _options({"select": _split(select), "ignore": _split(ignore), "rules": rules, "waivers": waivers,
                             "fail_on": fail_on, "max_bytes": max_bytes}, lang, config_path, cfg)
            opts.check_text = not no_text
            if max_text_chars:                  # the command line only: no configuration key raises it
                opts.max_text_chars = max_text_chars
            opts.debug = debug
            opts.year = year
            opts.previous = [Path(p) for p in previous]
            opts.jobs = jobs
            if gx_docs and engine != "gx":
                _fail_key("cli.gx_docs_needs_gx", opts.lang)
            opts.engine, opts.gx_docs = engine, (Path(gx_docs) if gx_docs else None)
            if engine == "gx":
                _require_gx()
            opts.progress = _tty_progress(formats, lang)
            read_also.append(str(opts.waivers) if opts.waivers else None)
            runs.append((do_run(group, opts), opts.fail_on))
            if opts.progress:
                opts.progress(0, 0, None)
        result = merge_results([r for r, _ in runs])
        if stdin_dir:
            result = _from_stdin(result, stdin_dir)
        result.display = _display(color, quiet, statistics, outputs)
        _use_templates(result, template_dir)
        _emit(formats, outputs, result, read_also)
    except InputError as e:
        if debug:
            raise
        _fail(e.text(opts.lang if "opts" in locals() else (lang or early_lang())))
    except KeyboardInterrupt:              # Ctrl-C, and output.Terminated for SIGTERM
        _fail_key("cli.interrupted", opts.lang if "opts" in locals() else (lang or early_lang()))
    except Exception as e:  # a bug of ours must still not dump a traceback on a reviewer
        if debug:
            raise
        _fail_key("cli.internal_error", opts.lang if "opts" in locals() else (lang or early_lang()),
                  kind=type(e).__name__, error=e)
    from lkjcheck.run.text import TEXT_UNREADABLE

    broken = [d.error for d in result.datasets if d.error]
    # A report text that exists but cannot be read is unusable input too: its
    # dataset's tables were checked and reported, and the run still ends with 2.
    broken += [f.words(lang) for f in result.findings if f.rule == TEXT_UNREADABLE and not f.waived]
    for message in broken:
        click.echo(f"lkjcheck: {message}", err=True)
    if broken:
        sys.exit(EXIT_INPUT)
    if exit_zero:
        sys.exit(EXIT_OK)
    # Each group of datasets fails by its own configuration's fail_on.
    failing = [f for r, fail in runs for f in r.findings
               if not f.waived and SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail]]
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def _stdin_dataset(paths: list[str], max_bytes: int | None):
    """`-` reads one lkj.yaml from standard input (into a private temporary folder, never the working one)."""
    if "-" not in paths:
        return paths, None
    import atexit
    import shutil as _shutil

    from lkjcheck.read.yamlsafe import DEFAULT_MAX_BYTES
    from lkjcheck.errors import InputError

    limit = max_bytes or DEFAULT_MAX_BYTES
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise InputError("-", None, "cli.input_too_large_limit_bytes", limit=limit)
    tmp = Path(tempfile.mkdtemp(prefix="lkjcheck-stdin-"))
    atexit.register(_shutil.rmtree, tmp, True)
    folder = tmp / "stdin"
    folder.mkdir()
    (folder / "lkj.yaml").write_bytes(data)
    return [str(folder) if p == "-" else p for p in paths], folder


def _from_stdin(result, folder: Path):
    """Findings on the temporary copy point at `-`, as other linters name standard input."""
    import dataclasses

    prefix = str(folder / "lkj.yaml")

    def loc(f):
        if f.location.file == prefix:
            return dataclasses.replace(f, location=dataclasses.replace(f.location, file="-"))
        return f

    result.findings = [loc(f) for f in result.findings]
    result.datasets = [dataclasses.replace(d, path="-", files=tuple("-" if x == prefix else x for x in d.files))
                       if d.path == str(folder) else d for d in result.datasets]
    return result


def _show_config(paths, default, config_path, lang, given: dict) -> str:
    from lkjcheck.run.config import configs_for, explain_config

    out = []
    for cfg, group in configs_for(list(paths), default, explicit=bool(config_path)):
        out.append(explain_config(cfg, group, lang, {k: v for k, v in given.items() if v}))
    return "\n".join(out)


def _display(color: str, quiet: bool, statistics: bool, outputs) -> dict:
    """How the text format is shown: colour and width follow the terminal it is written to."""
    import shutil

    to_terminal = not any(o != "-" for o in outputs) and sys.stdout.isatty()
    if color == "auto":
        on = to_terminal and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    else:
        on = color == "always"
    width = shutil.get_terminal_size((120, 24)).columns if to_terminal else None
    return {"color": on, "width": width, "quiet": quiet, "statistics": statistics}


