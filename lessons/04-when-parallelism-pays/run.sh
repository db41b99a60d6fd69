#!/usr/bin/env bash
# 04-when-parallelism-pays: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 04-when-parallelism-pays
# 1. The same 64 tasks of pure CPU work, each lasting from 1 us to 10 ms,
#    in a plain loop and on 2 workers: where does each mode break even?
#    (Every mode breaks even below 1 ms here; the 30 and 100 ms steps of
#    gilbench's default would add a minute and show nothing new.)
#    QUICK: up to 3 ms, enough for every mode to reach its break-even.
DURATIONS=(--durations 1us..10ms)
[ "$QUICK" = 1 ] && DURATIONS=(--durations 1us..3ms)
"$GILBENCH" granularity "${SIZE[@]}" "${DURATIONS[@]}" -o "$OUT"
# 2. What one start costs in C: a thread, a fork, a spawned gilbench worker.
echo
"$GILBENCH" startup --mechanisms thread,fork,spawn_worker --parent-mib 0 "${SIZE[@]}" -o "$OUT/startup" |
    grep -E '^(mechanism|thread|fork|spawn_worker) '
# 3. What one start costs in Python: the tutorials' 50-100 ms.
echo
echo "what Python pays before a new process works (python_startup.py):"
python3 "$LESSONS_DIR/04-when-parallelism-pays/python_startup.py" "${SIZE[@]}" --csv "$OUT/python_startup.csv"
lesson_chart "$OUT" granularity
lesson_finish
