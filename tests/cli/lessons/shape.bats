#!/usr/bin/env bats
# Every lesson is a lesson (the sections of lessons/tools/check.py, in
# order), every figure its text quotes is computed from its committed
# reference data, and its Python runs.  The lessons' runs themselves are
# in lessons/NN-NN.bats.

setup() {
    TOP=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
    CHECK=$TOP/lessons/tools/check.py
}

# A copy of lesson 01 to plant mistakes in, with the glossary beside it.
copy_lesson() {
    mkdir -p "$BATS_TEST_TMPDIR/lessons"
    cp -r "$TOP/lessons/01-threads-under-the-gil" "$BATS_TEST_TMPDIR/lessons/"
    cp "$TOP/lessons/GLOSSARY.md" "$BATS_TEST_TMPDIR/lessons/"
    L=$BATS_TEST_TMPDIR/lessons/01-threads-under-the-gil
}

@test "every lesson has its sections in order and quotes only figures of its reference data" {
    run python3 "$CHECK" "$TOP"/lessons/[0-9][0-9]-*/
    echo "$output"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
}

@test "the lessons index lists every lesson, one line each" {
    for d in "$TOP"/lessons/[0-9][0-9]-*/; do
        name=$(basename "$d")
        [ "$(grep -c "($name/README.md)" "$TOP/lessons/README.md")" -eq 1 ] || { echo "$name: not listed once"; return 1; }
    done
}

@test "every lesson's Python compiles, and the ones marked to run do, in seconds" {
    for py in "$TOP"/lessons/[0-9][0-9]-*/*.py; do
        python3 -m py_compile "$py" || { echo "$py does not compile"; return 1; }
        args=$(sed -n 's/^# lesson-test: *//p' "$py")
        grep -q '^# lesson-test:' "$py" || continue
        # shellcheck disable=SC2086
        run timeout 30 python3 -B "$py" $args
        [ "$status" -eq 0 ] || { echo "$py $args: exit $status"; echo "$output"; return 1; }
    done
    # Compiling wrote __pycache__ beside the lessons: not part of the tree.
    find "$TOP/lessons" -name __pycache__ -type d -prune -exec rm -rf {} +
}

@test "check.py catches a figure that the reference data does not give" {
    copy_lesson
    python3 "$CHECK" "$L"
    # The first figure of "What you should see" changed by one in the last digit.
    quoted=$(cd "$TOP/lessons/tools" && python3 -c "import figures; m = figures.Manifest('$L'); print(m.figures[1].text('$L/reference'))")
    wrong=$(python3 -c "import re, sys; s = sys.argv[1]; m = re.search(r'\d(?=\D*$)', s); d = (int(m.group(0)) + 1) % 10; print(s[:m.start()] + str(d) + s[m.end():])" "$quoted")
    sed -i "s/$quoted/$wrong/" "$L/README.md"
    run python3 "$CHECK" "$L"
    [ "$status" -eq 1 ]
    [[ "$output" == *"does not quote figure"* ]]
    [[ "$output" == *"quotes ${wrong%[!0-9]*}"* ]] || [[ "$output" == *"which is no figure"* ]]
}

@test "check.py catches a number typed into the text and a section out of order" {
    copy_lesson
    sed -i 's/^## What you should see$/## What you should see\n\nAbout 7.77x faster./' "$L/README.md"
    run python3 "$CHECK" "$L"
    [ "$status" -eq 1 ]
    [[ "$output" == *"quotes 7.77, which is no figure"* ]]
    copy_lesson
    sed -i 's/^## Predict$/## Guess/' "$L/README.md"
    run python3 "$CHECK" "$L"
    [ "$status" -eq 1 ]
    [[ "$output" == *"sections are"* ]]
}

@test "check.py catches a quiz without its answers and a dead glossary link" {
    copy_lesson
    python3 - "$L/README.md" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
i = s.rindex("<details>")
j = s.index("</details>", i) + len("</details>")
s = s[:i] + s[j:] + "\n[no such](../GLOSSARY.md#no-such-term)\n"
open(p, "w").write(s)
PY
    run python3 "$CHECK" "$L"
    [ "$status" -eq 1 ]
    [[ "$output" == *"<details> answers"* ]]
    [[ "$output" == *"GLOSSARY.md#no-such-term"* ]]
}

@test "compare.py prints reference and yours, and warns on a busy machine and an impossible speedup" {
    copy_lesson
    out=$BATS_TEST_TMPDIR/out
    cp -r "$L/reference" "$out"
    sed -i 's/^measured_cores: .*/measured_cores: 1.10/' "$out/meta"
    python3 - "$out/summary.csv" <<'PY'
import csv, sys
p = sys.argv[1]
rows = list(csv.DictReader(open(p)))
for r in rows:
    if r["mode"] == "threads" and r["workers"] == "2":
        r["speedup"] = "2.81"
        r["flag"] = "speedup 2.81x > 2 workers"
    elif r["mode"] == "fork" and r["workers"] == "2":
        r["flag"] = "spread 31% of median"
w = csv.DictWriter(open(p, "w", newline=""), fieldnames=rows[0].keys())
w.writeheader(); w.writerows(rows)
PY
    run python3 "$TOP/lessons/tools/compare.py" "$L" "$out"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"threads: speedup, 2 workers"*"you      2.81x"* ]]
    [[ "$output" == *"warning: the machine was busy"*"1.10 of its 2 cores"* ]]
    # gilbench's own flag is repeated; a flag of noise is not called impossible.
    [[ "$output" == *"warning: impossible result in summary.csv: primes,threads with 2 workers: speedup 2.81x > 2 workers."* ]]
    [[ "$output" != *"impossible result in summary.csv: primes,fork"* ]]
}

@test "compare.py, a CSV without gilbench's flag column: waiting may beat the core count, not the worker count" {
    L2=$TOP/lessons/02-waiting-is-different
    out=$BATS_TEST_TMPDIR/out
    cp -r "$L2/reference" "$out"
    python3 - "$out/summary.csv" <<'PY'
import csv, sys
p = sys.argv[1]
rows = list(csv.DictReader(open(p)))
for r in rows:
    del r["flag"]
w = csv.DictWriter(open(p, "w", newline=""), fieldnames=rows[0].keys())
w.writeheader(); w.writerows(rows)
PY
    run python3 "$TOP/lessons/tools/compare.py" "$L2" "$out"
    [ "$status" -eq 0 ]
    [[ "$output" != *"impossible result in summary.csv: sleep"* ]]
    python3 - "$out/summary.csv" <<'PY'
import csv, sys
p = sys.argv[1]
rows = list(csv.DictReader(open(p)))
for r in rows:
    if r["kernel"] == "sleep" and r["mode"] == "gil" and r["workers"] == "4":
        r["speedup"] = "5.10"
w = csv.DictWriter(open(p, "w", newline=""), fieldnames=rows[0].keys())
w.writeheader(); w.writerows(rows)
PY
    run python3 "$TOP/lessons/tools/compare.py" "$L2" "$out"
    [[ "$output" == *"impossible result in summary.csv: sleep,gil with 4 workers on 2 cores ran 5.10x"* ]]
    [[ "$output" != *"impossible result in summary.csv: sleep,threads"* ]]
}

@test "every lesson's run.sh also runs as 'sh run.sh' (dash has no pipefail: it hands itself to bash)" {
    for d in "$TOP"/lessons/[0-9][0-9]-*/; do
        # QUICK=2 stops at lesson_init's check: it proves lib.sh ran under bash.
        run env QUICK=2 sh "$d/run.sh"
        [ "$status" -eq 2 ] && [ "$output" = "lessons: QUICK: expected 0 or 1, got '2'" ] ||
            { echo "$(basename "$d"): status $status: $output"; return 1; }
    done
}

@test "bad input to the lesson tools: one line and exit status 2" {
    run env QUICK=2 "$TOP/lessons/01-threads-under-the-gil/run.sh"
    [ "$status" -eq 2 ]
    [ "$output" = "lessons: QUICK: expected 0 or 1, got '2'" ]
    run "$TOP/lessons/run_all.sh" 1
    [ "$status" -eq 2 ]
    [[ "$output" == "make lessons: LESSONS: expected two-digit lesson numbers"* ]]
    run "$TOP/lessons/run_all.sh" 99
    [ "$status" -eq 2 ]
    [[ "$output" == "make lessons: no lesson numbered '99'"* ]]
    run "$TOP/lessons/tools/record.sh" no-such-lesson
    [ "$status" -eq 2 ]
    [[ "$output" == "usage: lessons/tools/record.sh NN-name"* ]]
    run python3 "$CHECK" "$BATS_TEST_TMPDIR/no-such-dir"
    [ "$status" -eq 2 ]
}

@test "a figure's median:COLUMN is the median of every matching row; a plain COLUMN needs one row; an empty cell is named" {
    d=$BATS_TEST_TMPDIR/median
    mkdir -p "$d"
    printf 'k,rep,v\na,1,3\na,2,1\na,3,10\nb,1,7\ne,1,\n' >"$d/x.csv"
    printf 'figure m "median" x.csv k=a median:v %%.1f\nfigure one "one" x.csv k=b v %%.1f\nfigure many "many" x.csv k=a v %%.1f\nfigure none "none" x.csv k=c median:v %%.1f\nfigure empty "empty" x.csv k=e v %%.1f\n' >"$d/figures.txt"
    run python3 - "$TOP/lessons/tools" "$d" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import figures
m = figures.Manifest(sys.argv[2])
by = {f.ident: f for f in m.figures}
print(by["m"].text(sys.argv[2]), by["one"].text(sys.argv[2]))
for bad in ("many", "none", "empty"):
    try:
        by[bad].value(sys.argv[2])
        print(bad, "accepted")
    except figures.ManifestError as e:
        print(bad, "refused:", e)
PY
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "3.0 7.0" ]]
    [[ "${lines[1]}" == *"many refused: "*"3 rows match 'k=a'"* ]]
    [[ "${lines[2]}" == *"none refused: "*"no row matches 'k=c'"* ]]
    # An empty cell is named as such: lessons_helpers.bash accepts exactly
    # that on a machine the lesson reported busy (a break-even never reached).
    [[ "${lines[3]}" == *"empty refused: "*"is '', not a number"* ]]
}

@test "check.py catches a glossary entry out of alphabetical order" {
    copy_lesson
    printf '\n### Aardvark\nAn animal, out of place at the end.\n' >>"$BATS_TEST_TMPDIR/lessons/GLOSSARY.md"
    run python3 "$CHECK" "$L"
    [ "$status" -eq 1 ]
    [[ "$output" == *"'Aardvark' comes after"*"out of alphabetical order"* ]]
}
