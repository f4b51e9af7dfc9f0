"""The real excerpts of ../shared/corpus, their figures transcribed into datasets
(fixtures/corpus): exactly the findings recomputed by hand in each lkj.yaml."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fixtures" / "corpus"

# (rule, row, stated, expected), each checked by hand (see the dataset's comments)
EXPECTED = {
    "disdik-ogan-ilir-2016": {
        # 536.035.400 + 19.545.506.348 + 5.069.499.096 = 25.151.040.844
        ("ANG012", "kelompok_belanja BL Belanja Langsung", "Rp 55.463.202.837", "Rp 25.151.040.844"),
        # 3.513.771.168 / 5.569.088.920 = 63,09%; 5.569.088.920 - 3.513.771.168 = 2.055.317.752
        ("ANG014", "program 7 Wajib Belajar Pendidikan Dasar Sembilan Tahun", "63,14%", "63,09%"),
        ("ANG016", "program 7 Wajib Belajar Pendidikan Dasar Sembilan Tahun", "Rp 2.051.317.752", "Rp 2.055.317.752"),
    },
    "pengadilan-dipa01-bua-2019": {
        # each total is Rp 6.000.000 above its three rows
        ("ANG021", "total J Jumlah", "Rp 3.606.947.000", "Rp 3.600.947.000"),
        ("ANG012", "total J Jumlah", "Rp 3.055.075.000", "Rp 3.049.075.000"),
        ("ANG013", "total J Jumlah", "Rp 3.032.087.867", "Rp 3.026.087.867"),
        # four revisions, none with an amount or a resulting ceiling
        ("ANG005", "rutin", None, None),
    },
    "baperlitbang-klungkung-2017": set(),
    "kab-manggarai-timur-2019": {
        # t/r on the table's rounded rates: 0,16 / 0,19 = 84,21% (the narrative's 162/186 gives 87,10%)
        ("KIN002", "SS5-1 Angka Kematian Ibu per 100.000 KH", "87,10%", "84,21%"),
        ("KIN003", "SS5-1 Angka Kematian Ibu per 100.000 KH", "87,10%", "84,21%"),
        # 0,64 / 0,18 = 355,56%; 72,52% follows from no formula
        ("KIN002", "SS5-3 Angka Kematian Balita per 1.000 KH", "72,52%", "355,56%"),
        ("KIN003", "SS5-3 Angka Kematian Balita per 1.000 KH", "72,52%", "355,56%"),
        # the mean of the recomputed capaian
        ("KLM001", "K1", "85,38%", "178,77%"),
    },
    "univ-brawijaya-2016": {
        # 1.035.979.833.682 / 1.036.196.551.000 = 99,98%
        ("ANG014", "kelompok_belanja P Kegiatan pengembangan", "99,68%", "99,98%"),
    },
    "bbpom-yogyakarta-2020": set(),
    "kab-maluku-tengah-2021": {
        # "> 75 s.d. < 85" then "> 85 s.d. 100": 85 has no class, nor has anything above 100
        ("KIN017", "Sangat Baik", "0", "> 0"),
        ("KIN018", "Memuaskan", None, None),
    },
    "itjen-pupr-2020": set(),
}


def _run(folder) -> list:
    """The findings of `lkjcheck run FOLDER --no-text`, as a user gets them: under the
    lkjcheck.toml a dataset folder may hold (Klungkung's category scale)."""
    import json
    from types import SimpleNamespace

    from click.testing import CliRunner

    from lkjcheck.cli import main

    res = CliRunner().invoke(main, ["run", str(folder), "--no-text", "-f", "json"])
    assert res.exit_code in (0, 1), res.output
    return [SimpleNamespace(**f) for f in json.loads(res.output)["findings"]]


@functools.lru_cache(maxsize=None)
def _findings(name):
    # Each dataset holds the few pages of its excerpt, so the parts the excerpt
    # does not show are missing by construction: LKP001 is left out here (its
    # own tests are in test_trust.py); every other rule is judged.
    return [f for f in _run(CORPUS / name) if f.rule != "LKP001"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_dataset_gives_the_findings_checked_by_hand(name):
    got = {(f.rule, f.row, f.actual, f.expected) for f in _findings(name)}
    assert got == EXPECTED[name]


def test_every_corpus_dataset_is_pinned():
    assert {p.name for p in CORPUS.iterdir() if p.is_dir()} == set(EXPECTED)


def test_right_figures_of_the_corpus_are_not_flagged():
    rows = {(f.rule, f.row) for name in EXPECTED for f in _findings(name)}
    # 100 / 95 = 105,26%: an efficiency ratio may exceed 100%
    assert not [r for r in rows if r[1] and r[1].startswith("IK-EF")]
    # 9,20 / 9,53 = 96,54%: the infant-mortality row is right by the agency's formula t/r
    assert not [r for r in rows if r[1] and r[1].startswith("SS5-2")]
    # 77,07% and 22,93% of Rp 1.344.550.388.000; the parts add up to the DIPA
    assert not [r for r in rows if r[0] in ("ANG012", "ANG022") and "Kegiatan pengembangan" in (r[1] or "")]


SHARED = ROOT.parent / "shared" / "corpus"
_NUMBER = re.compile(r"\d[\d.,]*")


def _digit_tokens(text: str) -> set[str]:
    return {re.sub(r"\D", "", t).lstrip("0") or "0" for t in _NUMBER.findall(text)}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_figure_transcribed_is_printed_in_the_excerpt(name):
    """A guard on the transcription: each figure of the dataset is a number the excerpt prints."""
    import yaml

    text = (CORPUS / name / "lkj.yaml").read_text(encoding="utf-8")
    source = re.search(r"\.\./shared/corpus/(\S+\.md)", text).group(1)
    excerpt = SHARED / source
    if not excerpt.exists():
        pytest.skip("the shared corpus is not on this machine")
    printed = _digit_tokens(excerpt.read_text(encoding="utf-8"))
    data = yaml.safe_load(text)
    figures = [v for k, rows in data.items() if isinstance(rows, list) for row in rows for c, v in row.items()
               if c in ("pagu", "pagu_awal", "realisasi", "persen", "sisa", "porsi", "target", "capaian", "dari",
                        "sampai", "pagu_setelah", "nilai") or c.startswith("realisasi_") or c.startswith("target_")]
    assert figures
    missing = [v for v in figures if v is not None and _NUMBER.search(str(v))
               and (re.sub(r"\D", "", _NUMBER.search(str(v)).group()).lstrip("0") or "0") not in printed]
    assert missing == [], missing


def test_klungkung_category_claim_is_judged_on_the_agencys_scale(tmp_path):
    """'100,12% (Sangat Tinggi)': (20,83/22 + 95/90) / 2 = 100,12%, Sangat Tinggi from 91 on the
    pemda scale of the dataset's lkjcheck.toml: right, so not flagged (EXPECTED pins no finding).
    The same claim with another category is found, and without the agency's scale the default
    (LAN) scale judges it: 100,12% is Sangat Berhasil there."""
    import shutil

    def klm013(folder):
        return [f for f in _run(folder) if f.rule == "KLM013"]

    src = CORPUS / "baperlitbang-klungkung-2017"
    assert "kategori_capaian" in (src / "lkj.yaml").read_text(encoding="utf-8")
    assert klm013(src) == []
    wrong = tmp_path / "tinggi"
    shutil.copytree(src, wrong)
    text = (wrong / "lkj.yaml").read_text(encoding="utf-8")
    (wrong / "lkj.yaml").write_text(text.replace('nilai: "Sangat Tinggi"', 'nilai: "Tinggi"'), encoding="utf-8")
    (f,) = klm013(wrong)
    assert f.row == "K4" and (f.actual, f.expected) == ("tinggi", "sangat tinggi"), f
    bare = tmp_path / "tanpa-skala"
    shutil.copytree(src, bare)
    (bare / "lkjcheck.toml").unlink()
    (f,) = klm013(bare)
    assert (f.actual, f.expected) == ("sangat tinggi", "sangat berhasil"), f
