#!/usr/bin/env bash
# run_all.sh [NN...] - every lesson's run.sh in order, or only the numbered
# ones; `make lessons` calls it.  Stops at the first lesson that fails and
# says which.
set -euo pipefail
cd "$(dirname "$0")"
wanted=("$@")
for n in "${wanted[@]}"; do
    case $n in
    [0-9][0-9]) ls -d "$n"-*/ >/dev/null 2>&1 || { echo "make lessons: no lesson numbered '$n' (LESSONS takes two-digit numbers, e.g. LESSONS=\"01 05\")" >&2; exit 2; } ;;
    *) echo "make lessons: LESSONS: expected two-digit lesson numbers, e.g. LESSONS=\"01 05\", got '$n'" >&2; exit 2 ;;
    esac
done
for dir in [0-9][0-9]-*/; do
    name=${dir%/}
    if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" ${name:0:2} "* ]]; then
        continue
    fi
    if ! ./"$name"/run.sh; then
        echo "make lessons: lesson $name failed" >&2
        exit 1
    fi
    echo
done
