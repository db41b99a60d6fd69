/* pool_job.h - a kernel's tasks as the job of a pool (harness/pool/pool.h):
 * what the `pool` mode and `gilbench pool` hand to pool_create().
 *
 * The argument of a pool task is a task number, its result the partial
 * (count, sum) of that task, so the checksum is the same as in every other
 * mode.  The initializer gives each worker the kernel's input: a fork
 * worker inherits the parent's (copy-on-write, like a forked Python worker
 * sees the parent's globals); spawn and forkserver workers build it again
 * from initargs, as their Python counterparts re-import the main module. */
#ifndef GILBENCH_POOL_JOB_H
#define GILBENCH_POOL_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "modes/modes.h"
#include "pool/pool.h"

/* The pool choices of `run` and `sweep` (--start, --queue, --retries,
 * --task-timeout, --maxtasksperchild), and the forkserver they share. */
struct pool_options {
    enum pool_start start;
    enum pool_queue queue;
    unsigned retries;
    double task_timeout_s;        /* 0: none */
    unsigned maxtasksperchild;    /* 0: none */
    struct forkserver server;     /* running between begin and end when start is forkserver */
};

enum { POOL_DEFAULT_RETRIES = 2 };

void pool_options_default(struct pool_options *po);
/* Starts the forkserver if the start method needs one: call it early,
 * before the kernel's input is built.  0, or -1 with `error` filled. */
int pool_options_begin(struct pool_options *po, char *error, size_t error_len);
void pool_options_end(struct pool_options *po);

struct kernel_initargs {
    char kernel[32];
    uint64_t items;
    uint32_t tasks;
    uint32_t use_inherited;       /* fork: the parent's state pointer is valid here */
    void *inherited_state;
    /* fork: the kernel itself, which may be one outside the registry
     * (the images and hash workloads'); others find it by name. */
    const struct kernel *inherited_kernel;
    /* --pin: worker slot w runs on pin_cpu[w]; npin 0: not pinned.  Values,
     * not the plan's pointer, so spawn and forkserver workers have them. */
    uint32_t npin;
    int16_t pin_cpu[POOL_MAX_WORKERS];
};

extern const struct pool_func kernel_task_func;

/* Fills a pool configuration that runs `plan`'s tasks on `workers` workers
 * with the options (plan->pool, or the defaults when NULL).  `argv_buf`
 * and `initargs` must outlive the pool.  0, or -1 with `error` filled. */
int kernel_pool_config(const struct run_plan *plan, const struct pool_options *po,
                       struct pool_config *cfg, struct kernel_initargs *initargs,
                       char *exe, size_t exe_len, char **argv_buf, char *error, size_t error_len);

/* `gilbench pool-worker`: the program the spawn start method starts. */
int pool_job_worker_main(int argc, char **argv);

#endif
