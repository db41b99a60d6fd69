/* forkserver.c - see forkserver.h.
 *
 * The server is single-threaded and does nothing but accept, fork and
 * reap, so fork() is always safe in it.  Differences from CPython: ours is
 * a fork of the parent taken early (CPython execs a fresh interpreter that
 * imports the `preload` modules), so the function to run can travel as a
 * code address, valid in the server because it has the same program image;
 * data pointers would not be: whatever the parent built after the server
 * started does not exist there, which is the point of the start method.
 */
#include "pool/forkserver.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/processes/child_io.h"
#include "pool/pool.h"
#include "pool/pool_worker.h"

enum { SERVER_MAX_CHILDREN = 4 * POOL_MAX_WORKERS };

struct fs_request {
    uint32_t magic;
    uint32_t nfds;        /* 2 or 3: in, out[, shm] */
    struct pool_func func;
};
enum { FS_MAGIC = 0x66737276 };

struct fs_child {
    pid_t pid;
    int conn;             /* -1 once the client is gone */
    int pidfd;
};

static void close_quietly(int fd)
{
    if (fd >= 0)
        (void)close(fd);  /* server side: nothing useful to do about a failed close */
}

static int pidfd_open_fd(pid_t pid)
{
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* Receives a request and its descriptors.  Returns 0, or -1. */
static int recv_request(int conn, struct fs_request *req, int fds[3])
{
    char control[CMSG_SPACE(3 * sizeof(int))];
    struct iovec iov = {.iov_base = req, .iov_len = sizeof *req};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                         .msg_controllen = sizeof control};
    struct cmsghdr *c;
    ssize_t n;

    fds[0] = fds[1] = fds[2] = -1;
    do
        n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC | MSG_WAITALL);
    while (n < 0 && errno == EINTR);
    c = CMSG_FIRSTHDR(&msg);
    if (c != NULL && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
        size_t nfds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        memcpy(fds, CMSG_DATA(c), (nfds > 3 ? 3 : nfds) * sizeof(int));
    }
    if (n != (ssize_t)sizeof *req || req->magic != FS_MAGIC || req->nfds < 2 || req->nfds > 3 ||
        fds[0] < 0 || fds[1] < 0) {
        for (int i = 0; i < 3; i++)
            close_quietly(fds[i]);
        return -1;
    }
    return 0;
}

/* A worker ended: tell its client how, forget it. */
static void report_exit(struct fs_child *kids, unsigned *nkids, unsigned i)
{
    struct forkserver_exit ex;
    struct rusage ru;

    memset(&ex, 0, sizeof ex);
    /* wait4 fails only if the child is not ours to wait for (gone already):
     * forget it all the same, or the final reaping loop would never end. */
    if (child_wait(kids[i].pid, &ex.status, &ru) != 0) {
        close_quietly(kids[i].conn);
        close_quietly(kids[i].pidfd);
        kids[i] = kids[--*nkids];
        return;
    }
    ex.user_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
    ex.sys_s = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
    ex.max_rss_kb = ru.ru_maxrss;
    ex.vol_ctx_switches = ru.ru_nvcsw;
    ex.invol_ctx_switches = ru.ru_nivcsw;
    if (kids[i].conn >= 0 && write_all(kids[i].conn, &ex, sizeof ex) != 0) {
        /* the client is gone: nobody to tell */
    }
    close_quietly(kids[i].conn);
    close_quietly(kids[i].pidfd);
    kids[i] = kids[--*nkids];
}

/* One connection: fork the worker, answer its pid, remember it. */
static void serve_request(int listener, int alive_r, int conn, struct fs_child *kids, unsigned *nkids)
{
    struct fs_request req;
    int fds[3];
    int64_t pid64;
    pid_t pid;

    if (*nkids >= SERVER_MAX_CHILDREN || recv_request(conn, &req, fds) != 0) {
        close_quietly(conn);
        return;
    }
    pid = fork();
    if (pid == 0) {
        /* The worker: only its own three descriptors stay open. */
        close_quietly(listener);
        close_quietly(alive_r);
        close_quietly(conn);
        for (unsigned i = 0; i < *nkids; i++) {
            close_quietly(kids[i].conn);
            close_quietly(kids[i].pidfd);
        }
        signal(SIGCHLD, SIG_DFL);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
            _exit(POOL_WORKER_EXIT_IO);
        _exit(pool_worker_serve(&req.func, fds[0], fds[1], fds[2]));
    }
    for (int i = 0; i < 3; i++)
        close_quietly(fds[i]);
    if (pid < 0) {
        close_quietly(conn);
        return;
    }
    pid64 = pid;
    int told = write_all(conn, &pid64, sizeof pid64) == 0;
    kids[*nkids].pid = pid;
    kids[*nkids].conn = conn;
    kids[*nkids].pidfd = pidfd_open_fd(pid);
    (*nkids)++;
    /* Without a pidfd its end would go unnoticed, and a client that hung
     * up before learning the pid will never use the worker: end it now,
     * reaped here (left out of the table it would outlive this server as
     * a zombie) and reported to whoever still listens. */
    if (!told || kids[*nkids - 1].pidfd < 0) {
        (void)kill(pid, SIGKILL);
        report_exit(kids, nkids, *nkids - 1);
    }
}

static void __attribute__((noreturn)) server_main(int listener, int alive_r)
{
    static struct fs_child kids[SERVER_MAX_CHILDREN];
    static struct pollfd pfds[2 + 2 * SERVER_MAX_CHILDREN];
    unsigned nkids = 0;

    for (;;) {
        nfds_t n = 0;

        pfds[n++] = (struct pollfd){.fd = alive_r, .events = POLLIN};
        pfds[n++] = (struct pollfd){.fd = listener, .events = POLLIN};
        for (unsigned i = 0; i < nkids; i++) {
            pfds[n++] = (struct pollfd){.fd = kids[i].pidfd, .events = POLLIN};
            pfds[n++] = (struct pollfd){.fd = kids[i].conn, .events = POLLIN};
        }
        if (poll(pfds, n, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (pfds[0].revents != 0)
            break;  /* the parent closed the alive pipe, or died */
        if (pfds[1].revents & POLLIN) {
            int conn = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
            if (conn >= 0)
                serve_request(listener, alive_r, conn, kids, &nkids);
            continue;  /* the table changed: rebuild the poll set */
        }
        for (unsigned i = nkids; i-- > 0;) {
            short child_ev = pfds[2 + 2 * i].revents, conn_ev = pfds[3 + 2 * i].revents;
            if (conn_ev != 0 && kids[i].conn >= 0) {
                unsigned char sig;
                ssize_t r = read(kids[i].conn, &sig, 1);
                /* A signal request, or the client gone: then the worker goes too. */
                (void)kill(kids[i].pid, r == 1 ? sig : SIGKILL); /* ESRCH: already gone */
                if (r != 1) {
                    close_quietly(kids[i].conn);
                    kids[i].conn = -1;
                }
            }
            if (child_ev != 0)
                report_exit(kids, &nkids, i);
        }
    }
    for (unsigned i = 0; i < nkids; i++)
        (void)kill(kids[i].pid, SIGKILL); /* ESRCH: already gone, reaped below */
    while (nkids > 0)
        report_exit(kids, &nkids, nkids - 1);
    _exit(0);
}

int forkserver_start(struct forkserver *fs, char *error, size_t error_len)
{
    static unsigned serial;  /* only names the socket; owned by this file */
    int alive[2], listener;

    fs->pid = 0;
    fs->alive_fd = -1;
    memset(&fs->addr, 0, sizeof fs->addr);
    fs->addr.sun_family = AF_UNIX;
    /* Abstract namespace (leading NUL): gone with the last descriptor. */
    int len = snprintf(fs->addr.sun_path + 1, sizeof fs->addr.sun_path - 1,
                       "gilbench-forkserver-%ld-%u", (long)getpid(), serial++);
    fs->addr_len = offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)len;
    listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0 || bind(listener, (struct sockaddr *)&fs->addr, (socklen_t)fs->addr_len) != 0 ||
        listen(listener, 64) != 0) {
        snprintf(error, error_len, "forkserver socket: %s", strerror(errno));
        close_quietly(listener);
        return -1;
    }
    if (pipe2(alive, O_CLOEXEC) != 0) {
        snprintf(error, error_len, "forkserver pipe: %s", strerror(errno));
        close_quietly(listener);
        return -1;
    }
    if (fflush(NULL) != 0)
        perror("gilbench: fflush");
    fs->pid = fork();
    if (fs->pid < 0) {
        snprintf(error, error_len, "fork of the forkserver: %s", strerror(errno));
        fs->pid = 0;
        close_quietly(listener);
        close_quietly(alive[0]);
        close_quietly(alive[1]);
        return -1;
    }
    if (fs->pid == 0) {
        close_quietly(alive[1]);
        /* Ctrl-C is the parent's to handle; the server ends when it does. */
        signal(SIGINT, SIG_IGN);
        signal(SIGTERM, SIG_DFL);
        signal(SIGPIPE, SIG_IGN);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
            _exit(1);
        server_main(listener, alive[0]);
    }
    close_quietly(listener);
    close_quietly(alive[0]);
    fs->alive_fd = alive[1];
    return 0;
}

int forkserver_stop(struct forkserver *fs)
{
    int status, rc = 0;

    if (fs->pid <= 0)
        return 0;
    if (close(fs->alive_fd) != 0)
        rc = -1;
    fs->alive_fd = -1;
    if (child_wait(fs->pid, &status, NULL) != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        rc = -1;
    fs->pid = 0;
    return rc;
}

int forkserver_fork(const struct forkserver *fs, const struct pool_func *func, const int fds[3],
                    pid_t *pid, char *error, size_t error_len)
{
    struct fs_request req = {.magic = FS_MAGIC, .nfds = fds[2] >= 0 ? 3 : 2, .func = *func};
    char control[CMSG_SPACE(3 * sizeof(int))];
    struct iovec iov = {.iov_base = &req, .iov_len = sizeof req};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                         .msg_controllen = CMSG_SPACE(req.nfds * sizeof(int))};
    struct cmsghdr *c;
    int64_t pid64;
    ssize_t n;
    int conn;

    if (fs == NULL || fs->pid <= 0) {
        snprintf(error, error_len, "forkserver start method: no forkserver is running");
        return -1;
    }
    memset(control, 0, sizeof control);
    c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(req.nfds * sizeof(int));
    memcpy(CMSG_DATA(c), fds, req.nfds * sizeof(int));
    conn = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (conn < 0 || connect(conn, (const struct sockaddr *)&fs->addr, (socklen_t)fs->addr_len) != 0) {
        snprintf(error, error_len, "connecting to the forkserver: %s", strerror(errno));
        close_quietly(conn);
        return -1;
    }
    do
        n = sendmsg(conn, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n != (ssize_t)sizeof req || read_full(conn, &pid64, sizeof pid64) != (ssize_t)sizeof pid64) {
        snprintf(error, error_len, "the forkserver (pid %ld) did not start a worker%s%s",
                 (long)fs->pid, n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
        close_quietly(conn);
        return -1;
    }
    *pid = (pid_t)pid64;
    return conn;
}

int forkserver_read_exit(int conn, struct forkserver_exit *ex)
{
    return read_full(conn, ex, sizeof *ex) == (ssize_t)sizeof *ex ? 0 : -1;
}

int forkserver_signal(int conn, int sig)
{
    unsigned char b = (unsigned char)sig;
    ssize_t n;

    do
        n = send(conn, &b, 1, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n == 1 ? 0 : -1;
}
