"""`lkjcheck serve` driven by a real headless Chromium (selenium + Debian's chromium-driver).

The server runs as the command a reviewer types, on a free local port, with
its temporary folder pointed at a test folder so that the test can see that
nothing of an upload is left behind.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
webdriver = pytest.importorskip("selenium.webdriver")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from conftest import FAULTY, ROOT, SEED  # noqa: E402


def _exe(*names):
    for name in names:
        if name and shutil.which(name):
            return shutil.which(name)
    return None


# Selenium must use the driver named below and never look one up on the network.
os.environ.setdefault("SE_OFFLINE", "true")

CHROMIUM = _exe(os.environ.get("LKJCHECK_CHROMIUM"), "chromium", "chromium-browser")
DRIVER = _exe(os.environ.get("LKJCHECK_CHROMEDRIVER"), "chromedriver")

pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="needs chromium and chromium-driver (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`lkjcheck serve --no-browser --port 0`, as typed; yields (url, its temporary folder)."""
    tmp = tmp_path_factory.mktemp("serve-tmp")
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "lkjcheck", "serve", "--no-browser", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        line = proc.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+/\?token=[\w-]+)", line)
        assert m, (line, proc.stderr.read() if proc.poll() is not None else "")
        yield m.group(1), tmp
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert list(tmp.iterdir()) == [], "the server left files behind"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                "--window-size=1280,1600", f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=opts)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _wait_for_file(folder: Path, name: str, timeout=30) -> Path:
    deadline = time.monotonic() + timeout
    path = folder / name
    while time.monotonic() < deadline:
        if path.exists() and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded; found {sorted(p.name for p in folder.iterdir())}")


def _open(browser, url):
    browser.get(url)
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.ID, "file")))


def _waive(browser, article, justification: str, by: str):
    """Fill in and save the waiver form of one finding, as a reviewer does."""
    article.find_element(By.CSS_SELECTOR, "button.waive").click()
    form = article.find_element(By.CSS_SELECTOR, "form.waiver-form")
    form.find_element(By.NAME, "justification").send_keys(justification)
    form.find_element(By.NAME, "by").send_keys(by)
    # Typing into a date field follows the browser's locale; set it as a reviewer's picker would.
    browser.execute_script("arguments[0].value = '2099-12-31'", form.find_element(By.NAME, "until"))
    form.find_element(By.CSS_SELECTOR, "button.save").click()


def _upload(browser, path: Path):
    browser.find_element(By.ID, "file").send_keys(str(path))


def test_reviewer_checks_a_report_waives_a_finding_and_downloads_the_working_paper(server, browser, tmp_path, cli):
    url, server_tmp = server
    if not SEED.is_file():
        pytest.skip(f"the seed report is not at {SEED}")
    # A copy, as a reviewer would pick it from their own folder; the repository never holds the text.
    upload_file = tmp_path / SEED.name
    shutil.copy(SEED, upload_file)
    _open(browser, url)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    # Watch the progress line while the report is read.
    browser.execute_script("""
        window.seen = [];
        new MutationObserver(() => window.seen.push(document.getElementById('progress-label').textContent))
            .observe(document.getElementById('progress-label'), {childList: true, characterData: true, subtree: true});
    """)
    _upload(browser, upload_file)
    WebDriverWait(browser, 120).until(EC.presence_of_element_located((By.ID, "report")))
    seen = browser.execute_script("return window.seen")
    # The upload's share, then what the server is doing (the page asks every 250 ms; the seed takes longer).
    assert "Mengunggah berkas…" in seen, seen
    assert {"Menunggu pemeriksaan lain selesai…", "Membuka berkas…", "Memeriksa laporan…"} & set(seen), seen
    assert not browser.find_element(By.ID, "progress").is_displayed()
    assert list(server_tmp.iterdir()) == []
    agency = browser.find_element(By.ID, "agency").text
    assert "MUARO JAMBI" in agency.upper()
    counts = browser.find_element(By.ID, "counts").text
    assert re.search(r"\d+ kesalahan", counts), counts

    # Findings by reviu aspect, in the reviu's order.
    aspects = [a.get_attribute("data-aspect") for a in browser.find_elements(By.CSS_SELECTOR, "section.aspect")]
    assert aspects[:3] == ["format", "mekanisme", "substansi"]

    # Findings are grouped, each with the source it quotes.
    # The seed's budget table prints 99,97% for the routine budget: quoted beside the finding.
    budget = [a for a in browser.find_elements(By.CSS_SELECTOR, 'article.finding[data-rule="ANG003"]')
              if "rutin" in a.text]
    assert budget and "99,97" in budget[0].find_element(By.CSS_SELECTOR, ".source").text
    assert budget[0].get_attribute("data-temuan")

    # Filter: only warnings stay visible; then only one criterion.
    Select(browser.find_element(By.ID, "filter-severity")).select_by_value("warning")
    visible = [a for a in browser.find_elements(By.CSS_SELECTOR, "article.finding") if a.is_displayed()]
    assert visible and {a.get_attribute("data-severity") for a in visible} == {"warning"}
    Select(browser.find_element(By.ID, "filter-severity")).select_by_value("")
    crit = Select(browser.find_element(By.ID, "filter-criterion"))
    value = "F6"                    # LKj menyajikan akuntabilitas keuangan: the budget rules serve it
    crit.select_by_value(value)
    visible = [a for a in browser.find_elements(By.CSS_SELECTOR, "article.finding") if a.is_displayed()]
    assert visible and all("F6" in a.get_attribute("data-criteria").split() for a in visible)
    assert "ANG003" in {a.get_attribute("data-rule") for a in visible}
    hidden = [a for a in browser.find_elements(By.CSS_SELECTOR, "article.finding") if not a.is_displayed()]
    assert hidden and not any("F6" in a.get_attribute("data-criteria").split() for a in hidden)

    # A waiver with justification, name and expiry.
    target = next(a for a in visible if a.get_attribute("data-rule") == "ANG003" and "rutin" in a.text)
    _waive(browser, target, "Pagu revisi dikonfirmasi ke Subbag Keuangan", "Inspektorat Wilayah II")
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.is-waived")))
    waived = browser.find_elements(By.CSS_SELECTOR, "article.is-waived")
    assert [a.get_attribute("data-rule") for a in waived] == ["ANG003"] and "rutin" in waived[0].text
    assert "Pagu revisi dikonfirmasi" in waived[0].text
    assert "Inspektorat Wilayah II" in browser.find_element(By.ID, "waiver-list").text
    # The filter the reviewer chose survives the page refresh after saving.
    assert Select(browser.find_element(By.ID, "filter-criterion")).first_selected_option.get_attribute("value") == value

    # Downloads: the waiver file (reused by the CLI on the same report) and the working paper.
    browser.find_element(By.ID, "download-waivers").click()
    waivers = _wait_for_file(browser.downloads, "pengecualian.yaml")
    code, out, _ = cli("run", upload_file, "--format", "json", "--waivers", waivers)
    assert [(f["rule"], f["row"]) for f in json.loads(out)["findings"] if f["waived"]] == [("ANG003", "rutin")]
    stem = upload_file.stem

    browser.find_element(By.ID, "download-docx").click()
    import docx

    paper = docx.Document(str(_wait_for_file(browser.downloads, f"kkr-{stem}.docx")))
    text = "\n".join([p.text for p in paper.paragraphs] +
                     [c.text for t in paper.tables for row in t.rows for c in row.cells])
    assert "KERTAS KERJA REVIU" in text.upper() and "MUARO JAMBI" in text.upper()
    assert "Pagu revisi dikonfirmasi ke Subbag Keuangan" in text
    assert str(server_tmp) not in text          # the private folder's paths never reach a download
    for aspect in ("FORMAT", "MEKANISME PENYUSUNAN", "SUBSTANSI"):
        assert aspect in text.upper()

    browser.find_element(By.ID, "download-xlsx").click()
    import openpyxl

    book = openpyxl.load_workbook(_wait_for_file(browser.downloads, f"kkr-{stem}.xlsx"), read_only=True)
    cells = {ws.title: [[c for c in row] for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    flat = next(rows for title, rows in cells.items() if "temuan" in title.lower())
    waived_rows = [r for r in flat[1:]
                   if any(isinstance(v, str) and "Pagu revisi dikonfirmasi ke Subbag Keuangan" in v for v in r)]
    assert waived_rows and all("ANG003" in r for r in waived_rows)
    assert len(flat) > 50                       # a row per place of every temuan of the seed report
    assert not any(isinstance(v, str) and str(server_tmp) in v for rows in cells.values() for r in rows for v in r)

    browser.find_element(By.ID, "download-html").click()
    html = _wait_for_file(browser.downloads, f"kkr-{stem}.html").read_text(encoding="utf-8")
    assert "Pagu revisi dikonfirmasi" in html
    assert list(server_tmp.iterdir()) == []


def _hostile(tmp_path: Path, name: str, members: list[tuple[str, bytes, int | None]]) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data, mode in members:
            info = zipfile.ZipInfo(member)
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode is not None:
                info.create_system, info.external_attr = 3, mode << 16
            z.writestr(info, data)
    return path


@pytest.mark.parametrize("case", ["traversal", "symlink", "bomb", "type"])
def test_hostile_upload_gets_a_clear_message_and_leaves_nothing(server, browser, tmp_path, case):
    url, server_tmp = server
    lkj = (FAULTY / "lkj.yaml").read_bytes()
    if case == "traversal":
        path = _hostile(tmp_path, "kiriman.zip", [("ds/lkj.yaml", lkj, None), ("../../../keluar.txt", b"x", None)])
        words = "keluar dari folder"
    elif case == "symlink":
        path = _hostile(tmp_path, "kiriman.zip", [("ds/lkj.yaml", lkj, None),
                                                  ("ds/pegawai.csv", b"/etc/passwd", 0o120777)])
        words = "tautan simbolik"
    elif case == "bomb":
        path = tmp_path / "kiriman.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, z.open("ds/laporan.md", "w") as out:
            for _ in range(48):
                out.write(b"\0" * (1024 * 1024))
        words = "bom zip"
    else:
        path = tmp_path / "kiriman.exe"
        path.write_bytes(b"MZ")
        words = "tidak diterima"
    _open(browser, url)
    _upload(browser, path)
    error = WebDriverWait(browser, 60).until(EC.visibility_of_element_located((By.ID, "error")))
    assert words in error.text and error.text.startswith("kiriman")
    assert "/tmp" not in error.text and str(server_tmp) not in error.text
    assert browser.find_elements(By.ID, "report") == []
    assert list(server_tmp.iterdir()) == []
    assert not list(tmp_path.parent.glob("**/keluar.txt"))


def test_too_large_upload_refused(tmp_path, browser):
    """A second server with a 1 MB limit: a 2 MB report is refused before it is kept."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "lkjcheck", "serve", "--no-browser", "--port", "0",
                             "--max-upload-mb", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env={**os.environ, "TMPDIR": str(tmp)})
    try:
        url = re.search(r"(http://\S+)", proc.stdout.readline()).group(1)
        big = tmp_path / "laporan-besar.md"
        big.write_bytes(b"# LKj\n" + b"x" * (2 * 1024 * 1024))
        _open(browser, url)
        _upload(browser, big)
        error = WebDriverWait(browser, 60).until(EC.visibility_of_element_located((By.ID, "error")))
        assert "terlalu besar" in error.text and "1.048.576" in error.text
        assert list(tmp.iterdir()) == []
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_zip_of_several_years_shows_each_report_under_its_own_header(server, browser, tmp_path):
    url, server_tmp = server
    upload_file = tmp_path / "riwayat.zip"
    root = FAULTY.parent / "kpu-muaro-jambi-riwayat"
    with zipfile.ZipFile(upload_file, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(root.rglob("*")):
            if f.is_file():
                z.write(f, f"riwayat/{f.relative_to(root)}")
    _open(browser, url)
    _upload(browser, upload_file)
    WebDriverWait(browser, 120).until(EC.presence_of_element_located((By.ID, "report")))
    sections = browser.find_elements(By.CSS_SELECTOR, "section.dataset")
    heads = [s.find_element(By.CSS_SELECTOR, ".dataset-head").text for s in sections]
    assert heads == [f"Sekretariat KPU Kabupaten Muaro Jambi — {y}" for y in (2021, 2022, 2023)]
    assert browser.find_element(By.ID, "dataset-count").text == "3"
    # A waiver recorded in the 2022 report stays in the 2022 report once the page is redrawn.
    second = sections[1]
    second_name = second.get_attribute("data-dataset")
    article = second.find_element(By.CSS_SELECTOR, "button.waive").find_element(By.XPATH, "./ancestor::article")
    rule = article.get_attribute("data-rule")
    _waive(browser, article, "Dikonfirmasi", "Pereviu")
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.is-waived")))
    waived = browser.find_elements(By.CSS_SELECTOR, "article.is-waived")
    assert waived and {a.get_attribute("data-rule") for a in waived} == {rule}
    assert all(a.find_element(By.XPATH, "./ancestor::section[@class='dataset']").get_attribute("data-dataset")
               == second_name for a in waived)
    assert list(server_tmp.iterdir()) == []
