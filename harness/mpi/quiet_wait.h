/* quiet_wait.h - waiting for an MPI request without spinning a core. */
#ifndef GILBENCH_QUIET_WAIT_H
#define GILBENCH_QUIET_WAIT_H

#include <mpi.h>

/* Completes `request` like MPI_Wait, but sleeps between tests.  Returns
 * MPI_SUCCESS, an MPI error code, or -1 when a SIGINT/SIGTERM arrived
 * (lib/processes/signals.h) while waiting. */
int quiet_wait(MPI_Request *request);

#endif
