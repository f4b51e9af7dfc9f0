"""docs/rules.md from the rule files: `python -m lkjcheck.checks.catalog_doc > docs/rules.md`.

The catalogue is generated so that it cannot drift from the rules; a test
compares docs/rules.md with this module's output.
"""
from __future__ import annotations

import sys
from pathlib import Path

from lkjcheck.checks.cases import attach_examples
from lkjcheck.checks.rules import builtin_rules_dir, load_pack

INTRO = """\
# Rule catalogue / Katalog aturan

Generated from `rules/sakip/*.yaml` by `python -m lkjcheck.checks.catalog_doc > docs/rules.md`;
do not edit by hand (a test fails when this file is stale).

Every rule names the regulation it rests on. `lkjcheck rules explain ID` shows the
same text in the terminal (`--lang en` for English). A rule's example is its first case
in `rules/sakip/cases/` (a fragment that gives the finding, and one that does not; see
[rules-authoring.md](rules-authoring.md)). Select or ignore rules by id or
prefix (`--select KIN,SDM00 --ignore SDM018`), change a severity or tolerance in
`lkjcheck.toml` / `[tool.lkjcheck]`, and accept a reviewed finding in a waiver file.

## Parameters

Set in `rules/sakip/model.yaml` (`parameters:`); override under `[param]` in
`lkjcheck.toml` or `[tool.lkjcheck.param]` in `pyproject.toml`.

| parameter | default | meaning |
|---|---|---|
"""

PARAM_DOC = {
    "rumus_minimal": "capaian of a `minimal` indicator: `2t-r` = (2 × target − realisasi) / target × 100, "
                     "`t/r` = target / realisasi × 100",
    "batas_capaian": "cap on one indicator's capaian (e.g. 120); 0 = no cap (real LKj print 150%)",
    "batas_bulan_penyampaian": "months after the fiscal year by which the LKj is signed (K/L 2, pemda 3); "
                               "a dataset may set its own `laporan.batas_waktu`",
    "skala_kategori_capaian": "category scale for the overall capaian, as lower bounds `bound: label; ...`",
    "umur_minimal_asn": "youngest age (years) at appointment, for the dates inside a NIP",
    "hibah_persen_tahap_1": "share of the first Pilkada-grant tranche, in percent (the second is the rest)",
    "tanggal_batas_hibah_tahap_2": "last day for the second grant tranche",
}

SCALE_NOTE = """
**Category scales.** Printed scales often leave gaps: "> 85 – 100 Sangat Berhasil,
70 – 85 Berhasil" classifies neither exactly 85 nor anything above 100. A scale
with gaps cannot classify every achievement, and is itself worth a review note.
`skala_kategori_capaian` is therefore written as lower bounds only: a value
belongs to the class of the highest bound it reaches, values above the top
bound stay in the top class and values below the lowest bound take the lowest
class, so the configured scale has no gaps. An achievement whose written
precision straddles a bound is not judged.
"""


def _cell(s: str) -> str:
    return " ".join(str(s).split()).replace("|", "\\|")


def render(extra_dirs: list[Path] | None = None) -> str:
    root = builtin_rules_dir()
    dirs = [root / "sakip"] + list(extra_dirs or ())
    pack = load_pack(dirs, compile_rules=False)
    for d in dirs:
        attach_examples(pack, d)
    out = [INTRO]
    for name, value in pack.model.parameters.items():
        out.append(f"| `{name}` | `{value}` | {_cell(PARAM_DOC.get(name, ''))} |\n")
    out.append(SCALE_NOTE)
    by_family: dict[str, list] = {}
    for m in pack.meta.values():
        by_family.setdefault(m.family, []).append(m)
    out.append("\n## Index\n\n| id | severity | family | title |\n|---|---|---|---|\n")
    for m in sorted(pack.meta.values(), key=lambda m: m.id):
        out.append(f"| [{m.id}](#{m.id.lower()}) | {m.severity} | {m.family} | {_cell(m.title_in('id'))} |\n")
    for fam in sorted(by_family, key=lambda f: min(m.id for m in by_family[f])):
        title = pack.families.get(fam, {}).get("title") or {}
        ftitle = title.get("id", fam) if isinstance(title, dict) else str(title)
        fen = title.get("en", "") if isinstance(title, dict) else ""
        out.append(f"\n## {ftitle}" + (f" / {fen}" if fen else "") + f" (`{fam}`)\n")
        for m in sorted(by_family[fam], key=lambda m: m.id):
            out.append(f"\n### {m.id}\n\n**{m.title_in('id')}** / *{m.title_in('en')}*\n\n")
            out.append(f"- severity: `{m.severity}`; kind: `{m.kind}`\n")
            if m.reference:
                out.append(f"- reference: {_cell(m.reference)}\n")
            src = m.source
            try:
                src = str(Path(src.rsplit(":", 1)[0]).resolve().relative_to(root.parent)) + ":" + src.rsplit(":", 1)[1]
            except (ValueError, IndexError):
                pass
            out.append(f"- defined in: `{src}`\n\n")
            for lang in ("id", "en"):
                r = m.rationale.get(lang)
                if r:
                    out.append(f"{_cell(r)}\n\n")
            if m.expression:
                out.append("```\n" + m.expression.strip() + "\n```\n\n")
            for label, example in (("bad", m.example_bad), ("good", m.example_good)):
                if example and "\n" in example:
                    # a case's fragment: as its author writes it
                    out.append(f"{label}:\n\n```yaml\n{example}\n```\n\n")
                elif example:
                    out.append(f"- {label}: `{_cell(example)}`\n")
    return "".join(out)


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
