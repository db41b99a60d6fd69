/* shared_mem.h - memory that worker processes write and the parent reads.
 *
 * Modes return one `struct partial` per task; commands whose tasks also
 * produce per-file records (a digest, an error message) put those in an
 * anonymous MAP_SHARED mapping made before any worker starts.  Forked
 * workers inherit it, threads share it anyway, and nothing outlives the
 * process: an anonymous mapping has no name in /dev/shm to leak. */
#ifndef GILBENCH_SHARED_MEM_H
#define GILBENCH_SHARED_MEM_H

#include <stddef.h>

/* Zero-filled shared memory of `size` bytes, or NULL with errno set. */
void *shared_alloc(size_t size);
void shared_free(void *p, size_t size);

#endif
