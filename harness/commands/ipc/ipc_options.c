/* ipc_options.c - the command line of `gilbench ipc`: every value
 * checked, a bad one refused with one line naming it and its range (exit
 * 2), the defaults and what --quick shrinks. */
#include "commands/ipc/ipc_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"

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
           "  --channels LIST     channels, listed below (default: all;\n"
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
           "GILBENCH_IPC_PEER_DIE_AFTER=N kills the peer after its Nth message (share: every worker\n"
           "dies before answering): a fault to test.\n\n"
           "channels:\n");
    for (size_t i = 0; i < channel_count; i++)
        printf("  %-15s %s\n", channel_table[i]->name, channel_table[i]->summary);
}

static const char *const EXPERIMENTS[] = {"latency", "bandwidth", "serialise", "share"};

static const char *experiment_name(size_t i)
{
    return EXPERIMENTS[i];
}

static const char *channel_name(size_t i)
{
    return channel_table[i]->name;
}

/* --experiments: EXP_* bits, in EXPERIMENTS' order. */
static int parse_experiments(char *arg)
{
    const struct cli_names t = {"experiment", sizeof EXPERIMENTS / sizeof EXPERIMENTS[0], experiment_name};

    return (int)cli_parse_name_set("ipc", "--experiments", arg, &t);
}

static void parse_channels(char *arg, struct ipc_params *p)
{
    const struct cli_names t = {"channel", channel_count, channel_name};
    size_t index[8];

    p->nchannels = cli_parse_names("ipc", "--channels", arg, &t, index, 8);
    for (size_t i = 0; i < p->nchannels; i++)
        p->channels[i] = channel_table[index[i]];
}

void ipc_options_parse(int argc, char **argv, struct ipc_params *out_params, struct ipc_options *o)
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

    memset(o, 0, sizeof *o);
    cli_parse_begin(o->argv_line, sizeof o->argv_line, argc, argv);
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
        case 'w': p.share_workers = (unsigned)cli_whole_number("ipc", "--workers", optarg, 1, 16); break;
        case 'b':
            p.batches = (unsigned)cli_whole_number("ipc", "--batches", optarg, 1, 64);
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
        case 'h': ipc_help(); o->help = 1; return;
        default: cli_getopt_failed("ipc", c, argv);
        }
    }
    cli_no_operands("ipc", argc, argv);
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
    *out_params = p;
    o->experiments = experiments;
    o->quick = quick;
    o->progress_mode = progress_mode;
    o->out = out;
}
