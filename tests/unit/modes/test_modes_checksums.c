/* test_modes_checksums.c - every mode does the same work: identical
 * checksums for every kernel x mode x worker count, exact answers for
 * every task count, phases that tile the wall time.  Failures of workers:
 * test_modes_faults.c; what a run records: test_modes_records.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modes/measure.h"
#include "modes/modes.h"
#include "modes_fixture.h"
#include "registry.h"

/* Small sizes: the suite also runs under ASan and TSan. */
/* libgomp is not instrumented for ThreadSanitizer, which then misses its
 * barriers' ordering and reports false races (see mode_openmp.c): the TSan
 * build leaves the OpenMP modes out; the plain and ASan builds test them. */
static int mode_skipped_in_this_build(const struct mode *m)
{
#ifdef __SANITIZE_THREAD__
    return strncmp(m->name, "openmp", 6) == 0;
#else
    (void)m;
    return 0;
#endif
}

static void test_checksums_identical_everywhere(void **unused)
{
    static const uint32_t worker_counts[] = {1, 2, 3, 5};
    (void)unused;

    for (size_t i = 0; i < kernel_count; i++) {
        const struct kernel *k = kernel_table[i];
        struct run_plan plan = {.kernel = k, .items = test_items(k), .tasks = 16,
                                .switch_interval_s = 0.001, .timeout_s = 60};
        char reference[48] = "";

        if (k->setup != NULL)
            assert_int_equal(k->setup(plan.items, &plan.state), 0);
        for (size_t m = 0; m < mode_count; m++) {
            if (mode_skipped_in_this_build(mode_table[m]))
                continue;
            for (size_t w = 0; w < sizeof worker_counts / sizeof worker_counts[0]; w++) {
                struct rep_row row;
                char error[256];

                plan.workers = worker_counts[w];
                assert_int_equal(measure_rep(mode_table[m], &plan, &row, error, sizeof error), 0);
                if (reference[0] == '\0')
                    snprintf(reference, sizeof reference, "%s", row.checksum);
                if (strcmp(reference, row.checksum) != 0)
                    fail_msg("%s/%s/%u workers: checksum %s, seq gave %s", k->name,
                             mode_table[m]->name, plan.workers, row.checksum, reference);
                /* The mode marked both phase boundaries, in order, inside
                 * the repetition: a mark left unset (0) or taken out of
                 * order makes a phase negative.  The phases then tile the
                 * wall time exactly (up to rounding): they cannot add up
                 * to more or less unless one is computed from the wrong
                 * pair of marks, which is what this checks - not that the
                 * marks are right. */
                assert_true(row.startup_s >= 0 && row.compute_s > 0 && row.collect_s >= 0);
                assert_true(fabs(row.startup_s + row.compute_s + row.collect_s - row.wall_s) < 1e-9);
                /* Only GIL modes touch the GIL counters; they must use them. */
                if (strncmp(mode_table[m]->name, "gil", 3) == 0)
                    assert_true(row.gil.acquisitions >= plan.workers);
                else
                    assert_true(row.gil.acquisitions == 0);
            }
        }
        if (k->teardown != NULL)
            k->teardown(plan.state);
        print_message("%-10s checksum %s in every mode and worker count\n", k->name, reference);
    }
    assert_no_unreaped_children();
}

/* --- exact answers in every mode, task count and worker count -------- */

/* sum of sqrt(i), i = 1..items, as the kernel defines it: each of `tasks`
 * tasks (the first items % tasks one item longer) sums its range in order
 * from 0.0, and the partials are added in task order.  Computed here from
 * the definition, not by the harness's code, so the comparison below is
 * to the last bit and a change in either the split or the order of
 * combination shows. */
static double sqrtsum_reference(uint64_t items, uint32_t tasks)
{
    uint64_t base = items / tasks, extra = items % tasks, i = 1;
    double total = 0.0;

    for (uint32_t t = 0; t < tasks; t++) {
        double part = 0.0;
        for (uint64_t n = base + (t < extra); n > 0; n--, i++)
            part += sqrt((double)i);
        total += part;
    }
    return total;
}

static void test_checksums_exact_in_every_mode(void **unused)
{
    static const uint32_t task_counts[] = {1, 7, 64};
    static const uint32_t worker_counts[] = {1, 2, 3, 5};
    /* Counts pinned from the kernels' definitions (the count depends on
     * neither the split nor the order). */
    static const struct { const char *kernel; uint64_t items; const char *answer; } counts[] = {
        {"pi", 100003, "78516"}, {"mandelbrot", 65, "16344"}, {"primes", 20000, "2262"},
    };
    (void)unused;

    for (size_t c = 0; c < 1 + sizeof counts / sizeof counts[0]; c++) {
        const struct kernel *k = kernel_find(c == 0 ? "sqrtsum" : counts[c - 1].kernel);
        uint64_t items = c == 0 ? 100003 : counts[c - 1].items;
        for (size_t ti = 0; ti < sizeof task_counts / sizeof task_counts[0]; ti++) {
            struct run_plan plan = {.kernel = k, .items = items, .tasks = task_counts[ti],
                                    .switch_interval_s = 0.0005, .timeout_s = 60};
            char want[48];

            if (plan.tasks > items)
                continue;
            if (c == 0)
                snprintf(want, sizeof want, "%.17g", sqrtsum_reference(items, plan.tasks));
            else
                snprintf(want, sizeof want, "%s", counts[c - 1].answer);
            if (k->setup != NULL)
                assert_int_equal(k->setup(plan.items, &plan.state), 0);
            for (size_t m = 0; m < mode_count; m++) {
                if (mode_skipped_in_this_build(mode_table[m]))
                    continue;
                for (size_t wi = 0; wi < sizeof worker_counts / sizeof worker_counts[0]; wi++) {
                    struct rep_row row;
                    char error[256];

                    plan.workers = worker_counts[wi];
                    if (measure_rep(mode_table[m], &plan, &row, error, sizeof error) != 0)
                        fail_msg("%s/%s: %s", k->name, mode_table[m]->name, error);
                    if (strcmp(row.checksum, want) != 0)
                        fail_msg("%s/%s, %u tasks, %u workers: checksum %s, expected %s", k->name,
                                 mode_table[m]->name, plan.tasks, plan.workers, row.checksum, want);
                }
            }
            if (k->teardown != NULL)
                k->teardown(plan.state);
        }
    }
    assert_no_unreaped_children();
}

int main(void)
{
    /* `spawn` starts gilbench itself as its worker; this test binary is
     * not gilbench.  Tests run from the top of the tree. */
    if (setenv("GILBENCH_WORKER_EXE", "bin/gilbench", 0) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checksums_identical_everywhere),
        cmocka_unit_test(test_checksums_exact_in_every_mode),
    };
    return cmocka_run_group_tests_name("modes_checksums", tests, NULL, NULL);
}
