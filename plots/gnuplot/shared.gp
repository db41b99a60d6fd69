# shared.gp - what it costs processes to share state (gilbench shared),
# three panels of bars, nanoseconds on a log scale:
#   left:   one counter incremented by every worker: unsynchronised (its
#           lost updates written above the bar), atomic add, process-shared
#           mutex; processes beside threads;
#   middle: false sharing: per-worker counters on one cache line vs padded;
#   right:  a Manager's table (a request over a UNIX socket per operation)
#           vs the same table in shared memory under a lock.
#
#   gnuplot -e 'counter="RUN/shared/counter.csv"; false_sharing="RUN/shared/false_sharing.csv"; \
#               manager="RUN/shared/manager.csv"; out="RUN/plots/shared"; machine="..."' plots/gnuplot/shared.gp
#
# Writes OUT.png and OUT.svg.  Columns read by name: kind, method,
# median_ns_per_increment, min_ns_per_increment, max_ns_per_increment,
# most_lost (counter.csv); layout, median/min/max_ns_per_increment
# (false_sharing.csv); method, median/min/max_ns_per_op (manager.csv).

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"
set datafile missing NaN

if (!exists("counter") || !exists("false_sharing") || !exists("manager") || !exists("out")) {
    print "shared.gp: set counter, false_sharing, manager and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }

methods = "unsynchronised atomic mutex"
kind_ls(k) = k eq "threads" ? mode_ls("threads") : mode_ls("fork")
kind_dx(k) = k eq "threads" ? 0.2 : -0.2
nsl(ns) = ns >= 1e6 ? sprintf("%g ms", ns / 1e6) : ns >= 1000 ? sprintf("%g µs", ns / 1000) : sprintf("%g ns", ns)
lost(n) = n > 0 ? sprintf("%.0f lost", n) : ""
set style fill solid 0.85 border rgb "#333333"

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set multiplot title "Sharing state between processes: cost per increment or operation (log scale)" font ",20"
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
    set tmargin at screen 0.82
    set bmargin at screen 0.2
    set logscale y 10
    set ytics () font ",13"
    do for [e = -1:7] { set ytics add (nsl(10 ** e) 10 ** e) }
    set yrange [*:*]

    set title "one shared counter" font ",16"
    set lmargin at screen 0.08
    set rmargin at screen 0.42
    set ylabel "per increment of one worker (median)"
    set xrange [0.4:3.6]
    set xtics () rotate by 20 right scale 0 font ",13"
    do for [i = 1:3] { set xtics add (word(methods, i) i) }
    set key inside top left Left reverse opaque box lc rgb "#BBBBBB" font ",12" samplen 1.5
    plot for [k in "processes threads"] counter \
             using (index_of(methods, strcol("method")) + kind_dx(k)): \
                   (strcol("kind") eq k ? column("median_ns_per_increment") : NaN):(0.36) \
             with boxes ls kind_ls(k) title k, \
         for [k in "processes threads"] counter \
             using (index_of(methods, strcol("method")) + kind_dx(k)): \
                   (strcol("kind") eq k ? column("median_ns_per_increment") : NaN): \
                   (column("min_ns_per_increment")):(column("max_ns_per_increment")) \
             with yerrorbars lc rgb "#333333" lw 1.5 pt -1 notitle, \
         counter using (index_of(methods, strcol("method")) + kind_dx(strcol("kind"))): \
                   (strcol("method") eq "unsynchronised" ? column("max_ns_per_increment") * 1.6 : NaN): \
                   (lost(column("most_lost"))) with labels font ",11" rotate by 90 left notitle
    unset label 99
    unset key

    set title "false sharing" font ",16"
    set lmargin at screen 0.49
    set rmargin at screen 0.68
    set ylabel ""
    set xrange [0.4:2.6]
    set xtics () rotate by 20 right scale 0 font ",13"
    set xtics add ("one line" 1, "padded" 2)
    plot false_sharing using (strcol("layout") eq "packed" ? 1 : 2):(column("median_ns_per_increment")):(0.6) \
             with boxes ls mode_ls("fork") notitle, \
         false_sharing using (strcol("layout") eq "packed" ? 1 : 2):(column("median_ns_per_increment")): \
             (column("min_ns_per_increment")):(column("max_ns_per_increment")) \
             with yerrorbars lc rgb "#333333" lw 1.5 pt -1 notitle

    set title "key-value table, per operation" font ",16"
    set lmargin at screen 0.76
    set rmargin at screen 0.97
    set xtics () rotate by 20 right scale 0 font ",13"
    set xtics add ("Manager" 1, "shared memory" 2)
    plot manager using (strcol("method") eq "manager" ? 1 : 2):(column("median_ns_per_op")):(0.6) \
             with boxes ls mode_ls("pool") notitle, \
         manager using (strcol("method") eq "manager" ? 1 : 2):(column("median_ns_per_op")): \
             (column("min_ns_per_op")):(column("max_ns_per_op")) \
             with yerrorbars lc rgb "#333333" lw 1.5 pt -1 notitle
    unset multiplot
    set output
}
