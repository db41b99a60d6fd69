/* example.c - the pool of pool.h next to the Python it mirrors
 * (example.py, beside this file).  Build: make bin/pool-example. */
#include <stdio.h>

#include "pool/pool.h"

static void square(const void *arg, void *result, const struct pool_task_ctx *ctx)
{
    (void)ctx;
    *(long *)result = *(const long *)arg * *(const long *)arg;
}

static void on_done(size_t index, const void *result, void *data)
{
    (void)index, (void)data;
    printf("callback: %ld\n", *(const long *)result);
}

int main(void)
{
    struct forkserver server;      /* started first, while this program is small */
    char error[512];
    if (forkserver_start(&server, error, sizeof error) != 0)
        return fprintf(stderr, "%s\n", error), 1;

    struct pool_config config = {
        .workers = 2, .start = POOL_START_FORKSERVER, .forkserver = &server,
        .func = {.fn = square, .arg_size = sizeof(long), .result_size = sizeof(long)},
        .maxtasksperchild = 100, .retries = 2};
    struct pool *pool = pool_create(&config, error, sizeof error);
    if (pool == NULL)
        return fprintf(stderr, "%s\n", error), 1;

    long numbers[10], squares[10], r;
    for (long i = 0; i < 10; i++)
        numbers[i] = i;
    if (pool_map(pool, numbers, 10, squares, 2) == 0)             /* pool.map(square, range(10), 2) */
        for (int i = 0; i < 10; i++)
            printf("%ld%s", squares[i], i < 9 ? " " : "\n");

    struct pool_iter *it = pool_imap_unordered(pool, numbers, 4, 1); /* imap_unordered(square, range(4)) */
    while (it != NULL && pool_iter_next(it, &r, NULL) == 1)
        printf("as completed: %ld\n", r);
    pool_iter_free(it);

    struct pool_async *a = pool_apply_async(pool, &numbers[7], on_done, NULL);
    if (a != NULL && pool_async_get(a, &r) == 0)                  /* res.get() */
        printf("apply_async: %ld\n", r);
    pool_async_free(a);

    pool_close(pool);                                             /* with-block end: close, join */
    int failed = pool_join(pool) != 0;
    if (failed)
        fprintf(stderr, "%s\n", pool_error(pool));
    pool_free(pool);
    return forkserver_stop(&server) != 0 || failed;
}
