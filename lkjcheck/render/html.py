"""HTML: the reviewer's working paper (Kertas Kerja Reviu, KKR).

One self-contained file: it is attached to the review file, opened years
later, printed and signed, so it may not depend on the network (no external
CSS, scripts, fonts or images). Printing is the main use: A4 landscape, the
table header repeats on every page, rows do not break across pages, and
severity is written in words, never shown by colour alone, so a black-and-white
print keeps all the meaning.
"""
from __future__ import annotations

import re
from html import escape as _escape

from lkjcheck.findings import SEVERITIES, DatasetInfo, RunResult
from lkjcheck.render.common import (
    clean,
    context_text,
    datasets_of,
    family_counts,
    finding_reference,
    finding_title,
    findings_of,
    format_timestamp,
    label,
    lang_of,
    location_text,
    severity_counts,
    severity_label,
    waiver_fields,
)


EM_DASH = " \u2014 "
MIDDOT = " \u00b7 "


def esc(value) -> str:
    return _escape(clean(value), quote=True)


CSS = """
:root { --ink: #1a1a1a; --muted: #555; --line: #888; --light: #ccc; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; padding: 16px 18px 28px; max-width: 1200px;
  font-family: "Liberation Sans", Arial, "Helvetica Neue", Helvetica, sans-serif;
  font-size: 11px; line-height: 1.35; color: var(--ink); background: #fff;
}
header.kop { text-align: center; border-bottom: 3px double var(--ink); padding-bottom: 6px; margin-bottom: 10px; }
header.kop .doc-kind { font-size: 10px; letter-spacing: .08em; color: var(--muted); text-transform: uppercase; }
header.kop h1 { font-size: 17px; margin: 2px 0 1px; letter-spacing: .06em; text-transform: uppercase; }
header.kop .subtitle { font-size: 12px; margin: 0; }
h2 { font-size: 13px; margin: 16px 0 6px; padding-bottom: 2px; border-bottom: 1px solid var(--line); }
h2 .aside { font-weight: normal; color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 3px 5px; vertical-align: top; text-align: left; }
thead th { font-weight: bold; border-bottom: 2px solid var(--ink); background: #f2f2f2; }
table.facts { width: auto; min-width: 55%; margin-bottom: 4px; }
table.facts th { width: 11em; font-weight: normal; color: var(--muted); background: none; border-bottom: 1px solid var(--line); }
.summary { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; }
.summary table { width: auto; }
.summary td.n, .summary th.n { text-align: right; min-width: 4.5em; }
.summary tfoot td { font-weight: bold; border-top: 2px solid var(--ink); }
.summary caption { text-align: left; font-weight: bold; padding-bottom: 3px; }
table.findings { table-layout: fixed; }
table.findings td, table.waived td { overflow-wrap: break-word; }
td.where .loc { overflow-wrap: anywhere; }
table.findings td.msg, table.findings td.val, table.waived td.msg { white-space: pre-line; }
table.findings td.no, table.waived td.no { text-align: right; }
.col-no { width: 3.2%; } .col-id { width: 8.4%; } .col-sev { width: 8.8%; }
.col-where { width: 14.4%; } .col-exp { width: 11%; } .col-found { width: 11%; }
.col-msg { width: 19%; } .col-ref { width: 10%; } .col-resp { width: 14.2%; }
td.id b { display: block; }
td.id .rule-title, td.where .ctx { display: block; color: var(--muted); font-size: 9.5px; margin-top: 2px; }
td.where .loc { font-family: "Liberation Mono", "DejaVu Sans Mono", Consolas, monospace; font-size: 10px; }
td.resp { background: #fff; }
.sev { display: inline-block; padding: 0 4px; border: 1px solid currentColor; border-radius: 2px;
       font-size: 10px; font-weight: bold; white-space: nowrap; }
.sev-error { color: #a40000; }
.sev-warning { color: #8a5a00; }
.sev-info { color: #1d4f91; }
.sev-waived { color: #555; font-weight: normal; }
p.none { font-style: italic; color: var(--muted); margin: 4px 0 8px; }
section.signatures { display: flex; justify-content: space-between; gap: 40px; margin-top: 26px; }
.sign { flex: 0 1 44%; }
.sign .role { font-weight: bold; margin-bottom: 52px; }
.sign .role small { display: block; font-weight: normal; color: var(--muted); }
.sign table td, .sign table th { border: none; padding: 4px 0 2px; }
.sign table th { width: 5.5em; font-weight: normal; background: none; }
.sign .blank { border-bottom: 1px dotted var(--ink); }
footer { margin-top: 18px; padding-top: 5px; border-top: 1px solid var(--light); color: var(--muted); font-size: 9.5px; }
@media screen and (max-width: 900px) {
  /* A4 portrait on screen: tighter cells so badges and rule titles fit their columns. */
  body { padding: 12px 10px 24px; }
  table.findings, table.waived { font-size: 10px; }
  table.findings th, table.findings td, table.waived th, table.waived td { padding: 3px 3px; }
  .sev { font-size: 9px; padding: 0 2px; }
  td.id .rule-title, td.where .ctx { font-size: 9px; }
  td.where .loc { font-size: 9px; }
}
@page { size: A4 landscape; margin: 12mm 10mm 12mm 10mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 8.5pt; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  tr, td, th, .sign, .summary table, table.facts { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section.signatures { break-inside: avoid; page-break-inside: avoid; }
  thead th { background: none; }
  .sev { color: var(--ink) !important; }
}
"""


_DIGIT_GROUP = re.compile(r"(?<=\d)([.,])(?=\d)")


def esc_value(value) -> str:
    """A figure, with line-break opportunities after its thousands separators.

    A narrow column then wraps ``Rp 59.900.669.261`` between digit groups
    instead of in the middle of one, which would misread as two numbers.
    """
    return _DIGIT_GROUP.sub(r"\1<wbr>", esc(value))


def _sev(severity: str, lang: str) -> str:
    return f'<span class="sev sev-{esc(severity)}">{esc(severity_label(severity, lang))}</span>'


def _facts(result: RunResult, datasets: list[DatasetInfo], lang: str) -> str:
    rows: list[tuple[str, str]] = []
    if len(datasets) == 1:
        ds = datasets[0]
        rows += [(label("agency", lang), ds.agency or "-"), (label("year", lang), ds.year or "-"),
                 (label("dataset", lang), ds.name)]
        if ds.path and ds.path != ds.name:
            rows.append((label("path", lang), ds.path))
    else:
        agencies = sorted({d.agency for d in datasets if d.agency})
        years = sorted({str(d.year) for d in datasets if d.year})
        rows += [(label("agency", lang), "; ".join(agencies) or "-"),
                 (label("year", lang), ", ".join(years) or "-"),
                 (label("datasets", lang), ", ".join(d.name for d in datasets) or "-")]
    rows += [(label("generated", lang), format_timestamp(result.generated_at, lang) or "-"),
             (label("tool_version", lang), result.version or "-")]
    body = "".join(f"<tr><th scope=\"row\">{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return f'<table class="facts">{body}</table>'


def _summary(result: RunResult, lang: str) -> str:
    counts = severity_counts(result.findings)
    keys = (*SEVERITIES, "waived")
    heads = {s: severity_label(s, lang).capitalize() for s in SEVERITIES}
    heads["waived"] = label("waived", lang)
    sev_rows = "".join(
        f"<tr><td>{_sev(s, lang) if s != 'waived' else esc(heads[s])}</td><td class=\"n\">{counts[s]}</td></tr>"
        for s in keys
    )
    sev_table = (
        f"<table><caption>{esc(label('by_severity', lang))}</caption>"
        f"<thead><tr><th>{esc(label('severity', lang))}</th><th class=\"n\">{esc(label('total', lang))}</th></tr></thead>"
        f"<tbody>{sev_rows}</tbody>"
        f"<tfoot><tr><td>{esc(label('total', lang))}</td><td class=\"n\">{sum(counts.values())}</td></tr></tfoot>"
        "</table>"
    )
    fams = family_counts(result)
    if not fams:
        return f'<div class="summary">{sev_table}</div>'
    head = "".join(f'<th class="n">{esc(heads[k])}</th>' for k in keys)
    body = "".join(
        f"<tr><td>{esc(fam)}</td>" + "".join(f'<td class="n">{c[k]}</td>' for k in keys)
        + f'<td class="n">{sum(c.values())}</td></tr>'
        for fam, c in fams.items()
    )
    totals = "".join(f'<td class="n">{counts[k]}</td>' for k in keys)
    fam_table = (
        f"<table><caption>{esc(label('by_family', lang))}</caption>"
        f"<thead><tr><th>{esc(label('family', lang))}</th>{head}<th class=\"n\">{esc(label('total', lang))}</th></tr></thead>"
        f"<tbody>{body}</tbody>"
        f"<tfoot><tr><td>{esc(label('total', lang))}</td>{totals}<td class=\"n\">{sum(counts.values())}</td></tr></tfoot>"
        "</table>"
    )
    return f'<div class="summary">{sev_table}{fam_table}</div>'


def _where(f, lang: str) -> str:
    out = f'<span class="loc">{esc(location_text(f))}</span>'
    ctx = context_text(f, lang)
    if ctx:
        out += f'<span class="ctx">{esc(ctx)}</span>'
    return out


def _id_cell(result: RunResult, f) -> str:
    return f'<b>{esc(f.rule)}</b><span class="rule-title">{esc(finding_title(result, f))}</span>'


def _findings_table(result: RunResult, findings, lang: str) -> str:
    cols = ("no", "id", "sev", "where", "exp", "found", "msg", "ref", "resp")
    heads = ("no", "rule", "severity", "where", "expected", "found", "message", "regulation", "response")
    colgroup = "".join(f'<col class="col-{c}">' for c in cols)
    thead = "".join(f'<th scope="col">{esc(label(h, lang))}</th>' for h in heads)
    rows = []
    for i, f in enumerate(findings, 1):
        msg = esc(f.message)
        if f.quote:
            msg += f'\n<i>{esc(label("quote", lang))}: \u201c{esc(f.quote)}\u201d</i>'
        rows.append(
            f'<tr class="finding sev-row-{esc(f.severity)}">'
            f'<td class="no">{i}</td>'
            f'<td class="id">{_id_cell(result, f)}</td>'
            f'<td class="sev-cell">{_sev(f.severity, lang)}</td>'
            f'<td class="where">{_where(f, lang)}</td>'
            f'<td class="val">{esc_value(f.expected)}</td>'
            f'<td class="val">{esc_value(f.actual)}</td>'
            f'<td class="msg">{msg}</td>'
            f'<td class="ref">{esc(finding_reference(result, f))}</td>'
            '<td class="resp"></td>'
            "</tr>"
        )
    return (
        f'<table class="findings"><colgroup>{colgroup}</colgroup>'
        f"<thead><tr>{thead}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _waived_table(result: RunResult, items, lang: str) -> str:
    heads = ("no", "dataset", "rule", "severity", "where", "message", "justification", "waived_by", "waived_until")
    thead = "".join(f'<th scope="col">{esc(label(h, lang))}</th>' for h in heads)
    rows = []
    for i, (ds, f) in enumerate(items, 1):
        w = waiver_fields(f)
        rows.append(
            "<tr>"
            f'<td class="no">{i}</td><td>{esc(ds.name)}</td>'
            f'<td class="id">{_id_cell(result, f)}</td>'
            f"<td>{_sev(f.severity, lang)}</td>"
            f'<td class="where">{_where(f, lang)}</td>'
            f'<td class="msg">{esc(f.message)}</td>'
            f'<td class="msg">{esc(w["justification"])}</td>'
            f"<td>{esc(w['by'])}</td><td>{esc(w['until'])}</td>"
            "</tr>"
        )
    return f'<table class="waived"><thead><tr>{thead}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _signatures(lang: str) -> str:
    def block(role_key: str) -> str:
        lines = "".join(
            f'<tr><th scope="row">{esc(label(k, lang))}</th><td class="blank">&nbsp;</td></tr>'
            for k in ("name", "nip", "date")
        )
        return (
            f'<div class="sign"><div class="role">{esc(label(role_key, lang))}'
            f"<small>{esc(label('signature', lang))}:</small></div>"
            f"<table>{lines}</table></div>"
        )

    return (
        f'<section class="signatures" aria-label="{esc(label("signatures", lang))}">'
        f'{block("prepared_by")}{block("reviewed_by")}</section>'
    )


def render(result: RunResult) -> str:
    lang = lang_of(result)
    datasets = datasets_of(result)
    many = len(datasets) > 1
    title_bits = [label("kkr_title", lang)]
    if len(datasets) == 1 and datasets[0].agency:
        title_bits.append(datasets[0].agency)
    if len(datasets) == 1 and datasets[0].year:
        title_bits.append(str(datasets[0].year))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="lkjcheck {esc(result.version)}">',
        f"<title>{esc(EM_DASH.join(title_bits))}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<header class="kop">',
        '<div class="doc-kind">KKR \u00b7 SAKIP</div>',
        f"<h1>{esc(label('kkr_title', lang))}</h1>",
        f'<p class="subtitle">{esc(label("kkr_subtitle", lang))}</p>',
        "</header>",
        _facts(result, datasets, lang),
        f"<h2>{esc(label('summary', lang))}</h2>",
        _summary(result, lang),
    ]

    for ds in datasets:
        heading = label("findings", lang)
        aside = ""
        if many:
            bits = [ds.name] + [str(b) for b in (ds.agency, ds.year) if b]
            aside = f' <span class="aside">\u2014 {esc(MIDDOT.join(bits))}</span>'
        parts.append(f"<section class=\"dataset\" data-dataset=\"{esc(ds.name)}\">")
        parts.append(f"<h2>{esc(heading)}{aside}</h2>")
        active = findings_of(result, ds.name, waived=False)
        if active:
            parts.append(_findings_table(result, active, lang))
        else:
            parts.append(f'<p class="none">{esc(label("no_findings", lang))}</p>')
        parts.append("</section>")

    waived_items = [(ds, f) for ds in datasets for f in findings_of(result, ds.name, waived=True)]
    if waived_items:
        parts.append(f"<h2>{esc(label('waived_findings', lang))}</h2>")
        parts.append(_waived_table(result, waived_items, lang))

    parts.append(_signatures(lang))
    date = format_timestamp(result.generated_at, lang) or "-"
    parts.append(f"<footer>{esc(label('footer', lang, version=result.version or '-', date=date))}</footer>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
