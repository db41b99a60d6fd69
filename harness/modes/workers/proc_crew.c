/* proc_crew.c - see proc_crew.h.
 *
 * Everything a worker process can do wrong is reported, never waited on
 * forever: killed by a signal, exited without reporting its tasks, still
 * running at the deadline (killed as hung), or an interrupt (all killed).
 * Every worker is reaped with wait4(), which also gives its own CPU time,
 * context switches and peak memory for runs.csv.
 *
 * A worker that cannot do its job exits with a status of enum
 * worker_exit (lib/processes/child_io.h), which the reaper names.
 *
 * Records are 24 bytes, below PIPE_BUF, so each write arrives whole and
 * never interleaves with another's; the reader still copes with short
 * reads.  With on-demand dealing a worker has one chunk at a time: the
 * parent sends the next when the last record of the current one arrives,
 * as multiprocessing's Pool feeds its task queue.
 */
#include "lib/machine/affinity.h"
#include "modes/workers/proc_crew.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/measurement/clock.h"
#include "lib/processes/child_io.h"
#include "lib/processes/signals.h"
#include "modes/workers/tasks.h"

struct task_record {
    uint32_t task;
    uint32_t pad;
    struct partial partial;
};

struct chunk_msg {
    uint32_t first, count;
};

struct worker_proc {
    pid_t pid;
    int result_fd;         /* parent's read end; -1 once closed */
    int task_fd;           /* parent's write end; -1 when fixed or closed */
    uint32_t chunk_end, chunk_left;  /* the current chunk: tasks [chunk_end - n, chunk_end) */
    size_t have;           /* bytes of `rec` read so far */
    struct task_record rec;
};

uint32_t proc_default_chunksize(uint32_t tasks, uint32_t workers)
{
    uint32_t per = 4 * workers;
    return tasks / per + (tasks % per != 0);
}

static int send_task_record(int fd, const struct run_plan *plan, uint32_t t, struct worker_ctx *ctx)
{
    struct task_record rec = {.task = t, .pad = 0};

    task_run(plan, t, ctx, &rec.partial);
    return write_all(fd, &rec, sizeof rec);
}

int proc_worker_serve(const struct run_plan *plan, unsigned w, int task_fd, int result_fd)
{
    struct worker_ctx ctx = {.eval_breaker = NULL, .gil = NULL, .worker = w};
    struct chunk_msg msg;
    ssize_t n;

    /* In the child, before any work: the pin holds for its whole life. */
    if (plan->pin_cpus != NULL &&
        affinity_pin_self(affinity_cpu_for(plan->pin_cpus, plan->npin_cpus, w)) != 0)
        return PROC_EXIT_PIN_FAILED;
    if (task_fd < 0) {
        for (uint32_t t = w; t < plan->tasks; t += plan->workers)
            if (send_task_record(result_fd, plan, t, &ctx) != 0)
                return WORKER_EXIT_WRITE;
        return WORKER_EXIT_OK;
    }
    /* A whole message, or a clean EOF: the parent's "no more work". */
    while ((n = read_full(task_fd, &msg, sizeof msg)) == (ssize_t)sizeof msg) {
        if (msg.first >= plan->tasks || msg.count > plan->tasks - msg.first)
            return WORKER_EXIT_READ;
        for (uint32_t t = msg.first; t < msg.first + msg.count; t++)
            if (send_task_record(result_fd, plan, t, &ctx) != 0)
                return WORKER_EXIT_WRITE;
    }
    return n == 0 ? WORKER_EXIT_OK : WORKER_EXIT_READ;
}

/* The fork starter, shared by `fork` and `pool`. */
int proc_start_fork(const struct run_plan *plan, unsigned w, int task_fd, int result_fd,
                    pid_t *pid, char *error, size_t error_len)
{
    *pid = fork();
    if (*pid < 0) {
        snprintf(error, error_len, "fork of worker %u: %s", w, strerror(errno));
        return -1;
    }
    if (*pid == 0) {
        signals_reset_in_child();
        /* Keep only our own pipe ends: a write end of another worker's task
         * pipe left open here would keep that worker from ever seeing EOF. */
        unsigned lo = task_fd >= 0 && task_fd < result_fd ? (unsigned)task_fd : (unsigned)result_fd;
        unsigned hi = task_fd > result_fd ? (unsigned)task_fd : (unsigned)result_fd;
        if ((lo > 3 && close_range(3, lo - 1, 0) != 0) ||
            (hi - lo > 1 && close_range(lo + 1, hi - 1, 0) != 0) || close_range(hi + 1, ~0U, 0) != 0)
            _exit(WORKER_EXIT_SETUP);
        _exit(proc_worker_serve(plan, w, task_fd, result_fd));
    }
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

static void close_fd(int *fd)
{
    if (*fd >= 0 && close(*fd) != 0)
        perror("gilbench: close");
    *fd = -1;
}

/* Reaps every worker; the first abnormal exit becomes the error unless one
 * is set already.  After our own SIGKILL (`killed`) deaths are not news. */
static int crew_reap(struct worker_proc *procs, unsigned n, int killed, struct rep_result *result)
{
    int rc = 0;

    for (unsigned w = 0; w < n; w++) {
        struct rusage ru;
        char problem[128];
        int status;

        if (child_wait(procs[w].pid, &status, &ru) != 0) {
            if (result->error[0] == '\0')
                snprintf(result->error, sizeof result->error, "waiting for worker %u: %s", w,
                         strerror(errno));
            rc = -1;
            continue;
        }
        usage_add(&result->children, &ru);
        if (killed || result->error[0] != '\0')
            continue;
        if (WIFEXITED(status) && WEXITSTATUS(status) == PROC_EXIT_PIN_FAILED) {
            snprintf(result->error, sizeof result->error,
                     "worker %u (pid %ld) could not be pinned to its CPU (--pin)", w,
                     (long)procs[w].pid);
            rc = -1;
        } else if (child_status_problem(status, problem, sizeof problem) != 0) {
            snprintf(result->error, sizeof result->error, "worker %u (pid %ld) %s", w,
                     (long)procs[w].pid, problem);
            rc = -1;
        }
    }
    return rc;
}

/* Hands worker `w` its next chunk, or closes its task pipe when none is
 * left, which tells it to exit. */
static void crew_feed(struct worker_proc *wp, uint32_t *next_task, uint32_t tasks, uint32_t chunksize)
{
    struct chunk_msg msg;

    if (*next_task >= tasks) {
        close_fd(&wp->task_fd);
        return;
    }
    msg.first = *next_task;
    msg.count = tasks - *next_task < chunksize ? tasks - *next_task : chunksize;
    *next_task += msg.count;
    wp->chunk_end = msg.first + msg.count;
    wp->chunk_left = msg.count;
    /* A worker that died leaves a broken pipe: reaping will say why. */
    if (write_all(wp->task_fd, &msg, sizeof msg) != 0)
        close_fd(&wp->task_fd);
}

/* Reads what one worker has sent.  Returns 1 at EOF, 0 otherwise, -1 on a
 * bad record (error filled). */
static int crew_read(const struct run_plan *plan, const struct proc_crew_spec *spec, unsigned w,
                     struct worker_proc *wp, struct partial *partials, unsigned char *received,
                     uint32_t *next_task, uint32_t chunksize, struct rep_result *result)
{
    ssize_t n = read(wp->result_fd, (char *)&wp->rec + wp->have, sizeof wp->rec - wp->have);
    uint32_t t;

    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    if (n < 0) {
        /* Not an EOF: the worker's records are lost, and the run must say
         * so rather than report the tasks as merely missing. */
        snprintf(result->error, sizeof result->error, "reading from worker %u (pid %ld): %s", w,
                 (long)wp->pid, strerror(errno));
        return -1;
    }
    if (n == 0)
        return 1;
    wp->have += (size_t)n;
    if (wp->have < sizeof wp->rec)
        return 0;
    wp->have = 0;
    t = wp->rec.task;
    int expected = spec->on_demand ? (wp->chunk_left > 0 && t < wp->chunk_end &&
                                      t + wp->chunk_left >= wp->chunk_end)
                                   : (t % plan->workers == w);
    if (!expected || t >= plan->tasks || received[t]) {
        snprintf(result->error, sizeof result->error,
                 "worker %u (pid %ld) sent a record for task %u it was not given", w,
                 (long)wp->pid, t);
        return -1;
    }
    partials[t] = wp->rec.partial;
    received[t] = 1;
    if (spec->on_demand && --wp->chunk_left == 0)
        crew_feed(wp, next_task, plan->tasks, chunksize);
    return 0;
}

/* Waits until every worker has closed its result pipe.  Returns 0, or -1
 * with the error set (workers may still run: the caller kills them). */
static int crew_collect(const struct run_plan *plan, const struct proc_crew_spec *spec,
                        struct worker_proc *procs, struct pollfd *pfds, struct partial *partials,
                        unsigned char *received, uint32_t *next_task, uint32_t chunksize,
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
                     "%u worker(s) still running after --timeout %g s: killed as hung",
                     open_pipes, plan->timeout_s);
            return -1;
        }
        for (unsigned w = 0; w < plan->workers; w++) {
            pfds[w].fd = procs[w].result_fd;
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

            if (procs[w].result_fd < 0 || pfds[w].revents == 0)
                continue;
            r = crew_read(plan, spec, w, &procs[w], partials, received, next_task, chunksize, result);
            if (r < 0)
                return -1;
            if (r == 1) {
                close_fd(&procs[w].result_fd);
                close_fd(&procs[w].task_fd);
                open_pipes--;
            }
        }
    }
    return 0;
}

/* Creates worker w's pipes (close-on-exec, so no spawned program inherits
 * another's) and starts it. */
static int crew_start_one(const struct run_plan *plan, const struct proc_crew_spec *spec,
                          unsigned w, struct worker_proc *wp, struct rep_result *result)
{
    int res[2], task[2] = {-1, -1};

    if (pipe2(res, O_CLOEXEC) != 0) {
        snprintf(result->error, sizeof result->error, "pipe for worker %u: %s", w, strerror(errno));
        return -1;
    }
    if (spec->on_demand && pipe2(task, O_CLOEXEC) != 0) {
        snprintf(result->error, sizeof result->error, "pipe for worker %u: %s", w, strerror(errno));
        close_fd(&res[0]);
        close_fd(&res[1]);
        return -1;
    }
    if (spec->start(plan, w, task[0], res[1], &wp->pid, result->error, sizeof result->error) != 0) {
        close_fd(&res[0]);
        close_fd(&res[1]);
        close_fd(&task[0]);
        close_fd(&task[1]);
        return -1;
    }
    close_fd(&res[1]);
    close_fd(&task[0]);
    wp->result_fd = res[0];
    wp->task_fd = task[1];
    return 0;
}

int proc_crew_run(const struct run_plan *plan, const struct proc_crew_spec *spec,
                  struct rep_result *result)
{
    struct worker_proc *procs = calloc(plan->workers, sizeof *procs);
    struct pollfd *pfds = calloc(plan->workers, sizeof *pfds);
    struct partial *partials = calloc(plan->tasks, sizeof *partials);
    unsigned char *received = calloc(plan->tasks, 1);
    uint32_t chunksize = spec->chunksize ? spec->chunksize
                                         : proc_default_chunksize(plan->tasks, plan->workers);
    double deadline = clock_now() + plan->timeout_s;
    uint32_t next_task = 0;
    unsigned started = 0;
    int rc = 0;

    if (procs == NULL || pfds == NULL || partials == NULL || received == NULL) {
        snprintf(result->error, sizeof result->error, "out of memory for %u workers", plan->workers);
        rc = -1;
        goto out;
    }
    /* Whatever stdio holds would otherwise be flushed once per child too. */
    if (fflush(NULL) != 0)
        perror("gilbench: fflush");
    for (unsigned w = 0; w < plan->workers; w++)
        procs[w].result_fd = procs[w].task_fd = -1;
    for (unsigned w = 0; w < plan->workers; w++) {
        if (crew_start_one(plan, spec, w, &procs[w], result) != 0) {
            rc = -1;
            break;
        }
        started++;
    }
    result->t_started = clock_now();
    if (rc == 0 && spec->on_demand)
        for (unsigned w = 0; w < plan->workers; w++)
            crew_feed(&procs[w], &next_task, plan->tasks, chunksize);
    if (rc == 0)
        rc = crew_collect(plan, spec, procs, pfds, partials, received, &next_task, chunksize, result,
                          deadline);
    result->t_computed = clock_now();
    if (rc != 0)
        for (unsigned w = 0; w < started; w++)
            if (kill(procs[w].pid, SIGKILL) != 0 && errno != ESRCH)
                perror("gilbench: kill");
    for (unsigned w = 0; w < started; w++) {
        close_fd(&procs[w].result_fd);
        close_fd(&procs[w].task_fd);
    }
    if (crew_reap(procs, started, rc != 0, result) != 0)
        rc = -1;
    for (uint32_t t = 0; rc == 0 && t < plan->tasks; t++) {
        if (!received[t]) {
            snprintf(result->error, sizeof result->error, "a worker exited without reporting task %u", t);
            rc = -1;
        }
    }
    if (rc == 0)
        result->total = partials_combine(partials, plan->tasks);
out:
    free(procs);
    free(pfds);
    free(partials);
    free(received);
    return rc;
}
