#!/usr/bin/env bash
# 14-talking-between-processes: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 14-talking-between-processes
# Round trips and bandwidth over a pipe (what multiprocessing.Pipe(duplex=False)
# and Queue use), a socket pair (Pipe()) and a shared-memory ring that sleeps
# on a futex; a record serialised as binary and as text; a 32 MiB object
# sent to two workers vs shared with them.  (The spinning shm ring is left
# out: it needs a free core for each process.)
echo "-- gilbench ipc"
"$GILBENCH" ipc --channels pipe,socketpair,shm-futex --sizes 8,4k,64k,1m --chunks 64k,1m \
    --object-mib 1,32 "${SIZE[@]}" --no-progress -o "$OUT/ipc"
echo "-- CPython: multiprocessing.Pipe vs Queue, pickle vs json (queue_vs_pipe.py)"
python3 "$LESSONS_DIR/14-talking-between-processes/queue_vs_pipe.py" --csv "$OUT/python_ipc.csv" "${SIZE[@]}"
lesson_chart "$OUT" ipc
lesson_finish
