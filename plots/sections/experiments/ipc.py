"""gilbench ipc (ipc/*.csv): what it costs two processes to talk, and why
a shared-memory ring whose reader sleeps is hardly faster than a pipe.
Every sentence is computed from the run's numbers; columns are read by
name (charts.py lists them, and report.py checks them first)."""
from markdown import binary_size, us_fixed
from rundata import experiment_rows, num
from sections.common import chart_section

NAMES = {
    "pipe": "a pipe",
    "socketpair": "a UNIX socketpair",
    "mqueue": "a POSIX message queue",
    "shm-futex": "a shared-memory ring whose reader sleeps on a futex",
    "shm-spin-futex": "the ring whose reader spins 5 µs before sleeping",
    "shm-spin": "the ring whose reader spins (a core burnt per waiting process)",
}


def _latency(run_dir):
    rows = experiment_rows(run_dir, "ipc", "latency.csv")
    if not rows:
        return ""
    med = {(r["channel"], int(r["size_bytes"])): num(r["median_us"]) for r in rows}
    channels = [c for c in NAMES if any(k[0] == c for k in med)]
    sizes = sorted({s for _, s in med})
    small = 64 if 64 in sizes else sizes[0]
    big = sizes[-1]
    at = [c for c in channels if (c, small) in med]
    text = (f"A {binary_size(small)} round trip between two processes took "
            + ", ".join(f"{us_fixed(med[(c, small)])} over {NAMES[c]}" for c in at) + ".")
    pipe, futex, spin = med.get(("pipe", small)), med.get(("shm-futex", small)), med.get(("shm-spin", small))
    if pipe and futex:
        text += (f" The sleeping ring moves its bytes with two memcpy calls and no system call, yet its round trip "
                 f"took {futex / pipe:.2f} times a pipe's"
                 + (": no faster than the pipe" if futex / pipe >= 0.9 else
                    ", not a small fraction of it" if futex / pipe >= 0.4 else "")
                 + ": when the reader is asleep, every message must wake it (the writer's FUTEX_WAKE, the "
                 "scheduler putting the reader back on a CPU, its FUTEX_WAIT returning), and that is what a "
                 "pipe's write() does for a reader blocked in read().")
    if pipe and futex and spin and spin < futex:
        text += (f" The wake-up, measured as the sleeping ring's time minus the spinning ring's, is "
                 f"{us_fixed(futex - spin)}, {100 * (futex - spin) / futex:.0f}% of the sleeping ring's round trip. "
                 f"The spinning ring never sleeps and so never needs waking: {us_fixed(spin)}, "
                 + (f"{pipe / spin:.0f} times faster than the pipe" if pipe > spin else "no faster than the pipe")
                 + ", paid for with a core that does nothing but wait.")
    elif pipe and futex and spin:
        text += (f" In this run the spinning ring took {us_fixed(spin)}, no faster than the sleeping one: "
                 "spinning pays only when each process has a core of its own, and on a machine with fewer free "
                 "cores than spinners a spinner burns the time slice its peer needs to answer (measured_cores in meta "
                 "says how many cores the run had).")
    sf = med.get(("shm-spin-futex", small))
    if sf and futex and spin:
        if sf <= (futex + spin) / 2:
            why = "close to the spinning ring: the answer usually arrived within the spin."
        elif sf <= futex * 1.1:
            why = "close to the sleeping ring: the answer mostly came after the spin had given up."
        else:
            why = ("slower than the sleeping ring: each side spun its 5 µs in vain and then slept anyway, so "
                   "every round trip paid the spins and the wake-ups. Spinning only helps while the peer runs on "
                   "another CPU; a process woken onto the CPU of the one that woke it (Linux places a wakee "
                   "near its waker when it can) cannot run until that one's spin gives up.")
        text += f" Spinning 5 µs before sleeping took {us_fixed(sf)}: {why}"
    if big >= 65536 and ("pipe", big) in med:
        fastest = min((c for c in channels if (c, big) in med), key=lambda c: med[(c, big)])
        text += (f" At {binary_size(big)} copying the bytes dominates instead: "
                 f"{us_fixed(med[('pipe', big)])} over a pipe")
        text += (f", {us_fixed(med[(fastest, big)])} over {NAMES[fastest]}, the fastest." if fastest != "pipe"
                 else ", the fastest of all.")
    return text


def _bandwidth(run_dir):
    rows = experiment_rows(run_dir, "ipc", "bandwidth.csv")
    if not rows:
        return ""
    chunk = max({int(r["chunk_bytes"]) for r in rows}, key=lambda c: (c == 65536, -abs(c - 65536)))
    at = {r["channel"]: num(r["median_mb_s"]) for r in rows if int(r["chunk_bytes"]) == chunk}
    best = max(at, key=lambda c: at[c] or 0)
    text = (f"Streaming in {binary_size(chunk)} writes, as lmbench's bw_pipe does, a pipe carried "
            f"{(at.get('pipe') or 0) / 1000:.2f} GB/s")
    if best != "pipe":
        text += f" and {NAMES[best]} {(at[best] or 0) / 1000:.2f} GB/s, the most"
    return text + "."


def _serialise(run_dir):
    rows = experiment_rows(run_dir, "ipc", "serialise.csv")
    lat = experiment_rows(run_dir, "ipc", "latency.csv")
    if not rows:
        return ""
    by = {(r["format"], int(r["elements"])): r for r in rows}
    n = max(e for _, e in by)
    b, t = by.get(("binary", n)), by.get(("text", n))
    if not b or not t:
        return ""
    rb, rt = num(b["roundtrip_us"]), num(t["roundtrip_us"])
    text = (f"Serialising a record of {n} tags and {n} rows of integers (a dict with numbers, strings and a "
            f"nested list) and reading it back cost {us_fixed(rb)} in a compact binary form "
            f"({binary_size(b['bytes'])}) "
            f"and {us_fixed(rt)} as text ({binary_size(t['bytes'])}), {rt / rb:.1f} times more.")
    pipe = sorted((int(r["size_bytes"]), num(r["median_us"])) for r in lat if r["channel"] == "pipe")
    near = [p for p in pipe if p[0] >= int(t["bytes"])]
    if near and near[0][1]:
        text += (f" A pipe round trip of {binary_size(near[0][0])} took {us_fixed(near[0][1])}: "
                 + ("serialising costs more than sending." if rt > near[0][1]
                    else "sending costs more than serialising."))
    return text


def _share(run_dir):
    rows = experiment_rows(run_dir, "ipc", "send_vs_share.csv")
    if not rows:
        return ""
    mib = max(int(r["object_mib"]) for r in rows)
    by = {r["method"]: r for r in rows if int(r["object_mib"]) == mib}
    cp, fk, sh = by.get("copy-pipe"), by.get("share-fork"), by.get("share-shm")
    if not cp or not fk:
        return ""

    def mem(r):
        pss = num(r["worker_pss_kb"])
        return f"{pss / 1024:.1f} MiB PSS" if pss is not None and pss >= 0 else "PSS unknown"
    w = cp["workers"]
    text = (f"Giving {w} workers a {mib} MiB object: copying it to each over a pipe took "
            f"{num(cp['median_ms']):.1f} ms and left each worker holding {mem(cp)}; reading it through fork's "
            f"inherited pages took {num(fk['median_ms']):.1f} ms with {mem(fk)} each")
    if sh:
        text += f", and mapping a named shared-memory object {num(sh['median_ms']):.1f} ms with {mem(sh)} each"
    return text + (". PSS divides a shared page among the processes mapping it, so a shared object is counted "
                   "once in total, a copied one once per worker.")


def render(run_dir: str) -> str:
    parts = [p for p in (_latency(run_dir), _bandwidth(run_dir), _serialise(run_dir), _share(run_dir)) if p]
    if not parts:
        return ""
    return chart_section(run_dir, "Talking between processes: pipes, sockets, queues, shared memory", "ipc",
                         "round trip vs message size per channel, and bandwidth", parts)
