# tap_suite.bash - the strict TAP counter behind tests/run.sh, and the
# pool that runs suites side by side (sourced; tests/cli/selftest/runner.bats
# drives it with made-up suites).
#
# The caller sets: passed, failed, skipped (counters, start at 0), logdir
# and sanlog (absolute directories for logs and ASan report files),
# suite_timeout (seconds), EXPECTED_SKIPS (the allow-list file), and
# SAN_ASAN, SAN_UBSAN, SAN_TSAN (the sanitizers' exit statuses).
# tests/run.sh says what makes a suite fail.
#
# A suite is run in two halves: suite_exec runs it and leaves everything
# it produced in files of its own (BASE.tap, BASE.stderr, BASE.status and
# the folder $sanlog/BASE for ASan's reports, BASE being the suite's name
# with / as _), and suite_report reads those files, prints the suite's
# block and adds to the counters.  Nothing is shared between two suites'
# files, so suites may run at the same time (run_queued) and each report
# still names only what its own suite did; the counters are touched only
# by suite_report, in the caller's shell, one suite at a time.

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

# suite_base NAME: where NAME's files go (without extension).
suite_base() {
    printf '%s/%s' "$logdir" "${1//\//_}"
}

# suite_exec NAME COMMAND...: runs one TAP-speaking suite under its
# timeout.  stdout -> BASE.tap, stderr -> BASE.stderr, "STATUS SECONDS
# CPU-SECONDS" -> BASE.status (written last: its presence means the suite
# is over).  ASan writes its reports into the suite's own folder
# ($sanlog/BASE), set by the last log_path of ASAN_OPTIONS (the last
# setting wins), so a report is the suite's own even when other suites run
# beside it.
suite_exec() {
    local name=$1 base san t0 rc
    shift
    base=$(suite_base "$name")
    san=$sanlog/${name//\//_}
    rm -rf "$san" "$base.tap" "$base.stderr" "$base.status"
    mkdir -p "$san"
    t0=$EPOCHREALTIME
    times >"$base.times"
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$san/asan" \
        timeout -k 10 "$suite_timeout" "$@" >"$base.tap" 2>"$base.stderr" </dev/null
    rc=$?
    times >>"$base.times"
    printf '%s %s %s\n' "$rc" "$(elapsed "$t0")" "$(children_cpu "$base.times")" >"$base.status.tmp" &&
        mv "$base.status.tmp" "$base.status"
    rm -f "$base.times"
}

# children_cpu FILE: the CPU seconds (user + system) of the children the
# shell waited for between the two `times` outputs in FILE (lines 2 and
# 4): the suite's own processes, as far as each was reaped by its parent.
children_cpu() {
    awk 'function s(t) { sub(/s$/, "", t); split(t, a, "m"); return a[1] * 60 + a[2] }
         NR == 2 { before = s($1) + s($2) } NR == 4 { after = s($1) + s($2) }
         END { printf "%.1f", after - before }' "$1"
}

# elapsed T0: seconds since T0 (an $EPOCHREALTIME), to a tenth.
elapsed() {
    local now=${EPOCHREALTIME/[^0-9]/} then=${1/[^0-9]/}
    local tenths=$(((10#$now - 10#$then + 50000) / 100000))
    printf '%d.%d' $((tenths / 10)) $((tenths % 10))
}

# suite_report NAME: reads what suite_exec left for NAME, prints NAME's
# block (one line, then the problems when it failed) and updates passed,
# failed and skipped.
suite_report() {
    local name=$1 base tap err rc secs cpu ok notok planned results problems=() line desc reason
    local -a skips=()
    base=$(suite_base "$name")
    tap=$base.tap
    err=$base.stderr
    rc= secs=0 cpu=0
    if [ -f "$base.status" ]; then
        read -r rc secs cpu <"$base.status"
    else
        problems+=("the runner lost it: no exit status was recorded")
    fi

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
    done < <(cat "$tap" 2>/dev/null)

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
    0 | '') ;;
    124 | 137) problems+=("timed out after $suite_timeout s (SUITE_TIMEOUT)") ;;
    "$SAN_ASAN") problems+=("AddressSanitizer aborted it (exit $rc)") ;;
    "$SAN_UBSAN") problems+=("UndefinedBehaviorSanitizer aborted it (exit $rc)") ;;
    "$SAN_TSAN") problems+=("ThreadSanitizer aborted it (exit $rc)") ;;
    *) [ "$notok" -gt 0 ] || problems+=("exit status $rc without a failed test") ;;
    esac
    # Every file in the suite's own ASan folder is a report of this suite.
    local report
    while IFS= read -r report; do
        [ -n "$report" ] || continue
        problems+=("sanitizer report $report: $(grep -m1 'ERROR: \|WARNING: ' "$report")")
    done < <(find "$sanlog/${name//\//_}" -type f 2>/dev/null | sort)

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
    printf '%-32s %-44s %5s s (cpu %s s)\n' "$name" "$counts" "$secs" "$cpu"
    for desc in "${skips[@]}"; do
        reason=$(expected_skip "$name" "$desc") && echo "    skipped: $desc ($reason)"
    done
    if [ "$suite_failed" -ne 0 ]; then
        for line in "${problems[@]}"; do
            echo "    $line"
        done
        grep -E '^not ok|^#' "$tap" 2>/dev/null | head -40 | sed 's/^/    /'
        grep -E 'ERROR|Sanitizer|runtime error' "$err" 2>/dev/null | head -10 | sed 's/^/    stderr: /'
        echo "    (full logs: $tap, $err)"
    fi
}

# run_suite NAME COMMAND...: runs one suite and reports it at once.
run_suite() {
    suite_exec "$@"
    suite_report "$1"
}

# The queue run_queued works through: names, and each command as one
# string of shell-quoted words (printf %q), so any argument survives.
queued_names=()
queued_commands=()

# queue_suite NAME COMMAND...: adds a suite to the queue.
queue_suite() {
    queued_names+=("$1")
    shift
    queued_commands+=("$(printf '%q ' "$@")")
}

# run_queued JOBS: runs every queued suite, at most JOBS at a time, in
# queue order, and reports each in queue order as soon as it and every
# suite before it are over: the output is the same, block for block, as
# one suite after another would give, whatever finishes first.
#
# A finished suite's job writes its index into a FIFO the pool reads, so
# the pool sleeps until a job ends (no polling, and no race with bash's
# own reaping of background jobs, which `wait -n` has).  The jobs close
# the pool's end of the FIFO first, so no test process inherits it.
run_queued() {
    local jobs=$1 total=${#queued_names[@]} next=0 shown=0 running=0 index fifo fd
    local -a pids=() finished=()
    fifo=$logdir/.pool-fifo
    rm -f "$fifo"
    mkfifo "$fifo" || return 1
    exec {fd}<>"$fifo"
    while [ "$shown" -lt "$total" ]; do
        while [ "$running" -lt "$jobs" ] && [ "$next" -lt "$total" ]; do
            (
                exec {fd}>&-
                # Not bash's default for background jobs: a test that
                # sends SIGINT must see what a foreground run would.
                trap - INT QUIT
                eval "suite_exec \"\${queued_names[next]}\" ${queued_commands[next]}"
                echo "$next" >"$fifo"
            ) &
            pids[next]=$!
            next=$((next + 1))
            running=$((running + 1))
        done
        if read -r -t 5 -u "$fd" index; then
            wait "${pids[index]}" 2>/dev/null
            if [ -z "${finished[index]:-}" ]; then
                finished[index]=1
                running=$((running - 1))
            fi
        else
            # No word for 5 s: a job killed from outside cannot write its
            # index; count it over (suite_report then says it was lost).
            for ((index = shown; index < next; index++)); do
                if [ -z "${finished[index]:-}" ] && ! kill -0 "${pids[index]}" 2>/dev/null; then
                    finished[index]=1
                    running=$((running - 1))
                fi
            done
        fi
        while [ "$shown" -lt "$total" ] && [ -n "${finished[shown]:-}" ]; do
            suite_report "${queued_names[shown]}"
            shown=$((shown + 1))
        done
    done
    exec {fd}>&-
    rm -f "$fifo"
    queued_names=()
    queued_commands=()
}
