# pool.gp - the process pool (gilbench pool), four panels:
#   top left:     cost of one task (map, chunksize 1) per start method and
#                 queue, and the old round-trip pool; log scale; CPython's
#                 Pool as a line when calibration measured it;
#   top right:    time to the first result for map, imap, imap_unordered
#                 (task 0 is the slowest), and to the last;
#   bottom left:  what maxtasksperchild costs per replaced worker, per start method;
#   bottom right: chunksize on uneven work (Mandelbrot rows): wall time per queue.
#
#   gnuplot -e 'dir="RUN/pool"; out="RUN/plots/pool"; machine="AMD EPYC, 2 cores, 2026-12-01"' plots/gnuplot/pool.gp
#
# or each file by itself (what plots/charts.py passes): cost, first, maxt,
# chunks, and cpython (cpython_pool_cost.csv from make calibrate; "" or
# absent: no CPython line).  cpython_us=35.2 sets the line by hand.  Every
# figure is the median of the repetitions (gnuplot's stats), except the
# chunksize lines (mean per chunksize).
# Reads by name: pool_cost.csv (start, queue, us_per_task), pool_first.csv
# (method, first_s, all_s), pool_maxtasks.csv (start, maxtasksperchild,
# wall_s, retirements), pool_chunks.csv (queue, chunksize, wall_s).
# Writes OUT.png and OUT.svg.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"
set datafile missing NaN

if (!exists("out") || (!exists("dir") && !exists("cost"))) {
    print "pool.gp: set out and dir (or cost, first, maxt, chunks) with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }
if (exists("dir")) {
    cost = dir . "/pool_cost.csv"
    first = dir . "/pool_first.csv"
    maxt = dir . "/pool_maxtasks.csv"
    chunks = dir . "/pool_chunks.csv"
    if (!exists("cpython")) { cpython = dir . "/cpython_pool_cost.csv" }
}
# CPython's Pool with fork, median of its repetitions, when measured.
if (!exists("cpython_us") && exists("cpython") && cpython ne "" && system("test -s '" . cpython . "' && echo 1") eq "1") {
    stats cpython using (strcol("start") eq "fork" ? column("us_per_task") : NaN) nooutput name "CPY"
    cpython_us = CPY_median
}

# Per-task cost: the median of each start/queue pair, in a fixed order.
configs = "fork/roundtrip fork/pipe spawn/pipe forkserver/pipe fork/shm spawn/shm forkserver/shm"
cfg_of(s, q) = s . "/" . q
# Colours as numbers (lc rgb variable): grey the old pool, orange (pool)
# the pipe queue, blue the shared-memory queue.
cfg_color(i) = i == 1 ? 0x777777 : (i <= 4 ? 0xE69F00 : 0x0072B2)
# Computed values go to datablocks ("index,value,colour"): plotted like files.
set print $COST
do for [i = 1:7] {
    c = word(configs, i)
    stats cost using (cfg_of(strcol("start"), strcol("queue")) eq c ? column("us_per_task") : NaN) nooutput name "C"
    print sprintf("%d,%g,%d", i, C_median, cfg_color(i))
}
unset print
stats $COST using 2 nooutput name "COST"

methods = "map imap imap_unordered"
set print $FIRST
do for [i = 1:3] {
    stats first using (strcol("method") eq word(methods, i) ? column("first_s") * 1000 : NaN) nooutput name "F"
    stats first using (strcol("method") eq word(methods, i) ? column("all_s") * 1000 : NaN) nooutput name "L"
    print sprintf("%d,%g,%g", i, F_median, L_median)
}
unset print
stats $FIRST using 3 nooutput name "LAST"

# Per replaced worker: (median wall with maxtasksperchild - median without)
# / median replacements.
starts = "fork spawn forkserver"
start_color(i) = i == 1 ? 0x009E73 : i == 2 ? 0x56B4E9 : 0x777777
set print $REPL
do for [i = 1:3] {
    s = word(starts, i)
    stats maxt using (strcol("start") eq s && column("maxtasksperchild") == 0 ? column("wall_s") : NaN) nooutput name "W0"
    stats maxt using (strcol("start") eq s && column("maxtasksperchild") > 0 ? column("wall_s") : NaN) nooutput name "W1"
    stats maxt using (strcol("start") eq s && column("maxtasksperchild") > 0 ? column("retirements") : NaN) nooutput name "R1"
    print sprintf("%d,%g,%d", i, R1_median > 0 ? (W1_median - W0_median) / R1_median * 1e6 : NaN, start_color(i))
}
unset print

dur(us) = us >= 1000 ? sprintf("%.1f ms", us / 1000) : us >= 10 ? sprintf("%.0f µs", us) : sprintf("%.2g µs", us)

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set multiplot layout 2, 2 title "The process pool: what a task costs and when results arrive" font ",21" \
        margins 0.10, 0.98, 0.13, 0.88 spacing 0.12, 0.16
    set label 99 machine at screen 0.5, screen 0.02 center @FOOTER
    set style fill solid 0.85 border rgb "#333333"
    set boxwidth 0.7
    unset key
    set datafile nocolumnheaders  # the datablocks have none

    # Top left: per-task cost.
    set title "one task, map(chunksize=1): µs per task (log)" font ",16"
    set logscale y 10
    set yrange [COST_min / 2 : max(COST_max, exists("cpython_us") ? cpython_us : 0) * 4]
    set ylabel "µs per task (median)" font ",14"
    set xrange [0.4:7.6]
    set xtics () rotate by 30 right scale 0 font ",11"
    do for [i = 1:7] { set xtics add (word(configs, i) i) }
    if (exists("cpython_us")) {
        set arrow 1 from 0.4, cpython_us to 7.6, cpython_us nohead lw 2 dt (6,4) lc rgb mode_color("gil")
        set label 1 sprintf("CPython Pool: %.1f µs", cpython_us) at 7.5, cpython_us * 1.5 right font ",12" tc rgb mode_color("gil")
    }
    plot $COST using 1:2:3 with boxes lc rgb variable, \
         $COST using 1:($2 * 1.6):(dur($2)) with labels font ",11"
    unset arrow 1
    unset label 1
    unset logscale y

    # Top right: time to the first and last result.
    set title "task 0 slowest: first and last result (ms)" font ",16"
    set ylabel "ms after the call (median)" font ",14"
    set yrange [0:LAST_max * 1.45]
    set xrange [0.4:3.6]
    set xtics () norotate font ",13"
    do for [i = 1:3] { set xtics add (word(methods, i) i) }
    set boxwidth 0.35
    set key at graph 0.99, graph 0.99 right top horizontal font ",12" samplen 1.5
    plot $FIRST using ($1 - 0.19):2 with boxes lc rgb mode_color("pool") title "first result", \
         $FIRST using ($1 + 0.19):3 with boxes lc rgb "#BBBBBB" title "last result", \
         $FIRST using ($1 - 0.19):($2):(sprintf("%.0f", $2)) with labels offset 0, 0.7 font ",11" notitle
    unset key
    set boxwidth 0.7

    # Bottom left: maxtasksperchild.
    set title "maxtasksperchild: cost per replaced worker" font ",16"
    set ylabel "µs per replacement (median)" font ",14"
    set yrange [0:*]
    set xrange [0.4:3.6]
    set xtics () font ",13"
    do for [i = 1:3] { set xtics add (word(starts, i) i) }
    plot $REPL using 1:2:3 with boxes lc rgb variable, \
         $REPL using 1:($2):(dur($2)) with labels offset 0, 0.7 font ",11"

    # Bottom right: chunksize on Mandelbrot rows.
    set title "chunksize on uneven work (Mandelbrot rows)" font ",16"
    set ylabel "ms per map (mean of repetitions)" font ",14"
    set xlabel "chunksize (tasks per hand-out)" font ",14"
    set datafile columnheaders
    set logscale x 2
    set xrange [*:*]
    set yrange [0:*]
    set xtics autofreq norotate font ",12"
    set key at graph 0.02, graph 0.98 left top vertical font ",12"
    plot chunks using (strcol("queue") eq "pipe" ? column("chunksize") : NaN):(column("wall_s") * 1000) \
             smooth unique with linespoints lw 3 pt 7 lc rgb mode_color("pool") title "pipe", \
         chunks using (strcol("queue") eq "shm" ? column("chunksize") : NaN):(column("wall_s") * 1000) \
             smooth unique with linespoints lw 3 pt 5 lc rgb mode_color("threads") title "shm"
    unset logscale x
    unset xlabel
    unset multiplot
    set output
}
