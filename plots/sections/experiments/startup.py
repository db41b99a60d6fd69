"""Start-up cost: what one start of a thread, a process or a pool costs,
its growth with the parent's memory, and hyperfine's view from outside."""
import functools
import os
from dataclasses import dataclass, field

import charts
import rundata
from markdown import heading, image, join_and, para, ratio_x, table, us


@dataclass
class Startup:
    mechanisms: list  # in the order of startup.csv
    mibs: list  # parent memory sizes, ascending
    median_us: dict  # (mechanism, mib) -> median µs of one start
    pool_workers: str = ""
    hyperfine: dict = field(default_factory=dict)  # "nop", "version", "python" -> (mean_s, stddev_s)

    @property
    def lo(self):
        return self.mibs[0]

    @property
    def hi(self):
        return self.mibs[-1]

    def at(self, mechanism, mib):
        return self.median_us.get((mechanism, mib))

    def growth(self, mechanism):
        """Its start at the largest parent memory over the smallest, None if unknown."""
        return rundata.ratio(self.at(mechanism, self.hi), self.at(mechanism, self.lo))


@functools.lru_cache(maxsize=None)
def load(run_dir: str):
    """startup.csv (RUN/ or RUN/startup/) and hyperfine_startup.csv beside
    it, None when the run has no start-up data."""
    c = charts.chart("startup")
    path, rows = charts.data_rows(run_dir, c)
    if not rows:
        return None
    st = Startup(list(dict.fromkeys(r["mechanism"] for r in rows)),
                 sorted({rundata.num(r["parent_mib"]) or 0 for r in rows}),
                 {(r["mechanism"], rundata.num(r["parent_mib"]) or 0): rundata.num(r["median_us"]) or 0
                  for r in rows})
    st.mibs = [int(m) if m == int(m) else m for m in st.mibs]
    for r in rows:
        if r["mechanism"] == "pool" and r.get("workers"):
            st.pool_workers = r["workers"]
    hf = os.path.join(os.path.dirname(path), "hyperfine_startup.csv")
    if os.path.isfile(hf):
        for r in rundata.rows(hf, ("command", "mean", "stddev"), "report.py"):
            cmd = r["command"].strip('"')
            kind = "nop" if "gilbench-nop" in cmd else "version" if "--version" in cmd else \
                "python" if "python" in cmd else None
            if kind:
                st.hyperfine[kind] = (rundata.num(r["mean"]) or 0, rundata.num(r["stddev"]) or 0)
    return st


def what(st, m) -> str:
    return {"thread": "pthread_create + join", "fork": "fork + _exit + waitpid",
            "vfork": "vfork + _exit + waitpid", "posix_spawn": "posix_spawn of the nop helper + wait",
            "fork_exec": "fork + exec of the nop helper + wait",
            "spawn_worker": "spawn a gilbench worker until ready",
            "pool": "start and stop a pool" + (f" of {st.pool_workers} workers" if st.pool_workers else ""),
            }.get(m, "")


def render(run_dir: str) -> str:
    st = load(run_dir)
    if st is None:
        return ""
    several = len(st.mibs) > 1
    lo, hi = st.lo, st.hi
    out = heading("Start-up cost: threads, processes, pools")
    if "startup" in charts.drawn(run_dir):
        out += image("startup", "cost of one start per mechanism, and its growth with the parent's memory")
    out += para("What one start costs, median over many: create it, let it reach the point where it could "
                "take work, end it, join or reap it"
                + (f", with the parent holding {lo} and {hi} MiB of touched memory" if several else "") + ".")
    head = ["mechanism", "what one start does", f"{lo} MiB"] + ([f"{hi} MiB", "growth"] if several else [])
    rows = []
    for m in st.mechanisms:
        row = [m, what(st, m), us(st.at(m, lo)) if st.at(m, lo) is not None else "-"]
        if several:
            g = st.growth(m)
            row += [us(st.at(m, hi)) if st.at(m, hi) is not None else "-", "-" if g is None else ratio_x(g)]
        rows.append(row)
    out += table(head, rows, "llrrr")
    return out + para(sentences(st)) + outside(st)


def sentences(st) -> str:
    lo, hi = st.lo, st.hi
    measured = [m for m in st.mechanisms if st.at(m, lo) is not None]
    text = ""
    if measured:
        best = min(measured, key=lambda m: st.at(m, lo))
        worst = max(measured, key=lambda m: st.at(m, lo))
        text = (f"The cheapest start was {best} ({what(st, best)}): {us(st.at(best, lo))}"
                + (f" with the parent holding {lo} MiB" if lo > 0 or len(st.mibs) > 1 else ""))
        if worst != best:
            text += (f"; the dearest, {worst}, took {us(st.at(worst, lo))}, "
                     f"{st.at(worst, lo) / st.at(best, lo):.0f} times as much")
        text += "."
    if len(st.mibs) < 2:
        return text
    rf = st.growth("fork")
    if rf is not None and rf >= 1.5:
        text += (f" fork grew {ratio_x(rf)} from {lo} to {hi} MiB of parent memory ({us(st.at('fork', lo))} to "
                 f"{us(st.at('fork', hi))}): the child gets a copy of the parent's page tables, an entry for "
                 "every page it touched.")
        grew = [f"{m} ({ratio_x(st.growth(m))})" for m in st.mechanisms
                if m in ("fork_exec", "pool") and (st.growth(m) or 0) >= 1.5]
        if grew:
            text += f" {join_and(grew)}, which fork too, grew with it."
    elif rf is not None:
        text += f" fork changed little from {lo} to {hi} MiB of parent memory ({rf:.2f}x)."
    borrowed = [(m, st.growth(m)) for m in st.mechanisms
                if m in ("vfork", "posix_spawn") and st.growth(m) is not None]
    flat = [f"{m} ({g:.2f}x)" for m, g in borrowed if 0.67 <= g <= 1.5]
    stiff = [f"{m} ({g:.2f}x)" for m, g in borrowed if not 0.67 <= g <= 1.5]
    if flat:
        text += (f" {join_and(flat)} stayed flat: the child borrows the parent's memory until it execs or "
                 "exits, so there is nothing to copy.")
    if stiff:
        text += (f" {join_and(stiff)} did not stay flat here, though {'they copy' if len(stiff) > 1 else 'it copies'}"
                 " no page tables: a busy machine slows single batches (compare min_us in startup.csv).")
    return text


def outside(st) -> str:
    """The same from outside: whole processes, timed by hyperfine."""
    hf = st.hyperfine
    if not hf:
        return ""
    parts = []
    if "nop" in hf:
        inside = st.at("posix_spawn", st.lo)
        parts.append(f"{us(1e6 * hf['nop'][0])} ± {us(1e6 * hf['nop'][1])} for the nop helper"
                     + (f" (posix_spawn of it, timed inside: {us(inside)})" if inside and inside > 0 else ""))
    if "version" in hf:
        parts.append(f"{us(1e6 * hf['version'][0])} for `gilbench --version`")
    if "python" in hf:
        parts.append(f"{us(1e6 * hf['python'][0])} for `python3 -c pass`")
    text = ("Timed from outside by hyperfine (hyperfine_startup.csv, mean ± σ), a whole process start and "
            f"exit took {join_and(parts)}.")
    if "python" in hf and "nop" in hf and hf["nop"][0] > 0:
        text += (f" An interpreter start is {hf['python'][0] / hf['nop'][0]:.0f} times the C helper's, before "
                 "the first line of the program runs.")
    return para(text)
