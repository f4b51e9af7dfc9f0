"""The report text of each dataset, checked by the text rules against the figures of its tables."""
from __future__ import annotations

from lkjcheck.checks.rules import RulePack, selected
from lkjcheck.errors import InputError
from lkjcheck.findings import Finding, Location
from lkjcheck.run.options import Options


# The loader's rule for a report text that exists but cannot be read.
TEXT_UNREADABLE = "DAT014"


def _text_findings(datasets, pack: RulePack, opts: Options, lines_read: dict | None = None) -> list[Finding]:
    from lkjcheck.checks.text.check import check_document
    from lkjcheck.model.facts import text_facts
    from lkjcheck.read.textdoc import read_document

    rules = [r for r in pack.text_rules if selected(r.meta.id, opts.select, opts.ignore)]
    out: list[Finding] = []
    for ds in datasets:
        if not ds.text_path or ds.year is None:
            continue
        try:
            if ds.document is not None:
                doc = ds.document
            elif ds.text_path.lower().endswith(".pdf"):
                from lkjcheck.extract import report_text
                doc, ds.relocate = report_text(ds.text_path, ds.text_path, opts.max_bytes, opts.max_text_chars)
            else:
                doc = read_document(ds.text_path, max_chars=opts.max_text_chars)
        except InputError as e:
            # The tables were read and checked; only the report text was not. That
            # is a finding of this dataset, and the rest of the batch goes on.
            from lkjcheck.findings import make
            from lkjcheck.i18n import Both

            # Severity, title and reference come from the catalogue, as for every loader finding.
            out.append(make(TEXT_UNREADABLE, "run.text_unchecked", args={"why": Both(e.text("id"), e.text("en"))},
                            catalogue=pack.meta, lang=opts.lang, dataset=ds.name, location=Location(e.file, e.line)))
            continue
        if lines_read is not None:
            lines_read[ds.name] = len(doc.lines)
        out.extend(check_document(doc, ds.year, rules, dataset=ds.name, lang=opts.lang, facts=text_facts(ds, pack.model)))
    return out
