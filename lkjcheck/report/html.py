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

from lkjcheck.findings import RunResult
from lkjcheck.report.common import clean


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
.col-no { width: 3.2%; } .col-id { width: 11%; } .col-sev { width: 8.4%; }
.col-where { width: 17%; } .col-exp { width: 9%; } .col-found { width: 9%; }
.col-msg { width: 17%; } .col-rec { width: 13%; } .col-resp { width: 12.4%; }
td.where .place { display: block; margin-top: 3px; }
td.where .place:first-child { margin-top: 0; }
td.where .loc { display: block; color: var(--muted); }
nav.index ol { columns: 2; margin: 4px 0 8px; padding-left: 22px; }
nav.index a { color: inherit; text-decoration: none; }
h3 { font-size: 12px; margin: 12px 0 4px; }
table.criteria td.c-id { width: 4em; white-space: nowrap; }
table.criteria th.c-note { width: 16%; }
table.criteria .ctx { display: block; color: var(--muted); font-size: 9.5px; margin-top: 2px; }
tr.status-tidak_memadai td.status { text-decoration: underline; }
ol.plain, ul.plain { margin: 4px 0 8px; padding-left: 22px; }
p.conclusion { border-left: 3px solid var(--line); padding: 4px 8px; }
td.blank { border-bottom: 1px dotted var(--ink); }
td.msg .m, td.rec .m, td.msg .q, td.msg .ctx { display: block; margin-bottom: 3px; }
td.msg .ctx { color: var(--muted); font-size: 9.5px; }
a { color: inherit; }
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
.sign .role { font-weight: bold; margin-bottom: 12px; }
.sign table tr { height: 30px; }
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


def render(result: RunResult) -> str:
    from markupsafe import Markup

    from lkjcheck.report.kkr import build
    from lkjcheck.report.templating import render_template, template_dir_of

    wp = build(result)
    return render_template(
        "kkr.html.j2", template_dir_of(result), True,
        {"figure": lambda v: Markup(esc_value(v))},
        wp=wp, L=wp.labels, css=Markup(CSS),
    )
