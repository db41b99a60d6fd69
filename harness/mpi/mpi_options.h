/* mpi_options.h - the command line of gilbench-mpi, parsed and checked
 * once by the launcher (before mpirun starts anything) and again by every
 * rank, which gets the same arguments. */
#ifndef GILBENCH_MPI_OPTIONS_H
#define GILBENCH_MPI_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/cli.h"
#include "registry.h"

enum mpi_command { MPI_CMD_RUN, MPI_CMD_PINGPONG };

struct mpi_options {
    enum mpi_command command;
    const char *name;                     /* "run" or "pingpong": for messages */
    /* run */
    const struct kernel *kernels[CLI_MAX_LIST];
    size_t nkernels;
    uint32_t ranks[CLI_MAX_LIST];         /* rank counts to measure (the `workers` column) */
    size_t nranks;                        /* 0: every rank mpirun started */
    uint64_t items;                       /* 0: each kernel's default (or quick) size */
    uint32_t tasks;                       /* 0: min(64, items), as gilbench run */
    unsigned reps, warmup;
    int quick;
    double timeout_s;                     /* a repetition taking longer has a hung rank */
    /* pingpong */
    uint64_t max_size;                    /* largest message, bytes */
    unsigned latency_iters, bandwidth_iters, window;
    /* both */
    const char *out;                      /* run: a directory; pingpong: a CSV file or NULL */
    const char *hostfile;                 /* NULL: every rank on this machine */
    char argv_line[1024];                 /* for the meta file */
};

/* Parses argv (argv[0] is the subcommand).  Returns 0, or exits with
 * EXIT_USAGE after one line naming the option; --help prints usage and
 * exits 0. */
void mpi_options_parse(struct mpi_options *o, int argc, char **argv);

/* The largest rank count the options ask for: what mpirun must start. */
uint32_t mpi_options_max_ranks(const struct mpi_options *o);

uint64_t mpi_options_items(const struct mpi_options *o, const struct kernel *k);
uint32_t mpi_options_tasks(const struct mpi_options *o, const struct kernel *k);

#endif
