/* test_eventloop.c - the eventloop mode: the same checksums as seq, waits
 * that really overlap (counted, never timed), CPU work that never yields,
 * and no descriptor left behind on success or failure. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "modes/event_loop.h"
#include "modes/fiber.h"
#include "modes/measure.h"
#include "modes/modes.h"
#include "registry.h"

/* Small sizes: the suite also runs under ASan and TSan. */
static uint64_t test_items(const struct kernel *k)
{
    static const struct { const char *name; uint64_t items; } sizes[] = {
        {"primes", 20000}, {"sumsq", 1000000}, {"sqrtsum", 1000000}, {"pi", 500000},
        {"mandelbrot", 48}, {"sleep", 40}, {"triad", 300000},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (strcmp(sizes[i].name, k->name) == 0)
            return sizes[i].items;
    return k->quick_items / 100 + 16;
}

/* Open descriptors of this process (the directory's own is counted in
 * both calls alike). */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    assert_int_equal(closedir(d), 0);
    return n;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

static void test_checksums_equal_seq_for_every_kernel(void **unused)
{
    static const uint32_t in_flight[] = {1, 2, 3, 8, 40};
    (void)unused;

    for (size_t i = 0; i < kernel_count; i++) {
        const struct kernel *k = kernel_table[i];
        struct run_plan plan = {.kernel = k, .items = test_items(k), .tasks = 16, .workers = 1,
                                .timeout_s = 60};
        struct rep_row row;
        char error[256], reference[48];

        if (k->setup != NULL)
            assert_int_equal(k->setup(plan.items, &plan.state), 0);
        if (measure_rep(mode_find("seq"), &plan, &row, error, sizeof error) != 0)
            fail_msg("%s/seq: %s", k->name, error);
        snprintf(reference, sizeof reference, "%s", row.checksum);
        for (size_t w = 0; w < sizeof in_flight / sizeof in_flight[0]; w++) {
            plan.workers = in_flight[w];
            if (measure_rep(mode_find("eventloop"), &plan, &row, error, sizeof error) != 0)
                fail_msg("%s/eventloop -w %u: %s", k->name, plan.workers, error);
            if (strcmp(row.checksum, reference) != 0)
                fail_msg("%s/eventloop -w %u: checksum %s, seq gave %s", k->name, plan.workers,
                         row.checksum, reference);
            assert_true(row.startup_s >= 0 && row.compute_s > 0 && row.collect_s >= 0);
            assert_true(row.gil.acquisitions == 0);
        }
        if (k->teardown != NULL)
            k->teardown(plan.state);
    }
}

/* The lesson's whole point, counted rather than timed: with N in flight,
 * N timers are armed at once and the loop blocks with all N pending; with
 * one in flight, one at a time, a block per wait. */
static void test_waits_overlap_up_to_the_tasks_in_flight(void **unused)
{
    static const uint32_t in_flight[] = {1, 2, 8, 16, 64};
    const struct kernel *k = kernel_find("sleep");
    (void)unused;

    for (size_t w = 0; w < sizeof in_flight / sizeof in_flight[0]; w++) {
        struct run_plan plan = {.kernel = k, .items = 48, .tasks = 16, .workers = in_flight[w],
                                .timeout_s = 60};
        struct rep_result result;
        struct loop_stats st;
        uint32_t n = min_u32(plan.workers, plan.tasks);

        memset(&result, 0, sizeof result);
        assert_int_equal(event_loop_run(&plan, &result, &st), 0);
        assert_int_equal(result.total.count, plan.items);
        assert_int_equal(st.in_flight, n);
        assert_int_equal(st.waits, plan.items);
        assert_int_equal(st.max_armed, n);
        assert_int_equal(st.max_armed_at_epoll, n);
        /* Each block ends at most n waits, and each wait needs one. */
        assert_true(st.epoll_waits >= (plan.items + n - 1) / n);
        assert_true(st.epoll_waits <= plan.items);
        if (n == 1)
            assert_int_equal(st.epoll_waits, plan.items);
        /* Into a task once to start it, and once after every wait. */
        assert_int_equal(st.switches, n + plan.items);
        print_message("sleep, %2u in flight: %2u timers armed at once, %3lu blocks for %lu waits\n",
                      plan.workers, st.max_armed, (unsigned long)st.epoll_waits,
                      (unsigned long)st.waits);
    }
}

/* CPU work never waits, so it never yields: the first coroutine runs every
 * task, the loop never blocks - one core, whatever -w says. */
static void test_cpu_work_never_yields(void **unused)
{
    const struct kernel *k = kernel_find("primes");
    struct run_plan plan = {.kernel = k, .items = 20000, .tasks = 16, .workers = 8, .timeout_s = 60};
    struct rep_result result;
    struct loop_stats st;
    (void)unused;

    memset(&result, 0, sizeof result);
    assert_int_equal(event_loop_run(&plan, &result, &st), 0);
    assert_int_equal(result.total.count, 2262); /* primes below 20000 */
    assert_int_equal(st.waits, 0);
    assert_int_equal(st.epoll_waits, 0);
    assert_int_equal(st.max_armed, 0);
    assert_int_equal(st.switches, st.in_flight);
}

static void test_no_descriptor_left_after_runs(void **unused)
{
    const struct kernel *k = kernel_find("sleep");
    int before = open_fds();
    (void)unused;

    for (uint32_t w = 1; w <= 32; w *= 2) {
        struct run_plan plan = {.kernel = k, .items = 20, .tasks = 20, .workers = w, .timeout_s = 60};
        struct rep_result result;

        memset(&result, 0, sizeof result);
        assert_int_equal(event_loop_run(&plan, &result, NULL), 0);
        assert_int_equal(open_fds(), before);
    }
}

/* With the descriptor limit allowing the epoll instance and only some of
 * the timerfds, the run fails saying which call failed, and closes every
 * descriptor it had made. */
static void test_descriptor_exhaustion_fails_cleanly(void **unused)
{
    const struct kernel *k = kernel_find("sleep");
    struct run_plan plan = {.kernel = k, .items = 16, .tasks = 16, .workers = 8, .timeout_s = 60};
    struct rlimit old, low;
    struct rep_result result;
    int before, first_free, rc;
    (void)unused;

    for (int room = 0; room < 4; room++) {
        first_free = dup(0);
        assert_true(first_free >= 0);
        assert_int_equal(close(first_free), 0);
        before = open_fds();
        assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
        low = old;
        /* Descriptors are allocated lowest first: `room` of them fit. */
        low.rlim_cur = (rlim_t)first_free + (rlim_t)room;
        assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
        memset(&result, 0, sizeof result);
        rc = event_loop_run(&plan, &result, NULL);
        assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
        assert_int_equal(rc, -1);
        assert_non_null(strstr(result.error, room == 0 ? "epoll_create1" : "timerfd_create"));
        assert_non_null(strstr(result.error, "Too many open files"));
        assert_int_equal(open_fds(), before);
    }
}

/* --- the coroutines themselves ------------------------------------------ */

struct pingpong {
    struct fiber main, f[2];
    char log[16];
    int n;
};

struct pingpong_arg {
    struct pingpong *pp;
    int id;
};

/* Each fiber logs, yields, logs again, and ends; a fiber also fills part
 * of its own stack, which must not disturb the other's. */
static void pingpong_main(void *arg)
{
    struct pingpong_arg *a = arg;
    struct pingpong *pp = a->pp;
    volatile char scratch[64 * 1024];

    for (size_t i = 0; i < sizeof scratch; i++)
        scratch[i] = (char)a->id;
    pp->log[pp->n++] = (char)('a' + a->id);
    fiber_switch(&pp->f[a->id], &pp->main);
    pp->log[pp->n++] = (char)('A' + a->id);
    for (size_t i = 0; i < sizeof scratch; i++)
        if (scratch[i] != (char)a->id)
            pp->log[pp->n++] = '!';
    fiber_exit(&pp->f[a->id], &pp->main);
}

static void test_fibers_interleave_where_they_yield(void **unused)
{
    struct pingpong pp = {.n = 0};
    struct pingpong_arg args[2] = {{&pp, 0}, {&pp, 1}};
    (void)unused;

    fiber_init_thread(&pp.main);
    for (int i = 0; i < 2; i++)
        assert_int_equal(fiber_create(&pp.f[i], 256 * 1024, pingpong_main, &args[i], &pp.main), 0);
    fiber_switch(&pp.main, &pp.f[0]);
    fiber_switch(&pp.main, &pp.f[1]);
    fiber_switch(&pp.main, &pp.f[1]);
    fiber_switch(&pp.main, &pp.f[0]);
    assert_string_equal(pp.log, "abBA");
    for (int i = 0; i < 2; i++)
        assert_int_equal(fiber_destroy(&pp.f[i]), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fibers_interleave_where_they_yield),
        cmocka_unit_test(test_checksums_equal_seq_for_every_kernel),
        cmocka_unit_test(test_waits_overlap_up_to_the_tasks_in_flight),
        cmocka_unit_test(test_cpu_work_never_yields),
        cmocka_unit_test(test_no_descriptor_left_after_runs),
        cmocka_unit_test(test_descriptor_exhaustion_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
