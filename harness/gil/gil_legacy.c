/* gil_legacy.c - the GIL of CPython 2 (mode `gil-legacy`), the design the
 * new GIL replaced in 3.2.
 *
 * - The lock is PyThread's lock type as Linux builds had it: a POSIX
 *   semaphore (Python/thread_pthread.h defines USE_SEMAPHORES wherever
 *   _POSIX_SEMAPHORES is, as glibc does): PyThread_acquire_lock(lock, 1)
 *   is sem_wait(), retried on EINTR, and PyThread_release_lock() is
 *   sem_post().  glibc's sem_post makes the futex_wake system call only
 *   when a thread sleeps in sem_wait, and sem_wait takes a free lock with
 *   one atomic operation; so the holder's release-and-retake costs a few
 *   nanoseconds plus, while the other thread sleeps, one wake-up call.
 *   (Other systems used a mutex-protected flag and a condition variable,
 *   where the woken waiter can also hold up the releaser on the mutex.)
 *
 * - There is no switch interval and no drop request.  Every
 *   sys.setcheckinterval() "checks" (100 by default; CPython 2 counted
 *   bytecodes, we count ticks: a checkpoint counts for as many ticks as
 *   Python 2 bytecodes would have run in the work between two of them,
 *   see GIL_TICK_NS in gil.h) the holder releases the lock and at once
 *   asks for it again:
 *
 *       PyThread_release_lock(interpreter_lock);
 *       /- Other threads may run now -/
 *       PyThread_acquire_lock(interpreter_lock, 1);
 *
 * - Nothing makes the release hand the lock over.  On one core the OS
 *   may switch threads at that moment.  On several cores the woken waiter
 *   needs microseconds to be scheduled, while the releaser is already
 *   running and re-takes the lock within nanoseconds; the waiter finds it
 *   locked again and goes back to sleep.  CPU-bound threads then fight over
 *   the lock, each wake-up a wasted context switch, and two threads run
 *   slower than one.  That is what David Beazley showed in 2009 and what
 *   FORCE_SWITCHING in the new GIL exists to prevent.
 *
 * The tick counter is one shared counter, as _Py_Ticker was: only the
 * holder touches it, so the GIL itself protects it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/measurement/clock.h"
#include "gil/gil_legacy.h"
#include "gil/trace.h"

int gil_legacy_init(struct gil_legacy *g, unsigned check_interval)
{
    memset(g, 0, sizeof *g);
    if (sem_init(&g->lock, 0, 1) != 0)
        return errno;
    g->check_interval = check_interval > 0 ? check_interval : 1;
    g->ticker = g->check_interval;
    return 0;
}

void gil_legacy_destroy(struct gil_legacy *g)
{
    GIL_CHECK(sem_destroy(&g->lock) == 0 ? 0 : errno);
}

/* PyThread_acquire_lock(lock, 1): sem_wait until it succeeds. */
static void gil_legacy_take(struct gil_thread *t)
{
    struct gil_legacy *g = t->lock;
    double wait_start = 0.0;

    gil_trace_event(t, GIL_EV_REQUEST);
    if (sem_trywait(&g->lock) != 0) {
        GIL_CHECK(errno == EAGAIN || errno == EINTR ? 0 : errno);
        wait_start = clock_now();
        while (sem_wait(&g->lock) != 0)
            GIL_CHECK(errno == EINTR ? 0 : errno);
    }
    /* CPython 2 kept no switch_number; counting hand-overs the way the
     * new GIL does lets the two be compared.  Only the holder gets here,
     * and sem_wait/sem_post order its accesses after the last holder's. */
    if (g->last_holder != NULL && g->last_holder != t)
        t->stats.handovers++;
    g->last_holder = t;
    t->stats.acquisitions++;
    if (wait_start != 0.0)
        t->stats.wait_s += clock_now() - wait_start;
    gil_trace_event(t, GIL_EV_ACQUIRE);
}

/* PyThread_release_lock(lock): sem_post, which wakes a sleeping waiter. */
static void gil_legacy_release(struct gil_thread *t)
{
    struct gil_legacy *g = t->lock;

    gil_trace_event(t, GIL_EV_RELEASE);
    GIL_CHECK(sem_post(&g->lock) == 0 ? 0 : errno);
}

/* Called at every checkpoint: the eval breaker of this GIL is always set,
 * because CPython 2 decremented its ticker on every bytecode. */
static void gil_legacy_on_eval_breaker(struct gil_thread *t)
{
    struct gil_legacy *g = t->lock;

    /* CPython 2 decremented once per bytecode; a checkpoint stands for
     * ticks_per_checkpoint of them (gil.h, GIL_TICK_NS). */
    g->ticker -= t->ticks_per_checkpoint;
    if (g->ticker > 0)
        return;
    /* The ticks a checkpoint overshot count towards the next interval, so
     * releases come every check_interval ticks on average, as CPython's,
     * which never overshot; but one checkpoint releases at most once. */
    g->ticker += g->check_interval;
    if (g->ticker <= 0)
        g->ticker = g->check_interval;
    gil_legacy_release(t);
    /* Other threads may run now - but on a multi-core machine this thread
     * usually gets the lock straight back. */
    gil_legacy_take(t);
}

static const atomic_int always_set = 1;

static const atomic_int *gil_legacy_eval_breaker(void *lock)
{
    (void)lock;
    return &always_set;
}

const struct gil_ops gil_legacy_ops = {
    .name = "gil-legacy",
    .take = gil_legacy_take,
    .release_final = gil_legacy_release,
    .on_eval_breaker = gil_legacy_on_eval_breaker,
    .blocking_begin = gil_legacy_release,
    .blocking_end = gil_legacy_take,
    .eval_breaker = gil_legacy_eval_breaker,
};
