/* test_pool.c - the pool library (harness/pool/pool.h): the order each
 * method returns results in, chunking, maxtasksperchild, callbacks, every
 * injected fault survived or reported, every child reaped, and the same
 * answers for every start method and queue.
 *
 * The spawn start method needs a program that serves as a worker: this
 * test binary is one (`test_pool pool-worker`, see main). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "modes/measure.h"
#include "modes/modes.h"
#include "modes/pool_job.h"
#include "pool/forkserver.h"
#include "pool/pool.h"
#include "pool/pool_worker.h"
#include "registry.h"

enum { FAULT_NONE, FAULT_CRASH_ONCE, FAULT_CRASH_ALWAYS, FAULT_HANG_ONCE, FAULT_HANG_ALWAYS,
       FAULT_WAIT_GATE };

/* FAULT_WAIT_GATE: the task waits (up to 5 s) until this file exists, so
 * "finishes last" does not depend on the machine's speed.  Set before the
 * pool forks its workers. */
static char gate_path[PATH_MAX];

struct targ {
    int64_t value;
    uint32_t sleep_us;
    uint32_t fault;
};

struct tres {
    int64_t square;     /* value * value + the initializer's offset */
    int32_t pid;
    uint32_t attempt;
};

static void sleep_us(uint32_t us)
{
    struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static int offset_init(const void *initargs, size_t len, void **state)
{
    int64_t *offset = malloc(sizeof *offset);
    if (offset == NULL || len != sizeof *offset) {
        free(offset);
        return -1;
    }
    memcpy(offset, initargs, sizeof *offset);
    *state = offset;
    return 0;
}

static void offset_fini(void *state)
{
    free(state);
}

static void square_fn(const void *arg, void *result, const struct pool_task_ctx *ctx)
{
    const struct targ *a = arg;
    struct tres *r = result;
    int first = ctx->attempt == 0;

    if (a->fault == FAULT_CRASH_ALWAYS || (a->fault == FAULT_CRASH_ONCE && first))
        raise(SIGKILL);
    if (a->fault == FAULT_HANG_ALWAYS || (a->fault == FAULT_HANG_ONCE && first))
        for (;;)
            pause();
    if (a->fault == FAULT_WAIT_GATE)
        for (int i = 0; i < 5000 && access(gate_path, F_OK) != 0; i++)
            sleep_us(1000);
    sleep_us(a->sleep_us);
    r->square = a->value * a->value + *(const int64_t *)ctx->state;
    r->pid = (int32_t)getpid();
    r->attempt = ctx->attempt;
}

static const struct pool_func square_func = {
    .fn = square_fn, .arg_size = sizeof(struct targ), .result_size = sizeof(struct tres),
    .initializer = offset_init, .finalizer = offset_fini};

static const int64_t OFFSET = 1000;
static char self_exe[PATH_MAX];
static char *spawn_argv[] = {self_exe, "pool-worker", NULL};
static struct forkserver server;

static struct pool *make_pool(enum pool_start start, enum pool_queue queue, unsigned workers,
                              unsigned maxtasks)
{
    struct pool_config cfg = {
        .workers = workers, .start = start, .queue = queue, .func = square_func,
        .initargs = &OFFSET, .initargs_len = sizeof OFFSET, .maxtasksperchild = maxtasks,
        .retries = 2, .forkserver = &server, .spawn_argv = spawn_argv};
    char error[256];
    struct pool *p = pool_create(&cfg, error, sizeof error);

    if (p == NULL)
        fail_msg("pool_create: %s", error);
    return p;
}

static void fill_args(struct targ *args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        args[i] = (struct targ){.value = (int64_t)i};
}

/* Our children in the process table, running or zombie, but the
 * forkserver (which lives for the whole test program): up to `max` pids
 * into pids[], returns how many there are. */
static unsigned our_children(pid_t *pids, unsigned max)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    unsigned n = 0;

    if (d == NULL)
        fail_msg("opendir /proc: %s", strerror(errno));
    while ((e = readdir(d)) != NULL) {
        char path[300], buf[512], *close_paren;
        long pid = strtol(e->d_name, NULL, 10), ppid;
        FILE *f;

        if (pid <= 0 || pid == (long)server.pid)
            continue;
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        f = fopen(path, "r");
        if (f == NULL)
            continue;  /* ended meanwhile */
        if (fgets(buf, sizeof buf, f) != NULL && (close_paren = strrchr(buf, ')')) != NULL &&
            sscanf(close_paren + 2, "%*c %ld", &ppid) == 1 && ppid == (long)getpid()) {
            if (n < max)
                pids[n] = (pid_t)pid;
            n++;
        }
        fclose(f);
    }
    closedir(d);
    return n;
}

static void assert_no_children(void)
{
    assert_int_equal(our_children(NULL, 0), 0);
}

/* After each test: a test that failed half-way leaves its pool's workers;
 * kill and reap them so the next test starts clean and one failure is
 * reported once, not once per later test. */
static int reap_strays(void **unused)
{
    pid_t pids[64];
    unsigned n = our_children(pids, 64);
    (void)unused;

    for (unsigned i = 0; i < n && i < 64; i++) {
        int status;
        (void)kill(pids[i], SIGKILL);  /* ESRCH: it ended meanwhile */
        (void)waitpid(pids[i], &status, 0);
    }
    return 0;
}

/* Gone from the process table: not running, not a zombie. */
static void assert_gone(const int *pids, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        for (int tries = 0; tries < 200 && kill(pids[i], 0) == 0; tries++)
            sleep_us(5000);  /* the forkserver reaps its own: give it a moment */
        errno = 0;
        assert_int_equal(kill(pids[i], 0), -1);
        assert_int_equal(errno, ESRCH);
    }
}

static const enum pool_start starts[] = {POOL_START_FORK, POOL_START_SPAWN, POOL_START_FORKSERVER};
static const enum pool_queue queues[] = {POOL_QUEUE_PIPE, POOL_QUEUE_SHM};

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
                for (size_t i = 0; i < N; i++)
                    assert_int_equal(res[i].square, (int64_t)(i * i) + OFFSET);
            }
            pool_close(p);
            assert_int_equal(pool_join(p), 0);
            pool_free(p);
            assert_no_children();
        }
}

/* A ring of 8 slots for 100 tasks: the parent refills slots as results
 * are collected, in map and in imap_unordered. */
static void test_shm_ring_smaller_than_the_map(void **unused)
{
    enum { N = 100 };
    struct pool_config cfg = {
        .workers = 3, .start = POOL_START_FORK, .queue = POOL_QUEUE_SHM, .func = square_func,
        .initargs = &OFFSET, .initargs_len = sizeof OFFSET, .shm_capacity = 8};
    struct targ args[N];
    struct tres res[N], r;
    unsigned char seen[N] = {0};
    char error[256];
    struct pool *p = pool_create(&cfg, error, sizeof error);
    struct pool_iter *it;
    size_t index, k = 0;
    (void)unused;

    assert_non_null(p);
    fill_args(args, N);
    assert_int_equal(pool_map(p, args, N, res, 3), 0);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(res[i].square, (int64_t)(i * i) + OFFSET);
    it = pool_imap_unordered(p, args, N, 1);
    assert_non_null(it);
    while (pool_iter_next(it, &r, &index) == 1) {
        assert_int_equal(r.square, (int64_t)(index * index) + OFFSET);
        assert_int_equal(seen[index]++, 0);
        k++;
    }
    assert_int_equal(k, N);
    pool_iter_free(it);
    pool_close(p);
    assert_int_equal(pool_join(p), 0);
    pool_free(p);
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
            pool_close(p);
            assert_int_equal(pool_join(p), 0);
            pool_free(p);
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
            for (size_t i = 0; i < N; i++)
                assert_int_equal(res[i].square, (int64_t)(i * i) + OFFSET);
            assert_int_equal(res[5].attempt, 1);
            assert_int_equal(res[30].attempt, 1);
            pool_get_stats(p, &st);
            assert_int_equal(st.replacements, 2);
            assert_int_equal(st.retries, 2);
            pool_close(p);
            assert_int_equal(pool_join(p), 0);
            pool_free(p);
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

static struct pool *make_timed_pool(enum pool_queue queue, double timeout_s)
{
    struct pool_config cfg = {
        .workers = 2, .start = POOL_START_FORK, .queue = queue, .func = square_func,
        .initargs = &OFFSET, .initargs_len = sizeof OFFSET, .retries = 1,
        .task_timeout_s = timeout_s};
    char error[256];
    struct pool *p = pool_create(&cfg, error, sizeof error);
    if (p == NULL)
        fail_msg("pool_create: %s", error);
    return p;
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
        struct pool *p = make_timed_pool(queues[q], 0.6);
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
    struct pool_config cfg = {
        .workers = 2, .start = POOL_START_FORKSERVER, .forkserver = &server, .func = square_func,
        .initargs = &OFFSET, .initargs_len = sizeof OFFSET, .should_stop = stop_now};
    struct targ args[4];
    struct tres res[4];
    char error[256];
    struct pool *p = pool_create(&cfg, error, sizeof error);
    int pids[2];
    (void)unused;

    assert_non_null(p);
    fill_args(args, 4);
    args[0].fault = FAULT_HANG_ALWAYS;
    assert_int_equal(pool_worker_pids(p, pids, 2), 2);
    assert_int_equal(pool_map(p, args, 4, res, 1), -1);
    assert_non_null(strstr(pool_error(p), "interrupted by signal 2"));
    pool_terminate(p);
    pool_free(p);
    assert_gone(pids, 2);
}

static long parent_of(int pid)
{
    char path[64], buf[512], *close_paren;
    long ppid = -1;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    if (fgets(buf, sizeof buf, f) != NULL && (close_paren = strrchr(buf, ')')) != NULL &&
        sscanf(close_paren + 2, "%*c %ld", &ppid) != 1)
        ppid = -1;
    fclose(f);
    return ppid;
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
    pool_close(p);
    assert_int_equal(pool_join(p), 0);
    pool_free(p);
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

int main(int argc, char **argv)
{
    char error[256];
    ssize_t n;
    int failed;

    if (argc == 2 && strcmp(argv[1], "pool-worker") == 0)
        return pool_worker_main(&square_func);
    n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
    if (n < 0)
        return 1;
    self_exe[n] = '\0';
    /* The kernel pool's spawn workers are gilbench itself; tests run from
     * the top of the tree. */
    if (setenv("GILBENCH_WORKER_EXE", "bin/gilbench", 0) != 0)
        return 1;
    if (forkserver_start(&server, error, sizeof error) != 0) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_map_in_order_every_start_and_queue, reap_strays),
        cmocka_unit_test_teardown(test_shm_ring_smaller_than_the_map, reap_strays),
        cmocka_unit_test_teardown(test_starmap_takes_structs, reap_strays),
        cmocka_unit_test_teardown(test_imap_ordered_and_unordered, reap_strays),
        cmocka_unit_test_teardown(test_maxtasksperchild_replaces_workers, reap_strays),
        cmocka_unit_test_teardown(test_apply_async_callback_once_per_task, reap_strays),
        cmocka_unit_test_teardown(test_crash_once_is_retried, reap_strays),
        cmocka_unit_test_teardown(test_poison_task_fails_naming_it, reap_strays),
        cmocka_unit_test_teardown(test_hung_task_killed_and_retried, reap_strays),
        cmocka_unit_test_teardown(test_worker_killed_from_outside, reap_strays),
        cmocka_unit_test_teardown(test_should_stop_ends_the_wait, reap_strays),
        cmocka_unit_test_teardown(test_forkserver_workers_are_the_servers, reap_strays),
        cmocka_unit_test_teardown(test_misuse_is_refused, reap_strays),
        cmocka_unit_test_teardown(test_pool_mode_checksums, reap_strays),
    };
    failed = cmocka_run_group_tests(tests, NULL, NULL);
    /* The server ends, and with it nothing may be left: it reaped its own. */
    if (forkserver_stop(&server) != 0) {
        fprintf(stderr, "the forkserver did not end cleanly\n");
        failed++;
    }
    int status;
    if (waitpid(-1, &status, WNOHANG) != -1 || errno != ECHILD) {
        fprintf(stderr, "a child was left behind\n");
        failed++;
    }
    return failed;
}
