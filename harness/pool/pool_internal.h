/* pool_internal.h - the parent's side of a pool, shared by the files of
 * harness/pool/ (nothing outside includes it).
 *
 *   pool.c         creating the pool, map and starmap, close/join/terminate: batches of tasks
 *   pool_stream.c  imap, imap_unordered, apply_async: results one at a time
 *   pool_engine.c  the loop that waits, starts and replaces workers, handles faults
 *   pool_pipe.c    the pipe queue, parent side
 *   pool_shm.c     the shm queue, parent side
 *   pool_proc.c    starting, signalling and reaping one worker process
 *   pool_worker.c  the worker's side of both queues
 *
 * Every task gets a sequence number `seq`, counting up over the pool's
 * life; p->tasks[seq] remembers whose it is, how often it was tried and
 * whether its result is in.
 */
#ifndef GILBENCH_POOL_INTERNAL_H
#define GILBENCH_POOL_INTERNAL_H

#include <stdint.h>
#include <sys/types.h>

#include "pool/pool.h"
#include "pool/pool_wire.h"

enum batch_kind { BATCH_MAP, BATCH_IMAP, BATCH_UNORDERED, BATCH_ASYNC };

struct pool_batch {
    struct pool *pool;
    enum batch_kind kind;
    const unsigned char *args;
    unsigned char *results;       /* map: the caller's array; else owned */
    int owns_results, owns_args;
    size_t n, ndone;
    uint64_t first_seq;
    size_t chunksize;
    size_t *order;                /* unordered: indices in completion order */
    size_t delivered;             /* imap, unordered: results given out */
    pool_callback callback;
    void *cb_data;
    struct pool_batch *next;
};

struct pool_task {
    struct pool_batch *batch;
    uint32_t index;
    uint8_t tries;                /* runs that ended in a fault */
    uint8_t done;
};

/* A worker process, as its starter returns it. */
struct pool_proc {
    pid_t pid;
    int sentinel;                 /* readable once it has ended: a pidfd, or the forkserver connection */
    enum pool_start start;
};

enum { PIPE_MAX_MSGS = 64 };      /* messages queued to one worker at most (see pool_pipe.c) */

struct pipe_msg_out {
    uint64_t first_seq;
    uint32_t count, done;
    size_t bytes;
};

struct pool_slot {
    struct pool_proc proc;
    int alive;
    int in_fd, out_fd;            /* parent's ends: tasks (pipe) / boot, results (pipe) */
    uint64_t tasks_given;         /* pipe: for maxtasksperchild */
    struct pipe_msg_out out[PIPE_MAX_MSGS];
    unsigned nout;
    size_t out_bytes;             /* pipe: bytes of the messages in out[] */
    double task_s;                /* pipe: recent time per task (moving average), 0 unknown */
    double last_result;
    unsigned char *rbuf;          /* pipe: partial result records */
    size_t rhave;
    double last_progress;         /* clock time it last finished a task or got one while idle */
    uint64_t seen_done, seen_cursor;  /* shm: what the last look found */
};

struct pool {
    struct pool_config cfg;
    unsigned char *initargs;
    int closed, failed, terminated;
    int wait_all;                 /* the caller waits for every task out (map, join), not the next one */
    char error[512];
    struct pool_task *tasks;
    uint64_t nseq, cap_seq;       /* seqs handed out so far; capacity of tasks[] */
    uint64_t unsent;              /* lowest seq not yet given to the queue */
    uint64_t ndone;               /* seqs with their result in */
    uint64_t *retry;              /* pipe: seqs to send again */
    size_t nretry, cap_retry;
    struct pool_slot slots[POOL_MAX_WORKERS];
    struct pool_batch *batches;
    struct pool_stats stats;
    /* shm queue */
    struct pool_shm_header *shm;
    size_t shm_len;
    int shm_fd, event_fd;
    uint64_t shm_low;             /* lowest seq whose result is not collected */
    unsigned char *scratch;       /* one result, for the pipe queue */
};

/* pool.c: a batch of n tasks, their seqs next in line.  NULL on failure
 * (pool_fail'ed).  `results` NULL: the batch allocates its own. */
struct pool_batch *pool_add_batch(struct pool *p, enum batch_kind kind, const void *args, size_t n,
                                  void *results, size_t chunksize);
/* For pool_engine_wait(): all of the batch `arg` is in. */
int pool_batch_complete(struct pool *p, void *arg);
/* pool.c: a task's result arrived (first time only). */
void pool_task_done(struct pool *p, uint64_t seq, const void *result);
const unsigned char *pool_task_arg(const struct pool *p, uint64_t seq);
void pool_fail(struct pool *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* pool_engine.c */
int pool_engine_start(struct pool *p);
/* Runs the loop until done(p, arg) holds or the pool fails.  0 or -1. */
int pool_engine_wait(struct pool *p, int (*done)(struct pool *, void *), void *arg);
void pool_engine_terminate(struct pool *p);
/* Hands queued tasks to the queue without waiting (apply_async). */
void pool_engine_kick(struct pool *p);
/* After close: every worker finishes and exits; reaps them.  0 or -1. */
int pool_engine_join(struct pool *p);
double pool_engine_now(void);

/* pool_proc.c */
int pool_proc_start(const struct pool *p, const int fds[3], struct pool_proc *pr, char *error,
                    size_t error_len);
int pool_proc_signal(const struct pool_proc *pr, int sig);
/* Blocks until it has ended; adds its resource use to `stats`. */
int pool_proc_reap(struct pool_proc *pr, int *status, struct pool_stats *stats);

/* pool_pipe.c */
void pipe_dispatch(struct pool *p);
/* Reads what slot w sent.  Returns 1 at EOF, 0 otherwise, -1 on a protocol error. */
int pipe_collect(struct pool *p, unsigned w);
/* The worker in slot w is gone: puts its unfinished tasks back; returns
 * the one it was running (UINT64_MAX if none). */
uint64_t pipe_orphans(struct pool *p, unsigned w);
void pipe_requeue(struct pool *p, uint64_t seq);
unsigned char *pipe_alloc_rbuf(void);

/* pool_shm.c */
int shm_setup(struct pool *p);
void shm_teardown(struct pool *p);
void shm_submit(struct pool *p);
void shm_collect(struct pool *p);
/* Tells the workers to wake the parent at `target` completions; returns 1
 * if the target is already reached (do not sleep). */
int shm_arm_wakeup(struct pool *p, uint64_t target);
void shm_drain_wakeup(struct pool *p);
void shm_stop(struct pool *p);
/* The worker in slot w is gone: [lo, hi) are its unfinished tasks. */
void shm_orphans(struct pool *p, unsigned w, uint64_t *lo, uint64_t *hi);
/* Slot w's shared state before a (replacement) worker starts there: its
 * claim is [lo, hi), the tasks its predecessor left. */
void shm_reset_worker(struct pool *p, unsigned w, uint64_t lo, uint64_t hi);

#endif
