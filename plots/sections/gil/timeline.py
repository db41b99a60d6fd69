"""Who holds the GIL: the hand-overs of two CPU-bound threads under the
new GIL and the legacy GIL, from their traces (plots/timeline.py)."""
import os

import rundata
import timeline
from markdown import commas, heading, image, para, pct, plural, tms
from sections import common


def render(run_dir: str) -> str:
    r = common.load(run_dir)
    traces = [os.path.join(run_dir, f) for f in ("trace-gil.csv", "trace-gil-legacy.csv")]
    g, l = (timeline.summary(p, "timeline.gp") if os.path.isfile(p) else None for p in traces)
    if not r.has_chart("timeline") or (g is None and l is None):
        return ""
    text = ""
    if g is not None:
        text = f"Under the new GIL the lock changed hands {plural(g.handovers, 'time')} in {tms(g.end_ms)}"
        wait = rundata.median(g.drop_waits_ms)
        if g.drops > 0 and wait is not None:
            text += (f", {'each time' if g.drops >= g.handovers else f'{g.drops} of them'} when the waiting thread, "
                     f"after sitting out {tms(wait)} (one switch interval), asked the holder to drop it")
        text += "."
    if l is not None:
        share = l.handovers / l.holds if l.holds > 0 else 0
        text += (f" Under the legacy GIL the threads took the lock {commas(l.holds)} times and only "
                 f"{commas(l.handovers)} of those ({pct(share)}) went to the other thread")
        retake = rundata.median(l.retakes_us)
        if share < 0.25 and retake is not None:
            text += (": each release woke the waiting thread, but the releasing one took the lock back first "
                     f"(a median {tms(retake / 1000)} later)")
        text += "."
    if g is not None and l is not None and l.end_ms > 1.15 * g.end_ms:
        text += f" The same work took {tms(l.end_ms)} under the legacy GIL and {tms(g.end_ms)} under the new one."
    return (heading("Who holds the GIL: new GIL vs legacy GIL")
            + image("timeline", "who held the GIL when: two CPU-bound threads under the new GIL and the legacy GIL")
            + para(text.strip()))
