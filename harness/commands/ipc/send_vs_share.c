/* send_vs_share.c - "don't send large objects to workers; share them".
 *
 *   copy-pipe:  each worker receives its own copy over a pipe, as
 *               Pool.map's pickled arguments are: the parent writes every
 *               byte once per worker, the worker allocates and fills a copy;
 *   share-fork: the object exists before fork and the worker reads the
 *               inherited pages, as a global read by a fork-started worker:
 *               copy-on-write pages, never written, never copied;
 *   share-shm:  the object lives in a POSIX shared-memory object that each
 *               worker opens by name and maps, as SharedMemory(name=...)
 *               does (the worker first drops the inherited mapping, so it
 *               reaches the object only by name).  The parent unlinks the
 *               name once every worker has attached.
 *
 * Every worker checksums the whole object and reports the checksum with
 * its resident set (RSS) and proportional set (PSS: a page shared by k
 * processes counts 1/k to each) from /proc/self/smaps_rollup. */
#include "commands/ipc/send_vs_share.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "commands/ipc/payload.h"
#include "commands/ipc/peer.h"
#include "lib/measurement/clock.h"
#include "lib/measurement/timing.h"
#include "lib/processes/signals.h"

const char *const share_methods[] = {"copy-pipe", "share-fork", "share-shm"};
const size_t share_method_count = sizeof share_methods / sizeof share_methods[0];

enum { SHARE_MAX_WORKERS = 16 };

struct share_job {
    const char *method;
    const char *object;     /* the copy this method reaches: inherited or mapped */
    void *src;              /* the parent's private original, inherited by fork */
    size_t size;
    char shm_name[64];
    int die;                /* GILBENCH_IPC_PEER_DIE_AFTER set: die before answering */
};

struct share_report {
    uint64_t checksum;
    long rss_kb, pss_kb;
};

/* Rss and Pss of this process in kB, or -1 each where /proc lacks them. */
static void own_memory(long *rss_kb, long *pss_kb)
{
    char line[256];
    FILE *fp = fopen("/proc/self/smaps_rollup", "r");

    *rss_kb = *pss_kb = -1;
    if (fp == NULL)
        return;
    while (fgets(line, sizeof line, fp) != NULL) {
        if (strncmp(line, "Rss:", 4) == 0)
            *rss_kb = strtol(line + 4, NULL, 10);
        else if (strncmp(line, "Pss:", 4) == 0)
            *pss_kb = strtol(line + 4, NULL, 10);
    }
    fclose(fp);
}

static int share_worker(struct channel *ch, void *arg)
{
    const struct share_job *job = arg;
    struct share_report rep;
    const char *obj = job->object;
    char *copy = NULL;
    void *map = MAP_FAILED;
    int rc = -1;

    /* Only share-fork relies on inheritance; the others stand for workers
     * that start without the parent's memory (spawn, another program), so
     * the inherited original goes before anything is measured.  Left
     * mapped, fork's copied page tables would count it in RSS and PSS. */
    if (strcmp(job->method, "share-fork") != 0 && munmap(job->src, job->size) != 0)
        return -1;
    if (strcmp(job->method, "copy-pipe") == 0) {
        if ((copy = malloc(job->size)) == NULL || channel_recv(ch, copy, job->size) != 0)
            goto out;
        obj = copy;
    } else if (strcmp(job->method, "share-shm") == 0) {
        char attached = 1;
        if (munmap((void *)job->object, job->size) != 0)
            goto out;
        int fd = shm_open(job->shm_name, O_RDONLY, 0);
        if (fd < 0)
            goto out;
        map = mmap(NULL, job->size, PROT_READ, MAP_SHARED, fd, 0);
        if (close(fd) != 0 || map == MAP_FAILED || channel_send(ch, &attached, 1) != 0)
            goto out;
        obj = map;
    }
    if (job->die)
        raise(SIGKILL); /* the injected fault: a worker gone mid-exchange */
    rep.checksum = payload_checksum(PAYLOAD_CHECKSUM_INIT, obj, job->size);
    own_memory(&rep.rss_kb, &rep.pss_kb);
    rc = channel_send(ch, &rep, sizeof rep);
out:
    free(copy);
    if (map != MAP_FAILED)
        munmap(map, job->size);
    return rc;
}

/* One batch: start the workers, feed or let them attach, collect. */
static int share_batch(struct share_job *job, unsigned workers, double timeout_s, uint64_t want,
                       struct share_row *row, char *why, size_t len)
{
    struct channel ch[SHARE_MAX_WORKERS];
    struct peer peer[SHARE_MAX_WORKERS];
    unsigned started = 0;
    int shm = strcmp(job->method, "share-shm") == 0, rc = -1;
    long rss = 0, pss = 0;
    char peer_why[160];

    for (; started < workers; started++) {
        if (channel_open(&ch[started], &channel_pipe_ops, timeout_s) != 0 ||
            peer_start(&peer[started], &ch[started], share_worker, job) != 0) {
            snprintf(why, len, "%s: cannot start worker: %s", job->method, strerror(errno));
            goto out;
        }
    }
    for (unsigned w = 0; w < workers; w++) {
        char attached;
        if (strcmp(job->method, "copy-pipe") == 0 && channel_send(&ch[w], job->object, job->size) != 0)
            goto died;
        if (shm && channel_recv(&ch[w], &attached, 1) != 0)
            goto died;
    }
    if (shm && shm_unlink(job->shm_name) == 0)
        job->shm_name[0] = '\0'; /* every worker holds it now: the name can go */
    for (unsigned w = 0; w < workers; w++) {
        struct share_report rep;
        if (channel_recv(&ch[w], &rep, sizeof rep) != 0)
            goto died;
        row->intact &= rep.checksum == want;
        rss += rep.rss_kb;
        pss += rep.pss_kb;
    }
    row->worker_rss_kb = rss / (long)workers;
    row->worker_pss_kb = pss / (long)workers;
    rc = 0;
    goto out;
died:
    snprintf(why, len, "%s: a worker died or stopped answering: %s", job->method, strerror(errno));
    /* Say how, when one did die: reap each for a second before killing. */
    for (unsigned w = 0; w < started; w++)
        if (peer_finish(&peer[w], 1.0, peer_why, sizeof peer_why) != 0) {
            snprintf(why, len, "%s: worker %u died mid-exchange: it %s", job->method, w, peer_why);
            break;
        }
out:
    for (unsigned w = 0; w < started; w++) {
        if (rc == 0 && peer_finish(&peer[w], timeout_s, peer_why, sizeof peer_why) != 0) {
            snprintf(why, len, "%s: a worker %s", job->method, peer_why);
            rc = -1;
        }
        peer_kill(&peer[w]);
        channel_close(&ch[w]);
    }
    return rc;
}

/* A fresh shared-memory object named job->shm_name holding a copy of
 * `src`, mapped at *map; done before a batch's clock starts.  Returns 0,
 * or -1 with nothing left behind. */
static int shm_publish(struct share_job *job, const void *src, void **map)
{
    int fd;

    channel_ipc_name(job->shm_name, sizeof job->shm_name, "obj");
    fd = shm_open(job->shm_name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    *map = MAP_FAILED;
    if (ftruncate(fd, (off_t)job->size) == 0)
        *map = mmap(NULL, job->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (close(fd) != 0 || *map == MAP_FAILED) {
        int saved = errno;
        shm_unlink(job->shm_name);
        job->shm_name[0] = '\0';
        if (*map != MAP_FAILED)
            munmap(*map, job->size);
        errno = saved;
        return -1;
    }
    memcpy(*map, src, job->size);
    return 0;
}

struct share_run {
    struct share_job job;
    const struct ipc_params *p;
    void *src;              /* the private original, filled once */
    uint64_t want;          /* its checksum */
    unsigned workers;
    struct share_row *row;
    char *why;
    size_t len;
};

/* One lib/measurement/timing run: a fresh set of workers gets the object once.  For
 * share-shm the object is published under a new name first, outside the
 * clock (the parent's copy is not what is being compared). */
static int share_run_once(void *arg, const struct timing_call *call, double *values)
{
    struct share_run *r = arg;
    struct share_job *job = &r->job;
    int shm = strcmp(job->method, "share-shm") == 0;
    void *map = NULL;

    (void)call;
    if (shm && shm_publish(job, r->src, &map) != 0) {
        snprintf(r->why, r->len, "%s: cannot create a %zu MiB shared-memory object: %s", job->method,
                 r->row->object_mib, strerror(errno));
        return TIMING_FAILED;
    }
    job->object = shm ? map : r->src;
    double t0 = clock_now();
    int rc = share_batch(job, r->workers, r->p->timeout_s, r->want, r->row, r->why, r->len);
    values[0] = clock_now() - t0;
    if (shm) {
        /* Normally unlinked once every worker attached; on failure, here. */
        if (job->shm_name[0] != '\0')
            shm_unlink(job->shm_name);
        job->shm_name[0] = '\0';
        munmap(map, job->size);
    }
    if (rc != 0)
        return signals_interrupted() ? TIMING_INTERRUPTED : TIMING_FAILED;
    return TIMING_OK;
}

int share_measure(const char *method, size_t object_mib, const struct ipc_params *p,
                  struct share_row *row, char *why, size_t len)
{
    struct share_run r = {.job = {.method = method, .size = object_mib << 20, .die = p->peer_die_after != 0},
                          .p = p, .row = row, .why = why, .len = len,
                          .workers = p->share_workers > SHARE_MAX_WORKERS ? SHARE_MAX_WORKERS : p->share_workers};
    struct timing_spec spec = {.nconfigs = 1, .nvalues = 1, .warmup = 1, .reps = p->batches, .iterations = 1,
                               .run = share_run_once, .arg = &r};
    struct timing_config t;
    int rc;

    memset(row, 0, sizeof *row);
    row->method = method;
    row->object_mib = object_mib;
    row->workers = r.workers;
    row->intact = 1; /* and-ed with every worker's verdict in every run */
    r.src = mmap(NULL, r.job.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r.src == MAP_FAILED) {
        snprintf(why, len, "%s: cannot allocate %zu MiB: %s", method, object_mib, strerror(errno));
        return -1;
    }
    payload_fill(r.src, r.job.size, object_mib);
    r.job.src = r.src;
    r.want = payload_checksum(PAYLOAD_CHECKSUM_INIT, r.src, r.job.size);
    rc = timing_loop(&spec, &t);
    munmap(r.src, r.job.size);
    if (rc == TIMING_INTERRUPTED)
        snprintf(why, len, "%s: interrupted", method);
    if (rc != TIMING_OK)
        return -1;
    row->batches = t.measured;
    row->median_ms = t.value[0].median * 1e3;
    row->min_ms = t.value[0].min * 1e3;
    row->max_ms = t.value[0].max * 1e3;
    if (!row->intact)
        snprintf(why, len, "%s, %zu MiB: a worker's checksum differs from the object's", method, object_mib);
    return row->intact ? 0 : -1;
}

void share_csv_header(FILE *fp)
{
    fputs("method,object_mib,workers,batches,median_ms,min_ms,max_ms,worker_rss_kb,worker_pss_kb,intact\n", fp);
}

void share_csv_row(FILE *fp, const struct share_row *r)
{
    fprintf(fp, "%s,%zu,%u,%u,%.3f,%.3f,%.3f,%ld,%ld,%d\n", r->method, r->object_mib, r->workers,
            r->batches, r->median_ms, r->min_ms, r->max_ms, r->worker_rss_kb, r->worker_pss_kb, r->intact);
}
