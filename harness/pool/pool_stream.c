/* pool_stream.c - the operations that give results one at a time:
 * imap (in argument order, each as soon as it and those before it are
 * in), imap_unordered (in completion order) and apply_async (one call,
 * with a callback).  Like CPython's IMapIterator and ApplyResult, they are
 * handles on a batch the pool keeps until pool_free(), so a result that
 * arrives after the caller let go still has somewhere to go. */
#include "pool/pool_internal.h"

#include <stdlib.h>
#include <string.h>

struct pool_iter {
    struct pool_batch *batch;
};

static struct pool_iter *iter_new(struct pool *p, enum batch_kind kind, const void *args, size_t n,
                                  size_t chunksize)
{
    struct pool_iter *it = calloc(1, sizeof *it);

    if (it == NULL || (it->batch = pool_add_batch(p, kind, args, n, NULL, chunksize)) == NULL) {
        free(it);
        return NULL;
    }
    pool_engine_kick(p);
    return it;
}

struct pool_iter *pool_imap(struct pool *p, const void *args, size_t n, size_t chunksize)
{
    return iter_new(p, BATCH_IMAP, args, n, chunksize);
}

struct pool_iter *pool_imap_unordered(struct pool *p, const void *args, size_t n, size_t chunksize)
{
    return iter_new(p, BATCH_UNORDERED, args, n, chunksize);
}

static int next_ready(struct pool *p, void *arg)
{
    const struct pool_batch *b = arg;

    if (b->kind == BATCH_IMAP)
        return p->tasks[b->first_seq + b->delivered].done;
    return b->ndone > b->delivered;
}

int pool_iter_next(struct pool_iter *it, void *result, size_t *index)
{
    struct pool_batch *b = it->batch;
    struct pool *p = b->pool;
    size_t i;

    if (b->delivered == b->n)
        return 0;
    p->wait_all = 0;
    if (pool_engine_wait(p, next_ready, b) != 0)
        return -1;
    i = b->kind == BATCH_IMAP ? b->delivered : b->order[b->delivered];
    b->delivered++;
    memcpy(result, b->results + i * p->cfg.func.result_size, p->cfg.func.result_size);
    if (index != NULL)
        *index = i;
    return 1;
}

void pool_iter_free(struct pool_iter *it)
{
    free(it);  /* the batch stays with the pool: a late result still has a place to go */
}

struct pool_async {
    struct pool_batch *batch;
};

struct pool_async *pool_apply_async(struct pool *p, const void *arg, pool_callback callback,
                                    void *data)
{
    struct pool_async *a = malloc(sizeof *a);
    /* Copied: a retry may need it after the caller's variable is gone. */
    unsigned char *copy = malloc(p->cfg.func.arg_size);

    if (a == NULL || copy == NULL) {
        free(a);
        free(copy);
        pool_fail(p, "pool: out of memory");
        return NULL;
    }
    memcpy(copy, arg, p->cfg.func.arg_size);
    a->batch = pool_add_batch(p, BATCH_ASYNC, copy, 1, NULL, 1);
    if (a->batch == NULL) {
        free(a);
        free(copy);
        return NULL;
    }
    a->batch->owns_args = 1;
    a->batch->callback = callback;
    a->batch->cb_data = data;
    pool_engine_kick(p);
    return a;
}

int pool_async_ready(const struct pool_async *a)
{
    return a->batch->ndone == 1;
}

int pool_async_get(struct pool_async *a, void *result)
{
    struct pool *p = a->batch->pool;

    p->wait_all = 0;
    if (pool_engine_wait(p, pool_batch_complete, a->batch) != 0)
        return -1;
    memcpy(result, a->batch->results, p->cfg.func.result_size);
    return 0;
}

/* The pool keeps the batch (its task may still run, its callback still
 * fire); pool_free() frees it. */
void pool_async_free(struct pool_async *a)
{
    free(a);
}
