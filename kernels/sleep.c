/* sleep.c - I/O-bound work: each item is one 1 ms wait, standing in for a
 * network or disk wait.  The wait goes through io_wait() (hooks.h): under
 * threads it blocks with the GIL released, as time.sleep() and socket reads
 * do in CPython, so threads overlap their waits even under the GIL; under
 * the eventloop mode it yields to the loop, as `await asyncio.sleep()` does,
 * so one thread overlaps them.  The answer is the number of waits taken. */
#include "kernel.h"

enum { WAIT_NS = 1000000 }; /* one item's "I/O": 1 ms */

static void sleep_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                      struct partial *out)
{
    uint64_t slept = 0;

    (void)state;
    for (uint64_t i = begin; i < end; i++) {
        slept += (io_wait(ctx, WAIT_NS) == 0);
        checkpoint(ctx);
    }
    out->count = slept;
}

const struct kernel kernel_sleep = {
    .name = "sleep",
    .summary = "I/O-bound: 1 ms waits, blocking with the GIL released (eventloop: yielding)",
    .kind = KERNEL_IO,
    .answer = ANSWER_COUNT,
    .default_items = 400,
    .quick_items = 64,
    .max_items = 100000000,
    .known_items = 100,
    .known_answer = 100,
    .known_tolerance = 0,
    .run = sleep_run,
};
