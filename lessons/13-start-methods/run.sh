#!/usr/bin/env bash
# 13-start-methods: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 13-start-methods
# What each start method costs in C, from a small parent and from one that
# holds 256 MiB: fork copies the page tables of what the parent holds,
# posix_spawn and the forkserver do not.
echo "-- gilbench startup: one start, wait and reap, per mechanism (us)"
"$GILBENCH" startup --mechanisms fork,posix_spawn,fork_exec,spawn_worker,forkserver \
    --parent-mib 0,256 "${SIZE[@]}" -o "$OUT/startup"
# The same question asked of CPython's multiprocessing, and the
# __main__ guard shown failing (in a child Python, with a timeout).
echo "-- CPython: multiprocessing.Process start + join per start method (start_methods.py)"
python3 "$LESSONS_DIR/13-start-methods/start_methods.py" --csv "$OUT/python_start.csv" "${SIZE[@]}"
lesson_chart "$OUT" startup
lesson_finish
