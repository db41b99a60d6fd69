"""CPU-bound vs I/O-bound under the GIL: the same threads gain nothing on
one kernel and overlap their waits on the other."""
import rundata
from markdown import fx, heading, image, para, pct, plural
from sections import common


def render(run_dir: str) -> str:
    r = common.load(run_dir)
    if r.summary is None or not r.has_chart("cpu_vs_io"):
        return ""
    pair, _ = rundata.cpu_vs_io_kernels(r.summary)
    if pair is None:
        return ""
    cpu, io = pair
    w = common.quote_workers(r, cpu)
    out = (heading("CPU-bound vs I/O-bound under the GIL")
           + image("cpu_vs_io", f"speedup of gil and threads on {cpu} (CPU-bound) and on {io} (I/O-bound)"))
    text = (f"With {common.on_cores(r, w)}, {cpu} (CPU-bound{busy(r, cpu)}) ran {gil_and_threads(r, cpu, w)}; "
            f"{io} (I/O-bound{busy(r, io)}) ran {gil_and_threads(r, io, w)}.")
    W = common.max_workers(r, io)
    g_max = common.metric(r, io, "gil", W, "speedup")
    if r.cores > 0 and W > r.cores and g_max is not None and g_max > 1.1 * r.cores:
        text += (f" At {W} workers the GIL still gave {fx(g_max)} on {io}, more than the "
                 f"{plural(r.cores, 'core')}: a thread blocked in a call has released the lock and needs no core.")
    text += drop_requests(r, cpu, io, w)
    return out + para(text) + para(
        "The rule the tutorials teach: threads help a program that waits; a program that computes needs "
        "processes (or threads without a GIL).")


def busy(r, k) -> str:
    u = r.summary.seq_util(k)
    return "" if u is None else f"; seq kept a CPU busy {pct(u)} of the time"


def gil_and_threads(r, k, w) -> str:
    parts = []
    g = common.metric(r, k, "gil", w, "speedup")
    t = common.metric(r, k, "threads", w, "speedup")
    if g is not None:
        parts.append(f"{fx(g)} under the GIL")
    if t is not None:
        parts.append(f"{fx(t)} with threads")
    return " and ".join(parts)


def drop_requests(r, cpu, io, w) -> str:
    """How often waiting threads asked the holder to let go, per run."""
    if "gil_drop_requests" not in r.runs_columns:
        return ""

    def per_run(k):
        return rundata.median(rundata.num(row["gil_drop_requests"]) for row in r.runs
                              if row["kernel"] == k and row["mode"] == "gil" and int(row["workers"]) == w)
    dc, di = per_run(cpu), per_run(io)
    if dc is None or di is None:
        return ""
    interval = rundata.num(r.runs[-1].get("switch_interval_s")) if r.runs else None
    return (f" Under the GIL, waiting threads asked the running one to drop the lock {dc:g} times per {cpu} run "
            "(median" + (f"; a request follows each {1000 * interval:g} ms switch interval a waiter sits out"
                         if interval is not None else "")
            + f"), and {di:g} times per {io} run"
            + (": its threads give the lock up themselves, by blocking." if di < dc / 2 else "."))
