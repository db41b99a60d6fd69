#!/usr/bin/env python3
"""compare.py LESSON_DIR OUT_DIR - the lesson's figures: reference vs yours.

Run at the end of every lesson's run.sh (lib.sh's lesson_finish).  Prints
each figure of the lesson's figures.txt as the reference machine measured
it (from LESSON_DIR/reference/) next to what this run measured (OUT_DIR),
then warns about what would make this run's numbers mislead:
  - the machine was busy: a meta under OUT_DIR says measured_cores well
    below online_cores (another program took cores while measuring);
  - a result is physically impossible: a speedup above the cores that
    ran it (a baseline distorted by first-touch page faults, a busy
    spell during seq, or frequency scaling), or above the workers for
    waiting work (summary.csv's kind io), or cpu_util above the cores.
Never fails the lesson: it explains the numbers, it does not judge them.
"""
import csv
import glob
import os
import sys

import figures

BUSY_FRACTION = 0.85  # measured_cores below this share of online_cores: busy
SLACK = 1.15          # a speedup this far above min(workers, cores) is impossible
# The reasons of gilbench's flag column (stats_flag_text) that no machine
# can produce honestly, as bench/checks/trust.py counts them.
IMPOSSIBLE_FLAGS = ("workers", "cores", "under a GIL")
DISTORTED = ("The baseline was distorted (a busy spell, first-touch page faults, clock-frequency "
             "changes): do not trust this row; run again, or at full size.")


def metas(out_dir):
    found = []
    for path in sorted(glob.glob(os.path.join(glob.escape(out_dir), "**", "meta"), recursive=True)):
        found.append((path, figures.read_rows(path)[0]))
    return found


def as_float(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def machine(meta):
    return f"{meta.get('cpu_model', '?')}, {meta.get('online_cores', '?')} cores, {meta.get('date', '?')[:10]}"


def figure_rows(manifest, reference, out_dir):
    rows = []
    for fig in manifest.figures:
        try:
            ref = fig.text(reference)
        except figures.ManifestError:
            ref = "?"
        try:
            mine = fig.text(out_dir)
        except figures.ManifestError:
            mine = "n/a"  # e.g. a row QUICK does not measure
        rows.append((fig.label, ref, mine))
    return rows


def warnings(out_dir):
    said = []
    cores = None
    for path, meta in metas(out_dir):
        online, measured = as_float(meta.get("online_cores")), as_float(meta.get("measured_cores"))
        cores = cores or online
        if online and measured and measured < BUSY_FRACTION * online:
            said.append(f"warning: the machine was busy: while measuring ({os.path.relpath(path, out_dir)}) "
                        f"it gave {measured:.2f} of its {online:.0f} cores. Speedups are lower than this "
                        f"machine can give; close other programs and run the lesson again.")
    if cores is None:
        cores = float(os.cpu_count() or 1)
    for path in sorted(glob.glob(os.path.join(glob.escape(out_dir), "**", "*.csv"), recursive=True)):
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames or "workers" not in reader.fieldnames:
                continue
            flagged = "flag" in reader.fieldnames
            for row in reader:
                workers, speedup, util = (as_float(row.get(k)) for k in ("workers", "speedup", "cpu_util"))
                if workers is None:
                    continue
                label = ",".join(row.get(k, "") for k in ("kernel", "mode") if row.get(k)) or "a row"
                where = os.path.relpath(path, out_dir)
                if flagged:
                    # gilbench flagged the row itself (lib/measurement/stats.c, its
                    # thresholds named once there): repeat the reasons that make it
                    # impossible, not a second definition of them.
                    if any(m in row["flag"] for m in IMPOSSIBLE_FLAGS):
                        said.append(f"warning: impossible result in {where}: {label} with {workers:.0f} "
                                    f"workers: {row['flag']}. {DISTORTED}")
                    continue
                # A CSV without gilbench's flag column (a lesson's own table):
                # waiting work (kind io: sleep) overlaps beyond the cores.
                limit = workers if row.get("kind") == "io" else min(workers, cores)
                if speedup is not None and speedup > SLACK * limit:
                    said.append(f"warning: impossible result in {where}: {label} with "
                                f"{workers:.0f} workers on {cores:.0f} cores ran {speedup:.2f}x faster than "
                                f"seq. {DISTORTED}")
                if util is not None and util > cores + 0.1:
                    said.append(f"warning: impossible result in {where}: {label} used "
                                f"{util:.2f} cores of CPU time on a {cores:.0f}-core machine.")
    return said


def main(argv):
    if len(argv) != 2:
        print("usage: lessons/tools/compare.py LESSON_DIR OUT_DIR", file=sys.stderr)
        return 2
    lesson_dir, out_dir = argv
    try:
        manifest = figures.Manifest(lesson_dir)
    except figures.ManifestError as e:
        print(f"compare.py: {e}", file=sys.stderr)
        return 2
    reference = os.path.join(lesson_dir, "reference")
    ref_metas = metas(reference)
    ref_meta = ref_metas[0][1] if ref_metas else {}
    rows = figure_rows(manifest, reference, out_dir)
    if rows:
        print(f"-- the reference machine ({machine(ref_meta)}) measured, and you measured:")
        width = max(len(r[0]) for r in rows)
        for label, ref, mine in rows:
            print(f"   {label:<{width}}  reference {ref:>10}   you {mine:>10}")
    if os.environ.get("QUICK") == "1":
        print("   (QUICK: small sizes, so your figures are rougher than the reference's full-size run)")
    for line in warnings(out_dir):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
