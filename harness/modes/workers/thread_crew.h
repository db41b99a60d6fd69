/* thread_crew.h - a crew of pthreads that claim tasks one at a time; shared by
 * the `threads` mode (no lock) and the GIL modes (each thread holds the
 * GIL while it runs Python-like code). */
#ifndef GILBENCH_THREAD_CREW_H
#define GILBENCH_THREAD_CREW_H

#include "modes/modes.h"

/* Runs the plan on plan->workers threads.  With `ops` non-NULL every
 * thread takes that GIL (`lock`) before its first task and releases it
 * after its last, the per-thread GIL counters are summed into
 * result->gil, and with plan->trace_path set every GIL event is written
 * there. */
int threads_run(const struct run_plan *plan, const struct gil_ops *ops, void *lock,
                struct rep_result *result);

#endif
