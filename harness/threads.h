/* threads.h - a crew of pthreads that claim tasks one at a time; shared by
 * the `threads` mode (no lock) and the GIL modes (each thread holds the
 * GIL while it runs Python-like code). */
#ifndef GILBENCH_THREADS_H
#define GILBENCH_THREADS_H

#include "mode.h"

/* Runs the plan on plan->workers threads.  With `gil` non-NULL every
 * thread takes it before its first task and releases it after its last,
 * and the per-thread GIL counters are summed into result->gil. */
int threads_run(const struct run_plan *plan, struct gil *gil, struct rep_result *result);

#endif
