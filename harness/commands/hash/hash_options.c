/* hash_options.c - see hash_options.h. */
#include "commands/hash/hash_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel.h"
#include "lib/measurement/workload.h"

static void hash_help(void)
{
    printf("usage: gilbench hash [options] FILE... | DIR\n"
           "       gilbench hash [options] --check LIST\n"
           "SHA-256 of each file with libcrypto, files spread over the workers of a mode;\n"
           "prints exactly sha256sum's lines (\"<digest>  <name>\"), so `sha256sum -c`\n"
           "verifies them.  A single DIR means its files, sorted, not recursive, names\n"
           "starting with '.' skipped.  Directories, FIFOs, sockets and devices are\n"
           "reported and not read; every other file is still hashed; exit 1 at the end.\n\n"
           "  -c, --check LIST     verify a sha256sum list: \"NAME: OK\" or \"NAME: FAILED\"\n"
           "  -m, --modes LIST     seq, gil, gil-legacy, threads, fork, pool (default threads)\n"
           "  -w, --workers LIST   1 to %d (default: the online cores)\n"
           "  -b, --block-size LIST bytes per read and update, 1 to 64M, K/M suffixes\n"
           "                       (default 64K); under gil an update of 2048 bytes or more\n"
           "                       releases the GIL, as hashlib does\n"
           "  -r, --reps N         measured repetitions per configuration, 1 to 100 (default 1)\n"
           "      --warmup N       unmeasured rounds first, 0 to 10 (default 0)\n"
           "  -o, --out DIR        also write DIR/hash.csv (per configuration), hash_runs.csv\n"
           "                       (per repetition) and meta\n"
           "  -q, --quiet          no digest lines (timing only)\n"
           "      --timeout S      a run taking longer is a hung worker (default 3600)\n"
           "      --no-progress    no progress line on a terminal\n",
           KERNEL_MAX_WORKERS);
}

int parse_block_size(const char *s, uint64_t *out)
{
    char num[32];
    size_t len = strlen(s);
    uint64_t mult = 1, v;

    if (len == 0 || len >= sizeof num)
        return -1;
    memcpy(num, s, len + 1);
    if (num[len - 1] == 'K' || num[len - 1] == 'k')
        mult = 1024;
    else if (num[len - 1] == 'M' || num[len - 1] == 'm')
        mult = 1024 * 1024;
    if (mult != 1)
        num[len - 1] = '\0';
    if (parse_u64(num, 1, HASH_MAX_BLOCK, &v) != 0 || v * mult > HASH_MAX_BLOCK)
        return -1;
    *out = v * mult;
    return 0;
}

static size_t parse_list(char *arg, const char *opt, uint64_t *vals, size_t max, int blocks)
{
    char *parts[CLI_MAX_LIST];
    int n = split_list(arg, parts, (int)max);

    if (n < 0)
        usage_error("hash", "%s: expected a comma-separated list of at most %zu values", opt, max);
    for (int i = 0; i < n; i++) {
        int bad = blocks ? parse_block_size(parts[i], &vals[i])
                         : parse_u64(parts[i], 1, KERNEL_MAX_WORKERS, &vals[i]);
        if (bad != 0)
            usage_error("hash", blocks ? "%s: expected sizes from 1 to 64M (K, M suffixes), got '%s'"
                                       : "%s: expected whole numbers from 1 to 256, got '%s'",
                        opt, parts[i]);
    }
    int dup = cli_first_duplicate(vals, (size_t)n, sizeof vals[0]);
    if (dup >= 0)
        usage_error("hash", "%s: '%s' is listed twice", opt, parts[dup]);
    return (size_t)n;
}

void hash_options_parse(struct hash_options *o, int argc, char **argv)
{
    enum { OPT_WARMUP = 256, OPT_TIMEOUT, OPT_NO_PROGRESS };
    static const struct option longopts[] = {
        {"check", required_argument, NULL, 'c'}, {"modes", required_argument, NULL, 'm'},
        {"workers", required_argument, NULL, 'w'}, {"block-size", required_argument, NULL, 'b'},
        {"reps", required_argument, NULL, 'r'}, {"warmup", required_argument, NULL, OPT_WARMUP},
        {"out", required_argument, NULL, 'o'}, {"quiet", no_argument, NULL, 'q'},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    uint64_t vals[CLI_MAX_LIST];
    int c;

    memset(o, 0, sizeof *o);
    o->reps = 1;
    o->progress = -1;
    o->timeout_s = 3600;
    cli_parse_begin(o->argv_line, sizeof o->argv_line, argc, argv);
    while ((c = getopt_long(argc, argv, ":c:m:w:b:r:o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o->check = optarg; break;
        case 'm': o->nmodes = workload_parse_modes("hash", optarg, o->modes, CLI_MAX_LIST); break;
        case 'w':
            o->nworkers = parse_list(optarg, "--workers", vals, CLI_MAX_LIST, 0);
            for (size_t i = 0; i < o->nworkers; i++)
                o->workers[i] = (uint32_t)vals[i];
            break;
        case 'b': o->nblocks = parse_list(optarg, "--block-size", o->blocks, CLI_MAX_LIST, 1); break;
        case 'r': o->reps = (unsigned)cli_whole_number("hash", "--reps", optarg, 1, 100); break;
        case OPT_WARMUP: o->warmup = (unsigned)cli_whole_number("hash", "--warmup", optarg, 0, 10); break;
        case OPT_TIMEOUT:
            if (parse_seconds(optarg, 0.001, 86400, &o->timeout_s) != 0)
                usage_error("hash", "--timeout: expected seconds from 0.001 to 86400, got '%s'", optarg);
            break;
        case 'o': o->out = optarg; break;
        case 'q': o->quiet = 1; break;
        case OPT_NO_PROGRESS: o->progress = 0; break;
        case 'h': hash_help(); exit(0);
        default: cli_getopt_failed("hash", c, argv);
        }
    }
    o->inputs = argv + optind;
    o->ninputs = argc - optind;
    if (o->check != NULL && o->ninputs > 0)
        usage_error("hash", "--check takes the list of files to verify, not FILE arguments");
    if (o->check == NULL && o->ninputs == 0)
        usage_error("hash", "expected FILE... or DIR to hash");
    if (o->nmodes == 0)
        o->modes[o->nmodes++] = mode_find("threads");
    if (o->nworkers == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o->workers[0] = cores < 1 ? 1 : cores > KERNEL_MAX_WORKERS ? KERNEL_MAX_WORKERS : (uint32_t)cores;
        o->nworkers = 1;
    }
    if (o->nblocks == 0)
        o->blocks[o->nblocks++] = 64 * 1024;
    if (o->out != NULL)
        check_out_dir("hash", o->out);
}
