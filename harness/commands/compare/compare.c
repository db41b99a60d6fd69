/* compare.c - `gilbench compare`: see compare.h.
 *
 * For each configuration (kernel, mode, workers, items, and the switch
 * interval under gil) found in run A and in run X, the wall times of the
 * repetitions of both are compared:
 *   - ratio: the Hodges-Lehmann estimate of X's time over A's (the median
 *     of all pairwise ratios), with its distribution-free interval;
 *   - p: the two-sided Mann-Whitney U test of "same distribution".
 * The verdict is "slower" or "faster" when p < 0.05, else "no measurable
 * difference"; with few repetitions the smallest p possible is printed,
 * because 3 against 3 can never reach 0.05 (2/20 = 0.1), whatever the
 * data.  Runs from different machines compare too: the header and
 * compare_runs.csv say which machine each run is from.
 */
#include "commands/compare/compare.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/compare/compare_run.h"
#include "lib/cli.h"
#include "lib/files/atomic_file.h"
#include "lib/files/results.h"
#include "lib/measurement/stats.h"

enum { COMPARE_MAX_RUNS = 26 };
#define COMPARE_ALPHA 0.05
static const char DEFAULT_OUT[] = "results/compare";

/* One configuration of run A against the same one in run X. */
struct comparison {
    char key[256];
    size_t na, nb;
    double median_a, median_b;
    struct ratio_ci ratio;
    struct mann_whitney mw;
    const char *verdict;
};

static void print_help(void)
{
    printf("usage: gilbench compare RUN_A RUN_B [RUN_C ...] [-o DIR]\n\n"
           "Puts the same configurations of several runs side by side, each run against\n"
           "the first: the ratio of its wall time to A's (Hodges-Lehmann, with a %.0f%%\n"
           "interval) and a Mann-Whitney U test that says 'no measurable difference'\n"
           "when the repetitions cannot tell the runs apart.  Runs may come from\n"
           "different machines; each is labelled by its meta.\n\n"
           "  -o, --out DIR   where compare.csv, compare_runs.csv and compare_speedup.csv\n"
           "                  go (default %s)\n"
           "  -h, --help      this text\n\n"
           "Chart: plots/draw.sh compare DIR (writes DIR/plots/compare.png and .svg)\n"
           "Exit status: 0 compared, 1 no configuration in common, 2 bad usage.\n",
           100 * RESULTS_CONFIDENCE, DEFAULT_OUT);
}

/* The wall times of the rows of `r` with configuration `key`. */
static size_t walls_of(const struct compare_run *r, const char *key, double *out)
{
    size_t n = 0;
    char k[256];

    for (size_t i = 0; i < csv_table_rows(&r->runs); i++) {
        compare_run_key(r, i, k, sizeof k);
        if (strcmp(k, key) == 0)
            out[n++] = strtod(csv_table_cell(&r->runs, i, r->c_wall), NULL);
    }
    return n;
}

static int compare_one(const struct compare_run *a, const struct compare_run *b, const char *key,
                       double *buf_a, double *buf_b, struct comparison *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->key, sizeof c->key, "%s", key);
    c->na = walls_of(a, key, buf_a);
    c->nb = walls_of(b, key, buf_b);
    if (c->na == 0 || c->nb == 0)
        return -1;
    if (stats_mann_whitney(buf_a, c->na, buf_b, c->nb, &c->mw) != 0 ||
        stats_ratio_ci(buf_a, c->na, buf_b, c->nb, RESULTS_CONFIDENCE, &c->ratio) != 0)
        return -1;
    c->median_a = stats_median(buf_a, c->na);
    c->median_b = stats_median(buf_b, c->nb);
    c->verdict = c->mw.p >= COMPARE_ALPHA ? "no measurable difference"
                 : c->ratio.ratio > 1 ? "slower" : "faster";
    return 0;
}

static int write_runs_csv(const char *out, struct compare_run *runs, int nruns)
{
    struct atomic_file f;

    if (atomic_file_open_in(&f, out, "compare_runs.csv") != 0)
        return -1;
    fputs("label,dir,host,cpu_model,measured_cores,date\n", f.fp);
    for (int i = 0; i < nruns; i++)
        fprintf(f.fp, "%c,%s,%s,%s,%s,%s\n", runs[i].label, runs[i].dir, runs[i].host,
                runs[i].cpu_model, runs[i].measured_cores, runs[i].date);
    return atomic_file_commit(&f);
}

/* Every run's speedups from its summary.csv, for the chart. */
static int write_speedup_csv(const char *out, struct compare_run *runs, int nruns)
{
    static const char *const cols[] = {"kernel", "mode", "workers", "speedup", "speedup_lo",
                                       "speedup_hi"};
    struct atomic_file f;

    if (atomic_file_open_in(&f, out, "compare_speedup.csv") != 0)
        return -1;
    fputs("label,kernel,mode,workers,speedup,speedup_lo,speedup_hi\n", f.fp);
    for (int i = 0; i < nruns; i++) {
        const struct csv_table *s = &runs[i].summary;
        int c[6];
        for (int j = 0; j < 6; j++)
            c[j] = s->nrows ? csv_table_column(s, cols[j]) : -1;
        if (c[0] < 0 || c[1] < 0 || c[2] < 0 || c[3] < 0)
            continue;
        for (size_t r = 0; r < csv_table_rows(s); r++) {
            if (strcmp(csv_table_cell(s, r, c[1]), "seq") == 0 || csv_table_cell(s, r, c[3])[0] == '\0')
                continue;
            fprintf(f.fp, "%c,%s,%s,%s,%s,%s,%s\n", runs[i].label, csv_table_cell(s, r, c[0]),
                    csv_table_cell(s, r, c[1]), csv_table_cell(s, r, c[2]),
                    csv_table_cell(s, r, c[3]), c[4] >= 0 ? csv_table_cell(s, r, c[4]) : "",
                    c[5] >= 0 ? csv_table_cell(s, r, c[5]) : "");
        }
    }
    return atomic_file_commit(&f);
}

static void print_row(const struct comparison *c, char label)
{
    char cfg[256], *si;

    snprintf(cfg, sizeof cfg, "%s", c->key);
    si = strrchr(cfg, ',');          /* the switch interval, empty outside gil */
    if (si != NULL && si[1] == '\0')
        *si = '\0';
    char interval[48];
    snprintf(interval, sizeof interval, "%.3f-%.3f (%.0f%%)", c->ratio.lo, c->ratio.hi,
             100 * c->ratio.level);
    printf("%-34s %c %3zu/%-3zu %10.4f %10.4f %7.3fx %21s %8.3g  %s\n", cfg, label, c->na, c->nb,
           c->median_a, c->median_b, c->ratio.ratio, interval, c->mw.p, c->verdict);
}

/* Compares every later run with run A; writes compare.csv.  Returns the
 * number of configurations compared, or -1 on a write error. */
static long compare_all(const char *out, struct compare_run *runs, int nruns, double *buf_a,
                        double *buf_b, int *too_few)
{
    struct atomic_file f;
    long compared = 0;
    char key[256], seen_key[256];

    if (atomic_file_open_in(&f, out, "compare.csv") != 0)
        return -1;
    fputs("kernel,mode,workers,items,switch_interval_s,run_a,run_b,n_a,n_b,median_a_s,median_b_s,"
          "ratio,ratio_lo,ratio_hi,ratio_level,u,p,p_min,exact,verdict\n",
          f.fp);
    printf("%-34s %c %7s %10s %10s %8s %21s %8s  %s\n", "kernel,mode,workers,items[,interval]",
           ' ', "n A/X", "median_A", "median_X", "X/A", "interval", "p", "verdict");
    for (int x = 1; x < nruns; x++) {
        for (size_t i = 0; i < csv_table_rows(&runs[0].runs); i++) {
            int first = 1;
            struct comparison c;
            compare_run_key(&runs[0], i, key, sizeof key);
            for (size_t j = 0; j < i && first; j++) {   /* each configuration once */
                compare_run_key(&runs[0], j, seen_key, sizeof seen_key);
                first = strcmp(seen_key, key) != 0;
            }
            if (!first || compare_one(&runs[0], &runs[x], key, buf_a, buf_b, &c) != 0)
                continue;
            compared++;
            *too_few |= c.mw.p_min >= COMPARE_ALPHA;
            fprintf(f.fp, "%s,%s,%s,%zu,%zu,%.6f,%.6f,%.4f,%.4f,%.4f,%.4f,%.1f,%.4g,%.4g,%d,%s\n",
                    key, runs[0].dir, runs[x].dir, c.na, c.nb, c.median_a, c.median_b,
                    c.ratio.ratio, c.ratio.lo, c.ratio.hi, c.ratio.level, c.mw.u, c.mw.p,
                    c.mw.p_min, c.mw.exact, c.verdict);
            print_row(&c, runs[x].label);
        }
    }
    if (atomic_file_commit(&f) != 0)
        return -1;
    return compared;
}

int compare_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct compare_run runs[COMPARE_MAX_RUNS];
    const char *out = DEFAULT_OUT;
    char error[512];
    int nruns = 0, c, status = 0, too_few = 0;
    size_t most = 1;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'h': print_help(); return 0;
        case ':': usage_error("compare", "option '%s' needs a value", argv[optind - 1]);
        default: usage_error("compare", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind < 2)
        usage_error("compare", "expected at least two run directories, got %d", argc - optind);
    if (argc - optind > COMPARE_MAX_RUNS)
        usage_error("compare", "at most %d run directories, got %d", COMPARE_MAX_RUNS,
                    argc - optind);
    for (int i = optind; i < argc; i++, nruns++) {
        if (compare_run_load(&runs[nruns], argv[i], (char)('A' + nruns), error, sizeof error) != 0) {
            for (int j = 0; j < nruns; j++)
                compare_run_free(&runs[j]);
            usage_error("compare", "%s", error);
        }
        most = csv_table_rows(&runs[nruns].runs) > most ? csv_table_rows(&runs[nruns].runs) : most;
    }
    check_out_dir("compare", out);
    struct results out_dir;
    if (results_create_dir(&out_dir, out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench compare: %s\n", error);
        for (int i = 0; i < nruns; i++)
            compare_run_free(&runs[i]);
        return EXIT_RUN_FAILED;
    }
    for (int i = 0; i < nruns; i++)
        printf("%c: %s  (host %s, %s, measured cores %s, %s)\n", runs[i].label, runs[i].dir,
               runs[i].host, runs[i].cpu_model, runs[i].measured_cores, runs[i].date);
    putchar('\n');

    double *buf_a = malloc(most * sizeof *buf_a), *buf_b = malloc(most * sizeof *buf_b);
    long compared = -1;
    if (buf_a != NULL && buf_b != NULL)
        compared = compare_all(out, runs, nruns, buf_a, buf_b, &too_few);
    free(buf_a);
    free(buf_b);
    if (compared < 0 || write_runs_csv(out, runs, nruns) != 0 ||
        write_speedup_csv(out, runs, nruns) != 0) {
        fprintf(stderr, "gilbench compare: cannot write the results in '%s'\n", out);
        status = EXIT_RUN_FAILED;
    } else if (compared == 0) {
        fprintf(stderr, "gilbench compare: no configuration of %s is in the other runs\n",
                runs[0].dir);
        status = EXIT_RUN_FAILED;
    } else {
        printf("\nX/A: the Hodges-Lehmann ratio of X's wall time to A's; its distribution-free "
               "interval aims at %.0f%% and says what it reaches; p: Mann-Whitney U, two-sided; "
               "'slower'/'faster' when p < %.2f.\n",
               100 * RESULTS_CONFIDENCE, COMPARE_ALPHA);
        if (too_few)
            printf("Some rows have too few repetitions to ever reach p < %.2f (3 against 3 "
                   "cannot go below 0.10): measure them with more --reps.\n", COMPARE_ALPHA);
        printf("results: %s/ (compare.csv, compare_runs.csv, compare_speedup.csv)\n", out);
    }
    for (int i = 0; i < nruns; i++)
        compare_run_free(&runs[i]);
    return status;
}
