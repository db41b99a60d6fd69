/* pool_fixture.h - what the pool library's tests share (test_pool_methods.c,
 * test_pool_faults.c): a task function that squares a number and can be
 * told to crash, hang or wait; pools built the same way; the checks that
 * every child is gone; and the main both test programs run.
 *
 * The spawn start method needs a program that serves as a worker: each
 * test binary is one (`test_pool_... pool-worker`, see pool_fixture_main). */
#ifndef GILBENCH_TEST_POOL_FIXTURE_H
#define GILBENCH_TEST_POOL_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>

#include "pool/forkserver.h"
#include "pool/pool.h"

enum { FAULT_NONE, FAULT_CRASH_ONCE, FAULT_CRASH_ALWAYS, FAULT_HANG_ONCE, FAULT_HANG_ALWAYS,
       FAULT_WAIT_GATE };

/* FAULT_WAIT_GATE: the task waits (up to 5 s) until this file exists, so
 * "finishes last" does not depend on the machine's speed.  Set before the
 * pool forks its workers. */
extern char gate_path[PATH_MAX];

struct targ {
    int64_t value;
    uint32_t sleep_us;
    uint32_t fault;
};

struct tres {
    int64_t square;     /* value * value + the initializer's offset */
    int32_t pid;
    uint32_t attempt;
};

/* What the initializer adds to every square. */
#define OFFSET ((int64_t)1000)

extern const struct pool_func square_func;
/* The forkserver, alive for the whole test program. */
extern struct forkserver server;
extern const enum pool_start starts[3];
extern const enum pool_queue queues[2];

void sleep_us(uint32_t us);
/* A pool of square_func with OFFSET as the initializer's argument and 2
 * retries (fails the test when it cannot be made). */
struct pool *make_pool(enum pool_start start, enum pool_queue queue, unsigned workers,
                       unsigned maxtasks);
/* The same, made from `cfg` with its func, initargs and worker program
 * filled in. */
struct pool *make_pool_from(struct pool_config cfg);
void fill_args(struct targ *args, size_t n);
/* res[i].square is i*i + OFFSET for every i < n. */
void assert_squares(const struct tres *res, size_t n);
/* close, join (which must succeed), free. */
void close_join_free(struct pool *p);

/* The parent's pid of process `pid` (-1 when it has ended). */
long parent_of(int pid);
void assert_no_children(void);
/* Teardown after each test: kills and reaps what a failed test left. */
int reap_strays(void **unused);
/* Gone from the process table: not running, not a zombie. */
void assert_gone(const int *pids, unsigned n);

/* The test programs' main: serves as a spawn worker when asked, starts
 * the forkserver, calls run_group (which runs the cmocka group and
 * returns how many failed), then checks that no child is left. */
int pool_fixture_main(int argc, char **argv, int (*run_group)(void));

#endif
