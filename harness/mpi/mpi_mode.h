/* mpi_mode.h - the `mpi` mode: one repetition of a plan across ranks, and
 * the jobs rank 0 sends so that every rank takes part.
 *
 * Protocol (rank 0 -> all ranks, one broadcast on MPI_COMM_WORLD each):
 *   KERNEL_BEGIN kernel items tasks   every rank builds the kernel's input
 *   REP kernel ranks items tasks      the first `ranks` ranks run one
 *                                     repetition (mode_mpi.run on rank 0)
 *   KERNEL_END                        every rank frees that input
 *   STOP                              the serving ranks return
 */
#ifndef GILBENCH_MPI_MODE_H
#define GILBENCH_MPI_MODE_H

#include <stddef.h>
#include <stdint.h>

#include "modes/modes.h"

/* Collective over MPI_COMM_WORLD: one communicator per rank count in
 * ranks[0..n) (the first ranks[i] ranks).  Returns 0 or -1. */
int mpi_mode_init(const uint32_t *ranks, size_t n);
void mpi_mode_free(void);

/* Rank 0: tell every rank to build, or free, kernel_table[kernel]'s
 * input; stop the serving ranks.  Return 0, or -1 when interrupted. */
int mpi_mode_kernel_begin(size_t kernel, uint64_t items, uint32_t tasks);
int mpi_mode_kernel_end(void);
int mpi_mode_stop(void);

/* Every rank but 0: serve jobs until STOP.  Returns 0, or exits the job
 * with MPI_Abort on a failure it cannot report otherwise. */
int mpi_mode_serve(void);

/* Rank 0's side of one repetition, for measure_rep(): the mode `mpi`,
 * workers = ranks. */
extern const struct mode mode_mpi;

#endif
