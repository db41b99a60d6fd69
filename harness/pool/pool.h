/* pool.h - a process pool with the operations of Python's
 * multiprocessing.Pool, in C.
 *
 *   Python                                   C
 *   Pool(n, initializer, initargs,           pool_create(&config)
 *        maxtasksperchild)
 *   pool.map(f, args, chunksize)             pool_map()      results in argument order
 *   pool.starmap(f, [(a, b), ...])           pool_starmap()  one struct per call
 *   pool.imap(f, args, chunksize)            pool_imap()     + pool_iter_next(): in order, streamed
 *   pool.imap_unordered(f, args)             pool_imap_unordered(): as they complete
 *   pool.apply_async(f, arg, callback)       pool_apply_async() -> handle; pool_async_get()
 *   pool.close(); pool.join()                pool_close(); pool_join()
 *   pool.terminate()                         pool_terminate()
 *   with Pool(...) as p: ...                 pool_create() ... pool_free() (terminates, like __exit__)
 *
 * A function in C cannot be pickled, so a pool runs one `struct pool_func`
 * (fn with fixed-size argument and result, plus an optional initializer),
 * fixed at creation.  Arguments and results are copied bytes: no pointer
 * into the parent's memory is valid in a spawn or forkserver worker.
 *
 * Start methods (multiprocessing's get_context("fork"|"spawn"|"forkserver")):
 *   fork        fork() of the parent at pool creation: workers inherit its memory;
 *   spawn       posix_spawn() of config.spawn_argv, a program whose main calls
 *               pool_worker_main() with the same pool_func (pool_worker.h);
 *   forkserver  a server forked early, before the parent grew (forkserver.h),
 *               forks each worker on request.
 * Queues: pipe (a pipe per worker, the parent deals chunks ahead, like
 * Pool's task handler) or shm (a shared mapping: workers take the next
 * task with one atomic operation and sleep on a futex when idle).
 *
 * Faults: a worker killed by a signal, or running one task longer than
 * task_timeout_s, is replaced at once and the task it was running retried,
 * up to `retries` times; then the operation fails naming the task.
 * multiprocessing.Pool hangs forever in the same situation (bpo-22393) and
 * concurrent.futures.ProcessPoolExecutor fails every pending future with
 * BrokenProcessPool: see harness/pool/README.md.
 *
 * Not thread-safe: one thread drives a pool.  Callbacks run in that thread,
 * inside whichever pool call is waiting (CPython runs them in its
 * result-handler thread).
 */
#ifndef GILBENCH_POOL_H
#define GILBENCH_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "pool/forkserver.h"

enum pool_start { POOL_START_FORK, POOL_START_SPAWN, POOL_START_FORKSERVER };
enum pool_queue { POOL_QUEUE_PIPE, POOL_QUEUE_SHM };

enum {
    POOL_MAX_WORKERS = 256,
    POOL_MAX_ARG = 4096,       /* bytes of one argument or result */
    POOL_MAX_INITARGS = 2048,  /* bytes of initargs */
};

/* What a task sees besides its argument. */
struct pool_task_ctx {
    void *state;        /* what the initializer made, or NULL */
    unsigned worker;    /* slot of the worker, 0-based (a replacement keeps the slot) */
    unsigned attempt;   /* 0 the first time this task runs, 1 on its first retry, ... */
};

struct pool_func {
    void (*fn)(const void *arg, void *result, const struct pool_task_ctx *ctx);
    size_t arg_size, result_size;    /* 1 to POOL_MAX_ARG */
    /* Pool(initializer=, initargs=): runs once in each worker before its
     * first task; nonzero fails the worker (exit status 3).  May be NULL. */
    int (*initializer)(const void *initargs, size_t len, void **state);
    void (*finalizer)(void *state);  /* may be NULL */
};

struct pool_config {
    unsigned workers;                /* 1 to POOL_MAX_WORKERS */
    enum pool_start start;
    enum pool_queue queue;
    struct pool_func func;
    const void *initargs;            /* copied to every worker; may be NULL */
    size_t initargs_len;
    unsigned maxtasksperchild;       /* 0: a worker lives as long as the pool */
    unsigned retries;                /* tries of a task after the first that killed its worker */
    double task_timeout_s;           /* 0: none; else a longer task is a hung worker */
    const struct forkserver *forkserver;  /* POOL_START_FORKSERVER: a started server */
    char *const *spawn_argv;         /* POOL_START_SPAWN: the worker program and arguments */
    int (*should_stop)(void);        /* polled while waiting; nonzero (a signal number): give up. May be NULL */
    double deadline;                 /* CLOCK_MONOTONIC seconds; 0: none.  Past it, waiting fails */
    uint32_t shm_capacity;           /* shm: tasks in flight at most; 0: 65536 */
};

/* Counters over the pool's life, and its workers' resource use. */
struct pool_stats {
    uint64_t tasks_done;
    uint64_t workers_started;
    uint64_t replacements;    /* workers that died or hung and were replaced */
    uint64_t retirements;     /* workers that reached maxtasksperchild */
    uint64_t retries;         /* task runs repeated after a fault */
    double user_s, sys_s;     /* of reaped workers */
    long vol_ctx_switches, invol_ctx_switches, max_rss_kb;
};

struct pool;
struct pool_iter;
struct pool_async;

typedef void (*pool_callback)(size_t index, const void *result, void *data);

/* Starts the workers.  Returns the pool, or NULL with `error` filled. */
struct pool *pool_create(const struct pool_config *config, char *error, size_t error_len);

/* The operations return 0, or -1 with the reason in pool_error(): a
 * poison task, a failed worker, should_stop().  After -1 the pool only
 * takes pool_terminate() and pool_free(). */
int pool_map(struct pool *p, const void *args, size_t n, void *results, size_t chunksize);
int pool_starmap(struct pool *p, const void *arg_structs, size_t n, void *results, size_t chunksize);

/* Streams results: pool_iter_next() gives the next one (in argument order
 * for imap, in completion order for imap_unordered) with its index.
 * Returns 1, 0 when all were given, -1 on failure.  `args` must outlive
 * the iterator. */
struct pool_iter *pool_imap(struct pool *p, const void *args, size_t n, size_t chunksize);
struct pool_iter *pool_imap_unordered(struct pool *p, const void *args, size_t n, size_t chunksize);
int pool_iter_next(struct pool_iter *it, void *result, size_t *index);
void pool_iter_free(struct pool_iter *it);

/* One call; `callback` (may be NULL) runs once, when its result arrives. */
struct pool_async *pool_apply_async(struct pool *p, const void *arg, pool_callback callback,
                                    void *data);
/* Waits for it (AsyncResult.get()): 0 with the result copied, or -1. */
int pool_async_get(struct pool_async *a, void *result);
int pool_async_ready(const struct pool_async *a);
void pool_async_free(struct pool_async *a);

/* close(): no more tasks; join(): wait for the submitted ones and for every
 * worker to exit (returns -1 on a fault, as the operations); terminate():
 * SIGKILL every worker now and reap them. */
void pool_close(struct pool *p);
int pool_join(struct pool *p);
void pool_terminate(struct pool *p);
/* Terminates if needed, reaps everything, frees. */
void pool_free(struct pool *p);

const char *pool_error(const struct pool *p);
void pool_get_stats(const struct pool *p, struct pool_stats *stats);
/* The pids of the live workers, for tests: returns how many were written. */
unsigned pool_worker_pids(const struct pool *p, int *pids, unsigned max);

const char *pool_start_name(enum pool_start s);
const char *pool_queue_name(enum pool_queue q);
/* Parse "fork"/"spawn"/"forkserver" and "pipe"/"shm": 0 or -1. */
int pool_start_parse(const char *s, enum pool_start *out);
int pool_queue_parse(const char *s, enum pool_queue *out);

#endif
