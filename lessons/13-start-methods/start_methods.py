"""start_methods.py - fork, spawn and forkserver from Python, and why
spawn and forkserver need the `if __name__ == "__main__":` guard.

Part 1 times what one multiprocessing.Process costs to start and join with
each start method (the same thing `gilbench startup` times for C).  Part 2
runs a small program WITHOUT the guard under spawn, in a child Python with
a timeout, and shows how it fails; then the same program with the guard.

    python3 start_methods.py              # 10 starts per method, then the guard demo
    python3 start_methods.py --quick      # 3 starts per method
    python3 start_methods.py --csv F      # also write method,starts,first_ms,median_ms,min_ms to F
    python3 start_methods.py --no-guard   # only the demo without the guard
"""
# lesson-test: --quick
import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time


def nothing():
    """The child's whole job: the cost measured is starting it."""


def time_starts(method, starts):
    """Milliseconds to start and join one Process, `starts` times, after a
    first start timed apart (for forkserver it also starts the server)."""
    ctx = multiprocessing.get_context(method)
    times = []
    for _ in range(starts + 1):
        t0 = time.perf_counter()
        p = ctx.Process(target=nothing)
        p.start()
        p.join()
        times.append((time.perf_counter() - t0) * 1000)
        if p.exitcode != 0:
            raise SystemExit(f"{method}: the child exited with {p.exitcode}")
    return times[0], times[1:]


# The program of the docs' "Safe importing of main module", with and
# without the guard.  It asks for spawn through a context, not with
# set_start_method(), so that the only failure left is the one the guard
# prevents.
PROGRAM = """\
import multiprocessing

def hello():
    print("child: hello")

{guard}ctx = multiprocessing.get_context("spawn")
{indent}p = ctx.Process(target=hello)
{indent}p.start()
{indent}p.join()
{indent}print("parent: the child exited with", p.exitcode)
"""


def run_program(guarded, timeout_s=20):
    """Writes the program to a temporary file, runs it in a fresh Python
    (spawn re-imports the main *file*, so it must be one) and returns its
    exit status and output.  The timeout keeps a mistake from hanging."""
    source = PROGRAM.format(guard='if __name__ == "__main__":\n    ' if guarded else "",
                            indent="    " if guarded else "")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "guarded.py" if guarded else "unguarded.py")
        with open(path, "w") as f:
            f.write(source)
        try:
            r = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            return None, f"(still running after {timeout_s} s: killed)"
        return r.returncode, (r.stdout + r.stderr).strip()


def guard_demo(also_guarded=True):
    print("-- without the guard, under spawn:")
    status, out = run_program(guarded=False)
    # The child's traceback is long; its last lines say what happened.
    lines = out.splitlines()
    first_error = next((i for i, l in enumerate(lines) if l.startswith("RuntimeError")), None)
    shown = lines[first_error:first_error + 4] if first_error is not None else lines[-6:]
    for line in shown:
        print("   |", line)
    parent = [l for l in lines if l.startswith("parent:")]
    print("   |", *(parent or ["(no line from the parent)"]))
    print("   The child re-imported the program as its module __mp_main__, reached")
    print("   ctx.Process(...).start() at the top level, and spawn refused to start")
    print("   a process from inside a child that is still starting (the RuntimeError);")
    print("   the child died with exit status 1 and the parent carried on.")
    if also_guarded:
        print("-- with the guard:")
        status, out = run_program(guarded=True)
        for line in out.splitlines():
            print("   |", line)
        if status != 0:
            raise SystemExit(f"the guarded program failed with {status}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 starts per method instead of 10")
    ap.add_argument("--csv", help="write method,starts,first_ms,median_ms,min_ms to this file")
    ap.add_argument("--no-guard", action="store_true", help="only the demo without the guard")
    args = ap.parse_args()
    if args.no_guard:
        guard_demo(also_guarded=False)
        return
    starts = 3 if args.quick else 10
    methods = multiprocessing.get_all_start_methods()
    print(f"Python {sys.version.split()[0]}; default start method here: "
          f"{multiprocessing.get_start_method()}")
    print(f"{'method':<11} {'first start':>12} {'median of ' + str(starts):>14} {'fastest':>9}")
    rows = []
    for m in ("fork", "spawn", "forkserver"):
        if m not in methods:
            continue
        first, rest = time_starts(m, starts)
        rows.append((m, starts, first, statistics.median(rest), min(rest)))
        print(f"{m:<11} {first:9.1f} ms {statistics.median(rest):11.1f} ms {min(rest):6.1f} ms")
    if args.csv:
        tmp = args.csv + ".tmp"
        with open(tmp, "w") as f:
            f.write("method,starts,first_ms,median_ms,min_ms\n")
            for r in rows:
                f.write("%s,%d,%.3f,%.3f,%.3f\n" % r)
        os.replace(tmp, args.csv)
    guard_demo()


if __name__ == "__main__":
    main()
