"""What every command shares: exit codes, formats, failing with one line, writing reports, options from configuration."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "markdown", "html", "docx", "xlsx")
BINARY_FORMATS = ("docx", "xlsx")


def _max_bytes(value: int | None, ctx: click.Context | None = None) -> int | None:
    """--max-bytes within what one process can hold in memory (textfile.MAX_LIMIT_BYTES), or a usage error."""
    from lkjcheck.read.textfile import MAX_LIMIT_BYTES

    if value is not None and not 0 < value <= MAX_LIMIT_BYTES:
        _fail_key("cli.max_bytes", early_lang(ctx), value=_figure(value), limit=_figure(MAX_LIMIT_BYTES))
    return value


def _figure(n: int):
    from lkjcheck.i18n import Figure

    return Figure(n)


def early_lang(ctx: click.Context | None = None) -> str:
    """The language of a message said while click still reads the options (a bad --max-bytes or --jobs).

    --lang and --config are eager, so click has read them first when they are
    on the command line; else the configuration's `lang` (lkjcheck.toml or
    pyproject.toml, as `_options` finds it); else Bahasa Indonesia.
    """
    params = ctx.params if ctx is not None else {}
    lang = params.get("lang") or params.get("lang_here")
    if lang in ("id", "en"):
        return lang
    path = params.get("config_path")
    return config_lang(path if isinstance(path, str) else None)


def config_lang(path: str | None) -> str:
    """The configuration's `lang` (the file `path`, or the lkjcheck.toml `_options` would find), else "id"."""
    try:
        from lkjcheck.run.config import load_config

        lang = load_config(path).get("lang")
    except Exception:  # a broken configuration is reported later, in its own words
        lang = None
    return lang if lang in ("id", "en") else "id"


def _fail_key(key: str, lang: str, **args) -> NoReturn:
    """Fail with a catalogue message (lkjcheck/messages/cli.yaml) in `lang`."""
    from lkjcheck.i18n import say

    _fail(say(key, lang, args.items()))


def _fail(message: str) -> NoReturn:
    from lkjcheck.safety.text import one_line

    # Messages quote names and values from the inputs: one line, nothing a terminal would act on.
    click.echo(f"lkjcheck: {one_line(message)}", err=True)
    sys.exit(EXIT_INPUT)


def write_atomic(path: str, text: str | bytes) -> None:
    """Write via a temporary file and rename, so an interrupted run never leaves half a report."""
    from lkjcheck.safety.output import write_atomic as _write

    _write(path, text)


def _emit(formats, outputs, result, extra_inputs=()) -> None:
    """Each --format to its -o file (atomically), or to stdout when it has none."""
    from lkjcheck.safety.output import check_target
    from lkjcheck.report import get_renderer
    from lkjcheck.errors import InputError

    _refuse_overwriting_inputs(outputs, result, extra_inputs)
    for out in outputs:
        if out != "-":
            check_target(out)       # before any report is written, so none is written half-way through the list
    for i, fmt in enumerate(formats):
        to_file = i < len(outputs) and outputs[i] != "-"
        if fmt in BINARY_FORMATS and not to_file and sys.stdout.isatty():
            raise InputError("-", None, "cli.format_needs_o_file", fmt=fmt)
        text = get_renderer(fmt)(result)
        if to_file:
            write_atomic(outputs[i], text)
        elif isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.flush()
        elif text:
            # click drops colour codes off a terminal unless told: --color always means always.
            click.echo(text, nl=not text.endswith("\n"), color=bool((result.display or {}).get("color")))


def _use_templates(result, template_dir) -> None:
    """--template: the folder the HTML/Markdown renderers look in first (lkjcheck.report.templating)."""
    if not template_dir:
        return
    from lkjcheck.errors import InputError

    if not Path(template_dir).is_dir():
        raise InputError(template_dir, None, "cli.template_folder_not_found")
    result.template_dir = str(template_dir)


def _refuse_overwriting_inputs(outputs, result, extra_inputs=()) -> None:
    """-o must never name a file the run read: a report must not replace its own evidence.

    Read are the datasets' files, every rule file (named by its rules'
    sources) with its pack's model.yaml, the waiver file and the configuration.
    """
    from lkjcheck.errors import InputError

    outputs = [o for o in outputs if o and o != "-"]
    if not outputs:
        return  # standard output only: nothing to compare (resolving every rule's file cost 13 ms of CPU)
    names = [f for d in result.datasets for f in d.files] + [p for p in extra_inputs if p]
    for meta in result.rules.values():
        src = (meta.source or "").rpartition(":")[0] or meta.source
        if src:
            names += [src, str(Path(src).parent / "model.yaml")]
    targets = []
    for out in outputs:
        try:
            targets.append((out, Path(out).resolve()))
        except (OSError, RuntimeError, ValueError):
            continue            # check_target names what is wrong with it
    # An input that resolves to an existing output is that very file, so when
    # every output exists only the inputs with its device and inode need
    # resolving: one stat per input instead of an lstat per part of its path.
    ids: set | None = set()
    for _, resolved in targets:
        try:
            st = os.stat(resolved)
        except (OSError, ValueError):
            ids = None
            break
        ids.add((st.st_dev, st.st_ino))
    inputs = set()
    for f in set(names):
        if ids is not None:
            try:
                st = os.stat(f)
                if (st.st_dev, st.st_ino) not in ids:
                    continue
            except (OSError, ValueError):
                pass            # resolved as before, whatever that gives
        try:
            inputs.add(Path(f).resolve())
        except (OSError, RuntimeError, ValueError):
            pass
    for out, resolved in targets:
        if resolved in inputs:
            raise InputError(out, None, "cli.output_file_one_input_files")


def _split(values) -> list[str] | None:
    out = []
    for v in values or ():
        out.extend(x.strip().upper() for x in v.split(",") if x.strip())
    return out or None


def _options(ctx_opts: dict, lang: str, config_path: str | None, cfg: dict | None = None):
    from lkjcheck.run.config import load_config
    from lkjcheck.run.options import Options

    cfg = load_config(config_path) if cfg is None else cfg
    opts = Options(lang=lang or cfg.get("lang", "id"))
    opts.config = cfg
    opts.select = ctx_opts.get("select") or _split(cfg.get("select"))
    opts.ignore = ctx_opts.get("ignore") or _split(cfg.get("ignore"))
    opts.origin = {k: ("cli" if ctx_opts.get(k) else "config") for k in ("select", "ignore")}
    opts.rule_dirs = [Path(p) for p in ctx_opts.get("rules") or ()] + [Path(p) for p in cfg.get("rules", [])]
    opts.params = dict(cfg.get("param", {}))
    opts.severity = dict(cfg.get("severity", {}))
    opts.tolerance = dict(cfg.get("tolerance", {}))
    w = ctx_opts.get("waivers") or cfg.get("waivers")
    opts.waivers = Path(w) if w else None
    opts.fail_on = ctx_opts.get("fail_on") or cfg.get("fail_on", "error")
    if ctx_opts.get("max_bytes"):
        opts.max_bytes = ctx_opts["max_bytes"]
    elif cfg.get("max_bytes"):
        from lkjcheck.run.config import check_limit
        opts.max_bytes = check_limit(cfg, opts.max_bytes)
    return opts


def _tty_progress(formats, lang: str = "id"):
    """A progress line on stderr for a person at a terminal; None for pipes, CI logs and machine formats."""
    if any(f != "text" for f in formats) or not sys.stderr.isatty():
        return None

    def show(done, total, name):
        if name is None:                      # the end: leave no stale line above the report
            sys.stderr.write("\r\x1b[K")
        elif total > 1:
            from lkjcheck.i18n import t
            sys.stderr.write("\r\x1b[K" + t("cli.progress", lang, done=min(done + 1, total), total=total,
                                             name=name[:60]))
        sys.stderr.flush()

    return show



def _require_gx():
    import importlib.util

    if importlib.util.find_spec("great_expectations") is None:
        _fail_key("cli.no_gx", early_lang(click.get_current_context(silent=True)))


