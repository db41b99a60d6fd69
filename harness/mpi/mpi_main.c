/* mpi_main.c - gilbench-mpi: the kernels across processes that share
 * nothing, on one machine or many, with Open MPI.
 *
 * One program, two roles.  Started by a person, it is the launcher: it
 * checks the options and the hostfile, then runs mpirun on itself
 * (mpi_launch.c).  Started by mpirun (Open MPI puts OMPI_COMM_WORLD_SIZE
 * in every rank's environment), it is a rank: MPI_Init, the subcommand,
 * MPI_Finalize.  So `gilbench-mpi run -k primes -w 1,2,3` and
 * `mpirun -np 3 gilbench-mpi run -k primes` both work.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <signal.h>
#include <unistd.h>

#include "mpi/mpi_launch.h"
#include "mpi/mpi_options.h"
#include "mpi/mpi_pingpong.h"
#include "mpi/mpi_run.h"

static int started_by_mpirun(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") != NULL || getenv("PMIX_RANK") != NULL;
}

static void usage(FILE *fp)
{
    fprintf(fp, "usage: gilbench-mpi run -k KERNELS [-w RANKS] [options]   the kernels on MPI ranks\n"
                "       gilbench-mpi pingpong [options]                  latency and bandwidth, 2 ranks\n"
                "'gilbench-mpi COMMAND --help' lists a command's options.\n");
}

static int rank_main(const struct mpi_options *o, int argc, char **argv)
{
    int status;

    /* If mpirun (or its daemon) dies, this rank must not live on, spinning
     * in a collective that will never complete. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        perror("gilbench-mpi: prctl(PR_SET_PDEATHSIG)");
    /* Sleeps of a waiting rank (quiet_wait.c) end within 1 us of when
     * asked, not the default 50 us of timer slack later. */
    if (prctl(PR_SET_TIMERSLACK, 1000UL) != 0)
        perror("gilbench-mpi: prctl(PR_SET_TIMERSLACK)");
    if (MPI_Init(&argc, &argv) != MPI_SUCCESS) {
        fprintf(stderr, "gilbench-mpi %s: MPI_Init failed\n", o->name);
        return EXIT_RUN_FAILED;
    }
    status = o->command == MPI_CMD_RUN ? mpi_run_main(o) : mpi_pingpong_main(o);
    if (fflush(stdout) != 0)
        status = EXIT_RUN_FAILED;
    MPI_Finalize();
    return status;
}

int main(int argc, char **argv)
{
    struct mpi_options o;
    char **parsed;

    cli_set_program("gilbench-mpi");
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "run") != 0 && strcmp(argv[1], "pingpong") != 0) {
        fprintf(stderr, "gilbench-mpi: unknown command '%s'; expected 'run' or 'pingpong' "
                        "(see 'gilbench-mpi --help')\n", argv[1]);
        return EXIT_USAGE;
    }
    /* Parsing splits lists in place ("-k a,b"): the launcher passes the
     * untouched argv on to the ranks, so the parser gets a copy. */
    parsed = calloc((size_t)argc + 1, sizeof *parsed);
    for (int i = 0; parsed != NULL && i < argc; i++)
        if ((parsed[i] = strdup(argv[i])) == NULL) {
            perror("gilbench-mpi");
            return EXIT_RUN_FAILED;
        }
    if (parsed == NULL) {
        perror("gilbench-mpi");
        return EXIT_RUN_FAILED;
    }
    mpi_options_parse(&o, argc - 1, parsed + 1);
    if (started_by_mpirun())
        return rank_main(&o, argc, argv);
    return mpi_launch(&o, argc, argv);
}
