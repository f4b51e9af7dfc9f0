"""Command line. Wiring only: the work is in runner, rules and render.

Heavy modules (pandas, pandera, numpy) are imported inside the commands that
need them, so `--version`, `--help` and `rules` start instantly in a
pre-commit hook.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from lkjcheck import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "markdown", "html", "docx", "xlsx")
BINARY_FORMATS = ("docx", "xlsx")


def _fail(message: str) -> "NoReturn":  # noqa: F821
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
            raise InputError("-", None, f"--format {fmt} memerlukan -o BERKAS", f"--format {fmt} needs -o FILE")
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
        raise InputError(template_dir, None, "folder templat tidak ditemukan", "template folder not found")
    result.template_dir = str(template_dir)


def _refuse_overwriting_inputs(outputs, result, extra_inputs=()) -> None:
    """-o must never name a file the run read: a report must not replace its own evidence.

    Read are the datasets' files, every rule file (named by its rules'
    sources) with its pack's model.yaml, the waiver file and the configuration.
    """
    from lkjcheck.errors import InputError

    names = [f for d in result.datasets for f in d.files] + [p for p in extra_inputs if p]
    for meta in result.rules.values():
        src = (meta.source or "").rpartition(":")[0] or meta.source
        if src:
            names += [src, str(Path(src).parent / "model.yaml")]
    inputs = set()
    for f in names:
        try:
            inputs.add(Path(f).resolve())
        except (OSError, RuntimeError, ValueError):
            pass
    for out in outputs:
        try:
            resolved = Path(out).resolve()
        except (OSError, RuntimeError, ValueError):
            continue            # check_target names what is wrong with it
        if out != "-" and resolved in inputs:
            raise InputError(out, None, "berkas keluaran adalah berkas masukan; tidak ditimpa",
                             "the output file is one of the input files; not overwritten")


def _max_bytes(value: int | None) -> int | None:
    """--max-bytes within what one process can hold in memory (textfile.MAX_LIMIT_BYTES), or a usage error."""
    from lkjcheck.read.textfile import MAX_LIMIT_BYTES

    if value is not None and not 0 < value <= MAX_LIMIT_BYTES:
        raise click.BadParameter(f"{value:,} di luar 1 … {MAX_LIMIT_BYTES:,} byte / outside 1 … {MAX_LIMIT_BYTES:,} "
                                 "bytes (a data file is read into memory whole)")
    return value


def _split(values) -> list[str] | None:
    out = []
    for v in values or ():
        out.extend(x.strip().upper() for x in v.split(",") if x.strip())
    return out or None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="lkjcheck", message="%(prog)s %(version)s")
def main():
    """lkjcheck: memeriksa data Laporan Kinerja (SAKIP) seperti pereviu APIP.

    Checks the data of an Indonesian performance report (LKj) the way an
    inspectorate reviewer would.
    """


def _options(ctx_opts: dict, lang: str, config_path: str | None, cfg: dict | None = None):
    from lkjcheck.run.config import load_config
    from lkjcheck.run.runner import Options

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


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Format keluaran / output format (boleh berulang, berpasangan dengan -o).")
@click.option("--output", "-o", "outputs", multiple=True, help="Tulis ke berkas / write to file (paired with --format).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Keluar dengan kode 1 bila ada temuan setingkat ini atau lebih berat (bawaan: error) / "
                   "exit 1 on findings of this severity or worse (default: error).")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None, help="Bahasa pesan / message language.")
@click.option("--select", multiple=True, help="Hanya aturan ini (id atau awalan, dipisah koma) / only these rules (ids or prefixes).")
@click.option("--ignore", multiple=True, help="Abaikan aturan ini (id atau awalan, dipisah koma) / skip these rules.")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="Folder paket aturan tambahan / an extra rule pack folder.")
@click.option("--waivers", type=click.Path(), help="Berkas pengecualian (waiver) YAML / waiver file.")
@click.option("--config", "config_path", type=click.Path(), help="Berkas konfigurasi (lkjcheck.toml) / configuration file.")
@click.option("--max-bytes", type=int, default=None, callback=lambda c, p, v: _max_bytes(v), help="Batas ukuran berkas masukan (byte) / input size limit (bytes).")
@click.option("--no-text", is_flag=True, help="Jangan periksa teks laporan (laporan.md/.docx) / do not check the report text.")
@click.option("--previous", "previous", multiple=True, type=click.Path(),
              help="LKj tahun lain untuk pemeriksaan antartahun saja (temuannya sendiri tidak dilaporkan) / "
                   "another year's LKj, for the cross-year checks only.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Proses paralel untuk memuat dataset (bawaan: semua inti) / parallel loading processes.")
@click.option("--engine", type=click.Choice(["native", "gx"]), default="native",
              help="gx: aturan yang dapat diungkapkan diperiksa Great Expectations (perlu lkjcheck[gx]) / "
                   "gx: Great Expectations judges the rules it can express.")
@click.option("--gx-docs", type=click.Path(file_okay=False), default=None,
              help="Dengan --engine gx: bangun GX Data Docs di folder ini / build GX Data Docs here.")
@click.option("--show-config", is_flag=True,
              help="Tampilkan konfigurasi yang berlaku bagi setiap dataset dan asal tiap nilai, lalu keluar / "
                   "print the configuration in force for each dataset and where each value comes from.")
@click.option("--ignore-outside", is_flag=True,
              help="Berkas di luar dataset mana pun diabaikan, juga bila tak ada yang tersisa (untuk pre-commit) / "
                   "files outside any dataset are ignored, even when nothing is left (for pre-commit).")
@click.option("--quiet", "-q", is_flag=True,
              help="Hanya temuan, tanpa ringkasan dan cakupan / findings only, no summary or coverage.")
@click.option("--statistics", is_flag=True,
              help="Hanya jumlah temuan per aturan / only the number of findings per rule.")
@click.option("--exit-zero", is_flag=True,
              help="Keluar dengan 0 walau ada temuan (2 tetap untuk masukan rusak) / exit 0 even with findings.")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto",
              help="Warna pada keluaran teks (auto: hanya di terminal) / colour in text output.")
@click.option("--tahun", "year", type=click.IntRange(1900, 2200), default=None,
              help="Tahun laporan bila tidak terbaca dari dokumen (PDF/DOCX/teks) / report year of a document.")
@click.option("--template", "template_dir", type=click.Path(file_okay=False), default=None,
              help="Folder templat kertas kerja (kkr.html.j2, kkr.md.j2) / working paper templates.")
@click.option("--debug", is_flag=True, help="Tampilkan traceback untuk kesalahan internal / show tracebacks.")
def run(paths, formats, outputs, fail_on, lang, select, ignore, rules, waivers, config_path, max_bytes, no_text,
        previous, jobs, engine, gx_docs, year, show_config, ignore_outside, quiet, statistics, exit_zero, color, template_dir,
        debug):
    """Periksa dataset LKj / check LKj datasets.

    PATHS: folder berisi lkj.yaml atau lkj.xlsx, pohon folder, berkas di dalam dataset, buku kerja .xlsx,
    dokumen laporan (PDF, DOCX, MD, TXT), atau - untuk stdin / dataset folders, trees of them, files inside a
    dataset, a workbook, report documents, or - for stdin.

    Kode keluar / exit codes: 0 tidak ada temuan / no findings, 1 temuan / findings,
    2 masukan tidak dapat dipakai / unusable input.
    """
    from lkjcheck.findings import SEVERITY_RANK
    from lkjcheck.errors import InputError

    formats = list(formats) or ["text"]
    outputs = list(outputs)
    if len(outputs) > len(formats):
        _fail("setiap -o memerlukan --format / every -o needs a --format")
    try:
        from lkjcheck.run.config import configs_for, load_config
        from lkjcheck.run.runner import discover, merge_results
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
            opts.debug = debug
            opts.year = year
            opts.previous = [Path(p) for p in previous]
            opts.jobs = jobs or os.cpu_count() or 1
            if gx_docs and engine != "gx":
                _fail("--gx-docs memerlukan --engine gx / --gx-docs needs --engine gx")
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
        _fail(e.text(opts.lang if "opts" in locals() else (lang or "id")))
    except KeyboardInterrupt:              # Ctrl-C, and output.Terminated for SIGTERM
        _fail("dihentikan / interrupted")
    except Exception as e:  # a bug of ours must still not dump a traceback on a reviewer
        if debug:
            raise
        _fail(f"kesalahan internal / internal error: {type(e).__name__}: {e} (ulangi dengan --debug)")
    from lkjcheck.run.runner import TEXT_UNREADABLE

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
        raise InputError("-", None, f"masukan terlalu besar (batas {limit} byte)", f"input too large (limit {limit} bytes)")
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


def _require_gx():
    import importlib.util

    if importlib.util.find_spec("great_expectations") is None:
        _fail("Great Expectations tidak terpasang / is not installed: pip install 'lkjcheck[gx]'")


@main.group()
def gx():
    """Great Expectations: ekspor aturan sebagai expectation suite / export rules as GX suites."""


@gx.command("export")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="Folder paket aturan tambahan / an extra rule pack folder.")
@click.option("--output", "-o", "output", default="-", help="Berkas JSON / JSON file (bawaan: stdout).")
@click.option("--select", multiple=True, help="Hanya aturan ini / only these rules (ids or prefixes).")
@click.option("--ignore", multiple=True, help="Abaikan aturan ini / skip these rules.")
@click.option("--config", "config_path", type=click.Path(), help="Berkas konfigurasi (lkjcheck.toml) / configuration file.")
@click.option("--debug", is_flag=True, help="Tampilkan traceback / show tracebacks.")
def gx_export(rules, output, select, ignore, config_path, debug):
    """Tulis suite GX 1.x dari aturan yang dapat diungkapkan / write a GX 1.x suite of the expressible rules."""
    from lkjcheck.checks.rules import selected
    from lkjcheck.errors import InputError

    _require_gx()
    try:
        opts = _options({"select": _split(select), "ignore": _split(ignore), "rules": rules}, "en", config_path)
        from lkjcheck.gx import dumps, export_document
        from lkjcheck.run.runner import load_rulepack
        pack = load_rulepack(opts)
        chosen = [r for r in pack.rules if selected(r.meta.id, opts.select, opts.ignore)]
        doc, skipped = export_document(pack, chosen, opts.params)
    except InputError as e:
        if debug:
            raise
        _fail(e.text())
    text = dumps(doc)
    if output == "-":
        click.echo(text, nl=False)
    else:
        try:
            write_atomic(output, text)
        except InputError as e:
            _fail(e.text())
    n = sum(len(s["expectations"]) for s in doc["suites"])
    click.echo(f"{n} expectations from {len(chosen) - len({s.rule_id for s in skipped})} rules; "
               f"{len(skipped)} rules not exported:", err=True)
    for s in skipped:
        click.echo(f"  {s.rule_id} ({s.table}): {s.reason}", err=True)


@main.group(invoke_without_command=True)
@click.option("--family", help="Hanya keluarga aturan ini (kinerja, anggaran, ...) / only this rule family.")
@click.option("--severity", type=click.Choice(["error", "warning", "info"]),
              help="Hanya aturan setingkat ini / only rules of this severity.")
@click.option("--search", "text", help="Cari dalam judul / search the titles.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", help="Bahasa / language.")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="Folder paket aturan tambahan / an extra rule pack folder.")
@click.pass_context
def rules(ctx, family, severity, text, lang, rules):
    """Katalog aturan / the rule catalogue."""
    ctx.ensure_object(dict)
    ctx.obj.update(lang=lang, rules=rules)
    if ctx.invoked_subcommand:
        return
    from tabulate import tabulate

    meta = _catalogue(rules, lang)
    rows = []
    for m in sorted(meta.values(), key=lambda m: m.id):
        if family and m.family != family:
            continue
        if severity and m.severity != severity:
            continue
        title = m.title_in(lang)
        if text and text.lower() not in (title + " " + m.id + " " + m.title_in("id")).lower():
            continue
        rows.append([m.id, m.severity, m.family, title])
    from lkjcheck.safety.text import visible

    # Titles come from rule files anyone may contribute: no escape sequence reaches the terminal.
    click.echo(visible(tabulate(rows, headers=["ID", "severity", "family" if lang == "en" else "keluarga",
                                               "title" if lang == "en" else "judul"], tablefmt="simple")))


def _catalogue(extra_dirs, lang="id", examples=False):
    from lkjcheck.checks.rules import load_pack, pack_folders
    from lkjcheck.errors import InputError

    try:
        dirs = pack_folders(extra_dirs)
        pack = load_pack(dirs, compile_rules=False)
        if examples:
            # a rule's example is its first case (rules/<pack>/cases/)
            from lkjcheck.checks.cases import attach_examples
            for d in dirs:
                attach_examples(pack, d)
        return pack.meta
    except InputError as e:
        _fail(e.text(lang))
    except Exception as e:  # rule files are untrusted: a bug they reach must not print a traceback either
        _fail(f"kesalahan internal / internal error: {type(e).__name__}: {e}")


@rules.command()
@click.argument("rule_id")
@click.option("--lang", "lang_here", type=click.Choice(["id", "en"]), default=None,
              help="Bahasa penjelasan / language of the explanation.")
@click.pass_context
def explain(ctx, rule_id, lang_here):
    """Jelaskan satu aturan / explain one rule."""
    from lkjcheck.errors import suggest

    lang = lang_here or ctx.obj.get("lang", "id")
    meta = _catalogue(ctx.obj.get("rules"), lang, examples=True)
    m = meta.get(rule_id.upper())
    if m is None:
        _fail(f"aturan {rule_id} tidak ada{suggest(rule_id.upper(), meta, 'id')}" if lang != "en"
              else f"no rule {rule_id}{suggest(rule_id.upper(), meta, 'en')}")
    en = lang == "en"
    out = [f"{m.id}: {m.title_in(lang)}", ""]
    out.append(f"{'Severity' if en else 'Tingkat'}: {m.severity}    {'Family' if en else 'Keluarga'}: {m.family}    "
               f"{'Kind' if en else 'Jenis'}: {m.kind}")
    if m.reference:
        out.append(f"{'Regulation' if en else 'Dasar'}: {m.reference}")
    out.append("")
    if m.rationale_in(lang):
        out += [m.rationale_in(lang), ""]
    out += _explain_reviu(m, lang, ctx.obj.get("rules"))
    if m.expression:
        out += ["Expression:" if en else "Ekspresi:", *("    " + ln for ln in m.expression.splitlines()), ""]
    if m.example_bad:
        out += ["Bad:" if en else "Salah:", *("    " + ln for ln in m.example_bad.splitlines()), ""]
    if m.example_good:
        out += ["Good:" if en else "Benar:", *("    " + ln for ln in m.example_good.splitlines()), ""]
    out.append(f"{'Defined in' if en else 'Didefinisikan di'}: {m.source}")
    from lkjcheck.safety.text import visible

    click.echo(visible("\n".join(out)))


def _explain_reviu(m, lang, extra_dirs=None) -> list[str]:
    """The reviu criteria a rule serves and its recommendation (the pack's reviu.yaml)."""
    from lkjcheck.checks.rules import pack_folders
    from lkjcheck.errors import InputError
    from lkjcheck.report.reviu import guide_of_packs

    try:
        guide = guide_of_packs(pack_folders(extra_dirs))
    except InputError as e:
        _fail(e.text(lang))
    if guide is None:
        return []
    r, crit, en = guide.for_rule(m.id, m.family), guide.criteria, lang == "en"
    out = []
    if r.criteria:
        names = [f"{c} {crit[c].title.get(lang) or crit[c].title.get('id')}" for c in r.criteria if c in crit]
        out += ["Review criteria:" if en else "Kriteria reviu:", *("    " + n for n in names)]
    rec = r.recommendation.get(lang) or r.recommendation.get("id")
    if rec:
        out.append(f"{'Recommendation' if en else 'Rekomendasi'}: {rec}")
    return out + [""] if out else []


@main.command()
@click.argument("file", type=click.Path())
@click.option("--tahun", "year", type=click.IntRange(1900, 2200), required=True, help="Tahun laporan / report year.")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Format keluaran / output format.")
@click.option("--output", "-o", "outputs", multiple=True, help="Tulis ke berkas / write to file.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error",
              help="Keluar dengan kode 1 bila ada temuan setingkat ini / exit 1 on findings of this severity.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", help="Bahasa pesan / message language.")
@click.option("--select", multiple=True, help="Hanya aturan ini / only these rules (ids or prefixes).")
@click.option("--ignore", multiple=True, help="Abaikan aturan ini / skip these rules.")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="Folder paket aturan tambahan / extra rule pack.")
@click.option("--template", "template_dir", type=click.Path(file_okay=False), default=None,
              help="Folder templat kertas kerja / working paper templates.")
@click.option("--debug", is_flag=True, help="Tampilkan traceback / show tracebacks.")
def text(file, year, formats, outputs, fail_on, lang, select, ignore, rules, template_dir, debug):
    """Periksa teks laporan saja (.md, .txt, .docx) / check a bare report text."""
    import datetime as _dt

    from lkjcheck.findings import SEVERITY_RANK, DatasetInfo, RunResult
    from lkjcheck.checks.rules import selected
    from lkjcheck.run.runner import Options, load_rulepack
    from lkjcheck.errors import InputError

    formats = list(formats) or ["text"]
    try:
        opts = Options(lang=lang, rule_dirs=[Path(r) for r in rules])
        pack = load_rulepack(opts, table_rules=False)
        from lkjcheck.checks.text.check import check_document
        from lkjcheck.read.textdoc import read_document

        sel, ign = _split(select), _split(ignore)
        from lkjcheck.run.config import check_names
        opts.select, opts.ignore = sel, ign
        check_names(opts, pack.meta, pack.model.parameters)
        trules = [r for r in pack.text_rules if selected(r.meta.id, sel, ign)]
        name = Path(file).name
        doc = read_document(file)
        findings = check_document(doc, year, trules, dataset=name, lang=lang)
        from lkjcheck.run.coverage import missing_text_parts, text_coverage
        if selected("LKP001", sel, ign):
            findings += missing_text_parts(doc, pack.meta, name, lang)
        from lkjcheck.findings import cap_findings

        result = RunResult(cap_findings(findings, lang), [DatasetInfo(name, file, None, year, (file,))], pack.meta, lang,
                           __version__, _dt.datetime.now().astimezone().isoformat(timespec="seconds"), fail_on,
                           text_coverage(name, file, doc, trules, findings, pack.meta, sel, ign))
        _use_templates(result, template_dir)
        _emit(formats, outputs, result)
    except InputError as e:
        if debug:
            raise
        _fail(e.text(lang))
    except Exception as e:
        if debug:
            raise
        _fail(f"kesalahan internal / internal error: {type(e).__name__}: {e} (ulangi dengan --debug)")
    bad = [f for f in result.findings if not f.waived and SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on]]
    sys.exit(EXIT_FINDINGS if bad else EXIT_OK)


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


@main.command()
@click.argument("report", type=click.Path(dir_okay=False))
@click.option("--output", "-o", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder tujuan lkj.yaml / folder to write lkj.yaml to.")
@click.option("--tahun", "year", type=click.IntRange(1900, 2200), default=None,
              help="Tahun laporan bila tidak terbaca dari dokumen / report year when the document does not say it.")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="Folder paket aturan tambahan / an extra rule pack folder.")
@click.option("--max-bytes", type=int, default=None, callback=lambda c, p, v: _max_bytes(v), help="Batas ukuran berkas masukan (byte) / input size limit in bytes.")
@click.option("--force", is_flag=True, help="Timpa lkj.yaml yang sudah ada / overwrite an existing lkj.yaml.")
@click.option("--debug", is_flag=True, help="Tampilkan traceback untuk kesalahan internal / show tracebacks.")
def extract(report, out_dir, year, rules, max_bytes, force, debug):
    """Tulis dataset dari laporan (PDF, DOCX, MD, TXT) sebagai lkj.yaml untuk ditinjau / write a report's
    dataset as lkj.yaml, each value with its source, for review.

    Kode keluar / exit codes: 0 ditulis / written, 2 masukan tidak dapat dipakai / unusable input.
    """
    from lkjcheck.run.runner import Options, _pack_dirs, load_rulepack
    from lkjcheck.read.yamlsafe import DEFAULT_MAX_BYTES
    from lkjcheck.errors import InputError

    target = Path(out_dir) / "lkj.yaml"
    if target.exists() and not force:
        _fail(f"{target} sudah ada; pakai --force untuk menimpa / already exists; use --force to overwrite")
    try:
        opts = Options(rule_dirs=[Path(r) for r in rules], max_bytes=max_bytes or DEFAULT_MAX_BYTES)
        pack = load_rulepack(opts, compile_rules=False)
        from lkjcheck.extract import write_extracted
        written, ex = write_extracted(Path(report), Path(out_dir), pack.model, _pack_dirs(opts), opts.max_bytes, year)
    except InputError as e:
        if debug:
            raise
        _fail(e.text())
    except OSError as e:
        _fail(f"{out_dir}: {e.strerror or e}")
    except Exception as e:
        if debug:
            raise
        _fail(f"kesalahan internal / internal error: {type(e).__name__}: {e} (ulangi dengan --debug)")
    counts = ", ".join(f"{k} {len(v)}" for k, v in ex.tables.items() if v)
    click.echo(f"ditulis / written: {written} ({counts}; {len(ex.notes)} catatan / notes)")
    click.echo(f"tinjau, lalu / review it, then: lkjcheck run {out_dir}")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--xlsx", is_flag=True, help="Tulis lkj.xlsx (Excel) alih-alih lkj.yaml / write an Excel workbook.")
@click.option("--from", "source", type=click.Path(exists=True),
              help="Ubah dataset lkj.yaml yang ada menjadi lkj.xlsx (dengan --xlsx) / convert an existing dataset.")
@click.option("--tahun", type=click.IntRange(1900, 2200), default=None,
              help="Tahun laporan pada contoh (bawaan: tahun lalu) / report year of the example.")
@click.option("--force", is_flag=True, help="Timpa berkas yang sudah ada / overwrite existing files.")
def init(folder, xlsx, source, tahun, force):
    """Buat dataset baru untuk diisi / scaffold a new dataset (lkj.yaml or lkj.xlsx)."""
    from lkjcheck.scaffold import ScaffoldExists, init_dataset
    from lkjcheck.errors import InputError

    if source and not xlsx:
        _fail("--from hanya bersama --xlsx / --from needs --xlsx")
    try:
        out = init_dataset(folder, xlsx=xlsx, force=force, source=source, year=tahun)
    except ScaffoldExists as e:
        _fail(f"{e} sudah ada; pakai --force untuk menimpa / already exists; use --force to overwrite")
    except InputError as e:
        _fail(e.text())
    except OSError as e:
        _fail(f"{folder}: {e.strerror or e}")
    click.echo(f"ditulis / written: {out}")
    click.echo(f"isi datanya, lalu / fill it in, then: lkjcheck run {folder}")


@main.command()
@click.option("--host", default=None,
              help="Alamat yang dilayani (bawaan 127.0.0.1, hanya komputer ini) / address to serve on "
                   "(default 127.0.0.1: this computer only; naming one lets other computers connect).")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port; 0 memilih port yang bebas / 0 picks a free port.")
@click.option("--no-browser", is_flag=True, help="Jangan buka peramban / do not open the browser.")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None, help="Bahasa halaman / page language.")
@click.option("--max-upload-mb", type=click.IntRange(1, 1024), default=None,
              help="Ukuran unggahan paling besar (MB, bawaan 50) / largest upload (MB, default 50).")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="Folder paket aturan tambahan / an extra rule pack folder.")
@click.option("--config", "config_path", type=click.Path(), help="Berkas konfigurasi / configuration file (lkjcheck.toml).")
@click.option("--max-bytes", type=int, default=None, callback=lambda c, p, v: _max_bytes(v), help="Batas ukuran berkas masukan (byte) / input size limit in bytes.")
def serve(host, port, no_browser, lang, max_upload_mb, rules, config_path, max_bytes):
    """Halaman web lokal untuk pereviu / a local web page for reviewers (needs lkjcheck[serve])."""
    import importlib.util

    from lkjcheck.errors import InputError

    missing = [m for m in ("starlette", "uvicorn", "jinja2") if importlib.util.find_spec(m) is None]
    if missing:
        _fail(f"{', '.join(missing)} tidak terpasang / not installed: pip install 'lkjcheck[serve]'")
    try:
        opts = _options({"rules": rules, "max_bytes": max_bytes}, lang, config_path)
    except InputError as e:
        _fail(e.text(lang or "id"))
    from lkjcheck.serve.server import serve as run_server
    from lkjcheck.serve.upload import MiB, Limits

    limits = Limits(upload_bytes=max_upload_mb * MiB) if max_upload_mb else Limits()
    try:
        run_server(opts, limits, host, port, not no_browser, click.echo)
    except OSError as e:
        _fail(f"tidak dapat melayani / cannot serve on {e}")
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
