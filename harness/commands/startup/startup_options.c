/* startup_options.c - see startup_options.h.
 *
 * The parent's memory is capped at half the machine's RAM: the children
 * and everything else need the rest, and a parent pushed into swap would
 * time the disk, not fork(). */
#include "commands/startup/startup_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "registry.h"

enum { MAX_ITERATIONS = 10000000, MAX_PARENT_MIB = 65536 };

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
           "batches,batch_size,workers,flag) and DIR/meta.  The helper gilbench-nop is looked for\n"
           "next to this executable, or at $GILBENCH_NOP.\n",
           MAX_ITERATIONS, KERNEL_MAX_WORKERS);
}

static void parse_parent_mib(struct startup_options *o, char *arg)
{
    uint64_t limit = parent_mib_limit(), v;
    char *parts[STARTUP_MAX_SIZES];
    int n = split_list(arg, parts, STARTUP_MAX_SIZES), dup;

    if (n < 0)
        usage_error("startup", "--parent-mib: expected up to %d comma-separated sizes in MiB "
                    "from 0 to %llu", STARTUP_MAX_SIZES, (unsigned long long)limit);
    for (int i = 0; i < n; i++) {
        if (parse_u64(parts[i], 0, limit, &v) != 0)
            usage_error("startup", "--parent-mib: expected up to %d sizes in MiB from 0 to %llu, got '%s'",
                        STARTUP_MAX_SIZES, (unsigned long long)limit, parts[i]);
        o->parent_mib[i] = (uint32_t)v;
    }
    if ((dup = cli_first_duplicate(o->parent_mib, (size_t)n, sizeof o->parent_mib[0])) >= 0)
        usage_error("startup", "--parent-mib: %s is listed twice", parts[dup]);
    o->nsizes = (size_t)n;
}

static const char *launcher_name(size_t i)
{
    return launcher_table[i].name;
}

static void parse_mechanisms(struct startup_options *o, char *arg)
{
    const struct cli_names t = {"mechanism", launcher_count, launcher_name};
    size_t index[STARTUP_MAX_LAUNCHERS];

    o->nlaunchers = cli_parse_names("startup", "--mechanisms", arg, &t, index, STARTUP_MAX_LAUNCHERS);
    for (size_t i = 0; i < o->nlaunchers; i++)
        o->launchers[i] = &launcher_table[index[i]];
}

void startup_parse(struct startup_options *o, int argc, char **argv)
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
    cli_parse_begin(o->argv_line, sizeof o->argv_line, argc, argv);
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_PARENT_MIB: parse_parent_mib(o, optarg); sizes_given = 1; break;
        case OPT_MECHANISMS: parse_mechanisms(o, optarg); break;
        case OPT_ITERATIONS:
            o->iterations = cli_whole_number("startup", "--iterations", optarg, 1, MAX_ITERATIONS);
            break;
        case OPT_POOL:
            v = cli_whole_number("startup", "--pool-workers", optarg, 1, KERNEL_MAX_WORKERS);
            o->pool_workers = (unsigned)v;
            break;
        case OPT_QUICK: quick = 1; break;
        case OPT_PIN: o->pin = 1; break;
        case 'o': o->out = optarg; break;
        case 'h': startup_help(); exit(0);
        default: cli_getopt_failed("startup", c, argv);
        }
    }
    cli_no_operands("startup", argc, argv);
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
