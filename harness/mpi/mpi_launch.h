/* mpi_launch.h - gilbench-mpi started by hand: it starts mpirun on itself. */
#ifndef GILBENCH_MPI_LAUNCH_H
#define GILBENCH_MPI_LAUNCH_H

#include "mpi/mpi_options.h"

/* Checks the hostfile, runs `mpirun ... <this program> argv[1..]` with as
 * many ranks as the options need, waits for it (forwarding SIGINT and
 * SIGTERM) and returns the exit status: 0, EXIT_RUN_FAILED or EXIT_USAGE
 * (after one line on stderr), or 128 + signal when interrupted. */
int mpi_launch(const struct mpi_options *o, int argc, char **argv);

#endif
