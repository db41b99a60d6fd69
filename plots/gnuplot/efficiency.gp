# efficiency.gp - parallel efficiency (speedup / workers) vs worker count
# for one kernel, a line per mode.  1.0 means every worker is fully used;
# beyond the core count it can at best fall as cores / workers.
#
#   gnuplot -e 'data="RUN/summary.csv"; out="RUN/plots/efficiency-primes"; kernel="primes"; \
#               cores=2; machine="AMD EPYC, 2 cores (1.97 measured), 2026-11-23"' plots/gnuplot/efficiency.gp
#
# Optional: modes="gil threads fork" (default: every known parallel mode),
# workers="1 2 4" (x tics; default: automatic).  Writes OUT.png and OUT.svg.
# Reads summary.csv columns by name: kernel, mode, workers, efficiency.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

if (!exists("data") || !exists("out") || !exists("kernel")) {
    print "efficiency.gp: set data, out and kernel with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }
if (!exists("cores")) { cores = 0 }
if (!exists("modes")) { modes = PARALLEL_MODES }
if (!exists("workers")) { workers = "" }

sel(m) = strcol("kernel") eq kernel && strcol("mode") eq m
par(dummy) = strcol("kernel") eq kernel && strcol("mode") ne "seq"
stats data using (par(0) ? column("workers") : NaN) nooutput name "W"
stats data using (par(0) ? column("efficiency") : NaN) nooutput name "E"

xmax = W_max
logx = xmax >= 16
ymax = max(1.2, 1.1 * E_max)

set title sprintf("%s: parallel efficiency as workers are added", kernel) font ",22"
set xlabel "workers (threads or processes)"
set ylabel "efficiency (speedup ÷ workers)"
set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
set yrange [0:ymax]
# Percent tics: 100% = every worker as fast as seq alone.
set ytics ()
do for [i = 0:int(ymax / 0.25)] { set ytics add (sprintf("%d%%%%", 25 * i) 0.25 * i) }
if (logx) {
    set logscale x 2
    set xrange [0.9:xmax * 1.1]
} else {
    set xrange [0.5:xmax + 0.5]
}
if (words(workers) > 0) {
    set xtics ()
    do for [i = 1:words(workers)] { set xtics add (word(workers, i) int(word(workers, i))) }
} else {
    if (!logx) { set xtics 1 }
}

if (cores > 0 && cores <= xmax) {
    xr = logx ? xmax * 1.1 : xmax + 0.5
    if (cores < xmax) {
        set object 1 rect from cores, graph 0 to xr, graph 1 behind \
            fc rgb OVERSUB_FILL fs solid 1.0 noborder
        set label 2 "oversubscribed:\nmore workers than cores" \
            at cores, graph 0.97 left offset 1, 0 tc rgb CORES_COLOR font ",14"
    }
    set arrow 1 from cores, graph 0 to cores, graph 1 nohead lc rgb CORES_COLOR lw 2.5 dt solid front
    set label 1 sprintf("%g cores", cores) at cores, graph 0.03 right offset -0.6, 0 \
        tc rgb CORES_COLOR font ",15" front
}

# The CPU-bound ceiling past the cores: min(1, cores / workers).
ceiling(x) = cores > 0 ? (x <= cores ? 1 : cores / x) : 1

set samples 400
do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    plot ceiling(x) title (cores > 0 ? "CPU-bound limit" : "ideal") @IDEAL_STYLE, \
         for [m in modes] data using (column("workers")):(sel(m) ? column("efficiency") : NaN) \
             smooth unique with linespoints ls mode_ls(m) title m
    set output
}
