/* csv_table.h - a results CSV file read whole, its columns found by name.
 *
 * gilbench's own files only (runs.csv, summary.csv): a header line, then
 * rows of plain comma-separated fields with no quoting, which is what
 * results.c writes.  A row with a different number of fields than the
 * header, or a quote character, is refused rather than misread. */
#ifndef GILBENCH_CSV_TABLE_H
#define GILBENCH_CSV_TABLE_H

#include <stddef.h>

struct csv_table {
    char *text;          /* the file, cut into fields in place */
    char **cells;        /* nrows x ncols pointers into text; row 0 is the header */
    size_t nrows, ncols; /* nrows counts the header */
};

/* Reads `path`.  Returns 0, or -1 with a message in `error`. */
int csv_table_read(struct csv_table *t, const char *path, char *error, size_t error_len);
/* The index of column `name`, or -1. */
int csv_table_column(const struct csv_table *t, const char *name);
/* The field of data row `row` (0-based, header excluded) in column `col`. */
const char *csv_table_cell(const struct csv_table *t, size_t row, int col);
/* Data rows (the header excluded). */
size_t csv_table_rows(const struct csv_table *t);
void csv_table_free(struct csv_table *t);

#endif
