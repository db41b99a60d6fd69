#!/usr/bin/env bats
# commands/errors.bats - the error paths of the subcommands that have no suite of
# their own here: convoy's interruption, progress and meta; a meta file
# that cannot be written (granularity, convoy, startup: one clear line
# naming the file, never an uninitialised buffer); the names of worker
# exit statuses.

load ../helpers

CONVOY_HEADER='scenario,mode,switch_interval_s,ops,op_us,ops_per_s,median_op_us,p90_op_us,max_op_us,median_extra_intervals'

@test "convoy: meta records the real command line, convoy.csv has every scenario" {
    run --separate-stderr "$GB" convoy --ops 10 --op-us 50 --switch-interval 0.001,0.002 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    grep -qx 'options: convoy --ops 10 --op-us 50 --switch-interval 0.001,0.002 -o '"$OUT" "$OUT/meta" ||
        fail "meta lacks the command line:" "$(cat "$OUT/meta")"
    check_csv "$OUT/convoy.csv" "$CONVOY_HEADER"
    no_temp_files "$OUT"
    # alone, beside-cpu at 2 intervals, gil-legacy.
    [ "$(awk -F, 'NR > 1 { printf "%s/%s/%s ", $1, $2, $3 }' "$OUT/convoy.csv")" = \
        "alone/gil/0.001000 beside-cpu/gil/0.001000 beside-cpu/gil/0.002000 beside-cpu/gil-legacy/0.000000 " ] ||
        fail "scenarios:" "$(cat "$OUT/convoy.csv")"
}

@test "SIGTERM during convoy: exit 143, the scenarios finished are saved whole" {
    # 2000 operations at a 20 ms interval: tens of seconds unless stopped.
    start_background "$GB" convoy --ops 2000 --op-us 10 --switch-interval 0.02 -o "$OUT"
    wait_for_rows "$OUT/convoy.csv" 1 30 # the baseline scenario is done
    sleep 0.3
    kill -TERM "$BG_PID"
    wait_bounded "$BG_PID" 10
    [ "$BG_STATUS" -eq 143 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    grep -q 'gilbench convoy: interrupted' "$BATS_TEST_TMPDIR/stderr" ||
        fail "no word of the interrupt:" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    check_csv "$OUT/convoy.csv" "$CONVOY_HEADER"
    no_temp_files "$OUT"
    [ "$(data_rows "$OUT/convoy.csv")" -eq 1 ] || fail "expected the baseline only:" "$(cat "$OUT/convoy.csv")"
    [ "$(csv_column "$OUT/convoy.csv" scenario)" = alone ] || fail "$(cat "$OUT/convoy.csv")"
}

@test "convoy: a progress line on a terminal, none in a log" {
    command -v script >/dev/null || skip "script(1) is not installed"
    mkdir -p "$OUT"
    script -qec "'$GB' convoy --ops 10 --op-us 10 --switch-interval 0.001 -o '$OUT/tty'" /dev/null \
        >"$BATS_TEST_TMPDIR/tty.log" 2>&1 || fail "$(cat "$BATS_TEST_TMPDIR/tty.log")"
    grep -qF '[3/3] beside-cpu, gil-legacy' "$BATS_TEST_TMPDIR/tty.log" || fail "no progress line:" "$(cat "$BATS_TEST_TMPDIR/tty.log")"
    run --separate-stderr "$GB" convoy --ops 10 --op-us 10 --switch-interval 0.001 -o "$OUT/log"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ -z "$stderr" ] || fail "progress written to a non-terminal:" "$stderr"
}

# cannot_write_meta COMMAND ARGS...: $OUT/meta is a directory, so the meta
# file cannot be renamed into place.  One line naming the file, status 1.
cannot_write_meta() {
    mkdir -p "$OUT/meta"
    run --separate-stderr "$GB" "$@" -o "$OUT"
    [ "$status" -eq 1 ] || fail "expected exit status 1" "$(show_run)"
    [[ "$stderr" == "gilbench $1: cannot write $OUT/meta: Is a directory" ]] ||
        fail "expected one line naming the meta file" "$(show_run)"
}

@test "granularity, convoy, startup: an unwritable meta file is reported by name" {
    cannot_write_meta granularity --quick --durations 1us -m threads -r 1
    cannot_write_meta convoy --ops 10
    cannot_write_meta startup --quick --mechanisms thread --parent-mib 0
}

@test "convoy and granularity: lists are split by the one parser (empty elements refused)" {
    expect_usage_error --switch-interval convoy --switch-interval 0.001,,0.002
    expect_usage_error --modes granularity --modes threads,,fork
    expect_usage_error --modes granularity --modes threads,threads
    expect_usage_error --durations granularity --durations 1us,
    [[ "$stderr" == *"'1us,'"* ]] || fail "the message should quote the whole list: $stderr"
}
