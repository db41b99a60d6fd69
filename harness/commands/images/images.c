/* images.c - `gilbench images`: decode, resize, filter and encode a folder
 * of photos under each mode, as the tutorials' desktop app does with
 * Pillow and a Pool.
 *
 * Each file is one task of a kernel adapter (image_job.c), so seq,
 * threads, the simulated GILs, fork and pool all run the same work; under
 * a GIL mode the C work runs either holding the GIL (a pure-Python pixel
 * loop) or releasing it (Pillow), both side by side.  Every run must
 * produce the same output pixels as the first (checksums compared per
 * file), and the same failures.
 */
#include "commands/images/images.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands/images/images_options.h"
#include "lib/files/atomic_file.h"
#include "lib/files/dir_list.h"
#include "lib/files/results.h"
#include "lib/machine/affinity.h"
#include "lib/machine/machine.h"
#include "lib/measurement/progress.h"
#include "lib/measurement/workload.h"
#include "lib/processes/signals.h"
#include "modes/workers/tasks.h"

enum { IMAGES_MAX_FILES = 100000, KNOB_HELD = 0, KNOB_RELEASED = 1, KNOB_NO_GIL = 2 };

struct images_run {
    struct image_job job;
    struct image_record *reference;
};

static int is_gil_mode(const struct mode *m)
{
    return strcmp(m->name, "gil") == 0 || strcmp(m->name, "gil-legacy") == 0;
}

static const char *knob_name(uint64_t knob)
{
    return knob == KNOB_HELD ? "held" : knob == KNOB_RELEASED ? "released" : "none";
}

/* How a row is judged (workload_flags): decoding and resizing are CPU
 * work, so no more speedup than the CPUs this process may use; held, the
 * GIL is not let go even to read a file, so none above 1 either. */
static unsigned images_flags(const struct workload_config *cfg, size_t ncfg,
                             const struct workload_row *rows, size_t nrows, size_t c, char *text,
                             size_t len)
{
    int cpus[AFFINITY_MAX_CPUS];
    int ncpus = affinity_allowed(cpus, AFFINITY_MAX_CPUS);
    const struct workload_judge judge = {
        .cores = ncpus > 0 ? ncpus : 0, .cpu_bound = 1,
        .under_gil = is_gil_mode(cfg[c].mode) && cfg[c].knob == KNOB_HELD};

    return workload_flags(rows, nrows, c, workload_seq_config(cfg, ncfg, c, 0), cfg[c].workers,
                          &judge, text, len);
}

static void images_prepare(void *p, const struct workload_config *cfg)
{
    struct images_run *run = p;

    run->job.release_gil = cfg->knob != KNOB_HELD;
    image_job_reset(&run->job);
}

static int images_verify(void *p, int first, char *error, size_t error_len)
{
    struct images_run *run = p;

    if (first) {
        memcpy(run->reference, run->job.records, (size_t)run->job.n * sizeof *run->reference);
        return 0;
    }
    for (uint32_t i = 0; i < run->job.n; i++) {
        const struct image_record *a = &run->reference[i], *b = &run->job.records[i];
        if (a->status != b->status || a->checksum != b->checksum || a->out_w != b->out_w ||
            a->out_h != b->out_h) {
            snprintf(error, error_len, "%s: a different result than the first run (%s)",
                     run->job.inputs[i], b->status == IMAGE_FAILED ? b->problem : "other pixels");
            return -1;
        }
    }
    return 0;
}

static size_t images_configs(const struct images_options *o, struct workload_config *cfg, size_t max)
{
    size_t n = 0;

    for (size_t m = 0; m < o->nmodes; m++) {
        int is_seq = strcmp(o->modes[m]->name, "seq") == 0;
        for (size_t w = 0; w < o->nworkers && n < max; w++) {
            uint32_t workers = is_seq ? 1 : o->workers[w];
            if (!is_gil_mode(o->modes[m])) {
                cfg[n++] = (struct workload_config){o->modes[m], workers, KNOB_NO_GIL};
            } else {
                if (o->gil_held && n < max)
                    cfg[n++] = (struct workload_config){o->modes[m], workers, KNOB_HELD};
                if (o->gil_released && n < max)
                    cfg[n++] = (struct workload_config){o->modes[m], workers, KNOB_RELEASED};
            }
            if (is_seq)
                break;
        }
    }
    return n;
}

static int mkdir_all(const char *path)
{
    char buf[4096];

    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

/* The input folder must exist; the output folder is created and must not
 * be the input (the same inode, however it is spelled). */
static int check_folders(const char *input, const char *output)
{
    struct stat in, out;

    if (stat(input, &in) != 0) {
        fprintf(stderr, "gilbench images: %s: %s\n", input, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(in.st_mode)) {
        fprintf(stderr, "gilbench images: %s: not a folder (give a folder of pictures)\n", input);
        return -1;
    }
    if (stat(output, &out) == 0 && out.st_dev == in.st_dev && out.st_ino == in.st_ino)
        usage_error("images", "--output: '%s' is the input folder: the inputs would be overwritten",
                    output);
    if (mkdir_all(output) != 0 || stat(output, &out) != 0 || !S_ISDIR(out.st_mode)) {
        fprintf(stderr, "gilbench images: --output %s: %s\n", output,
                errno ? strerror(errno) : "not a folder");
        return -1;
    }
    return 0;
}

static int images_write_csv(const struct images_options *o, const struct workload_config *cfg,
                            size_t ncfg, const struct workload_row *rows, size_t nrows,
                            const struct images_run *run)
{
    struct results dir = {0};
    struct atomic_file f;
    struct machine m;
    char error[256];
    uint32_t done = 0;
    double mpix = 0;

    for (uint32_t i = 0; i < run->job.n; i++)
        if (run->reference[i].status == IMAGE_DONE) {
            done++;
            mpix += (double)run->reference[i].in_w * run->reference[i].in_h / 1e6;
        }
    if (results_create_dir(&dir, o->out, error, sizeof error) != 0 ||
        atomic_file_open_in(&f, dir.dir, "images_runs.csv") != 0)
        return -1;
    fprintf(f.fp, "mode,gil_release,workers,rep,files,done,failed,input_mpixels,filter,size,wall_s,"
                  "user_s,sys_s,cpu_util,images_per_s,checksum\n");
    for (size_t i = 0; i < nrows; i++) {
        const struct workload_config *c = &cfg[rows[i].config];
        const struct rep_row *r = &rows[i].m;
        fprintf(f.fp, "%s,%s,%u,%u,%u,%u,%u,%.3f,%s,%ux%u,%.6f,%.6f,%.6f,%.3f,%.3f,%s\n",
                c->mode->name, knob_name(c->knob), c->workers, rows[i].rep, run->job.n, done,
                run->job.n - done, mpix, filter_name(o->spec.filter), o->spec.box_w, o->spec.box_h,
                r->wall_s, r->user_s, r->sys_s, r->cpu_util, r->wall_s > 0 ? done / r->wall_s : 0.0,
                r->checksum);
    }
    if (atomic_file_commit(&f) != 0 || atomic_file_open_in(&f, dir.dir, "images_files.csv") != 0)
        return -1;
    fprintf(f.fp, "file,status,in_w,in_h,out_w,out_h,checksum\n");
    for (uint32_t i = 0; i < run->job.n; i++) {
        const struct image_record *r = &run->reference[i];
        /* Names with a comma or quote would break the CSV: quoted, quotes doubled. */
        fputc('"', f.fp);
        for (const char *p = run->job.inputs[i]; *p; p++)
            fprintf(f.fp, *p == '"' ? "\"\"" : "%c", *p);
        fprintf(f.fp, "\",%s,%u,%u,%u,%u,%016llx\n", r->status == IMAGE_DONE ? "ok" : "failed",
                r->in_w, r->in_h, r->out_w, r->out_h, (unsigned long long)r->checksum);
    }
    if (atomic_file_commit(&f) != 0 || atomic_file_open_in(&f, dir.dir, "images.csv") != 0)
        return -1;
    /* One row per configuration; speedup against seq in this run. */
    double seq = 0;
    size_t seq_c = workload_seq_config(cfg, ncfg, 0, 0);
    if (seq_c != SIZE_MAX)
        seq = workload_median_wall(rows, nrows, seq_c);
    fprintf(f.fp, "mode,gil_release,workers,n,median_s,min_s,max_s,speedup,cpu_util,images_per_s,"
                  "input_mpixels,flag\n");
    for (size_t c = 0; c < ncfg; c++) {
        double med, lo, hi, util;
        char flag[256];
        size_t n = workload_stats(rows, nrows, c, &med, &lo, &hi, &util);
        images_flags(cfg, ncfg, rows, nrows, c, flag, sizeof flag);
        fprintf(f.fp, "%s,%s,%u,%zu,%.6f,%.6f,%.6f,", cfg[c].mode->name, knob_name(cfg[c].knob),
                cfg[c].workers, n, med, lo, hi);
        if (seq > 0 && med > 0)
            fprintf(f.fp, "%.4f", seq / med);
        fprintf(f.fp, ",%.3f,%.3f,%.3f,%s\n", util, med > 0 ? done / med : 0.0, mpix, flag);
    }
    if (atomic_file_commit(&f) != 0)
        return -1;
    machine_describe(&m);
    return machine_write_meta(&m, dir.dir, o->argv_line);
}

static void images_print_table(const struct workload_config *cfg, size_t ncfg,
                               const struct workload_row *rows, size_t nrows, uint32_t done)
{
    size_t seq_c = workload_seq_config(cfg, ncfg, 0, 0), flagged = 0;
    double seq = seq_c != SIZE_MAX ? workload_median_wall(rows, nrows, seq_c) : 0;

    printf("%-11s %-9s %7s %10s %9s %8s %8s\n", "mode", "gil", "workers", "median_s", "images/s",
           "speedup", "cpu_util");
    for (size_t c = 0; c < ncfg; c++) {
        double med, lo, hi, util;
        char flag[256];
        /* The same medians and flags images.csv holds (workload_stats). */
        workload_stats(rows, nrows, c, &med, &lo, &hi, &util);
        printf("%-11s %-9s %7u %10.4f %9.1f", cfg[c].mode->name, knob_name(cfg[c].knob), cfg[c].workers,
               med, med > 0 ? done / med : 0.0);
        if (seq > 0 && med > 0)
            printf(" %7.2fx %8.2f", seq / med, util);
        else
            printf(" %8s %8.2f", "-", util);
        if (images_flags(cfg, ncfg, rows, nrows, c, flag, sizeof flag) != 0) {
            printf("  SUSPECT: %s", flag);
            flagged++;
        }
        putchar('\n');
    }
    if (flagged > 0)
        printf("%zu row%s SUSPECT: re-run on a quieter machine, or with more --reps; images.csv "
               "has the reasons in its flag column\n", flagged, flagged == 1 ? "" : "s");
}

/* Names every failed file and returns how many failed. */
static uint32_t images_report_failures(const struct images_run *run)
{
    uint32_t failed = 0;

    for (uint32_t i = 0; i < run->job.n; i++)
        if (run->reference[i].status != IMAGE_DONE) {
            fprintf(stderr, "gilbench images: %s: %s\n", run->job.inputs[i], run->reference[i].problem);
            failed++;
        }
    if (failed > 0) {
        fprintf(stderr, "gilbench images: %u of %u files failed:", failed, run->job.n);
        for (uint32_t i = 0, shown = 0; i < run->job.n; i++)
            if (run->reference[i].status != IMAGE_DONE && shown++ < 20)
                fprintf(stderr, " %s%s", run->job.inputs[i], shown == 20 && failed > 20 ? " ..." : "");
        fputc('\n', stderr);
    }
    return failed;
}

int images_main(int argc, char **argv)
{
    enum { MAX_CFG = 4 * CLI_MAX_LIST * CLI_MAX_LIST };
    struct images_options o;
    struct images_run run = {0};
    struct workload_config *cfg = NULL;
    struct workload_row *rows = NULL;
    struct progress progress;
    char sample_dir[4096], cache[4096], **paths = NULL;
    long npaths = 0;
    int status = EXIT_RUN_FAILED, rc;
    size_t ncfg;

    images_options_parse(&o, argc, argv);
    if (signals_install() != 0) {
        fprintf(stderr, "gilbench images: cannot install signal handlers: %s\n", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    fault_injection_init();
    if (o.input == NULL) {
        if (o.cache == NULL && sample_cache_dir(cache, sizeof cache) != 0) {
            fprintf(stderr, "gilbench images: no cache folder (set GILBENCH_CACHE)\n");
            return EXIT_RUN_FAILED;
        }
        if (sample_set_ensure(o.cache ? o.cache : cache, o.samples, sample_dir, sizeof sample_dir) != 0)
            return EXIT_RUN_FAILED;
        o.input = sample_dir;
    }
    if (check_folders(o.input, o.output) != 0)
        return EXIT_RUN_FAILED;
    npaths = dir_list(o.input, &paths);
    if (npaths < 0) {
        fprintf(stderr, "gilbench images: %s: %s\n", o.input, strerror(errno));
        return EXIT_RUN_FAILED;
    }
    if (npaths == 0 || npaths > IMAGES_MAX_FILES) {
        fprintf(stderr, "gilbench images: %s: %s\n", o.input,
                npaths == 0 ? "no files to process" : "more than 100000 files");
        dir_list_free(paths, npaths);
        return EXIT_RUN_FAILED;
    }
    image_remove_stale_temps(o.output);
    cfg = calloc(MAX_CFG, sizeof *cfg);
    run.reference = calloc((size_t)npaths, sizeof *run.reference);
    if (cfg == NULL || run.reference == NULL ||
        image_job_init(&run.job, paths, (uint32_t)npaths, o.output, &o.spec) != 0) {
        fprintf(stderr, "gilbench images: cannot set up: %s\n", strerror(errno));
        goto out_nojob;
    }
    ncfg = images_configs(&o, cfg, MAX_CFG);
    struct run_plan plan = {
        .kernel = &image_files_kernel, .state = &run.job, .items = (uint64_t)npaths,
        .tasks = (uint32_t)npaths, .switch_interval_s = 0.005, .check_interval = 100,
        .timeout_s = o.timeout_s,
    };
    struct workload_hooks hooks = {.job = &run, .prepare = images_prepare, .verify = images_verify};

    progress_start(&progress, o.progress, (unsigned)(ncfg * (o.warmup + o.reps)));
    rc = workload_measure("images", &hooks, &plan, cfg, ncfg, o.warmup, o.reps, &progress, &rows);
    progress_finish(&progress);
    if (rc != 0) {
        if (rc == 1)
            fprintf(stderr, "gilbench images: interrupted by signal %d; every picture written is "
                    "whole, unfinished ones were removed\n", signals_interrupted());
        goto out;
    }
    size_t nrows = ncfg * o.reps;
    uint32_t failed = images_report_failures(&run);
    images_print_table(cfg, ncfg, rows, nrows, run.job.n - failed);
    printf("%u of %u pictures written to %s (%s, %s %ux%u)\n", run.job.n - failed, run.job.n,
           o.output, filter_name(o.spec.filter), o.spec.aspect == ASPECT_CONTAIN ? "fit in" : "stretched to",
           o.spec.box_w, o.spec.box_h);
    status = failed > 0 ? EXIT_RUN_FAILED : 0;
    if (o.out != NULL && images_write_csv(&o, cfg, ncfg, rows, nrows, &run) != 0) {
        fprintf(stderr, "gilbench images: cannot write the results in %s: %s\n", o.out, strerror(errno));
        status = EXIT_RUN_FAILED;
    }
out:
    image_remove_stale_temps(o.output);
    image_job_free(&run.job);
out_nojob:
    free(rows);
    free(cfg);
    free(run.reference);
    dir_list_free(paths, npaths);
    return status;
}
