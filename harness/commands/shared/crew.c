/* crew.c - see crew.h. */
#include "commands/shared/crew.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/measurement/clock.h"
#include "lib/processes/child_io.h"
#include "lib/processes/signals.h"

struct crew_clock {
    double start[CREW_MAX_WORKERS], end[CREW_MAX_WORKERS];
    _Atomic unsigned arrived;   /* workers past the start line */
};

/* Past the start line each worker still waits, spinning, until every
 * worker is past it too (at most this long): released by one pipe's
 * end-of-file, sleeping workers wake one after the other, tens of
 * microseconds apart, and a contention experiment whose workers never
 * overlap measures nothing. */
static const double CREW_BARRIER_MAX_S = 0.1;

struct crew_member {
    const struct crew_job *job;
    unsigned idx;
    int go_fd, ready_fd;
    struct crew_clock *clock;
    int rc;
};

/* One worker's life: setup, ready, wait for the start, work. */
static int member_run(struct crew_member *m)
{
    char c = 1;

    if (m->job->setup != NULL && m->job->setup(m->idx, m->job->arg) != 0)
        return -1;
    if (write_all(m->ready_fd, &c, 1) != 0 || read_full(m->go_fd, &c, 1) != 0)
        return -1; /* the start line is end-of-file, nothing else */
    atomic_fetch_add(&m->clock->arrived, 1);
    double until = clock_now() + CREW_BARRIER_MAX_S;
    while (atomic_load(&m->clock->arrived) < m->job->workers && clock_now() < until)
        ;
    m->clock->start[m->idx] = clock_now();
    int rc = m->job->work(m->idx, m->job->arg);
    m->clock->end[m->idx] = clock_now();
    return rc;
}

static void *member_thread(void *arg)
{
    struct crew_member *m = arg;
    m->rc = member_run(m);
    return NULL;
}

/* Reads one ready byte per worker, giving up after the timeout or when
 * every writer is gone (a worker died during setup). */
static int await_ready(int fd, unsigned n, double timeout_s)
{
    double deadline = clock_now() + timeout_s;
    char buf[CREW_MAX_WORKERS];
    unsigned got = 0;

    while (got < n) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int left_ms = (int)((deadline - clock_now()) * 1e3);
        if (left_ms <= 0 || signals_interrupted())
            return -1;
        int r = poll(&p, 1, left_ms > 100 ? 100 : left_ms);
        if (r < 0 && errno != EINTR)
            return -1;
        if (r <= 0)
            continue;
        ssize_t k = read(fd, buf, n - got);
        if (k <= 0)
            return -1;
        got += (unsigned)k;
    }
    return 0;
}

/* Waits for every process until the deadline, then kills the rest; all
 * are reaped.  Returns 0 when all exited with status 0. */
static int reap_all(const pid_t *pid, unsigned n, double timeout_s, char *why, size_t len)
{
    double deadline = clock_now() + timeout_s;
    int rc = 0, done[CREW_MAX_WORKERS] = {0}, status;
    unsigned left = n;
    char what[128];

    while (left > 0) {
        for (unsigned i = 0; i < n; i++) {
            if (done[i])
                continue;
            pid_t r = waitpid(pid[i], &status, WNOHANG);
            if (r == 0)
                continue;
            done[i] = 1;
            left--;
            if (r < 0 || child_status_problem(status, what, sizeof what) != 0) {
                if (rc == 0)
                    snprintf(why, len, "worker %u %s", i, r < 0 ? strerror(errno) : what);
                rc = -1;
            }
        }
        if (left == 0)
            break;
        if (clock_now() > deadline || signals_interrupted()) {
            for (unsigned i = 0; i < n; i++)
                if (!done[i] && kill(pid[i], SIGKILL) != 0 && errno != ESRCH)
                    perror("gilbench shared: kill");
            if (rc == 0)
                snprintf(why, len, "%s", signals_interrupted() ? "interrupted" : "a worker hung and was killed");
            rc = -1;
            deadline = 1e300; /* now just reap them */
            continue;
        }
        struct timespec nap = {0, 200000};
        nanosleep(&nap, NULL);
    }
    return rc;
}

int crew_run(const struct crew_job *job, double *wall_s, char *why, size_t len)
{
    struct crew_member members[CREW_MAX_WORKERS];
    pthread_t threads[CREW_MAX_WORKERS];
    pid_t pids[CREW_MAX_WORKERS];
    struct crew_clock *clk;
    int go[2], ready[2], rc = -1;
    unsigned started = 0, n = job->workers > CREW_MAX_WORKERS ? CREW_MAX_WORKERS : job->workers;

    clk = mmap(NULL, sizeof *clk, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (clk == MAP_FAILED) {
        snprintf(why, len, "mmap: %s", strerror(errno));
        return -1;
    }
    if (pipe(go) != 0) {
        snprintf(why, len, "pipe: %s", strerror(errno));
        munmap(clk, sizeof *clk);
        return -1;
    }
    if (pipe(ready) != 0) {
        snprintf(why, len, "pipe: %s", strerror(errno));
        close(go[0]);
        close(go[1]);
        munmap(clk, sizeof *clk);
        return -1;
    }
    if (fflush(stdout) != 0 || fflush(stderr) != 0)
        snprintf(why, len, "cannot flush output: %s", strerror(errno));
    for (; started < n; started++) {
        struct crew_member *m = &members[started];
        *m = (struct crew_member){.job = job, .idx = started, .go_fd = go[0], .ready_fd = ready[1], .clock = clk};
        if (job->kind == CREW_THREADS) {
            int err = pthread_create(&threads[started], NULL, member_thread, m);
            if (err != 0) {
                snprintf(why, len, "pthread_create: %s", strerror(err));
                break;
            }
            continue;
        }
        pid_t parent = getpid();
        pids[started] = fork();
        if (pids[started] < 0) {
            snprintf(why, len, "fork: %s", strerror(errno));
            break;
        }
        if (pids[started] == 0) {
            signals_reset_in_child();
            if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
                _exit(1);
            close(go[1]);
            close(ready[0]);
            _exit(member_run(m) == 0 ? 0 : 1);
        }
    }
    /* Forked workers hold their own copies; threads share ours, so it stays
     * open for them until they are ready. */
    if (job->kind == CREW_PROCESSES)
        close(ready[1]);
    int all_ready = started == n && await_ready(ready[0], n, job->timeout_s) == 0;
    close(go[1]); /* the start: every worker's read sees end-of-file */
    close(ready[0]);
    if (job->kind == CREW_THREADS)
        close(ready[1]);
    if (!all_ready && started == n)
        snprintf(why, len, "%s", signals_interrupted() ? "interrupted" : "a worker failed while getting ready");
    int collected = all_ready && (job->collect == NULL || job->collect(job->arg) == 0);
    if (all_ready && !collected)
        snprintf(why, len, "collecting the workers' results failed");
    if (job->kind == CREW_THREADS) {
        int failed = 0;
        for (unsigned i = 0; i < started; i++)
            if (pthread_join(threads[i], NULL) != 0 || members[i].rc != 0)
                failed = 1;
        if (failed && all_ready && collected)
            snprintf(why, len, "a worker thread failed");
        rc = all_ready && collected && !failed ? 0 : -1;
    } else {
        char reap_why[256] = "";
        int reaped = reap_all(pids, started, job->timeout_s, reap_why, sizeof reap_why);
        if (reaped != 0 && all_ready && collected)
            snprintf(why, len, "%s", reap_why);
        rc = all_ready && collected && reaped == 0 ? 0 : -1;
    }
    close(go[0]);
    if (rc == 0) {
        double first = clk->start[0], last = clk->end[0];
        for (unsigned i = 1; i < n; i++) {
            first = clk->start[i] < first ? clk->start[i] : first;
            last = clk->end[i] > last ? clk->end[i] : last;
        }
        *wall_s = last - first;
    }
    munmap(clk, sizeof *clk);
    return rc;
}
