/* shared_mem.c - see shared_mem.h. */
#include "lib/processes/shared_mem.h"

#include <stdio.h>
#include <sys/mman.h>

void *shared_alloc(size_t size)
{
    void *p = mmap(NULL, size ? size : 1, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    return p == MAP_FAILED ? NULL : p;
}

void shared_free(void *p, size_t size)
{
    if (p != NULL && munmap(p, size ? size : 1) != 0)
        perror("gilbench: munmap");
}
