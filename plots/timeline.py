#!/usr/bin/env python3
"""timeline.py - a GIL trace (the CSV `gilbench run --trace FILE` writes:
time_s,thread,event) as intervals and marks, in milliseconds: the pre-pass
of timeline.gp, and the numbers the report's timeline section quotes.

    python3 plots/timeline.py [--lo=MS] [--hi=MS] [--merge=MS] TRACE.csv

    kind,thread,start_ms,end_ms
    hold,0,0.070,5.142          acquire -> release of the same thread
    wait,1,0.071,5.143          request -> acquire (asked, not yet holding)
    blocked,0,1.200,1.300       blocking_begin -> blocking_end (lock released)
    request,1,0.071,0.071       marks (start = end)
    drop_request,1,5.141,5.141
    handover,1,5.143,5.143      an acquire by a thread other than the last holder

Only rows overlapping [lo, hi] are written (default: everything), so a
chart of a long trace stays small; with --merge=MS, holds of one thread
less than MS apart are written as one and waits shorter than MS are left
out (a gap narrower than a pixel cannot be seen, only make the SVG big).
A hold or wait still open when the trace ends is closed at its last event.

With --summary it prints one line instead, over the same window:

    threads holds handovers drops end_ms drop_wait_ms hold_us retake_us

threads: threads seen; holds: acquisitions; handovers: acquisitions by a
thread other than the previous holder; drops: drop requests; end_ms: the
time of the trace's last event; drop_wait_ms: median time from a thread's
request to its drop request (about one switch interval under the new GIL;
"-" when there were none); hold_us: median hold; retake_us: median time
from a release to the same thread's next acquire when no other thread
took the lock in between ("-" when that never happened).  Columns are
found by name; a missing one is an error (exit 1).
"""
import sys
from dataclasses import dataclass, field

import rundata

COLUMNS = ("time_s", "thread", "event")


@dataclass
class Summary:
    """The --summary line, as a record (the report reads it)."""
    threads: int = 0
    holds: int = 0
    handovers: int = 0
    drops: int = 0
    end_ms: float = 0.0
    drop_waits_ms: list = field(default_factory=list)
    holds_us: list = field(default_factory=list)
    retakes_us: list = field(default_factory=list)

    def line(self) -> str:
        def med(values):
            m = rundata.median(values)
            return "-" if m is None else f"{m:.6g}"
        return (f"{self.threads} {self.holds} {self.handovers} {self.drops} {self.end_ms:.6f} "
                f"{med(self.drop_waits_ms)} {med(self.holds_us)} {med(self.retakes_us)}")


class Pass:
    """One pass over a trace: intervals to `out` (a list of rows), counts
    into `summary`.  Large traces: medians over the first 4000 values."""
    SAMPLE = 4000

    def __init__(self, lo: float, hi: float, merge: float, write: bool):
        self.lo, self.hi, self.merge, self.write = lo, hi, merge, write
        self.out = []
        self.sum = Summary()
        self.merged = {}  # thread -> [start, end] of the hold being merged

    def emit(self, kind, th, s, e):
        if e < self.lo or s > self.hi or not self.write:
            return
        if self.merge > 0 and kind == "wait" and e - s < self.merge:
            return
        if self.merge > 0 and kind == "hold":
            # Holds of one thread closer than `merge` are drawn as one bar.
            if th in self.merged and s - self.merged[th][1] <= self.merge:
                self.merged[th][1] = e
                return
            self.flush(th)
            self.merged[th] = [s, e]
            return
        self.out.append(f"{kind},{th},{s:.6f},{e:.6f}")

    def flush(self, th):
        if th in self.merged:
            s, e = self.merged.pop(th)
            self.out.append(f"hold,{th},{s:.6f},{e:.6f}")

    def keep(self, values, v):
        if len(values) < self.SAMPLE:
            values.append(v)

    def run(self, rows):
        inwin = lambda t: self.lo <= t <= self.hi  # noqa: E731
        req, held, released, blocked, seen = {}, {}, {}, {}, set()
        owner = None
        S = self.sum
        for r in rows:
            t, th, ev = 1000 * float(r["time_s"]), r["thread"], r["event"]
            S.end_ms = max(S.end_ms, t)
            seen.add(th)
            if ev == "request":
                req[th] = t
                self.emit("request", th, t, t)
            elif ev == "acquire":
                if th in req:
                    self.emit("wait", th, req.pop(th), t)
                held[th] = t
                if inwin(t):
                    S.holds += 1
                    if owner is not None and owner != th:
                        S.handovers += 1
                    if owner == th and th in released:
                        self.keep(S.retakes_us, 1000 * (t - released[th]))
                if owner is not None and owner != th:
                    self.emit("handover", th, t, t)
                owner = th
            elif ev == "release":
                if th in held:
                    start = held.pop(th)
                    self.emit("hold", th, start, t)
                    if inwin(start):
                        self.keep(S.holds_us, 1000 * (t - start))
                released[th] = t
            elif ev == "drop_request":
                self.emit("drop_request", th, t, t)
                if inwin(t):
                    S.drops += 1
                    if th in req:
                        self.keep(S.drop_waits_ms, t - req[th])
            elif ev == "blocking_begin":
                blocked[th] = t
            elif ev == "blocking_end" and th in blocked:
                self.emit("blocked", th, blocked.pop(th), t)
        S.threads = len(seen)
        for th, start in held.items():
            self.emit("hold", th, start, S.end_ms)
        for th, start in req.items():
            self.emit("wait", th, start, S.end_ms)
        for th, start in blocked.items():
            self.emit("blocked", th, start, S.end_ms)
        for th in list(self.merged):
            self.flush(th)
        return self


def summary(path: str, who: str = "timeline.py", lo=-1e300, hi=1e300) -> Summary:
    """The counts and medians of one trace (InputError on a missing column)."""
    return Pass(lo, hi, 0.0, False).run(rundata.read_csv(path, COLUMNS, who)).sum


def main(argv: list) -> int:
    opts = {"lo": -1e300, "hi": 1e300, "merge": 0.0}
    want_summary = False
    files = []
    for arg in argv:
        name, eq, value = arg.partition("=")
        if name == "--summary" and not eq:
            want_summary = True
        elif name[2:] in opts and name.startswith("--") and eq and rundata.num(value) is not None:
            opts[name[2:]] = float(value)
        elif arg.startswith("--"):
            print(f"timeline.py: bad option '{arg}' (--lo=MS, --hi=MS, --merge=MS, --summary)", file=sys.stderr)
            return 2
        else:
            files.append(arg)
    if len(files) != 1:
        print("usage: plots/timeline.py [--lo=MS] [--hi=MS] [--merge=MS] [--summary] TRACE.csv", file=sys.stderr)
        return 2
    try:
        p = Pass(opts["lo"], opts["hi"], opts["merge"], not want_summary)
        p.run(rundata.read_csv(files[0], COLUMNS, "timeline.py"))
    except (rundata.InputError, OSError, ValueError, KeyError) as e:
        print(f"timeline.py: {e}", file=sys.stderr)
        return 1
    if want_summary:
        print(p.sum.line())
    else:
        sys.stdout.write("kind,thread,start_ms,end_ms\n" + "".join(row + "\n" for row in p.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
