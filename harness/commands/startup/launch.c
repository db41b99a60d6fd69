/* launch.c - see launch.h: the launcher table, and the launchers of one
 * thread or one process (the workers' and pools' are in launch_workers.c).
 *
 * Every launcher does the whole cycle a program pays for one unit of
 * parallelism: create it, let it run to the point where it could take
 * work, end it and collect it.  Timing only the creation would flatter
 * fork(): much of its cost is tearing down the copied page tables when
 * the child exits, and a child nobody waits for is a zombie.
 */
#include "commands/startup/launch.h"

#include <errno.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "commands/startup/launch_steps.h"
#include "commands/startup/launch_workers.h"
#include "lib/processes/child_io.h"

/* --- pthread_create + pthread_join ---------------------------------------- */

static void *thread_body(void *arg)
{
    return arg;
}

static int launch_thread(const struct launch_ctx *ctx, char *error, size_t error_len)
{
    pthread_attr_t attr, *pattr = NULL;
    pthread_t t;
    int e;

    /* --pin: the thread is created on its CPU (the attribute is applied
     * before it runs a single instruction of thread_body). */
    if (ctx->unit_cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(ctx->unit_cpu, &set);
        if ((e = pthread_attr_init(&attr)) != 0 ||
            (e = pthread_attr_setaffinity_np(&attr, sizeof set, &set)) != 0) {
            snprintf(error, error_len, "pthread attributes for --pin: %s", strerror(e));
            return -1;
        }
        pattr = &attr;
    }
    e = pthread_create(&t, pattr, thread_body, NULL);
    if (pattr != NULL)
        pthread_attr_destroy(pattr);
    if (e != 0) {
        snprintf(error, error_len, "pthread_create: %s", strerror(e));
        return -1;
    }
    e = pthread_join(t, NULL);
    if (e != 0) {
        snprintf(error, error_len, "pthread_join: %s", strerror(e));
        return -1;
    }
    return 0;
}

/* --- fork + _exit + waitpid ------------------------------------------------ */

static int launch_fork(const struct launch_ctx *ctx, char *error, size_t error_len)
{
    pid_t pid = launch_fork_pinned(ctx, error, error_len);

    if (pid < 0)
        return -1;
    if (pid == 0)
        _exit(0);
    return launch_reap(pid, "forked child", error, error_len);
}

/* --- vfork + _exit ----------------------------------------------------------
 * The child borrows the parent's address space (no page tables copied)
 * and the parent sleeps until it exits or execs: flat in parent memory. */

static int launch_vfork(const struct launch_ctx *ctx, char *error, size_t error_len)
{
    pid_t pid;

    (void)ctx;
    pid = vfork();
    if (pid < 0) {
        snprintf(error, error_len, "vfork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0)
        _exit(0);
    return launch_reap(pid, "vforked child", error, error_len);
}

/* --- posix_spawn of the static helper ------------------------------------
 * glibc implements posix_spawn with clone(CLONE_VM | CLONE_VFORK): like
 * vfork, no copy of the parent's memory map, then exec. */

static int launch_posix_spawn(const struct launch_ctx *ctx, char *error, size_t error_len)
{
    char *argv[] = {(char *)ctx->nop_path, NULL};
    pid_t pid;
    int e;

    e = posix_spawn(&pid, ctx->nop_path, NULL, NULL, argv, environ);
    if (e != 0) {
        snprintf(error, error_len, "posix_spawn of %s: %s", ctx->nop_path, strerror(e));
        return -1;
    }
    return launch_reap(pid, "spawned gilbench-nop", error, error_len);
}

/* --- fork + exec of the same helper ----------------------------------------
 * What a shell or subprocess without posix_spawn does: the page tables
 * are copied by fork, only to be thrown away by exec. */

static int launch_fork_exec(const struct launch_ctx *ctx, char *error, size_t error_len)
{
    char *argv[] = {(char *)ctx->nop_path, NULL};
    pid_t pid = launch_fork_pinned(ctx, error, error_len);

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execve(ctx->nop_path, argv, environ);
        _exit(WORKER_EXIT_EXEC);
    }
    return launch_reap(pid, "forked and exec'd gilbench-nop", error, error_len);
}

const struct launcher launcher_table[] = {
    {"thread", "pthread_create + pthread_join", 0, 0, launch_thread},
    {"fork", "fork + _exit + waitpid", 0, 0, launch_fork},
    {"vfork", "vfork + _exit + waitpid", 0, 0, launch_vfork},
    {"posix_spawn", "posix_spawn of the static gilbench-nop + waitpid", 1, 0, launch_posix_spawn},
    {"fork_exec", "fork + exec of the static gilbench-nop + waitpid", 1, 0, launch_fork_exec},
    {"spawn_worker", "posix_spawn of a gilbench worker, until it reports ready, + waitpid", 0, 0,
     launch_spawn_worker},
    {"pool", "a pool of forked workers: start, all ready, stop, reap", 0, 1, launch_pool},
    {"forkserver", "a pool worker from the forkserver (forked early), one task, reaped", 0, 0,
     launch_forkserver},
};
const size_t launcher_count = sizeof launcher_table / sizeof launcher_table[0];

const struct launcher *launcher_find(const char *name)
{
    for (size_t i = 0; i < launcher_count; i++)
        if (strcmp(launcher_table[i].name, name) == 0)
            return &launcher_table[i];
    return NULL;
}

/* --- helpers for the caller ------------------------------------------------ */

int launch_needs_forkserver(const struct launcher *l)
{
    return l->once == launch_forkserver;
}
