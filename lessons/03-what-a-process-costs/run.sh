#!/usr/bin/env bash
# 03-what-a-process-costs: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 03-what-a-process-costs
# The cost of one start, wait and clean-up of each way to get parallel work
# (thread, fork, vfork, posix_spawn, fork + exec, a spawned gilbench worker,
# a pool of 2, a forkserver worker), while the parent holds 0 to 1024 MiB of
# memory it has written to.  QUICK: 0 and 256 MiB only.
"$GILBENCH" startup "${SIZE[@]}" -o "$OUT"
lesson_chart "$OUT" startup
lesson_finish
