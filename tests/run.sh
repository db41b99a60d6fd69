#!/usr/bin/env bash
# tests/run.sh UNIT_BINARY... - runs every test suite and ends with one
# line "N passed, N failed" (preceded by "N skipped (expected)" when a
# declared skip happened).
#
# Every suite speaks TAP (cmocka via CMOCKA_MESSAGE_OUTPUT=TAP, bats via
# --tap), and the runner believes none of it blindly.  A suite fails when:
#   - it prints no plan, or a plan of 1..0 (nothing ran) that
#     tests/expected-skips does not declare;
#   - the number of results differs from its plan (a suite that plans 5,
#     reports 2 and exits 0 has lost 3 tests);
#   - it exits non-zero without a "not ok" (a crash after the last test);
#   - it outlives its timeout (SUITE_TIMEOUT seconds, default 240);
#   - a sanitizer aborted it: ASan, UBSan and TSan exit with statuses of
#     their own (86, 87, 88), never gilbench's 1 (failed run) or 2 (bad
#     usage), and ASan writes its reports to files that are counted here,
#     so a report in a forked worker of a run that was meant to fail is not
#     mistaken for the intended failure.
# A skipped test is not a pass: each is listed, and it fails the suite
# unless tests/expected-skips declares it, with a reason.  Only stdout is
# parsed; stderr goes to its own log, so an "ok" printed there counts for
# nothing.
#
# Suites run side by side, TEST_JOBS at a time (default: one more than
# the cores).  Most of them wait more than they compute (timeouts,
# signals, children starting, mpirun): one after another, the suites kept
# 0.6 of a core busy on average, so one per core would still leave cores
# idle.  Each suite has its
# own log files and its own ASan report folder, and the results are
# printed suite by suite in the order below, each once it is over.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
skipped=0
logdir=$PWD/build/test-logs
sanlog=$logdir/sanitizer
rm -rf "$logdir"
mkdir -p "$sanlog"
suite_timeout=${SUITE_TIMEOUT:-240}
case "$suite_timeout" in
'' | *[!0-9]* | 0)
    echo "tests/run.sh: SUITE_TIMEOUT: expected a whole number of seconds, 1 or more, got '$suite_timeout'" >&2
    exit 2
    ;;
esac
test_jobs=${TEST_JOBS:-$(($(nproc 2>/dev/null || echo 2) + 1))}
case "$test_jobs" in
'' | *[!0-9]* | 0 | ???*)
    echo "tests/run.sh: TEST_JOBS: expected a number of suites at a time from 1 to 99, got '$test_jobs'" >&2
    exit 2
    ;;
esac

# Sanitizer statuses, distinct from every status gilbench itself uses
# (0, 1, 2, 128+signal).
SAN_ASAN=86
SAN_UBSAN=87
SAN_TSAN=88
# A user's own options come first; the exit statuses and the report files,
# which this runner relies on, come last (the last setting wins).
# run_suite adds log_path, a folder per suite (tests/tap_suite.bash).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}:exitcode=$SAN_ASAN"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}:exitcode=$SAN_UBSAN"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}:exitcode=$SAN_TSAN"

EXPECTED_SKIPS=tests/expected-skips
# shellcheck source=tests/tap_suite.bash
. tests/tap_suite.bash

# The order of the results.  The command-line suites come first: the
# longest suites are among them, and started last they would leave one
# core idle at the end while the other finishes them.
# The command-line suites live one folder down, a folder per part they
# test (tests/cli/usage/, run/, modes/, ...); helpers at either level.
shopt -s nullglob
bats_suites=(tests/cli/*/*.bats)
bats_helpers=(tests/cli/*.bash tests/cli/*/*.bash)
shopt -u nullglob
queue_suite "lint/bats" tests/lint_bats.py "${bats_suites[@]}" "${bats_helpers[@]}"
for suite in "${bats_suites[@]}"; do
    queue_suite "cli/${suite#tests/cli/}" bats --tap "$suite"
done
# Every test of the gilbench command line again, against the ASan+UBSan
# build (`make test` builds it; without it, that is a failure, not a skip).
if [ -x build/asan/gilbench ]; then
    for suite in usage/run usage/numbers usage/output usage/help_list run/results run/faults run/trust \
        commands/startup commands/convoy commands/errors commands/ipc commands/shared \
        modes/openmp modes/pool modes/eventloop workloads/hash workloads/images; do
        queue_suite "cli/asan/$suite.bats" env GILBENCH="$PWD/build/asan/gilbench" bats --tap "tests/cli/$suite.bats"
    done
else
    echo "cli/asan: build/asan/gilbench is missing ('make build/asan/gilbench'): the ASan command-line tests did not run"
    failed=$((failed + 1))
fi
for bin in "$@"; do
    variant=$(basename "$(dirname "$bin")")
    queue_suite "unit/$variant/$(basename "$bin")" env CMOCKA_MESSAGE_OUTPUT=TAP "$bin"
done
run_queued "$test_jobs"

[ "$skipped" -eq 0 ] || echo "$skipped skipped (expected)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
