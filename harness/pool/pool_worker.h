/* pool_worker.h - the worker's side of a pool (pool.h).
 *
 * A worker gets three file descriptors: `in` (its boot record, then, with
 * the pipe queue, its tasks), `out` (results with the pipe queue; with the
 * shm queue an eventfd that wakes the parent) and `shm` (the shared
 * mapping, or -1).  fork and forkserver workers call pool_worker_serve()
 * directly; a spawned program calls pool_worker_main() from its main,
 * which finds them at fds 3, 4 and 5, the way a spawned Python worker
 * finds its pipe handles on its command line and unpickles the rest. */
#ifndef GILBENCH_POOL_WORKER_H
#define GILBENCH_POOL_WORKER_H

#include "pool/pool.h"

enum { POOL_WORKER_IN_FD = 3, POOL_WORKER_OUT_FD = 4, POOL_WORKER_SHM_FD = 5 };

/* Exit statuses of a worker (besides 0, a clean end or retirement). */
enum { POOL_WORKER_EXIT_INIT = 3, POOL_WORKER_EXIT_PROTOCOL = 4, POOL_WORKER_EXIT_IO = 5 };

/* Runs tasks until the pool closes or maxtasksperchild is reached.
 * Returns the worker's exit status. */
int pool_worker_serve(const struct pool_func *func, int in_fd, int out_fd, int shm_fd);

/* For a program started by the spawn start method: serves on fds 3-5.
 * `func` must be the pool's own (sizes are checked against the boot record). */
int pool_worker_main(const struct pool_func *func);

#endif
