/* triad.c - memory-bound work: the STREAM triad a[j] = b[j] + s * c[j].
 *
 * b and c hold up to TRIAD_MAX_LEN doubles each (32 MiB apiece, larger than
 * any L3 cache here) and item i updates element i mod len, so a large item
 * count streams over the arrays several times.  Two loads and a store per
 * two flops: memory bandwidth, not the cores, sets the pace, and extra
 * workers help only as far as the memory system has bandwidth to spare.
 *
 * Each worker writes its own output array a (as STREAM gives each thread
 * its own part), so no two workers ever store to the same element.  The
 * output arrays are one MAP_SHARED mapping: forked children write into it
 * without copy-on-write, so fork pays no page-copy bill that threads do
 * not, and the parent's pages are not left write-protected for whatever
 * mode runs next.  Pages are only committed when first written.
 *
 * a[j] depends only on j, so the answer (the sum of every a[j] written) is
 * the same whatever order or worker does the writing.  b and c hold small
 * multiples of 1/2, so every sum below 2^52 is exact. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "kernel.h"

enum { TRIAD_MAX_LEN = 4 * 1024 * 1024, TRIAD_BLOCK = 4096 };
static const double triad_scalar = 3.0;

struct triad_arrays {
    uint64_t len;
    double *b, *c;
    double *outputs;  /* KERNEL_MAX_WORKERS arrays of len doubles */
    size_t outputs_bytes;
};

static void triad_teardown(void *state)
{
    struct triad_arrays *t = state;

    if (t->outputs != NULL && munmap(t->outputs, t->outputs_bytes) != 0)
        perror("gilbench: triad: munmap");
    free(t->b);
    free(t->c);
    free(t);
}

static int triad_setup(uint64_t items, void **state)
{
    struct triad_arrays *t = calloc(1, sizeof *t);
    void *map;

    if (t == NULL)
        return -1;
    t->len = items < TRIAD_MAX_LEN ? items : TRIAD_MAX_LEN;
    t->b = malloc(t->len * sizeof *t->b);
    t->c = malloc(t->len * sizeof *t->c);
    t->outputs_bytes = (size_t)KERNEL_MAX_WORKERS * t->len * sizeof(double);
    map = mmap(NULL, t->outputs_bytes, PROT_READ | PROT_WRITE,
               MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    t->outputs = map == MAP_FAILED ? NULL : map;
    if (t->b == NULL || t->c == NULL || t->outputs == NULL) {
        triad_teardown(t);
        errno = ENOMEM;
        return -1;
    }
    for (uint64_t j = 0; j < t->len; j++) {
        t->b[j] = (double)(j % 1024);
        t->c[j] = 0.5 * (double)(j % 512);
    }
    *state = t;
    return 0;
}

static void triad_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                      struct partial *out)
{
    struct triad_arrays *t = state;
    double *restrict a = t->outputs + (size_t)ctx->worker * t->len;
    const double *restrict b = t->b;
    const double *restrict c = t->c;
    double total = 0.0;
    uint64_t i = begin;

    while (i < end) {
        uint64_t j = i % t->len;
        uint64_t n = end - i;

        /* One block, never past the end of the arrays. */
        if (n > TRIAD_BLOCK)
            n = TRIAD_BLOCK;
        if (n > t->len - j)
            n = t->len - j;
        for (uint64_t k = j; k < j + n; k++)
            a[k] = b[k] + triad_scalar * c[k];
        for (uint64_t k = j; k < j + n; k++)
            total += a[k];
        i += n;
        checkpoint(ctx);
    }
    out->sum = total;
}

const struct kernel kernel_triad = {
    .name = "triad",
    .summary = "memory-bound STREAM triad a = b + s*c over 32 MiB arrays",
    .kind = KERNEL_MEMORY,
    .answer = ANSWER_SUM,
    .default_items = 400000000,
    .quick_items = 40000000,
    .max_items = 1ULL << 40,
    .known_items = 1048576,
    /* 1024 whole periods of sum(j%1024) + 3 * 0.5 * 2 * sum(j%512) */
    .known_answer = 1024.0 * (523776.0 + 3.0 * 0.5 * 2.0 * 130816.0),
    .known_tolerance = 0,
    .setup = triad_setup,
    .teardown = triad_teardown,
    .run = triad_run,
};
