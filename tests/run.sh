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
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
skipped=0
logdir=build/test-logs
sanlog=$logdir/sanitizer
rm -rf "$logdir"
mkdir -p "$sanlog"
suite_timeout=${SUITE_TIMEOUT:-240}
case "$suite_timeout" in
'' | *[!0-9]*)
    echo "tests/run.sh: SUITE_TIMEOUT: expected a whole number of seconds, got '$suite_timeout'" >&2
    exit 2
    ;;
esac

# Sanitizer statuses, distinct from every status gilbench itself uses
# (0, 1, 2, 128+signal).
SAN_ASAN=86
SAN_UBSAN=87
SAN_TSAN=88
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=$SAN_ASAN:log_path=$PWD/$sanlog/asan}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:exitcode=$SAN_UBSAN}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:exitcode=$SAN_TSAN}

# expected_skip SUITE TEST: prints the declared reason when
# tests/expected-skips allows TEST of SUITE to skip ("1..0" stands for an
# empty plan).  Lines: SUITE-GLOB | TEST-GLOB | REASON.
expected_skip() {
    local suite=$1 test=$2 s t reason
    while IFS='|' read -r s t reason; do
        s=$(trim "$s") t=$(trim "$t") reason=$(trim "$reason")
        [ -n "$s" ] && [[ "$s" != \#* ]] || continue
        # shellcheck disable=SC2053 # globs on purpose
        if [[ "$suite" == $s && "$test" == $t ]]; then
            printf '%s\n' "${reason:-no reason given}"
            return 0
        fi
    done <tests/expected-skips
    return 1
}
trim() {
    local v=${1#"${1%%[![:space:]]*}"}
    printf '%s' "${v%"${v##*[![:space:]]}"}"
}

# run_suite NAME COMMAND...: runs one TAP-speaking suite.
run_suite() {
    local name=$1 tap err rc ok notok planned results problems=() line desc reason
    local -a skips=()
    shift
    tap="$logdir/${name//\//_}.tap"
    err="$logdir/${name//\//_}.stderr"
    local before
    before=$(find "$sanlog" -type f | wc -l)
    timeout -k 10 "$suite_timeout" "$@" >"$tap" 2>"$err" </dev/null
    rc=$?

    ok=0 notok=0
    local plans=0
    planned=
    while IFS= read -r line; do
        case "$line" in
        'not ok '*) notok=$((notok + 1)) ;;
        'ok '*)
            # bats: "ok 3 name # skip reason"; cmocka: "ok 3 # SKIP name".
            if [[ "$line" =~ ^ok\ [0-9]+\ (.*)\ \#\ [Ss][Kk][Ii][Pp](\ .*)?$ ]] ||
                [[ "$line" =~ ^ok\ [0-9]+\ \#\ [Ss][Kk][Ii][Pp]\ *-?\ *(.*)$ ]]; then
                skips+=("${BASH_REMATCH[1]}")
            else
                ok=$((ok + 1))
            fi
            ;;
        1..*)
            plans=$((plans + 1))
            planned=${line#1..}
            planned=${planned%% *}
            ;;
        esac
    done <"$tap"

    results=$((ok + notok + ${#skips[@]}))
    if [ "$plans" -eq 0 ]; then
        problems+=("no TAP plan: it did not run")
    elif [ "$plans" -gt 1 ]; then
        problems+=("$plans TAP plans in one stream")
    elif ! [[ "$planned" =~ ^[0-9]+$ ]]; then
        problems+=("unreadable TAP plan '1..$planned'")
    elif [ "$planned" -eq 0 ] && ! expected_skip "$name" "1..0" >/dev/null; then
        problems+=("plan 1..0: no test ran (not declared in tests/expected-skips)")
    elif [ "$results" -ne "$planned" ]; then
        problems+=("planned $planned tests, reported $results")
    fi
    case "$rc" in
    0) ;;
    124 | 137) problems+=("timed out after $suite_timeout s (SUITE_TIMEOUT)") ;;
    "$SAN_ASAN") problems+=("AddressSanitizer aborted it (exit $rc)") ;;
    "$SAN_UBSAN") problems+=("UndefinedBehaviorSanitizer aborted it (exit $rc)") ;;
    "$SAN_TSAN") problems+=("ThreadSanitizer aborted it (exit $rc)") ;;
    *) [ "$notok" -gt 0 ] || problems+=("exit status $rc without a failed test") ;;
    esac
    local report
    while IFS= read -r report; do
        [ -n "$report" ] && problems+=("sanitizer report $report: $(grep -m1 'ERROR: \|WARNING: ' "$report")")
    done < <(find "$sanlog" -type f | sort | tail -n +$((before + 1)))

    local expected=0 unexpected=()
    for desc in "${skips[@]}"; do
        if reason=$(expected_skip "$name" "$desc"); then
            expected=$((expected + 1))
        else
            unexpected+=("$desc")
        fi
    done
    for desc in "${unexpected[@]}"; do
        problems+=("skipped, and not declared in tests/expected-skips: $desc")
    done

    local suite_failed=$((notok + ${#problems[@]}))
    passed=$((passed + ok))
    failed=$((failed + suite_failed))
    skipped=$((skipped + expected))
    if [ "$expected" -gt 0 ]; then
        printf '%-32s %4d passed, %d failed, %d skipped (expected)\n' "$name" "$ok" "$suite_failed" "$expected"
    else
        printf '%-32s %4d passed, %d failed\n' "$name" "$ok" "$suite_failed"
    fi
    for desc in "${skips[@]}"; do
        reason=$(expected_skip "$name" "$desc") && echo "    skipped: $desc ($reason)"
    done
    if [ "$suite_failed" -ne 0 ]; then
        for line in "${problems[@]}"; do
            echo "    $line"
        done
        grep -E '^not ok|^#' "$tap" | head -40 | sed 's/^/    /'
        grep -E 'ERROR|Sanitizer|runtime error' "$err" | head -10 | sed 's/^/    stderr: /'
        echo "    (full logs: $tap, $err)"
    fi
}

for bin in "$@"; do
    variant=$(basename "$(dirname "$bin")")
    run_suite "unit/$variant/$(basename "$bin")" env CMOCKA_MESSAGE_OUTPUT=TAP "$bin"
done

run_suite "lint/bats" tests/lint_bats.py tests/cli/*.bats tests/cli/*.bash
for suite in tests/cli/*.bats; do
    run_suite "cli/$(basename "$suite")" bats --tap "$suite"
done
if [ -x build/asan/gilbench ]; then
    # Every test of the gilbench command line again, against the
    # ASan+UBSan build.
    for suite in usage results faults startup; do
        run_suite "cli/asan/$suite.bats" env GILBENCH="$PWD/build/asan/gilbench" bats --tap "tests/cli/$suite.bats"
    done
fi

[ "$skipped" -eq 0 ] || echo "$skipped skipped (expected)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
