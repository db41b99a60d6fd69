# lessons/lib.sh - what every lesson's run.sh shares.  Sourced, not run.
#
# A lesson's run.sh calls lesson_init with its own directory name; that
# sets GILBENCH (the binary, built if missing), QUICK (0 or 1: QUICK=1
# shrinks every size so the lesson runs in seconds) and OUT (the lesson's
# result directory, results/lessons/NAME/ or $LESSON_RESULTS/NAME/, emptied
# first).  Charts are
# drawn with lesson_charts, which skips politely when gnuplot is missing.
set -euo pipefail

LESSONS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$LESSONS_DIR/.." && pwd)

lesson_init() {
    local name=$1
    cd "$TOP"
    QUICK=${QUICK:-0}
    GILBENCH=${GILBENCH:-$TOP/bin/gilbench}
    if [ ! -x "$GILBENCH" ]; then
        make -s all
    fi
    OUT=${LESSON_RESULTS:-$TOP/results/lessons}/$name
    rm -rf "$OUT"
    mkdir -p "$OUT"
    # SIZE: --quick or nothing, for every gilbench command; REPS for run/sweep.
    SIZE=()
    REPS=(-r 3 --warmup 1)
    if [ "$QUICK" = 1 ]; then
        SIZE=(--quick)
        REPS=(-r 1 --warmup 0)
    fi
    echo "== lesson $name$([ "$QUICK" = 1 ] && echo ' (QUICK: small sizes, numbers are rough)')"
}

# lesson_charts RUN_DIR: draws every chart the run's data supports into
# RUN_DIR/plots/ (plots/render.sh), or says why not.
lesson_charts() {
    if ! command -v gnuplot >/dev/null 2>&1; then
        echo "(no charts: gnuplot is not installed; apt-get install gnuplot-nox)"
        return 0
    fi
    "$TOP/plots/render.sh" "$1" | grep '\.png$' | sed 's/^/chart: /'
}
