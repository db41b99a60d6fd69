/* startup.c - `gilbench startup`: per-start latency of each way to start
 * parallel work (launch.c), with the parent holding 0 to 1024 MiB.
 *
 * The method is lmbench's lat_proc: a few unmeasured starts first (they
 * fault in code paths and bring the helper into the page cache), then the
 * number of starts per batch is doubled until one batch lasts long enough
 * that the clock's own cost and resolution vanish in it, then several
 * batches are timed.  Each batch gives one per-start time (batch time /
 * starts); the median of the batches is the figure, min and max show the
 * spread a shared machine adds.
 *
 * The parent's memory (parent_memory.c) is touched, page by page, and kept
 * mapped while the launchers run: fork() copies one page-table entry per
 * resident page, so its cost grows with what the parent has touched, while
 * vfork, posix_spawn and threads share or skip the address space and stay
 * flat.  After every mechanism, waitpid(-1) must find no child at all: the
 * run fails rather than leave a zombie.
 */
#include "commands/startup/startup.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/affinity.h"
#include "lib/atomic_file.h"
#include "lib/clock.h"
#include "commands/startup/launch.h"
#include "lib/machine.h"
#include "lib/cli.h"
#include "registry.h"
#include "commands/startup/parent_memory.h"
#include "lib/progress.h"
#include "lib/results.h"
#include "lib/signals.h"
#include "lib/stats.h"

enum {
    MAX_SIZES = 16,
    MAX_BATCHES = 101,
    WARMUP_STARTS = 3,
    MAX_ITERATIONS = 10000000,
    MAX_PARENT_MIB = 65536,
    WATCHDOG_S = 300,
};

struct startup_options {
    uint32_t parent_mib[MAX_SIZES];
    size_t nsizes;
    const struct launcher *launchers[16];
    size_t nlaunchers;
    uint64_t iterations;      /* 0: sized by time */
    unsigned batches;
    double batch_s;           /* a batch lasts at least this long */
    unsigned pool_workers;
    const char *out;
    int pin;                  /* --pin: harness on one CPU, every unit on another */
    char argv_line[1024];
};

/* One row of startup.csv. */
struct startup_row {
    const struct launcher *launcher;
    uint32_t parent_mib;
    uint64_t per_batch;
    unsigned batches;
    unsigned workers;
    double median_us, min_us, max_us;
};

static uint64_t parent_mib_limit(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    uint64_t half;

    if (pages <= 0 || page <= 0)
        return MAX_PARENT_MIB;
    half = (uint64_t)pages / 2 * (uint64_t)page >> 20; /* room for the children and the rest */
    return half < MAX_PARENT_MIB ? half : MAX_PARENT_MIB;
}

static void startup_help(void)
{
    printf("usage: gilbench startup [options]\n"
           "Per-start latency of each way to start parallel work, while the parent holds\n"
           "0 to 1024 MiB of touched memory: one start, wait and reap/join, timed in\n"
           "batches as lmbench's lat_proc does.\n\n"
           "  --parent-mib LIST   memory the parent holds, MiB, 0 to %llu each\n"
           "                      (default 0,64,256,1024; --quick: 0,256)\n"
           "  --mechanisms LIST   what to start (default: all):\n",
           (unsigned long long)parent_mib_limit());
    for (size_t i = 0; i < launcher_count; i++)
        printf("                        %-13s %s\n", launcher_table[i].name, launcher_table[i].summary);
    printf("  --iterations N      at least N timed starts per mechanism and memory size,\n"
           "                      1 to %d (default: as many as fill the batches' time)\n"
           "  --pool-workers N    processes in one pool, 1 to %d (default 2)\n"
           "  --quick             fewer, shorter batches: about a second\n"
           "  --pin               the harness on the first allowed CPU, every started thread\n"
           "                      or process on the second (sched_setaffinity); see meta\n"
           "  -o, --out DIR       result directory (default: a new results/<run-id>/)\n"
           "Writes DIR/startup.csv (mechanism,parent_mib,iterations,median_us,min_us,max_us,\n"
           "batches,batch_size,workers) and DIR/meta.  The helper gilbench-nop is looked for\n"
           "next to this executable, or at $GILBENCH_NOP.\n",
           MAX_ITERATIONS, KERNEL_MAX_WORKERS);
}

static void parse_parent_mib(struct startup_options *o, char *arg)
{
    uint64_t limit = parent_mib_limit(), v;
    char *tok;

    o->nsizes = 0;
    while ((tok = strsep(&arg, ",")) != NULL) {
        if (o->nsizes == MAX_SIZES || parse_u64(tok, 0, limit, &v) != 0)
            usage_error("startup", "--parent-mib: expected up to %d sizes in MiB from 0 to %llu, got '%s'",
                        MAX_SIZES, (unsigned long long)limit, tok);
        for (size_t i = 0; i < o->nsizes; i++)
            if (o->parent_mib[i] == v)
                usage_error("startup", "--parent-mib: %s is listed twice", tok);
        o->parent_mib[o->nsizes++] = (uint32_t)v;
    }
}

static void parse_mechanisms(struct startup_options *o, char *arg)
{
    char names[256] = "";
    char *tok;

    for (size_t i = 0; i < launcher_count; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                 launcher_table[i].name);
    o->nlaunchers = 0;
    while ((tok = strsep(&arg, ",")) != NULL) {
        const struct launcher *l = launcher_find(tok);
        if (l == NULL)
            usage_error("startup", "--mechanisms: unknown mechanism '%s'; expected some of %s", tok, names);
        for (size_t i = 0; i < o->nlaunchers; i++)
            if (o->launchers[i] == l)
                usage_error("startup", "--mechanisms: '%s' is listed twice", tok);
        o->launchers[o->nlaunchers++] = l;
    }
}

/* --pin: the harness (which times every start) on the first CPU allowed,
 * every started thread or process on the second (the first again with only
 * one): each start then pays a cross-CPU wake-up, every time, instead of
 * whichever kind the scheduler picks.  meta says where each went. */
static int startup_pin(struct machine *m, int *unit_cpu)
{
    int cpus[AFFINITY_MAX_CPUS];
    int n = affinity_allowed(cpus, AFFINITY_MAX_CPUS), err;

    if (n < 1) {
        fprintf(stderr, "gilbench startup: --pin: cannot read the CPUs allowed: %s\n", strerror(errno));
        return -1;
    }
    if ((err = affinity_pin_thread(pthread_self(), cpus[0])) != 0) {
        fprintf(stderr, "gilbench startup: --pin: cannot pin to CPU %d: %s\n", cpus[0], strerror(err));
        return -1;
    }
    *unit_cpu = cpus[1 % n];
    snprintf(m->pinning, sizeof m->pinning,
             "harness -> cpu %d, each started thread or process -> cpu %d (thread, fork, fork_exec, "
             "pool; vfork, posix_spawn and spawn_worker children inherit cpu %d)",
             cpus[0], *unit_cpu, cpus[0]);
    return 0;
}

static void startup_parse(struct startup_options *o, int argc, char **argv)
{
    enum { OPT_PARENT_MIB = 256, OPT_MECHANISMS, OPT_ITERATIONS, OPT_POOL, OPT_QUICK, OPT_PIN };
    static const struct option longopts[] = {
        {"parent-mib", required_argument, NULL, OPT_PARENT_MIB},
        {"mechanisms", required_argument, NULL, OPT_MECHANISMS},
        {"iterations", required_argument, NULL, OPT_ITERATIONS},
        {"pool-workers", required_argument, NULL, OPT_POOL},
        {"quick", no_argument, NULL, OPT_QUICK},
        {"pin", no_argument, NULL, OPT_PIN},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int quick = 0, sizes_given = 0, c;
    uint64_t v;

    memset(o, 0, sizeof *o);
    o->pool_workers = 2;
    for (int i = 0; i < argc; i++)
        snprintf(o->argv_line + strlen(o->argv_line), sizeof o->argv_line - strlen(o->argv_line),
                 "%s%s", i ? " " : "", argv[i]);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_PARENT_MIB: parse_parent_mib(o, optarg); sizes_given = 1; break;
        case OPT_MECHANISMS: parse_mechanisms(o, optarg); break;
        case OPT_ITERATIONS:
            if (parse_u64(optarg, 1, MAX_ITERATIONS, &o->iterations) != 0)
                usage_error("startup", "--iterations: expected a whole number from 1 to %d, got '%s'",
                            MAX_ITERATIONS, optarg);
            break;
        case OPT_POOL:
            if (parse_u64(optarg, 1, KERNEL_MAX_WORKERS, &v) != 0)
                usage_error("startup", "--pool-workers: expected a whole number from 1 to %d, got '%s'",
                            KERNEL_MAX_WORKERS, optarg);
            o->pool_workers = (unsigned)v;
            break;
        case OPT_QUICK: quick = 1; break;
        case OPT_PIN: o->pin = 1; break;
        case 'o': o->out = optarg; break;
        case 'h': startup_help(); exit(0);
        case ':': usage_error("startup", "option '%s' needs a value", argv[optind - 1]);
        default: usage_error("startup", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error("startup", "unexpected argument '%s'", argv[optind]);
    if (!sizes_given) {
        static const uint32_t full[] = {0, 64, 256, 1024}, short_list[] = {0, 256};
        const uint32_t *d = quick ? short_list : full;
        o->nsizes = quick ? 2 : 4;
        for (size_t i = 0; i < o->nsizes; i++)
            o->parent_mib[i] = d[i] <= parent_mib_limit() ? d[i] : (uint32_t)parent_mib_limit();
    }
    if (o->nlaunchers == 0) {
        for (size_t i = 0; i < launcher_count; i++)
            o->launchers[o->nlaunchers++] = &launcher_table[i];
    }
    o->batches = quick ? 5 : 11;
    o->batch_s = quick ? 0.002 : 0.01;
    if (o->out != NULL)
        check_out_dir("startup", o->out);
}

/* `n` starts in a row; their wall time in *seconds. */
static int run_batch(const struct launcher *l, const struct launch_ctx *ctx, uint64_t n,
                     double *seconds, char *error, size_t len)
{
    double t0 = clock_now();

    for (uint64_t i = 0; i < n; i++)
        if (l->once(ctx, error, len) != 0)
            return -1;
    *seconds = clock_now() - t0;
    return 0;
}

/* Times one launcher at the current parent memory.  Returns 0, 1 when
 * interrupted, or -1 with `error` filled. */
static int time_launcher(const struct startup_options *o, const struct launch_ctx *ctx,
                         struct startup_row *row, char *error, size_t len)
{
    const struct launcher *l = row->launcher;
    double per_start_us[MAX_BATCHES], s, sd;
    uint64_t n = 1;

    if (run_batch(l, ctx, WARMUP_STARTS, &s, error, len) != 0)
        return -1;
    row->batches = o->batches;
    if (o->iterations != 0) {
        if (o->iterations < row->batches)
            row->batches = (unsigned)o->iterations;
        n = (o->iterations + row->batches - 1) / row->batches;
    } else {
        /* Double until a batch is long enough; these count as warm-up too. */
        for (;;) {
            if (run_batch(l, ctx, n, &s, error, len) != 0)
                return -1;
            if (s >= o->batch_s || signals_interrupted())
                break;
            n *= 2;
        }
    }
    for (unsigned b = 0; b < row->batches; b++) {
        if (signals_interrupted())
            return 1;
        if (run_batch(l, ctx, n, &s, error, len) != 0)
            return -1;
        per_start_us[b] = s / (double)n * 1e6;
    }
    row->per_batch = n;
    row->workers = l->is_pool ? ctx->pool_workers : 1;
    stats_of(per_start_us, row->batches, &row->median_us, &row->min_us, &row->max_us, &sd);
    return 0;
}

/* Trust: a row whose batches spread over STATS_MAX_SPREAD of the median
 * (lib/stats.h) is suspect; the reason, or "". */
static char *startup_flag(const struct startup_row *r, char *buf, size_t len)
{
    struct flag_input in = {.speedup = NAN, .median_s = r->median_us, .min_s = r->min_us,
                            .max_s = r->max_us, .baseline_drift = NAN};
    return stats_flag_text(stats_flags(&in), &in, buf, len);
}

static int write_startup_csv(const char *dir, const struct startup_row *rows, size_t n)
{
    char flag[160];

    struct atomic_file f;

    if (atomic_file_open_in(&f, dir, "startup.csv") != 0)
        return -1;
    fputs("mechanism,parent_mib,iterations,median_us,min_us,max_us,batches,batch_size,workers,flag\n",
          f.fp);
    for (size_t i = 0; i < n; i++)
        fprintf(f.fp, "%s,%u,%llu,%.3f,%.3f,%.3f,%u,%llu,%u,%s\n", rows[i].launcher->name,
                rows[i].parent_mib, (unsigned long long)(rows[i].per_batch * rows[i].batches),
                rows[i].median_us, rows[i].min_us, rows[i].max_us, rows[i].batches,
                (unsigned long long)rows[i].per_batch, rows[i].workers,
                startup_flag(&rows[i], flag, sizeof flag));
    return atomic_file_commit(&f);
}

static const struct startup_row *find_row(const struct startup_row *rows, size_t n,
                                          const struct launcher *l, uint32_t mib)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].launcher == l && rows[i].parent_mib == mib)
            return &rows[i];
    return NULL;
}

static void print_table(const struct startup_options *o, const struct startup_row *rows, size_t n)
{
    uint32_t lo = o->parent_mib[0], hi = o->parent_mib[0];
    const struct startup_row *cheapest = NULL;

    for (size_t s = 1; s < o->nsizes; s++) {
        lo = o->parent_mib[s] < lo ? o->parent_mib[s] : lo;
        hi = o->parent_mib[s] > hi ? o->parent_mib[s] : hi;
    }
    printf("\nper-start cost, median microseconds, parent holding N MiB of touched memory\n%-13s",
           "mechanism");
    for (size_t s = 0; s < o->nsizes; s++)
        printf(" %7u MiB", o->parent_mib[s]);
    if (hi != lo)
        printf(" %11s", "growth");
    printf("\n");
    for (size_t m = 0; m < o->nlaunchers; m++) {
        const struct startup_row *a = find_row(rows, n, o->launchers[m], lo);
        const struct startup_row *b = find_row(rows, n, o->launchers[m], hi);
        printf("%-13s", o->launchers[m]->name);
        for (size_t s = 0; s < o->nsizes; s++) {
            const struct startup_row *r = find_row(rows, n, o->launchers[m], o->parent_mib[s]);
            if (r != NULL)
                printf(" %11.1f", r->median_us);
            else
                printf(" %11s", "-");
        }
        if (hi != lo && a != NULL && b != NULL && a->median_us > 0)
            printf(" %10.2fx", b->median_us / a->median_us);
        /* Said on the row it concerns, with the reason. */
        for (size_t s = 0; s < o->nsizes; s++) {
            const struct startup_row *r = find_row(rows, n, o->launchers[m], o->parent_mib[s]);
            char flag[160];
            if (r != NULL && startup_flag(r, flag, sizeof flag)[0] != '\0')
                printf("  SUSPECT at %u MiB: batches %s", r->parent_mib, flag);
        }
        printf("\n");
        if (a != NULL && (cheapest == NULL || a->median_us < cheapest->median_us))
            cheapest = a;
    }
    if (hi != lo)
        printf("growth: the median at %u MiB divided by the median at %u MiB\n", hi, lo);
    const struct launcher *fork_l = launcher_find("fork");
    const struct startup_row *f0 = find_row(rows, n, fork_l, lo), *f1 = find_row(rows, n, fork_l, hi);
    if (hi != lo && f0 != NULL && f1 != NULL && f0->median_us > 0)
        printf("fork ratio %u MiB / %u MiB: %.1fx (%.1f us -> %.1f us): fork copies the page tables\n",
               hi, lo, f1->median_us / f0->median_us, f0->median_us, f1->median_us);
    if (cheapest != NULL)
        printf("cheapest at %u MiB: %s, %.1f us per start\n", lo, cheapest->launcher->name,
               cheapest->median_us);
}

int startup_main(int argc, char **argv)
{
    struct startup_options o;
    struct startup_row rows[MAX_SIZES * 16];
    char self[4096], nop[4096], error[768];
    struct launch_ctx ctx;
    struct results dir = {0};
    struct machine machine;
    struct progress progress;
    size_t nrows = 0;
    int status = 0;

    startup_parse(&o, argc, argv);
    if (launch_locate_programs(self, nop, sizeof self) != 0) {
        fprintf(stderr, "gilbench startup: cannot find this executable: %s\n", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    for (size_t m = 0; m < o.nlaunchers; m++) {
        if (o.launchers[m]->needs_nop && access(nop, X_OK) != 0) {
            fprintf(stderr, "gilbench startup: %s needs the helper %s: %s (build it with 'make', "
                    "set GILBENCH_NOP, or leave %s out of --mechanisms)\n",
                    o.launchers[m]->name, nop, strerror(errno), o.launchers[m]->name);
            return EXIT_RUN_FAILED;
        }
    }
    if (signals_install() != 0) {
        perror("gilbench startup: sigaction");
        return EXIT_RUN_FAILED;
    }
    machine_describe(&machine);
    int unit_cpu = -1;
    if (o.pin && startup_pin(&machine, &unit_cpu) != 0)
        return EXIT_RUN_FAILED;
    if (results_create_dir(&dir, o.out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench startup: %s\n", error);
        return EXIT_RUN_FAILED;
    }
    if (machine_write_meta(&machine, dir.dir, o.argv_line) != 0) {
        fprintf(stderr, "gilbench startup: cannot write %s/meta: %s\n", dir.dir, strerror(errno));
        return EXIT_RUN_FAILED;
    }
    ctx = (struct launch_ctx){.nop_path = nop, .self_path = self, .pool_workers = o.pool_workers,
                              .unit_cpu = unit_cpu};
    /* Children _exit without flushing, but make sure none inherits output. */
    if (fflush(NULL) != 0)
        perror("gilbench startup: fflush");
    progress_start(&progress, -1, (unsigned)(o.nsizes * o.nlaunchers));

    for (size_t s = 0; s < o.nsizes && status == 0 && !signals_interrupted(); s++) {
        struct parent_memory mem;
        if (parent_memory_hold(&mem, o.parent_mib[s], error, sizeof error) != 0) {
            fprintf(stderr, "gilbench startup: %s\n", error);
            parent_memory_release(&mem);
            status = EXIT_RUN_FAILED;
            break;
        }
        for (size_t m = 0; m < o.nlaunchers && status == 0 && !signals_interrupted(); m++) {
            struct startup_row *row = &rows[nrows];
            char what[128], hung[256];
            int rc;

            snprintf(what, sizeof what, "%s at %u MiB", o.launchers[m]->name, o.parent_mib[s]);
            progress_step(&progress, what);
            snprintf(hung, sizeof hung, "gilbench startup: %s: no progress for %d s; aborting",
                     what, WATCHDOG_S);
            *row = (struct startup_row){.launcher = o.launchers[m], .parent_mib = o.parent_mib[s]};
            watchdog_arm(WATCHDOG_S, hung);
            rc = time_launcher(&o, &ctx, row, error, sizeof error);
            watchdog_disarm();
            if (rc < 0 && !signals_interrupted()) {
                fprintf(stderr, "gilbench startup: %s failed: %s\n", what, error);
                status = EXIT_RUN_FAILED;
            }
            if (launch_check_all_reaped(what, error, sizeof error) != 0) {
                fprintf(stderr, "gilbench startup: %s\n", error);
                status = EXIT_RUN_FAILED;
            }
            if (rc == 0 && status == 0)
                nrows++;
            if (write_startup_csv(dir.dir, rows, nrows) != 0) {
                fprintf(stderr, "gilbench startup: cannot write %s/startup.csv: %s\n", dir.dir,
                        strerror(errno));
                status = EXIT_RUN_FAILED;
            }
        }
        parent_memory_release(&mem);
    }
    progress_finish(&progress);
    print_table(&o, rows, nrows);
    if (status == 0 && !signals_interrupted())
        printf("children: all reaped (waitpid(-1) finds none after every mechanism)\n");
    printf("results: %s/ (startup.csv, meta)\n", dir.dir);
    if (signals_interrupted()) {
        fprintf(stderr, "gilbench startup: interrupted; the rows finished so far are saved\n");
        return 128 + signals_interrupted();
    }
    return status;
}
