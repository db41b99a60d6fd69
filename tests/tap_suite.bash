# tap_suite.bash - run_suite, the strict TAP counter behind tests/run.sh
# (sourced; tests/cli/runner.bats drives it with made-up suites).
#
# The caller sets: passed, failed, skipped (counters, start at 0), logdir
# and sanlog (directories for logs and ASan report files), suite_timeout
# (seconds), EXPECTED_SKIPS (the allow-list file), and SAN_ASAN, SAN_UBSAN,
# SAN_TSAN (the sanitizers' exit statuses).  tests/run.sh says what makes a
# suite fail.

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
    done <"$EXPECTED_SKIPS"
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
    local t0=$SECONDS
    timeout -k 10 "$suite_timeout" "$@" >"$tap" 2>"$err" </dev/null
    rc=$?
    local secs=$((SECONDS - t0))

    ok=0 notok=0
    local plans=0
    planned=
    while IFS= read -r line; do
        case "$line" in
        'not ok '*)
            # cmocka reports a skipped test as "not ok 3 # SKIP name".
            if [[ "$line" =~ ^not\ ok\ [0-9]+\ \#\ [Ss][Kk][Ii][Pp]\ +(.*)$ ]]; then
                skips+=("${BASH_REMATCH[1]}")
            else
                notok=$((notok + 1))
            fi
            ;;
        'ok '*)
            # bats: "ok 3 name # skip reason"; also "ok 3 # SKIP name".
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
    # Reports land in $sanlog itself; each suite's are moved into a folder
    # of its own, so what is left at the top after a suite is that suite's.
    local report kept="$sanlog/${name//\//_}"
    while IFS= read -r report; do
        [ -n "$report" ] || continue
        mkdir -p "$kept"
        mv "$report" "$kept/"
        report="$kept/${report##*/}"
        problems+=("sanitizer report $report: $(grep -m1 'ERROR: \|WARNING: ' "$report")")
    done < <(find "$sanlog" -maxdepth 1 -type f)

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
    local counts
    counts=$(printf '%4d passed, %d failed' "$ok" "$suite_failed")
    [ "$expected" -eq 0 ] || counts+=", $expected skipped (expected)"
    printf '%-32s %-44s %4d s\n' "$name" "$counts" "$secs"
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
