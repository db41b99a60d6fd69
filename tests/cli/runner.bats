#!/usr/bin/env bats
# runner.bats - tests/run.sh's counter (tests/tap_suite.bash) refuses what
# a lenient TAP runner would count as green: results that do not match the
# plan, a 1..0 plan, an "ok" on stderr, a skip nobody declared, a crash
# after the last test, a hang, a sanitizer's exit status or report.

load helpers

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
    . "$BATS_TEST_DIRNAME/../tap_suite.bash"
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
    # suite itself passed, the report file still fails it.
    suite fake "echo 1..1; echo ok 1 a; echo '==1==ERROR: AddressSanitizer: heap-use-after-free' >'$sanlog/asan.123'"
    [[ "$report" == *"sanitizer report $sanlog/fake/asan.123: ==1==ERROR: AddressSanitizer"* ]] || fail "$report"
    [ "$failed" -eq 3 ] || fail "$report"
    # Counted once: the next suite does not inherit it.
    suite other 'echo 1..1; echo ok 1 a'
    [ "$failed" -eq 3 ] || fail "an earlier suite's report was counted again: $report"
}

@test "tests/run.sh and its ASan run cover every command-line suite" {
    local top=$BATS_TEST_DIRNAME/../..
    grep -q 'for suite in tests/cli/\*.bats' "$top/tests/run.sh" || fail "run.sh does not run every .bats file"
    for s in usage_run usage_numbers usage_output usage_help_list results faults startup convoy; do
        [ -f "$top/tests/cli/$s.bats" ] || fail "tests/cli/$s.bats is gone"
        grep -Eq "for suite in .*\\b$s\\b" "$top/tests/run.sh" || fail "$s.bats does not run against ASan"
    done
}
