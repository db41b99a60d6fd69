#!/usr/bin/env bash
# bench/calibrate.sh - `make calibrate`: the simulated GIL next to the
# real one.  Runs gilbench's Python in the tutorials' style (bench/
# cpython_bench.py: primes and sum of squares, CPU-bound; 1 ms sleeps,
# I/O-bound) with a plain loop, threads and a multiprocessing pool, and
# gilbench's seq, gil and pool on the same kernels, in one run directory;
# writes calibration.csv with both speedups side by side.
#
# Sizes are matched by time, not items: CPython does the same arithmetic
# about 50 to 100 times slower, so each side gets the item count that takes
# it roughly half a second sequentially.  Speedups are ratios, so they
# compare across the two even though the times do not.
set -euo pipefail
cd "$(dirname "$0")/.."

GILBENCH=${GILBENCH:-bin/gilbench}
QUICK=${QUICK:-0}
if ! command -v python3 >/dev/null 2>&1; then
    echo "gilbench calibrate: python3 is not installed, so there is no CPython to compare with; skipped."
    echo "gilbench calibrate: install it with: apt-get install -y python3"
    exit 0
fi

# Six repetitions of each side, interleaved on each side: the fewest
# whose median has a 95% interval from order statistics (1 - 2/2^6 =
# 96.9%; five give 93.8%).  CPython's sizes are halved to pay for them.
if [ "$QUICK" = 1 ]; then
    reps=2; size=(--quick)
    py_items=(primes:60000 sumsq:1500000 sleep:64)
else
    reps=6; size=()
    py_items=(primes:300000 sumsq:7500000 sleep:200)
fi

# CALIBRATE_OUT=DIR writes there instead of a new results/<run-id>/.
if [ -n "${CALIBRATE_OUT:-}" ]; then
    "$GILBENCH" sweep -k primes,sumsq,sleep -m gil,pool -w 2,4 -r "$reps" --warmup 1 "${size[@]}" \
        --no-progress -o "$CALIBRATE_OUT" >/dev/null
    run=$(readlink -f "$CALIBRATE_OUT")
else
    "$GILBENCH" sweep -k primes,sumsq,sleep -m gil,pool -w 2,4 -r "$reps" --warmup 1 "${size[@]}" \
        --no-progress >/dev/null
    run=$(readlink -f results/latest)
fi
rm -f "$run/cpython_runs.csv" "$run/cpython_summary.csv"

python3 --version >"$run/cpython_version"
first=1
for ki in "${py_items[@]}"; do
    kernel=${ki%%:*}
    items=${ki#*:}
    python3 bench/cpython_bench.py --kernel "$kernel" --items "$items" --workers 2,4 \
        --reps "$reps" --summary "$run/cpython_summary.$kernel.csv" |
        { if [ $first = 1 ]; then cat; else tail -n +2; fi; } >>"$run/cpython_runs.csv"
    { [ $first = 1 ] && cat "$run/cpython_summary.$kernel.csv" || tail -n +2 "$run/cpython_summary.$kernel.csv"; } \
        >>"$run/cpython_summary.csv"
    rm -f "$run/cpython_summary.$kernel.csv"
    first=0
done

# Median wall time per configuration, then speedup against its own seq;
# CPython's threads pair with gilbench's gil, its Pool with gilbench's pool.
python3 bench/calibration.py "$run"

# --- pool: what one task costs, CPython's Pool next to gilbench's queues ---
# gilbench pool measures its queues into $run/pool/; CPython's
# Pool(2).map(is_prime, range(1, N + 1), chunksize=1) lands beside them,
# where the pool chart, report section and bench check look for it.
if [ "$QUICK" = 1 ]; then pool_tasks=5000; pool_size=(--quick); else pool_tasks=50000; pool_size=(); fi
"$GILBENCH" pool "${pool_size[@]}" -r "$reps" -o "$run/pool" >/dev/null
python3 bench/cpython_bench.py --pool-cost "$pool_tasks" --workers 2 --reps "$reps" \
    >"$run/pool/cpython_pool_cost.csv.tmp"
mv "$run/pool/cpython_pool_cost.csv.tmp" "$run/pool/cpython_pool_cost.csv"
cp "$run/cpython_version" "$run/pool/cpython_version"

echo "CPython ($(cat "$run/cpython_version")) next to gilbench's simulation, speedups vs each one's own loop:"
column -s, -t <"$run/calibration.csv"
grep '^measured_cores' "$run/meta" || true
# The same flags on both sides (impossible or suspect results, with the reason).
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["flag"] != "" { printf "SUSPECT CPython %s %s %s workers: %s\n", $c["kernel"], $c["mode"], $c["workers"], $c["flag"] }' \
    "$run/cpython_summary.csv"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["flag"] != "" && $c["kernel"] ~ /^(primes|sumsq|sleep)$/ && $c["mode"] ~ /^(seq|gil|pool)$/ {
        printf "SUSPECT gilbench %s %s %s workers: %s\n", $c["kernel"], $c["mode"], $c["workers"], $c["flag"] }' \
    "$run/summary.csv"
if [ -x plots/calibration.sh ]; then plots/calibration.sh "$run" || true; fi
echo "CPython's Pool.map per task (us), next to gilbench pool's queues (us_per_task, medians):"
python3 - "$run/pool" <<'PY'
import csv, statistics, sys
def medians(path, key):
    by = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            by.setdefault(key(row), []).append(float(row["us_per_task"]))
    return {k: statistics.median(v) for k, v in by.items()}
for name, us in medians(sys.argv[1] + "/cpython_pool_cost.csv", lambda r: "CPython Pool, " + r["start"]).items():
    print(f"  {name:28s} {us:9.2f}")
for name, us in medians(sys.argv[1] + "/pool_cost.csv", lambda r: "gilbench " + r["start"] + "/" + r["queue"]).items():
    print(f"  {name:28s} {us:9.2f}")
PY
echo "results: $run/calibration.csv, $run/pool/"

# --- the real workloads: Pillow and hashlib beside gilbench images/hash ---
# The tutorials' photo batch with Pillow (a loop, threads, a Pool) next to
# gilbench images (seq, gil with the C work releasing the GIL, pool), and
# hashlib at 1 KiB and 64 KiB blocks next to gilbench hash: speedups over
# each one's own loop, in $run/workloads_calibration.csv.  Pillow comes
# from python3-pil (calibration only); without it that half is skipped.
wl_set=default; wl_mib=16
[ "$QUICK" = 1 ] && wl_set=quick && wl_mib=2
wl_tmp=$(mktemp -d)
trap 'rm -rf "$wl_tmp"' EXIT
mkdir -p "$run/workloads"
"$GILBENCH" images --samples "$wl_set" -m seq,gil,pool -w 2 --gil-release released -r "$reps" \
    -O "$wl_tmp/pictures" -o "$run/workloads/images" --no-progress >/dev/null
samples=$(awk -F'"' 'NR == 2 { n = split($2, p, "/"); sub("/" p[n] "$", "", $2); print $2 }' \
    "$run/workloads/images/images_files.csv")
py_pil=
for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import PIL' 2>/dev/null; then py_pil=$py; break; fi
done
if [ -n "$py_pil" ]; then
    "$py_pil" bench/workloads_bench.py images "$samples" --modes seq,threads,pool --workers 2 \
        --reps "$reps" >"$run/workloads/cpython_images.csv"
else
    echo "gilbench calibrate: python3-pil is not installed, so the Pillow comparison is skipped" \
        "(apt-get install -y python3-pil)"
fi
for i in 1 2 3 4; do head -c "$((wl_mib * 1048576))" /dev/urandom >"$wl_tmp/file$i"; done
"$GILBENCH" hash -q -m seq,gil,pool -w 2 -b 1K,64K -r "$reps" -o "$run/workloads/hash" --no-progress \
    "$wl_tmp"/file* 2>/dev/null
for b in 1024 65536; do
    python3 bench/workloads_bench.py hash "$wl_tmp"/file* --block "$b" --modes seq,threads,pool \
        --workers 2 --reps "$reps" | { [ "$b" = 1024 ] && cat || tail -n +2; }
done >"$run/workloads/cpython_hash.csv"

# workload,detail,cpython_mode,cpython_speedup,gilbench_mode,gilbench_speedup;
# CPython's threads pair with gilbench's gil (GIL released where the C
# library releases it), its Pool with gilbench's pool.
awk -F, '
    FNR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; f = FILENAME; next }
    f ~ /cpython_/ { k = $idx["workload"] SUBSEP $idx["detail"] SUBSEP $idx["mode"]; v[k] = v[k] " " $idx["wall_s"] }
    f ~ /images\/images.csv/ { g["images", $idx["mode"]] = $idx["speedup"] }
    f ~ /hash\/hash.csv/ { g["hash" $idx["block_bytes"], $idx["mode"]] = $idx["speedup"] }
    function median(s,    a, n, i, j, t) {
        n = split(substr(s, 2), a, " ")
        for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
        print "workload,detail,cpython_mode,cpython_speedup,gilbench_mode,gilbench_speedup"
        for (k in v) { split(k, p, SUBSEP); if (p[3] != "seq") continue
            s = median(v[k]); key = p[1] == "images" ? "images" : "hash" p[2]
            for (m = 1; m <= 2; m++) { cm = m == 1 ? "threads" : "pool"; gm = m == 1 ? "gil" : "pool"
                c = p[1] SUBSEP p[2] SUBSEP cm
                if (c in v) printf "%s,%s,%s,%.3f,%s,%s\n", p[1], p[2], cm, s / median(v[c]), gm, g[key, gm] }
        }
    }' "$run/workloads"/cpython_*.csv "$run/workloads/images/images.csv" \
    "$run/workloads/hash/hash.csv" >"$run/workloads_calibration.csv.tmp"
mv "$run/workloads_calibration.csv.tmp" "$run/workloads_calibration.csv"
echo
echo "The real workloads: CPython with Pillow / hashlib next to gilbench images / hash (speedups):"
column -s, -t <"$run/workloads_calibration.csv"
