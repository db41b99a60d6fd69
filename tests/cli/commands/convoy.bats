#!/usr/bin/env bats
# commands/convoy.bats - `gilbench convoy`: its options are obeyed (each test fails
# if its option is ignored), convoy.csv has its documented columns, and bad
# values are refused (exit 2, one line naming the option) before anything
# is written.  Latencies are measured, never asserted.

load ../helpers

CONVOY_HEADER='scenario,mode,switch_interval_s,ops,op_us,ops_per_s,median_op_us,p90_op_us,max_op_us,median_extra_intervals'

@test "convoy: --switch-interval, --ops and --op-us are obeyed, one gil row per interval" {
    run --separate-stderr "$GB" convoy --switch-interval 0.002,0.01 --ops 20 --op-us 50 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/convoy.csv" "$CONVOY_HEADER"
    # alone under gil, then beside a CPU-bound thread at each interval and under gil-legacy.
    [ "$(cut -d, -f1-3 "$OUT/convoy.csv" | tail -n +2 | tr '\n' ' ')" = \
        "alone,gil,0.002000 beside-cpu,gil,0.002000 beside-cpu,gil,0.010000 beside-cpu,gil-legacy,0.000000 " ] ||
        fail "unexpected scenarios:" "$(cat "$OUT/convoy.csv")"
    [ "$(csv_column "$OUT/convoy.csv" ops | sort -u)" = 20 ] || fail "--ops ignored:" "$(cat "$OUT/convoy.csv")"
    [ "$(csv_column "$OUT/convoy.csv" op_us | sort -u)" = 50 ] || fail "--op-us ignored:" "$(cat "$OUT/convoy.csv")"
    # An operation blocks for op_us at least: its median cannot be shorter.
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             !($c["median_op_us"] >= $c["op_us"]) { print "row " NR ": " $0; bad = 1 } END { exit bad }' \
        "$OUT/convoy.csv" || fail "an operation shorter than it blocked"
    no_temp_files "$OUT"
}

@test "convoy --quick: 100 operations per scenario (400 without it)" {
    run --separate-stderr "$GB" convoy --quick --switch-interval 0.001 --op-us 20 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/convoy.csv" ops | sort -u)" = 100 ] || fail "$(cat "$OUT/convoy.csv")"
    [ "$(data_rows "$OUT/convoy.csv")" -eq 3 ] || fail "$(cat "$OUT/convoy.csv")"
}

@test "convoy: bad values are refused with exit 2 before anything is written" {
    expect_usage_error --ops convoy --ops 9 -o "$OUT"
    expect_usage_error --ops convoy --ops 1000001 -o "$OUT"
    expect_usage_error --op-us convoy --op-us 0 -o "$OUT"
    expect_usage_error --op-us convoy --op-us 100001 -o "$OUT"
    expect_usage_error --switch-interval convoy --switch-interval 0 -o "$OUT"
    expect_usage_error --switch-interval convoy --switch-interval 0.001,0x1p-3 -o "$OUT"
    expect_usage_error --check-interval convoy --check-interval 0 -o "$OUT"
    expect_usage_error --check-interval convoy --check-interval 1000001 -o "$OUT"
    expect_usage_error --bogus convoy --bogus -o "$OUT"
    touch "$BATS_TEST_TMPDIR/file"
    expect_usage_error --out convoy -o "$BATS_TEST_TMPDIR/file"
}
