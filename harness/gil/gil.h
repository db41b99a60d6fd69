/* gil.h - simulated global interpreter locks.
 *
 * Two GILs share one interface: `gil` mirrors CPython >= 3.2 (gil_new.c),
 * `gil-legacy` mirrors CPython 2 (gil_legacy.c).  This file is the
 * interface and the dispatch both use (gil.c); the event trace is
 * trace.h.  A thread that uses a GIL carries a struct gil_thread, CPython's PyThreadState reduced to
 * what the lock needs plus counters and an optional event trace, all
 * written only by that thread, so counting adds no shared traffic. */
#ifndef GILBENCH_GIL_H
#define GILBENCH_GIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct gil_stats {
    uint64_t acquisitions;     /* times a thread took the GIL */
    uint64_t drop_requests;    /* times a waiter timed out and asked the holder to drop */
    uint64_t forced_switches;  /* times a holder waited until another thread took over */
    uint64_t handovers;        /* times the GIL went to a thread other than its last
                                  holder (CPython's switch_number), whatever the cause */
    double wait_s;             /* time spent waiting to take the GIL */
};

struct gil_thread;

/* What a GIL does at each point where CPython's would act. */
struct gil_ops {
    const char *name;
    void (*take)(struct gil_thread *t);
    void (*release_final)(struct gil_thread *t);   /* the thread is finishing */
    void (*on_eval_breaker)(struct gil_thread *t); /* a checkpoint found the flag set */
    void (*blocking_begin)(struct gil_thread *t);  /* Py_BEGIN_ALLOW_THREADS */
    void (*blocking_end)(struct gil_thread *t);    /* Py_END_ALLOW_THREADS */
    const atomic_int *(*eval_breaker)(void *lock); /* the flag checkpoints poll */
};

enum gil_event {
    GIL_EV_REQUEST, GIL_EV_ACQUIRE, GIL_EV_DROP_REQUEST, GIL_EV_RELEASE,
    GIL_EV_BLOCKING_BEGIN, GIL_EV_BLOCKING_END,
};

struct gil_trace_entry {
    double t;               /* clock_now() */
    enum gil_event event;
};

struct gil_trace {
    struct gil_trace_entry *entries;
    size_t n, cap;
    int overflowed;         /* out of memory: later events were dropped */
};

struct gil_thread {
    const struct gil_ops *ops;
    void *lock;             /* struct gil or struct gil_legacy */
    unsigned id;            /* worker index, for traces */
    struct gil_stats stats;
    struct gil_trace *trace; /* NULL unless tracing */
    /* gil-legacy: ticks one checkpoint counts for (gil_ticks_per_checkpoint),
     * on average: 7.3 means 73 bytecodes' work in 10 checkpoints.  1 unless
     * measured (modes/checkpoint_spacing.h).  The new GIL ignores it. */
    double ticks_per_checkpoint;
};

/* The work one gil-legacy tick stands for: one tick of CPython 2.7's
 * interpreter.  Its eval loop (Python/ceval.c, PyEval_EvalFrameEx) runs
 * `if (--_Py_Ticker < 0)` at the top of the dispatch loop and resets the
 * ticker to _Py_CheckInterval (sys.setcheckinterval(), default 100) when
 * it releases the GIL.  Cheap opcodes (LOAD_FAST, STORE_FAST, LOAD_CONST,
 * ...) end with `goto fast_next_opcode` or are reached through PREDICT()
 * and skip the decrement, so a tick is a "slow" bytecode plus the cheap
 * ones around it: in `for i in xrange(n): total += i * i`, 3 of the 9
 * bytecodes per iteration tick (BINARY_MULTIPLY, INPLACE_ADD,
 * JUMP_ABSOLUTE).  Measured on the development machine, CPython 3.11.7
 * runs that loop in 64 ns an iteration, 21 ns per 2.7-style tick; 2.7
 * itself was no faster (it had no specializing interpreter, PEP 659), so
 * a tick is taken as 20 ns of work: 100 ticks, about 2 us. */
#define GIL_TICK_NS 20.0
/* checkpoint_ns / GIL_TICK_NS, at most 10^6; 1 when checkpoint_ns is 0 or
 * not a positive number (not measured). */
double gil_ticks_per_checkpoint(double checkpoint_ns);

/* A failed pthread call on a lock we own means memory corruption or a
 * programming error; CPython calls Py_FatalError in the same places. */
void gil_fatal(const char *what, int err) __attribute__((noreturn));
#define GIL_CHECK(call)                           \
    do {                                          \
        int gil_check_err_ = (call);              \
        if (gil_check_err_ != 0)                  \
            gil_fatal(#call, gil_check_err_);     \
    } while (0)

void gil_thread_init(struct gil_thread *t, const struct gil_ops *ops, void *lock, unsigned id);
void gil_take(struct gil_thread *t);
void gil_release_final(struct gil_thread *t);
void gil_stats_add(struct gil_stats *sum, const struct gil_stats *s);

#endif
