"""The files of the run: its data, how to redraw, every chart file."""
import os

import charts
from markdown import para

GIL_FILES = ("trace-gil.csv", "trace-gil-legacy.csv", "convoy.csv", "convoy/convoy.csv", "calibration.csv",
             "cpython_runs.csv")
STARTUP_FILES = ("startup.csv", "hyperfine_startup.csv", "hyperfine_startup.json", "startup/startup.csv",
                 "startup/hyperfine_startup.csv", "startup/hyperfine_startup.json", "granularity.csv",
                 "breakeven.csv", "granularity/granularity.csv", "granularity/breakeven.csv")
OUTSIDE_VIEW = ("hyperfine.json", "hyperfine.csv", "hyperfine_vs_harness.csv")


def render(run_dir: str) -> str:
    def listed(names):
        return ", ".join(f"`{n}`" for n in names if os.path.isfile(os.path.join(run_dir, n)))
    lines = []
    if os.path.isfile(os.path.join(run_dir, "summary.csv")):
        lines.append("Data: `summary.csv` (one row per configuration), `runs.csv` (one row per run), `meta`.")
    if listed(GIL_FILES):
        lines.append(f"Data of the GIL deep dive: {listed(GIL_FILES)}.")
    if listed(STARTUP_FILES):
        lines.append(f"Data of the start-up cost and the break-even task size: {listed(STARTUP_FILES)}.")
    if os.path.isfile(os.path.join(run_dir, "checks.csv")):
        lines.append("Checks: `checks.csv`.")
    lines.append(f"Redraw the charts with `make plots RUN={run_dir}`.")
    out = "## Files\n\n" + "".join(wrap(line) for line in lines) + "\n"
    drawn = charts.drawn(run_dir)
    if drawn:
        files = [f"{name}.png" for name in drawn] + [f"{name}.svg" for name in drawn
                                                     if os.path.isfile(os.path.join(run_dir, "plots", f"{name}.svg"))]
        out += "Charts (PNG for slides, SVG for print):\n\n" + "".join(f"- [plots/{f}](plots/{f})\n" for f in files)
    else:
        out += f"No charts yet: run `plots/render.sh {run_dir}` first.\n"
    return out + "".join(f"- [{f}]({f})\n" for f in OUTSIDE_VIEW if os.path.isfile(os.path.join(run_dir, f)))


def wrap(line: str, width: int = 100) -> str:
    """One line of the list, wrapped for the pager (no blank line after it)."""
    return para(line, width)[:-1]
