/* mpi_mode.c - see mpi_mode.h.
 *
 * One repetition with R ranks, on the communicator of the first R ranks:
 *   1. rank 0 broadcasts the job (every rank of MPI_COMM_WORLD hears it;
 *      those beyond R go back to waiting);
 *   2. rank 0 scatters each rank's share of the T tasks, dealt round-robin
 *      as `fork` deals them (rank i gets tasks i, i + R, i + 2R, ...: a
 *      (first, stride, count) triple per rank, one MPI_Scatter).  Ranks
 *      share no memory, so there is no task counter to claim from; dealing
 *      rather than cutting contiguous blocks keeps the ranks evenly loaded
 *      when cost grows along the range, as it does for trial division;
 *   3. every rank runs its tasks with the very task_run() of every other
 *      mode, one partial per task;
 *   4. MPI_Gatherv brings every rank's partials to rank 0, which puts them
 *      back in task order and adds them with partials_combine(): the
 *      checksum is bit-identical to every mode's.
 *   5. each rank's CPU time, context switches and peak memory (getrusage
 *      around its part) are gathered too, so cpu_util counts every rank
 *      (ranks on other hosts included), as `fork` counts its children.
 *
 * Owned here: the per-rank-count communicators, the MPI datatype of a
 * partial and, on serving ranks, the current kernel's input.  They live
 * for the whole run; mpi_mode_init/free bracket it.
 */
#include "mpi/mpi_mode.h"

#include <errno.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "lib/measurement/clock.h"
#include "lib/cli.h"
#include "lib/processes/signals.h"
#include "modes/workers/tasks.h"
#include "mpi/quiet_wait.h"
#include "registry.h"

enum job_op { JOB_KERNEL_BEGIN = 1, JOB_REP, JOB_KERNEL_END, JOB_STOP };
enum { JOB_OP, JOB_KERNEL, JOB_RANKS, JOB_ITEMS, JOB_TASKS, JOB_LEN };
enum { USAGE_USER, USAGE_SYS, USAGE_VOL, USAGE_INVOL, USAGE_RSS, USAGE_LEN };
enum { DEAL_FIRST, DEAL_STRIDE, DEAL_COUNT, DEAL_LEN };   /* one rank's tasks */

static struct {
    MPI_Comm comms[CLI_MAX_LIST];
    uint32_t ranks[CLI_MAX_LIST];
    size_t ncomms;
    MPI_Datatype partial_type;
    struct run_plan plan;   /* serving ranks: the current kernel */
} world;

int mpi_mode_init(const uint32_t *ranks, size_t n)
{
    int me;
    const int lengths[2] = {1, 1};
    const MPI_Aint offsets[2] = {offsetof(struct partial, count), offsetof(struct partial, sum)};
    const MPI_Datatype types[2] = {MPI_UINT64_T, MPI_DOUBLE};
    MPI_Datatype packed;

    if (MPI_Comm_rank(MPI_COMM_WORLD, &me) != MPI_SUCCESS || n > CLI_MAX_LIST)
        return -1;
    /* A datatype, not raw bytes, so ranks on machines of another byte
     * order would still agree; resized so arrays of it step by sizeof. */
    if (MPI_Type_create_struct(2, lengths, offsets, types, &packed) != MPI_SUCCESS ||
        MPI_Type_create_resized(packed, 0, sizeof(struct partial), &world.partial_type) !=
            MPI_SUCCESS ||
        MPI_Type_commit(&world.partial_type) != MPI_SUCCESS || MPI_Type_free(&packed) != MPI_SUCCESS)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int member = (uint32_t)me < ranks[i];
        if (MPI_Comm_split(MPI_COMM_WORLD, member ? 0 : MPI_UNDEFINED, me, &world.comms[i]) !=
            MPI_SUCCESS)
            return -1;
        world.ranks[i] = ranks[i];
    }
    world.ncomms = n;
    return 0;
}

void mpi_mode_free(void)
{
    for (size_t i = 0; i < world.ncomms; i++)
        if (world.comms[i] != MPI_COMM_NULL)
            MPI_Comm_free(&world.comms[i]);
    world.ncomms = 0;
    MPI_Type_free(&world.partial_type);
}

static MPI_Comm comm_of(uint32_t ranks)
{
    for (size_t i = 0; i < world.ncomms; i++)
        if (world.ranks[i] == ranks)
            return world.comms[i];
    return MPI_COMM_NULL;
}

/* Broadcasts (rank 0) or receives (others) one job, without spinning. */
static int job_exchange(int64_t job[JOB_LEN])
{
    MPI_Request request;

    if (MPI_Ibcast(job, JOB_LEN, MPI_INT64_T, 0, MPI_COMM_WORLD, &request) != MPI_SUCCESS)
        return -1;
    return quiet_wait(&request) == MPI_SUCCESS ? 0 : -1;
}

int mpi_mode_kernel_begin(size_t kernel, uint64_t items, uint32_t tasks)
{
    int64_t job[JOB_LEN] = {JOB_KERNEL_BEGIN, (int64_t)kernel, 0, (int64_t)items, tasks};
    return job_exchange(job);
}

int mpi_mode_kernel_end(void)
{
    int64_t job[JOB_LEN] = {JOB_KERNEL_END, 0, 0, 0, 0};
    return job_exchange(job);
}

int mpi_mode_stop(void)
{
    int64_t job[JOB_LEN] = {JOB_STOP, 0, 0, 0, 0};
    return job_exchange(job);
}

static double tv_seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

/* This rank's share of one repetition: receive its tasks, run them, send
 * the partials; rank 0 puts every rank's back into task order in `all`.
 * Fills `usage` with what the rank spent doing it.  Returns 0 or -1. */
static int run_share(const struct run_plan *plan, MPI_Comm comm, struct partial *all,
                     double *t_started, double usage[USAGE_LEN])
{
    int me, size, rc = 0;
    int64_t mine[DEAL_LEN];
    int64_t *deals = NULL;
    int *counts = NULL, *offsets = NULL;
    struct partial *local = NULL, *by_rank = NULL;
    struct worker_ctx ctx = {.eval_breaker = NULL, .gil = NULL, .worker = 0};
    struct rusage before, after;
    MPI_Request request;

    if (getrusage(RUSAGE_SELF, &before) != 0 || MPI_Comm_rank(comm, &me) != MPI_SUCCESS ||
        MPI_Comm_size(comm, &size) != MPI_SUCCESS)
        return -1;
    ctx.worker = (unsigned)me;
    if (me == 0) {
        deals = malloc(DEAL_LEN * (size_t)size * sizeof *deals);
        counts = malloc((size_t)size * sizeof *counts);
        offsets = malloc((size_t)size * sizeof *offsets);
        by_rank = calloc(plan->tasks, sizeof *by_rank);
        if (deals == NULL || counts == NULL || offsets == NULL || by_rank == NULL) {
            rc = -1;
            goto out;
        }
        /* Round-robin: rank r gets tasks r, r + R, r + 2R, ... */
        for (int r = 0, offset = 0; r < size; r++) {
            int count = r < (int)plan->tasks ? ((int)plan->tasks - r + size - 1) / size : 0;
            deals[DEAL_LEN * r + DEAL_FIRST] = r;
            deals[DEAL_LEN * r + DEAL_STRIDE] = size;
            deals[DEAL_LEN * r + DEAL_COUNT] = count;
            counts[r] = count;
            offsets[r] = offset;
            offset += count;
        }
    }
    if (MPI_Scatter(deals, DEAL_LEN, MPI_INT64_T, mine, DEAL_LEN, MPI_INT64_T, 0, comm) !=
        MPI_SUCCESS) {
        rc = -1;
        goto out;
    }
    if (t_started != NULL)
        *t_started = clock_now();
    /* Rank 0 computes straight into its own place in the gather buffer. */
    local = me == 0 ? by_rank : calloc(mine[DEAL_COUNT] ? (size_t)mine[DEAL_COUNT] : 1, sizeof *local);
    if (local == NULL) {
        rc = -1;
        goto out;
    }
    for (int64_t i = 0; i < mine[DEAL_COUNT]; i++)
        task_run(plan, (uint32_t)(mine[DEAL_FIRST] + i * mine[DEAL_STRIDE]), &ctx, &local[i]);
    if (me == 0)
        rc = MPI_Igatherv(MPI_IN_PLACE, 0, world.partial_type, by_rank, counts, offsets,
                          world.partial_type, 0, comm, &request);
    else
        rc = MPI_Igatherv(local, (int)mine[DEAL_COUNT], world.partial_type, NULL, NULL, NULL,
                          world.partial_type, 0, comm, &request);
    if (rc != MPI_SUCCESS || quiet_wait(&request) != MPI_SUCCESS)
        rc = -1;
    if (rc == 0 && me == 0) {
        /* Rank-major (all of rank 0's, then rank 1's, ...) to task order. */
        for (int r = 0; r < size; r++)
            for (int i = 0; i < counts[r]; i++)
                all[r + (size_t)i * (size_t)size] = by_rank[offsets[r] + i];
    }
    if (getrusage(RUSAGE_SELF, &after) != 0)
        rc = -1;
    usage[USAGE_USER] = tv_seconds(after.ru_utime) - tv_seconds(before.ru_utime);
    usage[USAGE_SYS] = tv_seconds(after.ru_stime) - tv_seconds(before.ru_stime);
    usage[USAGE_VOL] = (double)(after.ru_nvcsw - before.ru_nvcsw);
    usage[USAGE_INVOL] = (double)(after.ru_nivcsw - before.ru_nivcsw);
    usage[USAGE_RSS] = (double)after.ru_maxrss;
out:
    if (me != 0)
        free(local);
    free(by_rank);
    free(deals);
    free(counts);
    free(offsets);
    return rc;
}

static int mode_mpi_run(const struct run_plan *plan, struct rep_result *result)
{
    MPI_Comm comm = comm_of(plan->workers);
    int64_t job[JOB_LEN] = {JOB_REP, 0, plan->workers, (int64_t)plan->items, plan->tasks};
    double mine[USAGE_LEN], *usage = NULL;
    struct partial *all = calloc(plan->tasks, sizeof *all);
    int failed;

    for (size_t k = 0; k < kernel_count; k++)
        if (kernel_table[k] == plan->kernel)
            job[JOB_KERNEL] = (int64_t)k;
    usage = calloc(USAGE_LEN * (size_t)plan->workers, sizeof *usage);
    if (all == NULL || usage == NULL || comm == MPI_COMM_NULL) {
        snprintf(result->error, sizeof result->error,
                 comm == MPI_COMM_NULL ? "no communicator for %u ranks" : "out of memory (%u ranks)",
                 plan->workers);
        goto fail;
    }
    if (job_exchange(job) != 0) {
        snprintf(result->error, sizeof result->error, "%s",
                 signals_interrupted() ? "interrupted" : "broadcasting the job failed");
        goto fail;
    }
    /* From here the other ranks are inside this repetition's collectives:
     * rank 0 cannot leave them half done and go on to the next job. */
    failed = run_share(plan, comm, all, &result->t_started, mine) != 0;
    result->t_computed = clock_now();
    if (!failed)
        failed = MPI_Gather(mine, USAGE_LEN, MPI_DOUBLE, usage, USAGE_LEN, MPI_DOUBLE, 0, comm) !=
                 MPI_SUCCESS;
    if (failed) {
        fprintf(stderr, "gilbench-mpi: rank 0: %s/mpi with %u ranks: %s; ending the job\n",
                plan->kernel->name, plan->workers,
                signals_interrupted() ? "interrupted" : "a repetition failed");
        MPI_Abort(MPI_COMM_WORLD, signals_interrupted() ? 128 + signals_interrupted()
                                                        : EXIT_RUN_FAILED);
    }
    /* Rank 0's own use is in measure_rep's getrusage(RUSAGE_SELF). */
    for (uint32_t r = 1; r < plan->workers; r++) {
        const double *u = &usage[USAGE_LEN * r];
        result->children.user_s += u[USAGE_USER];
        result->children.sys_s += u[USAGE_SYS];
        result->children.vol_ctx_switches += (long)u[USAGE_VOL];
        result->children.invol_ctx_switches += (long)u[USAGE_INVOL];
        if ((long)u[USAGE_RSS] > result->children.max_rss_kb)
            result->children.max_rss_kb = (long)u[USAGE_RSS];
    }
    result->total = partials_combine(all, plan->tasks);
    free(all);
    free(usage);
    return 0;
fail:
    free(all);
    free(usage);
    return -1;
}

const struct mode mode_mpi = {
    .name = "mpi",
    .summary = "Open MPI ranks: tasks dealt by a scatter, partials gathered in task order",
    .run = mode_mpi_run,
};

/* A serving rank cannot report a failure to anyone but mpirun: it says
 * why and ends the whole job, which mpirun reports and rank 0's caller
 * turns into exit status 1. */
static void serve_abort(const char *what)
{
    int me = -1;

    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    fprintf(stderr, "gilbench-mpi: rank %d: %s\n", me, what);
    MPI_Abort(MPI_COMM_WORLD, EXIT_RUN_FAILED);
}

int mpi_mode_serve(void)
{
    struct run_plan *plan = &world.plan;

    for (;;) {
        int64_t job[JOB_LEN];
        double usage[USAGE_LEN];

        if (job_exchange(job) != 0)
            serve_abort("receiving the next job failed");
        switch (job[JOB_OP]) {
        case JOB_KERNEL_BEGIN:
            if (job[JOB_KERNEL] < 0 || (size_t)job[JOB_KERNEL] >= kernel_count)
                serve_abort("a job names an unknown kernel");
            memset(plan, 0, sizeof *plan);
            plan->kernel = kernel_table[job[JOB_KERNEL]];
            plan->items = (uint64_t)job[JOB_ITEMS];
            plan->tasks = (uint32_t)job[JOB_TASKS];
            if (plan->kernel->setup != NULL && plan->kernel->setup(plan->items, &plan->state) != 0)
                serve_abort(strerror(errno));
            break;
        case JOB_REP: {
            MPI_Comm comm = comm_of((uint32_t)job[JOB_RANKS]);
            if (comm == MPI_COMM_NULL)
                break; /* not one of the first `ranks` ranks */
            plan->workers = (uint32_t)job[JOB_RANKS];
            if (run_share(plan, comm, NULL, NULL, usage) != 0 ||
                MPI_Gather(usage, USAGE_LEN, MPI_DOUBLE, NULL, 0, MPI_DOUBLE, 0, comm) !=
                    MPI_SUCCESS)
                serve_abort("a repetition failed");
            break;
        }
        case JOB_KERNEL_END:
            if (plan->kernel != NULL && plan->kernel->teardown != NULL)
                plan->kernel->teardown(plan->state);
            memset(plan, 0, sizeof *plan);
            break;
        case JOB_STOP:
            return 0;
        default:
            serve_abort("unknown job");
        }
    }
}
