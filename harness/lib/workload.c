/* workload.c - see workload.h. */
#include "lib/workload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/results.h"
#include "lib/signals.h"

size_t workload_parse_modes(const char *command, char *arg, const struct mode **modes, size_t max)
{
    size_t n = 0;
    char *tok;

    while ((tok = strsep(&arg, ",")) != NULL) {
        const struct mode *m = mode_find(tok);

        if (m == NULL || strcmp(tok, "spawn") == 0)
            usage_error(command, "--modes: expected seq, gil, gil-legacy, threads, fork or pool "
                        "(spawn's fresh workers cannot share the results), got '%s'", tok);
        for (size_t i = 0; i < n; i++)
            if (modes[i] == m)
                usage_error(command, "--modes: '%s' is listed twice", tok);
        if (n == max)
            usage_error(command, "--modes: at most %zu modes", max);
        modes[n++] = m;
    }
    return n;
}

int workload_measure(const char *command, const struct workload_hooks *hooks,
                     struct run_plan *plan, const struct workload_config *cfg, size_t ncfg,
                     unsigned warmup, unsigned reps, struct progress *progress,
                     struct workload_row **rows)
{
    struct workload_row *out = calloc(ncfg * reps + 1, sizeof *out);
    size_t nrows = 0;
    char error[512], what[128];
    int first = 1;

    *rows = out;
    if (out == NULL) {
        fprintf(stderr, "gilbench %s: out of memory\n", command);
        return -1;
    }
    for (unsigned round = 0; round < warmup + reps; round++) {
        for (size_t c = 0; c < ncfg; c++) {
            struct rep_row row;

            if (signals_interrupted())
                return 1;
            snprintf(what, sizeof what, "%s%s w=%u", round < warmup ? "warm-up " : "",
                     cfg[c].mode->name, cfg[c].workers);
            progress_step(progress, what);
            hooks->prepare(hooks->job, &cfg[c]);
            plan->workers = cfg[c].workers;
            memset(&row, 0, sizeof row);
            if (measure_rep(cfg[c].mode, plan, &row, error, sizeof error) != 0) {
                progress_finish(progress);
                if (signals_interrupted())
                    return 1;
                fprintf(stderr, "gilbench %s: %s with %u workers: %s\n", command,
                        cfg[c].mode->name, cfg[c].workers, error);
                return -1;
            }
            if (signals_interrupted())
                return 1;
            if (hooks->verify(hooks->job, first, error, sizeof error) != 0) {
                progress_finish(progress);
                fprintf(stderr, "gilbench %s: %s with %u workers: %s\n", command,
                        cfg[c].mode->name, cfg[c].workers, error);
                return -1;
            }
            first = 0;
            if (round < warmup)
                continue;
            out[nrows].config = c;
            out[nrows].rep = round - warmup + 1;
            out[nrows].m = row;
            nrows++;
        }
    }
    return 0;
}

size_t workload_stats(const struct workload_row *rows, size_t nrows, size_t c, double *median,
                      double *min, double *max, double *cpu_util)
{
    double wall[128], util[128], sd, ulo, uhi;
    size_t n = 0;

    *median = *min = *max = *cpu_util = 0;
    for (size_t i = 0; i < nrows && n < sizeof wall / sizeof wall[0]; i++)
        if (rows[i].config == c) {
            wall[n] = rows[i].m.wall_s;
            util[n++] = rows[i].m.cpu_util;
        }
    if (n > 0) {
        stats_of(wall, n, median, min, max, &sd);
        stats_of(util, n, cpu_util, &ulo, &uhi, &sd);
    }
    return n;
}

double workload_median_wall(const struct workload_row *rows, size_t nrows, size_t c)
{
    double median, lo, hi, util;

    workload_stats(rows, nrows, c, &median, &lo, &hi, &util);
    return median;
}
