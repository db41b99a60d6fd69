/* pool_cmd.c - `gilbench pool`: options, the run directory, the CSV files
 * (schema: results/README.md) and a short table on stdout.
 *
 *   pool_cost.csv      start,queue,workers,tasks,rep,wall_s,us_per_task
 *   pool_first.csv     method,workers,rep,first_s,all_s
 *   pool_order.csv     method,rep,position,task,at_s
 *   pool_maxtasks.csv  start,workers,tasks,maxtasksperchild,rep,wall_s,retirements
 *   pool_chunks.csv    queue,workers,rows,chunksize,rep,wall_s
 *
 * The forkserver starts first, before anything is allocated: the start
 * method's point is a server forked from a small parent.
 */
#include "commands/pool/pool_cmd.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/pool/pool_bench.h"
#include "lib/cli.h"
#include "lib/files/atomic_file.h"
#include "lib/files/results.h"
#include "lib/machine/machine.h"
#include "lib/measurement/stats.h"
#include "lib/processes/signals.h"

struct pool_cmd_options {
    unsigned workers, reps;
    int quick;
    uint64_t tasks;           /* 0: by --quick */
    const char *out;
    char argv_line[1024];
};

static void print_help(void)
{
    printf("usage: gilbench pool [options]\n"
           "Measures the process pool (harness/pool): the cost of one task for each start\n"
           "method (fork, spawn, forkserver) and queue (pipe, shm) next to the old round-trip\n"
           "pool, the time to the first result for map, imap and imap_unordered, the cost of\n"
           "maxtasksperchild per replaced worker, and chunksize on uneven work (Mandelbrot).\n\n"
           "  -w, --workers N   pool size, 1 to 64 (default 2)\n"
           "  -n, --tasks N     prime tests for the per-task cost, 100 to 1000000\n"
           "                    (default 20000; 4000 with --quick)\n"
           "  -r, --reps N      repetitions of every measurement, 1 to 100 (default 3)\n"
           "      --quick       small sizes: about a second\n"
           "  -o, --out DIR     result directory (default: a new results/<run-id>/)\n"
           "  -h, --help        this text\n\n"
           "Writes pool_cost.csv, pool_first.csv, pool_order.csv, pool_maxtasks.csv,\n"
           "pool_chunks.csv and meta.  Exit status: 0, 1 a failed measurement, 2 bad usage.\n");
}

static void parse(struct pool_cmd_options *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"workers", required_argument, NULL, 'w'}, {"tasks", required_argument, NULL, 'n'},
        {"reps", required_argument, NULL, 'r'},    {"out", required_argument, NULL, 'o'},
        {"quick", no_argument, NULL, 'q'},         {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t v;
    int c;

    memset(o, 0, sizeof *o);
    o->workers = 2;
    o->reps = 3;
    cli_parse_begin(o->argv_line, sizeof o->argv_line, argc, argv);
    while ((c = getopt_long(argc, argv, ":w:n:r:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w':
            if (parse_u64(optarg, 1, 64, &v) != 0)
                usage_error("pool", "--workers: expected a whole number from 1 to 64, got '%s'", optarg);
            o->workers = (unsigned)v;
            break;
        case 'n':
            if (parse_u64(optarg, 100, 1000000, &v) != 0)
                usage_error("pool", "--tasks: expected a whole number from 100 to 1000000, got '%s'",
                            optarg);
            o->tasks = v;
            break;
        case 'r':
            if (parse_u64(optarg, 1, 100, &v) != 0)
                usage_error("pool", "--reps: expected a whole number from 1 to 100, got '%s'", optarg);
            o->reps = (unsigned)v;
            break;
        case 'o': o->out = optarg; break;
        case 'q': o->quick = 1; break;
        case 'h': print_help(); exit(0);
        case ':': usage_error("pool", "option '%s' needs a value", argv[optind - 1]);
        default:
            if (optopt != 0)
                usage_error("pool", "unknown option '-%c'", optopt);
            usage_error("pool", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error("pool", "unexpected argument '%s'", argv[optind]);
    if (o->out != NULL)
        check_out_dir("pool", o->out);
}

static int write_csvs(const char *dir, const struct pool_bench_ctx *ctx,
                      const struct cost_row *cost, long ncost, const struct first_row *first,
                      long nfirst, const struct maxtasks_row *mt, long nmt,
                      const struct chunk_row *ch, long nch)
{
    struct atomic_file f;

    if (atomic_file_open_in(&f, dir, "pool_cost.csv") != 0)
        return -1;
    fputs("start,queue,workers,tasks,rep,wall_s,us_per_task\n", f.fp);
    for (long i = 0; i < ncost; i++)
        fprintf(f.fp, "%s,%s,%u,%u,%u,%.6f,%.4f\n", cost[i].start, cost[i].queue, ctx->workers,
                ctx->cost_tasks, cost[i].rep, cost[i].wall_s, cost[i].us_per_task);
    if (atomic_file_commit(&f) != 0 || atomic_file_open_in(&f, dir, "pool_first.csv") != 0)
        return -1;
    fputs("method,workers,rep,first_s,all_s\n", f.fp);
    for (long i = 0; i < nfirst; i++)
        fprintf(f.fp, "%s,%u,%u,%.6f,%.6f\n", first[i].method, ctx->workers, first[i].rep,
                first[i].first_s, first[i].all_s);
    if (atomic_file_commit(&f) != 0 || atomic_file_open_in(&f, dir, "pool_order.csv") != 0)
        return -1;
    fputs("method,rep,position,task,at_s\n", f.fp);
    for (long i = 0; i < nfirst; i++)
        for (int k = 0; k < FIRST_TASKS; k++)
            fprintf(f.fp, "%s,%u,%d,%u,%.6f\n", first[i].method, first[i].rep, k, first[i].order[k],
                    first[i].at_s[k]);
    if (atomic_file_commit(&f) != 0 || atomic_file_open_in(&f, dir, "pool_maxtasks.csv") != 0)
        return -1;
    fputs("start,workers,tasks,maxtasksperchild,rep,wall_s,retirements\n", f.fp);
    for (long i = 0; i < nmt; i++)
        fprintf(f.fp, "%s,%u,%u,%u,%u,%.6f,%llu\n", mt[i].start, ctx->workers, ctx->maxtasks_tasks,
                mt[i].maxtasks, mt[i].rep, mt[i].wall_s, (unsigned long long)mt[i].retirements);
    if (atomic_file_commit(&f) != 0 || atomic_file_open_in(&f, dir, "pool_chunks.csv") != 0)
        return -1;
    fputs("queue,workers,rows,chunksize,rep,wall_s\n", f.fp);
    for (long i = 0; i < nch; i++)
        fprintf(f.fp, "%s,%u,%u,%u,%u,%.6f\n", ch[i].queue, ctx->workers, ctx->mandel_rows,
                ch[i].chunksize, ch[i].rep, ch[i].wall_s);
    return atomic_file_commit(&f);
}

/* Median per-task cost of each start/queue, one line each. */
static void print_costs(const struct cost_row *cost, long n, unsigned reps)
{
    double v[100];

    printf("%-11s %-10s %12s\n", "start", "queue", "us_per_task");
    for (long i = 0; i < n && cost[i].rep == 1; i++) {
        size_t k = 0;
        for (long j = 0; j < n && k < reps; j++)
            if (strcmp(cost[j].start, cost[i].start) == 0 && strcmp(cost[j].queue, cost[i].queue) == 0)
                v[k++] = cost[j].us_per_task;
        printf("%-11s %-10s %12.3f\n", cost[i].start, cost[i].queue, stats_median(v, k));
    }
}

int pool_main(int argc, char **argv)
{
    struct pool_cmd_options o;
    struct pool_bench_ctx ctx;
    struct forkserver server;
    struct results dir;
    struct machine machine;
    struct cost_row *cost = NULL;
    struct first_row *first = NULL;
    struct maxtasks_row *mt = NULL;
    struct chunk_row *ch = NULL;
    long ncost = -1, nfirst = -1, nmt = -1, nch = -1;
    char error[512];
    int status = 0;

    parse(&o, argc, argv);
    if (signals_install() != 0) {
        perror("gilbench pool: sigaction");
        return EXIT_RUN_FAILED;
    }
    if (forkserver_start(&server, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench pool: %s\n", error);
        return EXIT_RUN_FAILED;
    }
    memset(&dir, 0, sizeof dir);
    machine_describe(&machine);
    if (results_create_dir(&dir, o.out, error, sizeof error) != 0 ||
        machine_write_meta(&machine, dir.dir, o.argv_line) != 0) {
        fprintf(stderr, "gilbench pool: %s\n", error[0] ? error : strerror(errno));
        (void)forkserver_stop(&server);
        return EXIT_RUN_FAILED;
    }
    ctx = (struct pool_bench_ctx){
        .workers = o.workers, .reps = o.reps,
        .cost_tasks = (uint32_t)(o.tasks ? o.tasks : o.quick ? 4000 : 20000),
        .maxtasks_tasks = o.quick ? 400 : 2000, .maxtasks = o.quick ? 40 : 100,
        /* --quick naps 5 ms a unit: task 0's extra unit must outlast a
         * worker that starts its first task late on a loaded machine (at
         * 2 ms, under ASan beside other tests, task 0 sometimes came first
         * in imap_unordered). */
        .mandel_rows = o.quick ? 60 : 240, .nap_unit_s = o.quick ? 0.005 : 0.010,
        .server = &server};
    if ((ncost = pool_bench_cost(&ctx, &cost)) < 0 || (nfirst = pool_bench_first(&ctx, &first)) < 0 ||
        (nmt = pool_bench_maxtasks(&ctx, &mt)) < 0 || (nch = pool_bench_chunks(&ctx, &ch)) < 0) {
        fprintf(stderr, "gilbench pool: %s\n", ctx.error);
        status = EXIT_RUN_FAILED;
    }
    /* What was measured before a failure is written too. */
    if (write_csvs(dir.dir, &ctx, cost, ncost > 0 ? ncost : 0, first, nfirst > 0 ? nfirst : 0, mt,
                   nmt > 0 ? nmt : 0, ch, nch > 0 ? nch : 0) != 0) {
        fprintf(stderr, "gilbench pool: cannot write results in '%s': %s\n", dir.dir, strerror(errno));
        status = EXIT_RUN_FAILED;
    }
    if (ncost > 0)
        print_costs(cost, ncost, o.reps);
    printf("results: %s/ (pool_cost.csv, pool_first.csv, pool_order.csv, pool_maxtasks.csv, "
           "pool_chunks.csv, meta)\n", dir.dir);
    free(cost);
    free(first);
    free(mt);
    free(ch);
    if (forkserver_stop(&server) != 0) {
        fprintf(stderr, "gilbench pool: the forkserver did not end cleanly\n");
        status = EXIT_RUN_FAILED;
    }
    if (signals_interrupted()) {
        fprintf(stderr, "gilbench pool: interrupted; what was measured so far is saved\n");
        return 128 + signals_interrupted();
    }
    return status;
}
