/* test_workloads.c - the pieces of `gilbench images` and `gilbench hash`
 * whose answers are known exactly: target sizes, area resampling, the
 * filters on pictures whose result is obvious, sha256sum's line format. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/hash/hash_options.h"
#include "commands/hash/sha256sum_format.h"
#include "commands/images/codec_jpeg.h"
#include "commands/images/filters.h"
#include "commands/images/image.h"
#include "commands/images/resize.h"
#include "lib/measurement/stats.h"
#include "lib/measurement/workload.h"
#include "modes/modes.h"

static struct worker_ctx no_gil = {.eval_breaker = NULL, .gil = NULL, .worker = 0};

static void fill(struct image *im, uint32_t w, uint32_t h, unsigned char r, unsigned char g,
                 unsigned char b)
{
    char error[IMAGE_ERROR_LEN];

    assert_int_equal(image_alloc(im, w, h, error), 0);
    for (size_t i = 0; i < (size_t)w * h; i++) {
        im->px[3 * i] = r;
        im->px[3 * i + 1] = g;
        im->px[3 * i + 2] = b;
    }
}

static void test_resize_target(void **unused)
{
    uint32_t w, h;

    (void)unused;
    resize_target(4000, 3000, 300, 300, ASPECT_CONTAIN, &w, &h);
    assert_true(w == 300 && h == 225);
    resize_target(3000, 4000, 300, 300, ASPECT_CONTAIN, &w, &h);
    assert_true(w == 225 && h == 300);
    resize_target(1920, 1080, 300, 300, ASPECT_CONTAIN, &w, &h);  /* 168.75 -> 169 */
    assert_true(w == 300 && h == 169);
    resize_target(200, 100, 300, 300, ASPECT_CONTAIN, &w, &h);    /* never enlarged */
    assert_true(w == 200 && h == 100);
    resize_target(200, 100, 300, 300, ASPECT_STRETCH, &w, &h);
    assert_true(w == 300 && h == 300);
    resize_target(10000, 1, 300, 300, ASPECT_CONTAIN, &w, &h);    /* at least 1 */
    assert_true(w == 300 && h == 1);
}

static void test_resize_means(void **unused)
{
    struct image src, dst;
    char error[IMAGE_ERROR_LEN];

    (void)unused;
    /* 4x4 -> 2x2: each output pixel is the rounded mean of a 2x2 block. */
    fill(&src, 4, 4, 0, 0, 0);
    for (int i = 0; i < 16; i++)
        src.px[3 * i] = (unsigned char)(i * 10);
    assert_int_equal(resize_area(&src, &dst, 2, 2, &no_gil, error), 0);
    assert_int_equal(dst.px[0], (0 + 10 + 40 + 50 + 2) / 4);
    assert_int_equal(dst.px[3], (20 + 30 + 60 + 70 + 2) / 4);
    assert_int_equal(dst.px[6], (80 + 90 + 120 + 130 + 2) / 4);
    assert_int_equal(dst.px[9], (100 + 110 + 140 + 150 + 2) / 4);
    image_free(&src);
    image_free(&dst);

    /* Flat stays flat at uneven ratios, down and up; 10007 -> 3 spans
     * 3336 pixels per output, where weights that fall short of 1 by
     * their rounding would show. */
    uint32_t sizes[][4] = {{37, 23, 5, 3}, {7, 5, 13, 11}, {1000, 3, 7, 2}, {10007, 2, 3, 1}};
    for (size_t s = 0; s < 4; s++) {
        fill(&src, sizes[s][0], sizes[s][1], 200, 17, 255);
        assert_int_equal(resize_area(&src, &dst, sizes[s][2], sizes[s][3], &no_gil, error), 0);
        for (size_t i = 0; i < (size_t)dst.w * dst.h; i++)
            assert_true(dst.px[3 * i] == 200 && dst.px[3 * i + 1] == 17 && dst.px[3 * i + 2] == 255);
        image_free(&src);
        image_free(&dst);
    }
}

/* The resizer sums each output row while its source rows stream past,
 * in a ring of rows in flight: against the plain definition (the exact
 * mean of the covered area, computed in doubles from scratch here), on
 * noise, shrinking and enlarging, where the ring holds 2 rows or many.
 * Fixed-point rounding may differ by one level, never more. */
static void test_resize_streams_rows(void **unused)
{
    const uint32_t sizes[][4] = {{97, 61, 13, 7}, {13, 7, 97, 61}, {50, 3, 7, 29}, {31, 40, 31, 40}};
    char error[IMAGE_ERROR_LEN];
    uint32_t seed = 12345;

    (void)unused;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        const uint32_t iw = sizes[s][0], ih = sizes[s][1], ow = sizes[s][2], oh = sizes[s][3];
        struct image src, dst;

        fill(&src, iw, ih, 0, 0, 0);
        for (size_t i = 0; i < (size_t)iw * ih * 3; i++) {
            seed = seed * 1103515245u + 12345u;
            src.px[i] = (unsigned char)(seed >> 16);
        }
        assert_int_equal(resize_area(&src, &dst, ow, oh, &no_gil, error), 0);
        assert_true(dst.w == ow && dst.h == oh);
        for (uint32_t oy = 0; oy < oh; oy++)
            for (uint32_t ox = 0; ox < ow; ox++)
                for (int c = 0; c < 3; c++) {
                    /* Output pixel (ox, oy) covers [ox*iw/ow, (ox+1)*iw/ow) x ... */
                    double x0 = (double)ox * iw / ow, x1 = (double)(ox + 1) * iw / ow;
                    double y0 = (double)oy * ih / oh, y1 = (double)(oy + 1) * ih / oh;
                    double sum = 0;
                    for (uint32_t y = (uint32_t)y0; y < ih && y < y1; y++)
                        for (uint32_t x = (uint32_t)x0; x < iw && x < x1; x++) {
                            double ax = (x + 1 < x1 ? x + 1 : x1) - (x > x0 ? x : x0);
                            double ay = (y + 1 < y1 ? y + 1 : y1) - (y > y0 ? y : y0);
                            sum += ax * ay * src.px[((size_t)y * iw + x) * 3 + c];
                        }
                    double want = sum / ((x1 - x0) * (y1 - y0));
                    double got = dst.px[((size_t)oy * ow + ox) * 3 + c];
                    if (got < want - 1.0 || got > want + 1.0)
                        fail_msg("%ux%u -> %ux%u: pixel (%u,%u,%d) is %.0f, the area mean %.2f",
                                 iw, ih, ow, oh, ox, oy, c, got, want);
                }
        image_free(&src);
        image_free(&dst);
    }
}

/* The rows a JPEG decodes into must sit off every 16-byte boundary: on an
 * aligned row libjpeg-turbo's SIMD colour conversion writes with
 * non-temporal stores, past the cache, and the resizer that reads the row
 * next reads it from memory (codec_jpeg.c).  Also checks that every row of
 * the right width arrives, in order. */
struct row_probe {
    uint32_t w, h, rows, aligned;
};

static int probe_begin(void *arg, uint32_t w, uint32_t h, char *error)
{
    struct row_probe *p = arg;

    (void)error;
    p->w = w;
    p->h = h;
    return 0;
}

static void probe_row(void *arg, const unsigned char *rgb)
{
    struct row_probe *p = arg;

    p->rows++;
    if ((uintptr_t)rgb % 16 == 0)
        p->aligned++;
}

static void test_jpeg_rows_unaligned(void **unused)
{
    struct image im;
    struct row_probe probe = {0};
    const struct row_sink sink = {.begin = probe_begin, .row = probe_row, .arg = &probe};
    char error[IMAGE_ERROR_LEN] = "";
    FILE *fp = tmpfile();

    (void)unused;
    assert_non_null(fp);
    fill(&im, 640, 48, 200, 120, 40);
    assert_int_equal(jpeg_write_rgb(fp, &im, 90, NULL, error), 0);
    rewind(fp);
    assert_int_equal(jpeg_decode_rows(fp, &sink, NULL, error), 0);
    assert_true(probe.w == 640 && probe.h == 48);
    assert_int_equal(probe.rows, 48);
    assert_int_equal(probe.aligned, 0);
    fclose(fp);
    image_free(&im);
}

/* The images and hash tables flag what their summary rows cannot be: a
 * speedup over the workers, over 1 while a GIL is held, and a seq
 * baseline that moved during the run, as summary.csv's rows are. */
static void test_workload_flags(void **unused)
{
    const struct workload_config cfg[] = {
        {mode_find("seq"), 1, 0}, {mode_find("threads"), 2, 0}, {mode_find("gil"), 2, 1}};
    /* Four rounds of (seq, threads, gil), stored round by round. */
    const double walls[4][3] = {{1.0, 0.55, 0.9}, {1.0, 0.40, 0.8}, {1.3, 0.40, 0.8}, {1.3, 0.41, 0.8}};
    struct workload_row rows[12];
    const struct workload_judge cpu = {.cores = 2, .cpu_bound = 1, .under_gil = 0};
    const struct workload_judge held = {.cores = 2, .cpu_bound = 1, .under_gil = 1};
    char text[256];
    unsigned f;

    (void)unused;
    assert_non_null(cfg[0].mode);
    memset(rows, 0, sizeof rows);
    for (unsigned r = 0; r < 4; r++)
        for (size_t c = 0; c < 3; c++) {
            rows[r * 3 + c].config = c;
            rows[r * 3 + c].rep = r + 1;
            rows[r * 3 + c].m.wall_s = walls[r][c];
        }
    assert_int_equal(workload_seq_config(cfg, 3, 2, 0), 0);
    assert_int_equal(workload_seq_config(cfg, 3, 2, 1), SIZE_MAX);
    /* seq's median 1.15, its halves 1.0 and 1.3: drifted 26%. */
    f = workload_flags(rows, 12, 1, 0, 2, &cpu, text, sizeof text);
    assert_true(f & FLAG_SPEEDUP_OVER_WORKERS);
    assert_true(f & FLAG_SPEEDUP_OVER_CORES);
    assert_true(f & FLAG_BASELINE_DRIFT);
    assert_non_null(strstr(text, "speedup 2.84x > 2 workers"));
    assert_non_null(strstr(text, "seq drifted 26%"));
    f = workload_flags(rows, 12, 2, 0, 2, &held, text, sizeof text);
    assert_true(f & FLAG_SPEEDUP_UNDER_GIL);
    assert_false(f & FLAG_SPEEDUP_OVER_WORKERS);
    /* The same row as work that may wait (no cores, no GIL): no speedup flag. */
    const struct workload_judge waits = {.cores = 0, .cpu_bound = 0, .under_gil = 0};
    f = workload_flags(rows, 12, 2, 0, 2, &waits, text, sizeof text);
    assert_int_equal(f, FLAG_BASELINE_DRIFT);
    /* No seq to compare with: only the row's own spread counts (0.40 to 0.55). */
    f = workload_flags(rows, 12, 1, SIZE_MAX, 2, &cpu, text, sizeof text);
    assert_int_equal(f, FLAG_WIDE_SPREAD);
    assert_string_equal(text, "spread 37% of median");
}

static void test_filters(void **unused)
{
    struct image im;
    char error[IMAGE_ERROR_LEN];

    (void)unused;
    fill(&im, 3, 2, 255, 0, 0);
    assert_int_equal(filter_apply(&im, FILTER_GRAYSCALE, &no_gil, error), 0);
    assert_true(im.px[0] == 76 && im.px[1] == 76 && im.px[2] == 76);  /* 299 * 255 / 1000 */
    image_free(&im);

    fill(&im, 3, 2, 255, 255, 255);
    assert_int_equal(filter_apply(&im, FILTER_SEPIA, &no_gil, error), 0);
    assert_true(im.px[0] == 255 && im.px[1] == 255 && im.px[2] == 239);  /* 0.937 * 255 = 238.9 */
    image_free(&im);

    /* Blur and sharpen leave a flat picture as it is. */
    for (int f = FILTER_BLUR; f <= FILTER_SHARPEN; f++) {
        fill(&im, 9, 7, 90, 180, 33);
        assert_int_equal(filter_apply(&im, (enum filter)f, &no_gil, error), 0);
        for (size_t i = 0; i < 9 * 7; i++)
            assert_true(im.px[3 * i] == 90 && im.px[3 * i + 1] == 180 && im.px[3 * i + 2] == 33);
        image_free(&im);
    }
    /* Sharpen of one bright pixel on black: (32 * 100) / 16 = 200 in the
     * middle, its neighbours clamped at 0. */
    fill(&im, 3, 3, 0, 0, 0);
    im.px[3 * 4] = 100;
    assert_int_equal(filter_apply(&im, FILTER_SHARPEN, &no_gil, error), 0);
    assert_int_equal(im.px[3 * 4], 200);
    assert_int_equal(im.px[0], 0);
    image_free(&im);
    assert_int_equal(filter_parse("sepia"), FILTER_SEPIA);
    assert_int_equal(filter_parse("Sepia"), -1);
}

static void test_image_limits(void **unused)
{
    struct image im;
    char error[IMAGE_ERROR_LEN];

    (void)unused;
    assert_int_equal(image_alloc(&im, 0, 10, error), -1);
    assert_non_null(strstr(error, "zero-size"));
    assert_int_equal(image_alloc(&im, 100000, 100000, error), -1);
}

static void test_sha256sum_lines(void **unused)
{
    unsigned char digest[SHA256_BYTES], back[SHA256_BYTES];
    char buf[512], *name;
    FILE *fp;

    (void)unused;
    for (int i = 0; i < SHA256_BYTES; i++)
        digest[i] = (unsigned char)(i * 7 + 1);
    fp = fmemopen(buf, sizeof buf, "w");
    assert_non_null(fp);
    sha256sum_print(fp, digest, "a\\b\nc");
    fclose(fp);
    assert_int_equal(buf[0], '\\');
    assert_non_null(strstr(buf, "  a\\\\b\\nc\n"));
    *strchr(buf + 1, '\n') = '\0';
    assert_int_equal(sha256sum_parse(buf, back, &name), 0);
    assert_memory_equal(back, digest, SHA256_BYTES);
    assert_string_equal(name, "a\\b\nc");
    free(name);

    /* Binary-mode marker, and lines that are not checksums. */
    assert_int_equal(sha256sum_parse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 *empty",
                                     back, &name), 0);
    assert_string_equal(name, "empty");
    free(name);
    assert_int_equal(sha256sum_parse("e3b0c442  short", back, &name), -1);
    assert_int_equal(sha256sum_parse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 x",
                                     back, &name), -1);
    assert_int_equal(sha256sum_parse("\\e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  bad\\q",
                                     back, &name), -1);
}

static void test_block_sizes(void **unused)
{
    uint64_t v;

    (void)unused;
    assert_int_equal(parse_block_size("4096", &v), 0);
    assert_int_equal(v, 4096);
    assert_int_equal(parse_block_size("64K", &v), 0);
    assert_int_equal(v, 65536);
    assert_int_equal(parse_block_size("64M", &v), 0);
    assert_int_equal(v, 64 << 20);
    assert_int_equal(parse_block_size("65M", &v), -1);
    assert_int_equal(parse_block_size("0", &v), -1);
    assert_int_equal(parse_block_size("K", &v), -1);
    assert_int_equal(parse_block_size("-1K", &v), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resize_target), cmocka_unit_test(test_resize_means),
        cmocka_unit_test(test_resize_streams_rows), cmocka_unit_test(test_jpeg_rows_unaligned),
        cmocka_unit_test(test_workload_flags),
        cmocka_unit_test(test_filters),       cmocka_unit_test(test_image_limits),
        cmocka_unit_test(test_sha256sum_lines), cmocka_unit_test(test_block_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
