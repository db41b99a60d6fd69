/* granularity_table.c - see granularity_table.h.
 *
 * "Stays >= 1" rather than "first reaches 1": on a shared machine one
 * lucky short run can beat seq by chance, and a learner should not be
 * told that parallelism pays from there.  The break-even point is read
 * from the longest duration downwards, so it is where the speedup has
 * been at least 1 ever since. */
#include "commands/granularity/granularity_table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/files/atomic_file.h"
#include "lib/files/results.h"
#include "lib/measurement/stats.h"

/* The flags no amount of noise excuses: printed on the table's rows. */
static const unsigned impossible = FLAG_SPEEDUP_OVER_WORKERS | FLAG_SPEEDUP_OVER_CORES |
                                   FLAG_SPEEDUP_UNDER_GIL;

void granularity_flag_rows(struct granularity_row *rows, size_t ncfg, const double *walls,
                           unsigned reps, double cores)
{
    struct median_ci seq = stats_median_ci(walls, reps, RESULTS_CONFIDENCE);

    for (size_t c = 0; c < ncfg; c++) {
        struct granularity_row *r = &rows[c];
        struct median_ci ci = stats_median_ci(&walls[c * reps], reps, RESULTS_CONFIDENCE);
        /* Spin is CPU work: no more speedup than workers, cores, or one
         * thread under a GIL.  Each duration has its own seq, measured in
         * the same rounds, so there is no drift across the run to judge. */
        struct flag_input in = {.speedup = r->speedup, .workers = r->workers, .cores = cores,
                                .cpu_bound = 1, .under_gil = strncmp(r->mode->name, "gil", 3) == 0,
                                .median_s = r->median_s, .min_s = r->min_s, .max_s = r->max_s,
                                .baseline_drift = NAN};
        r->speedup_lo = ci.hi > 0 ? seq.lo / ci.hi : NAN;
        r->speedup_hi = ci.lo > 0 ? seq.hi / ci.lo : NAN;
        r->flags = stats_flags(&in);
        stats_flag_text(r->flags, &in, r->flag_text, sizeof r->flag_text);
        stats_flag_text(r->flags & impossible, &in, r->impossible_text, sizeof r->impossible_text);
    }
}

int granularity_write_csv(const char *dir, const struct granularity_row *rows, size_t n,
                          uint32_t tasks, double items_per_us)
{
    struct atomic_file f;

    if (atomic_file_open_in(&f, dir, "granularity.csv") != 0)
        return -1;
    fputs("mode,task_us,tasks,workers,median_s,min_s,max_s,seq_median_s,speedup,items_per_task,"
          "items_per_us,seq_task_us,reps,cpu_util,speedup_lo,speedup_hi,flag\n", f.fp);
    for (size_t i = 0; i < n; i++) {
        const struct granularity_row *r = &rows[i];
        fprintf(f.fp, "%s,%u,%u,%u,%.9f,%.9f,%.9f,%.9f,%.4f,%llu,%.3f,%.3f,%u,%.3f,%.4f,%.4f,%s\n",
                r->mode->name, r->task_us, tasks, r->workers, r->median_s, r->min_s, r->max_s,
                r->seq_median_s, r->speedup, (unsigned long long)r->items_per_task, items_per_us,
                r->seq_median_s / tasks * 1e6, r->reps, r->cpu_util, r->speedup_lo, r->speedup_hi,
                r->flag_text);
    }
    return atomic_file_commit(&f);
}

uint32_t breakeven_task_us(const struct mode *m, const struct granularity_row *rows, size_t n)
{
    uint32_t be = 0;

    for (size_t i = n; i-- > 0;) {
        if (rows[i].mode != m)
            continue;
        if (!(rows[i].speedup >= 1.0))
            break;
        be = rows[i].task_us;
    }
    return be;
}

int breakeven_write_csv(const char *dir, const struct mode *const *modes, size_t nmodes,
                        const struct granularity_row *rows, size_t n)
{
    struct atomic_file f;

    if (atomic_file_open_in(&f, dir, "breakeven.csv") != 0)
        return -1;
    fputs("mode,breakeven_task_us\n", f.fp);
    for (size_t m = 0; m < nmodes; m++) {
        uint32_t be = breakeven_task_us(modes[m], rows, n);
        if (be > 0)
            fprintf(f.fp, "%s,%u\n", modes[m]->name, be);
        else
            fprintf(f.fp, "%s,\n", modes[m]->name); /* empty: never */
    }
    return atomic_file_commit(&f);
}

void granularity_print_table(const struct mode *const *modes, size_t nmodes, uint32_t tasks,
                             uint32_t workers, const struct granularity_row *rows, size_t n)
{
    size_t ncfg = nmodes + 1, spread = 0;

    printf("\nspeedup over seq, %u tasks, %u workers (median of the reps column)\n%9s %11s %5s",
           tasks, workers, "task_us", "seq_total_s", "reps");
    for (size_t m = 0; m < nmodes; m++)
        printf(" %9s", modes[m]->name);
    printf("\n");
    for (size_t i = 0; i + ncfg <= n; i += ncfg) {
        printf("%9u %11.6f %5u", rows[i].task_us, rows[i].median_s, rows[i].reps);
        for (size_t m = 1; m < ncfg; m++)
            printf(" %8.2fx", rows[i + m].speedup);
        /* An impossible speedup is said on its row, with the reason; wide
         * spreads (common with sub-millisecond runs) are counted below. */
        for (size_t m = 0; m < ncfg; m++) {
            spread += (rows[i + m].flags & FLAG_WIDE_SPREAD) != 0;
            if (rows[i + m].flags & impossible)
                printf("  SUSPECT %s: %s", rows[i + m].mode->name, rows[i + m].impossible_text);
        }
        printf("\n");
    }
    if (spread > 0)
        printf("%zu of the %zu measured configurations (seq included) spread over %.0f%% of their "
               "median, min to max: the 'flag' column of granularity.csv says which\n", spread, n,
               100 * STATS_MAX_SPREAD);
    printf("break-even: the smallest task duration from which the speedup stays >= 1\n");
    for (size_t m = 0; m < nmodes; m++) {
        uint32_t be = breakeven_task_us(modes[m], rows, n);
        if (be > 0)
            printf("  %-8s pays off from ~%u us of work per task on this machine\n", modes[m]->name,
                   be);
        else
            printf("  %-8s never breaks even up to %u us per task\n", modes[m]->name,
                   n ? rows[n - 1].task_us : 0);
    }
}
