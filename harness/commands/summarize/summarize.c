/* summarize.c - see summarize.h.  runs.csv is read by column name; the
 * columns a summary needs must be there, the others (GIL hand-overs, the
 * remeasured mark) count as 0 when an older run lacks them. */
#include "commands/summarize/summarize.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/files/csv_table.h"
#include "lib/files/results.h"
#include "registry.h"

enum { COL_KERNEL, COL_MODE, COL_WORKERS, COL_ITEMS, COL_REP, COL_WALL, COL_UTIL, NEEDED,
       COL_SWITCH = NEEDED, COL_HANDOVERS, COL_REMEASURED, NCOLS };
static const char *const column_names[NCOLS] = {
    "kernel", "mode", "workers", "items", "rep", "wall_s", "cpu_util",
    "switch_interval_s", "gil_handovers", "remeasured",
};

/* The cores the flags compare against: meta's measured_cores, else the
 * CPUs that were allowed, else the online cores; 0 when meta says none. */
static double cores_from_meta(const char *dir)
{
    char path[4200], line[512];
    double measured = 0, online = 0;
    FILE *fp;

    snprintf(path, sizeof path, "%s/meta", dir);
    if ((fp = fopen(path, "r")) == NULL)
        return 0;
    while (fgets(line, sizeof line, fp) != NULL) {
        if (strncmp(line, "measured_cores: ", 16) == 0)
            measured = strtod(line + 16, NULL);
        else if (strncmp(line, "online_cores: ", 14) == 0)
            online = strtod(line + 14, NULL);
    }
    fclose(fp);
    return measured > 0 ? measured : online;
}

static int row_from_csv(const struct csv_table *t, size_t i, const int *col, struct rep_row *row,
                        char *error, size_t error_len)
{
    memset(row, 0, sizeof *row);
    row->kernel = kernel_find(csv_table_cell(t, i, col[COL_KERNEL]));
    row->mode = mode_find(csv_table_cell(t, i, col[COL_MODE]));
    if (row->kernel == NULL || row->mode == NULL) {
        snprintf(error, error_len, "row %zu: unknown kernel '%s' or mode '%s'", i + 2,
                 csv_table_cell(t, i, col[COL_KERNEL]), csv_table_cell(t, i, col[COL_MODE]));
        return -1;
    }
    row->workers = (uint32_t)strtoul(csv_table_cell(t, i, col[COL_WORKERS]), NULL, 10);
    row->items = strtoull(csv_table_cell(t, i, col[COL_ITEMS]), NULL, 10);
    row->rep = (unsigned)strtoul(csv_table_cell(t, i, col[COL_REP]), NULL, 10);
    row->wall_s = strtod(csv_table_cell(t, i, col[COL_WALL]), NULL);
    row->cpu_util = strtod(csv_table_cell(t, i, col[COL_UTIL]), NULL);
    if (!(row->wall_s > 0) || row->workers == 0) {
        snprintf(error, error_len, "row %zu: wall_s and workers must be positive", i + 2);
        return -1;
    }
    if (col[COL_SWITCH] >= 0)
        row->switch_interval_s = strtod(csv_table_cell(t, i, col[COL_SWITCH]), NULL);
    if (col[COL_HANDOVERS] >= 0)
        row->gil.handovers = strtoull(csv_table_cell(t, i, col[COL_HANDOVERS]), NULL, 10);
    if (col[COL_REMEASURED] >= 0)
        row->remeasured = atoi(csv_table_cell(t, i, col[COL_REMEASURED]));
    return 0;
}

int summarize_main(int argc, char **argv)
{
    struct csv_table t;
    struct results r;
    struct summary_row *sum;
    char path[4200], error[512];
    int col[NCOLS];
    size_t flagged = 0, n;

    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: gilbench summarize RUN_DIR\n\n"
               "Rebuilds RUN_DIR/summary.csv from RUN_DIR/runs.csv (columns read by name):\n"
               "medians with their intervals, speedups, outliers and the flags of suspect\n"
               "rows, compared with the cores in RUN_DIR/meta.  Prints the flagged rows.\n");
        return 0;
    }
    if (argc != 2)
        usage_error("summarize", "expected one run directory, got %d arguments", argc - 1);
    snprintf(path, sizeof path, "%s/runs.csv", argv[1]);
    if (csv_table_read(&t, path, error, sizeof error) != 0)
        usage_error("summarize", "%s", error);
    for (int c = 0; c < NCOLS; c++) {
        col[c] = csv_table_column(&t, column_names[c]);
        if (c < NEEDED && col[c] < 0) {
            csv_table_free(&t);
            usage_error("summarize", "'%s' has no column '%s'", path, column_names[c]);
        }
    }
    memset(&r, 0, sizeof r);
    snprintf(r.dir, sizeof r.dir, "%s", argv[1]);
    r.cores = cores_from_meta(argv[1]);
    for (size_t i = 0; i < csv_table_rows(&t); i++) {
        struct rep_row row;
        if (row_from_csv(&t, i, col, &row, error, sizeof error) != 0 || results_add(&r, &row) != 0) {
            fprintf(stderr, "gilbench summarize: %s: %s\n", path, error);
            csv_table_free(&t);
            results_free(&r);
            return EXIT_RUN_FAILED;
        }
    }
    csv_table_free(&t);
    if (results_write_summary(&r) != 0) {
        fprintf(stderr, "gilbench summarize: cannot write %s/summary.csv: %s\n", r.dir,
                strerror(errno));
        results_free(&r);
        return EXIT_RUN_FAILED;
    }
    n = results_summarize(&r, &sum);
    for (size_t j = 0; sum != NULL && j < n; j++) {
        if (sum[j].flags == 0)
            continue;
        printf("SUSPECT %s %s %u workers: %s\n", sum[j].kernel->name, sum[j].mode->name,
               sum[j].workers, sum[j].flag_text);
        flagged++;
    }
    printf("%zu configuration%s, %zu flagged; summary: %s/summary.csv\n", n, n == 1 ? "" : "s",
           flagged, r.dir);
    free(sum);
    results_free(&r);
    return 0;
}
