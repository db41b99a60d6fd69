/* pool.c - the operations of pool.h: each call becomes a batch of tasks
 * with consecutive sequence numbers; the batch decides how results come
 * back (all at once in order, streamed in order, streamed as completed,
 * or one with a callback).  The engine (pool_engine.c) does the rest.
 *
 * Default chunksizes are CPython's: map and starmap divide the tasks into
 * about four chunks per worker (Pool._map_async: divmod(len, 4 * workers),
 * rounded up); imap and imap_unordered hand out one task at a time.
 * The streaming operations (imap, imap_unordered, apply_async) are in
 * pool_stream.c.
 */
#include "pool/pool_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_RETRIES = 100 };

void pool_fail(struct pool *p, const char *fmt, ...)
{
    va_list ap;

    if (p->failed)
        return;  /* the first cause is the one worth reporting */
    va_start(ap, fmt);
    vsnprintf(p->error, sizeof p->error, fmt, ap);
    va_end(ap);
    p->failed = 1;
}

const char *pool_error(const struct pool *p)
{
    return p->error;
}

static int check_config(const struct pool_config *c, char *error, size_t len)
{
    const char *bad = NULL;

    if (c->workers < 1 || c->workers > POOL_MAX_WORKERS)
        bad = "workers must be 1 to 256";
    else if (c->func.fn == NULL)
        bad = "no task function";
    else if (c->func.arg_size < 1 || c->func.arg_size > POOL_MAX_ARG || c->func.result_size < 1 ||
             c->func.result_size > POOL_MAX_ARG)
        bad = "argument and result sizes must be 1 to 4096 bytes";
    else if (c->initargs_len > POOL_MAX_INITARGS || (c->initargs_len > 0 && c->initargs == NULL))
        bad = "initargs must be at most 2048 bytes";
    else if (c->retries > MAX_RETRIES)
        bad = "retries must be at most 100";
    else if (c->task_timeout_s < 0)
        bad = "task_timeout_s must not be negative";
    else if (c->start == POOL_START_FORKSERVER && (c->forkserver == NULL || c->forkserver->pid <= 0))
        bad = "the forkserver start method needs a started forkserver";
    else if (c->start == POOL_START_SPAWN && (c->spawn_argv == NULL || c->spawn_argv[0] == NULL))
        bad = "the spawn start method needs spawn_argv";
    if (bad != NULL)
        snprintf(error, len, "pool: %s", bad);
    return bad != NULL ? -1 : 0;
}

struct pool *pool_create(const struct pool_config *config, char *error, size_t error_len)
{
    struct sigaction old;
    struct pool *p;

    if (check_config(config, error, error_len) != 0)
        return NULL;
    /* Writing to the pipe of a worker that just died must give EPIPE, not
     * kill the parent.  CPython ignores SIGPIPE when the interpreter starts
     * (PyOS_setsig(SIGPIPE, SIG_IGN) in Python/pylifecycle.c's initsigs()),
     * which is why a Python pool never dies of it.  A handler the program
     * installed is left alone. */
    if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
        signal(SIGPIPE, SIG_IGN);
    p = calloc(1, sizeof *p);
    if (p == NULL) {
        snprintf(error, error_len, "pool: out of memory");
        return NULL;
    }
    p->cfg = *config;
    p->shm_fd = p->event_fd = -1;
    for (unsigned w = 0; w < POOL_MAX_WORKERS; w++) {
        p->slots[w].in_fd = p->slots[w].out_fd = p->slots[w].proc.sentinel = -1;
        if (w < config->workers && config->queue == POOL_QUEUE_PIPE &&
            (p->slots[w].rbuf = pipe_alloc_rbuf()) == NULL)
            pool_fail(p, "pool: out of memory");
    }
    p->initargs = malloc(config->initargs_len + 1);
    if (p->initargs == NULL)
        pool_fail(p, "pool: out of memory");
    else if (config->initargs_len > 0)
        memcpy(p->initargs, config->initargs, config->initargs_len);
    if (p->failed || pool_engine_start(p) != 0) {
        snprintf(error, error_len, "%s", p->error);
        pool_free(p);
        return NULL;
    }
    return p;
}

struct pool_batch *pool_add_batch(struct pool *p, enum batch_kind kind, const void *args, size_t n,
                                  void *results, size_t chunksize)
{
    size_t rs = p->cfg.func.result_size;
    struct pool_batch *b;

    if (p->failed)
        return NULL;
    if (p->closed) {
        pool_fail(p, "pool: a task was submitted after close()");
        return NULL;
    }
    if (p->nseq + n > p->cap_seq) {
        uint64_t cap = p->cap_seq ? p->cap_seq : 1024;
        while (cap < p->nseq + n)
            cap *= 2;
        struct pool_task *t = realloc(p->tasks, cap * sizeof *t);
        if (t == NULL) {
            pool_fail(p, "pool: out of memory for %zu tasks", n);
            return NULL;
        }
        p->tasks = t;
        p->cap_seq = cap;
    }
    b = calloc(1, sizeof *b);
    if (b == NULL || (results == NULL && (results = malloc(n * rs + 1)) == NULL) ||
        (kind == BATCH_UNORDERED && (b->order = malloc(n * sizeof *b->order + 1)) == NULL)) {
        if (b != NULL && results != NULL && results != b->results)
            free(results);
        free(b);
        pool_fail(p, "pool: out of memory for %zu tasks", n);
        return NULL;
    }
    b->owns_results = kind != BATCH_MAP;
    b->pool = p;
    b->kind = kind;
    b->args = args;
    b->results = results;
    b->n = n;
    b->first_seq = p->nseq;
    if (chunksize == 0)
        chunksize = kind == BATCH_MAP ? (n + 4 * p->cfg.workers - 1) / (4 * p->cfg.workers) : 1;
    b->chunksize = chunksize ? chunksize : 1;
    b->next = p->batches;
    p->batches = b;
    for (size_t i = 0; i < n; i++)
        p->tasks[p->nseq + i] = (struct pool_task){.batch = b, .index = (uint32_t)i};
    p->nseq += n;
    return b;
}

const unsigned char *pool_task_arg(const struct pool *p, uint64_t seq)
{
    const struct pool_task *t = &p->tasks[seq];

    return t->batch->args + (size_t)t->index * p->cfg.func.arg_size;
}

void pool_task_done(struct pool *p, uint64_t seq, const void *result)
{
    struct pool_task *t = &p->tasks[seq];
    struct pool_batch *b = t->batch;
    size_t rs = p->cfg.func.result_size;

    if (t->done)
        return;  /* a task run twice (see claim() in pool_worker.c): keep the first */
    t->done = 1;
    p->ndone++;
    p->stats.tasks_done++;
    memcpy(b->results + (size_t)t->index * rs, result, rs);
    if (b->kind == BATCH_UNORDERED)
        b->order[b->ndone] = t->index;
    b->ndone++;
    if (b->callback != NULL)
        b->callback(t->index, result, b->cb_data);
}

int pool_batch_complete(struct pool *p, void *arg)
{
    (void)p;
    return ((struct pool_batch *)arg)->ndone == ((struct pool_batch *)arg)->n;
}

int pool_map(struct pool *p, const void *args, size_t n, void *results, size_t chunksize)
{
    struct pool_batch *b;

    if (n == 0)
        return p->failed ? -1 : 0;
    b = pool_add_batch(p, BATCH_MAP, args, n, results, chunksize);
    if (b == NULL)
        return -1;
    p->wait_all = 1;
    return pool_engine_wait(p, pool_batch_complete, b);
}

/* In C a tuple of arguments is a struct: starmap is map over structs. */
int pool_starmap(struct pool *p, const void *arg_structs, size_t n, void *results, size_t chunksize)
{
    return pool_map(p, arg_structs, n, results, chunksize);
}

void pool_close(struct pool *p)
{
    p->closed = 1;
}

static int all_done(struct pool *p, void *arg)
{
    (void)arg;
    return p->ndone == p->nseq;
}

int pool_join(struct pool *p)
{
    if (!p->closed) {
        pool_fail(p, "pool: join() before close()");
        return -1;
    }
    p->wait_all = 1;
    if (pool_engine_wait(p, all_done, NULL) != 0)
        return -1;
    return pool_engine_join(p);
}

void pool_terminate(struct pool *p)
{
    pool_engine_terminate(p);
}

void pool_free(struct pool *p)
{
    if (p == NULL)
        return;
    pool_engine_terminate(p);
    shm_teardown(p);
    while (p->batches != NULL) {
        struct pool_batch *b = p->batches;
        p->batches = b->next;
        if (b->owns_results)
            free(b->results);
        if (b->owns_args)
            free((void *)b->args);
        free(b->order);
        free(b);
    }
    for (unsigned w = 0; w < POOL_MAX_WORKERS; w++)
        free(p->slots[w].rbuf);
    free(p->tasks);
    free(p->retry);
    free(p->initargs);
    free(p);
}

void pool_get_stats(const struct pool *p, struct pool_stats *stats)
{
    *stats = p->stats;
}

unsigned pool_worker_pids(const struct pool *p, int *pids, unsigned max)
{
    unsigned n = 0;

    for (unsigned w = 0; w < p->cfg.workers && n < max; w++)
        if (p->slots[w].alive)
            pids[n++] = (int)p->slots[w].proc.pid;
    return n;
}

static const char *const start_names[] = {"fork", "spawn", "forkserver"};
static const char *const queue_names[] = {"pipe", "shm"};

const char *pool_start_name(enum pool_start s)
{
    return start_names[s];
}

const char *pool_queue_name(enum pool_queue q)
{
    return queue_names[q];
}

int pool_start_parse(const char *s, enum pool_start *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, start_names[i]) == 0) {
            *out = (enum pool_start)i;
            return 0;
        }
    return -1;
}

int pool_queue_parse(const char *s, enum pool_queue *out)
{
    for (int i = 0; i < 2; i++)
        if (strcmp(s, queue_names[i]) == 0) {
            *out = (enum pool_queue)i;
            return 0;
        }
    return -1;
}
