# mpi.gp - what one message costs between two MPI ranks (gilbench-mpi
# pingpong), in two panels against the message size (log-log):
#   left:  one-way latency, the median with a band from the fastest to the
#          slowest round trip: flat while the message fits the transport's
#          eager buffers, then growing with the bytes copied;
#   right: bandwidth through a window of non-blocking sends, climbing
#          until the per-message overhead no longer dominates.
#
#   gnuplot -e 'data="RUN/mpi/pingpong.csv"; out="RUN/plots/mpi"; \
#               machine="AMD EPYC, 2 cores, 2026-12-01"' plots/gnuplot/mpi.gp
#
# Writes OUT.png and OUT.svg.  Reads pingpong.csv columns by name:
# channel, size_bytes, median_us, min_us, max_us, bandwidth_MBps (rows of
# other channels, when the file is shared with `gilbench ipc`, each get
# their own line).

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"
set datafile missing NaN

if (!exists("data") || !exists("out")) {
    print "mpi.gp: set data and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }

channels = ""
stats data using (channels = channels . (index_of(channels, strcol("channel")) ? "" : " " . strcol("channel")), 0) nooutput
if (words(channels) == 0) {
    print "mpi.gp: no rows in " . data
    exit status 1
}
sel(c) = strcol("channel") eq c
chan_ls(c) = c eq "mpi" ? 5 : 3 + index_of(channels, c)

bytes(b) = b >= 1048576 ? sprintf("%g MiB", b / 1048576) : b >= 1024 ? sprintf("%g KiB", b / 1024) : sprintf("%g B", b)
stats data using (column("size_bytes")) nooutput name "SIZE"
set xtics ()
do for [e = 0:int(log(SIZE_max) / log(2) + 0.5):4] { set xtics add (bytes(2 ** e) 2 ** e) }

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set multiplot title "What a message costs between two MPI ranks (log-log)" font ",22"
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
    set tmargin at screen 0.84
    set bmargin at screen 0.17
    set logscale xy 10
    set logscale x 2
    set xlabel "message size"
    set xrange [SIZE_min / 1.3 : SIZE_max * 1.3]
    set key inside top left Left reverse opaque box lc rgb "#BBBBBB" font ",13"

    set title "one-way latency (half a round trip: osu_latency)" font ",17"
    set lmargin at screen 0.08
    set rmargin at screen 0.47
    set ylabel "microseconds"
    set style fill transparent solid 0.2 noborder
    plot for [c in channels] data using (column("size_bytes")):(sel(c) ? column("min_us") : NaN): \
             (sel(c) ? column("max_us") : NaN) with filledcurves ls chan_ls(c) notitle, \
         for [c in channels] data using (column("size_bytes")):(sel(c) ? column("median_us") : NaN) \
             with linespoints ls chan_ls(c) title c . " median (band: min to max)"
    unset label 99

    set title "bandwidth (windows of Isends: osu_bw)" font ",17"
    set lmargin at screen 0.58
    set rmargin at screen 0.97
    set ylabel "MB/s (10^6 bytes per second)"
    plot for [c in channels] data using (column("size_bytes")):(sel(c) ? column("bandwidth_MBps") : NaN) \
             with linespoints ls chan_ls(c) title c
    unset multiplot
    set output
}
