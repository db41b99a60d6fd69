"""Efficiency vs workers, a chart and a paragraph per kernel."""
from markdown import pct, plural
from sections import common
from sections.run.speedup import listing


def render(run_dir: str) -> str:
    return common.per_kernel(
        run_dir, "efficiency", "Efficiency vs workers",
        "Efficiency = speedup / workers: 100% means every worker did as much as seq alone. Past the core "
        "count, CPU-bound work can at best reach cores / workers (the grey \"CPU-bound limit\" curve).",
        "efficiency vs workers per mode", text)


def text(r, k) -> str:
    w, W = common.quote_workers(r, k), common.max_workers(r, k)
    out = f"Efficiency of {k} with {common.on_cores(r, w)}: {listing(r, k, w, 'efficiency')}."
    if W > w:
        out += f" With {W} workers: {listing(r, k, W, 'efficiency')}."
        u = r.summary.seq_util(k)
        if r.cores > 0 and W > r.cores and u is not None and u >= 0.5:
            out += (f" On {plural(r.cores, 'core')}, work that keeps a CPU busy (seq: {pct(u)}) can reach at "
                    f"most {pct(r.cores / W)} there.")
        elif r.cores > 0 and W > r.cores and u is not None and u >= 0:
            out += (f" seq kept a CPU busy only {pct(u)} of the time: this kernel waits, so the core count "
                    "does not cap it.")
    return out
