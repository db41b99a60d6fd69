# report.awk - the body of report.md: the summary table and, under every
# chart that exists, sentences computed from the numbers.  Run by
# report.sh as
#
#   awk -F, -f report.awk -v cores=2 -v charts="speedup-primes walltime ..." \
#       -v at=2 -v cpu=primes -v io=sleep RUN/summary.csv [RUN/runs.csv]
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
    delete C
    for (i = 1; i <= NF; i++) C[trim($i)] = i
    next
}
{ $0 = trim($0) }
file == 1 {
    k = col("kernel"); m = col("mode"); w = col("workers") + 0
    if (!(k in kseen)) { kseen[k] = 1; ks[++nk] = k }
    if (!(m in mseen)) { mseen[m] = 1; mfound[++nmf] = m }
    med[k, m, w] = col("median_s"); mn[k, m, w] = col("min_s"); mx[k, m, w] = col("max_s")
    sp[k, m, w] = col("speedup"); ef[k, m, w] = col("efficiency"); ut[k, m, w] = col("cpu_util")
    nn[k, m, w] = col("n"); items[k, m, w] = col("items"); sd[k, m, w] = col("stddev_s")
    row[++nrow] = k SUBSEP m SUBSEP w
    if (m != "seq" && !((k, w) in wseen)) { wseen[k, w] = 1; wl[k] = wl[k] " " w }
    if (col("max_s") + 0 > tmax) tmax = col("max_s") + 0
    next
}
file == 2 {
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
    next
}

END {
    if (width == "") width = 100
    cores += 0
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

    summary_table()
    checksums()
    speedup_sections()
    cpu_vs_io_section()
    walltime_section()
    efficiency_sections()
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
    split("l l r r r r r r r r", al, " ")
    for (j = 1; j <= ncol; j++) { cell[0, j] = h[j]; wid[j] = length(h[j]) }
    r = 0
    for (i = 1; i <= nk; i++) for (a = 1; a <= nmo; a++) {
        k = ks[i]; m = mo[a]
        for (b = 1; b <= nrow; b++) {
            split(row[b], rk, SUBSEP)
            if (rk[1] != k || rk[2] != m) continue
            w = rk[3]
            r++
            cell[r, 1] = k; cell[r, 2] = m; cell[r, 3] = w; cell[r, 4] = items[k, m, w]
            cell[r, 5] = nn[k, m, w]
            cell[r, 6] = sprintf("%.2f", med[k, m, w] * scale)
            cell[r, 7] = sprintf("%.2f-%.2f", mn[k, m, w] * scale, mx[k, m, w] * scale)
            cell[r, 8] = sp[k, m, w] == "" ? "-" : fx(sp[k, m, w])
            cell[r, 9] = ef[k, m, w] == "" ? "-" : pct(ef[k, m, w])
            cell[r, 10] = ut[k, m, w] == "" ? "-" : sprintf("%.2f", ut[k, m, w])
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
         "Past the core count, CPU-bound work can at best reach cores / workers (the grey "CPU-bound limit" curve).")
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
