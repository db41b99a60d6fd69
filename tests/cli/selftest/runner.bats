#!/usr/bin/env bats
# selftest/runner.bats - tests/run.sh's counter (tests/tap_suite.bash) refuses what
# a lenient TAP runner would count as green: results that do not match the
# plan, a 1..0 plan, an "ok" on stderr, a skip nobody declared, a crash
# after the last test, a hang, a sanitizer's exit status or report.

load ../helpers

setup() {
    export LC_ALL=C
    cd "$BATS_TEST_TMPDIR"
    passed=0 failed=0 skipped=0
    logdir=$BATS_TEST_TMPDIR/logs
    sanlog=$logdir/sanitizer
    mkdir -p "$sanlog"
    suite_timeout=5
    SAN_ASAN=86 SAN_UBSAN=87 SAN_TSAN=88
    EXPECTED_SKIPS=$BATS_TEST_TMPDIR/expected-skips
    printf '%s\n' '# suite | test | reason' 'fake | declared skip | the machine lacks it' \
        'empty | 1..0 | nothing to test here' >"$EXPECTED_SKIPS"
    . "$BATS_TEST_DIRNAME/../../tap_suite.bash"
}

# suite NAME SCRIPT: runs the made-up suite `bash -c SCRIPT` through
# run_suite; its report is in $report, the counters are updated.
suite() {
    report=$(run_suite "$1" bash -c "$2"; echo "counts $passed $failed $skipped")
    read -r _ passed failed skipped <<<"$(tail -n 1 <<<"$report")"
}

@test "a clean suite counts its passes" {
    suite fake 'echo 1..2; echo ok 1 a; echo ok 2 b'
    [ "$passed $failed $skipped" = "2 0 0" ] || fail "$report"
}

@test "fewer results than planned is a failure, even with exit 0" {
    suite fake 'echo 1..5; echo ok 1 a; echo ok 2 b'
    [ "$failed" -eq 1 ] || fail "$report"
    [[ "$report" == *"planned 5 tests, reported 2"* ]] || fail "$report"
}

@test "no plan, two plans or 1..0 undeclared are failures; a declared 1..0 is not" {
    suite fake 'echo ok 1 a'
    [ "$failed" -eq 1 ] && [[ "$report" == *"no TAP plan"* ]] || fail "$report"
    suite fake 'echo 1..1; echo ok 1 a; echo 1..1; echo ok 1 b'
    [ "$failed" -eq 2 ] && [[ "$report" == *"2 TAP plans"* ]] || fail "$report"
    suite fake 'echo 1..0'
    [ "$failed" -eq 3 ] && [[ "$report" == *"plan 1..0"* ]] || fail "$report"
    suite empty 'echo 1..0'
    [ "$failed" -eq 3 ] || fail "a declared empty plan should pass: $report"
}

@test "an ok printed on stderr counts for nothing" {
    suite fake 'echo 1..2; echo ok 1 a; echo ok 2 b >&2'
    [ "$passed $failed" = "1 1" ] || fail "$report"
}

@test "an undeclared skip fails the suite; a declared one is counted apart, with its reason" {
    suite fake 'echo 1..2; echo "ok 1 declared skip # skip no tool"; echo "ok 2 other # skip lazy"'
    [ "$passed $failed $skipped" = "0 1 1" ] || fail "$report"
    [[ "$report" == *"not declared in tests/expected-skips: other"* ]] || fail "$report"
    [[ "$report" == *"skipped: declared skip (the machine lacks it)"* ]] || fail "$report"
}

@test "cmocka's skip, a 'not ok' with a SKIP directive, is a skip: declared, it passes; undeclared, it fails" {
    suite fake 'echo 1..2; echo "not ok 1 # SKIP declared skip"; echo "ok 2 - b"'
    [ "$passed $failed $skipped" = "1 0 1" ] || fail "$report"
    suite fake 'echo 1..1; echo "not ok 1 # SKIP test_other"'
    [ "$failed" -eq 1 ] && [[ "$report" == *"not declared in tests/expected-skips: test_other"* ]] || fail "$report"
}

@test "a non-zero exit after all tests passed is a failure" {
    suite fake 'echo 1..1; echo ok 1 a; exit 3'
    [ "$failed" -eq 1 ] && [[ "$report" == *"exit status 3 without a failed test"* ]] || fail "$report"
}

@test "a suite that hangs is stopped at its timeout and fails" {
    suite_timeout=1
    suite fake 'echo 1..1; exec sleep 30'
    [ "$failed" -ge 1 ] && [[ "$report" == *"timed out after 1 s"* ]] || fail "$report"
}

@test "sanitizer exit statuses and ASan report files are failures of their own" {
    suite fake 'echo 1..1; echo ok 1 a; exit 86'
    [[ "$report" == *"AddressSanitizer aborted it (exit 86)"* ]] || fail "$report"
    suite fake 'echo 1..1; echo ok 1 a; exit 87'
    [[ "$report" == *"UndefinedBehaviorSanitizer aborted it"* ]] || fail "$report"
    # A report from a forked worker of a run that was meant to fail: the
    # suite itself passed, the report file still fails it.  ASan writes
    # where the suite's ASAN_OPTIONS log_path says (its last one wins).
    suite fake "echo 1..1; echo ok 1 a; echo '==1==ERROR: AddressSanitizer: heap-use-after-free' >\"\${ASAN_OPTIONS##*log_path=}.123\""
    [[ "$report" == *"sanitizer report $sanlog/fake/asan.123: ==1==ERROR: AddressSanitizer"* ]] || fail "$report"
    [ "$failed" -eq 3 ] || fail "$report"
    # Counted once: the next suite does not inherit it, nor does the same
    # suite run again.
    suite other 'echo 1..1; echo ok 1 a'
    [ "$failed" -eq 3 ] || fail "an earlier suite's report was counted again: $report"
    suite fake 'echo 1..1; echo ok 1 a'
    [ "$failed" -eq 3 ] || fail "an earlier run's report was counted again: $report"
}

# ---- suites side by side (run_queued) ------------------------------------

# pool JOBS: runs the queued suites JOBS at a time; the report is in
# $report, the counters are updated.
pool() {
    report=$(run_queued "$1"; echo "counts $passed $failed $skipped")
    read -r _ passed failed skipped <<<"$(tail -n 1 <<<"$report")"
}

# wait_for FILE: a made-up suite's way to wait for another one (bounded
# by the suite timeout, which fails the suite).
WAIT_FOR='wait_for() { until [ -e "$1" ]; do sleep 0.01; done; }'

@test "side by side: results are printed in queue order, whatever finishes first, and add up" {
    # first waits until last is over: last finishes first.
    queue_suite first bash -c "$WAIT_FOR; wait_for last.done; echo 1..2; echo ok 1 a; echo ok 2 b"
    queue_suite middle bash -c 'echo 1..1; echo ok 1 c'
    queue_suite last bash -c 'echo 1..3; echo ok 1 d; echo ok 2 e; echo ok 3 f; touch last.done'
    pool 3
    [ "$passed $failed $skipped" = "6 0 0" ] || fail "$report"
    [ "$(grep -Eo '^(first|middle|last) ' <<<"$report" | tr -d ' ' | tr '\n' ' ')" = "first middle last " ] ||
        fail "not in queue order:" "$report"
}

@test "side by side: a failing suite among passing ones is reported, with its problem, and fails the run" {
    queue_suite good1 bash -c 'echo 1..1; echo ok 1 a'
    queue_suite bad bash -c 'echo 1..3; echo ok 1 b; echo "not ok 2 broken"'
    queue_suite good2 bash -c 'echo 1..1; echo ok 1 c'
    pool 2
    [ "$passed $failed" = "3 2" ] || fail "$report"
    grep -Eq '^bad +1 passed, 2 failed' <<<"$report" || fail "$report"
    grep -q '^    planned 3 tests, reported 2$' <<<"$report" || fail "$report"
    grep -q '^    not ok 2 broken$' <<<"$report" || fail "$report"
    grep -Eq '^good2 +1 passed, 0 failed' <<<"$report" || fail "$report"
}

@test "side by side: two suites running at once keep their results, stderr and ASan reports apart" {
    # Each waits until the other has started: both run at the same time
    # (one at a time, the first would wait for ever and time out).
    queue_suite one bash -c "$WAIT_FOR; touch one.started; wait_for two.started
        echo '==7==ERROR: AddressSanitizer: heap-buffer-overflow' >\"\${ASAN_OPTIONS##*log_path=}.7\"
        echo 'ok 2 printed on stderr' >&2; echo 1..1; echo ok 1 a"
    queue_suite two bash -c "$WAIT_FOR; touch two.started; wait_for one.started
        echo 1..2; echo ok 1 b; echo ok 2 c"
    pool 2
    [ "$passed $failed" = "3 1" ] || fail "$report"
    grep -Eq '^one +1 passed, 1 failed' <<<"$report" || fail "$report"
    grep -q "^    sanitizer report $sanlog/one/asan.7: ==7==ERROR" <<<"$report" || fail "$report"
    grep -Eq '^two +2 passed, 0 failed' <<<"$report" || fail "the report went to the wrong suite:" "$report"
    [ "$(cat "$logdir/one.stderr")" = "ok 2 printed on stderr" ] || fail "one.stderr: $(cat "$logdir/one.stderr")"
    [ ! -s "$logdir/two.stderr" ] || fail "two.stderr: $(cat "$logdir/two.stderr")"
}

@test "side by side: no more suites at once than asked for" {
    # With one at a time, the second starts after the first is over.
    queue_suite first bash -c 'echo 1..1; sleep 0.2; echo ok 1 a; touch first.done'
    queue_suite second bash -c '[ -e first.done ] && r=ok || r="not ok"; echo 1..1; echo "$r 1 after first"'
    pool 1
    [ "$passed $failed" = "2 0" ] || fail "$report"
}

@test "side by side: a suite that hangs is stopped at its timeout; the others are reported" {
    suite_timeout=1
    queue_suite hangs bash -c 'echo 1..1; exec sleep 30'
    queue_suite fine bash -c 'echo 1..1; echo ok 1 a'
    pool 2
    [ "$passed" -eq 1 ] && [ "$failed" -ge 1 ] || fail "$report"
    [[ "$report" == *"timed out after 1 s"* ]] || fail "$report"
}

@test "tests/run.sh: every suite of a tree, side by side, in order, ending with one line that counts them all" {
    local top=$BATS_TEST_DIRNAME/../../.. tree=$BATS_TEST_TMPDIR/tree n
    mkdir -p "$tree/tests/cli/part" "$tree/build/plain"
    cp "$top/tests/run.sh" "$top/tests/tap_suite.bash" "$top/tests/lint_bats.py" "$tree/tests/"
    echo '# nothing declared' >"$tree/tests/expected-skips"
    for n in a b c; do
        printf '@test "%s one" { true; }\n@test "%s two" { [ %s != b ]; }\n' "$n" "$n" "$n" >"$tree/tests/cli/part/$n.bats"
    done
    echo '# helpers' >"$tree/tests/cli/helpers.bash"
    printf '#!/bin/sh\necho 1..1\necho ok 1 - unit\n' >"$tree/build/plain/test_fake"
    chmod +x "$tree/build/plain/test_fake"
    run --separate-stderr env TEST_JOBS=2 "$tree/tests/run.sh" build/plain/test_fake
    # b's second test fails; without build/asan/gilbench, the ASan run is
    # a failure too.
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [ "${lines[-1]}" = "11 passed, 2 failed" ] || fail "$(show_run)"
    [ "$(awk '$1 ~ /^(lint|cli|unit)\/.*[^:]$/ { printf "%s ", $1 }' <<<"$output")" = \
        "lint/bats cli/part/a.bats cli/part/b.bats cli/part/c.bats unit/plain/test_fake " ] || fail "$(show_run)"
    grep -q '^cli/asan: build/asan/gilbench is missing' <<<"$output" || fail "$(show_run)"
    run env TEST_JOBS=0 "$tree/tests/run.sh"
    [ "$status" -eq 2 ] && [[ "$output" == *TEST_JOBS* ]] || fail "TEST_JOBS=0 accepted:" "$(show_run)"
}

@test "tests/run.sh and its ASan run cover every command-line suite" {
    local top=$BATS_TEST_DIRNAME/../../.. asan_list stray
    grep -Fq 'bats_suites=(tests/cli/*/*.bats)' "$top/tests/run.sh" || fail "run.sh does not run every .bats file"
    # run.sh finds the suites exactly one folder down: one anywhere else
    # would never run.
    stray=$(cd "$top/tests/cli" && find . -name '*.bats' ! -path './*/*.bats' -o -name '*.bats' -path './*/*/*')
    [ -z "$stray" ] || fail "suites run.sh does not find (not in tests/cli/PART/):" "$stray"
    # The ASan list, its continuation lines joined.
    asan_list=$(sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}' "$top/tests/run.sh" | grep 'for suite in usage/')
    for s in usage/run usage/numbers usage/output usage/help_list run/results run/faults commands/startup commands/convoy; do
        [ -f "$top/tests/cli/$s.bats" ] || fail "tests/cli/$s.bats is gone"
        grep -Eq "for suite in (.* )?$s[ ;]" <<<"$asan_list" || fail "$s.bats does not run against ASan"
    done
}
