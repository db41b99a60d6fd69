#!/usr/bin/env bash
# record.sh NN-name - one full-size run of a lesson, kept as its reference.
#
#   lessons/tools/record.sh 01-threads-under-the-gil
#
# Runs lessons/NN-name/run.sh at full size (QUICK=0) into a temporary
# directory and replaces lessons/NN-name/reference/ with what the lesson's
# figures.txt names: the data files its figures read, the files it keeps,
# every meta (at its path in the run), and its charts' PNGs.  Run it on an
# otherwise idle machine: the meta records measured_cores, and
# lessons/tools/check.py then tells which README figures no longer match.
set -euo pipefail
if [ $# -ne 1 ] || [ ! -x "$(dirname "$0")/../$1/run.sh" ]; then
    echo "usage: lessons/tools/record.sh NN-name   (a directory of lessons/ with a run.sh)" >&2
    exit 2
fi
lessons=$(cd "$(dirname "$0")/.." && pwd)
lesson=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LESSON_RESULTS=$tmp QUICK=0 "$lessons/$lesson/run.sh"
out=$tmp/$lesson
ref=$lessons/$lesson/reference
python3 - "$lessons/$lesson" "$out" "$ref" <<'PY'
import os, shutil, sys
sys.path.insert(0, os.path.join(sys.argv[1], "..", "tools"))
import figures
lesson, out, ref = sys.argv[1:]
manifest = figures.Manifest(lesson)
if os.path.isdir(ref):
    shutil.rmtree(ref)
os.makedirs(ref)
wanted = manifest.data_files()
for root, _, files in os.walk(out):
    for f in files:
        rel = os.path.relpath(os.path.join(root, f), out)
        if f == "meta" or rel in wanted:
            os.makedirs(os.path.dirname(os.path.join(ref, rel)), exist_ok=True)
            shutil.copy(os.path.join(root, f), os.path.join(ref, rel))
        elif os.path.basename(root) == "plots" and f.endswith(".png") and f[:-4] in manifest.charts:
            shutil.copy(os.path.join(root, f), os.path.join(ref, f))
missing = [w for w in wanted if not os.path.isfile(os.path.join(ref, w))] + \
          [c + ".png" for c in manifest.charts if not os.path.isfile(os.path.join(ref, c + ".png"))]
if missing:
    sys.exit(f"record.sh: the run made no {', '.join(missing)}")
for fig in manifest.figures:
    print(f"{fig.ident}: {fig.text(ref)}   ({fig.label})")
PY
echo "reference: $ref"
