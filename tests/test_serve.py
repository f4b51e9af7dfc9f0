"""`lkjcheck serve` in-process: the guards on who may drive it, the upload guards, checks, waivers, downloads.

The real browser test is tests/test_serve_browser.py; here the ASGI app is
driven with Starlette's test client, so every refusal is cheap to show.
"""
from __future__ import annotations

import io
import json
import os
import stat
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from conftest import CORRECTED, FAULTY  # noqa: E402
from lkjcheck.run.options import Options
from lkjcheck.serve import upload  # noqa: E402
from lkjcheck.serve.app import create_app  # noqa: E402
from lkjcheck.serve.session import Session  # noqa: E402
from lkjcheck.errors import InputError  # noqa: E402

TOKEN = "t0ken-for-tests"
HOST = "testserver"


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Every temporary folder of the app lands here, so a test can see that none is left."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _client(lang="id", limits=None, **kw):
    session = Session(Options(lang=lang), limits or upload.Limits())
    app = create_app(session, TOKEN, allowed_hosts={HOST}, local_only=False, **kw)
    return TestClient(app), session


def _zip_of(folder: Path, prefix: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.iterdir()):
            z.write(f, f"{prefix}/{f.name}" if prefix else f.name)
    return buf.getvalue()


def _upload(client, name: str, body: bytes, token=TOKEN):
    return client.post("/api/upload", content=body, headers={"X-Lkjcheck-Token": token, "X-Filename": name})


def _wait(client, job: str) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = client.get(f"/api/jobs/{job}", headers={"X-Lkjcheck-Token": TOKEN}).json()
        if state["done"]:
            return state
        time.sleep(0.05)
    raise AssertionError("the check did not finish")


def _check(client, name: str, body: bytes) -> tuple[str, dict]:
    r = _upload(client, name, body)
    assert r.status_code == 200, r.text
    job = r.json()["job"]
    return job, _wait(client, job)


# ---------------------------------------------------------------- who may drive it


def test_page_needs_the_token():
    client, _ = _client()
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200
    assert f'content="{TOKEN}"' in page.text
    # The page loads nothing from elsewhere, and says so to the browser.
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "http://" not in page.text.replace("http://testserver", "") and "https://" not in page.text


def test_api_refuses_without_token_header(private_tmp):
    client, session = _client()
    body = _zip_of(FAULTY)
    for token in ("", "wrong"):
        r = _upload(client, "kpu.zip", body, token=token)
        assert r.status_code == 403
    assert session.jobs == {}
    assert list(private_tmp.iterdir()) == []
    # A token in the query string (what a link or a form on another page can send) is not enough for the API.
    r = client.post(f"/api/upload?token={TOKEN}", content=body, headers={"X-Filename": "kpu.zip"})
    assert r.status_code == 403


def test_foreign_host_name_refused():
    client, _ = _client()
    r = client.get(f"/?token={TOKEN}", headers={"Host": "attacker.example:8000"})
    assert r.status_code == 403


def test_non_local_client_refused_unless_host_given():
    session = Session(Options(), upload.Limits())
    strict = create_app(session, TOKEN, allowed_hosts={HOST}, local_only=True)
    assert TestClient(strict, client=("10.1.2.3", 40000)).get(f"/?token={TOKEN}").status_code == 403
    assert TestClient(strict, client=("127.0.0.1", 40000)).get(f"/?token={TOKEN}").status_code == 200
    opened = create_app(session, TOKEN, allowed_hosts=None, local_only=False)
    assert TestClient(opened, client=("10.1.2.3", 40000)).get(f"/?token={TOKEN}").status_code == 200


def test_default_host_only_loopback():
    from lkjcheck.serve.server import allowed_hosts

    assert allowed_hosts(8123) == {"127.0.0.1:8123", "localhost:8123", "[::1]:8123"}


# ---------------------------------------------------------------- a real check


def test_zipped_dataset_checked_like_the_cli(private_tmp, cli):
    client, session = _client()
    job, state = _check(client, "kpu-muaro-jambi-2024.zip", _zip_of(FAULTY, "kpu-muaro-jambi-2024"))
    assert state["stage"] == "selesai" and state["error"] is None
    # The page has the same findings as `lkjcheck run`, and nothing of the upload is left on disk.
    assert list(private_tmp.iterdir()) == []
    _, out, _ = cli("run", FAULTY, "--format", "json")
    expected = sorted((f["rule"], f.get("row") or "") for f in json.loads(out)["findings"])
    got = session.get(job).result
    assert sorted((f.rule, f.row or "") for f in got.findings) == expected
    # Paths name the upload, never the private folder.
    assert all(not f.location.file.startswith("/") for f in got.findings)
    assert {d.path for d in got.datasets} == {"kpu-muaro-jambi-2024"}
    page = client.get(f"/api/jobs/{job}/findings", headers={"X-Lkjcheck-Token": TOKEN}).text
    assert "Sekretariat KPU Kabupaten Muaro Jambi" in page
    assert str(private_tmp) not in page
    # ANG003 on the budget table, with the YAML line it stands on quoted beside it.
    i = next(i for i, f in enumerate(got.findings) if f.rule == "ANG003" and f.row == "rutin")
    assert session.get(job).sources[i] and any("99,97" in text for _, text in session.get(job).sources[i])
    assert "99,97" in page


def test_corrected_twin_has_no_errors(private_tmp):
    client, session = _client()
    job, state = _check(client, "corrected.zip", _zip_of(CORRECTED))
    assert state["stage"] == "selesai"
    assert [f for f in session.get(job).result.findings if f.severity == "error"] == []


def test_workbook_upload_keeps_the_reviewers_file_name(private_tmp, tmp_path, cli):
    code, _, err = cli("init", tmp_path / "wb", "--xlsx", "--from", FAULTY)
    assert code == 0, err
    book = tmp_path / "LKj KPU 2024.xlsx"
    (tmp_path / "wb" / "lkj.xlsx").rename(book)
    client, session = _client()
    job, state = _check(client, book.name, book.read_bytes())
    assert state["stage"] == "selesai", state
    result = session.get(job).result
    anggaran = [f for f in result.findings if f.rule == "ANG003"]
    assert anggaran and all(f.location.file == "LKj KPU 2024.xlsx" and f.location.cell for f in anggaran)
    # The same dataset name as `lkjcheck run` on the reviewer's own file, so recorded waivers match there.
    _, out, _ = cli("run", book, "--format", "json")
    assert {d.name for d in result.datasets} == {d["name"] for d in json.loads(out)["datasets"]}
    assert list(private_tmp.iterdir()) == []


def test_english_page(private_tmp):
    client, _ = _client(lang="en")
    page = client.get(f"/?token={TOKEN}")
    assert '<html lang="en">' in page.text and "Drop a file here" in page.text
    r = _upload(client, "notes.exe", b"MZ")
    assert r.status_code == 415 and "is not accepted" in r.json()["error"]


# ---------------------------------------------------------------- waivers and downloads


def test_waiver_recorded_downloaded_and_reused_by_the_cli(private_tmp, tmp_path, cli):
    client, session = _client()
    job, _ = _check(client, "kpu.zip", _zip_of(FAULTY, "kpu-muaro-jambi-2024"))
    findings = session.get(job).result.findings
    i = next(i for i, f in enumerate(findings) if f.rule == "ANG003" and f.row == "rutin")
    headers = {"X-Lkjcheck-Token": TOKEN}
    bad = client.post(f"/api/jobs/{job}/waivers", json={"finding": i, "justification": "", "by": "A", "until": "2099-01-01"},
                      headers=headers)
    assert bad.status_code == 400 and "alasan" in bad.json()["error"]
    past = client.post(f"/api/jobs/{job}/waivers", json={"finding": i, "justification": "x", "by": "A", "until": "2001-01-01"},
                       headers=headers)
    assert past.status_code == 400 and "lewat" in past.json()["error"]
    garbled = client.post(f"/api/jobs/{job}/waivers", content=b"{not json", headers=headers)
    assert garbled.status_code == 400 and garbled.json()["error"] == "Permintaan tidak dapat dibaca."
    ok = client.post(f"/api/jobs/{job}/waivers", headers=headers, json={
        "finding": i, "justification": "Pagu revisi dikonfirmasi ke Subbag Keuangan", "by": "Inspektorat Wilayah II",
        "until": "2099-12-31"})
    assert ok.status_code == 200 and "Pagu revisi dikonfirmasi" in ok.text
    waived = [f for f in session.get(job).result.findings if f.waived]
    assert [(f.rule, f.row) for f in waived] == [("ANG003", "rutin")]
    assert waived[0].waiver["file"] == "pengecualian.yaml"
    text = client.get(f"/api/jobs/{job}/download/waivers", headers=headers).text
    path = tmp_path / "pengecualian.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = cli("run", FAULTY, "--format", "json", "--waivers", path)
    cli_waived = [(f["rule"], f["row"]) for f in json.loads(out)["findings"] if f["waived"]]
    assert cli_waived == [("ANG003", "rutin")]
    html = client.get(f"/api/jobs/{job}/download/html", headers=headers)
    assert html.status_code == 200
    assert html.headers["content-disposition"] == 'attachment; filename="kkr-kpu.html"; filename*=UTF-8\'\'kkr-kpu.html'
    assert "Pagu revisi dikonfirmasi ke Subbag Keuangan" in html.text
    # Removing the waiver brings the finding back.
    client.delete(f"/api/jobs/{job}/waivers/0", headers=headers)
    assert not [f for f in session.get(job).result.findings if f.waived]
    assert list(private_tmp.iterdir()) == []


def test_download_of_unknown_format_refused(private_tmp):
    client, session = _client()
    job, _ = _check(client, "kpu.zip", _zip_of(FAULTY))
    r = client.get(f"/api/jobs/{job}/download/exe", headers={"X-Lkjcheck-Token": TOKEN})
    assert r.status_code == 404


# ---------------------------------------------------------------- hostile uploads


def _member(z: zipfile.ZipFile, name: str, data: bytes, mode: int | None = None):
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    if mode is not None:
        info.create_system = 3
        info.external_attr = mode << 16
    z.writestr(info, data)


def _hostile_zip(kind: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if kind == "bomb":
            info = zipfile.ZipInfo("ds/laporan.md")
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w") as out:
                block = b"\0" * (1024 * 1024)
                for _ in range(64):
                    out.write(block)
        elif kind == "traversal":
            _member(z, "ds/lkj.yaml", (FAULTY / "lkj.yaml").read_bytes())
            _member(z, "../../escaped.txt", b"outside")
        elif kind == "absolute":
            _member(z, "/tmp/escaped.txt", b"outside")
        elif kind == "symlink":
            _member(z, "ds/lkj.yaml", (FAULTY / "lkj.yaml").read_bytes())
            _member(z, "ds/laporan.md", b"/etc/passwd", mode=stat.S_IFLNK | 0o777)
        elif kind == "duplicate":
            _member(z, "ds/lkj.yaml", b"a: 1\n")
            with pytest.warns(UserWarning):
                _member(z, "ds/lkj.yaml", b"a: 2\n")
        elif kind == "fifo":
            _member(z, "ds/pipe", b"", mode=stat.S_IFIFO | 0o644)
    return buf.getvalue()


@pytest.mark.parametrize("kind,words", [
    ("bomb", "bom zip"),
    ("traversal", "keluar dari folder"),
    ("absolute", "jalur mutlak"),
    ("symlink", "tautan simbolik"),
    ("duplicate", "dua kali"),
    ("fifo", "berkas biasa"),
])
def test_hostile_zip_refused_with_a_clear_message(private_tmp, tmp_path, kind, words):
    client, session = _client()
    before = set(tmp_path.parent.iterdir())
    job, state = _check(client, "kiriman.zip", _hostile_zip(kind))
    assert state["stage"] == "gagal"
    assert words in state["error"] and state["error"].startswith("kiriman.zip")
    assert str(private_tmp) not in state["error"]
    assert list(private_tmp.iterdir()) == []
    assert set(tmp_path.parent.iterdir()) == before
    assert not (tmp_path.parent.parent / "escaped.txt").exists()
    assert session.get(job).result is None


def test_too_large_upload_refused_before_it_is_kept(private_tmp):
    client, session = _client(limits=upload.Limits(upload_bytes=64 * 1024))
    r = _upload(client, "besar.md", b"x" * (65 * 1024))
    assert r.status_code == 413
    assert "terlalu besar" in r.json()["error"] and "65.536" in r.json()["error"]
    assert session.jobs == {} and list(private_tmp.iterdir()) == []


def test_too_large_without_content_length_refused_while_streaming(private_tmp):
    client, session = _client(limits=upload.Limits(upload_bytes=64 * 1024))

    def chunks():
        for _ in range(40):
            yield b"y" * 4096

    r = client.post("/api/upload", content=chunks(), headers={"X-Lkjcheck-Token": TOKEN, "X-Filename": "big.txt"})
    assert r.status_code == 413 and "terlalu besar" in r.json()["error"]
    assert session.jobs == {} and list(private_tmp.iterdir()) == []


def test_not_a_zip_and_empty_upload(private_tmp):
    client, _ = _client()
    job, state = _check(client, "rusak.zip", b"PK\x03\x04 not really")
    assert state["stage"] == "gagal" and "bukan berkas zip" in state["error"]
    r = _upload(client, "kosong.md", b"")
    assert r.status_code == 400
    assert list(private_tmp.iterdir()) == []


def test_unsafe_file_names_are_tamed():
    assert upload.safe_name("../../etc/passwd.zip") == "passwd.zip"
    assert upload.safe_name("C:\\Users\\x\\LKj 2024 (final).docx") == "LKj 2024 (final).docx"
    assert upload.safe_name(".hidden.md") == "hidden.md"
    assert upload.safe_name("..") == "laporan" and upload.safe_name("") == "laporan"
    assert upload.safe_name("a\x00b\nc.md") == "abc.md"
    assert len(upload.safe_name("x" * 500 + ".md")) <= 120 and upload.safe_name("x" * 500 + ".md").endswith(".md")
    assert upload.ascii_name("LKj 2024 (final).docx") == "LKj-2024-final.docx"


def test_member_count_and_unpacked_total_limits(private_tmp, tmp_path):
    limits = upload.Limits(members=3, unpacked_bytes=10_000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in range(5):
            z.writestr(f"f{n}.txt", "x")
    root = upload.private_folder()
    (root / "a.zip").write_bytes(buf.getvalue())
    with pytest.raises(InputError) as e:
        upload.place(root / "a.zip", "a.zip", root, limits)
    assert e.value.text("id") == "a.zip: zip berisi 5 berkas, batasnya 3"
    upload.remove(root)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.txt", os.urandom(6000))
        z.writestr("b.txt", os.urandom(6000))
    root = upload.private_folder()
    (root / "b.zip").write_bytes(buf.getvalue())
    with pytest.raises(InputError) as e:
        upload.place(root / "b.zip", "b.zip", root, limits)
    assert "melebihi 10.000 byte" in e.value.text("id")
    upload.remove(root)
    assert list(private_tmp.iterdir()) == []


def test_port_in_use_is_one_line_and_exit_2(cli):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        code, out, err = cli("serve", "--no-browser", "--port", port)
    assert code == 2
    assert err.startswith(f"lkjcheck: tidak dapat melayani di 127.0.0.1:{port}: ")
    assert len(err.strip().splitlines()) == 1


def test_report_year_from_the_page_when_the_cover_does_not_say(private_tmp):
    client, session = _client()
    text = "# Laporan Kinerja Dinas Contoh\n\nSengeti, 17 Januari 2025\n".encode()
    job, state = _check(client, "tanpa-tahun.md", text)
    assert state["stage"] == "gagal"
    assert "tahun laporan tidak terbaca" in state["error"] and "“Tahun laporan”" in state["error"]
    assert "--tahun" not in state["error"]
    r = client.post("/api/upload", content=text, headers={"X-Lkjcheck-Token": TOKEN, "X-Filename": "tanpa-tahun.md",
                                                           "X-Tahun": "2024"})
    state = _wait(client, r.json()["job"])
    assert state["stage"] == "selesai", state
    assert [d.year for d in session.get(r.json()["job"]).result.datasets] == [2024]
    bad = client.post("/api/upload", content=text, headers={"X-Lkjcheck-Token": TOKEN, "X-Filename": "x.md",
                                                             "X-Tahun": "20x4"})
    assert bad.status_code == 400 and "1900" in bad.json()["error"]
    assert list(private_tmp.iterdir()) == []


@pytest.mark.parametrize("name", ["laporan.pdf", "laporan.docx"])
def test_a_published_pdf_or_docx_is_checked_through_the_page(private_tmp, name):
    # The rendered corrected report (fixtures/dokumen): read by the same readers as
    # `lkjcheck run laporan.pdf`; it has no finding, and nothing is left on disk.
    client, session = _client()
    body = (Path(CORRECTED).parent / "dokumen" / name).read_bytes()
    job, state = _check(client, name, body)
    assert state["stage"] == "selesai", state
    result = session.get(job).result
    assert result.findings == []
    assert result.datasets[0].agency and result.datasets[0].year == 2024
    assert list(private_tmp.iterdir()) == []


def test_warm_up_reads_the_rule_pack_and_imports_the_schemas(monkeypatch):
    # The warm-up swallows every error (the first check reports it with its file and line), so a broken
    # warm-up would pass unseen and the first upload would pay for pandas' import: check what it did.
    import lkjcheck.run.check as check

    monkeypatch.setattr(check, "_FROZEN", False)
    session = Session(Options(), upload.Limits())
    session.warm_up()
    assert check._FROZEN
    assert session._families
