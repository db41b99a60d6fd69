/* test_modes.c - every mode does the same work: identical checksums for
 * every kernel x mode x worker count, and failures of forked workers are
 * reported with every child reaped. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <math.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/child_io.h"
#include "lib/clock.h"
#include "registry.h"
#include "modes/measure.h"
#include "modes/modes.h"
#include "modes/proc_crew.h"
#include "modes/tasks.h"

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

static uint64_t test_items(const struct kernel *k)
{
    static const struct { const char *name; uint64_t items; } sizes[] = {
        {"primes", 20000}, {"sumsq", 1000000}, {"sqrtsum", 1000000}, {"pi", 500000},
        {"mandelbrot", 48}, {"sleep", 20}, {"triad", 300000},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (strcmp(sizes[i].name, k->name) == 0)
            return sizes[i].items;
    return k->quick_items / 100 + 16;
}

static void assert_no_unreaped_children(void)
{
    int status;
    errno = 0;
    assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
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

/* --- a worker that reported everything and then died ----------------- */

static int worker_death_status; /* how the planted worker ends; set before the crew starts */

/* Starts a worker as proc_start_fork does, but after it has served all
 * its tasks it dies of SIGKILL, or exits with status 3, instead of
 * exiting 0: every partial is in, yet the worker failed.  One worker, so
 * no other worker's pipe ends need closing in the child. */
static int start_worker_then_die(const struct run_plan *plan, unsigned w, int task_fd,
                                 int result_fd, pid_t *pid, char *error, size_t error_len)
{
    *pid = fork();
    if (*pid < 0) {
        snprintf(error, error_len, "fork: %s", strerror(errno));
        return -1;
    }
    if (*pid == 0) {
        /* Keep only this worker's pipe ends, as proc_start_fork does: the
         * parent's write end of the task pipe, left open here, would keep
         * the worker from ever seeing the end of its work. */
        for (int fd = 3; fd < 1024; fd++)
            if (fd != task_fd && fd != result_fd)
                close(fd);
        if (proc_worker_serve(plan, w, task_fd, result_fd) != 0)
            _exit(5);
        if (worker_death_status < 0) {
            signal(SIGKILL, SIG_DFL);
            raise(SIGKILL);
        }
        _exit(worker_death_status);
    }
    return 0;
}

static void test_worker_dying_after_its_results_fails_the_run(void **unused)
{
    const struct kernel *k = kernel_find("primes");
    struct run_plan plan = {.kernel = k, .items = 20000, .tasks = 8, .workers = 1,
                            .timeout_s = 60};
    static const int deaths[] = {-1, 3};
    (void)unused;

    for (int on_demand = 0; on_demand <= 1; on_demand++) {
        for (size_t d = 0; d < sizeof deaths / sizeof deaths[0]; d++) {
            struct proc_crew_spec spec = {.start = start_worker_then_die, .on_demand = on_demand};
            struct rep_result result;

            memset(&result, 0, sizeof result);
            worker_death_status = deaths[d];
            assert_int_equal(proc_crew_run(&plan, &spec, &result), -1);
            print_message("on_demand %d: %s\n", on_demand, result.error);
            assert_non_null(strstr(result.error, deaths[d] < 0 ? "killed by signal 9"
                                                               : "exited with status 3"));
            assert_no_unreaped_children();
        }
    }
    /* The same start that exits 0 succeeds, with the right answer: the
     * failures above come from the death alone. */
    struct proc_crew_spec spec = {.start = start_worker_then_die, .on_demand = 1};
    struct rep_result result;
    memset(&result, 0, sizeof result);
    worker_death_status = 0;
    assert_int_equal(proc_crew_run(&plan, &spec, &result), 0);
    assert_true(result.total.count == 2262);
    assert_no_unreaped_children();
}

static const char *const process_modes[] = {"fork", "pool", "spawn"};

/* Process modes must report a worker killed by a signal, by name, and
 * reap every worker. */
static void test_process_modes_report_crashed_worker(void **unused)
{
    const struct kernel *k = kernel_find("primes");
    struct run_plan plan = {.kernel = k, .items = 20000, .tasks = 8, .workers = 3,
                            .timeout_s = 60};
    struct rep_row row;
    char error[256];
    (void)unused;

    for (size_t m = 0; m < sizeof process_modes / sizeof process_modes[0]; m++) {
        assert_int_equal(setenv("GILBENCH_CRASH_TASK", "4", 1), 0);
        fault_injection_init();
        int rc = measure_rep(mode_find(process_modes[m]), &plan, &row, error, sizeof error);
        assert_int_equal(unsetenv("GILBENCH_CRASH_TASK"), 0);
        fault_injection_init();

        assert_int_equal(rc, -1);
        print_message("%s: %s\n", process_modes[m], error);
        if (strcmp(process_modes[m], "fork") == 0)
            assert_non_null(strstr(error, "worker 1")); /* task 4 of 3 workers is worker 1's */
        assert_non_null(strstr(error, "signal 11"));
        assert_non_null(strstr(error, "Segmentation fault"));
        assert_no_unreaped_children();
    }
}

/* A hung worker is killed at the deadline, reported, and reaped. */
static void test_process_modes_kill_hung_worker(void **unused)
{
    const struct kernel *k = kernel_find("primes");
    struct run_plan plan = {.kernel = k, .items = 20000, .tasks = 8, .workers = 2,
                            .timeout_s = 1};
    struct rep_row row;
    char error[256];
    (void)unused;

    for (size_t m = 0; m < sizeof process_modes / sizeof process_modes[0]; m++) {
        const struct mode *mode = mode_find(process_modes[m]);
        double t0 = clock_now();

        assert_int_equal(setenv("GILBENCH_HANG_TASK", "1", 1), 0);
        fault_injection_init();
        int rc = measure_rep(mode, &plan, &row, error, sizeof error);
        assert_int_equal(unsetenv("GILBENCH_HANG_TASK"), 0);
        fault_injection_init();

        assert_int_equal(rc, -1);
        print_message("%s, after %.1f s: %s\n", mode->name, clock_now() - t0, error);
        assert_non_null(strstr(error, "hung"));
        assert_no_unreaped_children();
        /* The run after a failure works normally. */
        assert_int_equal(measure_rep(mode, &plan, &row, error, sizeof error), 0);
        assert_string_equal(row.checksum, "2262"); /* primes up to 20000 */
        assert_no_unreaped_children();
    }
}

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

static int fd_is_open(int fd)
{
    return fcntl(fd, F_GETFD) != -1;
}

/* An on-demand worker needs two pipes.  When the second cannot be made
 * (here: the descriptor limit allows exactly one more pipe), the start
 * fails with a message and the first pipe is closed again, not leaked. */
static void test_pool_pipe_failure_leaks_no_descriptor(void **unused)
{
    const struct kernel *k = kernel_find("primes");
    struct run_plan plan = {.kernel = k, .items = 2000, .tasks = 4, .workers = 1, .timeout_s = 60};
    struct rlimit old, low;
    struct rep_row row;
    char error[256];
    int first_free, rc;
    (void)unused;

    first_free = dup(0);
    assert_true(first_free >= 0);
    assert_int_equal(close(first_free), 0);
    for (int fd = first_free; fd < first_free + 4; fd++)
        assert_false(fd_is_open(fd));
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    low = old;
    low.rlim_cur = (rlim_t)first_free + 2;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
    rc = measure_rep(mode_find("pool"), &plan, &row, error, sizeof error);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);

    assert_int_equal(rc, -1);
    print_message("pool: %s\n", error);
    assert_non_null(strstr(error, "pipe for worker 0"));
    assert_false(fd_is_open(first_free));
    assert_false(fd_is_open(first_free + 1));
    assert_no_unreaped_children();
}

/* The statuses of enum worker_exit are named in the parent's message. */
static void test_worker_exit_statuses_are_named(void **unused)
{
    static const struct { int code; const char *meaning; } cases[] = {
        {WORKER_EXIT_WRITE, "status 3 (could not write to the parent)"},
        {WORKER_EXIT_READ, "status 4 (could not read its work from the parent)"},
        {WORKER_EXIT_SETUP, "status 5 (could not set itself up)"},
        {WORKER_EXIT_EXEC, "status 127 (could not start)"},
        {1, "status 1"},
    };
    (void)unused;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char problem[128];
        int status;
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            _exit(cases[i].code);
        assert_int_equal(child_wait(pid, &status, NULL), 0);
        assert_int_equal(child_status_problem(status, problem, sizeof problem), -1);
        assert_non_null(strstr(problem, cases[i].meaning));
    }
}

/* readlink() cuts a long path silently; self_exe_path() refuses it. */
static void test_self_exe_path_detects_truncation(void **unused)
{
    char path[4096], tiny[4];
    (void)unused;

    assert_int_equal(self_exe_path(path, sizeof path), 0);
    assert_non_null(strstr(path, "test_modes"));
    assert_int_equal(access(path, X_OK), 0);
    errno = 0;
    assert_int_equal(self_exe_path(tiny, sizeof tiny), -1);
    assert_int_equal(errno, ENAMETOOLONG);
    /* Exactly the path's length leaves no room for the terminator. */
    errno = 0;
    assert_int_equal(self_exe_path(path, strlen(path)), -1);
    assert_int_equal(errno, ENAMETOOLONG);
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
        cmocka_unit_test(test_worker_dying_after_its_results_fails_the_run),
        cmocka_unit_test(test_process_modes_report_crashed_worker),
        cmocka_unit_test(test_process_modes_kill_hung_worker),
        cmocka_unit_test(test_fork_counts_children_cpu),
        cmocka_unit_test(test_traces_are_well_formed),
        cmocka_unit_test(test_pool_pipe_failure_leaks_no_descriptor),
        cmocka_unit_test(test_worker_exit_statuses_are_named),
        cmocka_unit_test(test_self_exe_path_detects_truncation),
    };
    return cmocka_run_group_tests_name("modes", tests, NULL, NULL);
}
