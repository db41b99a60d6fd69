/* mode_gil.c - pthreads under the simulated GIL of CPython >= 3.2.  The
 * lock itself, and why it behaves as it does, is in gil/gil_new.c; this
 * file only puts the thread crew under it, as CPython's threading module
 * does. */
#include <stdio.h>
#include <string.h>

#include "gil/gil_new.h"
#include "modes/modes.h"
#include "modes/workers/thread_crew.h"

static int mode_gil_run(const struct run_plan *plan, struct rep_result *result)
{
    struct gil gil;
    int err = gil_init(&gil, plan->switch_interval_s);
    int rc;

    if (err != 0) {
        snprintf(result->error, sizeof result->error, "cannot create the GIL: %s", strerror(err));
        return -1;
    }
    rc = threads_run(plan, &gil_new_ops, &gil, result);
    gil_destroy(&gil);
    return rc;
}

const struct mode mode_gil = {
    .name = "gil",
    .summary = "pthreads under a simulated CPython 3 GIL (switch interval, forced switching)",
    .run = mode_gil_run,
};
