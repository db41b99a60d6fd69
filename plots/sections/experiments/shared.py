"""gilbench shared (shared/*.csv): what it costs processes to share state:
a counter with and without synchronisation, a Manager's table against a
shared-memory one, false sharing, and a shared array against slices sent
back.  Every sentence is computed from the run's numbers; columns are read
by name."""
from markdown import ns
from rundata import experiment_rows, num
from sections.common import chart_section


def _pair(run_dir, name, key, first, second):
    """Rows `first` and `second` of shared/NAME, told apart by column `key`;
    None unless both are there."""
    rows = {r[key]: r for r in experiment_rows(run_dir, "shared", name)}
    a, b = rows.get(first), rows.get(second)
    return (a, b) if a and b else None


def _counter(run_dir):
    rows = experiment_rows(run_dir, "shared", "counter.csv")
    by = {(r["kind"], r["method"]): r for r in rows}
    u = by.get(("processes", "unsynchronised"))
    if not u:
        return ""
    lost, expected = int(u["most_lost"]), int(u["expected"])
    text = (f"{u['workers']} processes each adding 1 to a shared counter {int(u['increments_per_worker']):,} times, "
            "with no lock (Value without get_lock(): a load, an add and a store, which another worker can fall "
            "between), ")
    if lost > 0:
        text += (f"ended at {int(u['lowest_final_count']):,} instead of {expected:,} in the worst of "
                 f"{u['batches']} batches: {lost:,} increments lost ({100 * lost / expected:.1f}%); "
                 f"{u['exact_batches']} of {u['batches']} batches came out exact.")
    else:
        text += (f"lost nothing in {u['batches']} batches: the workers did not overlap enough to collide "
                 "(a busy machine runs them one after the other), which proves nothing about the next run.")
    exact = [(k, by[k]) for k in by if k[1] in ("mutex", "atomic")]
    if exact:
        ok = all(r["exact_batches"] == r["batches"] for _, r in exact)
        m, a = by.get(("processes", "mutex")), by.get(("processes", "atomic"))
        text += (" With a process-shared mutex and with an atomic add the count was "
                 + ("exact in every batch" if ok else "NOT always exact (a bug)") + ".")
        if m and a:
            un = num(u["median_ns_per_increment"])
            text += (f" Per increment of one worker: {ns(un)} unsynchronised, {ns(num(a['median_ns_per_increment']))} "
                     f"atomic, {ns(num(m['median_ns_per_increment']))} under the mutex.")
        tm = by.get(("threads", "mutex"))
        if tm and m:
            r = num(tm["median_ns_per_increment"]) / num(m["median_ns_per_increment"])
            text += (f" Threads under the same mutex paid {ns(num(tm['median_ns_per_increment']))}"
                     + (": about the same, as it should be: the lock and its cache line do not care whether the "
                        "workers share an address space." if 0.67 <= r <= 1.5 else
                        f", {r:.1f} times the processes' cost in this run."))
    return text


def _manager(run_dir):
    pair = _pair(run_dir, "manager.csv", "method", "manager", "shared-table")
    if pair is None:
        return ""
    m, t = pair
    mn, tn = num(m["median_ns_per_op"]), num(t["median_ns_per_op"])
    return (f"A key-value table owned by a Manager process, each operation a request over a UNIX socket and a "
            f"reply, cost {ns(mn)} per operation with {m['workers']} workers; the same table in shared memory "
            f"under a process-shared lock cost {ns(tn)}, {mn / tn:.0f} times less. The Manager's price is two "
            "system calls and a wake-up of the server per operation, each way."
            + ("" if m["exact"] == "1" and t["exact"] == "1" else " (A table's final sum was wrong: a bug.)"))


def _false_sharing(run_dir):
    pair = _pair(run_dir, "false_sharing.csv", "layout", "packed", "padded")
    if pair is None:
        return ""
    p, d = pair
    pn, dn = num(p["median_ns_per_increment"]), num(d["median_ns_per_increment"])
    text = (f"Each of {p['workers']} processes incrementing only its own counter took {ns(pn)} per increment "
            f"when the counters were {p['stride_bytes']} bytes apart, on one cache line, and {ns(dn)} when "
            f"{d['stride_bytes']} bytes apart")
    if pn > 1.2 * dn:
        text += (f": {pn / dn:.1f} times more for sharing nothing but a line, which every store must take away "
                 "from the other core first.")
    else:
        text += (": about the same in this run, which happens when the workers did not run at the same time "
                 "(see measured_cores in meta).")
    return text


def _array(run_dir):
    pair = _pair(run_dir, "shared_array.csv", "method", "shared", "send-back")
    if pair is None:
        return ""
    s, b = pair
    same = s["checksum"] == b["checksum"] and s["intact"] == "1" and b["intact"] == "1"
    return (f"Filling a {s['array_mib']} MiB array with {s['workers']} workers took {num(s['median_ms']):.1f} ms "
            f"when each wrote its slice of a shared array, and {num(b['median_ms']):.1f} ms when each sent its "
            "slice back to be copied into place; "
            + ("the checksums are identical, to the last bit, and equal the sequential one."
               if same else "the checksums DIFFER: a bug."))


def render(run_dir: str) -> str:
    parts = [p for p in (_counter(run_dir), _manager(run_dir), _false_sharing(run_dir), _array(run_dir)) if p]
    if not parts:
        return ""
    return chart_section(run_dir, "Sharing state between processes: counters, Manager, false sharing", "shared",
                         "cost per increment or operation: counters, Manager vs shared table, false sharing", parts)
