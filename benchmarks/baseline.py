"""What a pandera or Great Expectations user would write for the same row-level checks.

Neither tool reads "99,01%" or "Rp 1.234" nor joins tables, so the user parses the
YAML, converts the figures and precomputes one difference per check in pandas;
the tool then asserts |difference| <= a fixed tolerance. Run as a script:

    python benchmarks/baseline.py {pandera|gx} OUT_JSON DATASET_DIR...
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

TOL = 0.01          # a fixed tolerance: these tools have no notion of written precision


def num(s):
    if s is None:
        return None
    if isinstance(s, (int, float)):
        return float(s)
    t = str(s).replace("Rp", "").replace("%", "").strip()
    t = re.sub(r"\s+[A-Za-z]+$", "", t).strip()
    t = t.replace(".", "").replace(",", ".") if "," in t or re.search(r"\.\d{3}(\D|$)", t) else t
    try:
        return float(t)
    except ValueError:
        return None


def checks(doc) -> list[tuple[str, str, str, float]]:
    """(table, row, check, |difference|) for every row-level rule."""
    out = []
    iku = {r["kode"]: r for r in doc.get("pengukuran_kinerja") or []}

    def cap(r, arah):
        t, x = num(r["target"]), num(r["realisasi"])
        return (2 * t - x) / t * 100 if arah == "minimal" else x / t * 100

    caps = []
    for r in iku.values():
        c = cap(r, r.get("arah"))
        caps.append(c)
        out.append(("pengukuran_kinerja", r["kode"], "capaian", abs(num(r["capaian"]) - c)))
        out.append(("pengukuran_kinerja", r["kode"], "selisih",
                    abs(abs(num(r["selisih"])) - abs(num(r["target"]) - num(r["realisasi"])))))
    for r in doc.get("rincian_kinerja") or []:
        arah = iku.get(r["kode"], {}).get("arah")
        out.append(("rincian_kinerja", r["kode"], "capaian", abs(num(r["capaian"]) - cap(r, arah))))
    ang = {r["sumber"]: {k: num(v) for k, v in r.items() if k != "sumber"} for r in doc.get("anggaran") or []}
    for s, r in ang.items():
        out.append(("anggaran", s, "persen", abs(r["persen"] - r["realisasi"] / r["pagu"] * 100)))
    if "total" in ang:
        parts = [v for k, v in ang.items() if k != "total"]
        out.append(("anggaran", "total", "sum", abs(ang["total"]["realisasi"] - sum(v["realisasi"] for v in parts))))
    if "hibah" in ang and doc.get("hibah"):
        out.append(("anggaran", "hibah", "tahap", abs(ang["hibah"]["pagu"] - sum(num(h["jumlah"]) for h in doc["hibah"]))))
    groups: dict = {}
    for r in doc.get("rekap_pegawai") or []:
        g = groups.setdefault(r["rekap"], [0, None])
        if str(r["kelompok"]).lower() == "total":
            g[1] = r["jumlah"]
        else:
            g[0] += r["jumlah"]
    for name, (s, tot) in groups.items():
        if tot is not None:
            out.append(("rekap_pegawai", f"{name} total", "sum", abs(tot - s)))
    for r in doc.get("klaim") or []:
        b, v = r["besaran"], num(r.get("nilai"))
        if b == "capaian_iku" and caps:
            out.append(("klaim", r["kode"], b, abs(v - sum(caps) / len(caps))))
        elif b == "persen_realisasi_anggaran":
            a = ang[r.get("acuan") or "total"]
            out.append(("klaim", r["kode"], b, abs(v - a["realisasi"] / a["pagu"] * 100)))
    return out


def frame(doc):
    import pandas as pd

    rows = checks(doc)
    df = pd.DataFrame(rows, columns=["table", "row", "check", "diff"])
    df["excess"] = df["diff"] - TOL
    return df


def run_pandera(paths):
    import pandera.pandas as pa

    schema = pa.DataFrameSchema({"excess": pa.Column(float, pa.Check.le(0))})
    found = []
    for p in paths:
        df = frame(yaml.load(Path(p, "lkj.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
        try:
            schema.validate(df, lazy=True)
        except pa.errors.SchemaErrors as e:
            for i in sorted(set(e.failure_cases["index"].dropna().astype(int))):
                found.append([str(p), df.at[i, "table"], df.at[i, "row"], df.at[i, "check"]])
    return found


def run_gx(paths):
    import logging

    import great_expectations as gx
    import great_expectations.expectations as gxe

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    ctx = gx.get_context(mode="ephemeral")
    try:
        ctx.variables.progress_bars = {"globally": False}
    except Exception:
        pass
    batch_def = ctx.data_sources.add_pandas("lkj").add_dataframe_asset("checks").add_batch_definition_whole_dataframe("all")
    suite = ctx.suites.add(gx.ExpectationSuite(name="lkj"))
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="excess", max_value=0))
    vd = ctx.validation_definitions.add(gx.ValidationDefinition(name="lkj", data=batch_def, suite=suite))
    found = []
    for p in paths:
        df = frame(yaml.load(Path(p, "lkj.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
        res = vd.run(batch_parameters={"dataframe": df},
                     result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["table", "row", "check"]})
        for r in res.results:
            if r.exception_info and r.exception_info.get("raised_exception"):
                raise RuntimeError(r.exception_info)
            for u in r.result.get("unexpected_index_list") or []:
                found.append([str(p), u["table"], u["row"], u["check"]])
    return found


if __name__ == "__main__":
    tool, out, *dirs = sys.argv[1:]
    paths = sorted({str(f.parent) for d in dirs for f in Path(d).rglob("lkj.yaml")})
    res = run_pandera(paths) if tool == "pandera" else run_gx(paths)
    Path(out).write_text(json.dumps(res))
