/* stats.h - the statistics of repeated measurements: the one median of
 * the C code (with the min and max that show a run's spread), and what a
 * reviewer accepts from a noisy machine on top of it.
 *
 * Everything here is distribution-free: timings on a shared machine are
 * skewed (a repetition can only be slowed down, never sped up, by a
 * neighbour), so nothing assumes a normal distribution.  Medians carry an
 * interval from order statistics, two sets of repetitions are compared
 * with the Mann-Whitney U test and the Hodges-Lehmann shift, outliers are
 * counted by Tukey's fences and never dropped.  No function here keeps
 * state or allocates more than it frees before returning. */
#ifndef GILBENCH_STATS_H
#define GILBENCH_STATS_H

#include <stddef.h>

/* What repeated measurements of one quantity came to. */
struct stats_summary {
    size_t n;
    double median, min, max;
};

/* Sorts v[0..n) ascending. */
void stats_sort(double *v, size_t n);
/* The median of v[0..n), n >= 1: the middle value, or the mean of the two
 * middle ones when n is even.  Sorts v in place. */
double stats_median(double *v, size_t n);
/* The median of an already sorted array (NAN when n is 0). */
double stats_median_sorted(const double *sorted, size_t n);
/* n, median, min and max of v[0..n), n >= 1.  Sorts v in place. */
void stats_summarize(double *v, size_t n, struct stats_summary *out);
/* Sample standard deviation (n - 1 in the denominator); 0 when n is 1. */
double stats_stddev(const double *v, size_t n);
/* The value at quantile q (0 to 1) of sorted[0..n), n >= 1, by the lower
 * nearest rank: sorted[floor((n - 1) * q)], always a measured value. */
double stats_quantile_sorted(const double *sorted, size_t n, double q);
/* The p-th quantile (0..1) of a sorted array interpolated between order
 * statistics, R's type 7 (what Tukey's fences below use). */
double stats_quantile_interp(const double *sorted, size_t n, double p);

/* P(B <= k) for B ~ Binomial(n, 1/2). */
double stats_binomial_half_cdf(size_t k, size_t n);

/* A confidence interval of the median from order statistics: [x(k),
 * x(n+1-k)] covers the population median with probability
 * 1 - 2 P(B <= k-1), B ~ Binomial(n, 1/2), whatever the distribution.
 * The narrowest such interval whose coverage is >= `confidence`; with too
 * few values for that (n < 6 at 95%) the whole range [min, max] and the
 * level it really achieves (1 - 2^(1-n): 75% with 3 values). */
struct median_ci {
    double lo, hi;
    double level;     /* the coverage achieved, e.g. 0.961 */
};
struct median_ci stats_median_ci(const double *sorted, size_t n, double confidence);

/* Tukey's fences: values below Q1 - 1.5 IQR or above Q3 + 1.5 IQR, with
 * quartiles interpolated between order statistics (R's type 7). */
size_t stats_count_outliers(const double *sorted, size_t n);

/* The Mann-Whitney U test of "a and b come from the same distribution"
 * against a shift either way.  U counts pairs (a_i, b_j) with a_i > b_j,
 * ties as one half.  Exact null distribution without ties for
 * na, nb <= STATS_MW_EXACT_MAX; otherwise the normal approximation with
 * the tie correction of the variance and a continuity correction. */
enum { STATS_MW_EXACT_MAX = 40 };
struct mann_whitney {
    double u;         /* U of sample a */
    double p;         /* two-sided p-value */
    double p_min;     /* the smallest p these sample sizes can give at all */
    int exact;        /* 1: exact distribution, 0: normal approximation */
};
int stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
                       struct mann_whitney *out);

/* The Hodges-Lehmann estimate of how much larger b is than a, as a ratio
 * (times are compared on a log scale: the median of all log(b_j / a_i)),
 * with its distribution-free interval from the same U distribution
 * (Lehmann 1963): the k-th smallest and k-th largest pairwise ratio.
 * Returns 0, or -1 when a value is not positive or memory runs out. */
struct ratio_ci {
    double ratio, lo, hi;
    double level;     /* the coverage achieved, at most the one asked for */
};
int stats_ratio_ci(const double *a, size_t na, const double *b, size_t nb, double confidence,
                   struct ratio_ci *out);

/* Why a summary row cannot be trusted as it stands.  A bit set, so a row
 * can carry several reasons; stats_flag_text spells them out. */
enum stats_flag {
    FLAG_SPEEDUP_OVER_WORKERS = 1 << 0, /* more speedup than workers: impossible */
    FLAG_SPEEDUP_OVER_CORES = 1 << 1,   /* CPU work faster than the cores allow */
    FLAG_WIDE_SPREAD = 1 << 2,          /* (max - min) / median over the limit */
    FLAG_BASELINE_DRIFT = 1 << 3,       /* seq's first and last repetitions differ */
    FLAG_SPEEDUP_UNDER_GIL = 1 << 4,    /* CPU work faster than one thread under a GIL */
};
/* The thresholds, named once: 5% over the worker count, 10% over the
 * cores (the probe's measurement itself wobbles by a few percent; and a
 * run always has at least the one core seq had), 5% over 1 for CPU work
 * under a GIL (one thread runs at a time), a spread of a quarter of the
 * median, a baseline drift of 10%. */
#define STATS_TOL_WORKERS 0.05
#define STATS_TOL_CORES 0.10
#define STATS_TOL_GIL 0.05
#define STATS_MAX_SPREAD 0.25
#define STATS_MAX_DRIFT 0.10

struct flag_input {
    double speedup;        /* NAN when there is no baseline */
    unsigned workers;
    double cores;          /* cores the run could use (measured if probed); 0: unknown */
    int cpu_bound;         /* the speedup cannot exceed the cores */
    int under_gil;         /* a GIL mode: CPU work cannot beat one thread */
    double median_s, min_s, max_s;
    double baseline_drift; /* |last seq - first seq| / seq median; NAN: unknown */
};
unsigned stats_flags(const struct flag_input *in);
/* How far a baseline moved while a run went on: |median of the later half
 * - median of the earlier half| / `median`, over `v`, the baseline's
 * repetitions in the order they were measured (the middle one left out
 * when odd).  Reorders `v`.  NAN with fewer than two or no median. */
double stats_baseline_drift(double *v, size_t n, double median);
/* Writes the reasons as "a; b; c" (empty for 0).  Returns `buf`. */
char *stats_flag_text(unsigned flags, const struct flag_input *in, char *buf, size_t len);

#endif
