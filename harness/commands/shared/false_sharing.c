/* false_sharing.c - each worker increments only its own counter, so there
 * is nothing to synchronise; yet when the counters sit on one 64-byte
 * cache line ("packed", an Array('l', n) indexed by worker), every store
 * must take the line away from the other cores first (MESI: the line is
 * invalidated there), and the line ping-pongs between them.  "padded"
 * puts each counter 128 bytes apart (two lines: the adjacent-line
 * prefetcher pairs lines), and each core keeps its own line.
 *
 * The workers are processes sharing one MAP_SHARED mapping, as
 * multiprocessing's Array is; the increment is a relaxed atomic load and
 * store (a plain mov each), so the compiler cannot keep the counter in a
 * register and every iteration really stores to memory. */
#include "commands/shared/false_sharing.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include "commands/shared/crew.h"
#include "commands/shared/shared.h"
#include "lib/measurement/timing.h"
#include "lib/processes/shared_mem.h"
#include "lib/processes/signals.h"

enum { PACKED_STRIDE = 8, PADDED_STRIDE = 128 };

struct fs_job {
    unsigned char *base;
    unsigned stride;
    uint64_t increments;
};

static _Atomic uint64_t *slot(const struct fs_job *j, unsigned idx)
{
    return (_Atomic uint64_t *)(void *)(j->base + (size_t)idx * j->stride);
}

static int fs_work(unsigned idx, void *arg)
{
    const struct fs_job *j = arg;
    _Atomic uint64_t *c = slot(j, idx);

    for (uint64_t i = 0; i < j->increments; i++)
        atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + 1, memory_order_relaxed);
    return 0;
}

struct fs_run {
    struct fs_job job;
    struct crew_job crew;
    size_t bytes;
    struct false_sharing_row *row;
    char *why;
    size_t len;
};

/* One lib/measurement/timing run: counters zeroed, the crew, every counter checked. */
static int fs_run_once(void *arg, const struct timing_call *call, double *values)
{
    struct fs_run *r = arg;

    (void)call;
    memset(r->job.base, 0, r->bytes);
    if (crew_run(&r->crew, &values[0], r->why, r->len) != 0)
        return signals_interrupted() ? TIMING_INTERRUPTED : TIMING_FAILED;
    for (unsigned w = 0; w < r->crew.workers; w++)
        r->row->exact &= atomic_load(slot(&r->job, w)) == r->job.increments;
    return TIMING_OK;
}

int false_sharing_measure(const char *layout, const struct shared_params *p,
                          struct false_sharing_row *row, char *why, size_t len)
{
    unsigned stride = strcmp(layout, "packed") == 0 ? PACKED_STRIDE : PADDED_STRIDE;
    struct fs_run r = {.bytes = (size_t)stride * CREW_MAX_WORKERS + 64, .row = row, .why = why, .len = len};
    struct timing_spec spec = {.nconfigs = 1, .nvalues = 1, .reps = p->batches, .iterations = 1,
                               .run = fs_run_once, .arg = &r};
    void *map;

    memset(row, 0, sizeof *row);
    row->layout = layout;
    row->stride_bytes = stride;
    row->workers = p->workers;
    row->increments = p->fs_increments;
    row->exact = 1;
    /* shared_alloc maps whole pages: the packed counters share a line. */
    map = shared_alloc(r.bytes);
    if (map == NULL) {
        snprintf(why, len, "false sharing: mmap: %s", strerror(errno));
        return -1;
    }
    r.job = (struct fs_job){.base = map, .stride = stride, .increments = p->fs_increments};
    r.crew = (struct crew_job){.kind = CREW_PROCESSES, .workers = p->workers, .work = fs_work, .arg = &r.job,
                               .timeout_s = p->timeout_s};
    int rc = shared_time_batches(&spec, (double)p->fs_increments, 1e9, &row->batches, &row->median_ns,
                                 &row->min_ns, &row->max_ns);
    shared_free(map, r.bytes);
    return rc;
}

void false_sharing_csv_header(FILE *fp)
{
    fputs("layout,stride_bytes,workers,increments_per_worker,batches,median_ns_per_increment,"
          "min_ns_per_increment,max_ns_per_increment,exact\n", fp);
}

void false_sharing_csv_row(FILE *fp, const struct false_sharing_row *r)
{
    fprintf(fp, "%s,%u,%u,%llu,%u,%.3f,%.3f,%.3f,%d\n", r->layout, r->stride_bytes, r->workers,
            (unsigned long long)r->increments, r->batches, r->median_ns, r->min_ns, r->max_ns, r->exact);
}
