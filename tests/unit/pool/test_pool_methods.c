/* test_pool_methods.c - the pool library's methods (harness/pool/pool.h):
 * the order map, starmap, imap and imap_unordered return results in,
 * chunking, a shared-memory ring smaller than the map, maxtasksperchild,
 * apply_async's callbacks, and the pool mode's checksum for every start
 * method and queue.  Faults: test_pool_faults.c. */
#include "pool_fixture.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "modes/measure.h"
#include "modes/modes.h"
#include "modes/workers/pool_job.h"
#include "registry.h"

static void test_map_in_order_every_start_and_queue(void **unused)
{
    static const size_t chunks[] = {0, 1, 3, 1000};
    enum { N = 257 };
    struct targ args[N];
    struct tres res[N];
    (void)unused;

    fill_args(args, N);
    for (size_t s = 0; s < 3; s++)
        for (size_t q = 0; q < 2; q++) {
            struct pool *p = make_pool(starts[s], queues[q], 3, 0);
            for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
                memset(res, 0, sizeof res);
                assert_int_equal(pool_map(p, args, N, res, chunks[c]), 0);
                assert_squares(res, N);
            }
            close_join_free(p);
            assert_no_children();
        }
}

/* A ring of 8 slots for 100 tasks: the parent refills slots as results
 * are collected, in map and in imap_unordered. */
static void test_shm_ring_smaller_than_the_map(void **unused)
{
    enum { N = 100 };
    struct targ args[N];
    struct tres res[N], r;
    unsigned char seen[N] = {0};
    struct pool *p = make_pool_from((struct pool_config){
        .workers = 3, .start = POOL_START_FORK, .queue = POOL_QUEUE_SHM, .shm_capacity = 8});
    struct pool_iter *it;
    size_t index, k = 0;
    (void)unused;

    fill_args(args, N);
    assert_int_equal(pool_map(p, args, N, res, 3), 0);
    assert_squares(res, N);
    it = pool_imap_unordered(p, args, N, 1);
    assert_non_null(it);
    while (pool_iter_next(it, &r, &index) == 1) {
        assert_int_equal(r.square, (int64_t)(index * index) + OFFSET);
        assert_int_equal(seen[index]++, 0);
        k++;
    }
    assert_int_equal(k, N);
    pool_iter_free(it);
    close_join_free(p);
    assert_no_children();
}

static void test_starmap_takes_structs(void **unused)
{
    struct targ args[4] = {{.value = 2}, {.value = -3}, {.value = 10}, {.value = 0}};
    struct tres res[4];
    struct pool *p = make_pool(POOL_START_FORK, POOL_QUEUE_PIPE, 2, 0);
    (void)unused;

    assert_int_equal(pool_starmap(p, args, 4, res, 1), 0);
    assert_int_equal(res[0].square, 4 + OFFSET);
    assert_int_equal(res[1].square, 9 + OFFSET);
    assert_int_equal(res[2].square, 100 + OFFSET);
    assert_int_equal(res[3].square, OFFSET);
    pool_free(p);
    assert_no_children();
}

/* Task 0 finishes last: imap still gives index 0 first; imap_unordered
 * gives another (task 0 waits for a file the test creates only after the
 * first result). */
static void test_imap_ordered_and_unordered(void **unused)
{
    enum { N = 12 };
    struct targ args[N];
    (void)unused;

    fill_args(args, N);
    snprintf(gate_path, sizeof gate_path, "/tmp/gilbench-test-pool-gate-%ld", (long)getpid());
    for (size_t q = 0; q < 2; q++) {
        struct pool *p = make_pool(POOL_START_FORK, queues[q], 2, 0);
        unsigned char seen[N] = {0};
        struct pool_iter *it;
        struct tres r;
        size_t index, k = 0;
        int got;

        args[0].fault = FAULT_NONE;
        args[0].sleep_us = 100000;  /* slowest: imap must still give it first */
        it = pool_imap(p, args, N, 1);
        assert_non_null(it);
        while ((got = pool_iter_next(it, &r, &index)) == 1) {
            assert_int_equal(index, k);
            assert_int_equal(r.square, (int64_t)(k * k) + OFFSET);
            k++;
        }
        assert_int_equal(got, 0);
        assert_int_equal(k, N);
        pool_iter_free(it);

        /* Many quick tasks first: every worker's pace is then fast, so the
         * pipe queue would read far ahead; even so each worker must get a
         * task before any reads ahead, or one could hold them all behind
         * task 0. */
        struct targ quick[200];
        struct tres quick_res[200];
        fill_args(quick, 200);
        assert_int_equal(pool_map(p, quick, 200, quick_res, 1), 0);
        (void)unlink(gate_path);  /* ENOENT the first time: fine */
        args[0].fault = FAULT_WAIT_GATE;
        args[0].sleep_us = 0;
        it = pool_imap_unordered(p, args, N, 1);
        assert_non_null(it);
        k = 0;
        while ((got = pool_iter_next(it, &r, &index)) == 1) {
            if (k == 0) {
                FILE *gate = fopen(gate_path, "w");
                assert_non_null(gate);
                fclose(gate);
                assert_int_not_equal(index, 0);  /* the others overtake task 0 */
            }
            assert_int_equal(r.square, (int64_t)(index * index) + OFFSET);
            assert_int_equal(seen[index], 0);
            seen[index] = 1;
            k++;
        }
        assert_int_equal(got, 0);
        assert_int_equal(k, N);
        pool_iter_free(it);
        pool_free(p);
        assert_int_equal(unlink(gate_path), 0);
    }
    assert_no_children();
}

/* Every worker may run 2 tasks: 20 tasks need at least 10 processes. */
static void test_maxtasksperchild_replaces_workers(void **unused)
{
    enum { N = 20 };
    struct targ args[N];
    struct tres res[N];
    (void)unused;

    fill_args(args, N);
    for (size_t s = 0; s < 3; s++)
        for (size_t q = 0; q < 2; q++) {
            struct pool *p = make_pool(starts[s], queues[q], 2, 2);
            struct pool_stats st;
            int pids[N];
            unsigned distinct = 0;

            assert_int_equal(pool_map(p, args, N, res, 1), 0);
            for (size_t i = 0; i < N; i++) {
                unsigned j;
                assert_int_equal(res[i].square, (int64_t)(i * i) + OFFSET);
                for (j = 0; j < distinct && pids[j] != res[i].pid; j++)
                    ;
                if (j == distinct)
                    pids[distinct++] = res[i].pid;
            }
            assert_true(distinct >= N / 2);
            pool_get_stats(p, &st);
            assert_true(st.retirements >= N / 2 - 2);
            assert_int_equal(st.replacements, 0);
            close_join_free(p);
            assert_gone(pids, distinct);
        }
    assert_no_children();
}

struct callback_log {
    unsigned calls[16];
    int64_t results[16];
};

static void count_call(size_t index, const void *result, void *data)
{
    struct callback_log *log = data;
    log->calls[index]++;
    log->results[index] = ((const struct tres *)result)->square;
}

static void test_apply_async_callback_once_per_task(void **unused)
{
    (void)unused;
    for (size_t q = 0; q < 2; q++) {
        struct pool *p = make_pool(POOL_START_FORKSERVER, queues[q], 2, 0);
        struct callback_log logs[8];
        struct pool_async *h[8];
        struct tres r;

        memset(logs, 0, sizeof logs);
        for (int i = 0; i < 8; i++) {
            struct targ a = {.value = i, .sleep_us = (uint32_t)(8 - i) * 2000};
            h[i] = pool_apply_async(p, &a, count_call, &logs[i]);
            assert_non_null(h[i]);
        }
        assert_int_equal(pool_async_get(h[3], &r), 0);
        assert_int_equal(r.square, 9 + OFFSET);
        assert_true(pool_async_ready(h[3]));
        pool_close(p);
        assert_int_equal(pool_join(p), 0);
        for (int i = 0; i < 8; i++) {
            /* Each handle is a batch of one: the callback sees index 0. */
            assert_int_equal(logs[i].calls[0], 1);
            assert_int_equal(logs[i].results[0], i * i + OFFSET);
            assert_true(pool_async_ready(h[i]));
            pool_async_free(h[i]);
        }
        pool_free(p);
    }
    assert_no_children();
}

/* The pool mode: one checksum for every start method and queue. */
static void test_pool_mode_checksums(void **unused)
{
    const struct kernel *k = kernel_find("primes");
    const struct mode *pool = mode_find("pool"), *seq = mode_find("seq");
    struct run_plan plan = {.kernel = k, .items = 20000, .tasks = 64, .workers = 2,
                            .timeout_s = 60};
    struct pool_options po;
    struct rep_row row;
    char error[256], reference[48];
    (void)unused;

    assert_int_equal(measure_rep(seq, &plan, &row, error, sizeof error), 0);
    snprintf(reference, sizeof reference, "%s", row.checksum);
    pool_options_default(&po);
    po.server = server;
    plan.pool = &po;
    for (size_t s = 0; s < 3; s++)
        for (size_t q = 0; q < 2; q++) {
            po.start = starts[s];
            po.queue = queues[q];
            plan.chunksize = (uint32_t)(s + q);
            if (measure_rep(pool, &plan, &row, error, sizeof error) != 0)
                fail_msg("%s/%s: %s", pool_start_name(starts[s]), pool_queue_name(queues[q]), error);
            assert_string_equal(row.checksum, reference);
            assert_int_equal(row.worker_replacements, 0);
        }
}

static int run_group(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_map_in_order_every_start_and_queue, reap_strays),
        cmocka_unit_test_teardown(test_shm_ring_smaller_than_the_map, reap_strays),
        cmocka_unit_test_teardown(test_starmap_takes_structs, reap_strays),
        cmocka_unit_test_teardown(test_imap_ordered_and_unordered, reap_strays),
        cmocka_unit_test_teardown(test_maxtasksperchild_replaces_workers, reap_strays),
        cmocka_unit_test_teardown(test_apply_async_callback_once_per_task, reap_strays),
        cmocka_unit_test_teardown(test_pool_mode_checksums, reap_strays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

int main(int argc, char **argv)
{
    return pool_fixture_main(argc, argv, run_group);
}
