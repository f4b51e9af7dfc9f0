#!/bin/bash
# Findings of every bundled input, normalised, to show that a refactoring changed nothing:
#   benchmarks/findings_snapshot.sh REPO OUTDIR [GENERATED_DIR]
# runs `lkjcheck run -f json` and `-f text` in id and en on the fixtures, the corpus datasets,
# the rendered documents and 1,000 generated reports (made once into GENERATED_DIR), plus
# `lkjcheck text` on the seed. Compare two snapshots with benchmarks/findings_compare.py.
set -u
REPO=$(cd "$1" && pwd); OUT=$2; GEN=${3:-/tmp/lkjcheck-gen1000}
mkdir -p "$OUT"
cd "$REPO"
PY=${PYTHON:-python}; [ -x "$REPO/.venv/bin/python" ] && PY="$REPO/.venv/bin/python"
export PYTHONPATH=$REPO
[ -d "$GEN" ] || $PY benchmarks/generate.py 1000 "$GEN" >/dev/null
SEED=$REPO/../shared/seed/lkj-kpu-muaro-jambi-2024.md
for t in fixtures/kpu-muaro-jambi-2024 fixtures/kpu-muaro-jambi-2024-corrected fixtures/kpu-muaro-jambi-riwayat \
         fixtures/corpus fixtures/dokumen "$GEN"; do
  for lang in id en; do
    n=$(echo "$t" | tr / _)
    $PY -m lkjcheck.cli run "$t" -f json --lang $lang -o "$OUT/.run.json" >/dev/null 2>"$OUT/$n.$lang.err"
    echo "rc=$?" >> "$OUT/$n.$lang.err"
    # the run's own timestamp is the one thing that must differ
    $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join(l for l in json.dumps(d,sort_keys=True,indent=1).splitlines() if "generated_at" not in l))' \
        "$OUT/.run.json" > "$OUT/$n.$lang.json" 2>/dev/null
    $PY -m lkjcheck.cli run "$t" -f text --lang $lang --color never > "$OUT/$n.$lang.txt" 2>/dev/null
  done
done
if [ -f "$SEED" ]; then
  for lang in id en; do
    $PY -m lkjcheck.cli text "$SEED" --tahun 2024 --lang $lang > "$OUT/seedtext.$lang.txt" 2>&1
  done
fi
rm -f "$OUT/.run.json"
