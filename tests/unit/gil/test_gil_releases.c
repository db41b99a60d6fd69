/* test_gil_releases.c - when the simulated GIL is let go and how that is
 * counted: blocking sections release it, the switch interval is clamped
 * to 1 us, hand-overs count changes of holder and nothing else, and
 * gil-legacy's ticker weighs a checkpoint as several ticks.
 *
 * Threads cannot call cmocka's assertions (they longjmp), so they count
 * violations in atomics and the main thread asserts on the counts.
 *
 * No test here passes or fails on how fast anything is: bounds on time
 * only stop a broken lock from hanging the suite. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "lib/measurement/clock.h"
#include "gil/gil_legacy.h"
#include "gil/gil_new.h"
#include "gil/trace.h"
#include "hooks.h"

#include "gil_threads.h"

/* --- blocking sections release the GIL ------------------------------ */

struct blocker {
    struct gil *gil;
    struct gil_thread t;
    sem_t blocked, resume;
    atomic_int back;
};

static void *blocker_main(void *arg)
{
    struct blocker *b = arg;
    struct worker_ctx ctx;

    ctx_for(&ctx, &b->t);
    gil_take(&b->t);
    blocking_begin(&ctx);
    sem_post(&b->blocked);
    while (sem_wait(&b->resume) != 0 && errno == EINTR)
        ;
    blocking_end(&ctx);
    atomic_store(&b->back, 1);
    gil_release_final(&b->t);
    return NULL;
}

static void *take_and_hold(void *arg)
{
    gil_take(arg);
    return NULL;
}

static void test_blocking_section_releases(void **unused)
{
    struct gil g;
    struct blocker b;
    struct gil_thread main_t;
    pthread_t bt, taker;
    (void)unused;

    memset(&b, 0, sizeof b);
    assert_int_equal(gil_init(&g, 0.005), 0);
    b.gil = &g;
    gil_thread_init(&b.t, &gil_new_ops, &g, 0);
    gil_thread_init(&main_t, &gil_new_ops, &g, 1);
    assert_int_equal(sem_init(&b.blocked, 0, 0), 0);
    assert_int_equal(sem_init(&b.resume, 0, 0), 0);
    assert_int_equal(pthread_create(&bt, NULL, blocker_main, &b), 0);
    assert_int_equal(sem_wait(&b.blocked), 0);

    /* While the blocker waits, another thread can take the GIL. */
    assert_int_equal(pthread_create(&taker, NULL, take_and_hold, &main_t), 0);
    join_within(taker, 30);
    assert_int_equal(main_t.stats.acquisitions, 1);

    /* The blocker comes back from its call but must wait for the GIL,
     * which the taker still holds (ownership moves with the state). */
    assert_int_equal(sem_post(&b.resume), 0);
    /* Wait for the event itself, not for a while: the blocker is in
     * take_gil, has waited a whole interval (5 ms) and asked the holder to
     * drop.  The taker never reaches a checkpoint, so the blocker must
     * still be waiting. */
    double give_up = clock_now() + 30.0;
    struct timespec poll_step = {.tv_sec = 0, .tv_nsec = 1000 * 1000};
    while (!atomic_load(&g.drop_request)) {
        if (clock_now() > give_up)
            fail_msg("the blocker never asked for the GIL back");
        nanosleep(&poll_step, NULL);
    }
    assert_int_equal(atomic_load(&b.back), 0);

    gil_release_final(&main_t);
    join_within(bt, 30);
    assert_int_equal(atomic_load(&b.back), 1);
    assert_int_equal(b.t.stats.acquisitions, 2);
    assert_int_equal(sem_destroy(&b.blocked), 0);
    assert_int_equal(sem_destroy(&b.resume), 0);
    gil_destroy(&g);
}

static void test_interval_is_clamped_to_one_microsecond(void **unused)
{
    struct gil g;
    (void)unused;

    assert_int_equal(gil_init(&g, 0.0), 0);
    assert_int_equal(g.interval_us, 1);
    gil_destroy(&g);
    assert_int_equal(gil_init(&g, 0.005), 0);
    assert_int_equal(g.interval_us, 5000);
    gil_destroy(&g);
}

/* --- hand-overs count changes of holder, nothing else --------------- */

/* One OS thread plays two Python threads in a fixed order, so the count is
 * exact: A takes (first take, from nobody: not a hand-over), A releases
 * around a blocking call, B takes (1), B finishes, A comes back (2), A
 * releases and re-takes with nobody else in between (still 2). */
static void handover_script(const struct gil_ops *ops, void *lock)
{
    struct gil_thread a, b;
    struct gil_stats total = {0};

    gil_thread_init(&a, ops, lock, 0);
    gil_thread_init(&b, ops, lock, 1);
    gil_take(&a);
    gil_blocking_begin(&a);
    gil_take(&b);
    gil_release_final(&b);
    gil_blocking_end(&a);
    gil_blocking_begin(&a);
    gil_blocking_end(&a);
    gil_release_final(&a);
    gil_stats_add(&total, &a.stats);
    gil_stats_add(&total, &b.stats);
    assert_int_equal(total.acquisitions, 4);
    assert_int_equal(total.handovers, 2);
    assert_int_equal(a.stats.handovers, 1);
    assert_int_equal(b.stats.handovers, 1);
    assert_int_equal(total.drop_requests, 0);
}

static void test_handovers_count_changes_of_holder(void **unused)
{
    struct gil g;
    struct gil_legacy lg;
    (void)unused;

    assert_int_equal(gil_init(&g, 0.005), 0);
    handover_script(&gil_new_ops, &g);
    gil_destroy(&g);
    assert_int_equal(gil_legacy_init(&lg, 100), 0);
    handover_script(&gil_legacy_ops, &lg);
    gil_legacy_destroy(&lg);
}

/* --- gil-legacy counts ticks, a checkpoint weighing several ------------ */

/* One thread alone, so every count is exact.  30 ticks a checkpoint, 100
 * per interval: the ticker runs 100 70 40 10 -20(+100 = 80: release) 50
 * 20 -10(90: release) 60 30 0(100: release): three releases in ten
 * checkpoints, as 300 ticks make.  With an interval of 1 every checkpoint
 * releases once, never more. */
static unsigned legacy_releases(unsigned check_interval, double ticks, int checkpoints)
{
    struct gil_legacy g;
    struct gil_thread t;
    struct worker_ctx ctx;

    assert_int_equal(gil_legacy_init(&g, check_interval), 0);
    gil_thread_init(&t, &gil_legacy_ops, &g, 0);
    t.ticks_per_checkpoint = ticks;
    ctx_for(&ctx, &t);
    gil_take(&t);
    for (int i = 0; i < checkpoints; i++)
        checkpoint(&ctx);
    gil_release_final(&t);
    gil_legacy_destroy(&g);
    return (unsigned)t.stats.acquisitions - 1;
}

static void test_legacy_ticks_per_checkpoint(void **unused)
{
    (void)unused;
    assert_int_equal(legacy_releases(100, 30, 10), 3);
    assert_int_equal(legacy_releases(100, 30, 1000), 300);
    assert_int_equal(legacy_releases(100, 1, 1000), 10);
    assert_int_equal(legacy_releases(1, 30, 10), 10);
    /* A fraction counts: at 2.5 ticks a checkpoint the releases come at
     * checkpoints 40, 80, 120.  Rounded to 3 there would be 3 releases in
     * 100 checkpoints; rounded to 2, 2 in 120. */
    assert_int_equal(legacy_releases(100, 2.5, 100), 2);
    assert_int_equal(legacy_releases(100, 2.5, 120), 3);
    assert_true(gil_ticks_per_checkpoint(0) == 1.0);
    assert_true(gil_ticks_per_checkpoint(-5) == 1.0);
    assert_float_equal(gil_ticks_per_checkpoint(GIL_TICK_NS * 24.4), 24.4, 1e-9);
    assert_float_equal(gil_ticks_per_checkpoint(GIL_TICK_NS * 0.2), 0.2, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocking_section_releases),
        cmocka_unit_test(test_interval_is_clamped_to_one_microsecond),
        cmocka_unit_test(test_handovers_count_changes_of_holder),
        cmocka_unit_test(test_legacy_ticks_per_checkpoint),
    };
    return cmocka_run_group_tests_name("gil_releases", tests, NULL, NULL);
}
