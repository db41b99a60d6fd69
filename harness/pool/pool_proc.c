/* pool_proc.c - starting, signalling and reaping one worker process, by
 * each start method (multiprocessing's popen_fork.py, popen_spawn_posix.py
 * and popen_forkserver.py).
 *
 * Every worker comes with a sentinel, a descriptor that becomes readable
 * the moment it ends (CPython's Process.sentinel): a pidfd for the
 * workers we fork or spawn ourselves, the forkserver connection for the
 * others.  Waiting on sentinels with poll() is what lets the pool notice a
 * killed worker at once instead of never (bpo-22393).  Signals go through
 * the sentinel too (pidfd_send_signal, or a request to the forkserver), so
 * a pid reused after the worker was reaped can never be hit.
 */
#include "pool/pool_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/processes/child_io.h"
#include "pool/forkserver.h"
#include "pool/pool_worker.h"

extern char **environ;

enum { SPARE_FD = 100 };  /* above 3-5, so moving one never overwrites another */

static int pidfd_open_fd(pid_t pid)
{
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* In the forked child: fds[] become 3, 4 and 5, everything else closed. */
static void __attribute__((noreturn)) fork_child(const struct pool *p, const int fds[3])
{
    int n = fds[2] >= 0 ? 3 : 2;

    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        _exit(POOL_WORKER_EXIT_IO);
    for (int i = 0; i < n; i++)
        if (dup2(fds[i], SPARE_FD + i) < 0)
            _exit(POOL_WORKER_EXIT_IO);
    for (int i = 0; i < n; i++)
        if (dup2(SPARE_FD + i, POOL_WORKER_IN_FD + i) < 0)
            _exit(POOL_WORKER_EXIT_IO);
    if (close_range(POOL_WORKER_IN_FD + (unsigned)n, ~0U, 0) != 0)
        _exit(POOL_WORKER_EXIT_IO);
    _exit(pool_worker_serve(&p->cfg.func, POOL_WORKER_IN_FD, POOL_WORKER_OUT_FD,
                            n == 3 ? POOL_WORKER_SHM_FD : -1));
}

static int spawn_worker(const struct pool *p, const int fds[3], pid_t *pid, char *error,
                        size_t error_len)
{
    posix_spawn_file_actions_t fa;
    int n = fds[2] >= 0 ? 3 : 2, err;

    if (p->cfg.spawn_argv == NULL || p->cfg.spawn_argv[0] == NULL) {
        snprintf(error, error_len, "spawn start method: no worker program (spawn_argv)");
        return -1;
    }
    if ((err = posix_spawn_file_actions_init(&fa)) != 0) {
        snprintf(error, error_len, "posix_spawn_file_actions_init: %s", strerror(err));
        return -1;
    }
    /* Via spare numbers, so no end is overwritten before it is moved;
     * dup2 also clears close-on-exec on the copies. */
    for (int i = 0; i < n && err == 0; i++)
        err = posix_spawn_file_actions_adddup2(&fa, fds[i], SPARE_FD + i);
    for (int i = 0; i < n && err == 0; i++)
        err = posix_spawn_file_actions_adddup2(&fa, SPARE_FD + i, POOL_WORKER_IN_FD + i);
    for (int i = 0; i < n && err == 0; i++)
        err = posix_spawn_file_actions_addclose(&fa, SPARE_FD + i);
    if (err == 0)
        err = posix_spawn(pid, p->cfg.spawn_argv[0], &fa, NULL, p->cfg.spawn_argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err != 0) {
        snprintf(error, error_len, "posix_spawn of a pool worker (%s): %s", p->cfg.spawn_argv[0],
                 strerror(err));
        return -1;
    }
    return 0;
}

int pool_proc_start(const struct pool *p, const int fds[3], struct pool_proc *pr, char *error,
                    size_t error_len)
{
    pr->start = p->cfg.start;
    pr->sentinel = -1;
    switch (p->cfg.start) {
    case POOL_START_FORK:
        pr->pid = fork();
        if (pr->pid < 0) {
            snprintf(error, error_len, "fork of a pool worker: %s", strerror(errno));
            return -1;
        }
        if (pr->pid == 0)
            fork_child(p, fds);
        break;
    case POOL_START_SPAWN:
        if (spawn_worker(p, fds, &pr->pid, error, error_len) != 0)
            return -1;
        break;
    case POOL_START_FORKSERVER:
        pr->sentinel = forkserver_fork(p->cfg.forkserver, &p->cfg.func, fds, &pr->pid, error,
                                       error_len);
        return pr->sentinel >= 0 ? 0 : -1;
    }
    pr->sentinel = pidfd_open_fd(pr->pid);
    if (pr->sentinel < 0) {
        snprintf(error, error_len, "pidfd_open of worker %ld: %s", (long)pr->pid, strerror(errno));
        (void)kill(pr->pid, SIGKILL);  /* our child, not reaped yet: the pid is still its */
        (void)child_wait(pr->pid, &(int){0}, NULL);
        return -1;
    }
    return 0;
}

int pool_proc_signal(const struct pool_proc *pr, int sig)
{
    if (pr->start == POOL_START_FORKSERVER)
        return forkserver_signal(pr->sentinel, sig);
    if (syscall(SYS_pidfd_send_signal, pr->sentinel, sig, NULL, 0) != 0 && errno != ESRCH)
        return -1;
    return 0;
}

int pool_proc_reap(struct pool_proc *pr, int *status, struct pool_stats *st)
{
    struct forkserver_exit ex;
    struct rusage ru;
    int rc = 0;

    if (pr->start == POOL_START_FORKSERVER) {
        if (forkserver_read_exit(pr->sentinel, &ex) != 0) {
            /* The server died: its workers died with it (PDEATHSIG). */
            *status = SIGKILL;
            rc = -1;
        } else {
            *status = ex.status;
            st->user_s += ex.user_s;
            st->sys_s += ex.sys_s;
            st->vol_ctx_switches += ex.vol_ctx_switches;
            st->invol_ctx_switches += ex.invol_ctx_switches;
            if (ex.max_rss_kb > st->max_rss_kb)
                st->max_rss_kb = ex.max_rss_kb;
        }
    } else if (child_wait(pr->pid, status, &ru) != 0) {
        rc = -1;
    } else {
        st->user_s += (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
        st->sys_s += (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
        st->vol_ctx_switches += ru.ru_nvcsw;
        st->invol_ctx_switches += ru.ru_nivcsw;
        if (ru.ru_maxrss > st->max_rss_kb)
            st->max_rss_kb = ru.ru_maxrss;
    }
    if (close(pr->sentinel) != 0)
        rc = -1;
    pr->sentinel = -1;
    return rc;
}
