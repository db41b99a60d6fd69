/* test_gil.c - the invariants of the simulated GIL.
 *
 * Threads cannot call cmocka's assertions (they longjmp), so they count
 * violations in atomics and the main thread asserts on the counts.  Run
 * under TSan too: the plain `shared_counter` is only safe if the GIL
 * really orders its holders, and TSan reports a race if it does not.
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

#include "lib/clock.h"
#include "gil/gil_legacy.h"
#include "gil/gil_new.h"
#include "gil/trace.h"
#include "hooks.h"

#include "gil_threads.h"

/* --- never two holders --------------------------------------------- */

struct exclusion {
    const struct gil_ops *ops;
    void *lock;
    int need_drop_request;    /* keep going until a waiter has asked for a drop */
    atomic_int saw_drop_request;
    pthread_barrier_t start;  /* every thread wants the GIL before anyone works */
    atomic_int inside;        /* threads between a take and their next checkpoint */
    atomic_int violations;
    long shared_counter;      /* plain on purpose: only the GIL protects it */
};

struct exclusion_worker {
    struct exclusion *x;
    struct gil_thread t;
    int blocking;             /* also release around a fake blocking call */
    long rounds;
};

enum { EXCLUSION_ROUNDS = 3000, EXCLUSION_THREADS = 4 };

static void *exclusion_main(void *arg)
{
    struct exclusion_worker *w = arg;
    struct worker_ctx ctx;
    volatile unsigned spin = 0;

    ctx_for(&ctx, &w->t);
    pthread_barrier_wait(&w->x->start);
    gil_take(&w->t);
    /* A fixed number of rounds, and, under the new GIL, on until some
     * waiter has timed out and asked for a drop: the test then covers the
     * forced hand-over whatever the scheduler did, instead of hoping. */
    for (int round = 0; round < EXCLUSION_ROUNDS ||
                        (w->x->need_drop_request && !atomic_load(&w->x->saw_drop_request));
         round++) {
        if (atomic_fetch_add(&w->x->inside, 1) != 0)
            atomic_fetch_add(&w->x->violations, 1);
        w->x->shared_counter++;
        for (int i = 0; i < 3000; i++)
            spin++;
        atomic_fetch_sub(&w->x->inside, 1);
        if (w->blocking && round % 50 == 0) {
            blocking_begin(&ctx);
            blocking_end(&ctx);
        }
        checkpoint(&ctx);
        if (w->t.stats.drop_requests > 0)
            atomic_store(&w->x->saw_drop_request, 1);
        w->rounds++;
    }
    gil_release_final(&w->t);
    return NULL;
}

/* Runs EXCLUSION_THREADS threads under the GIL `ops`/`lock`; returns the
 * summed counters after asserting mutual exclusion. */
static struct gil_stats run_exclusion(const struct gil_ops *ops, void *lock, int need_drop_request)
{
    struct exclusion x;
    struct exclusion_worker w[EXCLUSION_THREADS];
    pthread_t th[EXCLUSION_THREADS];
    struct gil_stats total = {0};
    long rounds = 0;

    memset(&x, 0, sizeof x);
    memset(w, 0, sizeof w);
    x.ops = ops;
    x.lock = lock;
    x.need_drop_request = need_drop_request;
    assert_int_equal(pthread_barrier_init(&x.start, NULL, EXCLUSION_THREADS), 0);
    for (int i = 0; i < EXCLUSION_THREADS; i++) {
        w[i].x = &x;
        w[i].blocking = i % 2;
        gil_thread_init(&w[i].t, ops, lock, (unsigned)i);
        assert_int_equal(pthread_create(&th[i], NULL, exclusion_main, &w[i]), 0);
    }
    for (int i = 0; i < EXCLUSION_THREADS; i++) {
        join_within(th[i], 120);
        gil_stats_add(&total, &w[i].t.stats);
        rounds += w[i].rounds;
    }
    assert_int_equal(pthread_barrier_destroy(&x.start), 0);
    print_message("%s: acquisitions %llu, drop requests %llu, forced switches %llu\n", ops->name,
                  (unsigned long long)total.acquisitions, (unsigned long long)total.drop_requests,
                  (unsigned long long)total.forced_switches);
    assert_int_equal(atomic_load(&x.violations), 0);
    assert_true(total.handovers <= total.acquisitions);
    assert_int_equal(x.shared_counter, rounds);
    assert_true(rounds >= (long)EXCLUSION_ROUNDS * EXCLUSION_THREADS);
    /* Blocking sections alone give 2 x 60 acquisitions beyond the first. */
    assert_true(total.acquisitions > EXCLUSION_THREADS + 100);
    return total;
}

static void test_never_two_holders(void **unused)
{
    struct gil g;
    (void)unused;

    /* A tiny interval makes hand-overs, and so chances to go wrong, frequent. */
    assert_int_equal(gil_init(&g, 0.00005), 0);
    struct gil_stats total = run_exclusion(&gil_new_ops, &g, 1);
    gil_destroy(&g);
    /* The run went on until the drop-request path had been taken. */
    assert_true(total.drop_requests > 0);
}

static void test_legacy_never_two_holders(void **unused)
{
    struct gil_legacy g;
    (void)unused;

    assert_int_equal(gil_legacy_init(&g, 10), 0);
    struct gil_stats total = run_exclusion(&gil_legacy_ops, &g, 0);
    gil_legacy_destroy(&g);
    /* No switch interval, no requests: the old GIL never asks. */
    assert_true(total.drop_requests == 0 && total.forced_switches == 0);
    /* It releases and re-takes every 10 checks: 3000 rounds each. */
    assert_true(total.acquisitions >= EXCLUSION_THREADS * (EXCLUSION_ROUNDS / 10));
}

/* --- a waiter gets the lock: drop request and forced switch ---------- */

struct holder {
    struct gil *gil;
    struct gil_thread t;
    atomic_int holding;
    atomic_int stop;
    sem_t started;
};

static void *holder_main(void *arg)
{
    struct holder *h = arg;
    struct worker_ctx ctx;

    ctx_for(&ctx, &h->t);
    gil_take(&h->t);
    atomic_store(&h->holding, 1);
    sem_post(&h->started);
    /* A CPU-bound thread: it never gives the GIL up of its own accord. */
    while (!atomic_load_explicit(&h->stop, memory_order_relaxed))
        checkpoint(&ctx);
    gil_release_final(&h->t);
    return NULL;
}

struct waiter {
    struct gil_thread t;
    atomic_int got_it;
};

static void *waiter_main(void *arg)
{
    struct waiter *w = arg;

    gil_take(&w->t);
    atomic_store(&w->got_it, 1);
    gil_release_final(&w->t);
    return NULL;
}

static void test_waiter_gets_lock_from_cpu_bound_holder(void **unused)
{
    struct gil g;
    struct holder h;
    struct waiter w;
    pthread_t ht, wt;
    (void)unused;

    memset(&h, 0, sizeof h);
    memset(&w, 0, sizeof w);
    assert_int_equal(gil_init(&g, 0.02), 0);
    h.gil = &g;
    gil_thread_init(&h.t, &gil_new_ops, &g, 0);
    gil_thread_init(&w.t, &gil_new_ops, &g, 1);
    assert_int_equal(sem_init(&h.started, 0, 0), 0);
    assert_int_equal(pthread_create(&ht, NULL, holder_main, &h), 0);
    assert_int_equal(sem_wait(&h.started), 0);

    assert_int_equal(pthread_create(&wt, NULL, waiter_main, &w), 0);
    join_within(wt, 30);
    atomic_store(&h.stop, 1);
    join_within(ht, 30);

    print_message("waiter: %llu drop request(s); holder: %llu forced switch(es)\n", /* info */
                  (unsigned long long)w.t.stats.drop_requests,
                  (unsigned long long)h.t.stats.forced_switches);
    assert_int_equal(atomic_load(&w.got_it), 1);
    /* The holder only let go because it was asked to ... */
    assert_true(w.t.stats.drop_requests >= 1);
    /* ... within a few intervals: each further request is one more
     * interval the holder ignored.  The bound is loose (a loaded machine
     * may keep the holder off the CPU for an interval or two); a holder
     * that ignored requests would make it hundreds, or hang. */
    assert_true(w.t.stats.drop_requests <= 10);
    /* ... and queued up again behind the waiter: its second acquisition.
     * (Whether it also had to wait on switch_cond is a race: the waiter
     * may take the GIL before the holder checks, so that is not asserted.) */
    assert_int_equal(h.t.stats.acquisitions, 2);
    assert_true(w.t.stats.wait_s > 0.0);
    assert_int_equal(sem_destroy(&h.started), 0);
    gil_destroy(&g);
}

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
static unsigned legacy_releases(unsigned check_interval, unsigned ticks, int checkpoints)
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
    assert_int_equal(gil_ticks_per_checkpoint(0), 1);
    assert_int_equal(gil_ticks_per_checkpoint(GIL_TICK_NS * 24.4), 24);
    assert_int_equal(gil_ticks_per_checkpoint(GIL_TICK_NS * 0.2), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_never_two_holders),
        cmocka_unit_test(test_legacy_never_two_holders),
        cmocka_unit_test(test_waiter_gets_lock_from_cpu_bound_holder),
        cmocka_unit_test(test_blocking_section_releases),
        cmocka_unit_test(test_interval_is_clamped_to_one_microsecond),
        cmocka_unit_test(test_handovers_count_changes_of_holder),
        cmocka_unit_test(test_legacy_ticks_per_checkpoint),
    };
    return cmocka_run_group_tests_name("gil", tests, NULL, NULL);
}
