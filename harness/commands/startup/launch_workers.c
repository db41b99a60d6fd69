/* launch_workers.c - see launch_workers.h. */
#include "commands/startup/launch_workers.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands/startup/launch_steps.h"
#include "kernel.h"
#include "lib/cli.h"
#include "lib/processes/child_io.h"
#include "pool/forkserver.h"
#include "pool/pool.h"

/* --- a gilbench worker, spawned, until it reports ready --------------------
 * What the `spawn` start method pays before the first task: exec of the
 * full (dynamically linked) program, its start-up, and one round trip to
 * say it is ready.  A socket pair is a pipe that works both ways: the
 * worker writes one byte on it, then waits for EOF, its signal to end. */

int launch_spawn_worker(const struct launch_ctx *ctx, char *error, size_t error_len)
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
        launch_close_checked(sv[0], "socket");
        launch_close_checked(sv[1], "socket");
        return -1;
    }
    snprintf(fdarg, sizeof fdarg, "%d", sv[1]);
    e = posix_spawn(&pid, ctx->self_path, NULL, NULL, argv, environ);
    launch_close_checked(sv[1], "the worker's socket");
    if (e != 0) {
        snprintf(error, error_len, "posix_spawn of %s: %s", ctx->self_path, strerror(e));
        launch_close_checked(sv[0], "socket");
        return -1;
    }
    n = read_full(sv[0], &ready, 1);
    if (n != 1 || ready != READY_BYTE) {
        snprintf(error, error_len, "the spawned worker (pid %ld) did not report ready%s%s",
                 (long)pid, n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
        rc = -1;
    }
    launch_close_checked(sv[0], "socket"); /* EOF: the worker ends */
    /* Reaped whatever happened; the first error is the one reported. */
    if (launch_reap(pid, "spawned gilbench worker", rc ? later_error : error,
             rc ? sizeof later_error : error_len) != 0)
        rc = -1;
    return rc;
}

int launch_worker_main(int argc, char **argv)
{
    uint64_t fd;

    if (argc != 2 || parse_u64(argv[1], 0, 1 << 20, &fd) != 0)
        usage_error("startup-worker", "expected one file descriptor number (internal command)");
    if (launch_report_ready((int)fd) != 0) {
        fprintf(stderr, "gilbench startup-worker: cannot report ready on fd %d: %s\n", (int)fd,
                strerror(errno));
        return WORKER_EXIT_WRITE;
    }
    launch_wait_for_eof((int)fd);
    return 0;
}

/* --- a pool of forked workers that each report ready -----------------------
 * multiprocessing.Pool's life without tasks: start N processes, wait until
 * every one is ready, tell them to stop (closing the pipe they wait on),
 * reap them all.  The unit is the whole pool. */

static void __attribute__((noreturn)) pool_child(int ready_w, int stop_r)
{
    if (launch_report_ready(ready_w) != 0)
        _exit(WORKER_EXIT_WRITE);
    launch_wait_for_eof(stop_r);
    _exit(0);
}

int launch_pool(const struct launch_ctx *ctx, char *error, size_t error_len)
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
        launch_close_checked(ready_p[0], "pipe");
        launch_close_checked(ready_p[1], "pipe");
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
            launch_pin_child(ctx);
            pool_child(ready_p[1], stop_p[0]);
        }
        pids[started++] = pid;
    }
    launch_close_checked(ready_p[1], "pipe");
    launch_close_checked(stop_p[0], "pipe");
    if (rc == 0) {
        n = read_full(ready_p[0], ready, started);
        if (n != (ssize_t)started) {
            snprintf(error, error_len, "only %zd of %u pool workers reported ready%s%s",
                     n < 0 ? (ssize_t)0 : n, started, n < 0 ? ": " : "",
                     n < 0 ? strerror(errno) : "");
            rc = -1;
        }
    }
    launch_close_checked(stop_p[1], "pipe"); /* EOF: every worker ends */
    launch_close_checked(ready_p[0], "pipe");
    /* Every worker is reaped whatever happened; the first error is the
     * one reported. */
    for (unsigned w = 0; w < started; w++) {
        char later_error[256];
        if (launch_reap(pids[w], "pool worker", rc ? later_error : error,
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

int launch_forkserver(const struct launch_ctx *ctx, char *error, size_t error_len)
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
