# startup.gp - what it costs to start a thread, a process or a pool
# (gilbench startup), in two panels sharing one colour per mechanism:
#   left:  per-start cost of each mechanism with the parent at its smallest
#          memory (normally 0 MiB): bars on a log scale, whiskers from the
#          fastest to the slowest batch;
#   right: the same cost against the memory the parent holds, a line per
#          mechanism: fork copies the parent's page tables, so its line
#          climbs, while threads, vfork and posix_spawn stay flat.
#
#   gnuplot -e 'data="RUN/startup.csv"; out="RUN/plots/startup"; \
#               machine="AMD EPYC, 2 cores, 2026-11-23"' plots/gnuplot/startup.gp
#
# Optional: mechanisms="thread vfork fork ..." (which, and in which order;
# default: every mechanism in the data, in gilbench's order).
# Writes OUT.png and OUT.svg.  Reads startup.csv columns by name:
# mechanism, parent_mib, median_us, min_us, max_us.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

# Rows of different mechanisms interleave (every mechanism at 0 MiB, then
# at 64 MiB, ...): a NaN for another mechanism's row must be skipped, not
# break the line, so NaN counts as missing here (style.gp: empty fields).
set datafile missing NaN

if (!exists("data") || !exists("out")) {
    print "startup.gp: set data and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }
if (!exists("mechanisms")) {
    mechanisms = "thread fork vfork posix_spawn fork_exec spawn_worker pool forkserver"
}
# Keep the mechanisms that have rows, collected in one pass by an
# assignment inside `using` (a stats per mechanism would warn for each
# absent one).
present = ""
stats data using (present = present . (index_of(present, strcol("mechanism")) ? "" : " " . strcol("mechanism")), 0) nooutput
wanted = mechanisms
mechanisms = ""
do for [m in wanted] { if (index_of(present, m)) { mechanisms = mechanisms . " " . m } }
if (words(mechanisms) == 0) {
    print "startup.gp: no rows of the mechanisms '" . wanted . "' in " . data
    exit status 1
}

# A colour per mechanism; those that are what a mode uses take the mode's
# colour (thread = threads, fork = fork, pool = pool, spawn_worker = spawn).
mech_ls(m) = m eq "thread" ? mode_ls("threads") : m eq "fork" ? mode_ls("fork") : \
             m eq "pool" ? mode_ls("pool") : m eq "spawn_worker" ? mode_ls("spawn") : \
             m eq "vfork" ? 3 : m eq "posix_spawn" ? 2 : m eq "fork_exec" ? 1 : \
             m eq "forkserver" ? 8 : 9
nm = words(mechanisms)

stats data using (column("parent_mib")) nooutput name "MIB"
lo = MIB_min
hi = MIB_max
stats data using (index_of(mechanisms, strcol("mechanism")) > 0 ? column("min_us") : NaN) nooutput name "LOW"
stats data using (index_of(mechanisms, strcol("mechanism")) > 0 ? column("max_us") : NaN) nooutput name "HIGH"
ymin = 10 ** floor(log10(LOW_min / 1.2))
ymax = HIGH_max * 40  # head room for the key above the highest line

# fork's growth, stated on the chart when both ends were measured.
undefine F0_* F1_*
if (hi > lo && index_of(mechanisms, "fork")) {
    stats data using (strcol("mechanism") eq "fork" && column("parent_mib") == lo ? column("median_us") : NaN) nooutput name "F0"
    stats data using (strcol("mechanism") eq "fork" && column("parent_mib") == hi ? column("median_us") : NaN) nooutput name "F1"
}
have_ratio = exists("F0_mean") && exists("F1_mean")

at_lo(m) = strcol("mechanism") eq m && column("parent_mib") == lo
sel(m) = strcol("mechanism") eq m
# Microseconds as people say them: 12 us, 340 us, 8.3 ms, 33 ms.
dur(us) = us >= 1e6 ? sprintf("%g s", us / 1e6) : us >= 10000 ? sprintf("%.0f ms", us / 1000) : us >= 1000 ? sprintf("%.1f ms", us / 1000) : \
          us >= 10 ? sprintf("%.0f µs", us) : sprintf("%.3g µs", us)

tick(us) = us >= 1e6 ? sprintf("%g s", us / 1e6) : us >= 1000 ? sprintf("%g ms", us / 1000) : sprintf("%g µs", us)

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set multiplot title "Starting parallel work: cost per start (log scale)" font ",22"
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
    # Both panels share the y range and the plot area's height, so a
    # mechanism's bar and its line sit at the same height.
    set tmargin at screen 0.80
    set bmargin at screen 0.22

    # Left: bars at the smallest parent memory.
    set title sprintf("per mechanism, parent holding %g MiB", lo) font ",17"
    set lmargin at screen 0.09
    set rmargin at screen 0.47
    set logscale y 10
    set yrange [ymin * 0.98:ymax]  # a hair below, so the lowest decade keeps its tick
    set ytics ()
    do for [e = int(floor(log10(ymin) + 0.5)):int(ceil(log10(ymax)))] { set ytics add (tick(10 ** e) 10 ** e) }
    set ylabel "microseconds per start (median)"
    set xlabel ""
    set xrange [0.4:nm + 0.6]
    set xtics () rotate by 35 right scale 0 font ",14"
    do for [i = 1:nm] { set xtics add (word(mechanisms, i) i) }
    set style fill solid 0.85 border rgb "#333333"
    unset key
    plot for [m in mechanisms] data \
             using (index_of(mechanisms, m)):(at_lo(m) ? column("median_us") : NaN): \
                   (index_of(mechanisms, m) - 0.35):(index_of(mechanisms, m) + 0.35):(ymin):(column("median_us")) \
             with boxxyerror ls mech_ls(m), \
         for [m in mechanisms] data \
             using (index_of(mechanisms, m)):(at_lo(m) ? column("median_us") : NaN):(column("min_us")):(column("max_us")) \
             with yerrorbars lc rgb "#333333" lw 1.5 pt -1, \
         for [m in mechanisms] data \
             using (index_of(mechanisms, m)):(at_lo(m) ? column("max_us") : NaN):(dur(column("median_us"))) \
             with labels offset 0, 0.8 font ",13"
    unset label 99

    # Right: cost against the parent's memory.
    set title "as the parent's touched memory grows" . \
        (have_ratio ? sprintf("\nfork: %.0fx from %g to %g MiB", F1_mean / F0_mean, lo, hi) : "") font ",17"
    set lmargin at screen 0.55
    set rmargin at screen 0.97
    set xlabel "memory the parent holds (MiB, every page touched)"
    set ylabel ""
    set xrange [lo - (hi - lo) * 0.03 : hi + (hi - lo) * 0.03 + 1]
    set xtics autofreq norotate font ",15"
    set key inside top left Left reverse opaque box lc rgb "#BBBBBB" font ",13" spacing 1.1 maxrows 4 width -2
    plot for [m in mechanisms] data using (column("parent_mib")):(sel(m) ? column("median_us") : NaN) \
             smooth unique with linespoints ls mech_ls(m) title m
    unset multiplot
    set output
}
