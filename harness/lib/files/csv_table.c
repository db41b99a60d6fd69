/* csv_table.c - see csv_table.h. */
#include "lib/files/csv_table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_whole(const char *path, char *error, size_t error_len)
{
    FILE *fp = fopen(path, "r");
    char *text = NULL;
    size_t len = 0, cap = 0;

    if (fp == NULL) {
        snprintf(error, error_len, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    for (;;) {
        if (len + 4096 + 1 > cap) {
            size_t ncap = cap ? 2 * cap : 65536;
            char *n = realloc(text, ncap);
            if (n == NULL) {
                snprintf(error, error_len, "out of memory reading '%s'", path);
                free(text);
                fclose(fp);
                return NULL;
            }
            text = n;
            cap = ncap;
        }
        size_t got = fread(text + len, 1, 4096, fp);
        len += got;
        if (got < 4096)
            break;
    }
    if (ferror(fp)) {
        snprintf(error, error_len, "cannot read '%s': %s", path, strerror(errno));
        free(text);
        fclose(fp);
        return NULL;
    }
    fclose(fp);
    text[len] = '\0';
    return text;
}

/* Splits one line in place; returns the field count. */
static size_t split_line(char *line, char **fields, size_t max)
{
    size_t n = 0;

    for (char *p = line;; p++) {
        if (n < max)
            fields[n] = p;
        n++;
        p = strchr(p, ',');
        if (p == NULL)
            break;
        *p = '\0';
    }
    return n;
}

int csv_table_read(struct csv_table *t, const char *path, char *error, size_t error_len)
{
    size_t lines = 0, line_no = 0;

    memset(t, 0, sizeof *t);
    if ((t->text = read_whole(path, error, error_len)) == NULL)
        return -1;
    if (strchr(t->text, '"') != NULL) {
        snprintf(error, error_len, "'%s': quoted fields are not gilbench's format", path);
        goto fail;
    }
    for (char *p = t->text; *p; p++)
        lines += *p == '\n';
    lines++;
    char *line = t->text;
    while (line != NULL && *line != '\0') {
        char *next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        line_no++;
        if (*line == '\0') {  /* blank lines carry nothing */
            line = next;
            continue;
        }
        if (t->ncols == 0) {
            t->ncols = 1;
            for (const char *p = line; *p; p++)
                t->ncols += *p == ',';
            t->cells = calloc(lines * t->ncols, sizeof *t->cells);
            if (t->cells == NULL) {
                snprintf(error, error_len, "out of memory reading '%s'", path);
                goto fail;
            }
        }
        if (split_line(line, t->cells + t->nrows * t->ncols, t->ncols) != t->ncols) {
            snprintf(error, error_len, "'%s' line %zu: expected %zu fields like the header", path,
                     line_no, t->ncols);
            goto fail;
        }
        t->nrows++;
        line = next;
    }
    if (t->nrows == 0) {
        snprintf(error, error_len, "'%s' is empty", path);
        goto fail;
    }
    return 0;
fail:
    csv_table_free(t);
    return -1;
}

int csv_table_column(const struct csv_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->cells[c], name) == 0)
            return (int)c;
    return -1;
}

const char *csv_table_cell(const struct csv_table *t, size_t row, int col)
{
    return t->cells[(row + 1) * t->ncols + (size_t)col];
}

size_t csv_table_rows(const struct csv_table *t)
{
    return t->nrows ? t->nrows - 1 : 0;
}

void csv_table_free(struct csv_table *t)
{
    free(t->cells);
    free(t->text);
    memset(t, 0, sizeof *t);
}
