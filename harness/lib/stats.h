/* stats.h - the statistics of repeated measurements: the one median of
 * the C code, with the min and max that show a run's spread. */
#ifndef GILBENCH_STATS_H
#define GILBENCH_STATS_H

#include <stddef.h>

/* What repeated measurements of one quantity came to. */
struct stats_summary {
    size_t n;
    double median, min, max;
};

/* The median of v[0..n), n >= 1: the middle value, or the mean of the two
 * middle ones when n is even.  Sorts v in place. */
double stats_median(double *v, size_t n);

/* n, median, min and max of v[0..n), n >= 1.  Sorts v in place. */
void stats_summarize(double *v, size_t n, struct stats_summary *out);

/* The value at quantile q (0 to 1) of sorted[0..n), n >= 1, by the lower
 * nearest rank: sorted[floor((n - 1) * q)], always a measured value. */
double stats_quantile_sorted(const double *sorted, size_t n, double q);

/* Sample standard deviation (n - 1 in the denominator); 0 when n is 1. */
double stats_stddev(const double *v, size_t n);

#endif
