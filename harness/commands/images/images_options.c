/* images_options.c - see images_options.h. */
#include "commands/images/images_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel.h"
#include "lib/measurement/workload.h"

static void images_help(void)
{
    printf("usage: gilbench images [options] [DIR]\n"
           "The tutorials' batch photo job: every JPEG and PNG in DIR (recognised by\n"
           "content; names starting with '.' skipped, not recursive) is decoded\n"
           "(libjpeg-turbo, libpng), resized, filtered and written to the output folder in\n"
           "its own format, once per mode, timed.  Without DIR: a generated sample set of\n"
           "photo-like pictures up to 12 MP, made once in the cache folder.\n\n"
           "  -O, --output DIR     where the pictures go (default ./images-out); never DIR\n"
           "      --filter NAME    grayscale, blur, sharpen, sepia or none (default blur)\n"
           "      --size WxH       the box, 1 to 20000 each (default 300x300)\n"
           "      --aspect A       contain: fit inside the box keeping the aspect ratio, never\n"
           "                       enlarging (Image.thumbnail; default); stretch: exactly WxH\n"
           "                       (Image.resize)\n"
           "      --quality Q      JPEG quality 1 to 100 (default 75, Pillow's)\n"
           "  -m, --modes LIST     seq, gil, gil-legacy, threads, fork, pool\n"
           "                       (default seq,threads,gil,pool,fork)\n"
           "      --gil-release LIST held, released or both (default held,released): under a\n"
           "                       GIL mode the C work keeps the GIL, as a pure-Python pixel\n"
           "                       loop would, or releases it, as Pillow does\n"
           "  -w, --workers LIST   1 to %d (default: the online cores)\n"
           "  -r, --reps N         measured repetitions, 1 to 100 (default 1)\n"
           "      --warmup N       unmeasured rounds first, 0 to 10 (default 0)\n"
           "      --samples SET    without DIR: quick (8 small), default (12, up to 12 MP),\n"
           "                       full (36)\n"
           "      --cache DIR      sample cache (default $GILBENCH_CACHE, $XDG_CACHE_HOME/gilbench\n"
           "                       or ~/.cache/gilbench)\n"
           "  -o, --out DIR        also write DIR/images.csv (per configuration), images_runs.csv\n"
           "                       (per repetition), images_files.csv (per picture) and meta\n"
           "      --timeout S      a run taking longer is a hung worker (default 3600)\n"
           "      --no-progress    no progress line on a terminal\n"
           "A file that cannot be processed is named with its problem, the rest carry on,\n"
           "and the command exits 1 at the end.\n",
           KERNEL_MAX_WORKERS);
}

static void parse_size(const char *s, struct image_spec *spec)
{
    char *x = strchr(s, 'x');
    char w[16], h[16];
    uint64_t vw, vh;

    if (x == NULL || (size_t)(x - s) >= sizeof w || strlen(x + 1) >= sizeof h)
        usage_error("images", "--size: expected WxH with W and H from 1 to 20000, got '%s'", s);
    memcpy(w, s, (size_t)(x - s));
    w[x - s] = '\0';
    snprintf(h, sizeof h, "%s", x + 1);
    if (parse_u64(w, 1, 20000, &vw) != 0 || parse_u64(h, 1, 20000, &vh) != 0)
        usage_error("images", "--size: expected WxH with W and H from 1 to 20000, got '%s'", s);
    spec->box_w = (uint32_t)vw;
    spec->box_h = (uint32_t)vh;
}

static void parse_gil_release(char *arg, struct images_options *o)
{
    char *parts[CLI_MAX_LIST];
    int n = split_list(arg, parts, CLI_MAX_LIST);

    o->gil_held = o->gil_released = 0;
    if (n < 0)
        usage_error("images", "--gil-release: expected held, released or both");
    for (int i = 0; i < n; i++) {
        if (strcmp(parts[i], "held") == 0)
            o->gil_held = 1;
        else if (strcmp(parts[i], "released") == 0)
            o->gil_released = 1;
        else if (strcmp(parts[i], "both") == 0)
            o->gil_held = o->gil_released = 1;
        else
            usage_error("images", "--gil-release: expected held, released or both, got '%s'", parts[i]);
    }
}

void images_options_parse(struct images_options *o, int argc, char **argv)
{
    enum { OPT_FILTER = 256, OPT_SIZE, OPT_ASPECT, OPT_QUALITY, OPT_GIL, OPT_WARMUP, OPT_SAMPLES,
           OPT_CACHE, OPT_TIMEOUT, OPT_NO_PROGRESS };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'O'}, {"filter", required_argument, NULL, OPT_FILTER},
        {"size", required_argument, NULL, OPT_SIZE}, {"aspect", required_argument, NULL, OPT_ASPECT},
        {"quality", required_argument, NULL, OPT_QUALITY}, {"modes", required_argument, NULL, 'm'},
        {"gil-release", required_argument, NULL, OPT_GIL}, {"workers", required_argument, NULL, 'w'},
        {"reps", required_argument, NULL, 'r'}, {"warmup", required_argument, NULL, OPT_WARMUP},
        {"samples", required_argument, NULL, OPT_SAMPLES}, {"cache", required_argument, NULL, OPT_CACHE},
        {"out", required_argument, NULL, 'o'}, {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *parts[CLI_MAX_LIST];
    int c, n;

    memset(o, 0, sizeof *o);
    o->output = "images-out";
    o->samples = SAMPLES_DEFAULT;
    o->spec = (struct image_spec){FILTER_BLUR, 300, 300, ASPECT_CONTAIN, 75};
    o->gil_held = o->gil_released = 1;
    o->reps = 1;
    o->progress = -1;
    o->timeout_s = 3600;
    cli_parse_begin(o->argv_line, sizeof o->argv_line, argc, argv);
    while ((c = getopt_long(argc, argv, ":O:m:w:r:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'O': o->output = optarg; break;
        case OPT_FILTER:
            if ((n = filter_parse(optarg)) < 0)
                usage_error("images", "--filter: expected grayscale, blur, sharpen, sepia or none, got '%s'", optarg);
            o->spec.filter = (enum filter)n;
            break;
        case OPT_SIZE: parse_size(optarg, &o->spec); break;
        case OPT_ASPECT:
            if (strcmp(optarg, "contain") != 0 && strcmp(optarg, "stretch") != 0)
                usage_error("images", "--aspect: expected contain or stretch, got '%s'", optarg);
            o->spec.aspect = optarg[0] == 'c' ? ASPECT_CONTAIN : ASPECT_STRETCH;
            break;
        case OPT_QUALITY: o->spec.quality = (int)cli_whole_number("images", "--quality", optarg, 1, 100); break;
        case 'm': o->nmodes = workload_parse_modes("images", optarg, o->modes, CLI_MAX_LIST); break;
        case OPT_GIL: parse_gil_release(optarg, o); break;
        case 'w':
            n = split_list(optarg, parts, CLI_MAX_LIST);
            if (n < 0)
                usage_error("images", "--workers: expected a list of at most %d numbers", CLI_MAX_LIST);
            for (int i = 0; i < n; i++)
                o->workers[i] = (uint32_t)cli_whole_number("images", "--workers", parts[i], 1,
                                                           KERNEL_MAX_WORKERS);
            o->nworkers = (size_t)n;
            if (cli_first_duplicate(o->workers, o->nworkers, sizeof o->workers[0]) >= 0)
                usage_error("images", "--workers: a count is listed twice");
            break;
        case 'r': o->reps = (unsigned)cli_whole_number("images", "--reps", optarg, 1, 100); break;
        case OPT_WARMUP: o->warmup = (unsigned)cli_whole_number("images", "--warmup", optarg, 0, 10); break;
        case OPT_SAMPLES:
            if ((n = sample_size_parse(optarg)) < 0)
                usage_error("images", "--samples: expected quick, default or full, got '%s'", optarg);
            o->samples = (enum sample_size)n;
            break;
        case OPT_CACHE: o->cache = optarg; break;
        case 'o': o->out = optarg; break;
        case OPT_TIMEOUT:
            if (parse_seconds(optarg, 0.001, 86400, &o->timeout_s) != 0)
                usage_error("images", "--timeout: expected seconds from 0.001 to 86400, got '%s'", optarg);
            break;
        case OPT_NO_PROGRESS: o->progress = 0; break;
        case 'h': images_help(); exit(0);
        default: cli_getopt_failed("images", c, argv);
        }
    }
    if (argc - optind > 1)
        usage_error("images", "expected at most one folder, got '%s' too", argv[optind + 1]);
    o->input = optind < argc ? argv[optind] : NULL;
    if (o->nmodes == 0) {
        static const char *const wanted[] = {"seq", "threads", "gil", "pool", "fork"};
        for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
            o->modes[o->nmodes++] = mode_find(wanted[i]);
    }
    if (o->nworkers == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o->workers[0] = cores < 1 ? 1 : cores > KERNEL_MAX_WORKERS ? KERNEL_MAX_WORKERS : (uint32_t)cores;
        o->nworkers = 1;
    }
    if (o->out != NULL)
        check_out_dir("images", o->out);
}
