/* sleep.c - I/O-bound work: each item is one blocking 1 ms sleep, standing
 * in for a network or disk wait.  The GIL is released around the wait, as
 * time.sleep() and socket reads do in CPython, so threads overlap their
 * waits even under the GIL.  The answer is the number of sleeps taken. */
#include <errno.h>
#include <time.h>

#include "kernel.h"

static void sleep_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                      struct partial *out)
{
    const struct timespec one_ms = {.tv_sec = 0, .tv_nsec = 1000000};
    uint64_t slept = 0;

    (void)state;
    for (uint64_t i = begin; i < end; i++) {
        struct timespec left = one_ms;
        int rc;

        blocking_begin(ctx);
        /* Resume after a signal, so an item is always a whole millisecond. */
        while ((rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &left, &left)) == EINTR)
            ;
        blocking_end(ctx);
        slept += (rc == 0);
        checkpoint(ctx);
    }
    out->count = slept;
}

const struct kernel kernel_sleep = {
    .name = "sleep",
    .summary = "I/O-bound: blocking 1 ms sleeps, GIL released while blocked",
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
