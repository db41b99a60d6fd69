/* mode_eventloop.c - one thread, N tasks in flight: concurrency without
 * parallelism, as asyncio gives Python.  The loop and why it behaves as it
 * does are in modes/event_loop.c; here -w N is the number of tasks in
 * flight, not of threads. */
#include "modes/event_loop.h"
#include "modes/modes.h"

static int mode_eventloop_run(const struct run_plan *plan, struct rep_result *result)
{
    return event_loop_run(plan, result, NULL);
}

const struct mode mode_eventloop = {
    .name = "eventloop",
    .summary = "one thread, -w tasks in flight (epoll, timerfd): asyncio; waits overlap, CPU work does not",
    .run = mode_eventloop_run,
};
