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
};

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

/* After a launcher has run: 0 when waitpid(-1, WNOHANG) finds no child at
 * all (ECHILD), else -1 with a zombie or a live child named in `error`.
 * The forkserver of `ctx`, which lives for the whole command, is not
 * counted; its own children (the workers) are checked by it being idle:
 * a zombie or a live worker beside it is still an error. */
int launch_check_all_reaped(const struct launch_ctx *ctx, const char *after, char *error,
                            size_t error_len);

/* Whether a launcher needs ctx->forkserver. */
int launch_needs_forkserver(const struct launcher *l);

/* This executable's path (/proc/self/exe) and the helper's: $GILBENCH_NOP,
 * or gilbench-nop in the same directory.  Returns 0, or -1 with errno. */
int launch_locate_programs(char *self, char *nop, size_t len);

/* The hidden subcommand `gilbench startup-worker FD` that the
 * spawn_worker launcher starts: reports ready on FD, then waits for EOF
 * there, as a `spawn` worker waits for its first task.  Returns the exit
 * status. */
int launch_worker_main(int argc, char **argv);

#endif
