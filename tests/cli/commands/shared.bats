#!/usr/bin/env bats
# commands/shared.bats - `gilbench shared`: the CSVs have their documented columns,
# the synchronised counters and the tables are exact, the shared array and
# the sent-back one have the same checksum, bad values exit 2 with one
# line, and no socket file, directory or process is left behind.

load ../helpers

COUNTER_HEADER='kind,method,workers,increments_per_worker,expected,lowest_final_count,most_lost,exact_batches,batches,median_ns_per_increment,min_ns_per_increment,max_ns_per_increment'
MANAGER_HEADER='method,workers,ops_per_worker,batches,median_ns_per_op,min_ns_per_op,max_ns_per_op,exact'
FS_HEADER='layout,stride_bytes,workers,increments_per_worker,batches,median_ns_per_increment,min_ns_per_increment,max_ns_per_increment,exact'
ARRAY_HEADER='method,array_mib,workers,batches,median_ms,min_ms,max_ms,checksum,intact'

@test "shared --quick: every experiment, exact where promised, nothing left behind" {
    export TMPDIR="$BATS_TEST_TMPDIR/tmp"
    mkdir -p "$TMPDIR"
    run_reaped "$GB" shared --quick --no-progress -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    no_temp_files "$OUT"
    [ -z "$(ls -A "$TMPDIR")" ] || fail "the Manager's socket or directory was left:" "$(ls -lA "$TMPDIR")"
    check_csv "$OUT/counter.csv" "$COUNTER_HEADER"
    check_csv "$OUT/manager.csv" "$MANAGER_HEADER"
    check_csv "$OUT/false_sharing.csv" "$FS_HEADER"
    check_csv "$OUT/shared_array.csv" "$ARRAY_HEADER"
    [ "$(data_rows "$OUT/counter.csv")" -eq 6 ] || fail "expected 2 kinds x 3 methods"
    # mutex and atomic: every batch exact; unsynchronised: never above.
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             $c["lowest_final_count"] > $c["expected"] { print "above expected: " $0; bad = 1 }
             $c["method"] != "unsynchronised" && $c["exact_batches"] != $c["batches"] { print "inexact: " $0; bad = 1 }
             $c["most_lost"] != $c["expected"] - $c["lowest_final_count"] { print "most_lost: " $0; bad = 1 }
             END { exit bad }' "$OUT/counter.csv" || fail "counter.csv"
    [ "$(csv_column "$OUT/manager.csv" exact | sort -u)" = 1 ] || fail "a table's sum is wrong" "$(cat "$OUT/manager.csv")"
    [ "$(csv_column "$OUT/false_sharing.csv" exact | sort -u)" = 1 ] || fail "a per-worker counter is wrong"
    [ "$(csv_column "$OUT/shared_array.csv" intact | sort -u)" = 1 ] || fail "an array differs from the sequential one"
    [ "$(csv_column "$OUT/shared_array.csv" checksum | sort -u | wc -l)" -eq 1 ] ||
        fail "shared and send-back checksums differ" "$(cat "$OUT/shared_array.csv")"
    grep -q '^options: shared --quick' "$OUT/meta" || fail "meta lacks the command line"
}

@test "shared: --workers, --ops and --experiments are obeyed" {
    export TMPDIR="$BATS_TEST_TMPDIR/tmp"
    mkdir -p "$TMPDIR"
    run_reaped "$GB" shared --experiments manager,array --workers 3 --ops 200 --array-mib 1 --batches 1 \
        --no-progress -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    [ ! -e "$OUT/counter.csv" ] || fail "counter ran although not asked for"
    [ "$(csv_column "$OUT/manager.csv" workers | sort -u)" = 3 ] || fail "workers"
    [ "$(csv_column "$OUT/manager.csv" ops_per_worker | sort -u)" = 200 ] || fail "ops"
    [ -z "$(ls -A "$TMPDIR")" ] || fail "left in TMPDIR:" "$(ls -lA "$TMPDIR")"
}

@test "shared: bad counts and names exit 2 with one line" {
    expect_usage_error --workers shared --workers 0 -o "$OUT"
    expect_usage_error --workers shared --workers 17 -o "$OUT"
    expect_usage_error --increments shared --increments 10 -o "$OUT"
    expect_usage_error --fs-increments shared --fs-increments x -o "$OUT"
    expect_usage_error --ops shared --ops 99 -o "$OUT"
    expect_usage_error --array-mib shared --array-mib 2048 -o "$OUT"
    expect_usage_error --batches shared --batches 0 -o "$OUT"
    expect_usage_error --timeout shared --timeout -1 -o "$OUT"
    expect_usage_error --experiments shared --experiments counter,gossip -o "$OUT"
    expect_usage_error "listed twice" shared --experiments array,array -o "$OUT"
    expect_usage_error "unknown option" shared --bogus -o "$OUT"
}

@test "shared: SIGTERM stops a run promptly, reaped, socket removed" {
    export TMPDIR="$BATS_TEST_TMPDIR/tmp"
    mkdir -p "$TMPDIR"
    "$GB" shared --experiments manager --ops 100000000 --batches 1 --no-progress -o "$OUT" \
        >/dev/null 2>"$BATS_TEST_TMPDIR/err" &
    BG_PID=$!
    sleep 0.5
    kill -TERM "$BG_PID"
    wait_bounded "$BG_PID" 15
    [ "$BG_STATUS" -eq 143 ] || fail "exit status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/err")"
    sleep 0.2
    pgrep -P "$BG_PID" >/dev/null && fail "children left running"
    [ -z "$(ls -A "$TMPDIR")" ] || fail "left in TMPDIR:" "$(ls -lA "$TMPDIR")"
}
