#!/usr/bin/env bash
# 09-uneven-work: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 09-uneven-work
# Trial division costs more for larger numbers, so the 64 tasks of primes
# grow heavier along the range.  The same pool of 2 workers deals them out
# 32, 8 or 1 at a time (--chunksize); fork deals them round-robin (task t
# to worker t mod 2), fixed in advance.  QUICK counts primes below 2
# million, not 5: runs of about 0.1 s, where the imbalance still dwarfs
# the pool's start-up and the noise (below that it drowned in them).
size=()
[ "$QUICK" = 1 ] && size=(-n 2000000)
sweep() { # NAME MODE [OPTION...]: one sweep of primes on 2 workers into $OUT/NAME
    local name=$1 mode=$2
    shift 2
    echo "--- $name: gilbench sweep -k primes -m $mode -w 2 $*"
    "$GILBENCH" sweep -k primes -m "$mode" -w 2 "$@" "${REPS[@]}" "${size[@]}" --no-progress \
        -o "$OUT/$name"
}
sweep chunks-32 pool --chunksize 32
sweep chunks-8 pool --chunksize 8
sweep chunks-1 pool --chunksize 1
sweep round-robin fork

# One row per way of dealing, the speedups from each sweep's summary.csv
# (columns by name), for the chart and the figures.
python3 - "$OUT" <<'PY'
import csv, os, sys
out = sys.argv[1]
ways = [("chunks-32", "pool", "chunks of 32"), ("chunks-8", "pool", "chunks of 8"),
        ("chunks-1", "pool", "chunks of 1"), ("round-robin", "fork", "fork round-robin")]
rows = []
for name, mode, label in ways:
    with open(os.path.join(out, name, "summary.csv"), newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["mode"] == mode)
    rows.append({"dealing": name, "label": label, "mode": mode, "workers": row["workers"],
                 "speedup": row["speedup"], "cpu_util": row["cpu_util"]})
with open(os.path.join(out, "dealing.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
print("primes on 2 workers, by how the 64 tasks are dealt:")
for r in rows:
    print(f"  {r['label']:<18} speedup {float(r['speedup']):.2f}x   cpu_util {float(r['cpu_util']):.2f} cores")
PY
# The chart's machine line reads the run directory's meta: the first sweep's.
cp "$OUT/chunks-32/meta" "$OUT/meta"
lesson_chart "$OUT" dealing
lesson_finish
