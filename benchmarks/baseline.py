"""What a pandera or Great Expectations user would write for the same row-level checks.

Neither tool reads "99,01%" or "Rp 1.234" nor joins tables, so the user parses the
YAML, converts the figures and precomputes one difference per check in pandas;
the tool then asserts |difference| <= a fixed tolerance. Run as a script:

    python benchmarks/baseline.py {pandera|gx|gx-folded} OUT_JSON DATASET_DIR...

`gx` is the suite a GX user keeps: one expectation per rule, so results and Data
Docs name the failed rule, each with its own tolerance and description. GX 1.x
validates one DataFrame per run and a Checkpoint passes the same batch parameters
to all its validation definitions, so a frame per table would mean one run per
table; the report's tables share one frame with a `table` column instead, and each
expectation selects its table with a row condition (a Condition object: the string
form with condition_parser="pandas" is deprecated since GX 1.9, and slower).
`gx-folded` is the cheapest suite possible, kept for comparison: every check folded
into one precomputed column judged by one expectation.
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


# One expectation per check kind of checks(), no more: (table, check, tolerance,
# description). The tolerances are all TOL so that both GX suites and pandera
# judge the same differences against the same bound.
RULES = [
    ("pengukuran_kinerja", "capaian", TOL, "capaian matches realisasi against target, by arah"),
    ("pengukuran_kinerja", "selisih", TOL, "selisih is |target - realisasi|"),
    ("rincian_kinerja", "capaian", TOL, "capaian of the activity matches its IKU formula"),
    ("anggaran", "persen", TOL, "persen is realisasi / pagu"),
    ("anggaran", "sum", TOL, "total realisasi is the sum of the sources"),
    ("anggaran", "tahap", TOL, "hibah pagu is the sum of its tranches"),
    ("rekap_pegawai", "sum", TOL, "each rekap total is the sum of its groups"),
    ("klaim", "capaian_iku", TOL, "claimed mean capaian matches the IKU table"),
    ("klaim", "persen_realisasi_anggaran", TOL, "claimed budget realisation matches anggaran"),
]
CHECK_COLUMNS = list(dict.fromkeys(check for _, check, _, _ in RULES))


def load(path):
    return yaml.load(Path(path, "lkj.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def frame(doc):
    import pandas as pd

    rows = checks(doc)
    df = pd.DataFrame(rows, columns=["table", "row", "check", "diff"])
    df["excess"] = df["diff"] - TOL
    return df


def rule_frame(doc):
    """One row per table row, one difference column per check kind (NaN where it does not apply)."""
    import pandas as pd

    recs, last = [], {}
    for table, row, check, diff in checks(doc):
        rec = last.get((table, row))
        # the same key with a check already filled is another row of the table, not the same one
        if rec is None or check in rec:
            rec = last[table, row] = {"table": table, "row": row}
            recs.append(rec)
        rec[check] = diff
    # every column present in every report: an expectation on a missing column raises
    return pd.DataFrame(recs, columns=["table", "row", *CHECK_COLUMNS])


def run_pandera(paths):
    import pandera.pandas as pa

    schema = pa.DataFrameSchema({"excess": pa.Column(float, pa.Check.le(0))})
    found = []
    for p in paths:
        df = frame(load(p))
        try:
            schema.validate(df, lazy=True)
        except pa.errors.SchemaErrors as e:
            for i in sorted(set(e.failure_cases["index"].dropna().astype(int))):
                found.append([str(p), df.at[i, "table"], df.at[i, "row"], df.at[i, "check"]])
    return found


def run_gx_suite(paths, expectations, build, index_columns, finding):
    """One ephemeral context, one validation run per report, as a GX user would script it.

    finding(expectation_config, unexpected_row) names the (table, row, check) that failed.
    """
    import logging
    import time

    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    ctx = gx.get_context(mode="ephemeral")
    try:
        ctx.variables.progress_bars = {"globally": False}
    except Exception:
        pass
    batch_def = ctx.data_sources.add_pandas("lkj").add_dataframe_asset("checks").add_batch_definition_whole_dataframe("all")
    suite = ctx.suites.add(gx.ExpectationSuite(name="lkj"))
    for e in expectations:
        suite.add_expectation(e)
    vd = ctx.validation_definitions.add(gx.ValidationDefinition(name="lkj", data=batch_def, suite=suite))
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": index_columns}
    found, spent = [], 0.0
    for p in paths:
        df = build(load(p))
        t = time.perf_counter()
        res = vd.run(batch_parameters={"dataframe": df}, result_format=result_format)
        spent += time.perf_counter() - t
        for r in res.results:
            if r.exception_info and r.exception_info.get("raised_exception"):
                raise RuntimeError(r.exception_info)
            for u in r.result.get("unexpected_index_list") or []:
                found.append([str(p), *finding(r.expectation_config, u)])
    # the cost of run() alone, apart from the import, parsing and frame building
    print(f"{len(paths)} validations of {len(expectations)} expectation(s): "
          f"{spent * 1000 / max(len(paths), 1):.1f} ms per run()", file=sys.stderr)
    return found


def run_gx(paths):
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    expectations = [gxe.ExpectColumnValuesToBeBetween(column=check, max_value=tol, description=meaning,
                                                       row_condition=Column("table") == table)
                    for table, check, tol, meaning in RULES]
    return run_gx_suite(paths, expectations, rule_frame, ["table", "row"],
                        lambda cfg, u: (u["table"], u["row"], cfg.kwargs["column"]))


def run_gx_folded(paths):
    import great_expectations.expectations as gxe

    return run_gx_suite(paths, [gxe.ExpectColumnValuesToBeBetween(column="excess", max_value=0)], frame,
                        ["table", "row", "check"], lambda cfg, u: (u["table"], u["row"], u["check"]))


TOOLS = {"pandera": run_pandera, "gx": run_gx, "gx-folded": run_gx_folded}

if __name__ == "__main__":
    tool, out, *dirs = sys.argv[1:]
    if tool not in TOOLS:
        raise SystemExit(f"unknown tool {tool!r}: one of {', '.join(TOOLS)}")
    paths = sorted({str(f.parent) for d in dirs for f in Path(d).rglob("lkj.yaml")})
    Path(out).write_text(json.dumps(TOOLS[tool](paths)))
