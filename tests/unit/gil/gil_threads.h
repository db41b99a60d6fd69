/* gil_threads.h - what the GIL unit tests share: joining a thread with a
 * bound, so a broken lock fails the test instead of hanging the suite, and
 * the worker context a checkpoint needs. */
#ifndef GILBENCH_TEST_GIL_THREADS_H
#define GILBENCH_TEST_GIL_THREADS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "gil/gil.h"
#include "hooks.h"

/* Joins `t`, or fails the test if it has not finished within `seconds`
 * (a broken lock would otherwise hang the suite). */
static inline void join_within(pthread_t t, double seconds)
{
    struct timespec deadline;
    assert_int_equal(clock_gettime(CLOCK_REALTIME, &deadline), 0);
    deadline.tv_sec += (time_t)seconds;
    int rc = pthread_timedjoin_np(t, NULL, &deadline);
    if (rc != 0)
        fail_msg("thread did not finish within %.0f s: the GIL is stuck", seconds);
}

static inline void ctx_for(struct worker_ctx *ctx, struct gil_thread *t)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->gil = t;
    ctx->eval_breaker = t->ops->eval_breaker(t->lock);
}

/* The life of a CPU-bound thread: it takes the GIL, says so (*holding = 1,
 * then `started` posted when there is one), and runs checkpoints, never
 * giving the GIL up of its own accord, until *stop is set.  Only a drop
 * request from a waiter takes the GIL away from it. */
static inline void hold_until_stopped(struct gil_thread *t, atomic_int *holding, sem_t *started,
                                      const atomic_int *stop)
{
    struct worker_ctx ctx;

    ctx_for(&ctx, t);
    gil_take(t);
    atomic_store(holding, 1);
    if (started != NULL)
        sem_post(started);
    while (!atomic_load_explicit(stop, memory_order_relaxed))
        checkpoint(&ctx);
    gil_release_final(t);
}

#endif
