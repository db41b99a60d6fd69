"""The suite's claims, measured in this run (checks.csv, written by
bench/verdicts.py): a count of verdicts and the table.  Rows with the
verdict `info` have no target: they are counted as information, not as
misses."""
import os

import rundata
from markdown import cell, heading, para, plural, table


def render(run_dir: str) -> str:
    path = os.path.join(run_dir, "checks.csv")
    if not os.path.isfile(path):
        return ""
    rows = rundata.rows(path, ("check", "measured", "target", "verdict"), "report.py")
    if not rows:
        return ""
    verdicts = [r["verdict"] for r in rows]
    ok, info = verdicts.count("ok"), verdicts.count("info")
    missed = verdicts.count("MISSED")
    other = len(rows) - ok - info - missed  # "skipped in QUICK" in runs before verdicts.py
    targeted = ok + missed
    text = ("The claims this suite exists to show, each measured in this run and compared with what it expects "
            f"on an idle 2-core machine (checks.csv): {ok} of {targeted} checks with a target ok"
            + (f", {missed} MISSED" if missed else "")
            + (f"; {plural(info, 'information row')} (verdict info: no target)" if info else "")
            + (f"; {other} not measured" if other else "") + ".")
    if missed:
        info_cores = rundata.meta(run_dir)
        measured = rundata.measured_cores(info_cores)
        text += (" A MISSED on a busy or shared machine is usually the machine, not the code: read it against "
                 "measured_cores"
                 + (f" ({info_cores['measured_cores']} of {plural(rundata.online_cores(info_cores), 'core')} given "
                    "to the probe at the start of this run)" if measured is not None else
                    " (not measured in this run)")
                 + ", and re-run on an idle machine before drawing conclusions.")
    return heading("Checks") + para(text) + table(
        ["check", "measured", "target", "verdict"],
        [(cell(r["check"]), r["measured"], cell(r["target"]), r["verdict"]) for r in rows], "lrll")
