/* test_modes_faults.c - failures of workers in the process modes: a
 * worker that dies after reporting everything, one killed by a signal, one
 * hung past the deadline, a pipe that cannot be made, each reported (the
 * exit statuses by name) with every child reaped; self_exe_path refusing a
 * truncated path. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lib/measurement/clock.h"
#include "lib/processes/child_io.h"
#include "modes/measure.h"
#include "modes/modes.h"
#include "modes/workers/proc_crew.h"
#include "modes/workers/tasks.h"
#include "modes_fixture.h"
#include "registry.h"

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
        cmocka_unit_test(test_worker_dying_after_its_results_fails_the_run),
        cmocka_unit_test(test_process_modes_report_crashed_worker),
        cmocka_unit_test(test_process_modes_kill_hung_worker),
        cmocka_unit_test(test_pool_pipe_failure_leaks_no_descriptor),
        cmocka_unit_test(test_worker_exit_statuses_are_named),
        cmocka_unit_test(test_self_exe_path_detects_truncation),
    };
    return cmocka_run_group_tests_name("modes_faults", tests, NULL, NULL);
}
