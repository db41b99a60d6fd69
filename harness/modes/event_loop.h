/* event_loop.h - one thread, N tasks in flight: the `eventloop` mode.
 *
 * Concurrency without parallelism: the plan's tasks run on the calling
 * thread as N coroutines (N = plan->workers, at most the task count), each
 * pulling the next task when it finishes one - asyncio's N workers on a
 * queue, or gather() under a Semaphore(N).  A task gives up the thread only
 * when it waits (io_wait, kernels/hooks.h); the loop blocks only when every
 * task in flight is waiting.  CPU-bound kernels therefore run exactly as in
 * `seq`, and waits overlap up to N at a time.
 */
#ifndef GILBENCH_EVENT_LOOP_H
#define GILBENCH_EVENT_LOOP_H

#include <stdint.h>

#include "modes/modes.h"

/* What the loop did in one run: the evidence that waits overlapped. */
struct loop_stats {
    uint32_t in_flight;          /* coroutines run: min(workers, tasks) */
    uint64_t waits;              /* io_wait() calls handed to the loop */
    uint64_t switches;           /* switches from the loop into a task */
    uint64_t epoll_waits;        /* times the loop blocked in epoll_wait */
    uint32_t max_armed;          /* most timers armed at the same time */
    uint32_t max_armed_at_epoll; /* most timers armed when the loop blocked */
};

/* Runs the plan as described above and leaves the partials combined in
 * task order in result->total.  `stats` (may be NULL) gets the counts.
 * Returns 0, or -1 with result->error set; every descriptor and stack it
 * made is released on every path. */
int event_loop_run(const struct run_plan *plan, struct rep_result *result,
                   struct loop_stats *stats);

#endif
