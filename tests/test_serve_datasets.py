"""`lkjcheck serve` with a zip of several datasets, and with a rule pack for another kind of report.

A zip may hold several agencies or years: each gets its own header (agency, year,
counts, temuan) and only its own findings, never the first agency's identity for all.
"""
from __future__ import annotations

import html
import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from conftest import FIXTURES  # noqa: E402
from lkjcheck.run.options import Options
from lkjcheck.serve import upload  # noqa: E402
from lkjcheck.serve.app import create_app  # noqa: E402
from lkjcheck.serve.session import Session  # noqa: E402

TOKEN = "t0ken-for-tests"
H = {"X-Lkjcheck-Token": TOKEN}
DESA = Path(__file__).resolve().parent / "data" / "paket-desa"


def _zip_tree(root: Path, under: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(root.rglob("*")):
            if f.is_file() and f.name != "README.md":
                z.write(f, f"{under}/{f.relative_to(root)}")
    return buf.getvalue()


def _page(opts: Options, name: str, body: bytes) -> tuple[str, object]:
    session = Session(opts, upload.Limits())
    client = TestClient(create_app(session, TOKEN, allowed_hosts={"testserver"}, local_only=False))
    r = client.post("/api/upload", content=body, headers={**H, "X-Filename": name})
    assert r.status_code == 200, r.text
    job = r.json()["job"]
    deadline = time.monotonic() + 120
    while not client.get(f"/api/jobs/{job}", headers=H).json()["done"]:
        assert time.monotonic() < deadline, "the check did not finish"
        time.sleep(0.05)
    assert client.get(f"/api/jobs/{job}", headers=H).json()["error"] is None
    return client.get(f"/api/jobs/{job}/findings", headers=H).text, session.get(job).result


def _sections(page: str) -> dict[str, str]:
    parts = page.split('<section class="dataset" data-dataset="')[1:]
    return {html.unescape(p[:p.index('"')]): p for p in parts}


def test_a_zip_of_several_agencies_shows_each_with_its_own_header_and_findings(tmp_path, cli):
    corpus = FIXTURES / "corpus"
    page, result = _page(Options(), "korpus.zip", _zip_tree(corpus, "korpus"))
    # The page checks an upload with the server's configuration; an lkjcheck.toml inside the
    # upload (Klungkung's pemda scale) is not applied, so the CLI is given the same (empty) one.
    server_config = tmp_path / "server.toml"
    server_config.write_text("", encoding="utf-8")
    _, out, _ = cli("run", corpus, "--format", "json", "--config", server_config)
    doc = json.loads(out)
    sections = _sections(page)
    assert len(sections) == len(doc["datasets"]) >= 8
    assert re.search(r'id="dataset-count">\s*%d\s*<' % len(doc["datasets"]), page)
    assert 'id="agency"' not in page          # no one agency for the whole page
    by_name = {d.name: d for d in result.datasets}
    agencies = set()
    for name, sec in sections.items():
        info = by_name[name]
        head = html.unescape(re.search(r'<h2 class="dataset-head">(.*?)</h2>', sec).group(1))
        assert head == f"{info.agency} — {info.year}", (name, head)
        agencies.add(info.agency)
        # Its findings, and only its own: the same rules as `lkjcheck run` gives that dataset.
        mine = sorted(f["rule"] for f in doc["findings"] if f["dataset"] == name)
        shown = sorted(re.findall(r'data-rule="([A-Z]+[0-9]+)"', sec))
        assert shown == mine, name
        errors = sum(1 for f in doc["findings"] if f["dataset"] == name and f["severity"] == "error")
        assert f'<span class="count sev-error">{errors} ' in sec
    assert len(agencies) == len(sections)     # eight different agencies, eight different headers


def test_a_zip_of_several_years_of_one_agency_keeps_the_years_apart():
    page, result = _page(Options(), "riwayat.zip", _zip_tree(FIXTURES / "kpu-muaro-jambi-riwayat", "riwayat"))
    heads = [html.unescape(h) for h in re.findall(r'<h2 class="dataset-head">(.*?)</h2>', page)]
    assert heads == [f"Sekretariat KPU Kabupaten Muaro Jambi — {y}" for y in (2021, 2022, 2023)]


def test_one_dataset_keeps_the_single_header():
    page, _ = _page(Options(), "desa.zip", _zip_tree(DESA / "data", "desa"))
    assert '<section class="dataset"' not in page and 'id="agency">Desa Contoh<' in page


def test_the_page_follows_the_packs_own_guide():
    page, result = _page(Options(rule_dirs=[DESA / "paket"]), "desa.zip", _zip_tree(DESA / "data", "desa"))
    assert {f.rule for f in result.findings} == {"DES001", "DES002"}
    assert "D1 — Belanja setiap kegiatan dalam batas pagu" in page
    assert "Sesuaikan realisasi dengan pagu APBDes" in page
    assert "Format" not in re.findall(r"Aspek: ([^<]*)<", page)[0]
