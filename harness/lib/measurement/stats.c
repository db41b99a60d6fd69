/* stats.c - medians (the figure every subcommand reports: on a shared
 * machine the noise is one-sided, and one preempted repetition moves the
 * mean but not the median) with intervals, outliers, Mann-Whitney U, Hodges-
 * Lehmann ratios and the flags of suspect rows (see stats.h for what each
 * means).  The formulas are the textbook ones; the comments say which. */
#include "lib/measurement/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void stats_sort(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
}

double stats_median_sorted(const double *sorted, size_t n)
{
    if (n == 0)
        return NAN;
    return n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

double stats_median(double *v, size_t n)
{
    stats_sort(v, n);
    return stats_median_sorted(v, n);
}

void stats_summarize(double *v, size_t n, struct stats_summary *out)
{
    out->n = n;
    out->median = stats_median(v, n); /* sorts */
    out->min = v[0];
    out->max = v[n - 1];
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

double stats_binomial_half_cdf(size_t k, size_t n)
{
    double sum = 0.0;

    if (k >= n)
        return 1.0;
    /* Terms through lgamma: 0.5^n alone underflows past n = 1074. */
    for (size_t i = 0; i <= k; i++)
        sum += exp(lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) -
                   (double)n * M_LN2);
    return sum > 1.0 ? 1.0 : sum;
}

struct median_ci stats_median_ci(const double *sorted, size_t n, double confidence)
{
    struct median_ci ci = {NAN, NAN, 0.0};
    size_t best = 0;

    if (n == 0)
        return ci;
    /* Coverage of [x(k), x(n+1-k)] is 1 - 2 P(B <= k-1); it shrinks as k
     * grows, so the largest k that still reaches the level is the
     * narrowest interval that does. */
    for (size_t k = 1; 2 * k <= n + 1; k++) {
        double level = 1.0 - 2.0 * stats_binomial_half_cdf(k - 1, n);
        if (level + 1e-12 < confidence)
            break;
        best = k;
        ci.level = level;
    }
    if (best == 0) {
        best = 1;
        ci.level = n > 1 ? 1.0 - 2.0 * stats_binomial_half_cdf(0, n) : 0.0;
    }
    ci.lo = sorted[best - 1];
    ci.hi = sorted[n - best];
    return ci;
}

double stats_quantile_sorted(const double *sorted, size_t n, double q)
{
    return sorted[(size_t)((double)(n - 1) * q)];
}

double stats_quantile_interp(const double *sorted, size_t n, double p)
{
    double h;
    size_t lo;

    if (n == 0)
        return NAN;
    h = (double)(n - 1) * p;
    lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

size_t stats_count_outliers(const double *sorted, size_t n)
{
    double q1 = stats_quantile_interp(sorted, n, 0.25);
    double q3 = stats_quantile_interp(sorted, n, 0.75);
    double iqr = q3 - q1;
    size_t count = 0;

    for (size_t i = 0; i < n; i++)
        count += sorted[i] < q1 - 1.5 * iqr || sorted[i] > q3 + 1.5 * iqr;
    return count;
}

/* --- the null distribution of U ---------------------------------------- */

/* Without ties, the number of orderings of m a's and n b's with U = u is
 * the coefficient of q^u in the Gaussian binomial [m+n choose m]_q =
 * prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i).  Each factor is applied in
 * place: times (1 - q^(n+i)), then divided by (1 - q^i) (a running sum
 * with stride i); after step i the array holds [n+i choose i]_q.
 * Returns the cumulative counts P(U <= u) for u = 0..m*n, malloc'd. */
static double *mw_exact_cdf(size_t m, size_t n)
{
    size_t len = m * n + m + n + 1;
    double *c = calloc(len, sizeof *c);
    double total = 0.0;

    if (c == NULL)
        return NULL;
    c[0] = 1.0;
    for (size_t i = 1; i <= m; i++) {
        size_t shift = n + i;
        for (size_t j = len - 1; j >= shift; j--)
            c[j] -= c[j - shift];
        for (size_t j = i; j < len; j++)
            c[j] += c[j - i];
    }
    for (size_t u = 0; u <= m * n; u++)
        total += c[u];
    for (size_t u = 1; u <= m * n; u++)
        c[u] += c[u - 1];
    for (size_t u = 0; u <= m * n; u++)
        c[u] = c[u] / total > 1.0 ? 1.0 : c[u] / total;
    return c;
}

static double normal_cdf(double z)
{
    return 0.5 * erfc(-z / M_SQRT2);
}

/* P(U <= u) under the null without ties, exact or approximated. */
static double mw_cdf(const double *exact, size_t m, size_t n, double u)
{
    double mean = 0.5 * (double)m * (double)n;
    double sd = sqrt((double)m * (double)n * (double)(m + n + 1) / 12.0);

    if (u < 0)
        return 0.0;
    if (exact != NULL)
        return u >= (double)(m * n) ? 1.0 : exact[(size_t)floor(u)];
    return normal_cdf((floor(u) + 0.5 - mean) / sd);
}

int stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
                       struct mann_whitney *out)
{
    size_t nall = na + nb;
    double *all;
    double u = 0.0, ties = 0.0;
    int any_tie = 0;

    if (na == 0 || nb == 0)
        return -1;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            u += a[i] > b[j] ? 1.0 : a[i] == b[j] ? 0.5 : 0.0;
    all = malloc(nall * sizeof *all);
    if (all == NULL)
        return -1;
    memcpy(all, a, na * sizeof *a);
    memcpy(all + na, b, nb * sizeof *b);
    stats_sort(all, nall);
    for (size_t i = 0; i < nall;) {
        size_t j = i;
        while (j < nall && all[j] == all[i])
            j++;
        double t = (double)(j - i);
        ties += t * t * t - t;
        any_tie |= j - i > 1;
        i = j;
    }
    free(all);

    out->u = u;
    double mn = (double)na * (double)nb;
    if (!any_tie && na <= STATS_MW_EXACT_MAX && nb <= STATS_MW_EXACT_MAX) {
        double *cdf = mw_exact_cdf(na, nb);
        if (cdf == NULL)
            return -1;
        double low = fmin(u, mn - u);
        out->p = fmin(1.0, 2.0 * mw_cdf(cdf, na, nb, low));
        out->p_min = fmin(1.0, 2.0 * cdf[0]);
        out->exact = 1;
        free(cdf);
        return 0;
    }
    /* Normal approximation; ties shrink the variance by
     * sum(t^3 - t) / (N (N - 1)) (e.g. Lehmann, Nonparametrics, 1.4). */
    double nn = (double)nall;
    double var = mn / 12.0 * ((nn + 1.0) - ties / (nn * (nn - 1.0)));
    double sd = var > 0 ? sqrt(var) : 0.0;
    double dev = fabs(u - 0.5 * mn);
    out->exact = 0;
    if (sd == 0.0) {
        out->p = 1.0;
        out->p_min = 1.0;
        return 0;
    }
    out->p = fmin(1.0, 2.0 * normal_cdf(-(fmax(dev - 0.5, 0.0)) / sd));
    out->p_min = fmin(1.0, 2.0 * normal_cdf(-(0.5 * mn - 0.5) / sd));
    return 0;
}

int stats_ratio_ci(const double *a, size_t na, const double *b, size_t nb, double confidence,
                   struct ratio_ci *out)
{
    size_t npairs = na * nb, k = 0;
    double *d, *cdf = NULL;

    if (na == 0 || nb == 0)
        return -1;
    for (size_t i = 0; i < na; i++)
        if (!(a[i] > 0))
            return -1;
    for (size_t j = 0; j < nb; j++)
        if (!(b[j] > 0))
            return -1;
    d = malloc(npairs * sizeof *d);
    if (d == NULL)
        return -1;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            d[i * nb + j] = log(b[j]) - log(a[i]);
    stats_sort(d, npairs);
    if (na <= STATS_MW_EXACT_MAX && nb <= STATS_MW_EXACT_MAX &&
        (cdf = mw_exact_cdf(na, nb)) == NULL) {
        free(d);
        return -1;
    }
    /* [d(k), d(mn+1-k)] covers the true shift with probability
     * 1 - 2 P(U <= k-1): the largest k that keeps the level. */
    out->level = 0.0;
    for (size_t kk = 1; 2 * kk <= npairs + 1; kk++) {
        double level = 1.0 - 2.0 * mw_cdf(cdf, na, nb, (double)kk - 1.0);
        if (level + 1e-12 < confidence)
            break;
        k = kk;
        out->level = level;
    }
    if (k == 0) {
        k = 1;
        out->level = fmax(0.0, 1.0 - 2.0 * mw_cdf(cdf, na, nb, 0.0));
    }
    out->ratio = exp(stats_median_sorted(d, npairs));
    out->lo = exp(d[k - 1]);
    out->hi = exp(d[npairs - k]);
    free(cdf);
    free(d);
    return 0;
}

/* --- flags ------------------------------------------------------------- */

unsigned stats_flags(const struct flag_input *in)
{
    unsigned flags = 0;

    if (!isnan(in->speedup) && in->workers > 0 &&
        in->speedup > (double)in->workers * (1.0 + STATS_TOL_WORKERS))
        flags |= FLAG_SPEEDUP_OVER_WORKERS;
    if (!isnan(in->speedup) && in->cpu_bound && in->cores > 0 &&
        in->speedup > fmax(1.0, in->cores) * (1.0 + STATS_TOL_CORES))
        flags |= FLAG_SPEEDUP_OVER_CORES;
    if (!isnan(in->speedup) && in->cpu_bound && in->under_gil &&
        in->speedup > 1.0 + STATS_TOL_GIL)
        flags |= FLAG_SPEEDUP_UNDER_GIL;
    if (in->median_s > 0 && (in->max_s - in->min_s) / in->median_s > STATS_MAX_SPREAD)
        flags |= FLAG_WIDE_SPREAD;
    if (!isnan(in->baseline_drift) && in->baseline_drift > STATS_MAX_DRIFT)
        flags |= FLAG_BASELINE_DRIFT;
    return flags;
}

double stats_baseline_drift(double *v, size_t n, double median)
{
    size_t half = n / 2;
    double early, late;

    if (n < 2 || !(median > 0))
        return NAN;
    early = stats_median(v, half);
    late = stats_median(v + n - half, half);
    return fabs(late - early) / median;
}

char *stats_flag_text(unsigned flags, const struct flag_input *in, char *buf, size_t len)
{
    size_t used = 0;

    buf[0] = '\0';
#define FLAG_APPEND(...)                                                                  \
    do {                                                                                  \
        int n_ = snprintf(buf + used, len - used, "%s", used ? "; " : "");                \
        if (n_ > 0 && (size_t)n_ < len - used)                                            \
            used += (size_t)n_;                                                           \
        n_ = snprintf(buf + used, len - used, __VA_ARGS__);                               \
        if (n_ > 0)                                                                       \
            used = (size_t)n_ < len - used ? used + (size_t)n_ : len - 1;                 \
    } while (0)
    if (flags & FLAG_SPEEDUP_OVER_WORKERS)
        FLAG_APPEND("speedup %.2fx > %u workers", in->speedup, in->workers);
    if (flags & FLAG_SPEEDUP_OVER_CORES)
        FLAG_APPEND("speedup %.2fx > %.2f cores", in->speedup, fmax(1.0, in->cores));
    if (flags & FLAG_SPEEDUP_UNDER_GIL)
        FLAG_APPEND("speedup %.2fx > 1 under a GIL", in->speedup);
    if (flags & FLAG_WIDE_SPREAD)
        FLAG_APPEND("spread %.0f%% of median", 100.0 * (in->max_s - in->min_s) / in->median_s);
    if (flags & FLAG_BASELINE_DRIFT)
        FLAG_APPEND("seq drifted %.0f%%", 100.0 * in->baseline_drift);
#undef FLAG_APPEND
    return buf;
}
