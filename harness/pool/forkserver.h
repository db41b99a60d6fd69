/* forkserver.h - a small process, started early, that forks pool workers
 * on request: multiprocessing's `forkserver` start method
 * (Lib/multiprocessing/forkserver.py; the default on Linux since CPython
 * 3.14, see harness/pool/README.md).
 *
 * Why: fork() copies the page tables of the parent as it is *now*; a
 * parent that has grown to gigabytes pays for that on every worker, and a
 * parent with threads may hand the child a lock held by a thread that does
 * not exist there.  A server forked while the program is still small and
 * single-threaded forks cheap, clean children for the rest of its life.
 *
 * Protocol, as CPython's: the parent connects to the server's UNIX socket
 * (Linux abstract namespace: no file to leave behind), sends the worker's
 * file descriptors (SCM_RIGHTS) and what to run; the server forks, writes
 * the child's pid back on that connection, and later its exit status
 * (CPython: read_signed(pid) then the returncode written by the server's
 * SIGCHLD handler).  The connection is the parent's sentinel: readable
 * when the worker has ended.  A byte sent on it asks the server to signal
 * that worker (the server, its real parent, knows the pid is still ours).
 * The server ends, killing and reaping any worker left, when the parent
 * closes the "alive" pipe or dies (CPython's alive_r).
 */
#ifndef GILBENCH_FORKSERVER_H
#define GILBENCH_FORKSERVER_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/un.h>

struct pool_func;

struct forkserver {
    pid_t pid;                      /* the server; 0 when not running */
    int alive_fd;                   /* write end of the alive pipe */
    struct sockaddr_un addr;
    size_t addr_len;
};

/* How a worker forked by the server ended, sent back on its connection. */
struct forkserver_exit {
    int status;                     /* as from waitpid */
    int pad;
    double user_s, sys_s;
    long max_rss_kb, vol_ctx_switches, invol_ctx_switches;
};

/* Forks the server now.  Returns 0, or -1 with `error` filled. */
int forkserver_start(struct forkserver *fs, char *error, size_t error_len);
/* Closes the alive pipe and reaps the server (which kills and reaps its
 * workers first).  Returns 0, or -1 if the server did not end cleanly. */
int forkserver_stop(struct forkserver *fs);

/* Asks the server for a worker running pool_worker_serve(func, fds...).
 * fds[3] = {in, out, shm (or -1)} are duplicated into the worker; the
 * caller keeps and closes its own.  Returns the connection (the sentinel)
 * with *pid set, or -1 with `error` filled. */
int forkserver_fork(const struct forkserver *fs, const struct pool_func *func, const int fds[3],
                    pid_t *pid, char *error, size_t error_len);
/* After the sentinel became readable: reads the exit record.  0 or -1. */
int forkserver_read_exit(int conn, struct forkserver_exit *ex);
/* Asks the server to send `sig` to the worker behind `conn`.  0 or -1. */
int forkserver_signal(int conn, int sig);

#endif
