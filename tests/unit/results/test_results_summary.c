/* test_results_summary.c - summary rows from repetitions: medians,
 * speedups only from seq of the same kernel and size in this run, their
 * confidence intervals, and the flags on impossible speedups. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/files/atomic_file.h"
#include "lib/files/results.h"
#include "lib/measurement/stats.h"
#include "results_fixture.h"

/* Speedups come only from seq of the same kernel and size in this run. */
static void test_summary_speedups(void **unused)
{
    struct results r;
    struct summary_row *sum;
    const double seq_walls[] = {1.0, 1.2, 0.9}, thr_walls[] = {0.5, 0.55, 0.6};
    (void)unused;

    memset(&r, 0, sizeof r);
    for (int i = 0; i < 3; i++) {
        struct rep_row a = row_of("primes", "seq", 1, seq_walls[i]);
        struct rep_row b = row_of("primes", "threads", 2, thr_walls[i]);
        struct rep_row c = row_of("sumsq", "threads", 2, 0.25);
        assert_int_equal(results_add(&r, &a), 0);
        assert_int_equal(results_add(&r, &b), 0);
        assert_int_equal(results_add(&r, &c), 0);
    }
    size_t n = results_summarize(&r, &sum);
    assert_int_equal(n, 3);
    assert_string_equal(sum[0].mode->name, "seq");
    assert_true(sum[0].median_s == 1.0 && sum[0].speedup == 1.0);
    assert_true(sum[1].n == 3 && sum[1].median_s == 0.55);
    assert_true(fabs(sum[1].speedup - 1.0 / 0.55) < 1e-12);
    assert_true(fabs(sum[1].efficiency - 1.0 / 0.55 / 2) < 1e-12);
    assert_true(isnan(sum[2].speedup)); /* no seq for sumsq in this run */
    free(sum);
    results_free(&r);
}

/* A seq slower than physically possible for the others: 2 threads at a
 * third of its time on 2 cores.  The flag names both limits; seq itself is
 * clean; the speedup's interval comes from the two medians' intervals. */
static void test_summary_flags_impossible_speedup(void **unused)
{
    struct results r;
    struct summary_row *sum;
    double seq_walls[] = {0.99, 1.00, 1.01}, thr_walls[] = {0.29, 0.30, 0.31};
    (void)unused;

    memset(&r, 0, sizeof r);
    r.cores = 2.0;
    for (int i = 0; i < 3; i++) {
        struct rep_row a = row_of("primes", "seq", 1, seq_walls[i]);
        struct rep_row b = row_of("primes", "threads", 2, thr_walls[i]);
        assert_int_equal(results_add(&r, &a), 0);
        assert_int_equal(results_add(&r, &b), 0);
    }
    size_t n = results_summarize(&r, &sum);
    assert_int_equal(n, 2);
    assert_int_equal(sum[0].flags, 0);
    assert_int_equal(sum[1].flags, FLAG_SPEEDUP_OVER_WORKERS | FLAG_SPEEDUP_OVER_CORES);
    assert_string_equal(sum[1].flag_text, "speedup 3.33x > 2 workers; speedup 3.33x > 2.00 cores");
    assert_float_equal(sum[1].speedup_lo, 0.99 / 0.31, 1e-9);
    assert_float_equal(sum[1].speedup_hi, 1.01 / 0.29, 1e-9);
    assert_float_equal(sum[1].median_ci_level, 0.75, 1e-12);
    assert_true(results_kernel_flagged(&r, r.rows[0].kernel));
    free(sum);
    results_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_speedups),
        cmocka_unit_test(test_summary_flags_impossible_speedup),
    };
    return cmocka_run_group_tests_name("results_summary", tests, NULL, NULL);
}
