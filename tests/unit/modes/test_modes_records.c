/* test_modes_records.c - what a run records beside its answer: the
 * children's CPU time in cpu_util, a well-formed GIL trace from --trace;
 * and what --pin leaves behind in the OpenMP modes: nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/machine/affinity.h"

#include "modes/measure.h"
#include "modes/modes.h"
#include "modes_fixture.h"
#include "registry.h"

/* cpu_util must count the children's CPU time, not only the parent's. */
static void test_fork_counts_children_cpu(void **unused)
{
    const struct kernel *k = kernel_find("sumsq");
    struct run_plan plan = {.kernel = k, .items = 50000000, .tasks = 8, .workers = 2,
                            .timeout_s = 60};
    struct rep_row seq, fork;
    char error[256];
    (void)unused;

    /* CPU time, unlike wall time, does not depend on how busy the machine
     * is: the same work costs about the same CPU seconds in any mode.  If
     * the children's share were missing, fork would show almost none. */
    assert_int_equal(measure_rep(mode_find("seq"), &plan, &seq, error, sizeof error), 0);
    assert_int_equal(measure_rep(mode_find("fork"), &plan, &fork, error, sizeof error), 0);
    assert_true(fork.user_s + fork.sys_s > 0.5 * (seq.user_s + seq.sys_s));
}

/* Reads a trace written by --trace and checks it is well formed: the GIL
 * has at most one holder at any time, every acquire is matched by a
 * release of the same thread, and times never go backwards. */
static void check_trace(const char *path, unsigned threads)
{
    FILE *fp = fopen(path, "r");
    char line[256];
    long holder = -1;
    double last = -1.0;
    unsigned long acquires = 0, releases = 0;

    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp));
    assert_string_equal(line, "time_s,thread,event\n");
    while (fgets(line, sizeof line, fp) != NULL) {
        double t;
        unsigned th;
        char ev[32];
        assert_int_equal(sscanf(line, "%lf,%u,%31s", &t, &th, ev), 3);
        assert_true(t >= last);
        assert_true(th < threads);
        last = t;
        if (strcmp(ev, "acquire") == 0) {
            if (holder != -1)
                fail_msg("%s: thread %u acquired at %.9f while thread %ld held the GIL", path, th, t,
                         holder);
            holder = th;
            acquires++;
        } else if (strcmp(ev, "release") == 0) {
            if (holder != (long)th)
                fail_msg("%s: thread %u released at %.9f but %ld held the GIL", path, th, t, holder);
            holder = -1;
            releases++;
        }
    }
    assert_int_equal(fclose(fp), 0);
    assert_true(holder == -1);
    assert_true(acquires == releases && acquires >= threads);
}

static void test_traces_are_well_formed(void **unused)
{
    static const char *modes[] = {"gil", "gil-legacy"};
    static const char *kernels[] = {"primes", "sleep"};
    char path[] = "/tmp/gilbench-trace-XXXXXX";
    int fd = mkstemp(path);
    (void)unused;

    assert_true(fd >= 0);
    assert_int_equal(close(fd), 0);
    for (size_t m = 0; m < 2; m++) {
        for (size_t k = 0; k < 2; k++) {
            const struct kernel *kernel = kernel_find(kernels[k]);
            struct run_plan plan = {.kernel = kernel, .items = test_items(kernel), .tasks = 16,
                                    .workers = 3, .switch_interval_s = 0.0005,
                                    .check_interval = 20, .trace_path = path, .timeout_s = 60};
            struct rep_row row;
            char error[256];

            assert_int_equal(measure_rep(mode_find(modes[m]), &plan, &row, error, sizeof error), 0);
            check_trace(path, plan.workers);
        }
    }
    assert_int_equal(unlink(path), 0);
}

/* --pin in the OpenMP modes: libgomp's team is the harness's main thread
 * plus threads it keeps between regions, so a pin taken for a repetition
 * must be undone after it, or seq and every mode after would run pinned.
 * A CPU the process may not use fails the run, naming it. */
#ifndef __SANITIZE_THREAD__ /* libgomp is not instrumented for TSan (mode_openmp.c) */
static void test_openmp_pin_is_undone(void **unused)
{
    const struct kernel *k = kernel_find("primes");
    int cpus[AFFINITY_MAX_CPUS];
    int ncpus = affinity_allowed(cpus, AFFINITY_MAX_CPUS);
    cpu_set_t before, after;
    (void)unused;

    assert_true(ncpus >= 1);
    assert_int_equal(sched_getaffinity(0, sizeof before, &before), 0);
    for (const char *const *name = (const char *const[]){"openmp-static", "openmp-dynamic", NULL}; *name; name++) {
        struct run_plan plan = {.kernel = k, .items = 20000, .tasks = 8, .workers = 2, .timeout_s = 60,
                                .pin_cpus = cpus, .npin_cpus = ncpus};
        int bad_cpu[] = {AFFINITY_MAX_CPUS - 1};
        struct rep_row row;
        char error[256] = "";

        assert_int_equal(measure_rep(mode_find(*name), &plan, &row, error, sizeof error), 0);
        assert_int_equal(sched_getaffinity(0, sizeof after, &after), 0);
        assert_true(CPU_EQUAL(&before, &after));

        plan.pin_cpus = bad_cpu;
        plan.npin_cpus = 1;
        assert_int_equal(measure_rep(mode_find(*name), &plan, &row, error, sizeof error), -1);
        assert_non_null(strstr(error, "could not be pinned to CPU 1023"));
        assert_int_equal(sched_getaffinity(0, sizeof after, &after), 0);
        assert_true(CPU_EQUAL(&before, &after));
    }
}
#endif

int main(void)
{
    /* `spawn` starts gilbench itself as its worker; this test binary is
     * not gilbench.  Tests run from the top of the tree. */
    if (setenv("GILBENCH_WORKER_EXE", "bin/gilbench", 0) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fork_counts_children_cpu),
        cmocka_unit_test(test_traces_are_well_formed),
#ifndef __SANITIZE_THREAD__
        cmocka_unit_test(test_openmp_pin_is_undone),
#endif
    };
    return cmocka_run_group_tests_name("modes_records", tests, NULL, NULL);
}
