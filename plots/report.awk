# report.awk - the body of report.md: the summary table and, under every
# chart that exists, sentences computed from the numbers.  Run by
# report.sh as
#
#   awk -F, -f report.awk -v cores=2 -v charts="speedup-primes walltime ..." \
#       -v at=2 -v cpu=primes -v io=sleep src=summary RUN/summary.csv [src=runs RUN/runs.csv] \
#       [src=convoy RUN/convoy.csv] [src=calibration RUN/calibration.csv] \
#       [src=startup .../startup.csv] [src=hyperfine_startup .../hyperfine_startup.csv] \
#       [src=granularity .../granularity.csv] [src=breakeven .../breakeven.csv]
#
# and, for the "Checks" section alone (printed after the outside view):
#
#   awk -F, -f report.awk -v part=checks -v measured=1.96 -v cores=2 src=checks RUN/checks.csv
#
# src=NAME before a file says what it is (without any, the first file is
# summary.csv and the second runs.csv).  The GIL deep dive adds, all
# optional: -v tl_gil="..." -v tl_legacy="..." (timeline.awk's one-line
# summaries of trace-gil.csv and trace-gil-legacy.csv), -v sweep="KERNEL
# WORKERS" (the gil configuration of a switch-interval sweep) and
# -v cpython="Python 3.x.y".
#
# Columns are found by header name.  Every claim in the text is guarded by
# the number it rests on: an explanation is printed only when the data
# shows the effect it explains.

function trim(s) { gsub(/\r/, "", s); return s }
function col(name) { return (name in C) ? $(C[name]) : "" }
function fx(v) { return sprintf("%.2fx", v) }
function pct(v) { return sprintf("%.0f%%", 100 * v) }
function dur(s) {
    if (s >= 10) return sprintf("%.1f s", s)
    if (s >= 1) return sprintf("%.2f s", s)
    if (s >= 0.01) return sprintf("%.1f ms", 1000 * s)
    return sprintf("%.2f ms", 1000 * s)
}
function plural(n, word) { return n " " word (n == 1 ? "" : "s") }

# Wrap a paragraph at `width` columns for terminal pagers (Markdown joins
# the lines again).
function para(text,    n, w, i, line, out) {
    n = split(text, w, " ")
    line = ""
    out = ""
    for (i = 1; i <= n; i++) {
        if (line != "" && length(line) + 1 + length(w[i]) > width) {
            out = out line "\n"
            line = w[i]
        } else
            line = (line == "" ? w[i] : line " " w[i])
    }
    print out line
    print ""
}

function has_chart(name) { return index(" " charts " ", " " name " ") > 0 }
function image(name, alt) {
    print "![" alt "](plots/" name ".png)"
    print ""
}

# "a, b and c"
function join_and(list, n,    i, s) {
    s = list[1]
    for (i = 2; i <= n; i++) s = s (i < n ? ", " : " and ") list[i]
    return s
}

function median_of(str,    n, v, i, j, t) {
    n = split(str, v, " ")
    for (i = 2; i <= n; i++) {
        t = v[i] + 0
        for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]
        v[j + 1] = t
    }
    if (n == 0) return ""
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

# The worker count sentences quote for kernel k: the core count if it was
# measured, else the largest count below it, else the smallest.
function quote_workers(k,    i, n, w, best) {
    n = split(wl[k], w, " ")
    best = ""
    for (i = 1; i <= n; i++)
        if (cores == 0 || w[i] + 0 <= cores) best = w[i]
    return best == "" ? w[1] : best
}
function max_workers(k,    n, w) { n = split(wl[k], w, " "); return w[n] }

# Parallel modes of kernel k that have metric `what` (sp, ef) at w
# workers, sorted by it, descending: fills order[], returns the count.
function ranked(k, w, what, order,    i, n, m, j, t, val) {
    n = 0
    for (i = 1; i <= nmo; i++) {
        m = mo[i]
        if (m == "seq" || !((k, m, w) in med)) continue
        val = (what == "sp") ? sp[k, m, w] : ef[k, m, w]
        if (val == "") continue
        order[++n] = m
    }
    for (i = 2; i <= n; i++) {
        t = order[i]
        for (j = i - 1; j >= 1 && metric(k, order[j], w, what) < metric(k, t, w, what); j--)
            order[j + 1] = order[j]
        order[j + 1] = t
    }
    return n
}
function metric(k, m, w, what) { return (what == "sp" ? sp[k, m, w] : ef[k, m, w]) + 0 }

function listing(k, w, what,    order, n, i, parts) {
    n = ranked(k, w, what, order)
    for (i = 1; i <= n; i++)
        parts[i] = order[i] " " (what == "sp" ? fx(sp[k, order[i], w]) : pct(ef[k, order[i], w]))
    return n ? join_and(parts, n) : ""
}
function on_cores(w) {
    return plural(w, "worker") (cores > 0 ? " on " plural(cores, "core") : "")
}
# CPU share of seq: below one half, the kernel mostly waits.
function seq_util(k) { return ((k, "seq", 1) in ut) ? ut[k, "seq", 1] + 0 : -1 }

# ---- reading -----------------------------------------------------------
FNR == 1 {
    file++
    S = src != "" ? src : (file == 1 ? "summary" : "runs")
    delete C
    for (i = 1; i <= NF; i++) C[trim($i)] = i
    next
}
{ $0 = trim($0) }
S == "summary" {
    k = col("kernel"); m = col("mode"); w = col("workers") + 0
    if (!(k in kseen)) { kseen[k] = 1; ks[++nk] = k }
    if (!(m in mseen)) { mseen[m] = 1; mfound[++nmf] = m }
    med[k, m, w] = col("median_s"); mn[k, m, w] = col("min_s"); mx[k, m, w] = col("max_s")
    sp[k, m, w] = col("speedup"); ef[k, m, w] = col("efficiency"); ut[k, m, w] = col("cpu_util")
    nn[k, m, w] = col("n"); items[k, m, w] = col("items"); sd[k, m, w] = col("stddev_s")
    row[++nrow] = k SUBSEP m SUBSEP w
    # Per row too: a switch-interval sweep has several rows per k, m, w.
    r_med[nrow] = col("median_s"); r_mn[nrow] = col("min_s"); r_mx[nrow] = col("max_s")
    r_sp[nrow] = col("speedup"); r_ef[nrow] = col("efficiency"); r_ut[nrow] = col("cpu_util")
    r_nn[nrow] = col("n"); r_items[nrow] = col("items"); r_si[nrow] = col("switch_interval_s")
    if (m == "gil" && col("switch_interval_s") != "") {
        si = col("switch_interval_s") + 0
        if (!(si in si_seen)) { si_seen[si] = 1; n_si++ }
        si_sp[k, w, si] = col("speedup"); si_med[k, w, si] = col("median_s")
    }
    if (m != "seq" && !((k, w) in wseen)) { wseen[k, w] = 1; wl[k] = wl[k] " " w }
    if (col("max_s") + 0 > tmax) tmax = col("max_s") + 0
    next
}
S == "runs" {
    k = col("kernel"); m = col("mode"); w = col("workers") + 0
    if ("checksum" in C) {
        ck = k SUBSEP col("items")
        if (!(ck in cs_runs)) cks[++ncks] = ck
        cs_runs[ck]++
        if (!((ck, col("checksum")) in cs_seen)) {
            cs_seen[ck, col("checksum")] = 1
            cs_vals[ck] = cs_vals[ck] (cs_vals[ck] == "" ? "" : ", ") col("checksum")
            cs_n[ck]++
        }
        cs_cfg[ck, m, w] = 1
    }
    if ("gil_drop_requests" in C) drops[k, m, w] = drops[k, m, w] " " col("gil_drop_requests")
    if ("switch_interval_s" in C) interval = col("switch_interval_s")
    if (m == "gil" && ("switch_interval_s" in C) && ("gil_drop_requests" in C) && col("wall_s") + 0 > 0) {
        si = col("switch_interval_s") + 0
        si_rates[k, w, si] = si_rates[k, w, si] " " col("gil_drop_requests") / col("wall_s")
    }
    next
}
S == "convoy" {
    n_cv++
    cv_sc[n_cv] = col("scenario"); cv_m[n_cv] = col("mode"); cv_si[n_cv] = col("switch_interval_s") + 0
    cv_med[n_cv] = col("median_op_us") / 1000; cv_p90[n_cv] = col("p90_op_us") / 1000
    cv_max[n_cv] = col("max_op_us") / 1000; cv_ops[n_cv] = col("ops_per_s") + 0
    cv_op[n_cv] = col("op_us") + 0; cv_x[n_cv] = col("median_extra_intervals")
    next
}
S == "calibration" {
    n_cal++
    cal_k[n_cal] = col("kernel"); cal_w[n_cal] = col("workers") + 0
    cal_cm[n_cal] = col("cpython_mode"); cal_cs[n_cal] = col("cpython_speedup") + 0
    cal_gm[n_cal] = col("gilbench_mode"); cal_gs[n_cal] = col("gilbench_speedup") + 0
    next
}
S == "startup" {
    m = col("mechanism"); mib = col("parent_mib") + 0
    if (!(m in st_seen)) { st_seen[m] = 1; st_m[++n_st] = m }
    if (!(mib in mib_seen)) {
        mib_seen[mib] = 1
        if (!n_mib || mib < mib_lo) mib_lo = mib
        if (!n_mib || mib > mib_hi) mib_hi = mib
        n_mib++
    }
    st_med[m, mib] = col("median_us") + 0
    if (m == "pool" && col("workers") != "") st_pool_w = col("workers")
    next
}
S == "hyperfine_startup" {
    n_hf++
    hf_cmd[n_hf] = col("command"); hf_mean[n_hf] = col("mean") + 0; hf_sd[n_hf] = col("stddev") + 0
    gsub(/^"|"$/, "", hf_cmd[n_hf])
    next
}
S == "granularity" {
    m = col("mode"); t = col("task_us") + 0
    gr_sp[m, t] = col("speedup")
    if (!(t in gr_tseen)) { gr_tseen[t] = 1; gr_t[++n_gt] = t }
    if (m != "seq") { gr_tasks = col("tasks"); gr_workers = col("workers") }
    next
}
S == "breakeven" {
    n_be++
    be_m[n_be] = col("mode"); be_v[n_be] = col("breakeven_task_us")
    next
}
S == "checks" {
    n_ck++
    ck_name[n_ck] = col("check"); ck_meas[n_ck] = col("measured")
    ck_target[n_ck] = col("target"); ck_verdict[n_ck] = col("verdict")
    next
}

END {
    if (width == "") width = 100
    cores += 0
    if (part == "checks") { checks_section(); exit }
    # Modes in the fixed order, then any other.
    split("seq gil gil-legacy threads fork pool spawn", fixed, " ")
    for (i = 1; i in fixed; i++) if (fixed[i] in mseen) { mo[++nmo] = fixed[i]; placed[fixed[i]] = 1 }
    for (i = 1; i <= nmf; i++) if (!(mfound[i] in placed)) mo[++nmo] = mfound[i]
    # Worker lists, ascending.
    for (i = 1; i <= nk; i++) {
        k = ks[i]
        n = split(wl[k], wv, " ")
        for (a = 2; a <= n; a++) {
            t = wv[a] + 0
            for (b = a - 1; b >= 1 && wv[b] + 0 > t; b--) wv[b + 1] = wv[b]
            wv[b + 1] = t
        }
        s = ""
        for (a = 1; a <= n; a++) s = s (a > 1 ? " " : "") wv[a]
        wl[k] = s
    }

    if (nrow > 0) summary_table()
    checksums()
    speedup_sections()
    cpu_vs_io_section()
    walltime_section()
    efficiency_sections()
    startup_section()
    breakeven_section()
    timeline_section()
    convoy_section()
    switch_interval_section()
    calibration_section()
}

# ---- the summary table, padded so it reads as a table in a pager --------
function summary_table(    unit, scale, h, al, ncol, r, i, j, k, m, w, cell, wid, line, sep) {
    unit = tmax >= 10 ? "s" : "ms"
    scale = tmax >= 10 ? 1 : 1000
    print "## Summary"
    print ""
    para("Median wall time of each configuration over its measured runs, the fastest and slowest " \
         "run, and speedup and efficiency against seq measured in the same run. " \
         "cpu_util is CPU time over wall time: 2.00 means two cores were busy.")
    ncol = split("kernel|mode|workers|items|runs|median (" unit ")|min-max (" unit ")|speedup|efficiency|cpu_util", h, "|")
    split("l l r r r r r r r r r", al, " ")
    # A switch-interval sweep: a column for the interval of each gil row.
    if (n_si > 1) h[++ncol] = "switch interval (ms)"
    for (j = 1; j <= ncol; j++) { cell[0, j] = h[j]; wid[j] = length(h[j]) }
    r = 0
    for (i = 1; i <= nk; i++) for (a = 1; a <= nmo; a++) {
        k = ks[i]; m = mo[a]
        for (b = 1; b <= nrow; b++) {
            split(row[b], rk, SUBSEP)
            if (rk[1] != k || rk[2] != m) continue
            w = rk[3]
            r++
            cell[r, 1] = k; cell[r, 2] = m; cell[r, 3] = w; cell[r, 4] = r_items[b]
            cell[r, 5] = r_nn[b]
            cell[r, 6] = sprintf("%.2f", r_med[b] * scale)
            cell[r, 7] = sprintf("%.2f-%.2f", r_mn[b] * scale, r_mx[b] * scale)
            cell[r, 8] = r_sp[b] == "" ? "-" : fx(r_sp[b])
            cell[r, 9] = r_ef[b] == "" ? "-" : pct(r_ef[b])
            cell[r, 10] = r_ut[b] == "" ? "-" : sprintf("%.2f", r_ut[b])
            if (n_si > 1) cell[r, 11] = m == "gil" ? sprintf("%g", 1000 * r_si[b]) : "-"
            for (j = 1; j <= ncol; j++) if (length(cell[r, j]) > wid[j]) wid[j] = length(cell[r, j])
        }
    }
    for (i = 0; i <= r; i++) {
        line = "|"
        for (j = 1; j <= ncol; j++)
            line = line " " sprintf(al[j] == "l" ? "%-" wid[j] "s" : "%" wid[j] "s", cell[i, j]) " |"
        print line
        if (i == 0) {
            sep = "|"
            for (j = 1; j <= ncol; j++) {
                d = ""
                for (c = 0; c < wid[j]; c++) d = d "-"
                sep = sep (al[j] == "l" ? " " d " |" : " " substr(d, 2) ": |")
            }
            print sep
        }
    }
    print ""
}

function checksums(    i, ck, parts, n, bad, kk) {
    if (ncks == 0) return
    n = 0
    bad = ""
    for (i = 1; i <= ncks; i++) {
        ck = cks[i]
        split(ck, kk, SUBSEP)
        if (cs_n[ck] == 1)
            parts[++n] = kk[1] " " cs_vals[ck] " in all " cs_runs[ck] " runs"
        else
            bad = bad " " kk[1] " (" kk[2] " items) gave " cs_n[ck] " different checksums: " cs_vals[ck] "."
    }
    if (bad != "")
        para("**Checksum mismatch:**" bad " Every mode must compute the same result; these numbers measure a wrong answer.")
    if (n > 0)
        para("Checksums, the proof each run did the real work: " join_and(parts, n) \
             (bad == "" ? ", identical across every mode and worker count." : "."))
}

# ---- speedup, one chart per kernel --------------------------------------
function speedup_sections(    i, k, any) {
    any = 0
    for (i = 1; i <= nk; i++) if (has_chart("speedup-" ks[i])) any = 1
    if (!any) return
    print "## Speedup vs workers"
    print ""
    para("Speedup = seq's median wall time / the mode's median wall time; the grey line is the " \
         "ideal (speedup = workers). Right of the core count the workers outnumber the cores " \
         "(oversubscription): CPU-bound workers then take turns.")
    for (i = 1; i <= nk; i++) {
        k = ks[i]
        if (!has_chart("speedup-" k)) continue
        print "### " k
        print ""
        image("speedup-" k, k ": speedup vs workers per mode")
        para(speedup_text(k))
    }
}

function speedup_text(k,    w, W, text, order, n, b, s1, s2, r, g, u, t) {
    w = quote_workers(k)
    W = max_workers(k)
    text = "Speedup over seq on " k " with " on_cores(w) ": " listing(k, w, "sp") "."
    n = ranked(k, w, "sp", order)
    if (n == 0) return text
    b = order[1]
    if (W + 0 > w + 0 && ((k, b, W) in med) && sp[k, b, W] != "") {
        s1 = sp[k, b, w] + 0
        s2 = sp[k, b, W] + 0
        r = s1 > 0 ? s2 / s1 : 1
        if (cores > 0 && W + 0 > cores && s2 > 1.1 * cores)
            text = text " At " W " workers " b " rose to " fx(s2) ", more than the " plural(cores, "core") \
                   " could give to computing: its workers spend their time waiting, and waiting needs no core."
        else if (r > 1.1)
            text = text " At " W " workers " b " rose further, to " fx(s2) "."
        else if (r >= 0.9)
            text = text " At " W " workers " b " stayed at " fx(s2) \
                   (cores > 0 && W + 0 > cores ? ": the extra workers share the same " plural(cores, "core") "." : ".")
        else
            text = text " At " W " workers " b " fell to " fx(s2) \
                   (cores > 0 && W + 0 > cores ? ": with more workers than cores, switching between them costs more than it gains." : ".")
    }
    if (((k, "gil", w) in med) && sp[k, "gil", w] != "") {
        g = sp[k, "gil", w] + 0
        u = seq_util(k)
        t = ((k, "threads", w) in med) && sp[k, "threads", w] != "" ? sp[k, "threads", w] + 0 : -1
        if (g < 1.15 && (t < 0 || t > 1.3))
            text = text " Under the simulated GIL only one thread runs kernel code at a time, so gil stays at " fx(g) \
                   (t > 0 ? " while threads reach " fx(t) "." : ".")
        else if (g < 1.15)
            text = text " Under the GIL: " fx(g) "."
        else if (u >= 0 && u < 0.5)
            text = text " The GIL did not hold gil back (" fx(g) "): seq kept a CPU busy only " pct(u) \
                   " of the time, so the threads mostly wait, and a waiting thread has released the lock."
        else
            text = text " Under the GIL: " fx(g) "."
    }
    return text
}

# ---- CPU-bound vs I/O-bound ---------------------------------------------
function kind_text(k,    u) {
    u = seq_util(k)
    return u < 0 ? "" : "; seq kept a CPU busy " pct(u) " of the time"
}
function pair_text(k, w,    g, t) {
    g = ((k, "gil", w) in med) && sp[k, "gil", w] != "" ? fx(sp[k, "gil", w]) " under the GIL" : ""
    t = ((k, "threads", w) in med) && sp[k, "threads", w] != "" ? fx(sp[k, "threads", w]) " with threads" : ""
    return g (g != "" && t != "" ? " and " : "") t
}
function cpu_vs_io_section(    w, W, text, gW, dc, di) {
    if (!has_chart("cpu_vs_io") || cpu == "" || io == "") return
    print "## CPU-bound vs I/O-bound under the GIL"
    print ""
    image("cpu_vs_io", "speedup of gil and threads on " cpu " (CPU-bound) and on " io " (I/O-bound)")
    w = quote_workers(cpu)
    text = "With " on_cores(w) ", " cpu " (CPU-bound" kind_text(cpu) ") ran " pair_text(cpu, w) \
           "; " io " (I/O-bound" kind_text(io) ") ran " pair_text(io, w) "."
    W = max_workers(io)
    if (cores > 0 && W + 0 > cores && ((io, "gil", W) in med) && sp[io, "gil", W] != "") {
        gW = sp[io, "gil", W] + 0
        if (gW > 1.1 * cores)
            text = text " At " W " workers the GIL still gave " fx(gW) " on " io ", more than the " \
                   plural(cores, "core") ": a thread blocked in a call has released the lock and needs no core."
    }
    if (((cpu, "gil", w) in drops) && ((io, "gil", w) in drops)) {
        dc = median_of(drops[cpu, "gil", w])
        di = median_of(drops[io, "gil", w])
        if (dc != "" && di != "") {
            text = text " Under the GIL, waiting threads asked the running one to drop the lock " sprintf("%g", dc) \
                   " times per " cpu " run (median" \
                   (interval != "" ? "; a request follows each " sprintf("%g", 1000 * interval) " ms switch interval a waiter sits out" : "") \
                   "), and " sprintf("%g", di) " times per " io " run" (di < dc / 2 ? ": its threads give the lock up themselves, by blocking." : ".")
        }
    }
    para(text)
    para("The rule the tutorials teach: threads help a program that waits; a program that computes needs " \
         "processes (or threads without a GIL).")
}

# ---- wall time at one worker count --------------------------------------
function walltime_section(    i, k, a, m, w, best, bt, parts, n, text, fr, fparts, nf, wk, wm, wsp, s) {
    if (!has_chart("walltime")) return
    print "## Wall time per mode at " plural(at, "worker")
    print ""
    image("walltime", "wall time per kernel and mode at " at " workers, median with min-max")
    n = 0
    nf = 0
    wsp = -1
    for (i = 1; i <= nk; i++) {
        k = ks[i]
        best = ""
        for (a = 1; a <= nmo; a++) {
            m = mo[a]
            w = (m == "seq") ? 1 : at
            if (!((k, m, w) in med)) continue
            if (best == "" || med[k, m, w] + 0 < bt) { best = m; bt = med[k, m, w] + 0 }
            if (med[k, m, w] + 0 > 0) {
                s = (mx[k, m, w] - mn[k, m, w]) / med[k, m, w]
                if (s > wsp) { wsp = s; wk = k; wm = m }
            }
        }
        if (best == "") continue
        parts[++n] = best " on " k " (" dur(bt) \
                     (best != "seq" && ((k, "seq", 1) in med) ? "; seq " dur(med[k, "seq", 1]) : "") ")"
        if (((k, "fork", at) in med) && ((k, "threads", at) in med) && med[k, "threads", at] > 0) {
            fr = med[k, "fork", at] / med[k, "threads", at]
            if (fr > 1.2) fparts[++nf] = sprintf("%.2fx as long as threads on %s", fr, k)
        }
    }
    if (n == 0) return
    text = "At " plural(at, "worker") " (seq: 1), the fastest mode was " join_and(parts, n) "."
    if (nf > 0)
        text = text " fork took " join_and(fparts, nf) ": creating the processes, and the page faults of " \
               "their copy-on-write memory, are inside fork's time."
    else if (((ks[1], "fork", at) in med))
        text = text " fork stayed within 20% of threads on every kernel where both ran: at these sizes creating processes is cheap next to the work."
    if (wsp >= 0) {
        w = (wm == "seq") ? 1 : at
        text = text " The widest run-to-run spread was " wm " on " wk ": " dur(mn[wk, wm, w]) " to " \
               dur(mx[wk, wm, w]) " over " plural(nn[wk, wm, w], "run") "."
    }
    para(text)
}

# ---- efficiency ---------------------------------------------------------
function efficiency_sections(    i, k, any, w, W, text, u) {
    any = 0
    for (i = 1; i <= nk; i++) if (has_chart("efficiency-" ks[i])) any = 1
    if (!any) return
    print "## Efficiency vs workers"
    print ""
    para("Efficiency = speedup / workers: 100% means every worker did as much as seq alone. " \
         "Past the core count, CPU-bound work can at best reach cores / workers (the grey \"CPU-bound limit\" curve).")
    for (i = 1; i <= nk; i++) {
        k = ks[i]
        if (!has_chart("efficiency-" k)) continue
        print "### " k
        print ""
        image("efficiency-" k, k ": efficiency vs workers per mode")
        w = quote_workers(k)
        W = max_workers(k)
        text = "Efficiency of " k " with " on_cores(w) ": " listing(k, w, "ef") "."
        if (W + 0 > w + 0) {
            text = text " With " W " workers: " listing(k, W, "ef") "."
            u = seq_util(k)
            if (cores > 0 && W + 0 > cores && u >= 0.5)
                text = text " On " plural(cores, "core") ", work that keeps a CPU busy (seq: " pct(u) \
                       ") can reach at most " pct(cores / W) " there."
            else if (cores > 0 && W + 0 > cores && u >= 0)
                text = text " seq kept a CPU busy only " pct(u) " of the time: this kernel waits, so " \
                       "the core count does not cap it."
        }
        para(text)
    }
}

# ---- the GIL deep dive: timeline, convoy, switch interval, calibration --
function commas(n,    s) {
    s = sprintf("%d", n)
    while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9](,|$)/, ",&", s)
    gsub(/,,/, ",", s)
    sub(/,$/, "", s)
    return s
}
# A duration given in ms: "5.07 ms", "85 µs", "0.09 µs".
function tms(v) {
    if (v >= 100) return sprintf("%.0f ms", v)
    if (v >= 1) return sprintf("%.3g ms", v)
    if (v >= 0.001) return sprintf("%.3g µs", 1000 * v)
    return sprintf("%.2f µs", 1000 * v)
}
function ivl(s) { return sprintf("%g ms", 1000 * s) }

function timeline_section(    g, l, text, share) {
    if (!has_chart("timeline") || (tl_gil == "" && tl_legacy == "")) return
    print "## Who holds the GIL: new GIL vs legacy GIL"
    print ""
    image("timeline", "who held the GIL when: two CPU-bound threads under the new GIL and the legacy GIL")
    # threads holds handovers drops end_ms drop_wait_ms hold_us retake_us
    split(tl_gil, g, " ")
    split(tl_legacy, l, " ")
    text = ""
    if (tl_gil != "") {
        text = "Under the new GIL the lock changed hands " plural(g[3], "time") " in " tms(g[5])
        if (g[4] > 0 && g[6] != "-")
            text = text ", " (g[4] >= g[3] ? "each time" : g[4] " of them") " when the waiting thread, after sitting out " \
                   tms(g[6]) " (one switch interval), asked the holder to drop it"
        text = text "."
    }
    if (tl_legacy != "") {
        share = l[2] > 0 ? l[3] / l[2] : 0
        text = text " Under the legacy GIL the threads took the lock " commas(l[2]) " times and only " commas(l[3]) \
               " of those (" pct(share) ") went to the other thread"
        if (share < 0.25 && l[8] != "-")
            text = text ": each release woke the waiting thread, but the releasing one took the lock back " \
                   "first (a median " tms(l[8] / 1000) " later)"
        text = text "."
    }
    if (tl_gil != "" && tl_legacy != "" && l[5] > 1.15 * g[5])
        text = text " The same work took " tms(l[5]) " under the legacy GIL and " tms(g[5]) " under the new one."
    para(text)
}

function convoy_section(    i, a, L, n, parts, rates, text, lo, hi, ok, ref, best) {
    if (!has_chart("convoy") || n_cv == 0) return
    print "## Convoy effect: an I/O-bound thread beside a CPU-bound one"
    print ""
    image("convoy", "time per blocking I/O operation, alone and beside a CPU-bound thread, per GIL")
    a = 0; L = 0; n = 0; ok = 1; ref = 0
    for (i = 1; i <= n_cv; i++) {
        if (cv_sc[i] == "alone") a = i
        else if (cv_m[i] == "gil-legacy") L = i
        else if (cv_m[i] == "gil") {
            n++
            parts[n] = tms(cv_med[i]) " at a " ivl(cv_si[i]) " interval"
            rates[n] = sprintf("%.0f", cv_ops[i])
            if (cv_x[i] == "" || cv_x[i] < 0.5 || cv_x[i] > 2) ok = 0
            if (lo == "" || cv_x[i] + 0 < lo) lo = cv_x[i] + 0
            if (hi == "" || cv_x[i] + 0 > hi) hi = cv_x[i] + 0
            # The gil row the legacy GIL is compared with: the interval nearest 5 ms.
            if (!ref || (cv_si[i] - 0.005) ^ 2 < (cv_si[ref] - 0.005) ^ 2) ref = i
        }
    }
    text = ""
    if (a)
        text = "Alone, each I/O operation (a blocking call of " cv_op[a] " µs) took " tms(cv_med[a]) \
               " from the call until its thread held the GIL again: " sprintf("%.0f", cv_ops[a]) " operations per second."
    if (n > 0) {
        text = text " Beside a CPU-bound thread, under the new GIL, it took " join_and(parts, n)
        if (ok)
            text = text ": about one switch interval more every time (" sprintf("%.2f", lo) \
                   (hi > lo ? " to " sprintf("%.2f", hi) : "") " intervals), because the CPU-bound holder never lets go " \
                   "until the I/O thread has waited out an interval and asked. The I/O thread managed " join_and(rates, n) \
                   " operations per second"
        text = text "."
    }
    if (L) {
        text = text " Under the legacy GIL it took " tms(cv_med[L]) " (90th percentile " tms(cv_p90[L]) ")"
        if (ref && cv_med[L] < 0.5 * cv_med[ref])
            text = text ", " sprintf("%.0f", cv_med[ref] / cv_med[L]) " times less than under the new GIL at " ivl(cv_si[ref]) \
                   ": its holder lets go every few checks, so the I/O thread rarely waits long"
        text = text "."
        if (cv_max[L] > 10 * cv_med[L])
            text = text " Rarely is not never: its slowest operation took " tms(cv_max[L]) \
                   ", because nothing makes a release hand the lock over."
    }
    para(text)
}

function switch_interval_section(    sw, k, w, n, v, i, j, t, lo, hi, text, r, zero, nz, cost, rl) {
    if (!has_chart("switch_interval") || sweep == "") return
    split(sweep, sw, " ")
    k = sw[1]; w = sw[2] + 0
    n = 0
    for (t in si_seen) if ((k, w, t + 0) in si_sp) v[++n] = t + 0
    if (n < 2) return
    for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    lo = v[1]; hi = v[n]
    print "## Switch interval: the cost of switching more often"
    print ""
    image("switch_interval", "speedup and hand-overs per second vs the switch interval under the GIL")
    text = "With " w " threads on " k " under the GIL, speedup over seq was " fx(si_sp[k, w, lo]) " at a " ivl(lo) \
           " switch interval and " fx(si_sp[k, w, hi]) " at " ivl(hi) "."
    r = median_of(si_rates[k, w, lo])
    if (r != "" && r > 0) {
        text = text " At " ivl(lo) " the threads handed the lock over " commas(r) " times a second (" \
               pct(r * lo) " of one per interval)"
        cost = si_med[k, w, lo] - si_med[k, w, hi]
        rl = median_of(si_rates[k, w, hi])
        if (cost > 0 && rl != "" && r * si_med[k, w, lo] > rl * si_med[k, w, hi] + 1)
            text = text ", and each extra hand-over cost about " \
                   tms(1000 * cost / (r * si_med[k, w, lo] - rl * si_med[k, w, hi])) " of wall time"
        text = text "."
    }
    nz = 0
    for (i = 1; i <= n; i++) {
        r = median_of(si_rates[k, w, v[i]])
        if (r != "" && r == 0 && v[i] > si_med[k, w, v[i]]) zero[++nz] = ivl(v[i])
    }
    if (nz > 0)
        text = text " At " join_and(zero, nz) " no hand-over was forced at all: a run (" tms(1000 * si_med[k, w, hi]) \
               ") ended before the first interval ran out."
    para(text)
}

function calibration_section(    i, p, n, parts, agree, total, bad, nb, text, d, cpy, slow, ns) {
    if (!has_chart("calibration") || n_cal == 0) return
    print "## Calibration against CPython"
    print ""
    image("calibration", "CPython's speedups next to gilbench's simulated ones")
    cpy = cpython == "" ? "CPython" : (index(cpython, "Python ") == 1 ? "C" cpython : cpython)
    text = ""
    agree = 0; total = 0; nb = 0; ns = 0
    for (p = 1; p <= 2; p++) {
        n = 0
        for (i = 1; i <= n_cal; i++) {
            if ((p == 1) != (cal_gm[i] == "gil")) continue
            parts[++n] = cal_k[i] " " cal_w[i] ": " fx(cal_cs[i]) " vs " fx(cal_gs[i])
            pair_name = cal_cm[i] " against gilbench's " cal_gm[i]
            total++
            d = cal_cs[i] - cal_gs[i]
            if (d < 0) d = -d
            if (d <= 0.15 * (cal_gs[i] > cal_cs[i] ? cal_gs[i] : cal_cs[i])) agree++
            else bad[++nb] = cal_k[i] " " cal_w[i] " (" cal_cm[i] " " fx(cal_cs[i]) ", " cal_gm[i] " " fx(cal_gs[i]) ")"
            if (cal_cm[i] == "pool" && cal_cs[i] < 0.8 * cal_gs[i]) slow[++ns] = cal_k[i] " " cal_w[i]
        }
        if (n > 0)
            text = text (text == "" ? "" : " ") cpy "'s " pair_name ", by kernel and workers: " join_and(parts, n) "."
    }
    text = text " They agree within 15% on " agree " of " total " pairs"
    text = text (nb > 0 ? "; they do not on " join_and(bad, nb) "." : ".")
    if (ns > 0)
        text = text " Where CPython's pool fell short of gilbench's (" join_and(slow, ns) "), the difference is " \
               "what a pool of Python processes pays and one of small C processes does not: the pool's " \
               "start-up and shut-down, and pickling every task and result."
    para(text)
    para("The simulation models the lock, not the interpreter: it reproduces who may run when (threads gain " \
         "nothing on CPU-bound work and overlap their blocking calls), not CPython's own costs per bytecode, " \
         "per object or per process.")
}

# ---- a padded Markdown table: T[0, j] the header, T[i, j] the cells -----
# (al[j]: "l" or "r"), so it reads as a table in a pager too.  Padded by
# hand: mawk's length() and %-Ns count bytes, and "µs" is three of them.
function dwidth(s) { gsub(/µ|±|σ|–|·|×/, "u", s); return length(s) }
function spaces(n,    out) { out = ""; while (n-- > 0) out = out " "; return out }
function pad(s, w, a) { return a == "l" ? s spaces(w - dwidth(s)) : spaces(w - dwidth(s)) s }
function print_table(T, nr, nc, al,    i, j, wid, line, sep, d) {
    for (j = 1; j <= nc; j++) {
        wid[j] = 3
        for (i = 0; i <= nr; i++) if (dwidth(T[i, j]) > wid[j]) wid[j] = dwidth(T[i, j])
    }
    for (i = 0; i <= nr; i++) {
        line = "|"
        for (j = 1; j <= nc; j++) line = line " " pad(T[i, j], wid[j], al[j]) " |"
        print line
        if (i == 0) {
            sep = "|"
            for (j = 1; j <= nc; j++) {
                d = spaces(wid[j])
                gsub(/ /, "-", d)
                sep = sep (al[j] == "l" ? " " d " |" : " " substr(d, 2) ": |")
            }
            print sep
        }
    }
    print ""
}
# Microseconds as people say them: "30 µs", "156 µs", "8.14 ms".
function us(v) { return tms(v / 1000) }
# A task size in µs as breakeven.csv gives it: "3 µs", "30 µs", "1 ms".
function task_size(v) { return v >= 1000 ? sprintf("%g ms", v / 1000) : sprintf("%g µs", v) }
function ratio_x(v) { return v >= 10 ? sprintf("%.1fx", v) : sprintf("%.2fx", v) }

# ---- process start-up cost ------------------------------------------------
function mech_what(m) {
    if (m == "thread") return "pthread_create + join"
    if (m == "fork") return "fork + _exit + waitpid"
    if (m == "vfork") return "vfork + _exit + waitpid"
    if (m == "posix_spawn") return "posix_spawn of the nop helper + wait"
    if (m == "fork_exec") return "fork + exec of the nop helper + wait"
    if (m == "spawn_worker") return "spawn a gilbench worker until ready"
    if (m == "pool") return "start and stop a pool" (st_pool_w != "" ? " of " st_pool_w " workers" : "")
    return ""
}
function st_ratio(m) {
    return ((m, mib_lo) in st_med) && ((m, mib_hi) in st_med) && st_med[m, mib_lo] > 0 ? \
           st_med[m, mib_hi] / st_med[m, mib_lo] : -1
}
function startup_section(    T, al, hd, nc, i, m, r, nr, lo, hi, text, best, worst, rf, grew, ng, flat, nf, stiff, ns, \
                             nop, ver, py, hparts, nh, pspawn) {
    if (n_st == 0) return
    print "## Start-up cost: threads, processes, pools"
    print ""
    if (has_chart("startup"))
        image("startup", "cost of one start per mechanism, and its growth with the parent's memory")
    lo = mib_lo; hi = mib_hi
    para("What one start costs, median over many: create it, let it reach the point where it could " \
         "take work, end it, join or reap it" (n_mib > 1 ? ", with the parent holding " lo " and " hi \
         " MiB of touched memory" : "") ".")
    split("mechanism|what one start does|" lo " MiB" (n_mib > 1 ? "|" hi " MiB|growth" : ""), hd, "|")
    nc = n_mib > 1 ? 5 : 3
    split("l l r r r", al, " ")
    for (i = 1; i <= nc; i++) T[0, i] = hd[i]
    nr = 0
    for (i = 1; i <= n_st; i++) {
        m = st_m[i]
        nr++
        T[nr, 1] = m; T[nr, 2] = mech_what(m)
        T[nr, 3] = ((m, lo) in st_med) ? us(st_med[m, lo]) : "-"
        if (n_mib > 1) {
            T[nr, 4] = ((m, hi) in st_med) ? us(st_med[m, hi]) : "-"
            r = st_ratio(m)
            T[nr, 5] = r < 0 ? "-" : ratio_x(r)
        }
    }
    print_table(T, nr, nc, al)

    # The cheapest and the dearest start at the smallest parent memory.
    best = ""; worst = ""
    for (i = 1; i <= n_st; i++) {
        m = st_m[i]
        if (!((m, lo) in st_med)) continue
        if (best == "" || st_med[m, lo] < st_med[best, lo]) best = m
        if (worst == "" || st_med[m, lo] > st_med[worst, lo]) worst = m
    }
    text = ""
    if (best != "") {
        text = "The cheapest start was " best " (" mech_what(best) "): " us(st_med[best, lo]) \
               (lo > 0 || n_mib > 1 ? " with the parent holding " lo " MiB" : "")
        if (worst != best)
            text = text "; the dearest, " worst ", took " us(st_med[worst, lo]) ", " \
                   sprintf("%.0f", st_med[worst, lo] / st_med[best, lo]) " times as much"
        text = text "."
    }
    if (n_mib > 1 && (rf = st_ratio("fork")) > 0) {
        if (rf >= 1.5) {
            text = text " fork grew " ratio_x(rf) " from " lo " to " hi " MiB of parent memory (" \
                   us(st_med["fork", lo]) " to " us(st_med["fork", hi]) "): the child gets a copy of " \
                   "the parent's page tables, an entry for every page it touched."
            ng = 0
            for (i = 1; i <= n_st; i++) {
                m = st_m[i]
                if ((m == "fork_exec" || m == "pool") && (r = st_ratio(m)) >= 1.5)
                    grew[++ng] = m " (" ratio_x(r) ")"
            }
            if (ng > 0) text = text " " join_and(grew, ng) ", which fork too, grew with it."
        } else
            text = text " fork changed little from " lo " to " hi " MiB of parent memory (" sprintf("%.2fx", rf) ")."
    }
    if (n_mib > 1) {
        nf = 0; ns = 0
        for (i = 1; i <= n_st; i++) {
            m = st_m[i]
            if (m != "vfork" && m != "posix_spawn") continue
            r = st_ratio(m)
            if (r < 0) continue
            if (r >= 0.67 && r <= 1.5) flat[++nf] = m " (" sprintf("%.2fx", r) ")"
            else stiff[++ns] = m " (" sprintf("%.2fx", r) ")"
        }
        if (nf > 0)
            text = text " " join_and(flat, nf) " stayed flat: the child borrows the " \
                   "parent's memory until it execs or exits, so there is nothing to copy."
        if (ns > 0)
            text = text " " join_and(stiff, ns) " did not stay flat here, though " (ns > 1 ? "they copy" : "it copies") \
                   " no page tables: a busy machine slows single batches (compare min_us in startup.csv)."
    }
    para(text)

    # The same from outside: whole processes, timed by hyperfine.
    nop = 0; ver = 0; py = 0
    for (i = 1; i <= n_hf; i++) {
        if (hf_cmd[i] ~ /gilbench-nop/) nop = i
        else if (hf_cmd[i] ~ /--version/) ver = i
        else if (hf_cmd[i] ~ /python/) py = i
    }
    if (nop || ver || py) {
        nh = 0
        pspawn = ("posix_spawn", lo) in st_med ? st_med["posix_spawn", lo] : -1
        if (nop)
            hparts[++nh] = us(1e6 * hf_mean[nop]) " ± " us(1e6 * hf_sd[nop]) " for the nop helper" \
                           (pspawn > 0 ? " (posix_spawn of it, timed inside: " us(pspawn) ")" : "")
        if (ver) hparts[++nh] = us(1e6 * hf_mean[ver]) " for `gilbench --version`"
        if (py) hparts[++nh] = us(1e6 * hf_mean[py]) " for `python3 -c pass`"
        text = "Timed from outside by hyperfine (hyperfine_startup.csv, mean ± σ), a whole process start and " \
               "exit took " join_and(hparts, nh) "."
        if (py && nop && hf_mean[nop] > 0)
            text = text " An interpreter start is " sprintf("%.0f", hf_mean[py] / hf_mean[nop]) \
                   " times the C helper's, before the first line of the program runs."
        para(text)
    }
}

# ---- the break-even task size -------------------------------------------
function breakeven_section(    i, j, m, v, t, below, text, bt, bf, lines, n, tmin, tmax, py, extra) {
    if (n_gt == 0) return
    print "## Break-even: how much work a task needs before parallelism pays"
    print ""
    if (has_chart("granularity"))
        image("granularity", "speedup over seq vs the work in one task, break-even points marked")
    # Task sizes, ascending.
    for (i = 2; i <= n_gt; i++) {
        t = gr_t[i]
        for (j = i - 1; j >= 1 && gr_t[j] > t; j--) gr_t[j + 1] = gr_t[j]
        gr_t[j + 1] = t
    }
    tmin = gr_t[1]; tmax = gr_t[n_gt]
    para(gr_tasks " tasks of pure CPU work on " plural(gr_workers, "worker") ", each task from " task_size(tmin) \
         " to " task_size(tmax) "; each mode's speedup is against seq at the same task size, in the same run. " \
         "The break-even point is the smallest task size from which a mode's speedup stays at 1 or more.")
    if (n_be == 0) {
        para("This run has no breakeven.csv, so no break-even points are stated.")
        return
    }
    n = 0
    for (i = 1; i <= n_be; i++) {
        m = be_m[i]; v = be_v[i]
        if (v == "") {
            lines[++n] = "- " m " never paid off, up to " task_size(tmax) " of work per task" \
                         (((m, tmax) in gr_sp) ? " (" fx(gr_sp[m, tmax]) " there)" : "") "."
            continue
        }
        v += 0
        below = ""
        for (j = 1; j <= n_gt; j++) if (gr_t[j] < v) below = gr_t[j]
        extra = ""
        if ((m, v) in gr_sp) {
            extra = fx(gr_sp[m, v]) " at " task_size(v)
            # Below 1 must read below 1: 0.998 is "0.998x", not "1.00x".
            if (below != "" && ((m, below) in gr_sp))
                extra = extra ", " (gr_sp[m, below] < 1 && fx(gr_sp[m, below]) == "1.00x" ? \
                                    sprintf("%.3fx", gr_sp[m, below]) : fx(gr_sp[m, below])) " at " task_size(below)
            else if (below == "") extra = extra ", the smallest task measured"
        }
        lines[++n] = "- " m " pays off from ~" task_size(v) " of work per task on this machine" \
                     (extra != "" ? " (" extra ")" : "") "."
        if (m == "threads") bt = v
        if (m == "fork") bf = v
    }
    for (i = 1; i <= n; i++) print lines[i]
    print ""
    text = ""
    if (bt != "" && bf != "") {
        if (bt < bf)
            text = "threads break even at a task " sprintf("%.0f", bf / bt) " times smaller than fork" \
                   (("thread", mib_lo) in st_med && ("fork", mib_lo) in st_med ? \
                    ": a thread is cheaper to start (" us(st_med["thread", mib_lo]) " against " \
                    us(st_med["fork", mib_lo]) ", above) and shares its memory, so the results need no pipe." : ".")
        else
            text = "Here threads did not break even at a smaller task than fork (" task_size(bt) " against " \
                   task_size(bf) "): on a busy machine the smallest tasks are the noisiest."
    }
    py = 0
    for (i = 1; i <= n_hf; i++) if (hf_cmd[i] ~ /python/) py = i
    if (py)
        text = text (text == "" ? "" : " ") "The tutorials' rule of thumb, 50–100 ms of work per task before " \
               "processes pay, is about Python: with the spawn start method every worker is a new interpreter, " \
               "and `python3 -c pass` alone took " us(1e6 * hf_mean[py]) " here."
    if (text != "") para(text)
}

# ---- checks.csv: the suite's claims, measured in this run ---------------
function checks_section(    T, al, hd, i, ok, missed, names, text) {
    if (n_ck == 0) return
    print "## Checks"
    print ""
    ok = 0; missed = 0
    for (i = 1; i <= n_ck; i++) {
        if (ck_verdict[i] == "ok") ok++
        else names[++missed] = ck_name[i]
    }
    text = "The claims this suite exists to show, each measured in this run and compared with what it " \
           "expects on an idle 2-core machine (checks.csv): " ok " of " n_ck " ok" \
           (missed ? ", " missed " MISSED." : ".")
    if (missed) {
        text = text " A MISSED on a busy or shared machine is usually the machine, not the code: read it against " \
               "measured_cores"
        if (measured ~ /^[0-9.]+$/)
            text = text " (" measured " of " plural(cores, "core") " given to the probe at the start of this run)"
        else
            text = text " (not measured in this run)"
        text = text ", and re-run on an idle machine before drawing conclusions."
    }
    para(text)
    split("check|measured|target|verdict", hd, "|")
    split("l r l l", al, " ")
    for (i = 1; i <= 4; i++) T[0, i] = hd[i]
    for (i = 1; i <= n_ck; i++) {
        T[i, 1] = ck_name[i]; T[i, 2] = ck_meas[i]; T[i, 3] = ck_target[i]; T[i, 4] = ck_verdict[i]
        gsub(/\|/, "\\|", T[i, 1]); gsub(/\|/, "\\|", T[i, 3])
    }
    print_table(T, n_ck, 4, al)
}
