/* tasks.h - how items become tasks, and partials become one result.
 * Every mode goes through these, which is what keeps checksums identical
 * across modes and worker counts. */
#ifndef GILBENCH_TASKS_H
#define GILBENCH_TASKS_H

#include "modes/modes.h"

/* Items of task t: [begin, end).  Sizes differ by at most one item. */
void task_range(const struct run_plan *plan, uint32_t t, uint64_t *begin, uint64_t *end);

/* Runs task t, honouring the fault-injection switches (see tasks.c). */
void task_run(const struct run_plan *plan, uint32_t t, struct worker_ctx *ctx,
              struct partial *out);

/* The same, for the `attempt`-th run of task t (0 the first time): a fault
 * injected with :once strikes attempt 0 only. */
void task_run_attempt(const struct run_plan *plan, uint32_t t, unsigned attempt,
                      struct worker_ctx *ctx, struct partial *out);

/* Adds partials[0..n) in index order. */
struct partial partials_combine(const struct partial *partials, uint32_t n);

/* Reads GILBENCH_CRASH_TASK, GILBENCH_CRASH_SIGNAL and GILBENCH_HANG_TASK
 * once, before workers start; a bad value exits with status 2. */
void fault_injection_init(void);

#endif
