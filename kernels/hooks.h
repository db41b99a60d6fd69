/* hooks.h - the two places where a kernel meets the execution mode.
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

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct gil_thread;

/* Per-worker context handed to every kernel call. */
struct worker_ctx {
    /* The flag a GIL holder polls: the GIL's drop request.  NULL outside
     * GIL modes, so the common case is a single test of a register. */
    const atomic_int *eval_breaker;
    struct gil_thread *gil;  /* this thread's GIL state; NULL outside GIL modes */
    unsigned worker;         /* worker index, 0-based */
};

void gil_handle_eval_breaker(struct gil_thread *t);
void gil_blocking_begin(struct gil_thread *t);
void gil_blocking_end(struct gil_thread *t);

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

#endif
