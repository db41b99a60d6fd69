#!/usr/bin/env python3
"""show_checks.py RUN_DIR - the end of `make bench` on the terminal: every
row of RUN_DIR/checks.csv in aligned columns (cells read as CSV, so a check
whose name holds a comma stays in its column), then the count of verdicts
as the report gives it.  Exit status: 0, 1 bad input, 2 usage."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "plots"))
import program  # noqa: E402
import rundata  # noqa: E402

COLUMNS = ("check", "measured", "target", "verdict")


def show(run: str) -> int:
    rows = rundata.rows(os.path.join(run, "checks.csv"), COLUMNS, "show_checks.py")
    widths = [max([len(c)] + [len(r[c]) for r in rows]) for c in COLUMNS]
    for cells in [COLUMNS] + [tuple(r[c] for c in COLUMNS) for r in rows]:
        print("  ".join(v.ljust(w) for v, w in zip(cells, widths)).rstrip())
    verdicts = [r["verdict"] for r in rows]
    ok, missed, info = verdicts.count("ok"), verdicts.count("MISSED"), verdicts.count("info")
    print(f"\n{ok} of {ok + missed} checks with a target ok, {missed} MISSED; {info} information rows")
    return 0


if __name__ == "__main__":
    sys.exit(program.run_command("gilbench checks", "bench/show_checks.py RUN_DIR", sys.argv[1:], show))
