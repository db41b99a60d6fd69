#!/usr/bin/env bash
# tests/run.sh UNIT_BINARY... - runs every test suite and ends with one
# line "N passed, N failed".
#
# Every suite speaks TAP (cmocka via CMOCKA_MESSAGE_OUTPUT=TAP, bats via
# --tap), so one counter serves all: "ok" lines pass, "not ok" lines fail.
# A suite that crashes (a sanitizer report, a signal) or prints no plan
# counts as one more failure, so a dead suite can never look green.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
logdir=build/test-logs
mkdir -p "$logdir"

# run_suite NAME COMMAND...: runs one TAP-speaking suite.
run_suite() {
    local name=$1 log ok notok rc
    shift
    log="$logdir/${name//\//_}.tap"
    "$@" >"$log" 2>&1
    rc=$?
    ok=$(grep -c '^ok ' "$log")
    notok=$(grep -c '^not ok ' "$log")
    if [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then
        notok=1 # died without reporting a failure: count it as one
    fi
    if ! grep -q '^1\.\.[0-9]' "$log"; then
        notok=$((notok + 1))
        echo "  (no TAP plan from $name: it did not run)"
    fi
    passed=$((passed + ok))
    failed=$((failed + notok))
    printf '%-28s %4d passed, %d failed\n' "$name" "$ok" "$notok"
    if [ "$notok" -ne 0 ]; then
        grep -E '^not ok|^#|ERROR|Sanitizer|runtime error' "$log" | head -40 | sed 's/^/    /'
        echo "    (full log: $log)"
    fi
}

# ASan reports leaks in forked children that _exit on purpose; UBSan must
# stop at the first finding so it is counted.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}

for bin in "$@"; do
    variant=$(basename "$(dirname "$bin")")
    run_suite "unit/$variant/$(basename "$bin")" env CMOCKA_MESSAGE_OUTPUT=TAP "$bin"
done

run_suite "cli" bats --tap tests/cli
if [ -x build/asan/gilbench ]; then
    # The same command-line tests against the ASan+UBSan build.
    run_suite "cli/asan" env GILBENCH="$PWD/build/asan/gilbench" bats --tap tests/cli/cli.bats \
        tests/cli/hash.bats tests/cli/images.bats
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
