#!/usr/bin/env bats
# modes/eventloop.bats - the eventloop mode (harness/modes/event_loop.c): one
# thread, -w tasks in flight; runs like every other mode (same rows, same
# checksums, sweeps beside seq), says what -w means, refuses a bad -w.
# How far its waits overlap is counted in tests/unit/modes/test_eventloop.c,
# never timed here.

load ../helpers

@test "list modes names eventloop and says -w is the tasks in flight; --help says it too" {
    run --separate-stderr "$GB" list modes
    [ "$status" -eq 0 ] || fail "$(show_run)"
    line=$(printf '%s\n' "$output" | awk '$1 == "eventloop"')
    [ -n "$line" ] || fail "no eventloop line" "$(show_run)"
    [[ "$line" == *"one thread"* && "$line" == *"tasks in flight"* ]] || fail "$line"
    for cmd in run sweep; do
        run --separate-stderr "$GB" "$cmd" --help
        [ "$status" -eq 0 ] || fail "$(show_run)"
        [[ "$output" == *"eventloop: tasks in flight on its one thread"* ]] || fail "$cmd: $(show_run)"
    done
}

@test "sweep -k sleep,primes -m threads,eventloop -w 1,2,4,8: a row each, seq's checksum, the runs.csv columns" {
    run --separate-stderr "$GB" sweep -k sleep,primes -m threads,eventloop -w 1,2,4,8 -n 64 \
        "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    check_csv "$OUT/summary.csv" "$SUMMARY_HEADER"
    # Per kernel: seq + 2 modes x 4 worker counts.
    [ "$(data_rows "$OUT/runs.csv")" -eq 18 ] || fail "$(cat "$OUT/runs.csv")"
    [ "$(awk -F, 'NR > 1 && $2 == "eventloop"' "$OUT/runs.csv" | wc -l)" -eq 8 ] || fail "$(cat "$OUT/runs.csv")"
    [ "$(csv_column "$OUT/summary.csv" mode | grep -c '^eventloop$')" -eq 8 ] || fail "$(cat "$OUT/summary.csv")"
    for k in sleep primes; do
        sums=$(awk -F, -v k="$k" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                                   $c["kernel"] == k { print $c["checksum"] }' "$OUT/runs.csv" | sort -u)
        [ "$(printf '%s\n' "$sums" | wc -l)" -eq 1 ] || fail "$k: checksums differ: $sums"
    done
    # 64 waits of the sleep kernel, 18 primes below 64, in every mode.
    [ "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                  $c["mode"] == "eventloop" { print $c["kernel"] "=" $c["checksum"] }' "$OUT/runs.csv" |
        sort -u | tr '\n' ' ')" = "primes=18 sleep=64 " ] || fail "$(cat "$OUT/runs.csv")"
    # speedup is computed for it, against the same run's seq.
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             $c["mode"] == "eventloop" && !($c["speedup"] > 0) { print; bad = 1 } END { exit bad }' \
        "$OUT/summary.csv" || fail "$(cat "$OUT/summary.csv")"
}

@test "eventloop gives seq's checksum for every kernel with uneven tasks and more in flight than tasks" {
    local kernels n
    kernels=$("$GB" list kernels | awk '{ print $1 }')
    for k in $kernels; do
        case $k in
        primes) n=30000 ;; sumsq | sqrtsum | pi) n=200000 ;; mandelbrot) n=24 ;; sleep) n=23 ;;
        triad) n=100000 ;; spin) n=5000 ;; sha256 | blur) n=20 ;;
        *) fail "no test size for kernel $k: add it here" ;;
        esac
        rm -rf "$OUT"
        run --separate-stderr "$GB" sweep -k "$k" -m eventloop -w 3,9 -n "$n" -t 7 "${FAST[@]}" -o "$OUT"
        [ "$status" -eq 0 ] || fail "$k: $(show_run)"
        [ "$(data_rows "$OUT/runs.csv")" -eq 3 ] || fail "$k: $(cat "$OUT/runs.csv")"
        [ "$(csv_column "$OUT/runs.csv" checksum | sort -u | wc -l)" -eq 1 ] ||
            fail "$k: checksums differ:" "$(cat "$OUT/runs.csv")"
    done
}

@test "eventloop: a bad -w is refused with exit 2 and one line" {
    expect_usage_error --workers run -k sleep -m eventloop -w 0 -o "$OUT"
    expect_usage_error --workers run -k sleep -m eventloop -w 257 -o "$OUT"
    expect_usage_error --workers sweep -k sleep -m eventloop -w 2,x -o "$OUT"
}

@test "eventloop: a crashing task takes the whole process down, as with threads (one process)" {
    GILBENCH_CRASH_TASK=3 run_reaped "$GB" run -k sleep -m eventloop -w 4 -n 64 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 139 ] || fail "$(show_run)"
    no_orphans
}
