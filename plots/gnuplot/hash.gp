# hash.gp - hashing files (gilbench hash): throughput against the block
# size given to each update, a line per mode.  CPython's hashlib releases
# the GIL only for updates of at least 2048 bytes (HASHLIB_GIL_MINSIZE):
# left of that mark, threads under the GIL take turns; right of it they
# hash in parallel like real threads and processes.
#
#   gnuplot -e 'data="RUN/hash/hash.csv"; out="RUN/plots/hash"; \
#               machine="AMD EPYC, 2 cores, 2026-11-23"' plots/gnuplot/hash.gp
#
# Optional: openssl="RUN/hash/openssl.csv" (make bench: `openssl dgst
# -sha256` timed on the same files) draws its one-core MiB/s, less its
# start-up, as a horizontal reference.  Writes OUT.png and OUT.svg.  Reads
# columns by name: hash.csv mode, workers, block_bytes, mib_per_s;
# openssl.csv bytes, wall_s, startup_s.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"
set datafile missing NaN

if (!exists("data") || !exists("out")) {
    print "hash.gp: set data and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }

present = ""
stats data using (present = present . (index_of(present, strcol("mode")) ? "" : " " . strcol("mode")), 0) nooutput
modes = ""
do for [m in MODE_ORDER] { if (index_of(present, m)) { modes = modes . " " . m } }
stats data using (column("block_bytes")) nooutput name "B"
stats data using (column("mib_per_s")) nooutput name "T"
stats data using (strcol("mode") eq "seq" ? NaN : column("workers")) nooutput name "W"
ymax = T_max * 1.25
have_openssl = 0
if (exists("openssl") && openssl ne "") {
    stats openssl using (column("bytes") / 1048576.0 / (column("wall_s") - column("startup_s"))) nooutput name "OSSL"
    openssl_mibs = OSSL_median
    have_openssl = 1
    ymax = max(ymax, openssl_mibs * 1.25)
}

sel(m) = strcol("mode") eq m
kib(b) = b >= 1048576 ? sprintf("%g MiB", b / 1048576) : b >= 1024 ? sprintf("%g KiB", b / 1024) : sprintf("%g B", b)

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set title sprintf("Hashing files with SHA-256 (libcrypto): throughput vs block size, %d workers", W_max) font ",20"
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
    set logscale x 2
    set xrange [B_min / 1.6 : B_max * 1.6]
    set yrange [0:ymax]
    set xtics ()
    do for [e = int(floor(log(B_min) / log(2) + 0.5)):int(ceil(log(B_max) / log(2)))] { set xtics add (kib(2 ** e) 2 ** e) }
    set xlabel "bytes per update (f.read(block) -> h.update(chunk))"
    set ylabel "MiB/s (median)"
    set arrow 1 from 2048, 0 to 2048, ymax nohead lc rgb CORES_COLOR lw 2 dt (2,4)
    set label 1 "hashlib releases the GIL\nfrom 2048 bytes" at 2048, ymax * 0.93 left offset 0.6, 0 \
        tc rgb CORES_COLOR font ",13"
    if (have_openssl) {
        set arrow 2 from B_min / 1.6, openssl_mibs to B_max * 1.6, openssl_mibs nohead @IDEAL_STYLE
        set label 2 "openssl dgst -sha256, 1 core" at B_min / 1.5, openssl_mibs offset 0, 0.7 font ",13" tc rgb "#555555"
    }
    plot for [m in modes] data using (column("block_bytes")):(sel(m) ? column("mib_per_s") : NaN) \
             smooth unique with linespoints ls mode_ls(m) title m
    set output
}
