# cpu_vs_io.gp - the tutorials' central rule in one picture: speedup of
# gil and threads on a CPU-bound kernel (left) and on the I/O-bound sleep
# kernel (right), side by side on the same axes.  Under the GIL, threads
# help while they wait (the lock is released around blocking calls), not
# while they compute.
#
#   gnuplot -e 'data="RUN/summary.csv"; out="RUN/plots/cpu_vs_io"; cpu="primes"; io="sleep"; \
#               cores=2; machine="AMD EPYC, 2 cores (1.97 measured), 2026-11-23"' plots/gnuplot/cpu_vs_io.gp
#
# Optional: modes="gil threads" (the default), workers="1 2 4" (x tics).
# Writes OUT.png and OUT.svg.  Reads summary.csv columns by name:
# kernel, mode, workers, speedup.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

if (!exists("data") || !exists("out") || !exists("cpu")) {
    print "cpu_vs_io.gp: set data, out and cpu (a CPU-bound kernel) with -e (see the comment at the top)"
    exit status 2
}
if (!exists("io")) { io = "sleep" }
if (!exists("machine")) { machine = "" }
if (!exists("cores")) { cores = 0 }
if (!exists("modes")) { modes = "gil threads" }
if (!exists("workers")) { workers = "" }

sel(k, m) = strcol("kernel") eq k && strcol("mode") eq m
both(dummy) = (strcol("kernel") eq cpu || strcol("kernel") eq io) && index_of(modes, strcol("mode")) > 0
stats data using (both(0) ? column("workers") : NaN) nooutput name "W"
stats data using (both(0) ? column("speedup") : NaN) nooutput name "S"

# "gil and threads", "gil, gil-legacy and threads"
modes_text = word(modes, 1)
do for [i = 2:words(modes)] { modes_text = modes_text . (i < words(modes) ? ", " : " and ") . word(modes, i) }
xmax = W_max
logx = xmax >= 16
ymax = 1.15 * max(max(S_max, 1), (cores > 0 && cores <= xmax) ? cores : 0)
xr = logx ? xmax * 1.1 : xmax + 0.5

set xlabel "workers (threads)"
set yrange [0:ymax]
set format y "%gx"
if (logx) {
    set logscale x 2
    set xrange [0.9:xr]
} else {
    set xrange [0.5:xr]
}
if (words(workers) > 0) {
    set xtics ()
    do for [i = 1:words(workers)] { set xtics add (word(workers, i) int(word(workers, i))) }
} else {
    if (!logx) { set xtics 1 }
}
if (cores > 0 && cores <= xmax) {
    if (cores < xmax) {
        set object 1 rect from cores, graph 0 to xr, graph 1 behind \
            fc rgb OVERSUB_FILL fs solid 1.0 noborder
    }
    set arrow 1 from cores, graph 0 to cores, graph 1 nohead lc rgb CORES_COLOR lw 2.5 dt solid front
    set label 1 sprintf("%g cores", cores) at cores, graph 0.03 right offset -0.6, 0 \
        tc rgb CORES_COLOR font ",15" front
}
set key inside top left Left reverse opaque box

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set multiplot title sprintf("CPU-bound vs I/O-bound under the GIL: speedup of %s", modes_text) font ",22"
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER

    # Left panel: computing.
    set lmargin at screen 0.09
    set rmargin at screen 0.49
    set tmargin at screen 0.84
    set bmargin at screen 0.19
    set title sprintf("%s: CPU-bound (GIL held while computing)", cpu) font ",17"
    set ylabel "speedup vs seq (× faster)"
    plot x title "ideal" @IDEAL_STYLE, \
         for [m in modes] data using (column("workers")):(sel(cpu, m) ? column("speedup") : NaN) \
             smooth unique with linespoints ls mode_ls(m) title m

    # Right panel: waiting.  Same axes, so heights compare directly.
    unset label 99
    set lmargin at screen 0.57
    set rmargin at screen 0.98
    set title sprintf("%s: I/O-bound (GIL released while waiting)", io) font ",17"
    set ylabel ""
    unset key
    plot x notitle @IDEAL_STYLE, \
         for [m in modes] data using (column("workers")):(sel(io, m) ? column("speedup") : NaN) \
             smooth unique with linespoints ls mode_ls(m) notitle
    unset multiplot
    set output
    set key
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
}
