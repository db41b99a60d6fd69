/* test_gil_switching.c - forced switching in the CPython >= 3.2 GIL.
 *
 * FORCE_SWITCHING in CPython's Python/ceval_gil.c (drop_gil): a thread
 * that drops the GIL because a waiter asked for it waits on switch_cond
 * until another thread has taken the GIL, so it cannot take the GIL
 * straight back - the convoy that 3.2's new GIL set out to end.  One test
 * pins the rule deterministically, one watches it hold over many
 * hand-overs between two CPU-bound threads.  No test here depends on how
 * fast anything is. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "gil/gil_new.h"
#include "gil/trace.h"
#include "gil_threads.h"
#include "hooks.h"
#include "lib/measurement/clock.h"

/* --- forced switching: after a requested drop, another thread runs ---- */

/* CPython 3.2+ (FORCE_SWITCHING in Python/ceval_gil.c, drop_gil): a
 * holder that drops the GIL because a waiter asked for it waits on
 * switch_cond until some other thread has taken it, so it cannot take the
 * GIL straight back.  Two CPU-bound threads under a short interval ask each
 * other to drop many times; the merged trace must show, after every
 * release that a drop request caused, an acquire by the other thread. */

struct switcher {
    struct gil_thread t;
    struct gil_trace trace;
    atomic_long *requests;     /* drop requests of both threads, summed */
    double give_up;            /* clock_now() bound: a broken GIL must not hang */
};

enum { SWITCH_REQUESTS = 40 };

static void *switcher_main(void *arg)
{
    struct switcher *s = arg;
    struct worker_ctx ctx;
    uint64_t seen = 0;

    ctx_for(&ctx, &s->t);
    gil_take(&s->t);
    while (atomic_load(s->requests) < SWITCH_REQUESTS && clock_now() < s->give_up) {
        volatile unsigned spin = 0;
        for (int i = 0; i < 200; i++)
            spin++;
        checkpoint(&ctx);
        if (s->t.stats.drop_requests != seen) {
            atomic_fetch_add(s->requests, (long)(s->t.stats.drop_requests - seen));
            seen = s->t.stats.drop_requests;
        }
    }
    gil_release_final(&s->t);
    return NULL;
}

static void test_forced_switch_hands_over(void **unused)
{
    struct gil g;
    struct switcher s[2];
    pthread_t th[2];
    atomic_long requests;
    (void)unused;

    atomic_init(&requests, 0);
    memset(s, 0, sizeof s);
    assert_int_equal(gil_init(&g, 0.0001), 0);
    for (unsigned i = 0; i < 2; i++) {
        gil_thread_init(&s[i].t, &gil_new_ops, &g, i);
        s[i].t.trace = &s[i].trace;
        s[i].requests = &requests;
        s[i].give_up = clock_now() + 60.0;
    }
    for (unsigned i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, switcher_main, &s[i]), 0);
    for (unsigned i = 0; i < 2; i++)
        join_within(th[i], 90);
    gil_destroy(&g);
    assert_true(atomic_load(&requests) >= SWITCH_REQUESTS);
    assert_false(s[0].trace.overflowed || s[1].trace.overflowed);

    /* Merge the two traces by time; follow who holds the GIL. */
    size_t pos[2] = {0, 0};
    int holder = -1, asked = 0, forced_release_by = -1;
    unsigned forced = 0, regained = 0;
    for (;;) {
        int next = -1;
        for (int i = 0; i < 2; i++)
            if (pos[i] < s[i].trace.n &&
                (next < 0 || s[i].trace.entries[pos[i]].t < s[next].trace.entries[pos[next]].t))
                next = i;
        if (next < 0)
            break;
        enum gil_event ev = s[next].trace.entries[pos[next]++].event;
        if (ev == GIL_EV_ACQUIRE) {
            assert_int_equal(holder, -1); /* never two holders */
            if (forced_release_by == next)
                regained++;
            forced_release_by = -1;
            holder = next;
            asked = 0;
        } else if (ev == GIL_EV_DROP_REQUEST && holder >= 0 && holder != next) {
            asked = 1;
        } else if (ev == GIL_EV_RELEASE) {
            assert_int_equal(holder, next);
            if (asked) {
                forced++;
                forced_release_by = next;
            }
            holder = -1;
        }
    }
    print_message("%u releases on request, %u taken straight back by the releaser\n", forced,
                  regained);
    assert_true(forced >= 1);
    assert_int_equal(regained, 0);
    gil_trace_free(&s[0].trace);
    gil_trace_free(&s[1].trace);
}

/* The same guarantee, made deterministic: the drop request is planted by
 * the test while nobody waits, so the holder drops and must then wait on
 * switch_cond with the GIL free.  Only once the request has been served
 * (drop_request back to 0, which the holder does just before it waits,
 * or, without FORCE_SWITCHING, when it has taken the GIL straight back)
 * does a second thread ask for the GIL.  With the handshake it finds the
 * GIL free and is next; without it the holder is already back. */
struct lone_holder {
    struct gil_thread t;
    struct gil_trace trace;
    atomic_int holding;
    atomic_int stop;
};

static void *lone_holder_main(void *arg)
{
    struct lone_holder *h = arg;

    hold_until_stopped(&h->t, &h->holding, NULL, &h->stop);
    return NULL;
}

static void wait_for_value(const atomic_int *flag, int want, const char *what)
{
    double give_up = clock_now() + 30.0;
    struct timespec step = {.tv_sec = 0, .tv_nsec = 100 * 1000};

    while (atomic_load(flag) != want) {
        if (clock_now() > give_up)
            fail_msg("waited 30 s for %s", what);
        nanosleep(&step, NULL);
    }
}

static void test_forced_drop_waits_for_another_thread(void **unused)
{
    struct gil g;
    struct lone_holder h;
    struct gil_thread other;
    struct gil_trace other_trace;
    pthread_t ht;
    (void)unused;

    memset(&h, 0, sizeof h);
    memset(&other_trace, 0, sizeof other_trace);
    /* A long interval: no request but the planted one is made in time. */
    assert_int_equal(gil_init(&g, 0.05), 0);
    gil_thread_init(&h.t, &gil_new_ops, &g, 0);
    gil_thread_init(&other, &gil_new_ops, &g, 1);
    h.t.trace = &h.trace;
    other.trace = &other_trace;
    assert_int_equal(pthread_create(&ht, NULL, lone_holder_main, &h), 0);
    wait_for_value(&h.holding, 1, "the holder to take the GIL");

    atomic_store(&g.drop_request, 1); /* as a waiter that timed out would */
    wait_for_value(&g.drop_request, 0, "the holder to serve the drop request");
    gil_take(&other);
    atomic_store(&h.stop, 1);
    gil_release_final(&other);
    join_within(ht, 30);
    gil_destroy(&g);

    /* The holder's events: acquire, release (forced), acquire, release. */
    assert_true(h.trace.n >= 4 && other_trace.n >= 2);
    size_t forced_release = 0;
    while (forced_release < h.trace.n && h.trace.entries[forced_release].event != GIL_EV_RELEASE)
        forced_release++;
    assert_true(forced_release < h.trace.n);
    double released_at = h.trace.entries[forced_release].t, holder_back = -1.0, other_in = -1.0;
    for (size_t i = forced_release; i < h.trace.n && holder_back < 0; i++)
        if (h.trace.entries[i].event == GIL_EV_ACQUIRE)
            holder_back = h.trace.entries[i].t;
    for (size_t i = 0; i < other_trace.n && other_in < 0; i++)
        if (other_trace.entries[i].event == GIL_EV_ACQUIRE)
            other_in = other_trace.entries[i].t;
    print_message("forced release at %.6f, other thread in at %.6f, holder back at %.6f; "
                  "holder's forced switches %llu\n", released_at, other_in, holder_back,
                  (unsigned long long)h.t.stats.forced_switches);
    if (!(other_in > released_at && holder_back > other_in))
        fail_msg("after the requested drop the holder took the GIL back before the other thread");
    assert_int_equal(h.t.stats.forced_switches, 1);
    gil_trace_free(&h.trace);
    gil_trace_free(&other_trace);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forced_drop_waits_for_another_thread),
        cmocka_unit_test(test_forced_switch_hands_over),
    };
    return cmocka_run_group_tests_name("gil_switching", tests, NULL, NULL);
}
