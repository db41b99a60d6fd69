/* hooks.c - the GIL side of kernels/hooks.h: what a checkpoint or a
 * blocking section does when a kernel runs under a simulated GIL.  Each
 * hook dispatches to the GIL the thread uses; blocking sections are traced
 * here, once for both GILs. */
#include "hooks.h"

#include "gil/gil.h"
#include "gil/trace.h"

void gil_handle_eval_breaker(struct gil_thread *t)
{
    t->ops->on_eval_breaker(t);
}

void gil_blocking_begin(struct gil_thread *t)
{
    gil_trace_event(t, GIL_EV_BLOCKING_BEGIN);
    t->ops->blocking_begin(t);
}

void gil_blocking_end(struct gil_thread *t)
{
    gil_trace_event(t, GIL_EV_BLOCKING_END);
    t->ops->blocking_end(t);
}

