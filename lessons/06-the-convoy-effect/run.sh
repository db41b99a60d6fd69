#!/usr/bin/env bash
# 06-the-convoy-effect: see README.md beside this file.  QUICK=1 for a fast pass.
. "$(dirname "$0")/../lib.sh"
lesson_init 06-the-convoy-effect
# An I/O-bound thread alone, then beside a CPU-bound thread, under each GIL.
"$GILBENCH" convoy "${SIZE[@]}" -o "$OUT"
lesson_charts "$OUT"
