#!/usr/bin/env bats
# Every lesson runs in its QUICK mode and leaves what its text talks about:
# the charts its figures.txt names, drawn, and every figure of figures.txt
# computable from the run (so QUICK measures the same rows as the full
# run).  A lesson's own block adds what is particular to it.  Results go to
# a temporary directory, never into the checkout.  The lessons' texts are
# checked by lessons_shape.bats.

setup() {
    TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    export LESSON_RESULTS=$BATS_TEST_TMPDIR/lessons
    export QUICK=1
}

# run_lesson NN-name: runs it, then checks its charts and figures; sets
# $out to its result directory.
run_lesson() {
    out=$LESSON_RESULTS/$1
    run "$TOP/lessons/$1/run.sh"
    if [ "$status" -ne 0 ]; then
        echo "$output"
        return 1
    fi
    [[ "$output" == *"-- the reference machine"* ]] || { echo "$1: no reference-vs-yours table"; echo "$output"; return 1; }
    python3 - "$TOP/lessons/$1" "$out" <<'PY'
import glob, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(sys.argv[1]), "tools"))
import figures
lesson, out = sys.argv[1:]
m = figures.Manifest(lesson)
bad = [c for c in m.charts if not glob.glob(os.path.join(glob.escape(out), "**", "plots", c + ".png"), recursive=True)]
for f in m.figures:
    try:
        f.value(out)
    except figures.ManifestError as e:
        bad.append(f"figure {f.ident}: {e}")
if bad:
    sys.exit("\n".join(f"{os.path.basename(lesson)}: {b}" for b in bad))
PY
}

@test "01-threads-under-the-gil" {
    run_lesson 01-threads-under-the-gil
}

@test "02-waiting-is-different" {
    run_lesson 02-waiting-is-different
}

@test "03-what-a-process-costs" {
    run_lesson 03-what-a-process-costs
}

@test "04-when-parallelism-pays" {
    run_lesson 04-when-parallelism-pays
}

@test "05-the-old-gil" {
    run_lesson 05-the-old-gil
}

@test "06-the-convoy-effect" {
    run_lesson 06-the-convoy-effect
}

@test "07-the-switch-interval" {
    run_lesson 07-the-switch-interval
}

@test "08-memory-bound-work" {
    run_lesson 08-memory-bound-work
}

@test "09-uneven-work" {
    run_lesson 09-uneven-work
}

@test "10-when-a-worker-crashes" {
    run_lesson 10-when-a-worker-crashes
}

@test "11-the-real-gil" {
    run_lesson 11-the-real-gil
}

@test "12-the-pool-methods" {
    run_lesson 12-the-pool-methods
}

@test "13-start-methods" {
    run_lesson 13-start-methods
}

@test "14-talking-between-processes" {
    run_lesson 14-talking-between-processes
}

@test "15-sharing-state" {
    run_lesson 15-sharing-state
}

@test "16-real-workloads" {
    run_lesson 16-real-workloads
    # Both GIL variants of the photo batch, the hashing threshold on both
    # sides, every picture written, and the generated files removed.
    python3 - "$out" <<'PY'
import csv, os, sys
out = sys.argv[1]
images = list(csv.DictReader(open(os.path.join(out, "images", "images.csv"))))
assert {(r["mode"], r["gil_release"]) for r in images} >= {("gil", "held"), ("gil", "released")}, images
hashes = list(csv.DictReader(open(os.path.join(out, "hash", "hash.csv"))))
gil = {int(r["block_bytes"]): r["gil_released"] for r in hashes if r["mode"] == "gil"}
assert gil.get(2047) == "0" and gil.get(2048) == "1", gil
PY
    [ "$(find "$out/pictures" -type f | wc -l)" -eq 8 ]
    [ ! -e "$out/files" ]
}

@test "17-where-scaling-stops" {
    run_lesson 17-where-scaling-stops
    # The fit covers every mode of both kernels, on the worker counts the
    # cores can run at once, and its capped curve never exceeds the law.
    python3 - "$out" <<'PY'
import csv, os, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "amdahl.csv"))))
assert {(r["kernel"], r["mode"]) for r in rows} == {(k, m) for k in ("primes", "triad") for m in ("gil", "threads", "fork")}, rows
for r in rows:
    assert 0 <= float(r["p"]) <= 1, r
    assert int(r["fit_workers"]) == len([w for w in (1, 2, 4, 8) if w <= int(r["cores"])]), r
    assert float(r["amdahl_cores"]) <= float(r["amdahl"]) + 1e-9, r
PY
}

@test "17-where-scaling-stops: the fit recovers p from speedups that follow Amdahl's law" {
    dir=$BATS_TEST_TMPDIR/fit
    mkdir -p "$dir"
    printf 'online_cores: 4\n' >"$dir/meta"
    python3 - "$dir/summary.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("kernel,mode,workers,speedup\nk,seq,1,1\n")
    for n in (1, 2, 4, 8):
        # p = 0.8 up to the 4 cores; above them, what 4 workers give.
        f.write(f"k,threads,{n},{1 / (0.2 + 0.8 / min(n, 4)):.6f}\n")
PY
    run python3 "$TOP/lessons/17-where-scaling-stops/amdahl_fit.py" "$dir"
    [ "$status" -eq 0 ]
    python3 - "$dir/amdahl.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 4 and all(abs(float(r["p"]) - 0.8) < 0.002 for r in rows), rows
assert all(r["fit_workers"] == "3" for r in rows), rows
eight = next(r for r in rows if r["workers"] == "8")
assert abs(float(eight["amdahl_cores"]) - float(eight["measured_speedup"])) < 0.01, eight
PY
}

@test "18-measuring-honestly" {
    run_lesson 18-measuring-honestly
    # Every run has the same repetitions (no re-measuring), the comparisons
    # name a verdict per configuration, and the busy loop is gone.
    python3 - "$out" <<'PY'
import csv, os, sys
out = sys.argv[1]
for x in "bcd":
    rows = list(csv.DictReader(open(os.path.join(out, f"a-vs-{x}", "compare.csv"))))
    assert len(rows) == 3, rows
    for r in rows:
        assert r["n_a"] == r["n_b"] == "7", r
        assert r["verdict"] in ("slower", "faster", "no measurable difference"), r
PY
    [[ "$output" == *"d/meta"*"is expected"* ]]
    [ -z "$(pgrep -f lesson18-busy-loop || true)" ]
}

@test "19-waiting-with-an-event-loop" {
    run_lesson 19-waiting-with-an-event-loop
}

@test "20-beyond-one-machine" {
    run_lesson 20-beyond-one-machine
}

@test "21-choosing-the-tool" {
    run_lesson 21-choosing-the-tool
}

@test "make calibrate without python3 says so and skips cleanly" {
    bin=$BATS_TEST_TMPDIR/bin
    mkdir -p "$bin"
    for tool in dirname bash; do ln -s "$(command -v "$tool")" "$bin/$tool"; done
    run env PATH="$bin" "$(command -v bash)" "$TOP/bench/calibrate.sh"
    [ "$status" -eq 0 ]
    [[ "$output" == *"python3 is not installed"* ]]
    [[ "$output" == *"skipped"* ]]
}
