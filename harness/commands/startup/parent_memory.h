/* parent_memory.h - memory a process holds and has touched, page by page:
 * what makes fork() expensive in a big parent. */
#ifndef GILBENCH_PARENT_MEMORY_H
#define GILBENCH_PARENT_MEMORY_H

#include <stddef.h>
#include <stdint.h>

struct parent_memory {
    char *base;    /* NULL when nothing is held */
    size_t bytes;
};

/* Maps `mib` MiB (0: nothing), writes every page, and keeps it mapped.
 * Returns 0, or -1 with `error` filled (call release either way). */
int parent_memory_hold(struct parent_memory *m, uint32_t mib, char *error, size_t error_len);
void parent_memory_release(struct parent_memory *m);

#endif
