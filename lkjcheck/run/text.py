"""The report text of each dataset, checked by the text rules against the figures of its tables."""
from __future__ import annotations

from lkjcheck.checks.rules import RulePack, selected
from lkjcheck.errors import InputError
from lkjcheck.findings import Finding, Location
from lkjcheck.run.options import Options, from_catalogue


# The loader's rule for a report text that exists but cannot be read.
TEXT_UNREADABLE = "DAT014"


def _text_findings(datasets, pack: RulePack, opts: Options, lines_read: dict | None = None) -> list[Finding]:
    from lkjcheck.checks.text.check import check_document
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
                doc, ds.relocate = report_text(ds.text_path, ds.text_path, opts.max_bytes)
            else:
                doc = read_document(ds.text_path)
        except InputError as e:
            # The tables were read and checked; only the report text was not. That
            # is a finding of this dataset, and the rest of the batch goes on.
            said = ("report text not checked: " if opts.lang == "en" else "teks laporan tidak diperiksa: ") + e.text(opts.lang)
            # Severity, title and reference come from the catalogue, as for every loader finding.
            out += from_catalogue([Finding(TEXT_UNREADABLE, "error", said, ds.name, Location(e.file, e.line))],
                                  pack.meta, opts.lang)
            continue
        if lines_read is not None:
            lines_read[ds.name] = len(doc.lines)
        out.extend(check_document(doc, ds.year, rules, dataset=ds.name, lang=opts.lang, facts=_facts(ds)))
    return out


def _total_facts(facts: dict, sources: list) -> None:
    """Without a `total` row the total is the sum of the sources (one source: that source), so a
    satker with one budget still has its sentences checked."""
    if "total" in sources or not sources or not all(sources):
        return
    for col in ("pagu", "realisasi"):
        parts = [facts.get(f"{col}_{src}") for src in sources]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in parts):
            facts[f"{col}_total"] = sum(parts)


def _facts(ds) -> dict:
    """Figures from the tables that the prose can be held against."""
    facts: dict = {}
    ang = ds.tables.get("anggaran")
    if ang is not None:
        for i, src in enumerate(ang.columns["sumber"].values):
            for col in ("pagu", "realisasi", "pagu_awal"):
                v = ang.columns[col].values[i]
                if v is not None and src:
                    facts[f"{col}_{src}"] = v
        _total_facts(facts, list(ang.columns["sumber"].values))
    pk = ds.tables.get("pengukuran_kinerja")
    if pk is not None and len(pk):
        # (value, radius) per figure, so the prose is compared within both written precisions
        facts["indikator"] = [
            {"indikator": pk.columns["indikator"].values[i],
             "arah": pk.columns["arah"].values[i] if "arah" in pk.columns else None,
             **{c: (pk.columns[c].values[i], pk.columns[c].rad[i]) for c in ("target", "realisasi", "capaian")}}
            for i in range(len(pk))]
    lap = ds.tables.get("laporan")
    if lap is not None and len(lap):
        for col in ("penandatangan_tanggal", "reviu_tanggal"):
            raw = lap.columns[col].raw[0]
            if raw:
                facts[col] = raw
    return facts
