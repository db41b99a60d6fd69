"""Wall time of every kernel and mode at one worker count: the fastest
mode per kernel, what fork's processes cost, the widest spread."""
import rundata
from markdown import dur, heading, image, join_and, para, plural
from sections import common


def render(run_dir: str) -> str:
    r = common.load(run_dir)
    if r.summary is None or not r.has_chart("walltime"):
        return ""
    s = r.summary
    at = rundata.walltime_workers(s, r.cores)

    def row(k, m):
        return s.get(k, m, 1 if m == "seq" else at)
    fastest, longer = [], []
    widest = None  # (spread, kernel, mode)
    for k in s.kernels():
        found = [(m, row(k, m)) for m in r.modes() if row(k, m) is not None]
        if not found:
            continue
        best, bc = min(found, key=lambda mc: mc[1].median_s)
        for m, c in found:
            if c.median_s > 0 and (widest is None or (c.max_s - c.min_s) / c.median_s > widest[0]):
                widest = ((c.max_s - c.min_s) / c.median_s, k, m)
        seq = row(k, "seq")
        fastest.append(f"{best} on {k} ({dur(bc.median_s)}"
                       + (f"; seq {dur(seq.median_s)}" if best != "seq" and seq is not None else "") + ")")
        fork, threads = row(k, "fork"), row(k, "threads")
        if fork is not None and threads is not None and threads.median_s > 0:
            ratio = fork.median_s / threads.median_s
            if ratio > 1.2:
                longer.append(f"{ratio:.2f}x as long as threads on {k}")
    if not fastest:
        return ""
    text = f"At {plural(at, 'worker')} (seq: 1), the fastest mode was {join_and(fastest)}."
    if longer:
        text += (f" fork took {join_and(longer)}: creating the processes, and the page faults of their "
                 "copy-on-write memory, are inside fork's time.")
    elif row(s.kernels()[0], "fork") is not None:
        text += (" fork stayed within 20% of threads on every kernel where both ran: at these sizes creating "
                 "processes is cheap next to the work.")
    if widest is not None:
        _, k, m = widest
        c = row(k, m)
        text += (f" The widest run-to-run spread was {m} on {k}: {dur(c.min_s)} to {dur(c.max_s)} over "
                 f"{plural(int(c.n), 'run')}.")
    return (heading(f"Wall time per mode at {plural(at, 'worker')}")
            + image("walltime", f"wall time per kernel and mode at {at} workers, median with min-max")
            + para(text))
