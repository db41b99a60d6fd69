"""charts.py - the one table of charts: what each draws, from which data
files and columns, with which gnuplot script, and which report section
embeds it.  render.py draws from it, report.py checks the same columns
before it writes a sentence, so a chart and its sentences read the same
rows.

Adding a chart: one plots/gnuplot/<name>.gp script (columns read by name, loads
style.gp, writes OUT.png and OUT.svg) and one line in CHARTS.  A chart
whose data is one experiment's CSV needs nothing more: its file is passed
as `data`, the machine line as `machine`, the output as `out`.  Charts that
need more gnuplot variables name a function of chart_plans.py.

Where a data file is found (DataFile.where):
  "run"         RUN/NAME
  "experiment"  RUN/NAME, else RUN/STEM/NAME (make bench puts gilbench
                convoy|startup|granularity -o DIR in a subdirectory)
  "beside"      in the directory of the chart's first file
"""
import os
from dataclasses import dataclass

import rundata


@dataclass(frozen=True)
class DataFile:
    var: str  # the gnuplot variable it is passed as
    name: str  # its file name
    where: str  # "run", "experiment" or "beside" (see the top)
    columns: tuple  # the columns the script reads; a tuple in it: any one of those names
    optional: bool = False  # the chart draws without it ("" is passed)
    subdir: str = ""  # "experiment": the subdirectory of RUN, when not the file's stem


@dataclass(frozen=True)
class Chart:
    name: str  # RUN/plots/NAME.png and .svg (per kernel: NAME-KERNEL)
    script: str  # plots/gnuplot/SCRIPT
    files: tuple  # DataFile...
    section: str  # the report section (plots/sections/PART/NAME.py, as "PART.NAME") embedding it
    source: str  # the command that makes its data
    plan: str = ""  # chart_plans.py function: more variables, or several charts
    per_run: bool = False  # drawn from summary.csv by render.sh only, not draw.sh
    any_file: bool = False  # present when any one of its files is (else all non-optional)


SUMMARY = "summary.csv"
SWEEP_COLS = ("kernel", "mode", "workers")

CHARTS = (
    # From a sweep's summary.csv (render.sh RUN): speedup and efficiency per kernel.
    Chart("speedup", "speedup.gp", (DataFile("data", SUMMARY, "run", SWEEP_COLS + ("speedup",)),),
          "run.speedup", "gilbench sweep -o DIR", plan="speedup", per_run=True),
    Chart("efficiency", "efficiency.gp", (DataFile("data", SUMMARY, "run", SWEEP_COLS + ("efficiency",)),),
          "run.efficiency", "gilbench sweep -o DIR", plan="efficiency", per_run=True),
    Chart("walltime", "walltime.gp",
          (DataFile("data", SUMMARY, "run", SWEEP_COLS + ("median_s", "min_s", "max_s")),),
          "run.walltime", "gilbench sweep -o DIR", plan="walltime", per_run=True),
    Chart("cpu_vs_io", "cpu_vs_io.gp", (DataFile("data", SUMMARY, "run", SWEEP_COLS + ("speedup",)),),
          "run.cpu_vs_io", "gilbench sweep -k primes,sleep -m gil,threads -o DIR", plan="cpu_vs_io",
          per_run=True),
    # One experiment each (draw.sh CHART RUN, and render.sh when the data is there).
    Chart("timeline", "timeline.gp",
          (DataFile("gil", "trace-gil.csv", "run", ("time_s", "thread", "event"), optional=True),
           DataFile("legacy", "trace-gil-legacy.csv", "run", ("time_s", "thread", "event"), optional=True)),
          "gil.timeline", "gilbench run -m gil --trace FILE", plan="timeline", any_file=True),
    Chart("convoy", "convoy.gp",
          (DataFile("data", "convoy.csv", "experiment",
                    ("scenario", "mode", "switch_interval_s", "op_us", "ops_per_s", "median_op_us",
                     "p90_op_us", "max_op_us", "median_extra_intervals")),),
          "gil.convoy", "gilbench convoy -o DIR"),
    Chart("switch_interval", "switch_interval.gp",
          (DataFile("summary", SUMMARY, "run",
                    SWEEP_COLS + ("speedup", "median_s", "switch_interval_s")),
           DataFile("runs", "runs.csv", "beside",
                    SWEEP_COLS + ("wall_s", ("gil_handovers", "gil_drop_requests"), "switch_interval_s"))),
          "gil.switch_interval", "gilbench sweep -m gil --switch-interval 0.0001,0.001,0.01 -o DIR",
          plan="switch_interval"),
    # Lesson 09: its own dealing.csv (a row per way of dealing uneven tasks).
    Chart("dealing", "dealing.gp",
          (DataFile("data", "dealing.csv", "run", ("label", "mode", "workers", "speedup", "cpu_util")),),
          "experiments.pool", "lessons/09-uneven-work/run.sh"),
    # Lesson 10: its own recovery.csv (a row per pool run: no fault, crash once, hang once).
    Chart("recovery", "recovery.gp",
          (DataFile("data", "recovery.csv", "run",
                    ("label", "wall_s", "worker_replacements", "task_retries")),),
          "experiments.pool", "lessons/10-when-a-worker-crashes/run.sh"),
    # Lesson 21: its own choose.csv (a row per line of the tutorials' table).
    Chart("choose", "choose.gp",
          (DataFile("data", "choose.csv", "run",
                    ("row", "best", "best_speedup", "runner_up", "runner_up_speedup")),),
          "run.checks", "lessons/21-choosing-the-tool/run.sh"),
    Chart("calibration", "calibration.gp",
          (DataFile("data", "calibration.csv", "run",
                    ("kernel", "workers", "cpython_mode", "cpython_speedup", "gilbench_mode",
                     "gilbench_speedup")),),
          "gil.calibration", "make calibrate", plan="calibration"),
    Chart("startup", "startup.gp",
          (DataFile("data", "startup.csv", "experiment",
                    ("mechanism", "parent_mib", "median_us", "min_us", "max_us")),),
          "experiments.startup", "gilbench startup -o DIR"),
    Chart("granularity", "granularity.gp",
          (DataFile("data", "granularity.csv", "experiment", ("mode", "task_us", "tasks", "workers", "speedup")),
           DataFile("breakeven", "breakeven.csv", "beside", ("mode", "breakeven_task_us"), optional=True)),
          "experiments.breakeven", "gilbench granularity -o DIR"),
    Chart("compare", "compare.gp",
          (DataFile("data", "compare_speedup.csv", "experiment",
                    ("label", "kernel", "mode", "workers", "speedup", "speedup_lo", "speedup_hi"),
                    subdir=os.path.join("trust", "pin")),
           DataFile("runs", "compare_runs.csv", "beside", ("label", "host", "cpu_model", "measured_cores"))),
          "run.compare", "gilbench compare RUN_A RUN_B -o DIR"),
    Chart("ipc", "ipc.gp",
          (DataFile("latency", "latency.csv", "experiment",
                    ("channel", "size_bytes", "median_us", "min_us", "max_us"), subdir="ipc"),
           DataFile("bandwidth", "bandwidth.csv", "beside", ("channel", "chunk_bytes", "median_mb_s"),
                    optional=True)),
          "experiments.ipc", "gilbench ipc -o DIR/ipc"),
    Chart("shared", "shared.gp",
          (DataFile("counter", "counter.csv", "experiment",
                    ("kind", "method", "median_ns_per_increment", "min_ns_per_increment",
                     "max_ns_per_increment", "most_lost"), subdir="shared"),
           DataFile("false_sharing", "false_sharing.csv", "beside",
                    ("layout", "median_ns_per_increment", "min_ns_per_increment", "max_ns_per_increment")),
           DataFile("manager", "manager.csv", "beside",
                    ("method", "median_ns_per_op", "min_ns_per_op", "max_ns_per_op"))),
          "experiments.shared", "gilbench shared -o DIR/shared"),
    Chart("pool", "pool.gp",
          (DataFile("cost", "pool_cost.csv", "experiment", ("start", "queue", "us_per_task"), subdir="pool"),
           DataFile("first", "pool_first.csv", "beside", ("method", "first_s", "all_s")),
           DataFile("maxt", "pool_maxtasks.csv", "beside",
                    ("start", "maxtasksperchild", "wall_s", "retirements")),
           DataFile("chunks", "pool_chunks.csv", "beside", ("queue", "chunksize", "wall_s")),
           DataFile("cpython", "cpython_pool_cost.csv", "beside", ("start", "us_per_task"), optional=True)),
          "experiments.pool", "gilbench pool -o DIR/pool"),
    Chart("mpi", "mpi.gp",
          (DataFile("data", "pingpong.csv", "experiment",
                    ("channel", "size_bytes", "median_us", "min_us", "max_us", "bandwidth_MBps"),
                    subdir="mpi"),),
          "experiments.mpi", "gilbench-mpi pingpong -o DIR/mpi/pingpong.csv"),
    # The real workloads (make bench puts them in RUN/images/ and RUN/hash/).
    Chart("images", "images.gp",
          (DataFile("data", "images.csv", "experiment",
                    ("mode", "gil_release", "workers", "median_s", "min_s", "max_s", "speedup",
                     "images_per_s", "input_mpixels")),),
          "experiments.images", "gilbench images -o DIR"),
    Chart("hash", "hash.gp",
          (DataFile("data", "hash.csv", "experiment",
                    ("mode", "workers", "block_bytes", "mib_per_s", "speedup")),
           DataFile("openssl", "openssl.csv", "beside", ("bytes", "wall_s", "startup_s"), optional=True)),
          "experiments.hash", "gilbench hash -o DIR"),
)

BY_NAME = {c.name: c for c in CHARTS}
EXPERIMENTS = tuple(c for c in CHARTS if not c.per_run)
PER_RUN = tuple(c for c in CHARTS if c.per_run)


def chart(name: str) -> Chart:
    return BY_NAME[name]


def locate(run: str, c: Chart, given=()) -> list:
    """The paths of c's data files in `run` ("" for one that is absent):
    the paths `given` first (draw.sh CHART RUN FILE...), then the default
    place of each.  Nothing is checked here."""
    paths = []
    for i, f in enumerate(c.files):
        if i < len(given):
            paths.append(given[i])
        elif f.where == "run":
            paths.append(os.path.join(run, f.name))
        elif f.where == "experiment":
            paths.append(rundata.experiment_csv(run, os.path.splitext(f.name)[0], f.subdir) or "")
        else:
            paths.append(os.path.join(os.path.dirname(paths[0]) if paths and paths[0] else run, f.name))
        if i >= len(given) and paths[-1] and not os.path.isfile(paths[-1]) and (f.optional or c.any_file):
            paths[-1] = ""
    return paths


def data_rows(run: str, c: Chart):
    """c's first data file in `run` and its rows, checked for c's columns
    (by name): (path, rows), with rows [] when the run has no such file."""
    path = locate(run, c)[0]
    if not path or not os.path.isfile(path):
        return path, []
    return path, rundata.rows(path, c.files[0].columns, c.script)


def present(run: str, c: Chart) -> bool:
    """Does `run` hold the data c draws?"""
    paths = locate(run, c)
    exists = [bool(p) and os.path.isfile(p) for p in paths]
    if c.any_file:
        return any(exists)
    if not all(e for e, f in zip(exists, c.files) if not f.optional):
        return False
    if c.name == "switch_interval":
        return rundata.sweep_selection(rundata.summary(run, "switch_interval.gp")) is not None
    return True


def missing_message(run: str, c: Chart, paths: list):
    """Why c cannot be drawn from `paths`, or None when every file is there."""
    if c.any_file:
        if not any(paths):
            return (f"no trace-gil.csv or trace-gil-legacy.csv in '{run}' (make them with: gilbench run -k "
                    f"primes -m gil -w 2 --trace {run}/trace-gil.csv, and -m gil-legacy --trace "
                    f"{run}/trace-gil-legacy.csv)")
    for path, f in zip(paths, c.files):
        if not path and f.where == "experiment":
            where = f.subdir or os.path.splitext(f.name)[0]
            return f"no {f.name} in '{run}' or '{run}/{where}' (the data of the {c.name} chart: {c.source})"
        if path and not os.path.isfile(path):
            return f"no {path} (the data of the {c.name} chart: {c.source})"
    return None


def check(run: str, c: Chart, paths: list) -> None:
    """InputError naming the first missing file, or the first column of
    c's files its script needs and does not find."""
    why = missing_message(run, c, paths)
    if why:
        raise rundata.InputError(why)
    for path, f in zip(paths, c.files):
        if path:
            rundata.need_columns(path, f.columns, c.script)


def data_meta(run: str, paths: list) -> dict:
    """The meta describing a chart's measurement: the one beside its first
    data file (gilbench startup, say, writes its own), else RUN/meta."""
    first = next((p for p in paths if p), "")
    beside = os.path.join(os.path.dirname(first), "meta") if first else ""
    return rundata.meta(beside if beside and os.path.isfile(beside) else os.path.join(run, "meta"))


def drawn(run: str) -> list:
    """The charts RUN/plots/ holds, as names (speedup-primes, walltime, ...)."""
    folder = os.path.join(run, "plots")
    if not os.path.isdir(folder):
        return []
    return sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".png"))
