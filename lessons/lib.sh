# lessons/lib.sh - what every lesson's run.sh shares.  Sourced, not run.
#
#   lesson_init NAME        sets GILBENCH (the binary, built if missing),
#                           QUICK (0 or 1), OUT (results/lessons/NAME/, or
#                           $LESSON_RESULTS/NAME/, emptied first), SIZE
#                           (--quick or nothing: gilbench's option and the
#                           lessons' Python scripts' alike) and REPS
#                           (-r/--warmup)
#   lesson_chart RUN NAME...  draws the charts the lesson discusses, and
#                           only those, into RUN/plots/
#   lesson_finish           prints the lesson's figures as the reference
#                           machine measured them next to yours, and warns
#                           when the machine was busy or a result is
#                           impossible (tools/compare.py)
#
# QUICK=1 shrinks sizes so a lesson runs in seconds, but never below the
# size at which the lesson's effect is still bigger than start-up costs and
# noise: each run.sh chooses its QUICK sizes with that in mind.
set -euo pipefail

LESSONS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$LESSONS_DIR/.." && pwd)

lesson_init() {
    LESSON=$1
    cd "$TOP"
    QUICK=${QUICK:-0}
    case $QUICK in
    0 | 1) ;;
    *)
        echo "lessons: QUICK: expected 0 or 1, got '$QUICK'" >&2
        exit 2
        ;;
    esac
    export QUICK
    GILBENCH=${GILBENCH:-$TOP/bin/gilbench}
    if [ ! -x "$GILBENCH" ]; then
        make -s all
    fi
    OUT=${LESSON_RESULTS:-$TOP/results/lessons}/$LESSON
    rm -rf "$OUT"
    mkdir -p "$OUT"
    SIZE=()
    REPS=(-r 3 --warmup 1)
    if [ "$QUICK" = 1 ]; then
        SIZE=(--quick)
        # A warm-up even in QUICK: without one, seq alone pays the
        # first-touch page faults and every speedup after it looks better.
        REPS=(-r 2 --warmup 1)
    fi
    echo "== lesson $LESSON$([ "$QUICK" = 1 ] && echo ' (QUICK: small sizes, numbers are rough)')"
}

# lesson_chart RUN NAME...: the named charts (e.g. speedup-primes,
# cpu_vs_io, startup) drawn from RUN's data and no others (render.sh's
# ONLY), so the lesson's plots/ holds what its text discusses.  The renderer's notes
# about charts the lesson does not draw are kept out of sight unless a
# named chart is missing.
lesson_chart() {
    local run=$1 name log missing=0
    shift
    if ! command -v gnuplot >/dev/null 2>&1; then
        echo "(no chart: gnuplot is not installed; apt-get install --no-install-recommends gnuplot-nox)"
        return 0
    fi
    log=$(mktemp)
    ONLY="$*" "$TOP/plots/render.sh" "$run" >/dev/null 2>"$log" || true
    for name in "$@"; do
        if [ -s "$run/plots/$name.png" ]; then
            echo "chart: $run/plots/$name.png"
        else
            echo "chart $name was not drawn:" >&2
            missing=1
        fi
    done
    [ "$missing" = 0 ] || cat "$log" >&2
    rm -f "$log"
    return "$missing"
}

# lesson_finish: reference vs yours, and the warnings.  A lesson whose
# commands measured no core count (startup, convoy...) gets a probe here,
# so a busy machine is named on every lesson.
lesson_finish() {
    # "measured_cores: not measured" (pool, ipc, shared) is no count.
    if ! grep -qs '^measured_cores: *[0-9]' $(find "$OUT" -name meta) /dev/null; then
        "$GILBENCH" run -k sleep -m seq -w 1 -n 1 -r 1 --warmup 0 --no-progress \
            -o "$OUT/probe" >/dev/null
    fi
    python3 "$LESSONS_DIR/tools/compare.py" "$LESSONS_DIR/$LESSON" "$OUT"
}

