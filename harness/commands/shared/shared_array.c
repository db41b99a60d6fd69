/* shared_array.c - Array('d', n) filled by a Pool, two ways:
 *   shared:    every worker writes its own slice of one MAP_SHARED array
 *              (disjoint slices: no lock needed, nothing copied);
 *   send-back: every worker computes its slice in private memory and sends
 *              it back over a pipe, and the parent copies it into place,
 *              as returning a list from a Pool task does.
 * Both must produce the array the sequential loop produces: the checksum
 * is the sum in index order, identical to the last bit, as every gilbench
 * checksum. */
#include "commands/shared/shared_array.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands/shared/crew.h"
#include "lib/processes/child_io.h"
#include "lib/measurement/clock.h"
#include "commands/shared/shared.h"
#include "lib/processes/shared_mem.h"
#include "lib/processes/signals.h"
#include "lib/measurement/timing.h"

const char *const shared_array_methods[] = {"shared", "send-back"};
const size_t shared_array_method_count = sizeof shared_array_methods / sizeof shared_array_methods[0];

struct array_job {
    double *array;           /* shared: the result; send-back: the parent's */
    size_t n;
    unsigned workers;
    int send_back;
    int pipes[CREW_MAX_WORKERS][2];
};

/* A little arithmetic per element, so the work is not all memory. */
static double element(size_t i)
{
    return sqrt((double)i) * 0.5 + (double)(i % 7);
}

static void slice_of(const struct array_job *j, unsigned idx, size_t *begin, size_t *end)
{
    *begin = j->n * idx / j->workers;
    *end = j->n * (idx + 1) / j->workers;
}

static int fill_work(unsigned idx, void *arg)
{
    struct array_job *j = arg;
    size_t b, e;

    slice_of(j, idx, &b, &e);
    if (!j->send_back) {
        for (size_t i = b; i < e; i++)
            j->array[i] = element(i);
        return 0;
    }
    double *mine = malloc((e - b) * sizeof *mine + 1);
    if (mine == NULL)
        return -1;
    for (size_t i = b; i < e; i++)
        mine[i - b] = element(i);
    int rc = write_all(j->pipes[idx][1], mine, (e - b) * sizeof *mine);
    free(mine);
    return rc;
}

/* The parent's side of send-back: each slice, in worker order. */
static int collect_slices(void *arg)
{
    struct array_job *j = arg;
    int rc = 0;

    /* Without our write ends, a dead worker's pipe reads end-of-file. */
    for (unsigned w = 0; w < j->workers; w++) {
        close(j->pipes[w][1]);
        j->pipes[w][1] = -1;
    }
    for (unsigned w = 0; w < j->workers && rc == 0; w++) {
        size_t b, e;
        slice_of(j, w, &b, &e);
        ssize_t want = (ssize_t)((e - b) * sizeof(double));
        if (read_full(j->pipes[w][0], j->array + b, (size_t)want) != want)
            rc = -1;
    }
    return rc;
}

static double sum_in_order(const double *a, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i];
    return s;
}

static void close_pipes(struct array_job *j)
{
    for (unsigned w = 0; w < j->workers; w++)
        for (int k = 0; k < 2; k++)
            if (j->pipes[w][k] >= 0) {
                close(j->pipes[w][k]);
                j->pipes[w][k] = -1;
            }
}

struct array_run {
    struct array_job job;
    struct crew_job crew;
    size_t bytes;
    double want;            /* the sequential checksum */
    struct shared_array_row *row;
    char *why;
    size_t len;
};

/* One lib/measurement/timing run, timed from outside and the same for both methods:
 * starting the workers, their work, send-back's copying into place, and
 * the reaping. */
static int array_run_once(void *arg, const struct timing_call *call, double *values)
{
    struct array_run *r = arg;
    struct array_job *j = &r->job;
    double wall;

    (void)call;
    memset(j->array, 0, r->bytes);
    for (unsigned w = 0; w < j->workers; w++)
        j->pipes[w][0] = j->pipes[w][1] = -1;
    for (unsigned w = 0; j->send_back && w < j->workers; w++)
        if (pipe(j->pipes[w]) != 0) {
            snprintf(r->why, r->len, "%s: pipe: %s", r->row->method, strerror(errno));
            close_pipes(j);
            return TIMING_FAILED;
        }
    double t0 = clock_now();
    int rc = crew_run(&r->crew, &wall, r->why, r->len);
    values[0] = clock_now() - t0;
    close_pipes(j);
    if (rc != 0)
        return signals_interrupted() ? TIMING_INTERRUPTED : TIMING_FAILED;
    r->row->checksum = sum_in_order(j->array, j->n);
    r->row->intact &= r->row->checksum == r->want;
    return TIMING_OK;
}

int shared_array_measure(const char *method, const struct shared_params *p,
                         struct shared_array_row *row, char *why, size_t len)
{
    struct array_run r = {.job = {.n = ((size_t)p->array_mib << 20) / sizeof(double), .workers = p->workers,
                                  .send_back = strcmp(method, "send-back") == 0},
                          .row = row, .why = why, .len = len};
    struct timing_spec spec = {.nconfigs = 1, .nvalues = 1, .reps = p->batches, .iterations = 1,
                               .run = array_run_once, .arg = &r};

    memset(row, 0, sizeof *row);
    row->method = method;
    row->array_mib = p->array_mib;
    row->workers = p->workers;
    row->intact = 1;
    r.bytes = r.job.n * sizeof(double);
    r.job.array = shared_alloc(r.bytes);
    if (r.job.array == NULL) {
        snprintf(why, len, "%s: cannot map %u MiB: %s", method, p->array_mib, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < r.job.n; i++) /* the sequential answer */
        r.want += element(i);
    r.crew = (struct crew_job){.kind = CREW_PROCESSES, .workers = p->workers, .work = fill_work,
                               .collect = r.job.send_back ? collect_slices : NULL, .arg = &r.job,
                               .timeout_s = p->timeout_s};
    int rc = shared_time_batches(&spec, 1.0, 1e3, &row->batches, &row->median_ms, &row->min_ms, &row->max_ms);
    shared_free(r.job.array, r.bytes);
    return rc;
}

void shared_array_csv_header(FILE *fp)
{
    fputs("method,array_mib,workers,batches,median_ms,min_ms,max_ms,checksum,intact\n", fp);
}

void shared_array_csv_row(FILE *fp, const struct shared_array_row *r)
{
    fprintf(fp, "%s,%u,%u,%u,%.3f,%.3f,%.3f,%.17g,%d\n", r->method, r->array_mib, r->workers, r->batches,
            r->median_ms, r->min_ms, r->max_ms, r->checksum, r->intact);
}
