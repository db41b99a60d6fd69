# timeline.awk - the pre-pass of timeline.gp: turns a GIL trace (the CSV
# `gilbench run --trace FILE` writes: time_s,thread,event) into intervals
# and marks, in milliseconds, for gnuplot to draw:
#
#   awk -F, -f plots/timeline.awk [-v lo=MS -v hi=MS] [-v merge=MS] TRACE.csv
#
#   kind,thread,start_ms,end_ms
#   hold,0,0.070,5.142          acquire -> release of the same thread
#   wait,1,0.071,5.143          request -> acquire (asked, not yet holding)
#   blocked,0,1.200,1.300       blocking_begin -> blocking_end (lock released)
#   request,1,0.071,0.071       marks (start = end)
#   drop_request,1,5.141,5.141
#   handover,1,5.143,5.143      an acquire by a thread other than the last holder
#
# Only rows overlapping [lo, hi] are written (default: everything), so a
# chart of a long trace stays small; with -v merge=MS, holds of one thread
# less than MS apart are written as one and waits shorter than MS are left
# out (a gap narrower than a pixel cannot be seen, only make the SVG big).
# A hold or wait still open when the trace ends is closed at its last event.
#
# With -v what=summary it prints one line instead, over the same window:
#
#   threads holds handovers drops end_ms drop_wait_ms hold_us retake_us
#
# threads: threads seen; holds: acquisitions; handovers: acquisitions by a
# thread other than the previous holder; drops: drop requests; end_ms: the
# time of the trace's last event; drop_wait_ms: median time from a
# thread's request to its drop request (about one switch interval under
# the new GIL; "-" when there were none); hold_us: median hold; retake_us:
# median time from a release to the same thread's next acquire when no
# other thread took the lock in between ("-" when that never happened).
# Columns are found by name; a missing one is an error (exit 1).

function emit(kind, th, s, e) {
    if (e < lo || s > hi || what == "summary") return
    if (merge > 0 && kind == "wait" && e - s < merge) return
    if (merge > 0 && kind == "hold") {
        # Holds of one thread closer than `merge` are drawn as one bar.
        if ((th in ps) && s - pe[th] <= merge) { pe[th] = e; return }
        flush(th)
        ps[th] = s; pe[th] = e
        return
    }
    printf "%s,%s,%.6f,%.6f\n", kind, th, s, e
}
function flush(th) {
    if (th in ps) printf "hold,%s,%.6f,%.6f\n", th, ps[th], pe[th]
    delete ps[th]
}
function inwin(t) { return t >= lo && t <= hi }
function median(a, n,    i, j, t) {
    if (n == 0) return "-"
    for (i = 2; i <= n; i++) {
        t = a[i]
        for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
        a[j + 1] = t
    }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
# Large traces: the median of a sample keeps the insertion sort cheap.
function keep(a, n, v) { if (n < 4000) a[n + 1] = v; return n < 4000 ? n + 1 : n }

BEGIN {
    if (lo == "") lo = -1e300
    if (hi == "") hi = 1e300
    lo += 0; hi += 0
}
NR == 1 {
    for (i = 1; i <= NF; i++) { gsub(/\r/, "", $i); c[$i] = i }
    for (n = split("time_s thread event", need, " "); n > 0; n--)
        if (!(need[n] in c)) {
            printf "timeline.awk: %s has no column '%s'\n", FILENAME, need[n] > "/dev/stderr"
            bad = 1
            exit 1
        }
    if (what != "summary") print "kind,thread,start_ms,end_ms"
    next
}
{
    sub(/\r$/, "")
    t = 1000 * $(c["time_s"]); th = $(c["thread"]); ev = $(c["event"])
    if (t > tend) tend = t
    if (!(th in seen)) { seen[th] = 1; nthreads++ }
}
ev == "request" {
    req[th] = t
    emit("request", th, t, t)
    next
}
ev == "acquire" {
    if (th in req) { emit("wait", th, req[th], t) }
    else { req_missing = 1 }
    delete req[th]
    held[th] = t
    if (inwin(t)) {
        holds++
        if (owner != "" && owner != th) handovers++
        if (owner == th && (th in released)) nret = keep(ret, nret, 1000 * (t - released[th]))
    }
    if (owner != "" && owner != th) emit("handover", th, t, t)
    owner = th
    next
}
ev == "release" {
    if (th in held) {
        emit("hold", th, held[th], t)
        if (inwin(held[th])) nhold = keep(hl, nhold, 1000 * (t - held[th]))
        delete held[th]
    }
    released[th] = t
    next
}
ev == "drop_request" {
    emit("drop_request", th, t, t)
    if (inwin(t)) {
        drops++
        if (th in req) ndw = keep(dw, ndw, t - req[th])
    }
    next
}
ev == "blocking_begin" { bstart[th] = t; next }
ev == "blocking_end" {
    if (th in bstart) { emit("blocked", th, bstart[th], t); delete bstart[th] }
    next
}
END {
    if (bad) exit 1
    for (th in held) emit("hold", th, held[th], tend)
    for (th in req) emit("wait", th, req[th], tend)
    for (th in bstart) emit("blocked", th, bstart[th], tend)
    for (th in ps) flush(th)
    if (what == "summary")
        printf "%d %d %d %d %.6f %s %s %s\n", nthreads, holds, handovers, drops, tend,
            median(dw, ndw), median(hl, nhold), median(ret, nret)
}
