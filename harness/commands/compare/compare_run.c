/* compare_run.c - see compare_run.h. */
#include "commands/compare/compare_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* `key: value` lines of meta; a missing meta or key leaves "?". */
static void read_meta(struct compare_run *r)
{
    char path[4200], line[1024];
    FILE *fp;

    snprintf(r->host, sizeof r->host, "?");
    snprintf(r->cpu_model, sizeof r->cpu_model, "?");
    snprintf(r->measured_cores, sizeof r->measured_cores, "?");
    snprintf(r->date, sizeof r->date, "?");
    snprintf(path, sizeof path, "%s/meta", r->dir);
    if ((fp = fopen(path, "r")) == NULL)
        return;
    while (fgets(line, sizeof line, fp) != NULL) {
        char *value = strstr(line, ": ");
        if (value == NULL)
            continue;
        *value = '\0';
        value += 2;
        value[strcspn(value, "\n")] = '\0';
        /* Commas would break compare_runs.csv: the CPU model is free text. */
        for (char *p = value; *p; p++)
            if (*p == ',')
                *p = ';';
        if (strcmp(line, "host") == 0)
            snprintf(r->host, sizeof r->host, "%s", value);
        else if (strcmp(line, "cpu_model") == 0)
            snprintf(r->cpu_model, sizeof r->cpu_model, "%s", value);
        else if (strcmp(line, "measured_cores") == 0)
            snprintf(r->measured_cores, sizeof r->measured_cores, "%s", value);
        else if (strcmp(line, "date") == 0)
            snprintf(r->date, sizeof r->date, "%s", value);
    }
    fclose(fp);
}

int compare_run_load(struct compare_run *r, const char *dir, char label, char *error,
                     size_t error_len)
{
    static const char *const needed[] = {"kernel", "mode", "workers", "items", "wall_s"};
    char path[4200];
    int *cols[] = {&r->c_kernel, &r->c_mode, &r->c_workers, &r->c_items, &r->c_wall};

    memset(r, 0, sizeof *r);
    r->dir = dir;
    r->label = label;
    read_meta(r);
    snprintf(path, sizeof path, "%s/runs.csv", dir);
    if (csv_table_read(&r->runs, path, error, error_len) != 0)
        return -1;
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        if ((*cols[i] = csv_table_column(&r->runs, needed[i])) < 0) {
            snprintf(error, error_len, "'%s' has no column '%s'", path, needed[i]);
            compare_run_free(r);
            return -1;
        }
    }
    r->c_switch = csv_table_column(&r->runs, "switch_interval_s");
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    char ignored[256];
    if (csv_table_read(&r->summary, path, ignored, sizeof ignored) != 0)
        memset(&r->summary, 0, sizeof r->summary);
    return 0;
}

void compare_run_key(const struct compare_run *r, size_t i, char *key, size_t len)
{
    const char *mode = csv_table_cell(&r->runs, i, r->c_mode);
    /* Parsed, so 0.005 and 0.005000 are the same interval. */
    double si = r->c_switch >= 0 ? strtod(csv_table_cell(&r->runs, i, r->c_switch), NULL) : 0.0;

    if (strcmp(mode, "gil") == 0)
        snprintf(key, len, "%s,%s,%s,%s,%g", csv_table_cell(&r->runs, i, r->c_kernel), mode,
                 csv_table_cell(&r->runs, i, r->c_workers), csv_table_cell(&r->runs, i, r->c_items),
                 si);
    else
        snprintf(key, len, "%s,%s,%s,%s,", csv_table_cell(&r->runs, i, r->c_kernel), mode,
                 csv_table_cell(&r->runs, i, r->c_workers), csv_table_cell(&r->runs, i, r->c_items));
}

void compare_run_free(struct compare_run *r)
{
    csv_table_free(&r->runs);
    csv_table_free(&r->summary);
}
