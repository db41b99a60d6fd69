/* ipc.c - `gilbench ipc`: options, the run directory, and the order of the
 * experiments (latency.c, bandwidth.c, serialise.c, send_vs_share.c).
 * Each experiment's CSV is written atomically when it ends, so an
 * interrupted or failed run keeps every experiment finished before. */
#include "commands/ipc/ipc.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/ipc/bandwidth.h"
#include "commands/ipc/latency.h"
#include "commands/ipc/send_vs_share.h"
#include "commands/ipc/serialise.h"
#include "lib/atomic_file.h"
#include "lib/cli.h"
#include "lib/machine.h"
#include "lib/progress.h"
#include "lib/results.h"
#include "lib/signals.h"

enum { EXP_LATENCY = 1, EXP_BANDWIDTH = 2, EXP_SERIALISE = 4, EXP_SHARE = 8 };
static const size_t SERIALISE_ELEMENTS[] = {1, 10, 100, 1000, 10000};
static const size_t SERIALISE_ELEMENTS_QUICK[] = {1, 100, 1000};
static const char *const FORMATS[] = {"binary", "text"};

/* A size in bytes: a whole number with an optional k or m suffix (KiB, MiB). */
static int parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    char num[32];
    size_t n = strlen(s);
    uint64_t unit = 1;

    if (n == 0 || n >= sizeof num)
        return -1;
    memcpy(num, s, n + 1);
    if (num[n - 1] == 'k' || num[n - 1] == 'K')
        unit = 1024;
    else if (num[n - 1] == 'm' || num[n - 1] == 'M')
        unit = 1024 * 1024;
    if (unit != 1)
        num[n - 1] = '\0';
    if (parse_u64(num, 1, UINT64_MAX / unit, out) != 0)
        return -1;
    *out *= unit;
    return *out >= min && *out <= max ? 0 : -1;
}

static size_t parse_size_list(char *arg, const char *opt, uint64_t min, uint64_t max, size_t *out)
{
    char *parts[CLI_MAX_LIST];
    int n = split_list(arg, parts, IPC_MAX_SIZES);
    uint64_t v;

    if (n < 0)
        usage_error("ipc", "%s: expected up to %d sizes from %llu to %llu bytes (k and m suffixes allowed)",
                    opt, IPC_MAX_SIZES, (unsigned long long)min, (unsigned long long)max);
    for (int i = 0; i < n; i++) {
        if (parse_size(parts[i], min, max, &v) != 0)
            usage_error("ipc", "%s: expected sizes from %llu to %llu bytes (k and m suffixes allowed), got '%s'",
                        opt, (unsigned long long)min, (unsigned long long)max, parts[i]);
        out[i] = (size_t)v;
    }
    return (size_t)n;
}

static void ipc_help(void)
{
    printf("usage: gilbench ipc [options]\n"
           "What it costs two processes to talk: round-trip latency and bandwidth over\n"
           "each channel, serialising a record, and sending vs sharing a large object.\n\n"
           "  --experiments LIST  latency,bandwidth,serialise,share (default: all)\n"
           "  --channels LIST     %s (default: all;\n"
           "                      shm-spin SPINS: it needs a free core per process)\n"
           "  --sizes LIST        latency message sizes, 1 to 16m bytes (default 8,64,512,4k,32k,256k,1m)\n"
           "  --chunks LIST       bandwidth write sizes, 1 to 16m bytes (default 4k,64k,1m)\n"
           "  --total BYTES       bytes per bandwidth transfer, 64k to 1024m (default 8m)\n"
           "  --object-mib LIST   send-vs-share object sizes, 1 to 1024 MiB (default 1,8,32)\n"
           "  --workers N         send-vs-share workers, 1 to 16 (default 2)\n"
           "  --batches N         timed batches per configuration, 1 to 64 (default 5)\n"
           "  --timeout S         a peer silent this long counts as hung, 0.1 to 3600 (default 10)\n"
           "  --quick             small sizes, fewer batches: a run of about a second\n"
           "  --no-progress       no progress line on stderr\n"
           "  -o, --out DIR       result directory (default: a new results/<run-id>/)\n"
           "Writes DIR/latency.csv, bandwidth.csv, serialise.csv, send_vs_share.csv, meta.\n"
           "GILBENCH_IPC_PEER_DIE_AFTER=N kills the peer after its Nth message (a fault to test).\n",
           channel_names());
}

static int write_csv(const char *dir, const char *name, void (*header)(FILE *),
                     void (*row)(FILE *, const void *), const void *rows, size_t size, size_t n)
{
    struct atomic_file f;

    if (atomic_file_open_in(&f, dir, name) != 0) {
        fprintf(stderr, "gilbench ipc: cannot write %s/%s: %s\n", dir, name, strerror(errno));
        return -1;
    }
    header(f.fp);
    for (size_t i = 0; i < n; i++)
        row(f.fp, (const char *)rows + i * size);
    if (atomic_file_commit(&f) != 0) {
        fprintf(stderr, "gilbench ipc: cannot write %s/%s: %s\n", dir, name, strerror(errno));
        return -1;
    }
    return 0;
}

/* Adapters: the CSV writers take their own row types. */
static void lat_row(FILE *fp, const void *r) { latency_csv_row(fp, r); }
static void bw_row(FILE *fp, const void *r) { bandwidth_csv_row(fp, r); }
static void ser_row(FILE *fp, const void *r) { serialise_csv_row(fp, r); }
static void share_row_w(FILE *fp, const void *r) { share_csv_row(fp, r); }

struct ipc_run {
    const struct ipc_params *p;
    const char *dir;
    struct progress progress;
    int failed;
};

/* Between configurations: a hung configuration ends the process (exit 1)
 * with this message; every wait inside has its own timeout, so this is
 * the backstop for a peer alive but stuck inside a blocking read. */
static void guard(const struct ipc_run *run, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, "gilbench ipc: %s did not finish within %.0f s", what, run->p->timeout_s * 3 + 30);
    watchdog_arm(run->p->timeout_s * 3 + 30, msg);
}

static int stop(struct ipc_run *run, int rc, const char *why)
{
    watchdog_disarm();
    if (rc != 0 && !signals_interrupted()) {
        progress_finish(&run->progress);
        fprintf(stderr, "gilbench ipc: %s\n", why);
        run->failed = 1;
    }
    return run->failed || signals_interrupted();
}

static int run_latency(struct ipc_run *run)
{
    const struct ipc_params *p = run->p;
    struct latency_row rows[8 * IPC_MAX_SIZES];
    char why[256], what[96];
    size_t n = 0;

    for (size_t s = 0; s < p->nsizes; s++)
        for (size_t c = 0; c < p->nchannels; c++) {
            snprintf(what, sizeof what, "latency %s %zu B", p->channels[c]->name, p->sizes[s]);
            progress_step(&run->progress, what);
            guard(run, what);
            int rc = latency_measure(p->channels[c], p->sizes[s], p, &rows[n], why, sizeof why);
            if (rc == 0)
                n++;
            if (stop(run, rc, why))
                goto done;
        }
done:
    return write_csv(run->dir, "latency.csv", latency_csv_header, lat_row, rows, sizeof rows[0], n);
}

static int run_bandwidth(struct ipc_run *run)
{
    const struct ipc_params *p = run->p;
    struct bandwidth_row rows[8 * IPC_MAX_SIZES];
    char why[256], what[96];
    size_t n = 0;

    for (size_t s = 0; s < p->nbw_chunks; s++)
        for (size_t c = 0; c < p->nchannels; c++) {
            snprintf(what, sizeof what, "bandwidth %s %zu B writes", p->channels[c]->name, p->bw_chunks[s]);
            progress_step(&run->progress, what);
            guard(run, what);
            int rc = bandwidth_measure(p->channels[c], p->bw_chunks[s], p, &rows[n], why, sizeof why);
            if (rc == 0)
                n++;
            if (stop(run, rc, why))
                goto done;
        }
done:
    return write_csv(run->dir, "bandwidth.csv", bandwidth_csv_header, bw_row, rows, sizeof rows[0], n);
}

static int run_serialise(struct ipc_run *run, int quick)
{
    const size_t *elements = quick ? SERIALISE_ELEMENTS_QUICK : SERIALISE_ELEMENTS;
    size_t nel = quick ? sizeof SERIALISE_ELEMENTS_QUICK / sizeof elements[0]
                       : sizeof SERIALISE_ELEMENTS / sizeof elements[0];
    struct serialise_row rows[16];
    char why[256], what[96];
    size_t n = 0;

    for (size_t e = 0; e < nel; e++)
        for (size_t f = 0; f < 2; f++) {
            snprintf(what, sizeof what, "serialise %s %zu elements", FORMATS[f], elements[e]);
            progress_step(&run->progress, what);
            guard(run, what);
            int rc = serialise_measure(FORMATS[f], elements[e], run->p, &rows[n], why, sizeof why);
            if (rc == 0)
                n++;
            if (stop(run, rc, why))
                goto done;
        }
done:
    return write_csv(run->dir, "serialise.csv", serialise_csv_header, ser_row, rows, sizeof rows[0], n);
}

static int run_share(struct ipc_run *run)
{
    const struct ipc_params *p = run->p;
    struct share_row rows[3 * IPC_MAX_SIZES];
    char why[256], what[96];
    size_t n = 0;

    for (size_t s = 0; s < p->nobjects; s++)
        for (size_t m = 0; m < share_method_count; m++) {
            snprintf(what, sizeof what, "%s %zu MiB", share_methods[m], p->object_mib[s]);
            progress_step(&run->progress, what);
            guard(run, what);
            int rc = share_measure(share_methods[m], p->object_mib[s], p, &rows[n], why, sizeof why);
            if (rc == 0)
                n++;
            if (stop(run, rc, why))
                goto done;
        }
done:
    return write_csv(run->dir, "send_vs_share.csv", share_csv_header, share_row_w, rows, sizeof rows[0], n);
}

static void print_summary(const struct ipc_run *run, int experiments)
{
    printf("gilbench ipc: results in %s/\n", run->dir);
    if (experiments & EXP_LATENCY)
        printf("  latency.csv        round trip per channel and message size (median us)\n");
    if (experiments & EXP_BANDWIDTH)
        printf("  bandwidth.csv      MB/s per channel and write size\n");
    if (experiments & EXP_SERIALISE)
        printf("  serialise.csv      encode + decode of a record, binary vs text\n");
    if (experiments & EXP_SHARE)
        printf("  send_vs_share.csv  a large object copied to workers vs mapped shared\n");
}

/* The command line, for the meta file. */
static void join_args(char *buf, size_t len, int argc, char **argv)
{
    size_t used = (size_t)snprintf(buf, len, "ipc");
    for (int i = 1; i < argc && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, " %s", argv[i]);
}

static int ipc_run(const struct ipc_params *p, int experiments, int quick, int progress_mode,
                   const char *out, int argc, char **argv)
{
    struct ipc_run run = {.p = p};
    struct results results;
    struct machine machine;
    struct sigaction ignore;
    char error[512], options[1024];
    unsigned total = 0;

    memset(&results, 0, sizeof results);
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    /* A peer that dies makes our next write fail with EPIPE, which is
     * reported; SIGPIPE would kill us silently instead. */
    if (signals_install() != 0 || sigemptyset(&ignore.sa_mask) != 0 || sigaction(SIGPIPE, &ignore, NULL) != 0) {
        fprintf(stderr, "gilbench ipc: cannot install signal handlers: %s\n", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    machine_describe(&machine);
    if (results_create_dir(&results, out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench ipc: %s\n", error);
        return EXIT_RUN_FAILED;
    }
    run.dir = results.dir;
    join_args(options, sizeof options, argc, argv);
    if (machine_write_meta(&machine, results.dir, options) != 0) {
        fprintf(stderr, "gilbench ipc: cannot write meta: %s\n", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    if (experiments & EXP_LATENCY)
        total += (unsigned)(p->nsizes * p->nchannels);
    if (experiments & EXP_BANDWIDTH)
        total += (unsigned)(p->nbw_chunks * p->nchannels);
    if (experiments & EXP_SERIALISE)
        total += quick ? 6 : 10;
    if (experiments & EXP_SHARE)
        total += (unsigned)(p->nobjects * share_method_count);
    progress_start(&run.progress, progress_mode, total);
    if ((experiments & EXP_LATENCY) && run_latency(&run) != 0)
        run.failed = 1;
    if (!run.failed && !signals_interrupted() && (experiments & EXP_BANDWIDTH) && run_bandwidth(&run) != 0)
        run.failed = 1;
    if (!run.failed && !signals_interrupted() && (experiments & EXP_SERIALISE) && run_serialise(&run, quick) != 0)
        run.failed = 1;
    if (!run.failed && !signals_interrupted() && (experiments & EXP_SHARE) && run_share(&run) != 0)
        run.failed = 1;
    progress_finish(&run.progress);
    if (signals_interrupted()) {
        fprintf(stderr, "gilbench ipc: interrupted by signal %d (%s); finished experiments are in %s/\n",
                signals_interrupted(), strsignal(signals_interrupted()), results.dir);
        return 128 + signals_interrupted();
    }
    if (run.failed)
        return EXIT_RUN_FAILED;
    print_summary(&run, experiments);
    return 0;
}

static int parse_experiments(char *arg)
{
    char *parts[CLI_MAX_LIST];
    int n = split_list(arg, parts, 4), mask = 0;

    if (n < 0)
        usage_error("ipc", "--experiments: expected a list of latency, bandwidth, serialise, share");
    for (int i = 0; i < n; i++) {
        if (strcmp(parts[i], "latency") == 0) mask |= EXP_LATENCY;
        else if (strcmp(parts[i], "bandwidth") == 0) mask |= EXP_BANDWIDTH;
        else if (strcmp(parts[i], "serialise") == 0) mask |= EXP_SERIALISE;
        else if (strcmp(parts[i], "share") == 0) mask |= EXP_SHARE;
        else
            usage_error("ipc", "--experiments: expected latency, bandwidth, serialise or share, got '%s'", parts[i]);
    }
    return mask;
}

static void parse_channels(char *arg, struct ipc_params *p)
{
    char *parts[CLI_MAX_LIST];
    int n = split_list(arg, parts, 8);

    if (n < 0)
        usage_error("ipc", "--channels: expected a list of %s", channel_names());
    for (int i = 0; i < n; i++)
        if ((p->channels[i] = channel_find(parts[i])) == NULL)
            usage_error("ipc", "--channels: expected %s, got '%s'", channel_names(), parts[i]);
    p->nchannels = (size_t)n;
}

int ipc_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"experiments", required_argument, NULL, 'e'}, {"channels", required_argument, NULL, 'c'},
        {"sizes", required_argument, NULL, 's'},       {"chunks", required_argument, NULL, 'k'},
        {"total", required_argument, NULL, 't'},       {"object-mib", required_argument, NULL, 'm'},
        {"workers", required_argument, NULL, 'w'},     {"batches", required_argument, NULL, 'b'},
        {"timeout", required_argument, NULL, 'T'},     {"quick", no_argument, NULL, 'q'},
        {"no-progress", no_argument, NULL, 'P'},       {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},              {NULL, 0, NULL, 0},
    };
    struct ipc_params p = {.bw_total = 8u << 20, .share_workers = 2, .batches = 5,
                           .enough_s = 0.005, .timeout_s = 10.0};
    int experiments = EXP_LATENCY | EXP_BANDWIDTH | EXP_SERIALISE | EXP_SHARE;
    int quick = 0, progress_mode = -1, c;
    int given_sizes = 0, given_chunks = 0, given_total = 0, given_objects = 0, given_batches = 0;
    const char *out = NULL, *env;
    uint64_t v;
    double secs;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': experiments = parse_experiments(optarg); break;
        case 'c': parse_channels(optarg, &p); break;
        case 's': p.nsizes = parse_size_list(optarg, "--sizes", 1, 16u << 20, p.sizes); given_sizes = 1; break;
        case 'k': p.nbw_chunks = parse_size_list(optarg, "--chunks", 1, 16u << 20, p.bw_chunks); given_chunks = 1; break;
        case 't':
            if (parse_size(optarg, 64u << 10, 1024u << 20, &v) != 0)
                usage_error("ipc", "--total: expected bytes from 64k to 1024m, got '%s'", optarg);
            p.bw_total = (size_t)v;
            given_total = 1;
            break;
        case 'm': {
            char *parts[CLI_MAX_LIST];
            int n = split_list(optarg, parts, IPC_MAX_SIZES);
            if (n < 0)
                usage_error("ipc", "--object-mib: expected up to %d sizes from 1 to 1024 MiB", IPC_MAX_SIZES);
            for (int i = 0; i < n; i++) {
                if (parse_u64(parts[i], 1, 1024, &v) != 0)
                    usage_error("ipc", "--object-mib: expected MiB from 1 to 1024, got '%s'", parts[i]);
                p.object_mib[i] = (size_t)v;
            }
            p.nobjects = (size_t)n;
            given_objects = 1;
            break;
        }
        case 'w':
            if (parse_u64(optarg, 1, 16, &v) != 0)
                usage_error("ipc", "--workers: expected a whole number from 1 to 16, got '%s'", optarg);
            p.share_workers = (unsigned)v;
            break;
        case 'b':
            if (parse_u64(optarg, 1, 64, &v) != 0)
                usage_error("ipc", "--batches: expected a whole number from 1 to 64, got '%s'", optarg);
            p.batches = (unsigned)v;
            given_batches = 1;
            break;
        case 'T':
            if (parse_seconds(optarg, 0.1, 3600, &secs) != 0)
                usage_error("ipc", "--timeout: expected seconds from 0.1 to 3600, got '%s'", optarg);
            p.timeout_s = secs;
            break;
        case 'q': quick = 1; break;
        case 'P': progress_mode = 0; break;
        case 'o': out = optarg; break;
        case 'h': ipc_help(); return 0;
        case ':': usage_error("ipc", "option '%s' needs a value", argv[optind - 1]);
        default: usage_error("ipc", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error("ipc", "unexpected argument '%s'", argv[optind]);
    if ((env = getenv("GILBENCH_IPC_PEER_DIE_AFTER")) != NULL && *env != '\0' &&
        parse_u64(env, 1, UINT64_MAX, &p.peer_die_after) != 0)
        usage_error("ipc", "GILBENCH_IPC_PEER_DIE_AFTER: expected a whole number of messages from 1, got '%s'", env);
    if (p.nchannels == 0)
        for (size_t i = 0; i < channel_count; i++)
            p.channels[p.nchannels++] = channel_table[i];
    if (!given_sizes) {
        static const size_t full[] = {8, 64, 512, 4096, 32768, 262144, 1048576};
        static const size_t small[] = {8, 512, 65536, 1048576};
        const size_t *d = quick ? small : full;
        p.nsizes = quick ? 4 : 7;
        memcpy(p.sizes, d, p.nsizes * sizeof *d);
    }
    if (!given_chunks) {
        static const size_t full[] = {4096, 65536, 1048576};
        p.nbw_chunks = quick ? 1 : 3;
        memcpy(p.bw_chunks, quick ? full + 1 : full, p.nbw_chunks * sizeof full[0]);
    }
    if (!given_total && quick)
        p.bw_total = 4u << 20;
    if (!given_objects) {
        static const size_t full[] = {1, 8, 32}, small[] = {1, 8};
        p.nobjects = quick ? 2 : 3;
        memcpy(p.object_mib, quick ? small : full, p.nobjects * sizeof full[0]);
    }
    if (quick) {
        p.enough_s = 0.001;
        if (!given_batches)
            p.batches = 3;
    }
    if (out != NULL)
        check_out_dir("ipc", out);
    return ipc_run(&p, experiments, quick, progress_mode, out, argc, argv);
}
