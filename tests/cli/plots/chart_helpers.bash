# plots/chart_helpers.bash - checks shared by the chart and report tests
# (render_once needs $PLOTS, the plots/ folder).

# render_once NAME DIR: a copy of the run DIR as $BATS_FILE_TMPDIR/NAME,
# drawn by render.sh and given its report, once for the whole file (gnuplot
# is the slow part).  render.sh's output, errors and exit status are kept
# beside the copy in NAME.out, NAME.err and NAME.status for the tests that
# only look at them.
render_once() {
    local copy=$BATS_FILE_TMPDIR/$1
    cp -R "$2" "$copy"
    "$PLOTS/render.sh" "$copy" >"$copy.out" 2>"$copy.err"
    echo $? >"$copy.status"
    "$PLOTS/report.sh" "$copy" >/dev/null 2>&1
}

# drop_column FILE NAME: FILE without its column NAME.
drop_column() {
    awk -F, -v OFS=, -v name="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i }
        { out = ""; for (i = 1; i <= NF; i++) if (i != c) out = out (out == "" ? "" : ",") $i; print out }' \
        "$1" >"$1.new" && mv "$1.new" "$1"
}

# png_size FILE -> "WIDTH HEIGHT" from the IHDR chunk (bytes 16-23, big-endian).
png_size() {
    od -An -tu1 -j16 -N8 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}

# assert_slide_png FILE: a PNG of slide size, 1280x720.
assert_slide_png() {
    [ -s "$1" ] || { echo "missing or empty: $1"; return 1; }
    [ "$(od -An -c -j12 -N4 "$1" | tr -d ' ')" = "IHDR" ] || { echo "not a PNG: $1"; return 1; }
    [ "$(png_size "$1")" = "1280 720" ] || { echo "$1 is $(png_size "$1"), not 1280 720"; return 1; }
}

# assert_svg FILE: a complete SVG, 1280 wide.
assert_svg() {
    [ -s "$1" ] || { echo "missing or empty: $1"; return 1; }
    grep -q '<svg' "$1" && grep -q 'width="1280"' "$1" && grep -q '</svg>' "$1" ||
        { echo "not a complete 1280-wide SVG: $1"; return 1; }
}

# path_without: a PATH with the usual tools (and python3, which draws the
# charts) but without gnuplot or hyperfine.
path_without() {
    local dir="$BATS_TEST_TMPDIR/bin" t
    mkdir -p "$dir"
    for t in bash sh env dirname basename head tail tr grep awk sed cat mkdir rm mv cp mktemp wc sort ls od; do
        ln -s "$(command -v "$t")" "$dir/$t"
    done
    # The interpreter itself: `command -v python3` may be a wrapper script
    # (pyenv's shim) that needs more of PATH than this.
    ln -s "$(python3 -c 'import sys; print(sys.executable)')" "$dir/python3"
    echo "$dir"
}

# long_prose_lines REPORT: the lines outside tables wider than 100 columns
# on screen (µ, ±, ·, –, σ and × are one column each, more than one byte;
# mawk's length counts bytes).
long_prose_lines() {
    sed 's/µ/u/g; s/±/+/g; s/·/./g; s/–/-/g; s/σ/s/g; s/×/x/g' "$1" | awk '!/^\|/ && length > 100'
}
