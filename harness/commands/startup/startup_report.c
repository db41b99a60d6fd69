/* startup_report.c - see startup_report.h.
 *
 * The growth column is what the lesson is about: fork() copies one
 * page-table entry per resident page, so its cost grows with the parent's
 * touched memory, while the others stay flat. */
#include "commands/startup/startup_report.h"

#include <math.h>
#include <stdio.h>

#include "lib/files/atomic_file.h"
#include "lib/measurement/stats.h"

char *startup_flag(const struct startup_row *r, char *buf, size_t len)
{
    struct flag_input in = {.speedup = NAN, .median_s = r->median_us, .min_s = r->min_us,
                            .max_s = r->max_us, .baseline_drift = NAN};
    return stats_flag_text(stats_flags(&in), &in, buf, len);
}

int startup_write_csv(const char *dir, const struct startup_row *rows, size_t n)
{
    struct atomic_file f;
    char flag[160];

    if (atomic_file_open_in(&f, dir, "startup.csv") != 0)
        return -1;
    fputs("mechanism,parent_mib,iterations,median_us,min_us,max_us,batches,batch_size,workers,flag\n",
          f.fp);
    for (size_t i = 0; i < n; i++)
        fprintf(f.fp, "%s,%u,%llu,%.3f,%.3f,%.3f,%u,%llu,%u,%s\n", rows[i].launcher->name,
                rows[i].parent_mib, (unsigned long long)(rows[i].per_batch * rows[i].batches),
                rows[i].median_us, rows[i].min_us, rows[i].max_us, rows[i].batches,
                (unsigned long long)rows[i].per_batch, rows[i].workers,
                startup_flag(&rows[i], flag, sizeof flag));
    return atomic_file_commit(&f);
}

static const struct startup_row *find_row(const struct startup_row *rows, size_t n,
                                          const struct launcher *l, uint32_t mib)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].launcher == l && rows[i].parent_mib == mib)
            return &rows[i];
    return NULL;
}

void startup_print_table(const struct startup_options *o, const struct startup_row *rows, size_t n)
{
    uint32_t lo = o->parent_mib[0], hi = o->parent_mib[0];
    const struct startup_row *cheapest = NULL;

    for (size_t s = 1; s < o->nsizes; s++) {
        lo = o->parent_mib[s] < lo ? o->parent_mib[s] : lo;
        hi = o->parent_mib[s] > hi ? o->parent_mib[s] : hi;
    }
    printf("\nper-start cost, median microseconds, parent holding N MiB of touched memory\n%-13s",
           "mechanism");
    for (size_t s = 0; s < o->nsizes; s++)
        printf(" %7u MiB", o->parent_mib[s]);
    if (hi != lo)
        printf(" %11s", "growth");
    printf("\n");
    for (size_t m = 0; m < o->nlaunchers; m++) {
        const struct startup_row *a = find_row(rows, n, o->launchers[m], lo);
        const struct startup_row *b = find_row(rows, n, o->launchers[m], hi);
        printf("%-13s", o->launchers[m]->name);
        for (size_t s = 0; s < o->nsizes; s++) {
            const struct startup_row *r = find_row(rows, n, o->launchers[m], o->parent_mib[s]);
            if (r != NULL)
                printf(" %11.1f", r->median_us);
            else
                printf(" %11s", "-");
        }
        if (hi != lo && a != NULL && b != NULL && a->median_us > 0)
            printf(" %10.2fx", b->median_us / a->median_us);
        /* Said on the row it concerns, with the reason. */
        for (size_t s = 0; s < o->nsizes; s++) {
            const struct startup_row *r = find_row(rows, n, o->launchers[m], o->parent_mib[s]);
            char flag[160];
            if (r != NULL && startup_flag(r, flag, sizeof flag)[0] != '\0')
                printf("  SUSPECT at %u MiB: batches %s", r->parent_mib, flag);
        }
        printf("\n");
        if (a != NULL && (cheapest == NULL || a->median_us < cheapest->median_us))
            cheapest = a;
    }
    if (hi != lo)
        printf("growth: the median at %u MiB divided by the median at %u MiB\n", hi, lo);
    const struct launcher *fork_l = launcher_find("fork");
    const struct startup_row *f0 = find_row(rows, n, fork_l, lo), *f1 = find_row(rows, n, fork_l, hi);
    if (hi != lo && f0 != NULL && f1 != NULL && f0->median_us > 0)
        printf("fork ratio %u MiB / %u MiB: %.1fx (%.1f us -> %.1f us): fork copies the page tables\n",
               hi, lo, f1->median_us / f0->median_us, f0->median_us, f1->median_us);
    if (cheapest != NULL)
        printf("cheapest at %u MiB: %s, %.1f us per start\n", lo, cheapest->launcher->name,
               cheapest->median_us);
}

