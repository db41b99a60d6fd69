#!/usr/bin/env bash
# 21-choosing-the-tool: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 21-choosing-the-tool
# One small experiment per line of the tutorials' "when to use what" table,
# each measured against its own baseline in the same run; choose.py then
# writes the table (choose.csv) from these files alone.
if [ "$QUICK" = 1 ]; then
    cpu=(--quick) sleeps=64 share=(--object-mib 32 --batches 3) start=(--quick)
else
    cpu=(--scale 0.5) sleeps=400 share=(--object-mib 32 --batches 5) start=()
fi
io_modes=gil,fork
"$GILBENCH" list modes | grep -q '^eventloop ' && io_modes=gil,fork,eventloop

echo "== CPU-bound pure Python (primes) and C code that releases the GIL (sha256), 2 workers"
"$GILBENCH" sweep -k primes,sha256 -m gil,fork -w 2 "${cpu[@]}" "${REPS[@]}" -o "$OUT/cpu"
echo "== waiting: 8 blocking sleeps at a time"
"$GILBENCH" sweep -k sleep -m "$io_modes" -w 8 -n "$sleeps" "${REPS[@]}" --no-probe -o "$OUT/io"
echo "== tiny tasks: 64 tasks of 1 us each"
"$GILBENCH" granularity --durations 1us -m threads,fork -w 2 -o "$OUT/granularity" >/dev/null
echo "== big shared data: send a copy to each worker, or share it"
"$GILBENCH" ipc --experiments share "${share[@]}" --workers 2 --no-progress -o "$OUT/ipc" >/dev/null
echo "== what starting a worker costs"
"$GILBENCH" startup --mechanisms thread,fork,pool --parent-mib 0 "${start[@]}" -o "$OUT/startup" >/dev/null
echo "== the table, from the files above"
python3 "$LESSONS_DIR/21-choosing-the-tool/choose.py" "$OUT"
# The chart's footer names the machine from the meta beside choose.csv.
cp "$OUT/cpu/meta" "$OUT/meta"
lesson_chart "$OUT" choose
lesson_finish
