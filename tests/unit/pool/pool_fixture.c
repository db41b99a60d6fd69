/* pool_fixture.c - the pool tests' task function, pools and child checks
 * (pool_fixture.h). */
#include "pool_fixture.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/processes/proc_stat.h"
#include "pool/pool_worker.h"

char gate_path[PATH_MAX];
struct forkserver server;
const enum pool_start starts[3] = {POOL_START_FORK, POOL_START_SPAWN, POOL_START_FORKSERVER};
const enum pool_queue queues[2] = {POOL_QUEUE_PIPE, POOL_QUEUE_SHM};

static const int64_t offset_value = OFFSET;
static char self_exe[PATH_MAX];
static char *spawn_argv[] = {self_exe, "pool-worker", NULL};

void sleep_us(uint32_t us)
{
    struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static int offset_init(const void *initargs, size_t len, void **state)
{
    int64_t *offset = malloc(sizeof *offset);
    if (offset == NULL || len != sizeof *offset) {
        free(offset);
        return -1;
    }
    memcpy(offset, initargs, sizeof *offset);
    *state = offset;
    return 0;
}

static void offset_fini(void *state)
{
    free(state);
}

static void square_fn(const void *arg, void *result, const struct pool_task_ctx *ctx)
{
    const struct targ *a = arg;
    struct tres *r = result;
    int first = ctx->attempt == 0;

    if (a->fault == FAULT_CRASH_ALWAYS || (a->fault == FAULT_CRASH_ONCE && first))
        raise(SIGKILL);
    if (a->fault == FAULT_HANG_ALWAYS || (a->fault == FAULT_HANG_ONCE && first))
        for (;;)
            pause();
    if (a->fault == FAULT_WAIT_GATE)
        for (int i = 0; i < 5000 && access(gate_path, F_OK) != 0; i++)
            sleep_us(1000);
    sleep_us(a->sleep_us);
    r->square = a->value * a->value + *(const int64_t *)ctx->state;
    r->pid = (int32_t)getpid();
    r->attempt = ctx->attempt;
}

const struct pool_func square_func = {
    .fn = square_fn, .arg_size = sizeof(struct targ), .result_size = sizeof(struct tres),
    .initializer = offset_init, .finalizer = offset_fini};

struct pool *make_pool_from(struct pool_config cfg)
{
    char error[256];
    struct pool *p;

    cfg.func = square_func;
    cfg.initargs = &offset_value;
    cfg.initargs_len = sizeof offset_value;
    cfg.spawn_argv = spawn_argv;
    p = pool_create(&cfg, error, sizeof error);
    if (p == NULL)
        fail_msg("pool_create: %s", error);
    return p;
}

struct pool *make_pool(enum pool_start start, enum pool_queue queue, unsigned workers,
                       unsigned maxtasks)
{
    return make_pool_from((struct pool_config){
        .workers = workers, .start = start, .queue = queue, .maxtasksperchild = maxtasks,
        .retries = 2, .forkserver = &server});
}

void fill_args(struct targ *args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        args[i] = (struct targ){.value = (int64_t)i};
}

void assert_squares(const struct tres *res, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(res[i].square, (int64_t)(i * i) + OFFSET);
}

void close_join_free(struct pool *p)
{
    pool_close(p);
    assert_int_equal(pool_join(p), 0);
    pool_free(p);
}

long parent_of(int pid)
{
    char state;
    long ppid;

    return proc_stat_read(pid, &state, &ppid) == 0 ? ppid : -1;
}

/* Our children in the process table, running or zombie, but the
 * forkserver (which lives for the whole test program): up to `max` pids
 * into pids[], returns how many there are. */
static unsigned our_children(pid_t *pids, unsigned max)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    unsigned n = 0;

    if (d == NULL)
        fail_msg("opendir /proc: %s", strerror(errno));
    while ((e = readdir(d)) != NULL) {
        long pid = strtol(e->d_name, NULL, 10);

        if (pid <= 0 || pid == (long)server.pid)
            continue;
        if (parent_of((int)pid) == (long)getpid()) {  /* -1: ended meanwhile */
            if (n < max)
                pids[n] = (pid_t)pid;
            n++;
        }
    }
    closedir(d);
    return n;
}

void assert_no_children(void)
{
    assert_int_equal(our_children(NULL, 0), 0);
}

/* A test that failed half-way leaves its pool's workers; kill and reap
 * them so the next test starts clean and one failure is reported once,
 * not once per later test. */
int reap_strays(void **unused)
{
    pid_t pids[64];
    unsigned n = our_children(pids, 64);
    (void)unused;

    for (unsigned i = 0; i < n && i < 64; i++) {
        int status;
        (void)kill(pids[i], SIGKILL);  /* ESRCH: it ended meanwhile */
        (void)waitpid(pids[i], &status, 0);
    }
    return 0;
}

void assert_gone(const int *pids, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        for (int tries = 0; tries < 200 && kill(pids[i], 0) == 0; tries++)
            sleep_us(5000);  /* the forkserver reaps its own: give it a moment */
        errno = 0;
        assert_int_equal(kill(pids[i], 0), -1);
        assert_int_equal(errno, ESRCH);
    }
}

int pool_fixture_main(int argc, char **argv, int (*run_group)(void))
{
    char error[256];
    ssize_t n;
    int failed;

    if (argc == 2 && strcmp(argv[1], "pool-worker") == 0)
        return pool_worker_main(&square_func);
    n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
    if (n < 0)
        return 1;
    self_exe[n] = '\0';
    /* The kernel pool's spawn workers are gilbench itself; tests run from
     * the top of the tree. */
    if (setenv("GILBENCH_WORKER_EXE", "bin/gilbench", 0) != 0)
        return 1;
    if (forkserver_start(&server, error, sizeof error) != 0) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    failed = run_group();
    /* The server ends, and with it nothing may be left: it reaped its own. */
    if (forkserver_stop(&server) != 0) {
        fprintf(stderr, "the forkserver did not end cleanly\n");
        failed++;
    }
    int status;
    if (waitpid(-1, &status, WNOHANG) != -1 || errno != ECHILD) {
        fprintf(stderr, "a child was left behind\n");
        failed++;
    }
    return failed;
}
