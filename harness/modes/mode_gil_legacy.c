/* mode_gil_legacy.c - pthreads under the simulated GIL of CPython 2: no
 * switch interval, no forced switching, release and re-take every
 * --check-interval checkpoints.  The lock is in gil_legacy.c. */
#include <stdio.h>
#include <string.h>

#include "gil/gil_legacy.h"
#include "modes/modes.h"
#include "modes/workers/thread_crew.h"

static int mode_gil_legacy_run(const struct run_plan *plan, struct rep_result *result)
{
    struct gil_legacy gil;
    int err = gil_legacy_init(&gil, plan->check_interval);
    int rc;

    if (err != 0) {
        snprintf(result->error, sizeof result->error, "cannot create the GIL: %s", strerror(err));
        return -1;
    }
    rc = threads_run(plan, &gil_legacy_ops, &gil, result);
    gil_legacy_destroy(&gil);
    return rc;
}

const struct mode mode_gil_legacy = {
    .name = "gil-legacy",
    .summary = "pthreads under a simulated CPython 2 GIL (release and re-take every 100 checks)",
    .run = mode_gil_legacy_run,
    .counts_ticks = 1,
};
