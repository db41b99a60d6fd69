/* gil_new.h - the GIL of CPython >= 3.2 (gil_new.c): a waiter that times
 * out after the switch interval asks the holder to drop it. */
#ifndef GILBENCH_GIL_NEW_H
#define GILBENCH_GIL_NEW_H

#include "gil/gil.h"

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
extern const struct gil_ops gil_new_ops;
int gil_init(struct gil *g, double switch_interval_s);
void gil_destroy(struct gil *g);

#endif
