/* record.c - building, comparing and freeing a record; the byte buffer. */
#include "commands/ipc/codecs/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void record_init(struct record *r)
{
    memset(r, 0, sizeof *r);
}

int record_build(struct record *r, size_t elements)
{
    char tag[48];

    record_init(r);
    r->id = 1000003u * (uint64_t)elements + 7;
    r->score = (double)elements / 3.0;   /* not a short decimal: text must round-trip it */
    r->name = strdup("worker \"7\" result\\partial");   /* quotes and backslashes to escape */
    r->tags = calloc(elements ? elements : 1, sizeof *r->tags);
    r->rows = calloc(elements ? elements : 1, sizeof *r->rows);
    if (r->name == NULL || r->tags == NULL || r->rows == NULL) {
        record_free(r);
        return -1;
    }
    for (size_t i = 0; i < elements; i++) {
        snprintf(tag, sizeof tag, "tag-%zu", i * 7919 % 100000);
        if ((r->tags[i] = strdup(tag)) == NULL) {
            record_free(r);
            return -1;
        }
        r->ntags = i + 1;
        for (int j = 0; j < RECORD_ROW_LEN; j++) /* small, large and negative integers */
            r->rows[i][j] = (int64_t)((i + 1) * 2654435761u) * (j % 2 ? -1 : 1) >> (j * 12);
    }
    r->nrows = elements;
    return 0;
}

int record_equal(const struct record *a, const struct record *b)
{
    if (a->id != b->id || a->score != b->score || a->ntags != b->ntags || a->nrows != b->nrows ||
        strcmp(a->name, b->name) != 0)
        return 0;
    for (size_t i = 0; i < a->ntags; i++)
        if (strcmp(a->tags[i], b->tags[i]) != 0)
            return 0;
    return a->nrows == 0 || memcmp(a->rows, b->rows, a->nrows * sizeof *a->rows) == 0;
}

void record_free(struct record *r)
{
    for (size_t i = 0; i < r->ntags; i++)
        free(r->tags[i]);
    free(r->tags);
    free(r->rows);
    free(r->name);
    record_init(r);
}

int bytes_put(struct bytes *b, const void *data, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (p == NULL)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return 0;
}

void bytes_free(struct bytes *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}
