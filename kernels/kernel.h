/* kernel.h - what a kernel is.
 *
 * A kernel is pure work over the item range [begin, end): it returns a
 * partial result and knows nothing of threads or processes.  Modes split
 * the items into tasks and add the partials up in task order, so the
 * checksum is bit-identical in every mode at every worker count.
 *
 * Adding a kernel: one file in kernels/ defining a `const struct kernel`,
 * plus one line in kernels/registry.c.
 */
#ifndef GILBENCH_KERNEL_H
#define GILBENCH_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "hooks.h"

/* Workers are numbered 0 .. KERNEL_MAX_WORKERS-1; the CLI refuses more. */
enum { KERNEL_MAX_WORKERS = 256 };

/* Every kernel reports both fields; `count` wraps modulo 2^64 (defined for
 * unsigned), `sum` is added in task order so it is reproducible too. */
struct partial {
    uint64_t count;
    double sum;
};

enum kernel_kind { KERNEL_CPU, KERNEL_IO, KERNEL_MEMORY };

/* Which field is the kernel's answer, i.e. what `checksum` prints. */
enum kernel_answer { ANSWER_COUNT, ANSWER_SUM };

struct kernel {
    const char *name;
    const char *summary;
    enum kernel_kind kind;
    enum kernel_answer answer;
    uint64_t default_items;  /* seq takes roughly 0.3-1 s on one core here */
    uint64_t quick_items;    /* for QUICK runs: tens of milliseconds */
    uint64_t max_items;      /* larger values are refused by the CLI */
    /* A size whose answer is known independently of this code, and how
     * close the kernel's answer must come (0: exactly). */
    uint64_t known_items;
    double known_answer;
    double known_tolerance;
    /* Optional: build read-only input shared by all workers (before any
     * fork, so children inherit it).  Returns 0, or -1 with errno set. */
    int (*setup)(uint64_t items, void **state);
    void (*teardown)(void *state);
    void (*run)(void *state, uint64_t begin, uint64_t end,
                struct worker_ctx *ctx, struct partial *out);
};

#endif
