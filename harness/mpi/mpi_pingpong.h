/* mpi_pingpong.h - what one message costs between two ranks
 * (gilbench-mpi pingpong), measured the way the OSU micro-benchmarks
 * measure it, written as CSV:
 *   channel,size_bytes,iterations,median_us,min_us,max_us,bandwidth_MBps
 * channel is "mpi"; the *_us columns are one-way latency (half a round
 * trip) over `iterations` timed round trips; bandwidth_MBps is 10^6 bytes
 * per second through a window of non-blocking sends. */
#ifndef GILBENCH_MPI_PINGPONG_H
#define GILBENCH_MPI_PINGPONG_H

#include "mpi/mpi_options.h"

/* Called on every rank after MPI_Init; ranks 0 and 1 measure, any others
 * wait.  Returns the exit status. */
int mpi_pingpong_main(const struct mpi_options *o);

#endif
