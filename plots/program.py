"""program.py - the main of the Python programs that read a run directory
(plots/render.py, plots/report.py, bench/verdicts.py, bench/show_checks.py,
bench/calibration.py): one RUN_DIR argument, errors as exit statuses (bad
data 1, bad usage 2, one line naming the program), and the files they
write appear whole or not at all.
"""
import os
import sys

from rundata import InputError, UsageError


def guarded(prog: str, action) -> int:
    """action()'s exit status; InputError -> "PROG: message" and 1,
    UsageError -> 2."""
    try:
        return action()
    except InputError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return 1
    except UsageError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return 2


def run_command(prog: str, usage: str, argv: list, action) -> int:
    """The main of a program taking one RUN_DIR: usage and 2 unless argv is
    one argument; 1 when it is not a directory; else guarded action(run)."""
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(f"usage: {usage}", file=sys.stderr)
        return 2
    run = argv[0].rstrip("/") or "/"

    def checked():
        if not os.path.isdir(run):
            raise InputError(f"no run directory '{run}'")
        return action(run)
    return guarded(prog, checked)


def write_atomic(path: str, text: str) -> None:
    """Write `path` whole or not at all (a temporary file renamed over it)."""
    tmp = f"{path}.tmp.{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise InputError(f"cannot write '{path}': {e.strerror}")
