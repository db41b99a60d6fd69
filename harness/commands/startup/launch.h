/* launch.h - the ways a program can start a unit of parallel work.
 *
 * Each launcher starts one thread, process or pool, waits until it has
 * done its (empty) job, and joins or reaps it: one complete start-up and
 * tear-down, the unit `gilbench startup` times.  A launcher leaves no
 * thread and no child behind, whether it succeeds or fails. */
#ifndef GILBENCH_LAUNCH_H
#define GILBENCH_LAUNCH_H

#include <stddef.h>

struct forkserver;

struct launch_ctx {
    const char *nop_path;    /* the static do-nothing helper, gilbench-nop */
    const struct forkserver *forkserver;  /* started before the parent grew, or NULL */
    const char *self_path;   /* this executable, started as a worker */
    unsigned pool_workers;   /* processes in one pool */
    /* --pin: the CPU every started thread or forked process is pinned to
     * before it reports (the harness itself sits on another); -1: none.
     * vfork, posix_spawn and spawn_worker children inherit the harness's. */
    int unit_cpu;
};

/* Exit status of a forked unit that could not be pinned to unit_cpu. */
enum { LAUNCH_EXIT_PIN_FAILED = 6 };

struct launcher {
    const char *name;
    const char *summary;
    int needs_nop;           /* starts gilbench-nop */
    int is_pool;             /* starts ctx->pool_workers processes, not one */
    /* One start, wait and reap.  Returns 0, or -1 with `error` filled. */
    int (*once)(const struct launch_ctx *ctx, char *error, size_t error_len);
};

extern const struct launcher launcher_table[];
extern const size_t launcher_count;
const struct launcher *launcher_find(const char *name);

/* Whether a launcher needs ctx->forkserver. */
int launch_needs_forkserver(const struct launcher *l);

#endif
