#!/usr/bin/env bats
# commands/startup.bats - `gilbench startup` and `gilbench granularity`: every
# mechanism runs and reaps its children (no zombie, no orphan), the CSVs
# have their documented columns, and bad values are refused (exit 2, one
# line naming the option) before anything is written.

load ../helpers

STARTUP_HEADER='mechanism,parent_mib,iterations,median_us,min_us,max_us,batches,batch_size,workers,flag'
GRANULARITY_HEADER='mode,task_us,tasks,workers,median_s,min_s,max_s,seq_median_s,speedup,items_per_task,items_per_us,seq_task_us,reps,cpu_util,speedup_lo,speedup_hi,flag'
BREAKEVEN_HEADER='mode,breakeven_task_us'
MECHANISMS='fork fork_exec forkserver pool posix_spawn spawn_worker thread vfork'

# The helper is built next to the binary; a sanitizer build in build/asan/
# finds it through GILBENCH_NOP.
setup_file() {
    local gb=${GILBENCH:-$BATS_TEST_DIRNAME/../../../bin/gilbench}
    if [ -z "${GILBENCH_NOP:-}" ] && [ ! -x "$(dirname "$gb")/gilbench-nop" ]; then
        export GILBENCH_NOP=$BATS_TEST_DIRNAME/../../../bin/gilbench-nop
    fi
}

# min <= median <= max in every row, all positive.
check_ordered() {
    awk -F, -v lo="$2" -v mid="$3" -v hi="$4" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        !($c[lo] > 0 && $c[lo] <= $c[mid] && $c[mid] <= $c[hi]) { print "row " NR ": " $0; bad = 1 }
        END { exit bad }' "$1" || fail "$1: min <= median <= max does not hold"
}

# --- startup ----------------------------------------------------------------

@test "startup --quick: every mechanism at 0 and 256 MiB, reaped, no zombie or orphan left" {
    run_reaped "$GB" startup --quick -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    # The harness's own check: waitpid(-1, WNOHANG) found no child after each.
    [[ "$output" == *"children: all reaped"* ]] || fail "no reaping self-check in the output" "$(show_run)"
    [[ "$output" == *"fork ratio 256 MiB / 0 MiB"* ]] || fail "no fork ratio in the table" "$(show_run)"
    check_csv "$OUT/startup.csv" "$STARTUP_HEADER"
    no_temp_files "$OUT"
    [ "$(data_rows "$OUT/startup.csv")" -eq 16 ] || fail "expected 8 mechanisms x 2 sizes:" "$(cat "$OUT/startup.csv")"
    [ "$(csv_column "$OUT/startup.csv" mechanism | sort -u | tr '\n' ' ')" = "$MECHANISMS " ] ||
        fail "mechanisms: $(csv_column "$OUT/startup.csv" mechanism | sort -u | tr '\n' ' ')"
    [ "$(csv_column "$OUT/startup.csv" parent_mib | sort -un | tr '\n' ' ')" = "0 256 " ] || fail "parent_mib column"
    check_ordered "$OUT/startup.csv" min_us median_us max_us
    # iterations = batches x batch_size; a pool starts 2 workers, the rest 1.
    awk -F, 'NR > 1 && ($3 != $7 * $8 || $9 != ($1 == "pool" ? 2 : 1)) { print; bad = 1 } END { exit bad }' \
        "$OUT/startup.csv" || fail "iterations or workers column inconsistent"
    grep -q '^options: startup --quick -o ' "$OUT/meta" || fail "meta lacks the command line" "$(cat "$OUT/meta")"
}

@test "startup: --mechanisms, --parent-mib, --pool-workers and --iterations are obeyed" {
    run_reaped "$GB" startup --mechanisms pool,thread --parent-mib 64,0 --pool-workers 3 --iterations 12 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    check_csv "$OUT/startup.csv" "$STARTUP_HEADER"
    [ "$(awk -F, 'NR > 1 { printf "%s/%s ", $1, $2 }' "$OUT/startup.csv")" = "pool/64 thread/64 pool/0 thread/0 " ] ||
        fail "rows: $(cat "$OUT/startup.csv")"
    awk -F, 'NR > 1 && ($3 < 12 || $9 != ($1 == "pool" ? 3 : 1)) { print; bad = 1 } END { exit bad }' \
        "$OUT/startup.csv" || fail "--iterations 12 or --pool-workers 3 not obeyed:" "$(cat "$OUT/startup.csv")"
}

@test "startup: a missing helper fails (exit 1) naming it, before writing anything" {
    GILBENCH_NOP=$BATS_TEST_TMPDIR/no-such-nop run --separate-stderr "$GB" startup --quick -o "$OUT"
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *no-such-nop* ]] || fail "the message should name the helper" "$(show_run)"
    [ ! -e "$OUT" ] || fail "wrote $OUT although it could not measure"
    # Mechanisms that need no helper still run.
    GILBENCH_NOP=$BATS_TEST_TMPDIR/no-such-nop run --separate-stderr "$GB" startup --mechanisms thread,vfork \
        --parent-mib 0 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
}

@test "startup: a helper that fails is a failed measurement (exit 1), still reaped" {
    GILBENCH_NOP=$(type -P false) run_reaped "$GB" startup --mechanisms fork_exec --parent-mib 0 -o "$OUT"
    [ "$status" -eq 1 ] || fail "$(show_run)"
    no_orphans
    [[ "$stderr" == *"fork_exec at 0 MiB failed"*"exited with status 1"* ]] || fail "$(show_run)"
    check_csv "$OUT/startup.csv" "$STARTUP_HEADER"
    [ "$(data_rows "$OUT/startup.csv")" -eq 0 ] || fail "a failed mechanism was recorded"
}

@test "startup: SIGTERM stops it with exit 143, whole CSV, no workers left" {
    start_background "$GB" startup --parent-mib 0,64,128,192,256 --iterations 400 -o "$OUT"
    wait_for_rows "$OUT/startup.csv" 3 30
    kill -TERM "$BG_PID"
    wait_bounded "$BG_PID" 20
    [ "$BG_STATUS" -eq 143 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    grep -q interrupted "$BATS_TEST_TMPDIR/stderr" || fail "no word of the interrupt"
    check_csv "$OUT/startup.csv" "$STARTUP_HEADER"
    no_temp_files "$OUT"
    [ "$(data_rows "$OUT/startup.csv")" -lt 35 ] || fail "ran to the end despite SIGTERM"
    # Reaped before gilbench exited: nothing to wait for.
    [ -z "$(pgrep -f -- "-o $OUT" || true)" ] || fail "processes left behind:" "$(pgrep -af -- "-o $OUT")"
}

@test "startup --help lists the mechanisms; the internal worker is not a listed command" {
    run --separate-stderr "$GB" startup --help
    [ "$status" -eq 0 ] || fail "$(show_run)"
    for m in $MECHANISMS; do [[ "$output" == *"$m"* ]] || fail "--help does not list $m"; done
    run --separate-stderr "$GB" --help
    [[ "$output" == *startup* && "$output" == *granularity* ]] || fail "$(show_run)"
    [[ "$output" != *startup-worker* ]] || fail "the internal command is listed" "$(show_run)"
}

@test "startup-worker without its descriptor is refused (exit 2)" {
    run --separate-stderr "$GB" startup-worker
    [ "$status" -eq 2 ] || fail "$(show_run)"
}

@test "startup: bad --parent-mib values are refused with exit 2" {
    for bad in abc -1 1.5 0x40 '' 0,,64 64, ,64 64,64 99999999 1048576; do
        expect_usage_error --parent-mib startup --parent-mib "$bad" -o "$OUT"
    done
    [[ "$stderr" == *"from 0 to"* ]] || fail "the message should give the range: $stderr"
}

@test "startup: bad --iterations values are refused with exit 2" {
    for bad in 0 -3 abc 1e3 10000001 ''; do
        expect_usage_error --iterations startup --iterations "$bad" -o "$OUT"
    done
    [ "$stderr" = "gilbench startup: --iterations: expected a whole number from 1 to 10000000, got '' (see 'gilbench startup --help')" ] ||
        fail "$stderr"
}

@test "startup: bad --mechanisms, --pool-workers, options and -o are refused with exit 2" {
    expect_usage_error --mechanisms startup --mechanisms nosuch -o "$OUT"
    [[ "$stderr" == *posix_spawn* ]] || fail "the message should list the mechanisms: $stderr"
    expect_usage_error --mechanisms startup --mechanisms fork,fork -o "$OUT"
    expect_usage_error --mechanisms startup --mechanisms '' -o "$OUT"
    expect_usage_error --pool-workers startup --pool-workers 0 -o "$OUT"
    expect_usage_error --pool-workers startup --pool-workers 257 -o "$OUT"
    expect_usage_error --bogus startup --bogus
    expect_usage_error --iterations startup --iterations
    expect_usage_error extra startup extra
    touch "$BATS_TEST_TMPDIR/file"
    expect_usage_error --out startup -o "$BATS_TEST_TMPDIR/file"
}

# --- granularity --------------------------------------------------------------

@test "granularity --quick: seq and every mode per duration, break-even per mode, no orphans" {
    # -r 1: --quick's durations and modes, one repetition each (three
    # where a seq run is under 10 ms) instead of five.
    run_reaped "$GB" granularity --quick -r 1 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    check_csv "$OUT/granularity.csv" "$GRANULARITY_HEADER"
    check_csv "$OUT/breakeven.csv" "$BREAKEVEN_HEADER"
    no_temp_files "$OUT"
    [ "$(csv_column "$OUT/granularity.csv" task_us | sort -un | tr '\n' ' ')" = "1 3 10 30 100 300 1000 " ] ||
        fail "quick durations: $(csv_column "$OUT/granularity.csv" task_us | sort -un | tr '\n' ' ')"
    # Every parallel mode gilbench has among threads, fork, pool, spawn.
    local modes=""
    for m in threads fork pool spawn; do
        "$GB" list modes | awk '{ print $1 }' | grep -qx "$m" && modes+="$m "
    done
    [ "$(csv_column "$OUT/breakeven.csv" mode | tr '\n' ' ')" = "$modes" ] ||
        fail "breakeven.csv modes: $(cat "$OUT/breakeven.csv")"
    [ "$(data_rows "$OUT/granularity.csv")" -eq $((7 * ($(wc -w <<<"$modes") + 1))) ] ||
        fail "expected 7 durations x (seq + modes):" "$(cat "$OUT/granularity.csv")"
    check_ordered "$OUT/granularity.csv" min_s median_s max_s
    awk -F, 'NR > 1 && $1 == "seq" && ($9 != 1 || $4 != 1 || $5 != $8) { print; bad = 1 } END { exit bad }' \
        "$OUT/granularity.csv" || fail "seq rows: speedup 1, 1 worker, its own baseline"
    # A break-even is empty or one of the measured durations.
    awk -F, 'NR > 1 && $2 != "" && $2 !~ /^(1|3|10|30|100|300|1000)$/ { print; bad = 1 } END { exit bad }' \
        "$OUT/breakeven.csv" || fail "break-even values: $(cat "$OUT/breakeven.csv")"
    [[ "$output" == *"break-even"* && "$output" == *"spin calibration"* ]] || fail "$(show_run)"
}

@test "granularity: a range in 1-3-10 steps, a list, --workers and --tasks are obeyed" {
    run_reaped "$GB" granularity --durations 2us..50us,7us,2ms -m threads -w 3 -t 10 -r 1 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    check_csv "$OUT/granularity.csv" "$GRANULARITY_HEADER"
    [ "$(csv_column "$OUT/granularity.csv" task_us | sort -un | tr '\n' ' ')" = "2 3 7 10 30 50 2000 " ] ||
        fail "durations: $(csv_column "$OUT/granularity.csv" task_us | sort -un | tr '\n' ' ')"
    awk -F, 'NR > 1 && ($3 != 10 || $4 != ($1 == "seq" ? 1 : 3)) { print; bad = 1 } END { exit bad }' \
        "$OUT/granularity.csv" || fail "tasks or workers column"
    # -m threads: seq (the baseline) and threads only.  -r 1: one repetition,
    # or three where seq takes under 10 ms (the default 3 would give 3 or 9).
    [ "$(csv_column "$OUT/granularity.csv" mode | sort -u | tr '\n' ' ')" = "seq threads " ] ||
        fail "--modes ignored:" "$(cat "$OUT/granularity.csv")"
    [ -z "$(csv_column "$OUT/granularity.csv" reps | grep -vx '[13]')" ] ||
        fail "--reps ignored:" "$(cat "$OUT/granularity.csv")"
    [ "$(csv_column "$OUT/breakeven.csv" mode)" = threads ] || fail "$(cat "$OUT/breakeven.csv")"
    [ "$(cat "$OUT/breakeven.csv" | head -n 1)" = "$BREAKEVEN_HEADER" ] && [ "$(data_rows "$OUT/breakeven.csv")" -eq 1 ] ||
        fail "$(cat "$OUT/breakeven.csv")"
}

@test "granularity: bad --durations values are refused with exit 2" {
    for bad in 0 0us 0.4us 2s 1001ms abc 5x 10..1 1us.. ..5us 1us...5us '' 1,,2 1, -3us 1e3us; do
        expect_usage_error --durations granularity --durations "$bad" -o "$OUT"
    done
    [[ "$stderr" == *"1us to 1s"* ]] || fail "the message should give the range: $stderr"
}

@test "granularity: bad --modes, --workers, --tasks and --reps are refused with exit 2" {
    expect_usage_error --modes granularity --modes seq -o "$OUT"
    expect_usage_error --modes granularity --modes nosuch -o "$OUT"
    expect_usage_error --modes granularity --modes threads,threads -o "$OUT"
    expect_usage_error --workers granularity --workers 0 -o "$OUT"
    expect_usage_error --workers granularity -w 257 -o "$OUT"
    expect_usage_error --tasks granularity --tasks 0 -o "$OUT"
    expect_usage_error --reps granularity -r 0 -o "$OUT"
    expect_usage_error --bogus granularity --bogus
}

# --- charts ---------------------------------------------------------------------

@test "startup.gp and granularity.gp render PNG and SVG, reading columns by name" {
    command -v gnuplot >/dev/null || skip "gnuplot is not installed"
    local plots=$BATS_TEST_DIRNAME/../../../plots
    for gp in startup granularity; do
        ! grep -En 'using +[0-9]|\$[0-9]' "$plots/gnuplot/$gp.gp" || fail "$gp.gp reads a column by number"
    done
    run --separate-stderr "$GB" startup --mechanisms thread,fork,posix_spawn --parent-mib 0,64 --iterations 20 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    run --separate-stderr "$GB" granularity --durations 1us,30us,1ms -m threads,fork -r 1 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    run --separate-stderr gnuplot -e "data='$OUT/startup.csv'; out='$OUT/startup'; machine='test'" "$plots/gnuplot/startup.gp"
    # No warning (absent mechanisms, for one, are left out, not plotted
    # empty); style.gp's note about the degree sign under LC_ALL=C aside.
    [ "$status" -eq 0 ] && [ -z "$(grep -v iconv <<<"$stderr")" ] || fail "$(show_run)"
    run --separate-stderr gnuplot -e "data='$OUT/granularity.csv'; out='$OUT/granularity'; machine='test'" "$plots/gnuplot/granularity.gp"
    [ "$status" -eq 0 ] && [ -z "$(grep -v iconv <<<"$stderr")" ] || fail "$(show_run)"
    for f in startup granularity; do
        [ -s "$OUT/$f.png" ] && [ -s "$OUT/$f.svg" ] || fail "$f.png or $f.svg is missing or empty"
        [ "$(head -c 8 "$OUT/$f.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$f.png is not a PNG"
    done
}
