/* launch.c - see launch.h.
 *
 * Every launcher does the whole cycle a program pays for one unit of
 * parallelism: create it, let it run to the point where it could take
 * work, end it and collect it.  Timing only the creation would flatter
 * fork(): much of its cost is tearing down the copied page tables when
 * the child exits, and a child nobody waits for is a zombie.
 *
 * The children do nothing but async-signal-safe calls (write, read,
 * _exit): after fork() in a process that has ever had threads that is
 * all POSIX allows, and it keeps the measurement free of stdio and
 * allocator work.
 */
#include "commands/startup/launch.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel.h"
#include "lib/affinity.h"
#include "lib/child_io.h"
#include "lib/cli.h"
#include "pool/forkserver.h"
#include "pool/pool.h"
#include "registry.h"

enum { READY_BYTE = 'R' };

/* Waits for one child and requires a clean exit 0. */
static int reap(pid_t pid, const char *what, char *error, size_t error_len)
{
    char problem[128];
    int status;

    if (child_wait(pid, &status, NULL) != 0) {
        snprintf(error, error_len, "waitpid for %s (pid %ld): %s", what, (long)pid, strerror(errno));
        return -1;
    }
    if (child_status_problem(status, problem, sizeof problem) != 0) {
        snprintf(error, error_len, "%s (pid %ld) %s", what, (long)pid, problem);
        return -1;
    }
    return 0;
}

/* Blocks until the other end of `fd` is closed. */
static void wait_for_eof(int fd)
{
    char buf[64];
    ssize_t n;

    do
        n = read(fd, buf, sizeof buf);
    while (n > 0 || (n < 0 && errno == EINTR));
}

static void close_checked(int fd, const char *what)
{
    if (close(fd) != 0)
        fprintf(stderr, "gilbench startup: close of %s: %s\n", what, strerror(errno));
}

/* --- pthread_create + pthread_join ---------------------------------------- */

static void *thread_body(void *arg)
{
    return arg;
}

/* --pin in a forked child: before anything else, or exit saying so. */
static void pin_child(const struct launch_ctx *ctx)
{
    if (ctx->unit_cpu >= 0 && affinity_pin_self(ctx->unit_cpu) != 0)
        _exit(LAUNCH_EXIT_PIN_FAILED);
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
    pid_t pid;

    pid = fork();
    if (pid < 0) {
        snprintf(error, error_len, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        pin_child(ctx);
        _exit(0);
    }
    return reap(pid, "forked child", error, error_len);
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
    return reap(pid, "vforked child", error, error_len);
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
    return reap(pid, "spawned gilbench-nop", error, error_len);
}

/* --- fork + exec of the same helper ----------------------------------------
 * What a shell or subprocess without posix_spawn does: the page tables
 * are copied by fork, only to be thrown away by exec. */

static int launch_fork_exec(const struct launch_ctx *ctx, char *error, size_t error_len)
{
    char *argv[] = {(char *)ctx->nop_path, NULL};
    pid_t pid;

    pid = fork();
    if (pid < 0) {
        snprintf(error, error_len, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        pin_child(ctx);
        execve(ctx->nop_path, argv, environ);
        _exit(WORKER_EXIT_EXEC);
    }
    return reap(pid, "forked and exec'd gilbench-nop", error, error_len);
}

/* --- a gilbench worker, spawned, until it reports ready --------------------
 * What the `spawn` start method pays before the first task: exec of the
 * full (dynamically linked) program, its start-up, and one round trip to
 * say it is ready.  A socket pair is a pipe that works both ways: the
 * worker writes one byte on it, then waits for EOF, its signal to end. */

static int launch_spawn_worker(const struct launch_ctx *ctx, char *error, size_t error_len)
{
    char fdarg[16], ready, later_error[256];
    char *argv[] = {(char *)ctx->self_path, "startup-worker", fdarg, NULL};
    int sv[2], e, rc = 0;
    ssize_t n;
    pid_t pid;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(error, error_len, "socketpair: %s", strerror(errno));
        return -1;
    }
    /* The worker's end must survive exec; ours stays close-on-exec. */
    if (fcntl(sv[1], F_SETFD, 0) != 0) {
        snprintf(error, error_len, "fcntl: %s", strerror(errno));
        close_checked(sv[0], "socket");
        close_checked(sv[1], "socket");
        return -1;
    }
    snprintf(fdarg, sizeof fdarg, "%d", sv[1]);
    e = posix_spawn(&pid, ctx->self_path, NULL, NULL, argv, environ);
    close_checked(sv[1], "the worker's socket");
    if (e != 0) {
        snprintf(error, error_len, "posix_spawn of %s: %s", ctx->self_path, strerror(e));
        close_checked(sv[0], "socket");
        return -1;
    }
    n = read_full(sv[0], &ready, 1);
    if (n != 1 || ready != READY_BYTE) {
        snprintf(error, error_len, "the spawned worker (pid %ld) did not report ready%s%s",
                 (long)pid, n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
        rc = -1;
    }
    close_checked(sv[0], "socket"); /* EOF: the worker ends */
    /* Reaped whatever happened; the first error is the one reported. */
    if (reap(pid, "spawned gilbench worker", rc ? later_error : error,
             rc ? sizeof later_error : error_len) != 0)
        rc = -1;
    return rc;
}

int launch_worker_main(int argc, char **argv)
{
    const char ready = READY_BYTE;
    uint64_t fd;
    ssize_t n;

    if (argc != 2 || parse_u64(argv[1], 0, 1 << 20, &fd) != 0)
        usage_error("startup-worker", "expected one file descriptor number (internal command)");
    do
        n = write((int)fd, &ready, 1);
    while (n < 0 && errno == EINTR);
    if (n != 1) {
        fprintf(stderr, "gilbench startup-worker: cannot report ready on fd %d: %s\n", (int)fd,
                strerror(errno));
        return WORKER_EXIT_WRITE;
    }
    wait_for_eof((int)fd);
    return 0;
}

/* --- a pool of forked workers that each report ready -----------------------
 * multiprocessing.Pool's life without tasks: start N processes, wait until
 * every one is ready, tell them to stop (closing the pipe they wait on),
 * reap them all.  The unit is the whole pool. */

static void __attribute__((noreturn)) pool_child(int ready_w, int stop_r)
{
    const char ready = READY_BYTE;
    ssize_t n;

    do
        n = write(ready_w, &ready, 1);
    while (n < 0 && errno == EINTR);
    if (n != 1)
        _exit(WORKER_EXIT_WRITE);
    wait_for_eof(stop_r);
    _exit(0);
}

static int launch_pool(const struct launch_ctx *ctx, char *error, size_t error_len)
{
    pid_t pids[KERNEL_MAX_WORKERS];
    char ready[KERNEL_MAX_WORKERS];
    unsigned started = 0;
    int ready_p[2], stop_p[2], rc = 0;
    ssize_t n;

    if (pipe2(ready_p, O_CLOEXEC) != 0) {
        snprintf(error, error_len, "pipe: %s", strerror(errno));
        return -1;
    }
    if (pipe2(stop_p, O_CLOEXEC) != 0) {
        snprintf(error, error_len, "pipe: %s", strerror(errno));
        close_checked(ready_p[0], "pipe");
        close_checked(ready_p[1], "pipe");
        return -1;
    }
    for (unsigned w = 0; w < ctx->pool_workers && w < KERNEL_MAX_WORKERS; w++) {
        pid_t pid = fork();
        if (pid < 0) {
            snprintf(error, error_len, "fork of pool worker %u: %s", w, strerror(errno));
            rc = -1;
            break;
        }
        if (pid == 0) {
            /* Without closing its copy of the stop pipe's write end, a
             * worker would wait for an EOF that can never come. */
            if (close(stop_p[1]) != 0 || close(ready_p[0]) != 0)
                _exit(WORKER_EXIT_SETUP);
            pin_child(ctx);
            pool_child(ready_p[1], stop_p[0]);
        }
        pids[started++] = pid;
    }
    close_checked(ready_p[1], "pipe");
    close_checked(stop_p[0], "pipe");
    if (rc == 0) {
        n = read_full(ready_p[0], ready, started);
        if (n != (ssize_t)started) {
            snprintf(error, error_len, "only %zd of %u pool workers reported ready%s%s",
                     n < 0 ? (ssize_t)0 : n, started, n < 0 ? ": " : "",
                     n < 0 ? strerror(errno) : "");
            rc = -1;
        }
    }
    close_checked(stop_p[1], "pipe"); /* EOF: every worker ends */
    close_checked(ready_p[0], "pipe");
    /* Every worker is reaped whatever happened; the first error is the
     * one reported. */
    for (unsigned w = 0; w < started; w++) {
        char later_error[256];
        if (reap(pids[w], "pool worker", rc ? later_error : error,
                 rc ? sizeof later_error : error_len) != 0)
            rc = -1;
    }
    return rc;
}

/* --- a worker from the forkserver -------------------------------------------
 * multiprocessing's forkserver start method (harness/pool/forkserver.h):
 * the server was forked before the parent grew, so what it forks is small
 * whatever the parent holds now.  One start is a one-worker pool: ask the
 * server for a worker, run one task on it (it is ready), close, join. */

static void echo_task(const void *arg, void *result, const struct pool_task_ctx *ctx)
{
    (void)ctx;
    memcpy(result, arg, 1);
}

static int launch_forkserver(const struct launch_ctx *ctx, char *error, size_t error_len)
{
    const struct pool_config cfg = {
        .workers = 1, .start = POOL_START_FORKSERVER, .forkserver = ctx->forkserver,
        .func = {.fn = echo_task, .arg_size = 1, .result_size = 1}};
    const char ready = READY_BYTE;
    char got = 0;
    struct pool *p = pool_create(&cfg, error, error_len);
    int rc;

    if (p == NULL)
        return -1;
    rc = pool_map(p, &ready, 1, &got, 1);
    if (rc == 0) {
        pool_close(p);
        rc = pool_join(p);
    }
    if (rc != 0)
        snprintf(error, error_len, "%s", pool_error(p));
    else if (got != READY_BYTE)
        rc = -1, snprintf(error, error_len, "the forkserver's worker did not report ready");
    pool_free(p);
    return rc;
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
