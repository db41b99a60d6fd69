/* test_pool_faults.c - the pool library (harness/pool/pool.h) under
 * faults: a crashed worker's task retried, a task that always crashes
 * reported by its index, a hung task killed after its timeout, a worker
 * killed from outside replaced, a stop request ending the wait, the
 * forkserver reaping its own workers, misuse refused; every child reaped. */
#include "pool_fixture.h"

#include <signal.h>
#include <string.h>

static void test_crash_once_is_retried(void **unused)
{
    enum { N = 40 };
    struct targ args[N];
    struct tres res[N];
    (void)unused;

    fill_args(args, N);
    args[5].fault = FAULT_CRASH_ONCE;
    args[30].fault = FAULT_CRASH_ONCE;
    for (size_t s = 0; s < 3; s++)
        for (size_t q = 0; q < 2; q++) {
            struct pool *p = make_pool(starts[s], queues[q], 2, 0);
            struct pool_stats st;

            assert_int_equal(pool_map(p, args, N, res, 2), 0);
            assert_squares(res, N);
            assert_int_equal(res[5].attempt, 1);
            assert_int_equal(res[30].attempt, 1);
            pool_get_stats(p, &st);
            assert_int_equal(st.replacements, 2);
            assert_int_equal(st.retries, 2);
            close_join_free(p);
            assert_no_children();
        }
}

static void test_poison_task_fails_naming_it(void **unused)
{
    enum { N = 20 };
    struct targ args[N];
    struct tres res[N];
    (void)unused;

    fill_args(args, N);
    args[7].fault = FAULT_CRASH_ALWAYS;
    for (size_t s = 0; s < 3; s++)
        for (size_t q = 0; q < 2; q++) {
            struct pool *p = make_pool(starts[s], queues[q], 2, 0);
            struct pool_stats st;

            assert_int_equal(pool_map(p, args, N, res, 1), -1);
            assert_non_null(strstr(pool_error(p), "task 7:"));
            assert_non_null(strstr(pool_error(p), "signal 9"));
            assert_non_null(strstr(pool_error(p), "3 tries"));
            pool_get_stats(p, &st);
            assert_int_equal(st.replacements, 3);
            pool_terminate(p);
            pool_free(p);
            assert_no_children();
        }
}

static void test_hung_task_killed_and_retried(void **unused)
{
    enum { N = 10 };
    struct targ args[N];
    struct tres res[N];
    (void)unused;

    for (size_t q = 0; q < 2; q++) {
        /* Long enough that a worker merely not scheduled on a loaded
         * machine (sanitizers, parallel make) is not taken for hung. */
        struct pool *p = make_pool_from((struct pool_config){
            .workers = 2, .start = POOL_START_FORK, .queue = queues[q], .retries = 1,
            .task_timeout_s = 0.6});
        struct pool_stats st;

        fill_args(args, N);
        args[4].fault = FAULT_HANG_ONCE;
        assert_int_equal(pool_map(p, args, N, res, 1), 0);
        assert_int_equal(res[4].square, 16 + OFFSET);
        assert_int_equal(res[4].attempt, 1);
        pool_get_stats(p, &st);
        assert_int_equal(st.replacements, 1);
        args[4].fault = FAULT_HANG_ALWAYS;
        assert_int_equal(pool_map(p, args, N, res, 1), -1);
        assert_non_null(strstr(pool_error(p), "task 4:"));
        assert_non_null(strstr(pool_error(p), "task timeout"));
        pool_free(p);
        assert_no_children();
    }
}

/* Killed from outside in the middle of a task: found at once, replaced. */
static void test_worker_killed_from_outside(void **unused)
{
    enum { N = 16 };
    struct targ args[N];
    (void)unused;

    fill_args(args, N);
    for (size_t i = 0; i < N; i++)
        args[i].sleep_us = 30000;
    for (size_t s = 0; s < 3; s++) {
        struct pool *p = make_pool(starts[s], POOL_QUEUE_SHM, 2, 0);
        struct pool_iter *it = pool_imap(p, args, N, 1);
        struct pool_stats st;
        struct tres r;
        size_t index, k = 0;
        int pids[2];

        while (pool_iter_next(it, &r, &index) == 1) {
            if (k == 1) {
                assert_int_equal(pool_worker_pids(p, pids, 2), 2);
                assert_int_equal(kill(pids[0], SIGTERM), 0);
            }
            assert_int_equal(index, k);
            assert_int_equal(r.square, (int64_t)(k * k) + OFFSET);
            k++;
        }
        assert_int_equal(k, N);
        pool_iter_free(it);
        pool_get_stats(p, &st);
        assert_int_equal(st.replacements, 1);
        pool_free(p);
        assert_gone(pids, 2);
    }
    assert_no_children();
}

static int stop_now(void)
{
    return SIGINT;
}

static void test_should_stop_ends_the_wait(void **unused)
{
    struct targ args[4];
    struct tres res[4];
    struct pool *p = make_pool_from((struct pool_config){
        .workers = 2, .start = POOL_START_FORKSERVER, .forkserver = &server,
        .should_stop = stop_now});
    int pids[2];
    (void)unused;

    fill_args(args, 4);
    args[0].fault = FAULT_HANG_ALWAYS;
    assert_int_equal(pool_worker_pids(p, pids, 2), 2);
    assert_int_equal(pool_map(p, args, 4, res, 1), -1);
    assert_non_null(strstr(pool_error(p), "interrupted by signal 2"));
    pool_terminate(p);
    pool_free(p);
    assert_gone(pids, 2);
}

/* forkserver workers are the server's children, not ours, and the server
 * reaps them: once the pool is gone they are gone from the process table
 * (a zombie would still be there). */
static void test_forkserver_workers_are_the_servers(void **unused)
{
    struct pool *p = make_pool(POOL_START_FORKSERVER, POOL_QUEUE_PIPE, 3, 0);
    int pids[3];
    (void)unused;

    assert_int_equal(pool_worker_pids(p, pids, 3), 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(parent_of(pids[i]), (long)server.pid);
    assert_no_children();
    close_join_free(p);
    assert_gone(pids, 3);
}

static void test_misuse_is_refused(void **unused)
{
    struct pool_config cfg = {.workers = 0, .func = square_func};
    struct targ a = {.value = 1};
    struct tres r;
    char error[256];
    struct pool *p;
    (void)unused;

    assert_null(pool_create(&cfg, error, sizeof error));
    assert_non_null(strstr(error, "workers"));
    cfg.workers = 1;
    cfg.start = POOL_START_SPAWN;
    assert_null(pool_create(&cfg, error, sizeof error));
    assert_non_null(strstr(error, "spawn_argv"));
    p = make_pool(POOL_START_FORK, POOL_QUEUE_PIPE, 1, 0);
    assert_int_equal(pool_join(p), -1);  /* join before close */
    pool_free(p);
    p = make_pool(POOL_START_FORK, POOL_QUEUE_PIPE, 1, 0);
    pool_close(p);
    assert_int_equal(pool_map(p, &a, 1, &r, 1), -1);  /* map after close */
    pool_free(p);
    assert_no_children();
}

static int run_group(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_crash_once_is_retried, reap_strays),
        cmocka_unit_test_teardown(test_poison_task_fails_naming_it, reap_strays),
        cmocka_unit_test_teardown(test_hung_task_killed_and_retried, reap_strays),
        cmocka_unit_test_teardown(test_worker_killed_from_outside, reap_strays),
        cmocka_unit_test_teardown(test_should_stop_ends_the_wait, reap_strays),
        cmocka_unit_test_teardown(test_forkserver_workers_are_the_servers, reap_strays),
        cmocka_unit_test_teardown(test_misuse_is_refused, reap_strays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

int main(int argc, char **argv)
{
    return pool_fixture_main(argc, argv, run_group);
}
