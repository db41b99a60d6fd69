/* gil.h - a simulated global interpreter lock, after CPython >= 3.2.
 * The mechanism and the reasons for it are explained in gil.c. */
#ifndef GILBENCH_GIL_H
#define GILBENCH_GIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct gil_stats {
    uint64_t acquisitions;     /* times a thread took the GIL */
    uint64_t drop_requests;    /* times a waiter timed out and asked the holder to drop */
    uint64_t forced_switches;  /* times a holder waited until another thread took over */
    double wait_s;             /* time spent waiting to take the GIL */
};

struct gil {
    pthread_mutex_t mutex;          /* protects `locked` changes; held briefly */
    pthread_cond_t cond;            /* signalled when the GIL is released */
    pthread_mutex_t switch_mutex;   /* FORCE_SWITCHING: protects last_holder hand-over */
    pthread_cond_t switch_cond;     /* signalled when a thread takes the GIL */
    atomic_int locked;
    atomic_int drop_request;        /* CPython's gil_drop_request / eval_breaker */
    _Atomic(struct gil_thread *) last_holder;
    unsigned long switch_number;    /* under mutex: counts hand-overs between threads */
    long interval_us;               /* sys.setswitchinterval(), in microseconds */
};

/* One per thread that uses the GIL: CPython's PyThreadState, reduced to
 * what the lock needs, plus counters only this thread writes. */
struct gil_thread {
    struct gil *gil;
    struct gil_stats stats;
};

int gil_init(struct gil *g, double switch_interval_s);
void gil_destroy(struct gil *g);

void gil_thread_init(struct gil_thread *t, struct gil *g);
void gil_take(struct gil_thread *t);
/* Release for good (the thread is finishing): no forced switch, as
 * CPython's drop_gil(ceval, NULL). */
void gil_release_final(struct gil_thread *t);

void gil_stats_add(struct gil_stats *sum, const struct gil_stats *s);

#endif
