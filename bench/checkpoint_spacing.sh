#!/usr/bin/env bash
# bench/checkpoint_spacing.sh - how much work lies between two checkpoints
# of each CPU kernel: the measurement behind each kernel's checkpoint_ns
# (kernels/kernel.h), which gil-legacy turns into ticks of CPython 2's
# interpreter (GIL_TICK_NS in harness/gil/gil.h).
#
#   bench/checkpoint_spacing.sh [OUT_DIR]     (QUICK=1: the quick sizes)
#
# Per kernel: seq's median compute time (5 repetitions), divided by the
# number of checkpoints one run passes, counted exactly as the GIL
# acquisitions of gil-legacy with one worker and --check-interval 1 (it
# releases and re-takes at every checkpoint; minus the first take).
# Prints kernel,checkpoints,seq_compute_s,ns_per_checkpoint,ticks and
# writes the same to OUT_DIR/checkpoint_spacing.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
GILBENCH=${GILBENCH:-bin/gilbench}
out=${1:-$(mktemp -d)}
size=()
[ "${QUICK:-0}" = 1 ] && size=(--quick)
mkdir -p "$out"
common=(--no-probe --no-progress --remeasure 0)
col() { awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }' "$1"; }
tick_ns=$(awk '$1 == "#define" && $2 == "GIL_TICK_NS" { print $3 }' harness/gil/gil.h)
echo "kernel,checkpoints,seq_compute_s,ns_per_checkpoint,ticks" | tee "$out/checkpoint_spacing.csv"
for k in primes sumsq sqrtsum pi mandelbrot; do
    "$GILBENCH" run -k "$k" -m seq -w 1 -r 5 --warmup 1 "${size[@]}" "${common[@]}" -o "$out/$k-seq" >/dev/null
    "$GILBENCH" run -k "$k" -m gil-legacy -w 1 -r 1 --warmup 0 --check-interval 1 "${size[@]}" \
        "${common[@]}" -o "$out/$k-ticks" >/dev/null
    compute=$(col "$out/$k-seq/runs.csv" compute_s | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    checkpoints=$(($(col "$out/$k-ticks/runs.csv" gil_acquisitions) - 1))
    awk -v k="$k" -v n="$checkpoints" -v c="$compute" -v t="$tick_ns" \
        'BEGIN { ns = 1e9 * c / n; printf "%s,%d,%.6f,%.1f,%.0f\n", k, n, c, ns, ns / t < 1 ? 1 : ns / t }' |
        tee -a "$out/checkpoint_spacing.csv"
done
