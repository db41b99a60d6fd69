"""Speedup vs workers, a chart and a paragraph per kernel."""
from markdown import fx, join_and, pct, plural
from sections import common


def render(run_dir: str) -> str:
    return common.per_kernel(
        run_dir, "speedup", "Speedup vs workers",
        "Speedup = seq's median wall time / the mode's median wall time; the grey line is the ideal "
        "(speedup = workers). Right of the core count the workers outnumber the cores (oversubscription): "
        "CPU-bound workers then take turns.",
        "speedup vs workers per mode", text)


def listing(r, k, w, what) -> str:
    """"threads 1.97x, fork 1.86x and gil 0.99x" (or efficiencies)."""
    show = fx if what == "speedup" else pct
    return join_and(f"{m} {show(common.metric(r, k, m, w, what))}" for m in common.ranked(r, k, w, what))


def text(r, k) -> str:
    w, W = common.quote_workers(r, k), common.max_workers(r, k)
    out = f"Speedup over seq on {k} with {common.on_cores(r, w)}: {listing(r, k, w, 'speedup')}."
    order = common.ranked(r, k, w, "speedup")
    if not order:
        return out
    best = order[0]
    s2 = common.metric(r, k, best, W, "speedup")
    if W > w and s2 is not None:
        s1 = common.metric(r, k, best, w, "speedup")
        growth = s2 / s1 if s1 > 0 else 1
        over = r.cores > 0 and W > r.cores
        if over and s2 > 1.1 * r.cores:
            out += (f" At {W} workers {best} rose to {fx(s2)}, more than the {plural(r.cores, 'core')} could "
                    "give to computing: its workers spend their time waiting, and waiting needs no core.")
        elif growth > 1.1:
            out += f" At {W} workers {best} rose further, to {fx(s2)}."
        elif growth >= 0.9:
            out += f" At {W} workers {best} stayed at {fx(s2)}" + (
                f": the extra workers share the same {plural(r.cores, 'core')}." if over else ".")
        else:
            out += f" At {W} workers {best} fell to {fx(s2)}" + (
                ": with more workers than cores, switching between them costs more than it gains."
                if over else ".")
    g = common.metric(r, k, "gil", w, "speedup")
    if g is not None:
        u = r.summary.seq_util(k)
        t = common.metric(r, k, "threads", w, "speedup")
        if g < 1.15 and (t is None or t > 1.3):
            out += (f" Under the simulated GIL only one thread runs kernel code at a time, so gil stays at "
                    f"{fx(g)}" + (f" while threads reach {fx(t)}." if t is not None and t > 0 else "."))
        elif g < 1.15:
            out += f" Under the GIL: {fx(g)}."
        elif u is not None and u < 0.5:
            out += (f" The GIL did not hold gil back ({fx(g)}): seq kept a CPU busy only {pct(u)} of the time, "
                    "so the threads mostly wait, and a waiting thread has released the lock.")
        else:
            out += f" Under the GIL: {fx(g)}."
    return out
