# shellcheck shell=bash disable=SC2016
# lib.sh - shell helpers shared by render.sh, report.sh and hyperfine.sh
# (sourced, not run).  One definition of how a run directory is read, so
# the charts and the report's sentences describe the same rows.
#
# The caller sets RUN (the run directory) and PROG (the prefix of messages).

die() { printf '%s: %s\n' "$PROG" "$1" >&2; exit "${2:-1}"; }
note() { printf '%s: note: %s\n' "$PROG" "$1" >&2; }

# The fixed order modes appear in, in legends and tables; others follow.
MODE_ORDER="seq gil gil-legacy threads fork pool spawn"
# CPU-bound kernels, in the order cpu_vs_io prefers them.
CPU_KERNELS="primes sumsq sqrtsum pi mandelbrot sha256 grayscale blur sharpen sepia resize"

# header_has FILE COLUMN: is COLUMN a name in FILE's header line?
header_has() {
    head -n 1 "$1" | tr -d '\r' | tr ',' '\n' | grep -qx -- "$2"
}

# need_columns WHO FILE COLUMN...: exit 1 naming the first missing column.
need_columns() {
    local who=$1 file=$2 col
    shift 2
    for col in "$@"; do
        header_has "$file" "$col" || die "$file has no column '$col' (needed by $who)"
    done
}

# meta_get KEY: the value of "KEY: value" in META (default RUN/meta), or nothing.
meta_get() {
    local meta=${META:-$RUN/meta}
    [ -f "$meta" ] || return 0
    awk -v k="$1" 'index($0, k ": ") == 1 { print substr($0, length(k) + 3); exit }' "$meta"
}

# csv_query AWK-PROGRAM [FILE]: awk over a CSV (default RUN/summary.csv)
# with c["name"] = the index of column "name", so programs say
# $c["speedup"], never $10.
csv_query() {
    awk -F',' -v want_order="$MODE_ORDER" "
        NR == 1 { for (i = 1; i <= NF; i++) { gsub(/\r/, \"\", \$i); c[\$i] = i }; next }
        { sub(/\r\$/, \"\") }
        $1" "${2:-$RUN/summary.csv}"
}

# modes_where AWK-CONDITION: the modes of matching summary rows, in MODE_ORDER.
modes_where() {
    csv_query "($1) { if (!(\$c[\"mode\"] in m)) { m[\$c[\"mode\"]] = ++n; order[n] = \$c[\"mode\"] } }
        END {
            k = split(want_order, w, \" \"); out = \"\"
            for (i = 1; i <= k; i++) if (w[i] in m) { out = out w[i] \" \"; done[w[i]] = 1 }
            for (i = 1; i <= n; i++) if (!(order[i] in done)) out = out order[i] \" \"
            sub(/ \$/, \"\", out); print out
        }"
}

# workers_where AWK-CONDITION: distinct worker counts of matching rows, ascending.
workers_where() {
    csv_query "($1) { print \$c[\"workers\"] }" | sort -n -u | tr '\n' ' ' | sed 's/ $//'
}

# run_kernels: the kernels of the run, in order of first appearance.
run_kernels() {
    csv_query '!seen[$c["kernel"]]++ { printf "%s%s", (n++ ? " " : ""), $c["kernel"] }'
}

# online_cores: RUN/meta's online_cores, 0 when unknown.
online_cores() {
    local n
    n=$(meta_get online_cores)
    case $n in ''|*[!0-9]*) echo 0 ;; *) echo "$n" ;; esac
}

# walltime_workers: the worker count of the wall-time chart: WALLTIME_WORKERS
# if set, else the online core count if measured, else the largest count
# below it, else the smallest count in the run (1 when only seq ran).
walltime_workers() {
    local all w at="" online
    if [ -n "${WALLTIME_WORKERS:-}" ]; then
        case $WALLTIME_WORKERS in
            ''|*[!0-9]*) die "WALLTIME_WORKERS: expected a whole number, got '$WALLTIME_WORKERS'" 2 ;;
        esac
        echo "$WALLTIME_WORKERS"
        return
    fi
    online=$(online_cores)
    all=$(workers_where '$c["mode"] != "seq"')
    [ -n "$all" ] || { echo 1; return; }
    for w in $all; do
        if [ "$online" -eq 0 ] || [ "$w" -le "$online" ]; then at=$w; fi
    done
    echo "${at:-${all%% *}}"
}

# has_speedup KERNEL MODE: does the run have a speedup for this pair?
has_speedup() {
    [ -n "$(csv_query "\$c[\"kernel\"] == \"$1\" && \$c[\"mode\"] == \"$2\" && \$c[\"speedup\"] != \"\" { print; exit }")" ]
}

# cpu_vs_io_kernels: "CPU IO" for the cpu_vs_io chart, or nothing (with
# the reason on stderr when VERBOSE=1).  CPU_KERNEL / IO_KERNEL override.
cpu_vs_io_kernels() {
    local io=${IO_KERNEL:-sleep} cpu=${CPU_KERNEL:-} k kernels
    kernels=" $(run_kernels) "
    if [ -z "$cpu" ]; then
        for k in $CPU_KERNELS; do
            case $kernels in *" $k "*) if has_speedup "$k" gil; then cpu=$k; break; fi ;; esac
        done
    fi
    if [ -z "$cpu" ] || ! has_speedup "$cpu" gil; then
        [ "${VERBOSE:-0}" = 1 ] &&
            note "skipping cpu_vs_io: no CPU-bound kernel with gil speedups in this run (set CPU_KERNEL=NAME to choose one)"
        return 0
    fi
    if ! has_speedup "$io" gil; then
        [ "${VERBOSE:-0}" = 1 ] &&
            note "skipping cpu_vs_io: no $io kernel with gil speedups in this run (it needs -k $cpu,$io -m gil,threads, with seq)"
        return 0
    fi
    echo "$cpu $io"
}

# cpu_vs_io_modes CPU IO: the GIL-related modes measured on both kernels.
cpu_vs_io_modes() {
    local m out=""
    for m in gil gil-legacy threads; do
        if has_speedup "$1" "$m" && has_speedup "$2" "$m"; then out="$out $m"; fi
    done
    echo "${out# }"
}

# machine_line: "CPU model · N cores online, M measured · date · host h",
# the footer of every chart and the first line of the report.
machine_line() {
    local cpu online measured date host cores line
    cpu=$(meta_get cpu_model)
    online=$(meta_get online_cores)
    measured=$(meta_get measured_cores)
    date=$(meta_get date)
    host=$(meta_get host)
    case $date in ????-??-??T??:??:*Z) date="${date:0:10} ${date:11:5} UTC" ;; esac
    case $measured in
        ''|'not measured') cores="${online:-?} cores online (not probed)" ;;
        *) cores="${online:-?} cores online, $measured measured" ;;
    esac
    line="${cpu:-machine unknown} · $cores · ${date:-date unknown}"
    [ -n "$host" ] && line="$line · host $host"
    echo "$line"
}

# ---- one chart per experiment (draw.sh; render.sh draws them too) -----
# chart            data                                  made by
# timeline         trace-gil.csv, trace-gil-legacy.csv   gilbench run --trace
# convoy           convoy.csv                            gilbench convoy
# switch_interval  summary.csv + runs.csv of a sweep     sweep --switch-interval A,B,...
# calibration      calibration.csv                       make calibrate
# startup          startup.csv                           gilbench startup
# granularity      granularity.csv (+ breakeven.csv)     gilbench granularity
# convoy.csv, startup.csv and granularity.csv are found in the run directory
# itself (gilbench convoy|startup|granularity -o DIR) or in its subdirectory
# of the same name (make bench: RUN/convoy/, RUN/startup/, RUN/granularity/).
GIL_CHARTS="timeline convoy switch_interval calibration"
STARTUP_CHARTS="startup granularity"
DRAW_CHARTS="$GIL_CHARTS $STARTUP_CHARTS"

# experiment_csv NAME: RUN/NAME.csv, else RUN/NAME/NAME.csv, else nothing.
experiment_csv() {
    if [ -f "$RUN/$1.csv" ]; then
        echo "$RUN/$1.csv"
    elif [ -f "$RUN/$1/$1.csv" ]; then
        echo "$RUN/$1/$1.csv"
    fi
}

# sweep_selection [SUMMARY]: "KERNEL WORKERS" of the first gil configuration
# measured at more than one switch interval, or nothing.
sweep_selection() {
    local summary=${1:-$RUN/summary.csv}
    [ -f "$summary" ] && header_has "$summary" switch_interval_s || return 0
    csv_query '$c["mode"] == "gil" {
            k = $c["kernel"] " " $c["workers"]
            if (!(k in n)) { order[++m] = k; n[k] = 0 }
            if (!((k, $c["switch_interval_s"] + 0) in seen)) { seen[k, $c["switch_interval_s"] + 0] = 1; n[k]++ }
        }
        END { for (i = 1; i <= m; i++) if (n[order[i]] > 1) { print order[i]; exit } }' "$summary"
}

# chart_present CHART: does RUN hold the data CHART draws?
chart_present() {
    case $1 in
        timeline) [ -f "$RUN/trace-gil.csv" ] || [ -f "$RUN/trace-gil-legacy.csv" ] ;;
        convoy | startup | granularity) [ -n "$(experiment_csv "$1")" ] ;;
        switch_interval) [ -f "$RUN/runs.csv" ] && [ -n "$(sweep_selection "$RUN/summary.csv")" ] ;;
        calibration) [ -f "$RUN/calibration.csv" ] ;;
        *) return 1 ;;
    esac
}

# chart_files CHART [FILE...]: sets CHART_FILES, the data files of CHART:
# the FILEs given, else RUN's defaults (timeline: the new GIL's trace, then
# the legacy one, either "" when absent; switch_interval: a summary.csv,
# then the runs.csv beside it; granularity: granularity.csv, then the
# breakeven.csv beside it, "" when absent).  Exits 1 when one is missing.
chart_files() {
    local chart=$1 f
    shift
    case $chart in
        timeline)
            if [ $# -gt 0 ]; then
                CHART_FILES=("$1" "${2:-}")
            else
                CHART_FILES=("" "")
                [ -f "$RUN/trace-gil.csv" ] && CHART_FILES[0]=$RUN/trace-gil.csv
                [ -f "$RUN/trace-gil-legacy.csv" ] && CHART_FILES[1]=$RUN/trace-gil-legacy.csv
            fi
            [ -n "${CHART_FILES[0]}${CHART_FILES[1]}" ] ||
                die "no trace-gil.csv or trace-gil-legacy.csv in '$RUN' (make them with: gilbench run -k primes -m gil -w 2 --trace $RUN/trace-gil.csv, and -m gil-legacy --trace $RUN/trace-gil-legacy.csv)"
            ;;
        convoy | startup | granularity)
            f=${1:-$(experiment_csv "$chart")}
            [ -n "$f" ] ||
                die "no $chart.csv in '$RUN' or '$RUN/$chart' (the data of the $chart chart: $(chart_source "$chart"))"
            CHART_FILES=("$f")
            if [ "$chart" = granularity ]; then
                if [ $# -ge 2 ]; then
                    CHART_FILES+=("$2")
                elif [ -f "$(dirname "$f")/breakeven.csv" ]; then
                    CHART_FILES+=("$(dirname "$f")/breakeven.csv")
                else
                    CHART_FILES+=("")
                fi
            fi
            ;;
        switch_interval)
            CHART_FILES=("${1:-$RUN/summary.csv}")
            CHART_FILES+=("$(dirname "${CHART_FILES[0]}")/runs.csv")
            ;;
        calibration) CHART_FILES=("${1:-$RUN/calibration.csv}") ;;
        *) die "unknown chart '$chart' (one of: $DRAW_CHARTS)" 2 ;;
    esac
    for f in "${CHART_FILES[@]}"; do
        [ -z "$f" ] || [ -f "$f" ] || die "no $f (the data of the $chart chart: $(chart_source "$chart"))"
    done
}

# chart_source CHART: the command that makes CHART's data.
chart_source() {
    case $1 in
        timeline) echo "gilbench run -m gil --trace FILE" ;;
        convoy) echo "gilbench convoy -o DIR" ;;
        switch_interval) echo "gilbench sweep -m gil --switch-interval 0.0001,0.001,0.01 -o DIR" ;;
        calibration) echo "make calibrate" ;;
        startup) echo "gilbench startup -o DIR" ;;
        granularity) echo "gilbench granularity -o DIR" ;;
    esac
}

# chart_meta: the meta file describing CHART_FILES[0]'s measurement: the
# one beside it (gilbench startup, say, writes its own), else RUN/meta.
chart_meta() {
    local beside
    beside=$(dirname "${CHART_FILES[0]:-$RUN/x}")/meta
    if [ -n "${CHART_FILES[0]:-}" ] && [ -f "$beside" ]; then echo "$beside"; else echo "$RUN/meta"; fi
}

# chart_columns CHART: exit 1 naming the first column of CHART_FILES
# that CHART's script needs and does not find.
chart_columns() {
    local f
    case $1 in
        timeline)
            for f in "${CHART_FILES[@]}"; do
                [ -z "$f" ] || need_columns timeline.gp "$f" time_s thread event
            done
            ;;
        convoy)
            need_columns convoy.gp "${CHART_FILES[0]}" scenario mode switch_interval_s op_us ops_per_s \
                median_op_us p90_op_us max_op_us median_extra_intervals
            ;;
        switch_interval)
            need_columns switch_interval.gp "${CHART_FILES[0]}" kernel mode workers speedup median_s switch_interval_s
            need_columns switch_interval.gp "${CHART_FILES[1]}" kernel mode workers wall_s gil_drop_requests switch_interval_s
            ;;
        calibration)
            need_columns calibration.gp "${CHART_FILES[0]}" kernel workers cpython_mode cpython_speedup \
                gilbench_mode gilbench_speedup
            ;;
        startup)
            need_columns startup.gp "${CHART_FILES[0]}" mechanism parent_mib median_us min_us max_us
            ;;
        granularity)
            need_columns granularity.gp "${CHART_FILES[0]}" mode task_us tasks workers speedup
            [ -z "${CHART_FILES[1]}" ] || need_columns granularity.gp "${CHART_FILES[1]}" mode breakeven_task_us
            ;;
    esac
}
