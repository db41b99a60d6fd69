#!/usr/bin/env bash
# 19-waiting-with-an-event-loop: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 19-waiting-with-an-event-loop
# Blocking 1 ms sleeps and prime counting, each on threads under the GIL,
# on real threads and on one thread running an event loop with -w tasks in
# flight.  Half the default sizes: the effect is the same, the run shorter.
size=(--scale 0.5)
[ "$QUICK" = 1 ] && size=(--quick --scale 0.5)
"$GILBENCH" sweep -k sleep,primes -m threads,gil,eventloop -w 1,2,4,8 "${REPS[@]}" "${size[@]}" -o "$OUT"
# Many waits at once: 64 threads under the GIL, or 64 tasks in flight on
# one thread.
many=512
[ "$QUICK" = 1 ] && many=128
"$GILBENCH" sweep -k sleep -m gil,eventloop -w 64 -n "$many" "${REPS[@]}" --no-probe -o "$OUT/many"
lesson_chart "$OUT" speedup-sleep speedup-primes
lesson_finish
