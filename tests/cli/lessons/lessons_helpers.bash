# lessons/lessons_helpers.bash - what the lessons/NN-NN.bats files share: every
# lesson runs in its QUICK mode and leaves what its text talks about: the
# charts its figures.txt names, drawn, and every figure of figures.txt
# computable from the run (so QUICK measures the same rows as the full
# run).  A lesson's own block adds what is particular to it.  Results go
# to a temporary directory, never into the checkout.  The lessons' texts
# are checked by lessons/shape.bats.  The lessons are split over four
# files so the test runner can run them side by side.

setup() {
    TOP=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
    export LESSON_RESULTS=$BATS_TEST_TMPDIR/lessons
    export QUICK=1
}

# run_lesson NN-name: runs it, then checks its charts and figures; sets
# $out to its result directory.
run_lesson() {
    out=$LESSON_RESULTS/$1
    run "$TOP/lessons/$1/run.sh"
    if [ "$status" -ne 0 ]; then
        echo "$output"
        return 1
    fi
    [[ "$output" == *"-- the reference machine"* ]] || { echo "$1: no reference-vs-yours table"; echo "$output"; return 1; }
    # On a machine the lesson itself reported busy, a result may not exist
    # (no task size at which 2 workers on a fraction of a core break even):
    # an empty cell is then accepted; a missing row or column never is.
    busy=0
    [[ "$output" == *"warning: the machine was busy"* ]] && busy=1
    python3 - "$TOP/lessons/$1" "$out" "$busy" <<'PY'
import glob, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(sys.argv[1]), "tools"))
import figures
lesson, out, busy = sys.argv[1:]
m = figures.Manifest(lesson)
bad = [c for c in m.charts if not glob.glob(os.path.join(glob.escape(out), "**", "plots", c + ".png"), recursive=True)]
for f in m.figures:
    try:
        f.value(out)
    except figures.ManifestError as e:
        if busy == "1" and "is '', not a number" in str(e):
            print(f"{os.path.basename(lesson)}: figure {f.ident}: no value on a busy machine", file=sys.stderr)
            continue
        bad.append(f"figure {f.ident}: {e}")
if bad:
    sys.exit("\n".join(f"{os.path.basename(lesson)}: {b}" for b in bad))
PY
}

