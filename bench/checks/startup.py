"""Process start-up (startup/startup.csv): fork copies the parent's page
tables, so its start grows with the parent's memory; vfork and
posix_spawn borrow it and stay flat; a thread starts cheapest."""
import rundata

WHO = "bench/checks/startup.py"


def checks(run_dir: str) -> list:
    path, rows = rundata.experiment_table(run_dir, "startup", ("mechanism", "parent_mib", "median_us"), WHO)
    if path is None:
        return []
    median = {(r["mechanism"], rundata.num(r["parent_mib"])): rundata.num(r["median_us"]) for r in rows}
    big = max((rundata.num(r["parent_mib"]) or 0 for r in rows), default=0)

    def growth(mechanism, target, lo, hi):
        g = rundata.ratio(median.get((mechanism, big)), median.get((mechanism, 0)))
        return {"check": f"{mechanism} start {big:g} MiB / 0 MiB parent", "target": target,
                "measured": g, "digits": 2, "lo": lo, "hi": hi}
    out = [growth("fork", ">= 3 (grows)", 3.0, float("inf"))]
    out += [growth(m, "about 1 (flat)", 0.67, 1.5) for m in ("vfork", "posix_spawn")]
    at_zero = [(v, m) for (m, mib), v in median.items() if mib == 0 and v is not None]
    cheapest = min(at_zero)[1] if at_zero else ""
    out.append({"check": "cheapest start at 0 MiB", "measured": cheapest, "target": "thread",
                "lo": None, "hi": None, "ok": cheapest == "thread"})
    return out
