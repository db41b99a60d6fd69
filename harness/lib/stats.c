/* stats.c - see stats.h.
 *
 * The median, not the mean, is the figure every subcommand reports: on a
 * shared machine the noise is one-sided (a preempted repetition is slower,
 * never faster), and one such outlier moves the mean but not the median.
 * Min and max are kept beside it to show how noisy the run was. */
#include "lib/stats.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double stats_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void stats_summarize(double *v, size_t n, struct stats_summary *out)
{
    out->n = n;
    out->median = stats_median(v, n); /* sorts */
    out->min = v[0];
    out->max = v[n - 1];
}

double stats_quantile_sorted(const double *sorted, size_t n, double q)
{
    return sorted[(size_t)((double)(n - 1) * q)];
}

double stats_stddev(const double *v, size_t n)
{
    double mean = 0.0, ss = 0.0;

    if (n < 2)
        return 0.0;
    for (size_t i = 0; i < n; i++)
        mean += v[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
    return sqrt(ss / (double)(n - 1));
}
