#!/usr/bin/env python3
"""render.py - draw charts with gnuplot, from the table in charts.py.

    render.py RUN_DIR                    every chart RUN_DIR's data supports
    render.py --chart NAME RUN_DIR [FILE...]   one experiment's chart, from
                                          FILEs or its default files

plots/render.sh and plots/draw.sh are the documented entry points (their
comments list the charts, the environment and the exit statuses: 0 drawn,
1 bad input or gnuplot failed, 2 usage, 3 gnuplot is not installed).  The
paths written are printed on stdout, one per line; a chart whose data the
run lacks is skipped with a note on stderr."""
import concurrent.futures
import glob
import os
import shutil
import subprocess
import sys

import chart_plans
import charts
import program
import rundata
from rundata import InputError, UsageError

PROG = "gilbench plots"
HERE = os.path.dirname(os.path.abspath(__file__))


class Failed(Exception):
    """gnuplot failed on one chart: the others are still drawn."""


def note(text: str) -> None:
    print(f"{PROG}: note: {text}", file=sys.stderr)


def gnuplot_value(value) -> str:
    """A value for gnuplot -e: numbers as they are, strings single-quoted
    with '' for a quote inside."""
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def draw(c: charts.Chart, name: str, variables: dict, out_dir: str) -> list:
    """Run c's script for one output; the two paths written."""
    base = os.path.join(out_dir, name)
    for ext in (".png", ".svg"):
        if os.path.exists(base + ext):
            os.remove(base + ext)
    assignments = "; ".join(f"{k}={gnuplot_value(v)}" for k, v in {"out": base, **variables}.items())
    status = subprocess.run(["gnuplot", "-e", assignments, os.path.join(HERE, "gnuplot", c.script)]).returncode
    written = [base + ".png", base + ".svg"]
    if status != 0 or not all(os.path.isfile(p) and os.path.getsize(p) > 0 for p in written):
        raise Failed(f"gnuplot failed drawing {name} with {c.script} (see above)")
    return written


def drawings(run: str, c: charts.Chart, paths: list, notes: list) -> list:
    """The (name, variables) of c's outputs, with its data files, machine
    line and the online core count added."""
    info = charts.data_meta(run, paths)
    common = {f.var: p for f, p in zip(c.files, paths)}
    common["machine"] = rundata.machine_line(info)
    if c.per_run:
        common["cores"] = rundata.online_cores(info)
    plan = getattr(chart_plans, c.plan) if c.plan else (lambda run, paths, notes: [(c.name, {})])
    return [(name, {**common, **extra}) for name, extra in plan(run, paths, notes)]


def remove_outputs(run: str, names) -> None:
    for name in names:
        for path in glob.glob(os.path.join(glob.escape(run), "plots", name + ".png")) + \
                glob.glob(os.path.join(glob.escape(run), "plots", name + ".svg")):
            os.remove(path)


def draw_all(run: str, planned: list) -> int:
    """Draw (chart, name, variables)...; 1 when any failed.  One gnuplot
    per core at a time: each chart is its own process writing its own
    files, so they need nothing from each other, and a run's 25-odd
    charts take half the time on 2 cores.  Paths and errors are printed
    in plan order, whatever order the drawings finish in."""
    out_dir = os.path.join(run, "plots")
    os.makedirs(out_dir, exist_ok=True)

    def attempt(p):
        c, name, variables = p
        try:
            return draw(c, name, variables, out_dir), None
        except Failed as e:
            return [], e

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for written, error in pool.map(attempt, planned):
            for path in written:
                print(path, flush=True)
            if error is not None:
                print(f"{PROG}: {error}", file=sys.stderr)
                failed = 1
    return failed


def experiment_charts(run: str) -> list:
    """(chart, paths) of the experiments whose data is in `run`, their
    columns checked before anything is drawn."""
    found = []
    for c in charts.EXPERIMENTS:
        if charts.present(run, c):
            paths = charts.locate(run, c)
            charts.check(run, c, paths)
            found.append((c, paths))
    for path in sorted(glob.glob(os.path.join(glob.escape(run), "trace-*.csv"))):
        base = os.path.basename(path)
        if base not in ("trace-gil.csv", "trace-gil-legacy.csv"):
            note(f"skipping {base} in the timeline: it reads trace-gil.csv and trace-gil-legacy.csv "
                 f"(or: plots/draw.sh timeline {run} {path})")
    return found


def sweep_charts(run: str) -> list:
    """(chart, name, variables) of the charts of RUN/summary.csv: speedup-K
    and efficiency-K of each kernel together, in kernel order, then
    walltime and cpu_vs_io, as a reader goes through them."""
    summary = os.path.join(run, "summary.csv")
    for c in charts.PER_RUN:
        charts.check(run, c, charts.locate(run, c))
    if not rundata.read_csv(summary):
        raise InputError(f"{summary} has a header but no rows")
    if not os.path.isfile(os.path.join(run, "meta")):
        note(f"no meta in '{run}': the charts say 'machine unknown'")
    notes, planned = [], []
    for c in charts.PER_RUN:
        planned += [(c, name, v) for name, v in drawings(run, c, charts.locate(run, c), notes)]
    for text in notes:
        note(text)
    kernels = rundata.summary(run, "render.py").kernels()
    rank = {c.name: i for i, c in enumerate(charts.PER_RUN)}
    return sorted(planned, key=lambda p: (kernels.index(p[2]["kernel"]) if "kernel" in p[2] else len(kernels),
                                          rank[p[0].name]))


def render_run(run: str) -> int:
    """render.sh RUN: every chart the run's data supports; the charts of an
    earlier rendering are redrawn or, if their data is gone, removed, so
    RUN/plots/ holds exactly what this data supports."""
    experiments = experiment_charts(run)
    planned = []
    if os.path.isfile(os.path.join(run, "summary.csv")):
        planned = sweep_charts(run)
        remove_outputs(run, [n for c in charts.PER_RUN for n in (c.name, c.name + "-*")])
    elif not experiments:
        raise InputError(f"no summary.csv in '{run}' (is it a gilbench run directory?), nor the data of "
                         f"any other chart ({' '.join(c.name for c in charts.EXPERIMENTS)})")
    remove_outputs(run, [c.name for c in charts.EXPERIMENTS])
    for c, paths in experiments:
        planned += [(c, name, v) for name, v in drawings(run, c, paths, [])]
    only = os.environ.get("ONLY", "").split()
    if only:
        planned = [p for p in planned if p[1] in only]
    return draw_all(run, planned)


def draw_one(name: str, run: str, given: list) -> int:
    """draw.sh CHART RUN [FILE...]: one experiment's chart."""
    c = charts.BY_NAME[name]
    paths = charts.locate(run, c, given)
    charts.check(run, c, paths)
    if not charts.data_meta(run, paths):
        note(f"no meta in '{run}': the chart says 'machine unknown'")
    planned = [(c, n, v) for n, v in drawings(run, c, paths, [])]
    remove_outputs(run, [n for _, n, _ in planned])
    return draw_all(run, planned)


def usage_draw() -> int:
    names = ", ".join(c.name for c in charts.EXPERIMENTS)
    print(f"usage: plots/draw.sh CHART RUN_DIR [FILE...]   (CHART: {names}; writes "
          f"RUN_DIR/plots/CHART.png and .svg)", file=sys.stderr)
    return 2


def main(argv: list) -> int:
    if argv[:1] == ["--chart"]:
        args = argv[1:]
        if len(args) < 2 or args[0] in ("-h", "--help"):
            return usage_draw()
        if args[0] in charts.BY_NAME and len(args) - 2 > len(charts.BY_NAME[args[0]].files):
            return usage_draw()
    elif len(argv) != 1 or argv[0] in ("-h", "--help"):
        print("usage: plots/render.sh RUN_DIR   (draws RUN_DIR/plots/*.png and *.svg)", file=sys.stderr)
        return 2
    return program.guarded(PROG, lambda: draw_from(argv))


def draw_from(argv: list) -> int:
    chart = argv[1] if argv[0] == "--chart" else None
    if chart is not None and (chart not in charts.BY_NAME or charts.BY_NAME[chart].per_run):
        raise UsageError(f"unknown chart '{chart}' (one of: {' '.join(c.name for c in charts.EXPERIMENTS)})")
    if shutil.which("gnuplot") is None:
        print(f"{PROG}: gnuplot is not installed; install it with: apt-get install gnuplot-nox", file=sys.stderr)
        return 3
    run = (argv[2] if chart else argv[0]).rstrip("/") or "/"
    if not os.path.isdir(run):
        raise InputError(f"no run directory '{run}'")
    return draw_one(chart, run, argv[3:]) if chart else render_run(run)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
