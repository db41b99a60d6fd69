/* mode_seq.c - a plain loop: the main thread runs every task in order.
 * The baseline every speedup is measured against. */
#include <stdlib.h>
#include <stdio.h>

#include "lib/measurement/clock.h"
#include "modes/modes.h"
#include "modes/workers/tasks.h"

static int mode_seq_run(const struct run_plan *plan, struct rep_result *result)
{
    struct worker_ctx ctx = {.eval_breaker = NULL, .gil = NULL, .worker = 0};
    struct partial *partials = calloc(plan->tasks, sizeof *partials);

    if (partials == NULL) {
        snprintf(result->error, sizeof result->error, "out of memory for %u partials", plan->tasks);
        return -1;
    }
    result->t_started = clock_now();
    for (uint32_t t = 0; t < plan->tasks; t++)
        task_run(plan, t, &ctx, &partials[t]);
    result->t_computed = clock_now();
    result->total = partials_combine(partials, plan->tasks);
    free(partials);
    return 0;
}

const struct mode mode_seq = {
    .name = "seq",
    .summary = "a plain loop in the main thread: the baseline",
    .run = mode_seq_run,
};
