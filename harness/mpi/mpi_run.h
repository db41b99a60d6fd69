/* mpi_run.h - the kernels' tasks across MPI ranks (gilbench-mpi run). */
#ifndef GILBENCH_MPI_RUN_H
#define GILBENCH_MPI_RUN_H

#include "mpi/mpi_options.h"

/* Called on every rank after MPI_Init.  Rank 0 measures and writes the
 * results; the others serve the jobs it sends.  Returns the exit status
 * (0, EXIT_RUN_FAILED, EXIT_USAGE); MPI_Finalize is the caller's. */
int mpi_run_main(const struct mpi_options *o);

#endif
