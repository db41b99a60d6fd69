/* tasks.h - how items become tasks, and partials become one result.
 * Every mode goes through these, which is what keeps checksums identical
 * across modes and worker counts. */
#ifndef GILBENCH_TASKS_H
#define GILBENCH_TASKS_H

#include "modes/modes.h"

/* Tasks a run is split into unless told otherwise: enough for the load to
 * balance over a few workers, few enough that handing one out costs
 * nothing next to running it.  The lessons' Python splits into as many.
 * TASKS_MAX: the most --tasks `run`, `sweep` and gilbench-mpi take. */
enum { TASKS_DEFAULT = 64, TASKS_MAX = 1000000 };

/* The tasks for `items` items: `tasks_given` when it is not 0, else
 * TASKS_DEFAULT, or one per item when there are fewer items. */
uint32_t tasks_for_items(uint64_t items, uint32_t tasks_given);

/* Refuses (usage_error, exit 2) an --items over kernel k's maximum and more
 * --tasks than items, before anything runs.  items_given and tasks_given
 * are the options as given (0: not given), items the count the run uses. */
void tasks_check_sizes(const char *command, const struct kernel *k, uint64_t items_given,
                       uint64_t items, uint32_t tasks_given);

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
