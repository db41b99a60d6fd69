# helpers.bash - shared by the gilbench command-line tests (`load ../helpers` from a suite in a subfolder).
#
# The binary under test is $GILBENCH when set (a sanitizer build, say),
# else bin/gilbench of this checkout.  Every test gets an empty working
# directory, $CWD, and a not-yet-existing output directory, $OUT, both
# under $BATS_TEST_TMPDIR, so nothing is ever written into the checkout.

bats_require_minimum_version 1.5.0

GB="${GILBENCH:-$BATS_TEST_DIRNAME/../../../bin/gilbench}"

RUNS_HEADER='kernel,mode,workers,items,tasks,rep,wall_s,user_s,sys_s,cpu_util,startup_s,compute_s,collect_s,checksum,vol_ctx_switches,invol_ctx_switches,max_rss_kb,gil_acquisitions,gil_drop_requests,gil_forced_switches,gil_wait_s,switch_interval_s,kind,gil_handovers,remeasured,worker_replacements,task_retries'
SUMMARY_HEADER='kernel,mode,workers,items,n,median_s,min_s,max_s,stddev_s,speedup,efficiency,cpu_util,switch_interval_s,kind,median_lo_s,median_hi_s,median_ci_level,speedup_lo,speedup_hi,outliers,gil_handovers,remeasured,flag'
META_KEYS=(date host cpu_model online_cores os_kernel compiler cflags commit options measured_cores allowed_cpus pin)

# Quick, quiet, and no core-probe: every measured run in the suite uses these.
# --remeasure 0: tiny runs are noisy, and extra rounds would change the row
# counts the tests check.
FAST=(-r 1 --warmup 0 --no-probe --no-progress --remeasure 0)

setup() {
    [ -x "$GB" ] || {
        echo "gilbench binary not found at $GB (run 'make' first or set GILBENCH)" >&2
        return 1
    }
    export LC_ALL=C
    ulimit -c 0 # the crash tests must not leave core files behind
    CWD="$BATS_TEST_TMPDIR/cwd"
    OUT="$BATS_TEST_TMPDIR/out"
    mkdir -p "$CWD"
    cd "$CWD"
    BG_PID=
}

teardown() {
    # A background gilbench this test started and did not see end.
    if [ -n "${BG_PID:-}" ] && kill -0 "$BG_PID" 2>/dev/null; then
        kill -KILL "$BG_PID" 2>/dev/null || true
        wait "$BG_PID" 2>/dev/null || true
    fi
}

fail() {
    printf '%s\n' "$@" >&2
    return 1
}

# Shows what the last `run` produced, for failure messages.
show_run() {
    printf 'status: %s\nstdout:\n%s\nstderr:\n%s\n' "$status" "$output" "${stderr:-}"
}

# expect_usage_error NEEDLE ARGS...
# gilbench ARGS must be refused as bad usage: exit status 2, nothing on
# stdout, exactly one line on stderr that contains NEEDLE (the option's
# name), and nothing written: the working directory stays empty (no
# results/) and $OUT is not created.
expect_usage_error() {
    local needle=$1
    shift
    run --separate-stderr "$GB" "$@"
    [ "$status" -eq 2 ] || fail "expected exit status 2" "$(show_run)"
    [ -z "$output" ] || fail "expected nothing on stdout" "$(show_run)"
    [ -n "$stderr" ] || fail "expected one line on stderr, got none" "$(show_run)"
    [[ "$stderr" != *$'\n'* ]] || fail "expected exactly one line on stderr" "$(show_run)"
    [[ "$stderr" == gilbench* ]] || fail "the message should start with 'gilbench'" "$(show_run)"
    [[ "$stderr" == *"$needle"* ]] || fail "the message should name '$needle'" "$(show_run)"
    [ -z "$(ls -A "$CWD")" ] || fail "bad usage wrote into the working directory:" "$(ls -lA "$CWD")"
    [ ! -e "$OUT" ] && [ ! -L "$OUT" ] || fail "bad usage created the -o directory $OUT"
}

# check_csv FILE HEADER: FILE starts with exactly HEADER, ends with a
# newline, has no empty lines, and every row has as many fields as the
# header.  Prints nothing on success.
check_csv() {
    local file=$1 header=$2
    [ -f "$file" ] || fail "$file is missing"
    [ "$(head -n 1 "$file")" = "$header" ] ||
        fail "$file: wrong header" "got:      $(head -n 1 "$file")" "expected: $header"
    [ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" = '\n' ] || fail "$file: last line is not terminated"
    local nf
    nf=$(awk -F, '{ print NF; exit }' "$file")
    awk -F, -v nf="$nf" 'NF != nf || $0 == "" { printf "%s:%d: %d fields, expected %d: %s\n", FILENAME, NR, NF, nf, $0; bad = 1 }
                        END { exit bad }' "$file" >&2 || fail "$file: torn or malformed rows"
}

# data_rows FILE: the number of lines after the header.
data_rows() {
    echo $(($(wc -l <"$1") - 1))
}

# csv_column FILE NAME: the values of column NAME, one per line, header
# excluded; the column is found by name, as plots and scripts do.
csv_column() {
    awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; if (!c) exit 1; next }
                          { print $c }' "$1"
}

# no_temp_files DIR: atomic writes leave no .NAME.tmp.PID behind.
no_temp_files() {
    local leftovers
    leftovers=$(find "$1" -name '.*.tmp.*')
    [ -z "$leftovers" ] || fail "temporary files left behind:" "$leftovers"
}

# wait_for_rows FILE N SECONDS: waits until FILE holds at least N data rows.
wait_for_rows() {
    local file=$1 n=$2 deadline=$((SECONDS + $3))
    while [ "$SECONDS" -le "$deadline" ]; do
        if [ -f "$file" ] && [ "$(data_rows "$file")" -ge "$n" ]; then
            return 0
        fi
        sleep 0.05
    done
    fail "$file did not reach $n rows within $3 s"
}

# start_background ARGS...: runs ARGS in the background, its output in
# $BATS_TEST_TMPDIR/stdout and stderr, and sets BG_PID; a test then signals
# it and collects its status with wait_bounded.  Its fd 3 is closed: bats
# waits for every holder of fd 3 to close it before it ends a test, so a
# process left holding it would hang the suite.
start_background() {
    "$@" >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" 3>&- &
    BG_PID=$!
}

# wait_bounded PID SECONDS: waits for background PID to end, at most
# SECONDS; sets BG_STATUS to its exit status.  If it is still running
# then, it is killed and the test fails.
wait_bounded() {
    local pid=$1 deadline=$((SECONDS + $2))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -gt "$deadline" ]; then
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            fail "process $pid still running after $2 s: killed"
        fi
        sleep 0.05
    done
    BG_STATUS=0
    wait "$pid" || BG_STATUS=$?
}

# run_reaped ARGS...: like `run --separate-stderr ARGS`, but ARGS runs
# under a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so any process
# it leaves behind - a zombie nobody reaped, a worker nobody killed - is
# re-parented to the reaper instead of init.  The reaper lists those in
# $ORPHANS ("pid state" per line, empty when the tree was clean), kills
# and reaps them, and exits with ARGS's status (128+N for signal N).
ORPHAN_REAPER='
import ctypes, os, signal, subprocess, sys
if ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
    sys.exit("run_reaped: prctl(PR_SET_CHILD_SUBREAPER) failed")
rc = subprocess.Popen(sys.argv[1:]).wait()
me, found = os.getpid(), []
for d in os.listdir("/proc"):
    if not d.isdigit():
        continue
    try:
        with open("/proc/%s/stat" % d) as f:
            stat = f.read()
    except OSError:
        continue
    state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
    if int(ppid) == me:
        found.append("%s %s" % (d, state))
        if state != "Z":
            os.kill(int(d), signal.SIGKILL)
while True:
    try:
        os.waitpid(-1, 0)
    except ChildProcessError:
        break
with open(os.environ["ORPHANS"], "w") as f:
    f.write("".join(line + "\n" for line in found))
sys.exit(rc if rc >= 0 else 128 - rc)
'
run_reaped() {
    command -v python3 >/dev/null || fail "python3 is needed to watch for orphaned processes (tests/need.sh installs it)"
    export ORPHANS="$BATS_TEST_TMPDIR/orphans"
    rm -f "$ORPHANS"
    run --separate-stderr python3 -c "$ORPHAN_REAPER" "$@"
    [ -f "$ORPHANS" ] || fail "run_reaped: the reaper did not report" "$(show_run)"
}

# no_orphans: the last run_reaped left no process behind.
no_orphans() {
    [ ! -s "$ORPHANS" ] || fail "processes left behind (pid state):" "$(cat "$ORPHANS")"
}

# wait_for_file FILE SECONDS: waits until FILE exists.
wait_for_file() {
    local deadline=$((SECONDS + $2))
    until [ -e "$1" ]; do
        [ "$SECONDS" -le "$deadline" ] || fail "$1 did not appear within $2 s"
        sleep 0.05
    done
}

# wait_for_children PID SECONDS: waits until PID has child processes.
wait_for_children() {
    local deadline=$((SECONDS + $2))
    until [ -n "$(pgrep -P "$1")" ]; do
        [ "$SECONDS" -le "$deadline" ] || fail "process $1 started no children within $2 s"
        kill -0 "$1" 2>/dev/null || fail "process $1 ended before starting children"
        sleep 0.05
    done
}

# wait_signal_delivered PID SIG SECONDS: waits until signal SIG sent to
# PID is no longer pending (/proc/PID/status SigPnd and ShdPnd), that is,
# its handler has run or is running.
wait_signal_delivered() {
    local pid=$1 sig=$2 seconds=$3 bit deadline=$((SECONDS + $3)) sigpnd shdpnd
    bit=$((1 << ($(kill -l "$sig") - 1)))
    while :; do
        read -r sigpnd shdpnd < <(awk '/^SigPnd:/ { s = $2 } /^ShdPnd:/ { h = $2 }
                                       END { if (s != "" && h != "") print s, h }' "/proc/$pid/status" 2>/dev/null)
        [ -n "${shdpnd:-}" ] || fail "process $pid is gone"
        (((0x$sigpnd | 0x$shdpnd) & bit)) || return 0
        [ "$SECONDS" -le "$deadline" ] || fail "signal $sig still pending in $pid after $seconds s"
        sleep 0.01
    done
}
