/* parent_memory.c - see parent_memory.h.
 *
 * The memory is mapped directly rather than malloc'd so that huge pages
 * can be refused for it (MADV_NOHUGEPAGE).  An interpreter's heap is made
 * of small allocations in 4 KiB pages, and fork() copies one page-table
 * entry per resident page; with 2 MiB pages it would copy 512 times fewer
 * and the growth `gilbench startup` exists to show would shrink to noise.
 * Every page is written, not just mapped: untouched pages have no entry
 * to copy. */
#include "commands/startup/parent_memory.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int parent_memory_hold(struct parent_memory *m, uint32_t mib, char *error, size_t error_len)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t step = page > 0 ? (size_t)page : 4096;

    m->bytes = (size_t)mib << 20;
    m->base = NULL;
    if (mib == 0)
        return 0;
    m->base = mmap(NULL, m->bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m->base == MAP_FAILED) {
        m->base = NULL;
        snprintf(error, error_len, "cannot map %u MiB for the parent: %s", mib, strerror(errno));
        return -1;
    }
    /* EINVAL: a kernel without transparent huge pages, 4 KiB pages anyway. */
    if (madvise(m->base, m->bytes, MADV_NOHUGEPAGE) != 0 && errno != EINVAL) {
        snprintf(error, error_len, "madvise on %u MiB: %s", mib, strerror(errno));
        return -1;
    }
    for (size_t off = 0; off < m->bytes; off += step)
        m->base[off] = (char)(off / step | 1);
    return 0;
}

void parent_memory_release(struct parent_memory *m)
{
    if (m->base != NULL && munmap(m->base, m->bytes) != 0)
        perror("gilbench: munmap of the parent's memory");
    m->base = NULL;
    m->bytes = 0;
}
