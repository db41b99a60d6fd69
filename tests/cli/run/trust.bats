#!/usr/bin/env bats
# run/trust.bats - numbers you can trust on a noisy machine:
#   1. impossible and suspect rows are flagged with their reason
#      (`summarize` fed runs.csv files written here, and a real run);
#   2. `compare` tells shifted distributions apart and says "no measurable
#      difference" for two draws of one distribution (fixtures generated
#      here by a fixed-seed generator, so the verdicts are deterministic);
#   3. --pin and --remeasure: validated, recorded in meta, pinned workers
#      still give the right answer;
#   4. GIL hand-overs are counted in their own column.

load ../helpers

# write_runs DIR ROWS...: a run directory whose runs.csv has the columns
# summarize and compare need (plus one they ignore) and ROWS, each
# "kernel mode workers wall_s"; reps are numbered per configuration.
write_runs() {
    local dir=$1
    shift
    mkdir -p "$dir"
    printf 'date: 2026-01-01T00:00:00Z\nhost: %s\ncpu_model: Test CPU\nonline_cores: 2\nmeasured_cores: 2.00\n' \
        "$(basename "$dir")" >"$dir/meta"
    {
        echo "kernel,mode,workers,items,rep,wall_s,cpu_util,checksum,switch_interval_s"
        printf '%s\n' "$@" | awk '{ key = $1 " " $2 " " $3; rep[key]++
            printf "%s,%s,%s,1000,%d,%s,1.0,42,0.005000\n", $1, $2, $3, rep[key], $4 }'
    } >"$dir/runs.csv"
}

# draws SEED N LO HI: N numbers uniform in [LO, HI), from a fixed linear
# congruential generator (the same numbers on every machine and awk).
draws() {
    awk -v s="$1" -v n="$2" -v lo="$3" -v hi="$4" 'BEGIN {
        for (i = 0; i < n; i++) { s = (s * 1103515245 + 12345) % 2147483648; printf "%.6f\n", lo + (hi - lo) * s / 2147483648 } }'
}

# ======================================================================
# 1. Flags
# ======================================================================

@test "summarize flags a speedup above the workers and the cores: seq slower than possible" {
    # seq 1.0 s; 2 threads 0.3 s: 3.3x on 2 workers and 2 cores.
    write_runs "$OUT" "primes seq 1 1.00" "primes threads 2 0.30" "primes seq 1 1.01" \
        "primes threads 2 0.31" "primes seq 1 0.99" "primes threads 2 0.29"
    run --separate-stderr "$GB" summarize "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "$output" == *"SUSPECT primes threads 2 workers: speedup 3.33x > 2 workers; speedup 3.33x > 2.00 cores"* ]] ||
        fail "the terminal should name the row and the reason" "$(show_run)"
    check_csv "$OUT/summary.csv" "$SUMMARY_HEADER"
    [ "$(csv_column "$OUT/summary.csv" flag | sed -n 2p)" = "speedup 3.33x > 2 workers; speedup 3.33x > 2.00 cores" ] ||
        fail "$(cat "$OUT/summary.csv")"
    [ -z "$(csv_column "$OUT/summary.csv" flag | sed -n 1p)" ] || fail "seq itself is fine: $(cat "$OUT/summary.csv")"
    # The interval of the speedup: seq's [0.99, 1.01] over [0.29, 0.31].
    [ "$(csv_column "$OUT/summary.csv" speedup_lo | sed -n 2p)" = 3.1935 ] || fail "$(cat "$OUT/summary.csv")"
    [ "$(csv_column "$OUT/summary.csv" speedup_hi | sed -n 2p)" = 3.4828 ] || fail "$(cat "$OUT/summary.csv")"
    [ "$(csv_column "$OUT/summary.csv" median_ci_level | sed -n 2p)" = 0.7500 ] || fail "3 reps reach 75%"
}

@test "summarize flags a wide spread and a drifting baseline; sleep may beat the cores" {
    # seq drifts from 1.0 to 1.3 s (first half vs last half: 30%); its
    # spread is 30% of the median.  sleep on 4 threads: 3.9x on 2 cores is
    # fine for blocking work.
    write_runs "$OUT" "primes seq 1 1.00" "primes seq 1 1.02" "primes seq 1 1.30" \
        "sleep seq 1 0.40" "sleep threads 4 0.1025" "sleep seq 1 0.40" "sleep threads 4 0.1026"
    run --separate-stderr "$GB" summarize "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/summary.csv" flag | sed -n 1p)" = "spread 29% of median; seq drifted 29%" ] ||
        fail "$(cat "$OUT/summary.csv")"
    [ -z "$(csv_column "$OUT/summary.csv" flag | sed -n 3p)" ] || fail "sleep 3.9x on 4 threads is no impossibility"
    [[ "$output" == *"3 configurations, 1 flagged"* ]] || fail "$(show_run)"
}

@test "summarize: a runs.csv without a needed column is refused by name" {
    mkdir -p "$OUT"
    printf 'kernel,mode,workers,items,rep,cpu_util\nprimes,seq,1,10,1,1.0\n' >"$OUT/runs.csv"
    run --separate-stderr "$GB" summarize "$OUT"
    [ "$status" -eq 2 ] || fail "$(show_run)"
    [[ "$stderr" == *"wall_s"* ]] || fail "$(show_run)"
}

@test "a sweep's summary.csv carries intervals, outliers and flags, and the table says SUSPECT with the reason" {
    run --separate-stderr "$GB" sweep -k primes -m threads -w 2 -n 20000 -r 3 --warmup 0 --no-probe \
        --no-progress --remeasure 0 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/summary.csv" "$SUMMARY_HEADER"
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             !($c["median_lo_s"] <= $c["median_s"] && $c["median_s"] <= $c["median_hi_s"]) { bad = 1 }
             $c["mode"] != "seq" && !($c["speedup_lo"] <= $c["speedup"] && $c["speedup"] <= $c["speedup_hi"]) { bad = 1 }
             $c["outliers"] !~ /^[0-9]+$/ || $c["remeasured"] != 0 { bad = 1 }
             END { exit bad }' "$OUT/summary.csv" || fail "$(cat "$OUT/summary.csv")"
    # Whatever this machine did, a flagged row is flagged on the terminal too.
    flags=$(csv_column "$OUT/summary.csv" flag | grep -c . || true)
    [ "$(grep -c '  SUSPECT: ' <<<"$output" || true)" -eq "$flags" ] || fail "$(show_run)" "$(cat "$OUT/summary.csv")"
}

# ======================================================================
# 2. compare
# ======================================================================

@test "compare: shifted distributions are 'slower', two draws of one are 'no measurable difference'" {
    local a=() b=() c=()
    for v in $(draws 1 12 1.00 1.10); do a+=("primes threads 2 $v"); done
    for v in $(draws 2 12 1.15 1.25); do b+=("primes threads 2 $v"); done   # 15% slower
    for v in $(draws 3 12 1.00 1.10); do c+=("primes threads 2 $v"); done   # the same distribution
    write_runs "$BATS_TEST_TMPDIR/a" "${a[@]}"
    write_runs "$BATS_TEST_TMPDIR/b" "${b[@]}"
    write_runs "$BATS_TEST_TMPDIR/c" "${c[@]}"
    run --separate-stderr "$GB" compare "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" "$BATS_TEST_TMPDIR/c" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/compare.csv" verdict | tr '\n' '|')" = "slower|no measurable difference|" ] ||
        fail "$(cat "$OUT/compare.csv")"
    # B over A: about 1.2, and the interval holds it but not 1.
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             NR == 2 && !($c["ratio_lo"] > 1.05 && $c["ratio_lo"] <= $c["ratio"] && $c["ratio"] <= $c["ratio_hi"] && $c["ratio"] > 1.1 && $c["ratio"] < 1.3 && $c["p"] < 0.001) { bad = 1 }
             NR == 3 && !($c["ratio_lo"] < 1 && $c["ratio_hi"] > 1 && $c["p"] >= 0.05 && $c["exact"] == 1) { bad = 1 }
             END { exit bad }' "$OUT/compare.csv" || fail "$(cat "$OUT/compare.csv")"
    [[ "$output" == *"B: $BATS_TEST_TMPDIR/b  (host b, Test CPU, measured cores 2.00"* ]] ||
        fail "each run is labelled by its meta" "$(show_run)"
    check_csv "$OUT/compare_runs.csv" "label,dir,host,cpu_model,measured_cores,date"
}

@test "compare: 3 against 3 can never reach p < 0.05, and says so" {
    write_runs "$BATS_TEST_TMPDIR/a" "pi fork 2 1.0" "pi fork 2 1.1" "pi fork 2 1.2"
    write_runs "$BATS_TEST_TMPDIR/b" "pi fork 2 2.0" "pi fork 2 2.1" "pi fork 2 2.2"
    run --separate-stderr "$GB" compare "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/compare.csv" verdict)" = "no measurable difference" ] || fail "$(cat "$OUT/compare.csv")"
    [ "$(csv_column "$OUT/compare.csv" p_min)" = 0.1 ] || fail "$(cat "$OUT/compare.csv")"
    [[ "$output" == *"too few repetitions"* ]] || fail "$(show_run)"
}

@test "compare matches configurations, the switch interval only under gil" {
    write_runs "$BATS_TEST_TMPDIR/a" "primes gil 2 1.0" "primes seq 1 1.0"
    write_runs "$BATS_TEST_TMPDIR/b" "primes gil 4 1.0" "primes seq 1 1.0"
    run --separate-stderr "$GB" compare "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(cut -d, -f1-5 "$OUT/compare.csv" | tail -n +2)" = "primes,seq,1,1000," ] || fail "$(cat "$OUT/compare.csv")"
    write_runs "$BATS_TEST_TMPDIR/c" "sumsq seq 1 1.0"
    run --separate-stderr "$GB" compare "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/c" -o "$OUT"
    [ "$status" -eq 1 ] || fail "nothing in common must fail" "$(show_run)"
    [[ "$stderr" == *"no configuration"* ]] || fail "$(show_run)"
}

@test "compare: bad usage is refused with one line" {
    write_runs "$BATS_TEST_TMPDIR/a" "primes seq 1 1.0"
    expect_usage_error "two run directories" compare "$BATS_TEST_TMPDIR/a" -o "$OUT"
    expect_usage_error "runs.csv" compare "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/nosuch" -o "$OUT"
    expect_usage_error "--bogus" compare --bogus "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/a" -o "$OUT"
}

@test "compare reads two real runs" {
    "$GB" run -k sumsq -m threads -w 2 -n 100000 -r 3 "${FAST[@]:2}" -o "$BATS_TEST_TMPDIR/r1" >/dev/null
    "$GB" run -k sumsq -m threads -w 2 -n 100000 -r 3 "${FAST[@]:2}" -o "$BATS_TEST_TMPDIR/r2" >/dev/null
    run --separate-stderr "$GB" compare "$BATS_TEST_TMPDIR/r1" "$BATS_TEST_TMPDIR/r2" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/compare.csv" "$(head -n 1 "$OUT/compare.csv")"
    [ "$(data_rows "$OUT/compare.csv")" -eq 1 ] || fail "$(cat "$OUT/compare.csv")"
}

# ======================================================================
# 3. --pin, --remeasure
# ======================================================================

@test "--pin pins every worker, records it in meta, and the answer stays right" {
    run --separate-stderr "$GB" sweep -k primes -m threads,gil,fork,pool -w 2 -n 20000 --pin "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    grep -q '^pin: worker 0 -> cpu [0-9]*, worker 1 -> cpu [0-9]*' "$OUT/meta" || fail "$(cat "$OUT/meta")"
    grep -q '^allowed_cpus: [0-9]' "$OUT/meta" || fail "$(cat "$OUT/meta")"
    [ "$(csv_column "$OUT/runs.csv" checksum | sort -u)" = 2262 ] || fail "$(cat "$OUT/runs.csv")"
    run --separate-stderr "$GB" run -k primes -m threads -w 1 -n 1000 "${FAST[@]}" -o "$OUT/unpinned"
    grep -qx 'pin: off' "$OUT/unpinned/meta" || fail "$(cat "$OUT/unpinned/meta")"
}

@test "--pin with one allowed CPU pins every worker there" {
    command -v taskset >/dev/null || skip "taskset not installed"
    run --separate-stderr taskset -c 0 "$GB" run -k primes -m fork -w 3 -n 20000 --pin "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    grep -q '^pin: worker 0 -> cpu 0, worker 1 -> cpu 0, worker 2 -> cpu 0' "$OUT/meta" || fail "$(cat "$OUT/meta")"
}

@test "startup --pin: the harness on one CPU, every unit on another, said in meta" {
    run --separate-stderr "$GB" startup --mechanisms thread,fork,pool --parent-mib 0 --quick --pin -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    grep -q '^pin: harness -> cpu [0-9]*, each started thread or process -> cpu [0-9]*' "$OUT/meta" ||
        fail "$(cat "$OUT/meta")"
    [ "$(data_rows "$OUT/startup.csv")" -eq 3 ] || fail "$(cat "$OUT/startup.csv")"
}

@test "granularity --pin records the pinning" {
    run --separate-stderr "$GB" granularity --quick --durations 100us --modes threads,fork --pin -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    grep -q '^pin: worker 0 -> cpu [0-9]*, worker 1 -> cpu [0-9]*' "$OUT/meta" || fail "$(cat "$OUT/meta")"
}

@test "--remeasure takes 0 to 20 and --pin no value" {
    expect_usage_error --remeasure run -k primes -m seq -w 1 --remeasure 21 -o "$OUT"
    expect_usage_error --remeasure run -k primes -m seq -w 1 --remeasure x -o "$OUT"
    expect_usage_error --pin run -k primes -m seq -w 1 --pin=3 -o "$OUT"
}

# ======================================================================
# 4. GIL hand-overs
# ======================================================================

@test "gil_handovers: counted under both GILs, zero elsewhere, never more than acquisitions" {
    run --separate-stderr "$GB" sweep -k primes -m gil,gil-legacy,threads -w 2 -n 200000 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             $c["mode"] ~ /^gil/ && !($c["gil_handovers"] >= 1 && $c["gil_handovers"] <= $c["gil_acquisitions"]) { bad = 1 }
             $c["mode"] !~ /^gil/ && $c["gil_handovers"] != 0 { bad = 1 }
             END { exit bad }' "$OUT/runs.csv" || fail "$(cat "$OUT/runs.csv")"
}
