/* test_stats.c - lib/measurement/stats against values computed by hand (the working
 * is in the comments, so a reader can check the expected numbers too). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "lib/measurement/stats.h"

static void test_median(void **state)
{
    (void)state;
    double odd[] = {3, 1, 2};
    double even[] = {4, 1, 3, 2};
    assert_float_equal(stats_median(odd, 3), 2.0, 1e-12);
    assert_float_equal(stats_median(even, 4), 2.5, 1e-12);
    assert_float_equal(odd[0], 1.0, 0);  /* sorted in place */
}

static void test_binomial(void **state)
{
    (void)state;
    assert_float_equal(stats_binomial_half_cdf(0, 3), 1.0 / 8, 1e-12);
    assert_float_equal(stats_binomial_half_cdf(1, 3), 4.0 / 8, 1e-12);
    assert_float_equal(stats_binomial_half_cdf(2, 5), 16.0 / 32, 1e-12);
    assert_float_equal(stats_binomial_half_cdf(1, 10), 11.0 / 1024, 1e-12);
    assert_float_equal(stats_binomial_half_cdf(10, 10), 1.0, 0);
}

static void test_median_ci(void **state)
{
    (void)state;
    /* 3 values: no pair reaches 95%; [min, max] covers 1 - 2/8 = 75%. */
    double three[] = {1, 2, 3};
    struct median_ci ci = stats_median_ci(three, 3, 0.95);
    assert_float_equal(ci.lo, 1, 0);
    assert_float_equal(ci.hi, 3, 0);
    assert_float_equal(ci.level, 0.75, 1e-12);
    /* 10 values: k = 2 covers 1 - 2*11/1024 = 0.978515625; k = 3 only
     * 1 - 2*56/1024 = 0.890625.  So [x(2), x(9)]. */
    double ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    ci = stats_median_ci(ten, 10, 0.95);
    assert_float_equal(ci.lo, 2, 0);
    assert_float_equal(ci.hi, 9, 0);
    assert_float_equal(ci.level, 0.978515625, 1e-12);
    /* 6 values: k = 1 covers 1 - 2/64 = 0.96875, the first n to reach 95%. */
    ci = stats_median_ci(ten, 6, 0.95);
    assert_float_equal(ci.lo, 1, 0);
    assert_float_equal(ci.hi, 6, 0);
    assert_float_equal(ci.level, 0.96875, 1e-12);
}

static void test_quantiles_and_outliers(void **state)
{
    (void)state;
    double four[] = {1, 2, 3, 4};
    /* type 7: h = 3 * 0.25 = 0.75 -> 1 + 0.75 * (2 - 1). */
    assert_float_equal(stats_quantile_interp(four, 4, 0.25), 1.75, 1e-12);
    assert_float_equal(stats_quantile_interp(four, 4, 1.0), 4, 0);
    /* Q1 = 2, Q3 = 4, fences -1 and 7: only 100 is outside. */
    double five[] = {1, 2, 3, 4, 100};
    assert_int_equal(stats_count_outliers(five, 5), 1);
    assert_int_equal(stats_count_outliers(four, 4), 0);
    /* With 3 values the fences always enclose all three. */
    double three[] = {1, 1.01, 50};
    assert_int_equal(stats_count_outliers(three, 3), 0);
}

static void test_mann_whitney_exact(void **state)
{
    (void)state;
    struct mann_whitney mw;
    /* Complete separation, 3 vs 3: U = 0, P(U <= 0) = 1 / C(6,3) = 1/20. */
    double a[] = {1, 2, 3}, b[] = {4, 5, 6};
    assert_int_equal(stats_mann_whitney(a, 3, b, 3, &mw), 0);
    assert_int_equal(mw.exact, 1);
    assert_float_equal(mw.u, 0, 0);
    assert_float_equal(mw.p, 0.1, 1e-12);
    assert_float_equal(mw.p_min, 0.1, 1e-12);
    /* 4 vs 4: 2 / C(8,4) = 2/70. */
    double a4[] = {1, 2, 3, 4}, b4[] = {5, 6, 7, 8};
    assert_int_equal(stats_mann_whitney(b4, 4, a4, 4, &mw), 0);
    assert_float_equal(mw.u, 16, 0);
    assert_float_equal(mw.p, 2.0 / 70, 1e-12);
    /* Interleaved {1,3,5} vs {2,4,6}: U = 3 (3>2, 5>2, 5>4).  Counts of
     * U = 0..9 for 3 vs 3 are 1 1 2 3 3 3 3 2 1 1: P(U <= 3) = 7/20. */
    double c[] = {1, 3, 5}, d[] = {2, 4, 6};
    assert_int_equal(stats_mann_whitney(c, 3, d, 3, &mw), 0);
    assert_float_equal(mw.u, 3, 0);
    assert_float_equal(mw.p, 0.7, 1e-12);
}

static void test_mann_whitney_ties(void **state)
{
    (void)state;
    struct mann_whitney mw;
    /* a = {1,1,2}, b = {1,2,2}: U = 0.5 + 0.5 + (1 + 0.5 + 0.5) = 3.
     * Two tie groups of 3: sum(t^3 - t) = 48; var = 9/12 * (7 - 48/30) =
     * 4.05; z = (|3 - 4.5| - 0.5) / sqrt(4.05); p = 2 Phi(-z) = 0.61926. */
    double a[] = {1, 1, 2}, b[] = {1, 2, 2};
    assert_int_equal(stats_mann_whitney(a, 3, b, 3, &mw), 0);
    assert_int_equal(mw.exact, 0);
    assert_float_equal(mw.u, 3, 0);
    assert_float_equal(mw.p, 0.6192567541768621, 1e-9);
    /* All equal: nothing to tell apart. */
    double e[] = {5, 5}, f[] = {5, 5};
    assert_int_equal(stats_mann_whitney(e, 2, f, 2, &mw), 0);
    assert_float_equal(mw.p, 1.0, 0);
}

static void test_mann_whitney_large(void **state)
{
    (void)state;
    /* 50 vs 50 (above the exact limit), completely separated: the normal
     * approximation gives z = (1250 - 0.5) / sqrt(2500 * 101 / 12) =
     * 8.6106..., p about 7e-18; shifted by half the range, far from 1. */
    double a[50], b[50];
    struct mann_whitney mw;
    for (int i = 0; i < 50; i++) {
        a[i] = i;
        b[i] = 100 + i;
    }
    assert_int_equal(stats_mann_whitney(a, 50, b, 50, &mw), 0);
    assert_int_equal(mw.exact, 0);
    assert_true(mw.p < 1e-15);
    double z = 1249.5 / sqrt(2500.0 * 101 / 12);
    assert_float_equal(mw.p, erfc(z / sqrt(2.0)), 1e-20);
}

static void test_ratio_ci(void **state)
{
    (void)state;
    struct ratio_ci r;
    /* Pairwise ratios b_j / a_i of {1,2,4} and {2,4,8}, sorted:
     * 0.5 1 1 2 2 2 4 4 8 -> median 2. */
    double a[] = {1, 2, 4}, b[] = {2, 4, 8};
    assert_int_equal(stats_ratio_ci(a, 3, b, 3, 0.80, &r), 0);
    assert_float_equal(r.ratio, 2, 1e-12);
    /* k = 2: 1 - 2 P(U <= 1) = 1 - 4/20 = 0.8; k = 3 only 0.6. */
    assert_float_equal(r.lo, 1, 1e-12);
    assert_float_equal(r.hi, 4, 1e-12);
    assert_float_equal(r.level, 0.8, 1e-12);
    /* 95% is out of reach with 3 + 3: the widest pair, at 90%. */
    assert_int_equal(stats_ratio_ci(a, 3, b, 3, 0.95, &r), 0);
    assert_float_equal(r.lo, 0.5, 1e-12);
    assert_float_equal(r.hi, 8, 1e-12);
    assert_float_equal(r.level, 0.9, 1e-12);
    double bad[] = {0, 1};
    assert_int_equal(stats_ratio_ci(bad, 2, b, 3, 0.95, &r), -1);
}

static void test_flags(void **state)
{
    (void)state;
    char text[256];
    struct flag_input in = {.speedup = 2.26, .workers = 2, .cores = 2.0, .cpu_bound = 1,
                            .median_s = 1.0, .min_s = 0.9, .max_s = 1.1,
                            .baseline_drift = 0.02};
    unsigned f = stats_flags(&in);
    assert_int_equal(f, FLAG_SPEEDUP_OVER_WORKERS | FLAG_SPEEDUP_OVER_CORES);
    assert_string_equal(stats_flag_text(f, &in, text, sizeof text),
                        "speedup 2.26x > 2 workers; speedup 2.26x > 2.00 cores");
    /* Within tolerance: 2.09 < 2 * 1.05 and < 2 * 1.10. */
    in.speedup = 2.09;
    assert_int_equal(stats_flags(&in), 0);
    /* I/O work may beat the cores (sleeping threads need none) but never
     * the workers. */
    in.speedup = 3.9;
    in.workers = 4;
    in.cpu_bound = 0;
    assert_int_equal(stats_flags(&in), 0);
    in.min_s = 0.7;
    in.baseline_drift = 0.14;
    in.speedup = NAN;
    f = stats_flags(&in);
    assert_int_equal(f, FLAG_WIDE_SPREAD | FLAG_BASELINE_DRIFT);
    assert_string_equal(stats_flag_text(f, &in, text, sizeof text),
                        "spread 40% of median; seq drifted 14%");
    /* CPU work under a GIL cannot beat one thread; a busy machine's
     * measured 0.4 cores still leave seq's one. */
    struct flag_input gil = {.speedup = 1.24, .workers = 2, .cores = 0.4, .cpu_bound = 1,
                             .under_gil = 1, .median_s = 1, .min_s = 1, .max_s = 1,
                             .baseline_drift = NAN};
    f = stats_flags(&gil);
    assert_int_equal(f, FLAG_SPEEDUP_OVER_CORES | FLAG_SPEEDUP_UNDER_GIL);
    assert_string_equal(stats_flag_text(f, &gil, text, sizeof text),
                        "speedup 1.24x > 1.00 cores; speedup 1.24x > 1 under a GIL");
    gil.speedup = 1.04;
    assert_int_equal(stats_flags(&gil), 0);
    /* A buffer too short is cut, still terminated. */
    stats_flag_text(f, &in, text, 8);
    assert_int_equal(strlen(text), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_median),
        cmocka_unit_test(test_binomial),
        cmocka_unit_test(test_median_ci),
        cmocka_unit_test(test_quantiles_and_outliers),
        cmocka_unit_test(test_mann_whitney_exact),
        cmocka_unit_test(test_mann_whitney_ties),
        cmocka_unit_test(test_mann_whitney_large),
        cmocka_unit_test(test_ratio_ci),
        cmocka_unit_test(test_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
