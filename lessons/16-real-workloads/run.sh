#!/usr/bin/env bash
# 16-real-workloads: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 16-real-workloads

# The photo batch: decode, resize, blur, encode, in each mode.  Under gil the
# C work either keeps the simulated GIL (as a pixel loop written in Python
# would) or releases it around the library calls (as Pillow does).  Without
# a folder gilbench uses its generated sample set (made once in
# ~/.cache/gilbench: the first run takes a few seconds longer).
samples=default
[ "$QUICK" = 1 ] && samples=quick
echo "-- the photo batch (gilbench images, --samples $samples)"
"$GILBENCH" images --samples "$samples" -m seq,gil,threads,fork -w 2 "${REPS[@]}" \
    -O "$OUT/pictures" -o "$OUT/images" --no-progress

# Hashing files: 8 files of random bytes, SHA-256 with libcrypto, read and
# hashed 2047, 2048 and 65536 bytes at a time.  Under gil an update of 2048
# bytes or more releases the GIL, as hashlib does; 2047 keeps it.
mib=32
[ "$QUICK" = 1 ] && mib=8
files=$OUT/files
mkdir -p "$files"
for i in 1 2 3 4 5 6 7 8; do
    head -c "$((mib * 1048576))" /dev/urandom >"$files/file$i"
done
echo "-- hashing 8 files of $mib MiB (gilbench hash)"
"$GILBENCH" hash -q -m seq,gil,threads,fork -w 2 -b 2047,2048,64K "${REPS[@]}" \
    -o "$OUT/hash" --no-progress "$files"
rm -rf "$files"

lesson_chart "$OUT/images" images
lesson_chart "$OUT/hash" hash
lesson_finish
