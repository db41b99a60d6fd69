#!/usr/bin/env bats
# The sha256 and blur kernels against independent implementations in
# Python (tests/cli/workloads/refs/), at sizes other than their built-in
# known answers, and in every mode.

load ../helpers

answer() { # KERNEL ITEMS MODE
    "$GB" run -k "$1" -n "$2" -m "$3" -w 2 "${FAST[@]}" -o "$OUT-$1-$3" >/dev/null
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["checksum"] }' "$OUT-$1-$3/runs.csv"
}

@test "sha256 kernel: equals Python's hashlib over the same messages, in every mode" {
    expected=$(python3 "$BATS_TEST_DIRNAME/refs/sha256_kernel.py" 37)
    for m in seq gil threads fork pool; do
        [ "$(answer sha256 37 "$m")" = "$expected" ] || fail "$m: $(answer sha256 37 "$m") != $expected"
    done
}

@test "blur kernel: equals a plain Python blur of the same image, in every mode" {
    expected=$(python3 "$BATS_TEST_DIRNAME/refs/blur_kernel.py" 13)
    for m in seq gil threads fork pool; do
        [ "$(answer blur 13 "$m")" = "$expected" ] || fail "$m: $(answer blur 13 "$m") != $expected"
    done
}
