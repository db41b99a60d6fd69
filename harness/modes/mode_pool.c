/* mode_pool.c - a pool of forked workers fed chunks of tasks on demand,
 * like multiprocessing.Pool.map with the fork start method.
 *
 * The pool is created and torn down within each repetition, as
 * `with Pool(n) as p: p.map(f, tasks)` does, so its start-up is in the
 * measurement.  A worker gets --chunksize tasks at a time (default: Pool
 * map's own rule, tasks / (4 x workers) rounded up) and the next chunk when
 * it reports the last of the current one: uneven tasks (Mandelbrot rows)
 * even out, at the price of a round trip per chunk. */
#include "modes/modes.h"
#include "modes/proc_crew.h"

static int mode_pool_run(const struct run_plan *plan, struct rep_result *result)
{
    const struct proc_crew_spec spec = {
        .start = proc_start_fork, .on_demand = 1, .chunksize = plan->chunksize};

    return proc_crew_run(plan, &spec, result);
}

const struct mode mode_pool = {
    .name = "pool",
    .summary = "a pool of forked workers fed chunks of tasks on demand (Pool.map)",
    .run = mode_pool_run,
};
