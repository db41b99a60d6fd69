#!/usr/bin/env bash
# 03-what-a-process-costs: see README.md beside this file.  QUICK=1 for a fast pass.
. "$(dirname "$0")/../lib.sh"
lesson_init 03-what-a-process-costs
# Start-up cost per mechanism, with the parent holding more and more memory.
"$GILBENCH" startup "${SIZE[@]}" -o "$OUT"
lesson_charts "$OUT"
