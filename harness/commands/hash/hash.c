/* hash.c - `gilbench hash`: the tutorials' "hash many files in parallel".
 *
 * Each file is one task of a kernel adapter (hash_job.c), so every mode
 * -- seq, threads, the simulated GILs, fork, pool -- runs the same work,
 * and one run can compare them, and block sizes, side by side.  Python's
 * version of this program scales with threads because hashlib releases
 * the GIL around large updates; with blocks under its 2048-byte threshold
 * it does not, and `--block-size 1K -m gil` shows that.
 *
 * What is printed comes from the first run; every later run must find the
 * same digests and the same failures, or the command fails.  Lines are
 * sha256sum's, so the two tools check each other (`--check`).
 */
#include "commands/hash/hash.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/hash/hash_job.h"
#include "commands/hash/hash_options.h"
#include "hashlib_update.h"
#include "lib/files/atomic_file.h"
#include "lib/files/dir_list.h"
#include "lib/files/results.h"
#include "lib/machine/machine.h"
#include "lib/measurement/progress.h"
#include "lib/measurement/workload.h"
#include "lib/processes/signals.h"
#include "modes/workers/tasks.h"

enum { HASH_MAX_FILES = 1000000 };

/* The inputs: names to print and paths to open (the same strings). */
struct file_list {
    char **names;
    long n;
    int from_dir;            /* names came from dir_list (freed with it) */
    unsigned char (*expected)[SHA256_BYTES];  /* --check: the listed digests */
};

struct hash_run {
    struct hash_job job;
    struct file_record *reference;  /* the first run's records */
};

static void file_list_free(struct file_list *fl)
{
    if (fl->from_dir || fl->expected != NULL)
        dir_list_free(fl->names, fl->n);
    free(fl->expected);
}

/* FILE... as given, or the files of a single DIR argument. */
static int inputs_from_args(const struct hash_options *o, struct file_list *fl)
{
    memset(fl, 0, sizeof *fl);
    if (o->ninputs == 1) {
        char **names;
        long n = dir_list(o->inputs[0], &names);

        if (n >= 0) {
            fl->names = names;
            fl->n = n;
            fl->from_dir = 1;
            return 0;
        }
        if (errno != ENOTDIR && errno != ENOENT) {
            fprintf(stderr, "gilbench hash: %s: %s\n", o->inputs[0], strerror(errno));
            return -1;
        }
    }
    /* Not a directory: a file, reported per file if unreadable. */
    fl->names = o->inputs;
    fl->n = o->ninputs;
    return 0;
}

/* Reads a sha256sum list; a line out of format is reported and fails. */
static int inputs_from_check(const char *list, struct file_list *fl, int *bad_lines)
{
    FILE *fp = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, cap_n = 0;

    memset(fl, 0, sizeof *fl);
    *bad_lines = 0;
    if (fp == NULL) {
        fprintf(stderr, "gilbench hash: %s: %s\n", list, strerror(errno));
        return -1;
    }
    while ((len = getline(&line, &cap, fp)) > 0) {
        unsigned char digest[SHA256_BYTES];
        char *name;

        lineno++;
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        if (sha256sum_parse(line, digest, &name) != 0) {
            fprintf(stderr, "gilbench hash: %s: line %ld: not a sha256sum line (\"<64 hex digits>  <name>\")\n",
                    list, lineno);
            (*bad_lines)++;
            continue;
        }
        if (fl->n == cap_n) {
            long ncap = cap_n ? 2 * cap_n : 64;
            char **nn = realloc(fl->names, (size_t)ncap * sizeof *nn);
            unsigned char(*ne)[SHA256_BYTES] = nn ? realloc(fl->expected, (size_t)ncap * sizeof *ne) : NULL;
            if (nn != NULL)
                fl->names = nn;
            if (ne == NULL) {
                free(name);
                errno = ENOMEM;
                break;
            }
            fl->expected = ne;
            cap_n = ncap;
        }
        fl->names[fl->n] = name;
        memcpy(fl->expected[fl->n], digest, SHA256_BYTES);
        fl->n++;
    }
    int err = ferror(fp) || errno == ENOMEM ? (errno ? errno : EIO) : 0;
    free(line);
    if (fp != stdin && fclose(fp) != 0 && err == 0)
        err = errno;
    if (err != 0) {
        fprintf(stderr, "gilbench hash: %s: %s\n", list, strerror(err));
        return -1;
    }
    return 0;
}

static void hash_prepare(void *p, const struct workload_config *cfg)
{
    struct hash_run *run = p;

    run->job.block = (size_t)cfg->knob;
    hash_job_reset(&run->job);
}

static int hash_verify(void *p, int first, char *error, size_t error_len)
{
    struct hash_run *run = p;
    size_t size = (size_t)run->job.n * sizeof *run->reference;

    if (first) {
        memcpy(run->reference, run->job.records, size);
        return 0;
    }
    for (uint32_t i = 0; i < run->job.n; i++) {
        const struct file_record *a = &run->reference[i], *b = &run->job.records[i];
        if (a->status != b->status || (a->status == FILE_HASHED && memcmp(a->digest, b->digest, SHA256_BYTES) != 0)) {
            snprintf(error, error_len, "%s: a different result than the first run (%s)",
                     run->job.paths[i], b->status == FILE_HASHED ? "digest differs" : "failed now");
            return -1;
        }
    }
    return 0;
}

/* Prints digests (or the --check verdicts) and the failures; returns the
 * exit status. */
static int hash_report(const struct hash_options *o, const struct file_list *fl,
                       const struct file_record *rec)
{
    long failed = 0, mismatched = 0;

    for (long i = 0; i < fl->n; i++) {
        if (rec[i].status != FILE_HASHED) {
            failed++;
            fprintf(stderr, "gilbench hash: %s: %s\n", fl->names[i], rec[i].problem);
            if (o->check != NULL) {
                sha256sum_print_name(stdout, fl->names[i]);
                fputs(": FAILED open or read\n", stdout);
            }
            continue;
        }
        if (o->check != NULL) {
            int ok = memcmp(rec[i].digest, fl->expected[i], SHA256_BYTES) == 0;
            mismatched += !ok;
            sha256sum_print_name(stdout, fl->names[i]);
            fputs(ok ? ": OK\n" : ": FAILED\n", stdout);
        } else if (!o->quiet) {
            sha256sum_print(stdout, rec[i].digest, fl->names[i]);
        }
    }
    if (fflush(stdout) != 0)
        return EXIT_RUN_FAILED;
    if (failed > 0) {
        fprintf(stderr, "gilbench hash: %ld of %ld file%s could not be %s:", failed, fl->n,
                fl->n == 1 ? "" : "s", o->check ? "read" : "hashed");
        for (long i = 0, shown = 0; i < fl->n; i++)
            if (rec[i].status != FILE_HASHED && shown++ < 20)
                fprintf(stderr, " %s%s", fl->names[i], shown == 20 && failed > 20 ? " ..." : "");
        fputc('\n', stderr);
    }
    if (mismatched > 0)
        fprintf(stderr, "gilbench hash: WARNING: %ld computed checksum%s did NOT match\n", mismatched,
                mismatched == 1 ? "" : "s");
    return failed > 0 || mismatched > 0 ? EXIT_RUN_FAILED : 0;
}

/* DIR/hash_runs.csv (one row per measured repetition), DIR/hash.csv (one
 * per configuration), DIR/meta. */
/* seq's median at config c's block size: what c's speedup is against. */
static double hash_seq_median(const struct workload_config *cfg, size_t ncfg,
                              const struct workload_row *rows, size_t nrows, size_t c)
{
    size_t s = workload_seq_config(cfg, ncfg, c, 1);

    return s != SIZE_MAX ? workload_median_wall(rows, nrows, s) : 0;
}

/* How a row is judged (workload_flags): against seq at the same block
 * size.  Not as CPU work: files on a disk rather than in the page cache
 * make hashing wait for reads, and waits can overlap past the CPUs; and
 * under gil the reads let the GIL go even when the updates keep it. */
static unsigned hash_flags(const struct workload_config *cfg, size_t ncfg,
                           const struct workload_row *rows, size_t nrows, size_t c, char *text,
                           size_t len)
{
    const struct workload_judge judge = {.cores = 0, .cpu_bound = 0, .under_gil = 0};

    return workload_flags(rows, nrows, c, workload_seq_config(cfg, ncfg, c, 1), cfg[c].workers,
                          &judge, text, len);
}

static int hash_write_csv(const struct hash_options *o, const struct workload_config *cfg,
                          size_t ncfg, const struct workload_row *rows, size_t nrows,
                          const struct file_record *rec, uint32_t nfiles)
{
    struct atomic_file f;
    struct machine m;
    uint64_t bytes = 0;
    uint32_t hashed = 0;

    for (uint32_t i = 0; i < nfiles; i++)
        if (rec[i].status == FILE_HASHED) {
            bytes += rec[i].bytes;
            hashed++;
        }
    struct results dir = {0};
    char error[256];

    if (results_create_dir(&dir, o->out, error, sizeof error) != 0 ||
        atomic_file_open_in(&f, dir.dir, "hash_runs.csv") != 0)
        return -1;
    fprintf(f.fp, "mode,workers,block_bytes,gil_minsize,gil_released,rep,files,bytes,wall_s,user_s,sys_s,"
                  "cpu_util,mib_per_s,checksum\n");
    for (size_t i = 0; i < nrows; i++) {
        const struct workload_config *c = &cfg[rows[i].config];
        const struct rep_row *r = &rows[i].m;
        fprintf(f.fp, "%s,%u,%llu,%d,%d,%u,%u,%llu,%.6f,%.6f,%.6f,%.3f,%.2f,%s\n", c->mode->name,
                c->workers, (unsigned long long)c->knob, HASHLIB_GIL_MINSIZE,
                c->knob >= HASHLIB_GIL_MINSIZE, rows[i].rep, hashed, (unsigned long long)bytes,
                r->wall_s, r->user_s, r->sys_s, r->cpu_util,
                r->wall_s > 0 ? (double)bytes / (1024.0 * 1024.0) / r->wall_s : 0.0, r->checksum);
    }
    if (atomic_file_commit(&f) != 0 || atomic_file_open_in(&f, dir.dir, "hash.csv") != 0)
        return -1;
    /* One row per configuration; speedup against seq at the same block size. */
    fprintf(f.fp, "mode,workers,block_bytes,gil_released,n,median_s,min_s,max_s,mib_per_s,speedup,"
                  "cpu_util,flag\n");
    for (size_t c = 0; c < ncfg; c++) {
        double med, lo, hi, util, seq = hash_seq_median(cfg, ncfg, rows, nrows, c);
        char flag[256];
        size_t n = workload_stats(rows, nrows, c, &med, &lo, &hi, &util);
        hash_flags(cfg, ncfg, rows, nrows, c, flag, sizeof flag);
        fprintf(f.fp, "%s,%u,%llu,%d,%zu,%.6f,%.6f,%.6f,%.2f,", cfg[c].mode->name, cfg[c].workers,
                (unsigned long long)cfg[c].knob, cfg[c].knob >= HASHLIB_GIL_MINSIZE, n, med, lo, hi,
                med > 0 ? (double)bytes / 1048576.0 / med : 0.0);
        if (seq > 0 && med > 0)
            fprintf(f.fp, "%.4f", seq / med);
        fprintf(f.fp, ",%.3f,%s\n", util, flag);
    }
    if (atomic_file_commit(&f) != 0)
        return -1;
    machine_describe(&m);
    return machine_write_meta(&m, dir.dir, o->argv_line);
}

static void hash_print_table(const struct workload_config *cfg, size_t ncfg,
                             const struct workload_row *rows, size_t nrows, uint64_t bytes)
{
    size_t flagged = 0;

    fprintf(stderr, "%-11s %7s %10s %10s %10s %8s\n", "mode", "workers", "block", "median_s", "MiB/s",
            "speedup");
    for (size_t c = 0; c < ncfg; c++) {
        double med = workload_median_wall(rows, nrows, c), seq = hash_seq_median(cfg, ncfg, rows, nrows, c);
        char flag[256];
        fprintf(stderr, "%-11s %7u %10llu %10.4f %10.1f", cfg[c].mode->name, cfg[c].workers,
                (unsigned long long)cfg[c].knob, med, med > 0 ? (double)bytes / 1048576.0 / med : 0.0);
        if (seq > 0 && med > 0)
            fprintf(stderr, " %7.2fx", seq / med);
        else
            fprintf(stderr, " %8s", "-");
        if (hash_flags(cfg, ncfg, rows, nrows, c, flag, sizeof flag) != 0) {
            fprintf(stderr, "  SUSPECT: %s", flag);
            flagged++;
        }
        fputc('\n', stderr);
    }
    if (flagged > 0)
        fprintf(stderr, "%zu row%s SUSPECT: re-run on a quieter machine, or with more --reps; hash.csv "
                "has the reasons in its flag column\n", flagged, flagged == 1 ? "" : "s");
}

/* Every (block, mode, workers) combination; seq once per block, 1 worker. */
static size_t hash_configs(const struct hash_options *o, struct workload_config *cfg, size_t max)
{
    size_t n = 0;

    for (size_t b = 0; b < o->nblocks; b++)
        for (size_t m = 0; m < o->nmodes; m++)
            for (size_t w = 0; w < o->nworkers && n < max; w++) {
                int is_seq = strcmp(o->modes[m]->name, "seq") == 0;
                if (is_seq && w > 0)
                    break;
                cfg[n++] = (struct workload_config){o->modes[m], is_seq ? 1 : o->workers[w], o->blocks[b]};
            }
    return n;
}

int hash_main(int argc, char **argv)
{
    enum { MAX_CFG = CLI_MAX_LIST * CLI_MAX_LIST };
    struct hash_options o;
    struct file_list fl;
    struct hash_run run = {0};
    struct workload_config *cfg = calloc(MAX_CFG, sizeof *cfg);
    struct workload_row *rows = NULL;
    struct progress progress;
    int bad_lines = 0, rc, status;
    size_t ncfg;

    hash_options_parse(&o, argc, argv);
    if (cfg == NULL || signals_install() != 0) {
        fprintf(stderr, "gilbench hash: cannot set up: %s\n", strerror(errno));
        free(cfg);
        return EXIT_RUN_FAILED;
    }
    fault_injection_init();
    if ((o.check ? inputs_from_check(o.check, &fl, &bad_lines) : inputs_from_args(&o, &fl)) != 0) {
        free(cfg);
        return EXIT_RUN_FAILED;
    }
    if (fl.n > HASH_MAX_FILES) {
        fprintf(stderr, "gilbench hash: %ld files: at most %d per run\n", fl.n, HASH_MAX_FILES);
        file_list_free(&fl);
        free(cfg);
        return EXIT_RUN_FAILED;
    }
    if (hash_job_init(&run.job, fl.names, (uint32_t)fl.n, (size_t)o.blocks[0]) != 0 ||
        (run.reference = calloc((size_t)fl.n + 1, sizeof *run.reference)) == NULL) {
        fprintf(stderr, "gilbench hash: cannot set up the digests: %s\n", strerror(errno));
        file_list_free(&fl);
        free(cfg);
        return EXIT_RUN_FAILED;
    }
    ncfg = hash_configs(&o, cfg, MAX_CFG);
    struct run_plan plan = {
        .kernel = &hash_files_kernel, .state = &run.job, .items = (uint64_t)fl.n,
        .tasks = (uint32_t)fl.n, .switch_interval_s = 0.005, .check_interval = 100,
        .timeout_s = o.timeout_s,
    };
    struct workload_hooks hooks = {.job = &run, .prepare = hash_prepare, .verify = hash_verify};

    status = 0;
    if (fl.n == 0) {
        fprintf(stderr, "gilbench hash: no files to hash\n");
        status = EXIT_RUN_FAILED;
        goto out;
    }
    progress_start(&progress, o.progress, (unsigned)(ncfg * (o.warmup + o.reps)));
    rc = workload_measure("hash", &hooks, &plan, cfg, ncfg, o.warmup, o.reps, &progress, &rows);
    progress_finish(&progress);
    if (rc != 0) {
        if (rc == 1)
            fprintf(stderr, "gilbench hash: interrupted by signal %d; nothing printed\n",
                    signals_interrupted());
        status = EXIT_RUN_FAILED;
        goto out;
    }
    size_t nrows = ncfg * o.reps;
    uint64_t bytes = 0;
    for (long i = 0; i < fl.n; i++)
        bytes += run.reference[i].status == FILE_HASHED ? run.reference[i].bytes : 0;
    if (o.out != NULL && hash_write_csv(&o, cfg, ncfg, rows, nrows, run.reference, run.job.n) != 0) {
        fprintf(stderr, "gilbench hash: cannot write the results in %s: %s\n", o.out, strerror(errno));
        status = EXIT_RUN_FAILED;
    }
    if (o.out != NULL || nrows > 1)
        hash_print_table(cfg, ncfg, rows, nrows, bytes);
    rc = hash_report(&o, &fl, run.reference);
    if (status == 0)
        status = rc;
    if (bad_lines > 0) {
        fprintf(stderr, "gilbench hash: WARNING: %d line%s of %s improperly formatted\n", bad_lines,
                bad_lines == 1 ? " is" : "s are", o.check);
        status = EXIT_RUN_FAILED;
    }
out:
    free(rows);
    free(run.reference);
    hash_job_free(&run.job);
    file_list_free(&fl);
    free(cfg);
    return status;
}
