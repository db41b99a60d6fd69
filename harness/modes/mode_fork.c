/* mode_fork.c - one forked child per worker, like multiprocessing.Process
 * with the fork start method and the work split by hand.
 *
 * Each child inherits the parent's memory (copy-on-write), runs its fixed
 * share of the tasks and sends one record per task back over a pipe.
 * Tasks are dealt round-robin (task t to child t mod W): with a fixed
 * split there is no queue to pull from, and interleaving keeps children
 * evenly loaded when cost grows along the range, as it does for trial
 * division.  Starting, collecting and reaping are in proc_crew.c. */
#include "modes/modes.h"
#include "modes/workers/proc_crew.h"

static int mode_fork_run(const struct run_plan *plan, struct rep_result *result)
{
    const struct proc_crew_spec spec = {.start = proc_start_fork, .on_demand = 0};

    return proc_crew_run(plan, &spec, result);
}

const struct mode mode_fork = {
    .name = "fork",
    .summary = "one forked child process per worker, a fixed share of tasks each",
    .run = mode_fork_run,
};
