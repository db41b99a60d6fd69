/* hooks.h - the three places where a kernel meets the execution mode.
 *
 * A kernel is plain C over an item range.  Under a simulated GIL it must
 * still behave like Python code: CPython's eval loop tests its "eval
 * breaker" between bytecodes, so a thread holding the GIL notices within
 * microseconds that another thread asked for it.  checkpoint() is our
 * eval-breaker test; kernels call it every few microseconds of work.
 *
 * blocking_begin()/blocking_end() mirror Py_BEGIN_ALLOW_THREADS and
 * Py_END_ALLOW_THREADS: the GIL is released around a blocking call, so
 * other threads run while this one waits.
 *
 * io_wait() is the one way a kernel waits for "I/O" (a timed wait standing
 * in for a socket or a disk).  Under threads and the GIL modes it is a
 * blocking sleep inside blocking_begin()/blocking_end(), exactly what
 * time.sleep() does in CPython.  Under the `eventloop` mode the thread
 * must not block: the wait is handed to the loop (harness/modes/
 * event_loop.c), which arms a timer, runs other tasks meanwhile, and
 * resumes this one when the timer fires - `await asyncio.sleep()` rather
 * than `time.sleep()`.  That branch is kept even with GILBENCH_NO_HOOKS:
 * without it the event loop would silently run one task at a time, and it
 * costs one test per millisecond-long wait, not per checkpoint.
 *
 * Outside GIL modes ctx->gil is NULL and each hook costs one load and one
 * well-predicted branch.  Building with -DGILBENCH_NO_HOOKS removes them
 * entirely; bin/gilbench-nohooks is built that way so the benchmark can
 * show what the hooks cost.
 *
 * The inline tests are here, where kernels compile them in; the functions
 * they call when a GIL is in use are the GIL's side of the interface and
 * live in harness/gil/hooks.c, so kernels include nothing of the harness.
 */
#ifndef GILBENCH_HOOKS_H
#define GILBENCH_HOOKS_H

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct gil_thread;
struct loop_task;

/* Per-worker context handed to every kernel call. */
struct worker_ctx {
    /* The flag a GIL holder polls: the GIL's drop request.  NULL outside
     * GIL modes, so the common case is a single test of a register. */
    const atomic_int *eval_breaker;
    struct gil_thread *gil;  /* this thread's GIL state; NULL outside GIL modes */
    unsigned worker;         /* worker index, 0-based */
    /* The event loop's coroutine running this task; NULL outside the
     * eventloop mode (harness/modes/event_loop.h). */
    struct loop_task *loop_task;
};

void gil_handle_eval_breaker(struct gil_thread *t);
void gil_blocking_begin(struct gil_thread *t);
void gil_blocking_end(struct gil_thread *t);
/* The event loop's side (harness/modes/event_loop.c): waits `ns` without
 * blocking the thread.  Returns 0, or an errno value. */
int loop_io_wait(struct loop_task *task, uint64_t ns);

static inline void checkpoint(struct worker_ctx *ctx)
{
#ifndef GILBENCH_NO_HOOKS
    /* Relaxed load, as CPython reads eval_breaker: a stale value only
     * delays the drop to the next checkpoint, microseconds later. */
    if (__builtin_expect(ctx->eval_breaker != NULL, 0) &&
        atomic_load_explicit(ctx->eval_breaker, memory_order_relaxed))
        gil_handle_eval_breaker(ctx->gil);
#else
    (void)ctx;
#endif
}

static inline void blocking_begin(struct worker_ctx *ctx)
{
#ifndef GILBENCH_NO_HOOKS
    if (ctx->gil != NULL)
        gil_blocking_begin(ctx->gil);
#else
    (void)ctx;
#endif
}

static inline void blocking_end(struct worker_ctx *ctx)
{
#ifndef GILBENCH_NO_HOOKS
    if (ctx->gil != NULL)
        gil_blocking_end(ctx->gil);
#else
    (void)ctx;
#endif
}

/* Waits `ns` nanoseconds for "I/O".  Returns 0 once the whole wait has
 * passed, or an errno value if it could not be waited. */
static inline int io_wait(struct worker_ctx *ctx, uint64_t ns)
{
    struct timespec left = {.tv_sec = (time_t)(ns / 1000000000u), .tv_nsec = (long)(ns % 1000000000u)};
    int rc;

    if (ctx->loop_task != NULL)
        return loop_io_wait(ctx->loop_task, ns);
    blocking_begin(ctx);
    /* Resume after a signal, so a wait is always whole. */
    while ((rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &left, &left)) == EINTR)
        ;
    blocking_end(ctx);
    return rc;
}

#endif
