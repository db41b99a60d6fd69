# ipc.gp - what it costs two processes to talk (gilbench ipc), two panels
# sharing one colour per channel:
#   left:  round-trip time against message size, log-log, a line per
#          channel (median; whiskers from the fastest to the slowest batch):
#          the pipe, the socketpair, the queue and the sleeping ring sit
#          together at small sizes (each pays a wake-up per message), the
#          spinning ring an order of magnitude below;
#   right: streaming bandwidth against the write size, a line per channel.
#
#   gnuplot -e 'latency="RUN/ipc/latency.csv"; bandwidth="RUN/ipc/bandwidth.csv"; \
#               out="RUN/plots/ipc"; machine="AMD EPYC, 2 cores, 2026-12-01"' plots/gnuplot/ipc.gp
#
# bandwidth is optional (no right panel without it).  Writes OUT.png and
# OUT.svg.  Columns read by name: channel, size_bytes, median_us, min_us,
# max_us (latency.csv); channel, chunk_bytes, median_mb_s (bandwidth.csv).

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"
set datafile missing NaN

if (!exists("latency") || !exists("out")) {
    print "ipc.gp: set latency and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }
if (!exists("bandwidth")) { bandwidth = "" }

channels = "pipe socketpair mqueue shm-futex shm-spin-futex shm-spin"
present = ""
stats latency using (present = present . (index_of(present, strcol("channel")) ? "" : " " . strcol("channel")), 0) nooutput
shown = ""
do for [c in channels] { if (index_of(present, c)) { shown = shown . " " . c } }
if (words(shown) == 0) {
    print "ipc.gp: no channel rows in " . latency
    exit status 1
}
# A colour, point and dash per channel (style.gp's line types).
ch_ls(c) = c eq "pipe" ? 1 : c eq "socketpair" ? 4 : c eq "mqueue" ? 3 : \
           c eq "shm-futex" ? 2 : c eq "shm-spin-futex" ? 6 : c eq "shm-spin" ? 5 : 9
ch_title(c) = c eq "shm-spin" ? "shm-spin (SPINS: burns a core)" : c
sel(c) = strcol("channel") eq c
two = strlen(bandwidth) > 0
tick(b) = b >= 1048576 ? sprintf("%g MiB", b / 1048576) : b >= 1024 ? sprintf("%g KiB", b / 1024) : sprintf("%g B", b)
usl(us) = us >= 1000 ? sprintf("%g ms", us / 1000) : sprintf("%g µs", us)

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set multiplot title "Talking between two processes" font ",22"
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
    set tmargin at screen 0.86
    set bmargin at screen 0.16

    set title "round trip (ping-pong) vs message size" font ",17"
    set lmargin at screen 0.08
    set rmargin at screen (two ? 0.47 : 0.72)
    set logscale xy 10
    set xlabel "message size"
    set ylabel "round trip (median, log scale)"
    set xtics () font ",13"
    do for [e = 0:7] { set xtics add (tick(8 ** e) 8 ** e) }
    set ytics () font ",13"
    do for [e = -1:5] { set ytics add (usl(10 ** e) 10 ** e) }
    set key inside top left Left reverse opaque box lc rgb "#BBBBBB" font ",12" spacing 1.0 samplen 2
    plot for [c in shown] latency using (column("size_bytes")):(sel(c) ? column("median_us") : NaN) \
             smooth unique with linespoints ls ch_ls(c) title ch_title(c), \
         for [c in shown] latency using (column("size_bytes")):(sel(c) ? column("median_us") : NaN): \
             (column("min_us")):(column("max_us")) with yerrorbars ls ch_ls(c) lw 1 pt -1 notitle
    unset label 99

    if (two) {
        set title "streaming bandwidth vs write size" font ",17"
        set lmargin at screen 0.57
        set rmargin at screen 0.97
        set logscale x 10
        unset logscale y
        set xlabel "bytes per write"
        set ylabel "GB/s (median)"
        set xtics () font ",13"
        do for [e = 0:8] { set xtics add (tick(4 ** e * 64) 4 ** e * 64) }
        set ytics autofreq font ",13"
        set yrange [0:*]
        unset key
        plot for [c in shown] bandwidth using (column("chunk_bytes")):(sel(c) ? column("median_mb_s") / 1000 : NaN) \
                 smooth unique with linespoints ls ch_ls(c) notitle
    }
    unset multiplot
    set output
}
