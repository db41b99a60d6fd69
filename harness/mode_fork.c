/* mode_fork.c - one forked child per worker, like multiprocessing.Process
 * with the fork start method.
 *
 * Each child inherits the parent's memory (copy-on-write), runs its share
 * of the tasks and sends one record per task back over its own pipe; the
 * parent adds the partials in task order.  Tasks are dealt round-robin
 * (task t to child t mod W): with a fixed split there is no queue to pull
 * from, and interleaving keeps the children evenly loaded when cost grows
 * along the range, as it does for trial division.
 *
 * Everything a child can do wrong is reported, never waited on forever:
 * a child killed by a signal, one that exits without reporting, one that
 * is still running at the deadline (killed), an interrupt (all killed).
 * Every child is reaped with wait4(), which also gives its own CPU time,
 * context switches and peak memory.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "mode.h"
#include "signals.h"
#include "tasks.h"

struct task_record {
    uint32_t task;
    uint32_t pad;
    struct partial partial;
};

struct child {
    pid_t pid;
    int fd;                      /* read end of its pipe; -1 once closed */
    size_t have;                 /* bytes of `rec` read so far */
    struct task_record rec;
};

static int write_all(int fd, const void *buf, size_t len)
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

static void __attribute__((noreturn)) fork_child_main(const struct run_plan *plan, unsigned w, int fd)
{
    struct worker_ctx ctx = {.eval_breaker = NULL, .gil = NULL, .worker = w};

    signals_reset_in_child();
    for (uint32_t t = w; t < plan->tasks; t += plan->workers) {
        struct task_record rec = {.task = t, .pad = 0};

        task_run(plan, t, &ctx, &rec.partial);
        /* 24 bytes < PIPE_BUF: each record arrives whole. */
        if (write_all(fd, &rec, sizeof rec) != 0)
            _exit(3);
    }
    _exit(0);
}

/* Reads what is available from one child; returns 1 at EOF, 0 otherwise,
 * -1 on a malformed record (error filled in). */
static int fork_read_child(const struct run_plan *plan, unsigned w, struct child *c,
                           struct partial *partials, unsigned char *received,
                           struct rep_result *result)
{
    ssize_t n = read(c->fd, (char *)&c->rec + c->have, sizeof c->rec - c->have);

    if (n < 0)
        return (errno == EINTR || errno == EAGAIN) ? 0 : 1;
    if (n == 0)
        return 1;
    c->have += (size_t)n;
    if (c->have < sizeof c->rec)
        return 0;
    c->have = 0;
    if (c->rec.task >= plan->tasks || c->rec.task % plan->workers != w ||
        received[c->rec.task]) {
        snprintf(result->error, sizeof result->error,
                 "worker %u (pid %ld) sent a bad record for task %u", w, (long)c->pid,
                 c->rec.task);
        return -1;
    }
    partials[c->rec.task] = c->rec.partial;
    received[c->rec.task] = 1;
    return 0;
}

static void usage_add(struct child_usage *u, const struct rusage *ru)
{
    u->user_s += (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec * 1e-6;
    u->sys_s += (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec * 1e-6;
    u->vol_ctx_switches += ru->ru_nvcsw;
    u->invol_ctx_switches += ru->ru_nivcsw;
    if (ru->ru_maxrss > u->max_rss_kb)
        u->max_rss_kb = ru->ru_maxrss;
}

/* Reaps every child; the first abnormal exit becomes the error unless one
 * is already set.  `killed` children died of our SIGKILL: not news. */
static int fork_reap(struct child *children, unsigned n, int killed, struct rep_result *result)
{
    int rc = 0;

    for (unsigned w = 0; w < n; w++) {
        struct rusage ru;
        int status;
        pid_t p;

        do
            p = wait4(children[w].pid, &status, 0, &ru);
        while (p < 0 && errno == EINTR);
        if (p < 0) {
            if (result->error[0] == '\0')
                snprintf(result->error, sizeof result->error, "waiting for worker %u: %s", w,
                         strerror(errno));
            rc = -1;
            continue;
        }
        usage_add(&result->children, &ru);
        if (killed || result->error[0] != '\0')
            continue;
        if (WIFSIGNALED(status)) {
            snprintf(result->error, sizeof result->error,
                     "worker %u (pid %ld) was killed by signal %d (%s)", w, (long)p,
                     WTERMSIG(status), strsignal(WTERMSIG(status)));
            rc = -1;
        } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
            snprintf(result->error, sizeof result->error, "worker %u (pid %ld) exited with status %d",
                     w, (long)p, WEXITSTATUS(status));
            rc = -1;
        }
    }
    return rc;
}

static void fork_kill_all(struct child *children, unsigned n)
{
    for (unsigned w = 0; w < n; w++)
        if (kill(children[w].pid, SIGKILL) != 0 && errno != ESRCH)
            perror("gilbench: kill");
}

/* Waits until every child has closed its pipe; returns 0, or -1 with the
 * error set (children may then still be running: the caller kills them). */
static int fork_collect(const struct run_plan *plan, struct child *children, struct pollfd *pfds,
                        struct partial *partials, unsigned char *received,
                        struct rep_result *result, double deadline)
{
    unsigned open_pipes = plan->workers;

    while (open_pipes > 0) {
        double left = deadline - clock_now();
        int ready;

        if (signals_interrupted()) {
            snprintf(result->error, sizeof result->error, "interrupted by signal %d (%s)",
                     signals_interrupted(), strsignal(signals_interrupted()));
            return -1;
        }
        if (left <= 0) {
            snprintf(result->error, sizeof result->error,
                     "%u worker(s) still running after --timeout %.0f s: killed as hung",
                     open_pipes, plan->timeout_s);
            return -1;
        }
        for (unsigned w = 0; w < plan->workers; w++) {
            pfds[w].fd = children[w].fd;
            pfds[w].events = POLLIN;
            pfds[w].revents = 0;
        }
        ready = poll(pfds, plan->workers, left > 1.0 ? 1000 : (int)(left * 1000) + 1);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            snprintf(result->error, sizeof result->error, "poll: %s", strerror(errno));
            return -1;
        }
        for (unsigned w = 0; w < plan->workers; w++) {
            int r;

            if (children[w].fd < 0 || pfds[w].revents == 0)
                continue;
            r = fork_read_child(plan, w, &children[w], partials, received, result);
            if (r < 0)
                return -1;
            if (r == 1) {
                if (close(children[w].fd) != 0)
                    perror("gilbench: close");
                children[w].fd = -1;
                open_pipes--;
            }
        }
    }
    return 0;
}

static int mode_fork_run(const struct run_plan *plan, struct rep_result *result)
{
    struct child *children = calloc(plan->workers, sizeof *children);
    struct pollfd *pfds = calloc(plan->workers, sizeof *pfds);
    struct partial *partials = calloc(plan->tasks, sizeof *partials);
    unsigned char *received = calloc(plan->tasks, 1);
    double deadline = clock_now() + plan->timeout_s;
    unsigned started = 0;
    int rc = 0;

    if (children == NULL || pfds == NULL || partials == NULL || received == NULL) {
        snprintf(result->error, sizeof result->error, "out of memory for %u workers", plan->workers);
        rc = -1;
        goto out;
    }
    /* Whatever stdio holds would otherwise be flushed once per child too. */
    if (fflush(NULL) != 0)
        perror("gilbench: fflush");

    for (unsigned w = 0; w < plan->workers; w++) {
        int fds[2];
        pid_t pid;

        if (pipe(fds) != 0) {
            snprintf(result->error, sizeof result->error, "pipe for worker %u: %s", w, strerror(errno));
            rc = -1;
            break;
        }
        pid = fork();
        if (pid < 0) {
            snprintf(result->error, sizeof result->error, "fork of worker %u: %s", w, strerror(errno));
            close(fds[0]);
            close(fds[1]);
            rc = -1;
            break;
        }
        if (pid == 0) {
            /* The child keeps only its own write end. */
            for (unsigned v = 0; v < started; v++)
                close(children[v].fd);
            close(fds[0]);
            fork_child_main(plan, w, fds[1]);
        }
        if (close(fds[1]) != 0)
            perror("gilbench: close");
        children[w].pid = pid;
        children[w].fd = fds[0];
        started++;
    }
    result->t_started = clock_now();

    if (rc == 0)
        rc = fork_collect(plan, children, pfds, partials, received, result, deadline);
    result->t_computed = clock_now();
    if (rc != 0)
        fork_kill_all(children, started);
    for (unsigned w = 0; w < started; w++)
        if (children[w].fd >= 0 && close(children[w].fd) != 0)
            perror("gilbench: close");
    if (fork_reap(children, started, rc != 0, result) != 0)
        rc = -1;

    if (rc == 0) {
        for (uint32_t t = 0; t < plan->tasks; t++) {
            if (!received[t]) {
                snprintf(result->error, sizeof result->error,
                         "worker %u exited without reporting task %u", t % plan->workers, t);
                rc = -1;
                break;
            }
        }
    }
    if (rc == 0)
        result->total = partials_combine(partials, plan->tasks);
out:
    free(children);
    free(pfds);
    free(partials);
    free(received);
    return rc;
}

const struct mode mode_fork = {
    .name = "fork",
    .summary = "one forked child process per worker, partials back over pipes",
    .run = mode_fork_run,
};
