/* quiet_wait.c - see quiet_wait.h.
 *
 * MPI_Wait in Open MPI polls: a rank that waits keeps its core 100% busy
 * (the shared-memory transport has nothing to block on).  Between
 * repetitions that would steal a core from `seq`, measured on rank 0
 * while the others wait for their next job, and with more ranks than
 * cores (--oversubscribe on a small machine) a rank that finished its
 * tasks would steal time from one still computing.  Open MPI's own answer,
 * mpi_yield_when_idle, still keeps the waiter runnable.  Sleeping
 * QUIET_POLL_NS between MPI_Test calls leaves the core alone; the price is
 * up to that much delay in noticing a completion (plus the timer slack,
 * which mpi_main.c sets to 1 us instead of the default 50 us): about 50 us
 * added to a repetition's start-up phase (the serving ranks' wait for the
 * job) and as much to its compute phase (rank 0's wait for the gather).
 * Ping-pong does not use this: there the polling is what is measured.
 */
#include "mpi/quiet_wait.h"

#include <time.h>

#include "lib/processes/signals.h"

enum { QUIET_POLL_NS = 50 * 1000 };

int quiet_wait(MPI_Request *request)
{
    const struct timespec pause_ts = {.tv_sec = 0, .tv_nsec = QUIET_POLL_NS};

    for (;;) {
        int done = 0;
        int rc = MPI_Test(request, &done, MPI_STATUS_IGNORE);

        if (rc != MPI_SUCCESS)
            return rc;
        if (done)
            return MPI_SUCCESS;
        if (signals_interrupted())
            return -1;
        /* It can only fail with EINTR, which shortens the pause: the loop
         * tests the request and the interruption flag again either way. */
        (void)nanosleep(&pause_ts, NULL);
    }
}
