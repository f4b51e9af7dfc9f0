"""A published report (PDF, DOCX, Markdown, text) → a dataset, in memory or as lkj.yaml.

`lkjcheck run laporan.pdf` loads the dataset built here exactly as it loads a
hand-made lkj.yaml (same loader, same rules); `lkjcheck extract` writes the
same dataset for a person to review.
"""
from __future__ import annotations

import os
from pathlib import Path

from lkjcheck.findings import Finding, Location
from lkjcheck.errors import InputError

from lkjcheck.extract.build import extract
from lkjcheck.extract.values import Extracted
from lkjcheck.extract.spec import Spec, load_spec

REPORT_NAMES = ("laporan.md", "laporan.txt", "laporan.docx", "laporan.pdf")


def report_in(folder: Path) -> Path | None:
    """The report file of a dataset folder that has no hand-made dataset."""
    for n in REPORT_NAMES:
        p = folder / n
        if p.is_file():
            return p
    return None


def pack_spec(pack_dirs) -> Spec | None:
    spec = None
    for d in pack_dirs:
        s = load_spec(Path(d))
        if s is not None:
            spec = s
    return spec


def read_and_extract(path: Path, display: str, model, pack_dirs, max_bytes: int, year: int | None):
    from lkjcheck.read import read_report

    spec = pack_spec(pack_dirs)
    if spec is None:
        raise InputError(display, None, "extract.rule_pack_has_no_pengenalan")
    doc = read_report(str(path), display, max_bytes)
    first = extract(doc, spec, model, year)
    found = _year_of(first, model)
    if year is None:
        if found is None:
            raise InputError(display, None, "extract.report_year_cannot_read_from")
        year = found
        # History columns are named relative to the year: read the tables again knowing it.
        first = extract(doc, spec, model, year)
    return first, year


def _year_of(ex: Extracted, model) -> int | None:
    v = ex.laporan.get(model.identity.year) if model.identity.year else None
    try:
        return int(v.text) if v is not None else None
    except ValueError:
        return None


def note_findings(ex: Extracted, dataset: str, lang: str) -> list[Finding]:
    from lkjcheck.extract.tree import location_of
    from lkjcheck.extract.values import Val

    out = []
    for n in ex.notes:
        out.append(Finding(
            rule=n.rule, severity=n.severity, message=n.message_en if lang == "en" else n.message_id,
            dataset=dataset, location=location_of(Val("", n.where, n.words), ex.document.kind), table=n.table,
            family="data", reference="docs/documents.md", quote=(" ".join(n.words.replace("\t", " | ").split())[:200] or None)))
    return out


def load_document_dataset(path: Path, model, pack_dirs, max_bytes: int, name: str | None, lang: str,
                          year: int | None, max_chars: int | None = None):
    """The dataset a report document holds, with every location in the document."""
    from lkjcheck.model.dataset import load_tree
    from lkjcheck.model.building import _Loading

    from lkjcheck.extract.tree import Tree

    path = Path(path)
    display = str(path)
    ex, year = read_and_extract(path, display, model, pack_dirs, max_bytes, year)
    root = path.parent
    st = _Loading(name or path.name, root, str(path.parent), max_bytes, lang, getattr(model, "catalogue", None))
    tree = Tree(ex, year, model)
    placeholder = display + "#data"
    st.add(note_findings(ex, st.name, lang))
    ds = load_tree(st, tree.data, model, placeholder, path, find_text=False)
    ds.files = [display]
    relocate = {(placeholder, k): v for k, v in tree.relocate.items()}
    ds.document, more = text_document(ex.document, path, display, max_bytes, max_chars)
    relocate.update(more)
    ds.relocate = relocate
    ds.text_path = display
    return ds


def text_document(doc, path: Path, display: str, max_bytes: int, max_chars: int | None = None):
    """The report's text for the text rules, and where each of its lines is in the report.

    A text file is checked as it is; a PDF or DOCX through its document's lines,
    whose placeholder line numbers are relocated to page and line or cell.
    """
    from lkjcheck.read.textdoc import MAX_TEXT_CHARS, Document, check_text_size, lines_chars, read_document

    from lkjcheck.extract.values import Val
    from lkjcheck.extract.tree import location_of

    max_chars = max_chars or MAX_TEXT_CHARS
    if doc.kind in ("markdown", "text"):
        return read_document(str(path), display, max_bytes, max_chars), {}
    lines = doc.lines()
    check_text_size(lines_chars([ln.text for ln in lines]), display, max_chars)    # before the map of every line
    text_name = display + "#text"
    relocate = {(text_name, i): (location_of(Val("", ln.where, ln.text), doc.kind), ln.text)
                for i, ln in enumerate(lines, start=1)}
    return Document(text_name, [ln.text for ln in lines], doc.kind), relocate


def report_text(path: str, display: str, max_bytes: int, max_chars: int | None = None):
    """A PDF report beside a hand-made dataset: its text for the text rules (see text_document)."""
    from lkjcheck.read import read_report

    return text_document(read_report(path, display, max_bytes), Path(path), display, max_bytes, max_chars)


def relocate_findings(findings: list[Finding], datasets) -> list[Finding]:
    """Findings on placeholder lines → the page, line or cell of the report."""
    import dataclasses

    maps = {d.name: d.relocate for d in datasets if getattr(d, "relocate", None)}
    if not maps:
        return findings
    out = []
    for f in findings:
        m = maps.get(f.dataset)
        hit = m.get((f.location.file, f.location.line)) if m else None
        if hit is None and m and f.location.file.endswith(("#data", "#text")):
            hit = (Location(f.location.file.rsplit("#", 1)[0]), "")
        if hit is not None:
            loc, words = hit
            if f.location.column and loc.line and not loc.page and not loc.cell and f.location.file.endswith("#text"):
                loc = Location(loc.file, loc.line, f.location.column)
            words = " ".join(words.replace("\t", " | ").split())
            f = dataclasses.replace(f, location=loc, quote=f.quote or (words[:200] or None))
        out.append(f)
    return out


def write_extracted(path: Path, out_dir: Path, model, pack_dirs, max_bytes: int, year: int | None) -> tuple[Path, Extracted]:
    """lkj.yaml (and the report's text, for the text rules) into out_dir, atomically."""
    from lkjcheck.extract.tree import to_yaml

    path = Path(path)
    ex, year = read_and_extract(path, str(path), model, pack_dirs, max_bytes, year)
    out_dir.mkdir(parents=True, exist_ok=True)
    text_file = None
    if ex.document.kind in ("markdown", "text"):
        text_file = "laporan.md" if ex.document.kind == "markdown" else "laporan.txt"
        with open(path, "rb") as fh:
            _atomic(out_dir / text_file, fh.read(max_bytes + 1))
    else:
        text_file = "laporan.txt"
        _atomic(out_dir / text_file, "\n".join(ln.text for ln in ex.document.lines()).encode("utf-8"))
    target = out_dir / "lkj.yaml"
    _atomic(target, to_yaml(ex, year, text_file, model).encode("utf-8"))
    return target, ex


def _atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)
