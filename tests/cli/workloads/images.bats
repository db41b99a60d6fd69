#!/usr/bin/env bats
# gilbench images: the same output pixels in every mode, known sizes and
# pixels for a known picture, every bad input named while the others are
# processed, and never a half-written output file.

load ../helpers

setup_file() {
    export GILBENCH_CACHE="$BATS_FILE_TMPDIR/cache"
    local gb="${GILBENCH:-$BATS_TEST_DIRNAME/../../../bin/gilbench}"
    # The quick sample set, generated once for the whole file.
    "$gb" images --samples quick -m seq -O "$BATS_FILE_TMPDIR/warm" --no-progress >/dev/null
    export SAMPLES="$GILBENCH_CACHE/images-v4-quick"
}

# png_file PATH W H [adam7]: a PNG whose pixel (x, y) is (x*5, y*7, (x+y)*3)
# mod 256, written with zlib only, so the test does not depend on the code
# under test; with adam7, interlaced (its 7 passes, PNG spec section 8.2).
png_file() {
    python3 - "$@" <<'PY'
import struct, sys, zlib
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
px = lambda x, y: ((x * 5) % 256, (y * 7) % 256, ((x + y) * 3) % 256)
passes = [(0, 0, 1, 1)]
if sys.argv[4:] == ['adam7']:
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
raw = b''.join(b'\0' + bytes(v for x in range(x0, w, dx) for v in px(x, y))
               for x0, y0, dx, dy in passes if x0 < w for y in range(y0, h, dy))
def chunk(t, b): return struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b))
open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, len(passes) > 1))
                       + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
PY
}

@test "every mode writes the same pixels: one checksum in images_runs.csv, per file in images_files.csv" {
    run --separate-stderr "$GB" images "$SAMPLES" -O pics -o "$OUT" -w 2 -r 1 --no-progress
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/images_runs.csv" 'mode,gil_release,workers,rep,files,done,failed,input_mpixels,filter,size,wall_s,user_s,sys_s,cpu_util,images_per_s,checksum'
    check_csv "$OUT/images.csv" 'mode,gil_release,workers,n,median_s,min_s,max_s,speedup,cpu_util,images_per_s,input_mpixels,flag'
    # seq, threads, gil held, gil released, pool, fork
    [ "$(tail -n +2 "$OUT/images_runs.csv" | wc -l)" -eq 6 ]
    [ "$(awk -F, 'NR > 1 { print $16 }' "$OUT/images_runs.csv" | sort -u | wc -l)" -eq 1 ]
    grep -q '^gil,held,2,' "$OUT/images.csv"
    grep -q '^gil,released,2,' "$OUT/images.csv"
    [ "$(ls pics | wc -l)" -eq 8 ]
    [ "$(tail -n +2 "$OUT/images_files.csv" | grep -c ',ok,')" -eq 8 ]
    grep -q '8 of 8 pictures written to pics' <<<"$output"
}

@test "a known picture resized gives known dimensions and pixels (checked independently)" {
    mkdir in
    png_file in/known.png 40 32
    run --separate-stderr "$GB" images in -O outdir --size 10x10 --filter none -m seq -o "$OUT" --no-progress
    [ "$status" -eq 0 ] || fail "$(show_run)"
    # 40x32 into a 10x10 box keeping the aspect ratio: 10x8, each output
    # pixel the rounded mean of a 4x4 block; FNV-1a over the RGB bytes.
    expected=$(python3 -c '
w, h = 40, 32
px = lambda x, y: ((x * 5) % 256, (y * 7) % 256, ((x + y) * 3) % 256)
h64 = 0xcbf29ce484222325
for oy in range(8):
    for ox in range(10):
        for c in range(3):
            s = sum(px(4 * ox + i, 4 * oy + j)[c] for i in range(4) for j in range(4))
            h64 = ((h64 ^ ((s + 8) // 16)) * 0x100000001b3) % (1 << 64)
print("%016x" % h64)')
    row=$(grep known.png "$OUT/images_files.csv")
    [[ "$row" == *",ok,40,32,10,8,$expected" ]] || fail "got $row, expected sizes 10x8 and checksum $expected"
    # And the file itself is a 10x8 PNG.
    python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); assert struct.unpack(">II", d[16:24]) == (10, 8)' outdir/known.png
}

@test "an interlaced PNG (held whole for its 7 passes) gives the same pixels as a plain one" {
    mkdir in
    png_file in/plain.png 45 37
    png_file in/adam7.png 45 37 adam7
    run --separate-stderr "$GB" images in -O outdir --size 13x13 -m seq -o "$OUT" --no-progress
    [ "$status" -eq 0 ] || fail "$(show_run)"
    plain=$(awk -F, '/plain.png/ { print $NF }' "$OUT/images_files.csv")
    adam7=$(awk -F, '/adam7.png/ { print $NF }' "$OUT/images_files.csv")
    [ -n "$plain" ] && [ "$plain" = "$adam7" ] || fail "plain $plain, interlaced $adam7"
    grep -q 'adam7.png",ok,45,37,13,11,' "$OUT/images_files.csv" || fail "$(cat "$OUT/images_files.csv")"
}

@test "--aspect stretch gives exactly the box; contain never enlarges" {
    mkdir in
    png_file in/small.png 30 20
    png_file in/wide.png 200 50
    "$GB" images in -O a --size 64x64 --aspect stretch -m seq -o "$OUT-s" --no-progress >/dev/null
    grep -q ',ok,30,20,64,64,' "$OUT-s/images_files.csv"
    grep -q ',ok,200,50,64,64,' "$OUT-s/images_files.csv"
    "$GB" images in -O b --size 64x64 -m seq -o "$OUT-c" --no-progress >/dev/null
    grep -q ',ok,30,20,30,20,' "$OUT-c/images_files.csv"
    grep -q ',ok,200,50,64,16,' "$OUT-c/images_files.csv"
}

@test "every filter runs in every mode with identical pixels" {
    # Four of the eight quick samples, JPEG and PNG, a quarter of the
    # pixels: each filter's code runs on each format and every mode still
    # gets files of its own (4 files, 2 workers).
    mkdir four
    cp "$SAMPLES"/sample-01-800x600.jpg "$SAMPLES"/sample-02-640x480.png \
        "$SAMPLES"/sample-05-512x512.png "$SAMPLES"/sample-07-720x480.jpg four/
    for f in grayscale blur sharpen sepia; do
        run --separate-stderr "$GB" images four -O "o-$f" --filter "$f" -m seq,threads,gil,fork,pool -w 2 -o "$OUT-$f" --no-progress
        [ "$status" -eq 0 ] || fail "$f" "$(show_run)"
        [ "$(awk -F, 'NR > 1 { print $16 }' "$OUT-$f/images_runs.csv" | sort -u | wc -l)" -eq 1 ]
    done
    # Different filters, different pixels.
    [ "$(for f in grayscale blur sharpen sepia; do awk -F, 'NR == 2 { print $16 }' "$OUT-$f/images_runs.csv"; done | sort -u | wc -l)" -eq 4 ]
}

@test "bad inputs: each named once with its problem, good files processed, exit 1" {
    mkdir in
    cp "$SAMPLES/sample-00-1024x768.jpg" in/good.jpg
    cp "$SAMPLES/sample-02-640x480.png" in/good.png
    head -c 3000 in/good.jpg >in/truncated.jpg
    head -c 20000 in/good.png >in/truncated.png
    python3 - <<'PY'
import struct, zlib
d = bytearray(open('in/good.jpg', 'rb').read()); d[400:600] = b'\0' * 200; open('in/corrupt.jpg', 'wb').write(d)
def chunk(t, b): return struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b))
open('in/zero.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 0, 0, 8, 2, 0, 0, 0)) + chunk(b'IEND', b''))
PY
    : >in/empty.jpg
    echo 'not a picture' >in/notes.txt
    mkfifo in/pipe.jpg
    ln -s /nonexistent in/dangling.jpg
    mkdir in/folder
    run --separate-stderr timeout 60 "$GB" images in -O outdir -m seq,threads,fork -w 2 --no-progress
    [ "$status" -eq 1 ] || fail "$(show_run)"
    for pat in 'corrupt.jpg: corrupt or unsupported JPEG' 'truncated.jpg: corrupt or unsupported JPEG: Premature end' \
        'truncated.png: corrupt or unsupported PNG' 'zero.png: .*zero' 'empty.jpg: empty file' \
        'notes.txt: not a JPEG or PNG' 'pipe.jpg: not a regular file' 'dangling.jpg: No such file' \
        'folder: is a directory'; do
        [ "$(grep -c "^gilbench images: in/$pat" <<<"$stderr")" -eq 1 ] || fail "expected one line for $pat" "$(show_run)"
    done
    grep -q '9 of 11 files failed' <<<"$stderr"
    [ "$(ls -A outdir)" = "$(printf 'good.jpg\ngood.png')" ] || fail "outputs: $(ls -A outdir)"
}

@test "a missing folder is one line and exit 1; output == input is refused with exit 2" {
    run --separate-stderr "$GB" images nosuch -O outdir --no-progress
    [ "$status" -eq 1 ]
    [ "$stderr" = "gilbench images: nosuch: No such file or directory" ]
    local in="$BATS_TEST_TMPDIR/in"
    mkdir "$in"
    png_file "$in/a.png" 8 8
    expect_usage_error --output images "$in" -O "$in/../in"
    [ "$(ls "$in")" = a.png ]
}

@test "images: bad options are refused with one line naming them" {
    expect_usage_error --size images --size 0x10 -o "$OUT"
    expect_usage_error --size images --size 300 -o "$OUT"
    expect_usage_error --filter images --filter emboss -o "$OUT"
    expect_usage_error --quality images --quality 101 -o "$OUT"
    expect_usage_error --gil-release images --gil-release maybe -o "$OUT"
    expect_usage_error --aspect images --aspect crop -o "$OUT"
    expect_usage_error --samples images --samples huge -o "$OUT"
    expect_usage_error --modes images -m spawn -o "$OUT"
    expect_usage_error folder images a b -o "$OUT"
}

# every_output_whole DIR: no temporary file left, and every picture in DIR
# decodes completely (gilbench itself reports any truncated one).
every_output_whole() {
    [ -z "$(find "$1" -name '.*' -type f)" ] || fail "temporary files left: $(ls -A "$1")"
    [ -z "$(ls -A "$1")" ] || "$GB" images "$1" -O "$BATS_TEST_TMPDIR/recheck" -m seq --filter none --no-progress >/dev/null
}

@test "an interrupt (SIGTERM, SIGINT) leaves no partial output file" {
    for sig in TERM INT; do
        rm -rf "out-$sig"
        "$GB" images "$SAMPLES" -O "out-$sig" -m threads,fork -w 2 -r 20 --no-progress >/dev/null 2>"err-$sig" &
        BG_PID=$!
        sleep 0.4
        kill -s "$sig" "$BG_PID"
        wait "$BG_PID" && fail "SIG$sig: expected a failure status"
        BG_PID=
        grep -q 'interrupted' "err-$sig" || fail "SIG$sig: $(cat "err-$sig")"
        every_output_whole "out-$sig"
    done
}

@test "a crashed worker is reported; the next run removes its leftovers; outputs stay whole" {
    run --separate-stderr env GILBENCH_CRASH_TASK=3 "$GB" images "$SAMPLES" -O outdir -m fork -w 2 --no-progress
    [ "$status" -eq 1 ] || fail "$(show_run)"
    grep -q 'killed by signal' <<<"$stderr"
    # A worker killed mid-write leaves at most a hidden temporary file.
    touch outdir/.sample-01-800x600.jpg.tmp.999999999
    "$GB" images "$SAMPLES" -O outdir -m seq --no-progress >/dev/null
    every_output_whole outdir
}

@test "the table on screen shows images.csv's medians and flags: speedup, cpu_util and reasons of the same repetitions" {
    mkdir two
    cp "$SAMPLES"/sample-00-1024x768.jpg "$SAMPLES"/sample-02-640x480.png two/
    run --separate-stderr "$GB" images two -O pics -m seq,threads -w 2 -r 3 -o "$OUT" --no-progress
    [ "$status" -eq 0 ] || fail "$(show_run)"
    # The screen rounds to 2 decimals, the CSV to 3: equal within rounding.
    for mode in seq threads; do
        csv=$(awk -F, -v m="$mode" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
              $c["mode"] == m { print $c["cpu_util"] }' "$OUT/images.csv")
        shown=$(awk -v m="$mode" '$1 == m { print $7 }' <<<"$output")
        awk -v a="$shown" -v b="$csv" 'BEGIN { exit !(b != "" && (a - b) ^ 2 <= 0.0051 ^ 2) }' ||
            fail "$mode: screen $shown, images.csv $csv" "$output"
        # A flagged row says why on screen, in the words of the flag column.
        csv_flag=$(awk -F, -v m="$mode" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                   $c["mode"] == m { print $c["flag"] }' "$OUT/images.csv")
        shown_flag=$(awk -v m="$mode" '$1 == m { i = index($0, "SUSPECT: "); if (i) print substr($0, i + 9) }' <<<"$output")
        [ "$shown_flag" = "$csv_flag" ] || fail "$mode: screen flag '$shown_flag', images.csv '$csv_flag'" "$output"
    done
}
