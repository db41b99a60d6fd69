/* mpi_run.c - see mpi_run.h.  Rank 0 does what `gilbench sweep` does for
 * the other modes (suite.c): for each kernel, seq and then `mpi` at every
 * rank count, warm-ups first, then rounds of interleaved repetitions; every
 * checksum must equal the kernel's first; runs.csv and summary.csv are
 * rewritten atomically after every round, through the same results.c, so
 * rows with mode=mpi and workers=ranks sit in the usual schema and seq
 * measured in the same run gives the speedups.
 */
#include "mpi/mpi_run.h"

#include <errno.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/files/results.h"
#include "lib/machine/machine.h"
#include "lib/processes/signals.h"
#include "modes/measure.h"
#include "modes/workers/tasks.h"
#include "mpi/mpi_mode.h"

struct config {
    const struct mode *mode;
    uint32_t workers;
    int failed;
};

/* The meta file's command line, with what ran it: the MPI library and
 * the hosts the ranks were on. */
static void describe_job(const struct mpi_options *o, int size, char *out, size_t len)
{
    char library[MPI_MAX_LIBRARY_VERSION_STRING] = "";
    char host[MPI_MAX_PROCESSOR_NAME] = "";
    int n = 0;

    MPI_Get_library_version(library, &n);
    library[strcspn(library, ",\n")] = '\0';
    MPI_Get_processor_name(host, &n);
    snprintf(out, len, "%s  [%s, %d ranks started, rank 0 on %s]", o->argv_line, library, size,
             host);
}

static void print_summary(const struct results *r)
{
    struct summary_row *sum;
    size_t n = results_summarize(r, &sum);

    if (sum == NULL)
        return;
    printf("%-11s %-6s %7s %10s %21s %8s %8s\n", "kernel", "mode", "workers", "median_s",
           "min-max_s", "cpu_util", "speedup");
    for (size_t j = 0; j < n; j++) {
        char range[48], speedup[16] = "-";
        snprintf(range, sizeof range, "%.4f-%.4f", sum[j].min_s, sum[j].max_s);
        if (!isnan(sum[j].speedup))
            snprintf(speedup, sizeof speedup, "%.2fx", sum[j].speedup);
        printf("%-11s %-6s %7u %10.4f %21s %8.2f %8s\n", sum[j].kernel->name, sum[j].mode->name,
               sum[j].workers, sum[j].median_s, range, sum[j].cpu_util, speedup);
    }
    free(sum);
}

/* One repetition of one configuration, its checksum checked against the
 * kernel's first.  Returns 0, or -1 with the configuration marked failed. */
static int measure(const struct run_plan *base, struct config *c, struct rep_row *row,
                   char *reference)
{
    struct run_plan plan = *base;
    char error[512];

    plan.workers = c->workers;
    if (measure_rep(c->mode, &plan, row, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench-mpi run: %s/%s with %u ranks failed: %s\n", plan.kernel->name,
                c->mode->name, c->workers, error);
        c->failed = 1;
        return -1;
    }
    if (reference[0] == '\0') {
        snprintf(reference, 48, "%s", row->checksum);
    } else if (strcmp(reference, row->checksum) != 0) {
        fprintf(stderr, "gilbench-mpi run: checksum mismatch: %s/%s with %u ranks gave %s, "
                        "earlier runs gave %s\n",
                plan.kernel->name, c->mode->name, c->workers, row->checksum, reference);
        c->failed = 1;
        return -1;
    }
    return 0;
}

/* Rank 0: every kernel, every configuration.  Returns the exit status. */
static int drive(const struct mpi_options *o, const uint32_t *ranks, size_t nranks, int size)
{
    struct config cfg[CLI_MAX_LIST + 1];
    size_t ncfg = 0;
    struct results results;
    struct machine machine;
    char error[512] = "", job[1400];
    int status = 0;

    memset(&results, 0, sizeof results);
    cfg[ncfg++] = (struct config){.mode = mode_find("seq"), .workers = 1};
    for (size_t i = 0; i < nranks; i++)
        cfg[ncfg++] = (struct config){.mode = &mode_mpi, .workers = ranks[i]};
    machine_describe(&machine);
    describe_job(o, size, job, sizeof job);
    if (results_create_dir(&results, o->out, error, sizeof error) != 0 ||
        machine_write_meta(&machine, results.dir, job) != 0) {
        fprintf(stderr, "gilbench-mpi run: %s\n", error[0] ? error : strerror(errno));
        (void)mpi_mode_stop(); /* the other ranks wait for a job: release them */
        return EXIT_RUN_FAILED;
    }

    for (size_t k = 0; k < o->nkernels && !signals_interrupted(); k++) {
        const struct kernel *kernel = o->kernels[k];
        struct run_plan plan = {.kernel = kernel, .items = mpi_options_items(o, kernel),
                                .tasks = mpi_options_tasks(o, kernel), .timeout_s = o->timeout_s};
        char reference[48] = "";
        size_t index = 0;

        while (kernel_table[index] != kernel)
            index++;
        if (kernel->setup != NULL && kernel->setup(plan.items, &plan.state) != 0) {
            fprintf(stderr, "gilbench-mpi run: cannot prepare kernel %s: %s\n", kernel->name,
                    strerror(errno));
            status = EXIT_RUN_FAILED;
            continue;
        }
        if (mpi_mode_kernel_begin(index, plan.items, plan.tasks) != 0)
            break;
        for (size_t c = 0; c < ncfg; c++)
            for (unsigned w = 0; w < o->warmup && !cfg[c].failed && !signals_interrupted(); w++) {
                struct rep_row row;
                if (measure(&plan, &cfg[c], &row, reference) != 0)
                    status = EXIT_RUN_FAILED;
            }
        for (unsigned rep = 1; rep <= o->reps && !signals_interrupted(); rep++) {
            for (size_t c = 0; c < ncfg && !signals_interrupted(); c++) {
                struct rep_row row;
                if (cfg[c].failed)
                    continue;
                if (measure(&plan, &cfg[c], &row, reference) != 0) {
                    status = EXIT_RUN_FAILED;
                    continue;
                }
                row.rep = rep;
                if (results_add(&results, &row) != 0)
                    status = EXIT_RUN_FAILED;
            }
            if (results_write(&results) != 0) {
                fprintf(stderr, "gilbench-mpi run: cannot write results in '%s': %s\n",
                        results.dir, strerror(errno));
                status = EXIT_RUN_FAILED;
            }
        }
        for (size_t c = 0; c < ncfg; c++)
            cfg[c].failed = 0;
        if (kernel->teardown != NULL)
            kernel->teardown(plan.state);
        if (mpi_mode_kernel_end() != 0)
            break;
    }
    if (signals_interrupted()) {
        /* The others may be anywhere; mpirun ends them. */
        fprintf(stderr, "gilbench-mpi run: interrupted; the repetitions finished so far are "
                        "saved in %s/\n", results.dir);
        results_free(&results);
        MPI_Abort(MPI_COMM_WORLD, 128 + signals_interrupted());
    }
    if (mpi_mode_stop() != 0)
        status = EXIT_RUN_FAILED;
    print_summary(&results);
    printf("results: %s/ (runs.csv, summary.csv, meta)\n", results.dir);
    results_free(&results);
    return status;
}

int mpi_run_main(const struct mpi_options *o)
{
    uint32_t ranks[CLI_MAX_LIST];
    size_t nranks = o->nranks;
    int me, size, status;

    if (MPI_Comm_rank(MPI_COMM_WORLD, &me) != MPI_SUCCESS ||
        MPI_Comm_size(MPI_COMM_WORLD, &size) != MPI_SUCCESS)
        return EXIT_RUN_FAILED;
    memcpy(ranks, o->ranks, sizeof ranks);
    if (nranks == 0)
        ranks[nranks++] = (uint32_t)size; /* started by mpirun directly: all of them */
    /* Every rank sees the same options and size, so all agree to stop. */
    if (mpi_options_max_ranks(o) > (uint32_t)size) {
        if (me == 0)
            fprintf(stderr, "gilbench-mpi run: --ranks asks for %u ranks but mpirun started %d "
                            "(use mpirun -np %u)\n",
                    mpi_options_max_ranks(o), size, mpi_options_max_ranks(o));
        return EXIT_USAGE;
    }
    fault_injection_init();
    if (mpi_mode_init(ranks, nranks) != 0) {
        fprintf(stderr, "gilbench-mpi run: rank %d: cannot set up communicators\n", me);
        return EXIT_RUN_FAILED;
    }
    if (me == 0) {
        if (signals_install() != 0) {
            perror("gilbench-mpi: sigaction");
            MPI_Abort(MPI_COMM_WORLD, EXIT_RUN_FAILED);
        }
        status = drive(o, ranks, nranks, size);
    } else {
        status = mpi_mode_serve();
    }
    mpi_mode_free();
    return status;
}
