/* results.c - run directories, runs.csv and summary.csv.
 *
 * Column names are a stable interface: plots and users' scripts read them
 * by name.  New columns go at the end.  Both files are rewritten whole,
 * atomically, after every round of repetitions, so whatever was measured
 * before an interruption or a crash is on disk and consistent.
 */
#include "lib/files/results.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/files/atomic_file.h"
#include "lib/measurement/stats.h"
#include "registry.h"

static const char RESULTS_ROOT[] = "results";

static int mkdir_p(const char *dir)
{
    char path[4096];

    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return (mkdir(path, 0777) != 0 && errno != EEXIST) ? -1 : 0;
}

/* results/latest -> <run-id>, replaced atomically by renaming a new link
 * over the old one. */
static int point_latest_at(const char *run_id)
{
    char tmp[256], latest[256];

    snprintf(tmp, sizeof tmp, "%s/.latest.tmp.%ld", RESULTS_ROOT, (long)getpid());
    snprintf(latest, sizeof latest, "%s/latest", RESULTS_ROOT);
    unlink(tmp);
    if (symlink(run_id, tmp) != 0)
        return -1;
    if (rename(tmp, latest) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

int results_create_dir(struct results *r, const char *out, char *error, size_t error_len)
{
    char run_id[64];
    time_t now = time(NULL);
    struct tm tm;

    if (out != NULL) {
        size_t len;
        snprintf(r->dir, sizeof r->dir, "%s", out);
        len = strlen(r->dir);
        while (len > 1 && r->dir[len - 1] == '/')
            r->dir[--len] = '\0';
        if (mkdir_p(r->dir) != 0) {
            snprintf(error, error_len, "cannot create '%s': %s", r->dir, strerror(errno));
            return -1;
        }
        return 0;
    }
    if (mkdir(RESULTS_ROOT, 0777) != 0 && errno != EEXIST) {
        snprintf(error, error_len, "cannot create '%s/': %s", RESULTS_ROOT, strerror(errno));
        return -1;
    }
    if (localtime_r(&now, &tm) == NULL || strftime(run_id, sizeof run_id, "%Y%m%d-%H%M%S", &tm) == 0)
        snprintf(run_id, sizeof run_id, "run-%ld", (long)now);
    /* Two runs in the same second get -2, -3, ... */
    for (int attempt = 1;; attempt++) {
        char id[96];
        if (attempt == 1)
            snprintf(id, sizeof id, "%s", run_id);
        else
            snprintf(id, sizeof id, "%s-%d", run_id, attempt);
        snprintf(r->dir, sizeof r->dir, "%s/%s", RESULTS_ROOT, id);
        if (mkdir(r->dir, 0777) == 0) {
            if (point_latest_at(id) != 0)
                fprintf(stderr, "gilbench: warning: cannot update %s/latest: %s\n", RESULTS_ROOT,
                        strerror(errno));
            return 0;
        }
        if (errno != EEXIST || attempt > 100) {
            snprintf(error, error_len, "cannot create '%s': %s", r->dir, strerror(errno));
            return -1;
        }
    }
}

int results_add(struct results *r, const struct rep_row *row)
{
    if (r->nrows == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        struct rep_row *rows = realloc(r->rows, cap * sizeof *rows);
        if (rows == NULL)
            return -1;
        r->rows = rows;
        r->cap = cap;
    }
    r->rows[r->nrows++] = *row;
    return 0;
}

static int same_config(const struct rep_row *a, const struct summary_row *s)
{
    return a->kernel == s->kernel && a->mode == s->mode && a->workers == s->workers &&
           a->items == s->items && a->switch_interval_s == s->switch_interval_s;
}

/* How far one kernel's seq baseline moved during the run
 * (stats_baseline_drift), over its repetitions in the order measured. */
static double baseline_drift(const struct results *r, const struct summary_row *seq, double *buf)
{
    size_t n = 0;

    for (size_t i = 0; i < r->nrows; i++)
        if (same_config(&r->rows[i], seq))
            buf[n++] = r->rows[i].wall_s;
    return stats_baseline_drift(buf, n, seq->median_s);
}

/* Interval, outliers and hand-overs of one configuration, from its rows. */
static void summarize_config(const struct results *r, size_t first, struct summary_row *s,
                             double *walls, double *utils, double *handovers)
{
    struct stats_summary wall;

    for (size_t k = first; k < r->nrows; k++) {
        if (!same_config(&r->rows[k], s))
            continue;
        walls[s->n] = r->rows[k].wall_s;
        utils[s->n] = r->rows[k].cpu_util;
        handovers[s->n] = (double)r->rows[k].gil.handovers;
        s->remeasured += r->rows[k].remeasured != 0;
        s->n++;
    }
    s->stddev_s = stats_stddev(walls, s->n);
    stats_summarize(walls, s->n, &wall); /* sorts: the interval and fences below need it */
    s->median_s = wall.median;
    s->min_s = wall.min;
    s->max_s = wall.max;
    s->cpu_util = stats_median(utils, s->n);
    s->gil_handovers = stats_median(handovers, s->n);
    struct median_ci ci = stats_median_ci(walls, s->n, RESULTS_CONFIDENCE);
    s->median_lo_s = ci.lo;
    s->median_hi_s = ci.hi;
    s->median_ci_level = ci.level;
    s->outliers = stats_count_outliers(walls, s->n);
}

/* Speedup against seq of this run, its interval and the flags.  The
 * interval divides the ends of the two medians' intervals (seq's low end
 * by this row's high end, and the reverse): each covers its median with
 * the stated level, so both together do with at least 1 - 2 (1 - level). */
static void summarize_speedups(const struct results *r, struct summary_row *sum, size_t n,
                               double *buf)
{
    for (size_t j = 0; j < n; j++) {
        struct summary_row *s = &sum[j];
        struct flag_input in = {.speedup = NAN, .workers = s->workers, .cores = r->cores,
                                .cpu_bound = s->kernel->kind != KERNEL_IO,
                                .under_gil = strncmp(s->mode->name, "gil", 3) == 0,
                                .median_s = s->median_s, .min_s = s->min_s, .max_s = s->max_s,
                                .baseline_drift = NAN};
        s->speedup = s->efficiency = s->speedup_lo = s->speedup_hi = NAN;
        for (size_t k = 0; k < n; k++) {
            const struct summary_row *seq = &sum[k];
            if (seq->kernel != s->kernel || seq->items != s->items ||
                strcmp(seq->mode->name, "seq") != 0 || !(s->median_s > 0))
                continue;
            s->speedup = seq->median_s / s->median_s;
            s->efficiency = s->speedup / s->workers;
            s->speedup_lo = seq->median_lo_s / s->median_hi_s;
            s->speedup_hi = seq->median_hi_s / s->median_lo_s;
            in.speedup = s->speedup;
            in.baseline_drift = baseline_drift(r, seq, buf);
        }
        s->flags = stats_flags(&in);
        stats_flag_text(s->flags, &in, s->flag_text, sizeof s->flag_text);
    }
}

size_t results_summarize(const struct results *r, struct summary_row **out)
{
    size_t cap = r->nrows ? r->nrows : 1;
    struct summary_row *sum = calloc(cap, sizeof *sum);
    double *buf = malloc(3 * cap * sizeof *buf);
    size_t n = 0;

    if (sum == NULL || buf == NULL) {
        free(sum);
        free(buf);
        *out = NULL;
        return 0;
    }
    for (size_t i = 0; i < r->nrows; i++) {
        size_t j;
        for (j = 0; j < n; j++)
            if (same_config(&r->rows[i], &sum[j]))
                break;
        if (j < n)
            continue;
        struct summary_row *s = &sum[n++];
        s->kernel = r->rows[i].kernel;
        s->mode = r->rows[i].mode;
        s->workers = r->rows[i].workers;
        s->items = r->rows[i].items;
        s->switch_interval_s = r->rows[i].switch_interval_s;
        summarize_config(r, i, s, buf, buf + cap, buf + 2 * cap);
    }
    summarize_speedups(r, sum, n, buf);
    free(buf);
    *out = sum;
    return n;
}

int results_kernel_flagged(const struct results *r, const struct kernel *kernel)
{
    struct summary_row *sum;
    size_t n = results_summarize(r, &sum);
    int flagged = 0;

    if (sum == NULL)
        return 0;
    for (size_t j = 0; j < n; j++)
        flagged |= sum[j].kernel == kernel && sum[j].flags != 0;
    free(sum);
    return flagged;
}

static void print_optional(FILE *fp, double v)
{
    if (isnan(v))
        fputs(",", fp);
    else
        fprintf(fp, ",%.4f", v);
}

static int write_runs_csv(const struct results *r)
{
    struct atomic_file f;

    if (atomic_file_open_in(&f, r->dir, "runs.csv") != 0)
        return -1;
    fputs("kernel,mode,workers,items,tasks,rep,wall_s,user_s,sys_s,cpu_util,startup_s,compute_s,"
          "collect_s,checksum,vol_ctx_switches,invol_ctx_switches,max_rss_kb,gil_acquisitions,"
          "gil_drop_requests,gil_forced_switches,gil_wait_s,switch_interval_s,kind,gil_handovers,"
          "remeasured,worker_replacements,task_retries\n",
          f.fp);
    for (size_t i = 0; i < r->nrows; i++) {
        const struct rep_row *w = &r->rows[i];
        fprintf(f.fp,
                "%s,%s,%u,%" PRIu64 ",%u,%u,%.6f,%.6f,%.6f,%.3f,%.6f,%.6f,%.6f,%s,%ld,%ld,%ld,"
                "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.6f,%.6f,%s,%" PRIu64 ",%d,%" PRIu64 ",%" PRIu64 "\n",
                w->kernel->name, w->mode->name, w->workers, w->items, w->tasks, w->rep, w->wall_s,
                w->user_s, w->sys_s, w->cpu_util, w->startup_s, w->compute_s, w->collect_s,
                w->checksum, w->vol_ctx_switches, w->invol_ctx_switches, w->max_rss_kb,
                w->gil.acquisitions, w->gil.drop_requests, w->gil.forced_switches, w->gil.wait_s,
                w->switch_interval_s, kernel_kind_name(w->kernel->kind), w->gil.handovers,
                w->remeasured, w->worker_replacements, w->task_retries);
    }
    return atomic_file_commit(&f);
}

int results_write_summary(const struct results *r)
{
    struct summary_row *sum;
    size_t n = results_summarize(r, &sum);
    struct atomic_file f;

    if (sum == NULL)
        return -1;
    if (atomic_file_open_in(&f, r->dir, "summary.csv") != 0) {
        free(sum);
        return -1;
    }
    fputs("kernel,mode,workers,items,n,median_s,min_s,max_s,stddev_s,speedup,efficiency,cpu_util,"
          "switch_interval_s,kind,median_lo_s,median_hi_s,median_ci_level,speedup_lo,speedup_hi,"
          "outliers,gil_handovers,remeasured,flag\n",
          f.fp);
    for (size_t j = 0; j < n; j++) {
        const struct summary_row *s = &sum[j];
        fprintf(f.fp, "%s,%s,%u,%" PRIu64 ",%zu,%.6f,%.6f,%.6f,%.6f", s->kernel->name,
                s->mode->name, s->workers, s->items, s->n, s->median_s, s->min_s, s->max_s,
                s->stddev_s);
        print_optional(f.fp, s->speedup);
        print_optional(f.fp, s->efficiency);
        fprintf(f.fp, ",%.3f,%.6f,%s,%.6f,%.6f,%.4f", s->cpu_util, s->switch_interval_s,
                kernel_kind_name(s->kernel->kind), s->median_lo_s, s->median_hi_s,
                s->median_ci_level);
        print_optional(f.fp, s->speedup_lo);
        print_optional(f.fp, s->speedup_hi);
        /* The flag text has no commas or quotes (stats_flag_text): a
         * plain CSV field. */
        fprintf(f.fp, ",%zu,%.1f,%zu,%s\n", s->outliers, s->gil_handovers, s->remeasured,
                s->flag_text);
    }
    free(sum);
    return atomic_file_commit(&f);
}

int results_write(const struct results *r)
{
    if (write_runs_csv(r) != 0)
        return -1;
    return results_write_summary(r);
}

void results_free(struct results *r)
{
    free(r->rows);
    r->rows = NULL;
    r->nrows = r->cap = 0;
}
