/* gil_new.c - the simulated GIL of CPython >= 3.2 (mode `gil`), mirroring
 * (Python/ceval_gil.c, "the new GIL" by Antoine Pitrou).
 *
 * How CPython's GIL works, and so how this one works:
 *
 * - The GIL is a boolean `locked` whose changes happen under `mutex` and
 *   are announced on `cond`.  The mutex is held only for a few
 *   instructions, so it is rarely contended; the GIL itself is what
 *   threads wait for.
 *
 * - A thread that wants the GIL waits on `cond` with a timeout of the
 *   switch interval (5 ms unless changed, sys.getswitchinterval()).  If the
 *   wait times out and no other thread took the GIL in the meantime
 *   (`switch_number` unchanged), the waiter sets `drop_request`.
 *
 * - The holder polls `drop_request` at its checkpoints (CPython: between
 *   bytecodes, via eval_breaker).  Seeing it set, it releases the GIL and
 *   immediately asks for it again, like any other waiter.
 *
 * - FORCE_SWITCHING: a holder that releases because of a drop request
 *   then waits on `switch_cond` until `last_holder` names another thread.
 *   Without this, on a multi-core machine the releasing thread is already
 *   running and usually re-takes the GIL before the woken waiter is
 *   scheduled, so time slices grow far beyond the interval.
 *
 * - Blocking calls release the GIL (Py_BEGIN_ALLOW_THREADS) and take it
 *   back afterwards.  A thread coming back from I/O must then wait like
 *   everybody else: up to a switch interval if a CPU-bound thread holds
 *   the GIL.  That is the "convoy effect" of bpo-7946.
 *
 * CPython 2's simpler lock, and what went wrong with it, is gil_legacy.c.
 */
#include "gil/gil_new.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gil/trace.h"
#include "lib/measurement/clock.h"

int gil_init(struct gil *g, double switch_interval_s)
{
    pthread_condattr_t attr;
    int err;

    memset(g, 0, sizeof *g);
    /* Timed waits measure the switch interval on the monotonic clock, as
     * CPython does where the platform allows it. */
    if ((err = pthread_condattr_init(&attr)) != 0)
        return err;
    if ((err = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)) != 0)
        goto out_attr;
    /* Each step undoes the ones before it on failure, as gil_legacy_init
     * does: a caller that sees an error must not have to guess what to
     * destroy. */
    if ((err = pthread_mutex_init(&g->mutex, NULL)) != 0)
        goto out_attr;
    if ((err = pthread_mutex_init(&g->switch_mutex, NULL)) != 0)
        goto out_mutex;
    if ((err = pthread_cond_init(&g->cond, &attr)) != 0)
        goto out_switch_mutex;
    if ((err = pthread_cond_init(&g->switch_cond, &attr)) != 0)
        goto out_cond;
    pthread_condattr_destroy(&attr);
    atomic_init(&g->locked, 0);
    atomic_init(&g->drop_request, 0);
    atomic_init(&g->last_holder, NULL);
    g->switch_number = 0;
    g->interval_us = (long)(switch_interval_s * 1e6 + 0.5);
    if (g->interval_us < 1)
        g->interval_us = 1; /* CPython clamps the same way */
    return 0;

out_cond:
    pthread_cond_destroy(&g->cond);
out_switch_mutex:
    pthread_mutex_destroy(&g->switch_mutex);
out_mutex:
    pthread_mutex_destroy(&g->mutex);
out_attr:
    pthread_condattr_destroy(&attr);
    return err;
}

void gil_destroy(struct gil *g)
{
    GIL_CHECK(pthread_cond_destroy(&g->cond));
    GIL_CHECK(pthread_mutex_destroy(&g->mutex));
    GIL_CHECK(pthread_cond_destroy(&g->switch_cond));
    GIL_CHECK(pthread_mutex_destroy(&g->switch_mutex));
}

/* CPython's drop_gil().  `forced` is false only for the final release of
 * a finishing thread (CPython passes tstate == NULL there). */
static void gil_drop(struct gil_thread *t, int forced)
{
    struct gil *g = t->lock;

    if (!atomic_load_explicit(&g->locked, memory_order_relaxed)) {
        fprintf(stderr, "gilbench: fatal: gil_drop: GIL is not locked\n");
        abort();
    }
    atomic_store_explicit(&g->last_holder, t, memory_order_relaxed);
    gil_trace_event(t, GIL_EV_RELEASE);

    GIL_CHECK(pthread_mutex_lock(&g->mutex));
    atomic_store_explicit(&g->locked, 0, memory_order_relaxed);
    GIL_CHECK(pthread_cond_signal(&g->cond));
    GIL_CHECK(pthread_mutex_unlock(&g->mutex));

    if (forced && atomic_load_explicit(&g->drop_request, memory_order_relaxed)) {
        GIL_CHECK(pthread_mutex_lock(&g->switch_mutex));
        /* Not switched yet: wait until a waiter has really taken over.
         * The new holder sets last_holder under switch_mutex and then
         * signals, so checking under the same mutex cannot miss it. */
        if (atomic_load_explicit(&g->last_holder, memory_order_relaxed) == t) {
            atomic_store_explicit(&g->drop_request, 0, memory_order_relaxed);
            t->stats.forced_switches++;
            GIL_CHECK(pthread_cond_wait(&g->switch_cond, &g->switch_mutex));
        }
        GIL_CHECK(pthread_mutex_unlock(&g->switch_mutex));
    }
}

/* CPython's take_gil(). */
static void gil_new_take(struct gil_thread *t)
{
    struct gil *g = t->lock;
    double wait_start = 0.0;

    gil_trace_event(t, GIL_EV_REQUEST);
    GIL_CHECK(pthread_mutex_lock(&g->mutex));
    if (atomic_load_explicit(&g->locked, memory_order_relaxed)) {
        wait_start = clock_now();
        while (atomic_load_explicit(&g->locked, memory_order_relaxed)) {
            unsigned long saved_switchnum = g->switch_number;
            struct timespec deadline = clock_deadline((double)g->interval_us * 1e-6);
            int rc = pthread_cond_timedwait(&g->cond, &g->mutex, &deadline);

            if (rc != 0 && rc != ETIMEDOUT)
                gil_fatal("pthread_cond_timedwait", rc);
            /* Timed out and nobody took the GIL meanwhile: the holder has
             * had a whole interval, so ask it to drop. */
            if (rc == ETIMEDOUT &&
                atomic_load_explicit(&g->locked, memory_order_relaxed) &&
                g->switch_number == saved_switchnum) {
                atomic_store_explicit(&g->drop_request, 1, memory_order_relaxed);
                t->stats.drop_requests++;
                gil_trace_event(t, GIL_EV_DROP_REQUEST);
            }
        }
    }

    /* switch_mutex must be held while last_holder changes: see gil_drop. */
    GIL_CHECK(pthread_mutex_lock(&g->switch_mutex));
    atomic_store_explicit(&g->locked, 1, memory_order_relaxed);
    struct gil_thread *previous = atomic_load_explicit(&g->last_holder, memory_order_relaxed);
    if (previous != t) {
        atomic_store_explicit(&g->last_holder, t, memory_order_relaxed);
        ++g->switch_number;
        /* A hand-over is what switch_number counts, minus the very first
         * take (from nobody): drop requests, blocking calls and final
         * releases all hand over through here. */
        if (previous != NULL)
            t->stats.handovers++;
    }
    GIL_CHECK(pthread_cond_signal(&g->switch_cond));
    GIL_CHECK(pthread_mutex_unlock(&g->switch_mutex));

    /* A request made for us has been served; one made by another waiter
     * is dropped too, and that waiter will time out and ask again. */
    atomic_store_explicit(&g->drop_request, 0, memory_order_relaxed);
    GIL_CHECK(pthread_mutex_unlock(&g->mutex));

    t->stats.acquisitions++;
    if (wait_start != 0.0)
        t->stats.wait_s += clock_now() - wait_start;
    gil_trace_event(t, GIL_EV_ACQUIRE);
}

static void gil_new_release_final(struct gil_thread *t)
{
    gil_drop(t, 0);
}

/* The eval breaker fired: give another thread its turn, then queue up
 * again (CPython's eval_frame_handle_pending). */
static void gil_new_on_eval_breaker(struct gil_thread *t)
{
    struct gil *g = t->lock;

    if (!atomic_load_explicit(&g->drop_request, memory_order_relaxed))
        return;
    gil_drop(t, 1);
    gil_new_take(t);
}

static void gil_new_blocking_begin(struct gil_thread *t)
{
    gil_drop(t, 1);
}

static const atomic_int *gil_new_eval_breaker(void *lock)
{
    return &((struct gil *)lock)->drop_request;
}

const struct gil_ops gil_new_ops = {
    .name = "gil",
    .take = gil_new_take,
    .release_final = gil_new_release_final,
    .on_eval_breaker = gil_new_on_eval_breaker,
    .blocking_begin = gil_new_blocking_begin,
    .blocking_end = gil_new_take,
    .eval_breaker = gil_new_eval_breaker,
};
