/* mode_threads.c - real pthreads with no lock: what C, or free-threaded
 * Python, gets.  The threads are those of the thread crew (thread_crew.c)
 * with no GIL to take. */
#include "modes/modes.h"
#include "modes/workers/thread_crew.h"

static int mode_threads_run(const struct run_plan *plan, struct rep_result *result)
{
    return threads_run(plan, NULL, NULL, result);
}

const struct mode mode_threads = {
    .name = "threads",
    .summary = "real pthreads, no lock: C or free-threaded Python",
    .run = mode_threads_run,
};
