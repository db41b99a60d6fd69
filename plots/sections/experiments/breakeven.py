"""Break-even: the task size from which each mode's speedup stays at 1 or
more (granularity.csv, breakeven.csv), read against the start-up costs."""
import charts
import rundata
from markdown import fx, heading, image, para, plural, task_size, us
from sections.experiments import startup


def render(run_dir: str) -> str:
    c = charts.chart("granularity")
    paths = charts.locate(run_dir, c)
    if not paths[0]:
        return ""
    rows = rundata.rows(paths[0], c.files[0].columns, c.script)
    if not rows:
        return ""
    speedup = {(r["mode"], rundata.num(r["task_us"])): rundata.num(r["speedup"]) for r in rows}
    sizes = sorted({rundata.num(r["task_us"]) for r in rows})
    parallel = [r for r in rows if r["mode"] != "seq"]
    tasks, workers = (parallel[-1]["tasks"], int(parallel[-1]["workers"])) if parallel else ("", 0)
    out = heading("Break-even: how much work a task needs before parallelism pays")
    if "granularity" in charts.drawn(run_dir):
        out += image("granularity", "speedup over seq vs the work in one task, break-even points marked")
    out += para(f"{tasks} tasks of pure CPU work on {plural(workers, 'worker')}, each task from "
                f"{task_size(sizes[0])} to {task_size(sizes[-1])}; each mode's speedup is against seq at the "
                "same task size, in the same run. The break-even point is the smallest task size from which a "
                "mode's speedup stays at 1 or more.")
    if not paths[1]:
        return out + para("This run has no breakeven.csv, so no break-even points are stated.")
    points = {}
    lines = []
    for r in rundata.rows(paths[1], c.files[1].columns, c.script):
        m, v = r["mode"], rundata.num(r["breakeven_task_us"])
        if v is None:
            there = speedup.get((m, sizes[-1]))
            lines.append(f"- {m} never paid off, up to {task_size(sizes[-1])} of work per task"
                         + (f" ({fx(there)} there)" if there is not None else "") + ".")
            continue
        points[m] = v
        below = [t for t in sizes if t < v]
        extra = ""
        if (m, v) in speedup:
            extra = f"{fx(speedup[(m, v)])} at {task_size(v)}"
            if below and (m, below[-1]) in speedup:
                sb = speedup[(m, below[-1])]
                # Below 1 must read below 1: 0.998 is "0.998x", not "1.00x".
                extra += f", {f'{sb:.3f}x' if sb < 1 and fx(sb) == '1.00x' else fx(sb)} at {task_size(below[-1])}"
            elif not below:
                extra += ", the smallest task measured"
        lines.append(f"- {m} pays off from ~{task_size(v)} of work per task on this machine"
                     + (f" ({extra})" if extra else "") + ".")
    out += "\n".join(lines) + "\n\n"
    text = threads_vs_fork(run_dir, points)
    st = startup.load(run_dir)
    if st is not None and "python" in st.hyperfine:
        text += (("" if not text else " ") + "The tutorials' rule of thumb, 50–100 ms of work per task before "
                 "processes pay, is about Python: with the spawn start method every worker is a new interpreter, "
                 f"and `python3 -c pass` alone took {us(1e6 * st.hyperfine['python'][0])} here.")
    return out + (para(text) if text else "")


def threads_vs_fork(run_dir: str, points: dict) -> str:
    bt, bf = points.get("threads"), points.get("fork")
    if bt is None or bf is None:
        return ""
    if bt >= bf:
        return (f"Here threads did not break even at a smaller task than fork ({task_size(bt)} against "
                f"{task_size(bf)}): on a busy machine the smallest tasks are the noisiest.")
    st = startup.load(run_dir)
    thread = st.at("thread", st.lo) if st else None
    fork = st.at("fork", st.lo) if st else None
    return (f"threads break even at a task {bf / bt:.0f} times smaller than fork"
            + (f": a thread is cheaper to start ({us(thread)} against {us(fork)}, above) and shares its memory, "
               "so the results need no pipe." if thread is not None and fork is not None else "."))
