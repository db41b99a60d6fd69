/* manager.c - "a Manager is slower than shared memory": by how much.
 *
 *   manager:      a server process owns the table; every operation is a
 *                 request over a UNIX stream socket and a reply, as a
 *                 Manager().dict() proxy's d[k] += ... turns into method
 *                 calls on the server (multiprocessing/managers.py: the
 *                 proxy's _callmethod sends (id, method, args) over a
 *                 Connection and waits for the answer).  The socket lives
 *                 in a private directory like the Manager's
 *                 /tmp/pymp-XXXX/listener-XXXX; both are removed as soon as
 *                 every worker has connected, before anything is timed;
 *   shared-table: the same table in a MAP_SHARED mapping, each operation
 *                 under one process-shared mutex, as Array('l', n) with
 *                 get_lock(): no system call unless the lock is contended.
 *
 * An operation adds 1 to one key ("INC", done atomically by the server;
 * a proxy's d[k] += 1 is in fact two round trips, a get and a set, and
 * not atomic at all).  At the end the table's sum must equal every
 * increment made, for both methods. */
#include "commands/shared/manager.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands/shared/crew.h"
#include "lib/processes/child_io.h"
#include "commands/shared/shared.h"
#include "lib/processes/shared_mem.h"
#include "lib/processes/signals.h"
#include "lib/measurement/timing.h"

const char *const manager_methods[] = {"manager", "shared-table"};
const size_t manager_method_count = sizeof manager_methods / sizeof manager_methods[0];

enum { TABLE_KEYS = 64, OP_INC = 1, OP_SUM = 2 };

struct request {
    uint32_t op, key;
    int64_t arg;
};

struct shm_table {
    pthread_mutex_t lock;
    long value[TABLE_KEYS];
};

struct manager_job {
    const struct shared_params *p;
    int shm;                       /* shared-table, else manager */
    struct shm_table *table;
    char dir[128], path[160];      /* the manager's socket */
    int client[CREW_MAX_WORKERS];  /* each worker process's connection */
};

/* The server: answers requests from every client until all have left. */
static int server_loop(int listen_fd, unsigned clients)
{
    struct pollfd fds[CREW_MAX_WORKERS + 2];
    long table[TABLE_KEYS] = {0};
    unsigned nfds = 1, accepted = 0, open_clients = 0;

    fds[0] = (struct pollfd){.fd = listen_fd, .events = POLLIN};
    for (;;) {
        if (accepted == clients && open_clients == 0)
            return 0;
        if (poll(fds, nfds, -1) < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if ((fds[0].revents & POLLIN) && accepted < clients) {
            int fd = accept(listen_fd, NULL, NULL);
            if (fd < 0)
                return -1;
            fds[nfds++] = (struct pollfd){.fd = fd, .events = POLLIN};
            accepted++;
            open_clients++;
            if (accepted == clients)
                fds[0].fd = -1; /* everyone is here: poll ignores a negative fd */
        }
        for (unsigned i = 1; i < nfds; i++) {
            struct request rq;
            int64_t reply = 0;
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
                continue;
            if (read_full(fds[i].fd, &rq, sizeof rq) != (ssize_t)sizeof rq) {
                close(fds[i].fd); /* the client left (or died) */
                fds[i].fd = -1;
                open_clients--;
                continue;
            }
            if (rq.op == OP_INC && rq.key < TABLE_KEYS)
                reply = table[rq.key] += rq.arg;
            else if (rq.op == OP_SUM)
                for (unsigned k = 0; k < TABLE_KEYS; k++)
                    reply += table[k];
            else
                return -1;
            if (write_all(fds[i].fd, &reply, sizeof reply) != 0)
                return -1;
        }
    }
}

static int call(int fd, uint32_t op, uint32_t key, int64_t arg, int64_t *reply)
{
    struct request rq = {.op = op, .key = key, .arg = arg};
    return write_all(fd, &rq, sizeof rq) == 0 && read_full(fd, reply, sizeof *reply) == (ssize_t)sizeof *reply
               ? 0 : -1;
}

static int connect_to(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int worker_setup(unsigned idx, void *arg)
{
    struct manager_job *j = arg;
    if (j->shm)
        return 0;
    j->client[idx] = connect_to(j->path); /* in this worker process's copy */
    return j->client[idx] < 0 ? -1 : 0;
}

static int worker_ops(unsigned idx, void *arg)
{
    struct manager_job *j = arg;
    int64_t reply;

    for (uint64_t i = 0; i < j->p->ops; i++) {
        uint32_t key = (uint32_t)((i * 7 + idx) % TABLE_KEYS);
        if (!j->shm) {
            if (call(j->client[idx], OP_INC, key, 1, &reply) != 0)
                return -1;
            continue;
        }
        int err = pthread_mutex_lock(&j->table->lock);
        if (err == EOWNERDEAD)
            err = pthread_mutex_consistent(&j->table->lock);
        if (err != 0)
            return -1;
        j->table->value[key] += 1;
        if (pthread_mutex_unlock(&j->table->lock) != 0)
            return -1;
    }
    return 0;
}

/* Every worker is connected (setup ran before the start): the name can go. */
static void remove_socket(struct manager_job *j)
{
    if (j->path[0] != '\0' && unlink(j->path) != 0 && errno != ENOENT)
        perror("gilbench shared: unlink");
    if (j->dir[0] != '\0' && rmdir(j->dir) != 0 && errno != ENOENT)
        perror("gilbench shared: rmdir");
    j->path[0] = j->dir[0] = '\0';
}

static int after_start(void *arg)
{
    remove_socket(arg);
    return 0;
}

/* Reaps the server, killing it first when `kill_it` or when it outlives
 * the timeout.  Returns 0 when it ended cleanly by itself. */
static int server_reap(pid_t pid, int kill_it, double timeout_s)
{
    int status;

    if (!kill_it && child_wait_within(pid, timeout_s, &status) == 0)
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
    if (kill(pid, SIGKILL) != 0 && errno != ESRCH)
        perror("gilbench shared: kill");
    if (child_wait(pid, &status, NULL) != 0)
        perror("gilbench shared: waitpid");
    return -1;
}

static int manager_batch(struct manager_job *j, double *wall, int *exact, char *why, size_t len)
{
    const char *tmp = getenv("TMPDIR");
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    struct crew_job job = {.kind = CREW_PROCESSES, .workers = j->p->workers, .setup = worker_setup,
                           .work = worker_ops, .collect = after_start, .arg = j, .timeout_s = j->p->timeout_s};
    int lfd, pfd = -1;
    pid_t server;
    int64_t sum = -1;

    snprintf(j->dir, sizeof j->dir, "%s/gilbench-mgr-XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    if (mkdtemp(j->dir) == NULL) {
        snprintf(why, len, "manager: cannot create a directory in %s: %s", tmp ? tmp : "/tmp", strerror(errno));
        j->dir[0] = '\0';
        return -1;
    }
    if ((size_t)snprintf(j->path, sizeof j->path, "%s/listener", j->dir) >= sizeof a.sun_path) {
        snprintf(why, len, "manager: socket path too long: %s (TMPDIR)", j->path);
        remove_socket(j);
        return -1;
    }
    memcpy(a.sun_path, j->path, strlen(j->path) + 1);
    lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 64) != 0) {
        snprintf(why, len, "manager: cannot listen on %s: %s", j->path, strerror(errno));
        if (lfd >= 0)
            close(lfd);
        remove_socket(j);
        return -1;
    }
    pid_t parent = getpid();
    if (fflush(stdout) != 0 || (server = fork()) < 0) {
        snprintf(why, len, "manager: fork: %s", strerror(errno));
        close(lfd);
        remove_socket(j);
        return -1;
    }
    if (server == 0) {
        signals_reset_in_child();
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
            _exit(1);
        _exit(server_loop(lfd, j->p->workers + 1) == 0 ? 0 : 1);
    }
    close(lfd);
    /* The parent's own client asks for the sum at the end. */
    int ok = (pfd = connect_to(j->path)) >= 0;
    if (!ok)
        snprintf(why, len, "manager: cannot connect to %s: %s", j->path, strerror(errno));
    ok = ok && crew_run(&job, wall, why, len) == 0;
    remove_socket(j); /* normally done already, right after the start */
    if (ok && call(pfd, OP_SUM, 0, 0, &sum) != 0) {
        snprintf(why, len, "manager: the server process died or stopped answering");
        ok = 0;
    }
    if (pfd >= 0)
        close(pfd);
    if (server_reap(server, !ok, j->p->timeout_s) != 0 && ok) {
        snprintf(why, len, "manager: the server process failed");
        ok = 0;
    }
    *exact = sum == (int64_t)(j->p->ops * j->p->workers);
    return ok ? 0 : -1;
}

static int table_batch(struct manager_job *j, double *wall, int *exact, char *why, size_t len)
{
    struct crew_job job = {.kind = CREW_PROCESSES, .workers = j->p->workers, .work = worker_ops,
                           .arg = j, .timeout_s = j->p->timeout_s};
    pthread_mutexattr_t a;
    long sum = 0;
    int err;

    memset(j->table, 0, sizeof *j->table);
    if ((err = pthread_mutexattr_init(&a)) != 0 ||
        (err = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) != 0 ||
        (err = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST)) != 0 ||
        (err = pthread_mutex_init(&j->table->lock, &a)) != 0) {
        snprintf(why, len, "shared-table: process-shared mutex: %s", strerror(err));
        return -1;
    }
    pthread_mutexattr_destroy(&a);
    int rc = crew_run(&job, wall, why, len);
    pthread_mutex_destroy(&j->table->lock);
    for (unsigned k = 0; k < TABLE_KEYS; k++)
        sum += j->table->value[k];
    *exact = sum == (long)(j->p->ops * j->p->workers);
    return rc;
}

struct manager_run {
    struct manager_job job;
    struct manager_row *row;
    char *why;
    size_t len;
};

/* One lib/measurement/timing run: a batch of operations by every worker, either way. */
static int manager_run_once(void *arg, const struct timing_call *call, double *values)
{
    struct manager_run *r = arg;
    int exact = 0, rc;

    (void)call;
    rc = r->job.shm ? table_batch(&r->job, &values[0], &exact, r->why, r->len)
                    : manager_batch(&r->job, &values[0], &exact, r->why, r->len);
    if (rc != 0)
        return signals_interrupted() ? TIMING_INTERRUPTED : TIMING_FAILED;
    r->row->exact &= exact;
    return TIMING_OK;
}

int manager_measure(const char *method, const struct shared_params *p, struct manager_row *row,
                    char *why, size_t len)
{
    struct manager_run r = {.job = {.p = p, .shm = strcmp(method, "shared-table") == 0}, .row = row,
                            .why = why, .len = len};
    struct timing_spec spec = {.nconfigs = 1, .nvalues = 1, .reps = p->batches, .iterations = 1,
                               .run = manager_run_once, .arg = &r};

    memset(row, 0, sizeof *row);
    row->method = method;
    row->workers = p->workers;
    row->ops = p->ops;
    row->exact = 1;
    r.job.table = shared_alloc(sizeof *r.job.table);
    if (r.job.table == NULL) {
        snprintf(why, len, "%s: mmap: %s", method, strerror(errno));
        return -1;
    }
    int rc = shared_time_batches(&spec, (double)p->ops, 1e9, &row->batches, &row->median_ns, &row->min_ns,
                                 &row->max_ns);
    shared_free(r.job.table, sizeof *r.job.table);
    return rc;
}

void manager_csv_header(FILE *fp)
{
    fputs("method,workers,ops_per_worker,batches,median_ns_per_op,min_ns_per_op,max_ns_per_op,exact\n", fp);
}

void manager_csv_row(FILE *fp, const struct manager_row *r)
{
    fprintf(fp, "%s,%u,%llu,%u,%.1f,%.1f,%.1f,%d\n", r->method, r->workers, (unsigned long long)r->ops,
            r->batches, r->median_ns, r->min_ns, r->max_ns, r->exact);
}
