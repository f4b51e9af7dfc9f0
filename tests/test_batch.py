"""Many datasets in one run: parallel loading must not change a single byte of the result."""
import json
import shutil

import pytest

from conftest import CORRECTED, FAULTY

N = 20


def _tree(root):
    """A data repo of N reports: one folder per agency, faulty and corrected ones, each a little different."""
    base = (CORRECTED / "lkj.yaml").read_text(encoding="utf-8")
    for i in range(N):
        folder = root / f"prov-{i % 3}" / f"satker-{i:02d}" / "2024"
        if i % 5 == 0:
            shutil.copytree(FAULTY, folder)
            continue
        folder.mkdir(parents=True)
        text = base.replace("instansi: Sekretariat KPU Kabupaten Muaro Jambi", f"instansi: Satker Uji {i}")
        text = text.replace('kode_satker: "656422"', f'kode_satker: "6564{i:02d}"')   # its own agency
        if i % 2:
            # A realisation that no longer matches its capaian, selisih and claims.
            text = text.replace('realisasi: "99,01%"', f'realisasi: "{90 + i / 10:.2f}%"'.replace(".", ","))
        if i % 3 == 0:
            text = text.replace("jumlah: 29, sumber: Tabel 2", f"jumlah: {29 + i}, sumber: Tabel 2")
        (folder / "lkj.yaml").write_text(text, encoding="utf-8")
        shutil.copy(CORRECTED / "laporan.md", folder / "laporan.md")
    return root


def _json(cli, root, jobs):
    code, out, err = cli("run", root, "--format", "json", "--jobs", jobs)
    assert code in (0, 1), err
    doc = json.loads(out)
    doc.pop("generated_at")
    return code, doc


def _spy_forks(monkeypatch):
    """The number of workers each run forked (parallel._forked's `children`)."""
    from lkjcheck.run import parallel

    forks = []
    real = parallel._forked
    monkeypatch.setattr(parallel, "_forked", lambda work, children, *a: forks.append(children) or real(work, children, *a))
    return forks


def test_result_is_identical_for_any_number_of_jobs(cli, tmp_path, monkeypatch):
    root = _tree(tmp_path / "repo")
    from lkjcheck.run import parallel

    forks = _spy_forks(monkeypatch)
    code1, serial = _json(cli, root, 1)
    assert forks == []
    # Below the threshold one process is faster, whatever --jobs says.
    code2, small = _json(cli, root, 2)
    assert forks == []
    monkeypatch.setattr(parallel, "PARALLEL_CHECK_MIN", 4)
    monkeypatch.setattr(parallel, "PARALLEL_CHUNK_MIN", 2)
    code3, parallel = _json(cli, root, 3)
    assert forks == [2]                       # this process and two forked copies of it checked the chunks
    assert code1 == code2 == code3 == 1
    assert len(serial["datasets"]) == N
    assert serial == small == parallel
    # The variations are visible: not every report says the same thing.
    per_ds = {d["name"]: 0 for d in serial["datasets"]}
    for f in serial["findings"]:
        per_ds[f["dataset"]] += 1
    assert len(set(per_ds.values())) > 2


@pytest.mark.parametrize("chunk_workers", [False, True], ids=["one-process", "checking-workers"])
def test_input_error_in_a_worker_is_reported_like_in_a_serial_run(cli, tmp_path, monkeypatch, chunk_workers):
    from lkjcheck.run import parallel

    if chunk_workers:
        monkeypatch.setattr(parallel, "PARALLEL_CHECK_MIN", 4)
        monkeypatch.setattr(parallel, "PARALLEL_CHUNK_MIN", 2)
    root = _tree(tmp_path / "repo")
    bad = root / "prov-1" / "satker-07" / "2024" / "lkj.yaml"
    bad.write_text("laporan: {tahun: 2024\n", encoding="utf-8")
    c1, o1, e1 = cli("run", root, "--jobs", "1")
    c2, o2, e2 = cli("run", root, "--jobs", "2")
    assert c1 == c2 == 2
    assert e1 == e2 and "satker-07" in e1


def test_text_output_of_a_batch_ends_with_a_summary_across_datasets(cli, tmp_path):
    root = _tree(tmp_path / "repo")
    code, out, _ = cli("run", root, "--jobs", "1", "--no-text")
    tail = out[out.index("RINGKASAN PER DATASET"):]
    assert "satker-05" in tail and "Kesalahan" in tail
    assert "ATURAN DENGAN TEMUAN TERBANYAK" in tail
    assert tail.rstrip().splitlines()[-1].startswith(f"{N} dataset:")


@pytest.mark.parametrize("path", [CORRECTED, FAULTY])
def test_single_dataset_output_has_no_batch_summary(cli, path):
    _, out, _ = cli("run", path, "--no-text")
    assert "RINGKASAN PER DATASET" not in out


def test_checking_chunk_by_chunk_gives_the_same_result(tmp_path):
    """Large runs are checked in chunks that keep one agency's reports together;
    the findings (cross-year ones included) must not depend on the chunk size."""
    from conftest import FIXTURES
    from lkjcheck.report import get_renderer
    from lkjcheck.run.runner import run
    from lkjcheck.run.options import Options
    from lkjcheck.run.discover import _chunks

    root = tmp_path / "repo"
    base = (CORRECTED / "lkj.yaml").read_text(encoding="utf-8")
    for i in range(10):
        folder = root / f"satker-{i:02d}" / "2024"
        folder.mkdir(parents=True)
        text = base.replace('"656422"', f'"9{i:05d}"')
        if i % 2:
            text = text.replace('realisasi: "99,01%"', 'realisasi: "97,01%"')
        (folder / "lkj.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(FAULTY, root / "satker-muaro-jambi" / "2024")
    hist = root / "satker-muaro-jambi"
    for year in ("2021", "2022", "2023"):
        shutil.copytree(FIXTURES / "kpu-muaro-jambi-riwayat" / year, hist / year)
    y2023 = hist / "2023" / "lkj.yaml"
    y2023.write_text(y2023.read_text(encoding="utf-8").replace('realisasi: "98,55%"', 'realisasi: "98,15%"', 1),
                     encoding="utf-8")

    def doc(chunk):
        result = run([str(root)], Options(chunk_size=chunk, check_text=False))
        d = json.loads(get_renderer("json")(result))
        d.pop("generated_at")
        return d

    chunks = _chunks(sorted(p.parent for p in root.rglob("lkj.yaml")), 4)
    assert len(chunks) > 2 and any(len(c) == 4 for c in chunks)      # the agency's four years stay together
    whole, chunked = doc(1000), doc(4)
    assert chunked == whole
    assert any(f["rule"] == "THN001" for f in whole["findings"])
    assert len(whole["datasets"]) == 14


def test_checking_chunks_in_worker_processes_gives_the_same_result(cli, tmp_path, monkeypatch):
    """Big runs check whole chunks in workers (findings travel back, not tables)."""
    from lkjcheck.run import parallel

    root = _tree(tmp_path / "repo")
    _, serial = _json(cli, root, "1")
    monkeypatch.setattr(parallel, "PARALLEL_CHECK_MIN", 4)
    monkeypatch.setattr(parallel, "PARALLEL_CHUNK_MIN", 2)      # several chunks, shared by both processes
    forks = _spy_forks(monkeypatch)
    _, in_workers = _json(cli, root, "2")
    assert forks == [1], "the chunks were not checked in a worker"
    assert in_workers == serial


def test_garbage_collection_is_back_on_after_a_run_even_one_that_failed(cli, tmp_path):
    import gc

    assert gc.isenabled()
    cli("run", FAULTY, "--format", "json", "--no-text")
    assert gc.isenabled()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "lkj.yaml").write_text("laporan: [unclosed\n", encoding="utf-8")
    code, _, err = cli("run", bad)
    assert code == 2 and "lkj.yaml" in err
    assert gc.isenabled()


_RAISING_PACK = '''
family: {id: tim, title: {id: "Aturan tim", en: "Team rules"}}
rules:
  - id: TIM001
    title: {id: "Indikator tertulis", en: "Indicator written"}
    severity: warning
    table: pengukuran_kinerja
    assert: len(indikator) > 0
    reference: "Kebijakan internal"
    rationale: {id: "Contoh.", en: "Example."}
    example: {bad: "-", good: "Persentase"}
'''


def _raising_batch(tmp_path, monkeypatch):
    """Three reports and a rule pack whose one rule raises on the indicators of one of them (#16)."""
    from lkjcheck.lang import vectorised

    shutil.copytree(FAULTY, tmp_path / "data" / "a-faulty")
    shutil.copytree(CORRECTED, tmp_path / "data" / "b-corrected")
    shutil.copytree(CORRECTED, tmp_path / "data" / "c-raises")
    target = tmp_path / "data" / "c-raises" / "lkj.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("indikator: Persentase evaluasi", "indikator: MELEDAK Persentase evaluasi"),
                      encoding="utf-8")
    pack = tmp_path / "tim"
    pack.mkdir()
    (pack / "tim.yaml").write_text(_RAISING_PACK, encoding="utf-8")
    real = vectorised.IMPLS["len"]

    def boom(env, frame, args, **kw):
        if any("MELEDAK" in str(v) for v in args[0].val):
            raise ZeroDivisionError("a bug met this value")
        return real(env, frame, args, **kw)

    monkeypatch.setitem(vectorised.IMPLS, "len", boom)
    return tmp_path / "data", pack


@pytest.mark.parametrize("lang, words", [("id", "kesalahan internal pada aturan TIM001"),
                                         ("en", "internal error in rule TIM001")])
def test_a_rule_that_raises_is_one_finding_for_its_dataset_and_the_batch_goes_on(cli, tmp_path, monkeypatch,
                                                                                   lang, words):
    root, pack = _raising_batch(tmp_path, monkeypatch)
    code, out, err = cli("run", root, "--rules", pack, "-f", "json", "--lang", lang, "--jobs", "1")
    assert code == 1
    assert "Traceback" not in err and err.strip() == ""
    doc = json.loads(out)
    tim = [f for f in doc["findings"] if f["rule"] == "TIM001"]
    assert [(f["dataset"], f["severity"]) for f in tim] == [("c-raises", "error")]
    assert tim[0]["message"].startswith(words) and "ZeroDivisionError" in tim[0]["message"]
    assert tim[0]["location"]["file"].endswith("c-raises/lkj.yaml")
    # Every other rule, on every dataset, is checked exactly as without the raising rule.
    _, plain, _ = cli("run", root, "-f", "json", "--lang", lang, "--jobs", "1")
    others = [f for f in doc["findings"] if f["rule"] != "TIM001"]
    assert others == json.loads(plain)["findings"]
    assert {f["dataset"] for f in others} >= {"a-faulty"}


def test_a_rule_that_raises_shows_its_traceback_with_debug(cli, tmp_path, monkeypatch):
    root, pack = _raising_batch(tmp_path, monkeypatch)
    with pytest.raises(ZeroDivisionError, match="a bug met this value"):
        cli("run", root, "--rules", pack, "-f", "json", "--jobs", "1", "--debug")


def test_jobs_option_takes_a_number_or_auto(cli, tmp_path):
    code, _, err = cli("run", CORRECTED, "--jobs", "0")
    assert code == 2 and "--jobs" in err
    code, _, err = cli("run", CORRECTED, "--jobs", "banyak")
    assert code == 2 and "auto" in err
    assert cli("run", CORRECTED, "--jobs", "auto", "--no-text")[0] == cli("run", CORRECTED, "--jobs", "1", "--no-text")[0]
