/* test_kernels.c - every kernel's known answer, and the task split. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "modes/modes.h"
#include "modes/workers/tasks.h"

/* Runs `k` over `items` items with seq and returns the combined partial. */
static struct partial run_seq(const struct kernel *k, uint64_t items, uint32_t tasks)
{
    struct run_plan plan = {.kernel = k, .items = items, .tasks = tasks, .workers = 1,
                            .switch_interval_s = 0.005, .timeout_s = 60};
    struct rep_result result;

    memset(&result, 0, sizeof result);
    if (k->setup != NULL)
        assert_int_equal(k->setup(items, &plan.state), 0);
    assert_int_equal(mode_find("seq")->run(&plan, &result), 0);
    if (k->teardown != NULL)
        k->teardown(plan.state);
    return result.total;
}

static void test_known_answers(void **unused)
{
    (void)unused;
    for (size_t i = 0; i < kernel_count; i++) {
        const struct kernel *k = kernel_table[i];
        struct partial p = run_seq(k, k->known_items, 64);
        double got = k->answer == ANSWER_COUNT ? (double)p.count : p.sum;

        print_message("%-10s %llu items: got %.17g, known %.17g +- %g\n", k->name,
                      (unsigned long long)k->known_items, got, k->known_answer, k->known_tolerance);
        assert_true(fabs(got - k->known_answer) <= k->known_tolerance);
    }
}

/* Answers that are easy to state exactly, beyond the table's. */
static void test_exact_small_answers(void **unused)
{
    (void)unused;
    /* primes up to 10: 2 3 5 7 */
    assert_int_equal(run_seq(kernel_find("primes"), 10, 3).count, 4);
    assert_int_equal(run_seq(kernel_find("primes"), 1, 1).count, 0);
    assert_int_equal(run_seq(kernel_find("primes"), 2, 1).count, 1);
    /* 1 + 4 + 9 */
    assert_int_equal(run_seq(kernel_find("sumsq"), 3, 2).count, 14);
    /* sumsq modulo 2^64 at a size where it wraps: n(n+1)(2n+1)/6 in 128 bits. */
    unsigned __int128 n = 5000000;
    uint64_t want = (uint64_t)(n * (n + 1) * (2 * n + 1) / 6);
    assert_true(run_seq(kernel_find("sumsq"), 5000000, 7).count == want);
    /* sqrt(1) + sqrt(4): exact in double */
    assert_true(run_seq(kernel_find("sqrtsum"), 1, 1).sum == 1.0);
    assert_int_equal(run_seq(kernel_find("sleep"), 5, 2).count, 5);
    /* The table's tolerances allow for estimates (pi, mandelbrot); the
     * kernels themselves are deterministic, so their exact counts are
     * pinned too: a point or a pixel more or less is a changed kernel. */
    assert_int_equal(run_seq(kernel_find("pi"), 1000000, 64).count, 785216);
    assert_int_equal(run_seq(kernel_find("mandelbrot"), 1024, 64).count, 255398);
    /* sqrtsum over one task is the plain left-to-right sum, bit for bit. */
    double left_to_right = 0.0;
    for (int i = 1; i <= 1000000; i++)
        left_to_right += sqrt((double)i);
    assert_true(run_seq(kernel_find("sqrtsum"), 1000000, 1).sum == left_to_right);
}

/* A Monte Carlo estimate of pi that is far off means the generator or the
 * counting is broken, whatever the count table says. */
static void test_pi_estimate(void **unused)
{
    (void)unused;
    struct partial p = run_seq(kernel_find("pi"), 4000000, 64);
    double pi = 4.0 * (double)p.count / 4000000.0;
    assert_true(fabs(pi - M_PI) < 0.005);
}

static void test_task_ranges_cover_items_once(void **unused)
{
    (void)unused;
    const uint64_t sizes[] = {1, 2, 63, 64, 65, 1000, 1000003};
    const uint32_t counts[] = {1, 2, 3, 7, 64};

    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            struct run_plan plan = {.items = sizes[s], .tasks = counts[c]};
            uint64_t next = 0, lo = UINT64_MAX, hi = 0;

            if (plan.tasks > plan.items)
                continue;
            for (uint32_t t = 0; t < plan.tasks; t++) {
                uint64_t b, e;
                task_range(&plan, t, &b, &e);
                assert_true(b == next); /* contiguous, in order, no gap or overlap */
                assert_true(e > b);
                lo = e - b < lo ? e - b : lo;
                hi = e - b > hi ? e - b : hi;
                next = e;
            }
            assert_true(next == plan.items);
            assert_true(hi - lo <= 1); /* balanced */
        }
    }
}

static void test_checksum_format(void **unused)
{
    (void)unused;
    char buf[48];
    struct partial p = {.count = 9592, .sum = 0.1};

    kernel_format_checksum(kernel_find("primes"), &p, buf, sizeof buf);
    assert_string_equal(buf, "9592");
    kernel_format_checksum(kernel_find("sqrtsum"), &p, buf, sizeof buf);
    /* 17 significant digits: reading it back gives the same double. */
    assert_true(strtod(buf, NULL) == 0.1);
}

static void test_registry_lookup(void **unused)
{
    (void)unused;
    assert_non_null(kernel_find("primes"));
    assert_null(kernel_find("nope"));
    for (size_t i = 0; i < kernel_count; i++) {
        const struct kernel *k = kernel_table[i];
        assert_true(k->quick_items >= 1 && k->quick_items <= k->default_items);
        assert_true(k->default_items <= k->max_items);
        assert_true(k->known_items <= k->max_items);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_exact_small_answers),
        cmocka_unit_test(test_pi_estimate),
        cmocka_unit_test(test_task_ranges_cover_items_once),
        cmocka_unit_test(test_checksum_format),
        cmocka_unit_test(test_registry_lookup),
    };
    return cmocka_run_group_tests_name("kernels", tests, NULL, NULL);
}
