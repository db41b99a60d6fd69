/* workload.c - see workload.h. */
#include "lib/measurement/workload.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/measurement/stats.h"
#include "lib/measurement/timing.h"
#include "lib/processes/signals.h"

static const char *mode_name(size_t i)
{
    return mode_table[i]->name;
}

size_t workload_parse_modes(const char *command, char *arg, const struct mode **modes, size_t max)
{
    const struct cli_names t = {"mode", mode_count, mode_name};
    size_t index[CLI_MAX_LIST];
    size_t n = cli_parse_names(command, "--modes", arg, &t, index, max < CLI_MAX_LIST ? max : CLI_MAX_LIST);

    for (size_t i = 0; i < n; i++) {
        modes[i] = mode_table[index[i]];
        if (strcmp(modes[i]->name, "spawn") == 0)
            usage_error(command, "--modes: spawn's freshly started workers cannot share the "
                        "per-file results; use seq, gil, gil-legacy, threads, fork or pool");
    }
    return n;
}

/* What the run callback of timing_loop needs. */
struct workload_loop {
    const char *command;
    const struct workload_hooks *hooks;
    struct run_plan *plan;
    const struct workload_config *cfg;
    size_t ncfg;
    struct progress *progress;
    struct workload_row *rows;
    int first;                /* the next successful run sets the reference */
};

/* One run of one configuration (timing_run_fn): values are wall seconds
 * and cpu_util; measured repetitions also keep their whole row. */
static int workload_run(void *arg, const struct timing_call *call, double *values)
{
    struct workload_loop *l = arg;
    const struct workload_config *c = &l->cfg[call->config];
    struct rep_row row;
    char error[512], what[128];

    snprintf(what, sizeof what, "%s%s w=%u", call->warmup ? "warm-up " : "", c->mode->name, c->workers);
    progress_step(l->progress, what);
    l->hooks->prepare(l->hooks->job, c);
    l->plan->workers = c->workers;
    memset(&row, 0, sizeof row);
    if (measure_rep(c->mode, l->plan, &row, error, sizeof error) != 0) {
        if (signals_interrupted())
            return TIMING_INTERRUPTED;
        progress_finish(l->progress);
        fprintf(stderr, "gilbench %s: %s with %u workers: %s\n", l->command, c->mode->name,
                c->workers, error);
        return TIMING_FAILED;
    }
    /* A run cut short by an interrupt skipped files: not a result. */
    if (signals_interrupted())
        return TIMING_INTERRUPTED;
    if (l->hooks->verify(l->hooks->job, l->first, error, sizeof error) != 0) {
        progress_finish(l->progress);
        fprintf(stderr, "gilbench %s: %s with %u workers: %s\n", l->command, c->mode->name,
                c->workers, error);
        return TIMING_FAILED;
    }
    l->first = 0;
    values[0] = row.wall_s;
    values[1] = row.cpu_util;
    if (!call->warmup && call->rep > 0) {
        struct workload_row *r = &l->rows[(size_t)(call->rep - 1) * l->ncfg + call->config];
        r->config = call->config;
        r->rep = call->rep;
        r->m = row;
    }
    return TIMING_OK;
}

int workload_measure(const char *command, const struct workload_hooks *hooks,
                     struct run_plan *plan, const struct workload_config *cfg, size_t ncfg,
                     unsigned warmup, unsigned reps, struct progress *progress,
                     struct workload_row **rows)
{
    struct workload_loop l = {command, hooks, plan, cfg, ncfg, progress, NULL, 1};
    struct timing_config *timing = calloc(ncfg, sizeof *timing);
    struct timing_spec spec = {
        .nconfigs = ncfg, .nvalues = 2, .warmup = warmup, .reps = reps, .iterations = 1,
        .keep_going = 0, .run = workload_run, .arg = &l,
    };
    int rc;

    l.rows = calloc(ncfg * reps + 1, sizeof *l.rows);
    *rows = l.rows;
    if (l.rows == NULL || timing == NULL) {
        free(timing);
        fprintf(stderr, "gilbench %s: out of memory\n", command);
        return -1;
    }
    rc = timing_loop(&spec, timing);
    free(timing);
    return rc == TIMING_OK ? 0 : rc == TIMING_INTERRUPTED ? 1 : -1;
}

size_t workload_stats(const struct workload_row *rows, size_t nrows, size_t c, double *median,
                      double *min, double *max, double *cpu_util)
{
    double wall[128], util[128];
    struct stats_summary w;
    size_t n = 0;

    *median = *min = *max = *cpu_util = 0;
    for (size_t i = 0; i < nrows && n < sizeof wall / sizeof wall[0]; i++)
        if (rows[i].config == c && rows[i].rep > 0) {
            wall[n] = rows[i].m.wall_s;
            util[n++] = rows[i].m.cpu_util;
        }
    if (n > 0) {
        stats_summarize(wall, n, &w);
        *median = w.median;
        *min = w.min;
        *max = w.max;
        *cpu_util = stats_median(util, n);
    }
    return n;
}

double workload_median_wall(const struct workload_row *rows, size_t nrows, size_t c)
{
    double median, lo, hi, util;

    workload_stats(rows, nrows, c, &median, &lo, &hi, &util);
    return median;
}

size_t workload_seq_config(const struct workload_config *cfg, size_t ncfg, size_t c, int same_knob)
{
    for (size_t s = 0; s < ncfg; s++)
        if (strcmp(cfg[s].mode->name, "seq") == 0 && (!same_knob || cfg[s].knob == cfg[c].knob))
            return s;
    return SIZE_MAX;
}

unsigned workload_flags(const struct workload_row *rows, size_t nrows, size_t c, size_t seq_c,
                        uint32_t workers, const struct workload_judge *judge, char *text,
                        size_t len)
{
    double med, lo, hi, util, seq_walls[128];
    struct flag_input in = {.speedup = NAN, .workers = workers, .cores = judge->cores,
                            .cpu_bound = judge->cpu_bound, .under_gil = judge->under_gil,
                            .baseline_drift = NAN};
    unsigned flags;
    size_t n = 0;

    workload_stats(rows, nrows, c, &med, &lo, &hi, &util);
    in.median_s = med;
    in.min_s = lo;
    in.max_s = hi;
    if (seq_c != SIZE_MAX) {
        double seq = workload_median_wall(rows, nrows, seq_c);
        if (seq > 0 && med > 0)
            in.speedup = seq / med;
        /* The rows are stored round by round: this is the order measured. */
        for (size_t i = 0; i < nrows && n < sizeof seq_walls / sizeof seq_walls[0]; i++)
            if (rows[i].config == seq_c && rows[i].rep > 0)
                seq_walls[n++] = rows[i].m.wall_s;
        in.baseline_drift = stats_baseline_drift(seq_walls, n, seq);
    }
    flags = stats_flags(&in);
    stats_flag_text(flags, &in, text, len);
    return flags;
}
