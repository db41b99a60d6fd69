/* counter.c - the tutorials' shared counter, `Value('i', 0)` incremented
 * by every worker.
 *
 *   unsynchronised: `counter.value += 1` with no lock: a load, an add and
 *                   a store, three steps another worker can fall between,
 *                   so increments are lost.  Written as relaxed atomic
 *                   load and store, which compile to the same plain mov as
 *                   a racy int would, but are defined behaviour (and clean
 *                   under ThreadSanitizer): the loss is the lesson, not UB;
 *   mutex:          `with counter.get_lock(): counter.value += 1`: a
 *                   PTHREAD_PROCESS_SHARED mutex beside the value (robust,
 *                   so a worker dying with it held cannot hang the rest);
 *   atomic:         one atomic add (lock xadd): exact, and no system call
 *                   even when contended, but the cache line still moves
 *                   between the cores on every increment.
 *
 * Processes share the counter through a MAP_SHARED mapping made before
 * fork; threads through the same mapping, for contrast. */
#include "commands/shared/counter.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "commands/shared/shared.h"
#include "lib/measurement/timing.h"
#include "lib/processes/shared_mem.h"
#include "lib/processes/signals.h"

const char *const counter_methods[] = {"unsynchronised", "mutex", "atomic"};
const size_t counter_method_count = sizeof counter_methods / sizeof counter_methods[0];

struct shared_counter {
    _Atomic long value;
    pthread_mutex_t lock;
};

struct counter_job {
    struct shared_counter *c;
    const char *method;
    uint64_t increments;
};

static int lock_robust(pthread_mutex_t *m)
{
    int err = pthread_mutex_lock(m);
    if (err == EOWNERDEAD) /* a worker died holding it: the value is still a count */
        err = pthread_mutex_consistent(m);
    return err;
}

static int counter_work(unsigned idx, void *arg)
{
    struct counter_job *j = arg;
    _Atomic long *v = &j->c->value;

    (void)idx;
    if (strcmp(j->method, "unsynchronised") == 0) {
        for (uint64_t i = 0; i < j->increments; i++)
            atomic_store_explicit(v, atomic_load_explicit(v, memory_order_relaxed) + 1, memory_order_relaxed);
    } else if (strcmp(j->method, "mutex") == 0) {
        for (uint64_t i = 0; i < j->increments; i++) {
            if (lock_robust(&j->c->lock) != 0)
                return -1;
            atomic_store_explicit(v, atomic_load_explicit(v, memory_order_relaxed) + 1, memory_order_relaxed);
            if (pthread_mutex_unlock(&j->c->lock) != 0)
                return -1;
        }
    } else {
        for (uint64_t i = 0; i < j->increments; i++)
            atomic_fetch_add_explicit(v, 1, memory_order_relaxed);
    }
    return 0;
}

static int counter_init(struct shared_counter *c)
{
    pthread_mutexattr_t a;
    int err;

    atomic_init(&c->value, 0);
    if ((err = pthread_mutexattr_init(&a)) != 0)
        return err;
    if ((err = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) == 0 &&
        (err = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST)) == 0)
        err = pthread_mutex_init(&c->lock, &a);
    pthread_mutexattr_destroy(&a);
    return err;
}

struct counter_run {
    struct counter_job job;
    struct crew_job crew;
    struct counter_row *row;
    char *why;
    size_t len;
};

/* One lib/measurement/timing run: a fresh counter, the crew, the final count. */
static int counter_run_once(void *arg, const struct timing_call *call, double *values)
{
    struct counter_run *r = arg;
    struct shared_counter *c = r->job.c;
    int err = counter_init(c);

    if (err != 0) {
        snprintf(r->why, r->len, "counter: process-shared mutex: %s", strerror(err));
        return TIMING_FAILED;
    }
    int rc = crew_run(&r->crew, &values[0], r->why, r->len);
    pthread_mutex_destroy(&c->lock);
    if (rc != 0)
        return signals_interrupted() ? TIMING_INTERRUPTED : TIMING_FAILED;
    uint64_t final = (uint64_t)atomic_load(&c->value);
    r->row->exact_batches += final == r->row->expected;
    if (call->rep == 1 || final < r->row->lowest_final)
        r->row->lowest_final = final;
    return TIMING_OK;
}

int counter_measure(enum crew_kind kind, const char *method, const struct shared_params *p,
                    struct counter_row *row, char *why, size_t len)
{
    struct counter_run r = {.row = row, .why = why, .len = len};
    struct timing_spec spec = {.nconfigs = 1, .nvalues = 1, .reps = p->batches, .iterations = 1,
                               .run = counter_run_once, .arg = &r};
    struct shared_counter *c;

    memset(row, 0, sizeof *row);
    row->kind = kind == CREW_THREADS ? "threads" : "processes";
    row->method = method;
    row->workers = p->workers;
    row->increments = p->increments;
    row->expected = p->increments * p->workers;
    c = shared_alloc(sizeof *c);
    if (c == NULL) {
        snprintf(why, len, "counter: mmap: %s", strerror(errno));
        return -1;
    }
    r.job = (struct counter_job){.c = c, .method = method, .increments = p->increments};
    r.crew = (struct crew_job){.kind = kind, .workers = p->workers, .work = counter_work, .arg = &r.job,
                               .timeout_s = p->timeout_s};
    int rc = shared_time_batches(&spec, (double)p->increments, 1e9, &row->batches, &row->median_ns,
                                 &row->min_ns, &row->max_ns);
    shared_free(c, sizeof *c);
    return rc;
}

void counter_csv_header(FILE *fp)
{
    fputs("kind,method,workers,increments_per_worker,expected,lowest_final_count,most_lost,exact_batches,batches,"
          "median_ns_per_increment,min_ns_per_increment,max_ns_per_increment\n", fp);
}

void counter_csv_row(FILE *fp, const struct counter_row *r)
{
    fprintf(fp, "%s,%s,%u,%llu,%llu,%llu,%lld,%u,%u,%.2f,%.2f,%.2f\n", r->kind, r->method, r->workers,
            (unsigned long long)r->increments, (unsigned long long)r->expected,
            (unsigned long long)r->lowest_final, (long long)(r->expected - r->lowest_final),
            r->exact_batches, r->batches, r->median_ns, r->min_ns, r->max_ns);
}
