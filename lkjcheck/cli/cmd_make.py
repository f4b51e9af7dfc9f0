"""Commands that write a dataset: `extract` (from a report document) and `init` (a starting one)."""
from __future__ import annotations

from pathlib import Path

import click

from lkjcheck.cli.common import _fail, _fail_key, _max_bytes, early_lang


def _say(key: str, /, **values) -> None:
    """A success line in one language: these commands have no --lang, so the configured or default one."""
    from lkjcheck.i18n import say

    click.echo(say(key, early_lang(), values.items()))


@click.command()
@click.argument("report", type=click.Path(dir_okay=False))
@click.option("--output", "-o", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder tujuan lkj.yaml / folder to write lkj.yaml to.")
@click.option("--tahun", "year", type=click.IntRange(1900, 2200), default=None,
              help="Tahun laporan bila tidak terbaca dari dokumen / report year when the document does not say it.")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="Folder paket aturan tambahan / an extra rule pack folder.")
@click.option("--max-bytes", type=int, default=None, callback=lambda c, p, v: _max_bytes(v, c), help="Batas ukuran berkas masukan (byte) / input size limit in bytes.")
@click.option("--force", is_flag=True, help="Timpa lkj.yaml yang sudah ada / overwrite an existing lkj.yaml.")
@click.option("--debug", is_flag=True, help="Tampilkan traceback untuk kesalahan internal / show tracebacks.")
def extract(report, out_dir, year, rules, max_bytes, force, debug):
    """Tulis dataset dari laporan (PDF, DOCX, MD, TXT) sebagai lkj.yaml untuk ditinjau / write a report's
    dataset as lkj.yaml, each value with its source, for review.

    Kode keluar / exit codes: 0 ditulis / written, 2 masukan tidak dapat dipakai / unusable input.
    """
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


@click.command()
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


