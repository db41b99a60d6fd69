/* child_io.c - see child_io.h. */
#include "lib/processes/child_io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/measurement/clock.h"

int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

ssize_t read_full(int fd, void *buf, size_t len)
{
    size_t have = 0;

    while (have < len) {
        ssize_t n = read(fd, (char *)buf + have, len - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        have += (size_t)n;
    }
    return (ssize_t)have;
}

int child_wait(pid_t pid, int *status, struct rusage *ru)
{
    struct rusage ignored;
    pid_t p;

    do
        p = wait4(pid, status, 0, ru != NULL ? ru : &ignored);
    while (p < 0 && errno == EINTR);
    return p < 0 ? -1 : 0;
}

/* Polled rather than blocking in waitpid: a SIGALRM-free way to stop
 * waiting for a child that hangs, and a millisecond is nothing beside the
 * runs the callers wait for. */
int child_wait_within(pid_t pid, double timeout_s, int *status)
{
    double deadline = clock_now() + timeout_s;

    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            return 0;
        if (r < 0 && errno != EINTR)
            return -1;
        if (clock_now() > deadline)
            return 1;
        struct timespec nap = {.tv_sec = 0, .tv_nsec = 1000000}; /* 1 ms */
        nanosleep(&nap, NULL); /* EINTR only shortens the nap */
    }
}

/* " (what it means)" for a status of enum worker_exit, else "". */
static const char *worker_exit_meaning(int code)
{
    switch (code) {
    case WORKER_EXIT_WRITE: return " (could not write to the parent)";
    case WORKER_EXIT_READ: return " (could not read its work from the parent)";
    case WORKER_EXIT_SETUP: return " (could not set itself up)";
    case WORKER_EXIT_EXEC: return " (could not start)";
    default: return "";
    }
}

int child_status_problem(int status, char *buf, size_t len)
{
    if (WIFSIGNALED(status)) {
        snprintf(buf, len, "was killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        snprintf(buf, len, "exited with status %d%s", WEXITSTATUS(status),
                 worker_exit_meaning(WEXITSTATUS(status)));
        return -1;
    }
    return 0;
}

int self_exe_path(char *buf, size_t len)
{
    /* readlink() does not terminate, and fills the whole buffer when the
     * path is longer: a result of len bytes may be a cut path. */
    ssize_t n = readlink("/proc/self/exe", buf, len);

    if (n < 0)
        return -1;
    if ((size_t)n >= len) {
        errno = ENAMETOOLONG;
        return -1;
    }
    buf[n] = '\0';
    return 0;
}
