"""Report texts written to make the text rules work hardest, for the hostile tests and benchmarks/text.py.

Each kind is a short piece repeated to the length asked:

- ``claims``: the bad texts of the rule cases (rules/sakip/cases/*.yaml), each
  written to make its rule fire, so the text is as dense in claims, dates,
  figures and findings as the rules allow;
- ``amounts``: rupiah figures with nothing between them, one finding each;
- ``paragraphs``: one-word paragraphs, as many units as characters allow;
- ``oneline``: the claims without a single line break, one unit as long as units go.

The seed report (realistic prose) is read from ../shared by the benchmark only.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "lkj-kpu-muaro-jambi-2024.md"


def _case_texts() -> str:
    texts = []
    for f in sorted((ROOT / "rules" / "sakip" / "cases").glob("*.yaml")):
        for cases in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).values():
            for case in cases or []:
                teks = (case.get("bad") or {}).get("teks") if isinstance(case, dict) else None
                if teks:
                    texts.append(teks.strip())
    return "\n\n".join(texts) + "\n\n"


def piece(kind: str) -> str:
    if kind == "seed":
        return SEED.read_text(encoding="utf-8") + "\n\n"
    if kind == "claims":
        return _case_texts()
    if kind == "oneline":
        return " ".join(_case_texts().split()) + " "
    if kind == "amounts":
        return "Rp 1.000,00 "
    if kind == "paragraphs":
        return "x\n\n"
    raise ValueError(kind)


KINDS = ("seed", "claims", "oneline", "amounts", "paragraphs")


def text_of(kind: str, chars: int) -> str:
    p = piece(kind)
    return (p * (chars // len(p) + 1))[:chars]


def docx_bytes(paragraph: str, count: int) -> bytes:
    """A DOCX whose body is `count` copies of one paragraph: a few hundred KB zipped, megabytes of text unpacked."""
    from xml.sax.saxutils import escape

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(paragraph)}</w:t></w:r></w:p>" * count
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}'
                             "</w:body></w:document>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


LAPORAN = "laporan:\n  instansi: Satker Uji\n  tahun: 2024\n"
