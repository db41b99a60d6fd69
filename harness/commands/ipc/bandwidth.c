/* bandwidth.c - streaming, as lmbench's bw_pipe: the peer writes `total`
 * bytes in writes of `chunk` bytes, the parent reads them, and the time
 * from asking to the last byte gives bytes per second.
 *
 * Each transfer starts with a request {total, chunk, checked}.  The first
 * is checked: every chunk carries its own pseudo-random pattern and both
 * ends checksum the stream, the peer sending its checksum last, so a lost,
 * duplicated or reordered chunk fails the run.  The timed transfers skip
 * the checksums (a checksum costs about what a copy does, and would halve
 * the number measured); they are lib/measurement/timing's runs, one transfer each.  A
 * request with total 0 ends the peer. */
#include "commands/ipc/bandwidth.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "commands/ipc/payload.h"
#include "commands/ipc/peer.h"
#include "lib/measurement/clock.h"
#include "lib/measurement/timing.h"
#include "lib/processes/signals.h"

struct bw_request {
    uint64_t total, chunk, checked;
};

struct stream_args {
    uint64_t die_after;   /* die after this many chunks sent; 0 = never */
};

static int stream_peer(struct channel *ch, void *arg)
{
    const struct stream_args *a = arg;
    struct bw_request req;
    char *buf = NULL;
    size_t cap = 0;
    uint64_t sent_chunks = 0;

    while (channel_recv(ch, &req, sizeof req) == 0) {
        if (req.total == 0) {
            free(buf);
            return 0;
        }
        if (req.chunk > cap) {
            char *bigger = realloc(buf, req.chunk);
            if (bigger == NULL)
                break;
            buf = bigger;
            cap = req.chunk;
            memset(buf, 0x5a, cap); /* touched once, outside any timing */
        }
        uint64_t h = PAYLOAD_CHECKSUM_INIT;
        for (uint64_t off = 0, i = 0; off < req.total; off += req.chunk, i++) {
            size_t n = req.total - off < req.chunk ? req.total - off : req.chunk;
            if (req.checked) {
                payload_fill(buf, n, i);
                h = payload_checksum(h, buf, n);
            }
            if (channel_send(ch, buf, n) != 0)
                goto fail;
            if (++sent_chunks == a->die_after)
                raise(SIGKILL); /* the injected fault */
        }
        if (req.checked && channel_send(ch, &h, sizeof h) != 0)
            break;
    }
fail:
    free(buf);
    return -1;
}

/* One transfer; *intact is set only when checked. */
static int transfer(struct channel *ch, char *buf, size_t chunk, size_t total, int checked, int *intact)
{
    struct bw_request req = {.total = total, .chunk = chunk, .checked = (uint64_t)checked};
    uint64_t h = PAYLOAD_CHECKSUM_INIT, theirs;

    if (channel_send(ch, &req, sizeof req) != 0)
        return -1;
    for (size_t off = 0; off < total; off += chunk) {
        size_t n = total - off < chunk ? total - off : chunk;
        if (channel_recv(ch, buf, n) != 0)
            return -1;
        if (checked)
            h = payload_checksum(h, buf, n);
    }
    if (checked) {
        if (channel_recv(ch, &theirs, sizeof theirs) != 0)
            return -1;
        *intact = theirs == h;
    }
    return 0;
}

struct stream {
    struct channel *ch;
    char *buf;
    size_t chunk, total;
    int err;   /* errno of a failed run */
};

/* One lib/measurement/timing run: one unchecked transfer. */
static int stream_run(void *arg, const struct timing_call *call, double *values)
{
    struct stream *st = arg;
    double t0 = clock_now();

    (void)call;
    if (transfer(st->ch, st->buf, st->chunk, st->total, 0, NULL) != 0) {
        st->err = errno;
        return errno == EINTR && signals_interrupted() ? TIMING_INTERRUPTED : TIMING_FAILED;
    }
    values[0] = clock_now() - t0;
    return TIMING_OK;
}

int bandwidth_measure(const struct channel_ops *ops, size_t chunk, const struct ipc_params *p,
                      struct bandwidth_row *row, char *why, size_t len)
{
    struct stream_args args = {.die_after = p->peer_die_after};
    struct channel ch;
    struct peer peer = {0};
    struct bw_request stop = {0};
    struct timing_config t;
    char *buf = malloc(chunk), peer_why[160];
    struct stream st = {.ch = &ch, .buf = buf, .chunk = chunk, .total = p->bw_total};
    struct timing_spec spec = {.nconfigs = 1, .nvalues = 1, .reps = p->batches, .iterations = 1,
                               .run = stream_run, .arg = &st};
    int rc = -1;

    memset(row, 0, sizeof *row);
    row->channel = ops->name;
    row->chunk = chunk;
    row->total = p->bw_total;
    if (buf == NULL) {
        snprintf(why, len, "%s: out of memory", ops->name);
        return -1;
    }
    memset(buf, 0, chunk);
    if (channel_open(&ch, ops, p->timeout_s) != 0) {
        snprintf(why, len, "%s: cannot open: %s", ops->name, strerror(errno));
        free(buf);
        return -1;
    }
    if (peer_start(&peer, &ch, stream_peer, &args) != 0) {
        snprintf(why, len, "%s: fork: %s", ops->name, strerror(errno));
        goto out;
    }
    /* The checked transfer is also the warm-up. */
    int ok = 1;
    if (transfer(&ch, buf, chunk, p->bw_total, 1, &row->intact) != 0) {
        ok = 0;
        st.err = errno;
    }
    if (ok && timing_loop(&spec, &t) != TIMING_OK) {
        ok = 0;
        if (st.err == 0)
            st.err = EINTR; /* the loop saw SIGINT/SIGTERM between runs */
    }
    if (ok && channel_send(&ch, &stop, sizeof stop) != 0) {
        ok = 0;
        st.err = errno;
    }
    if (!ok) {
        int err = st.err;
        if (err == EPIPE && peer_finish(&peer, 1.0, peer_why, sizeof peer_why) != 0)
            snprintf(why, len, "%s, %zu-byte writes: the peer process died mid-exchange: it %s",
                     ops->name, chunk, peer_why);
        else
            snprintf(why, len, "%s, %zu-byte writes: %s", ops->name, chunk,
                     err == EPIPE ? "the peer died mid-exchange" :
                     err == ETIMEDOUT ? "the peer stopped sending (timeout)" :
                     err == EINTR ? "interrupted" : strerror(err));
        peer_kill(&peer);
        goto out;
    }
    if (peer_finish(&peer, p->timeout_s, peer_why, sizeof peer_why) != 0) {
        snprintf(why, len, "%s, %zu-byte writes: the peer process %s", ops->name, chunk, peer_why);
        goto out;
    }
    row->batches = t.measured;
    row->median_mb_s = (double)p->bw_total / t.value[0].median / 1e6;
    row->min_mb_s = (double)p->bw_total / t.value[0].max / 1e6;
    row->max_mb_s = (double)p->bw_total / t.value[0].min / 1e6;
    rc = row->intact ? 0 : -1;
    if (!row->intact)
        snprintf(why, len, "%s, %zu-byte writes: checksums differ: bytes lost or reordered", ops->name, chunk);
out:
    channel_close(&ch);
    free(buf);
    return rc;
}

void bandwidth_csv_header(FILE *fp)
{
    fputs("channel,chunk_bytes,total_bytes,batches,median_mb_s,min_mb_s,max_mb_s,intact\n", fp);
}

void bandwidth_csv_row(FILE *fp, const struct bandwidth_row *r)
{
    fprintf(fp, "%s,%zu,%zu,%u,%.1f,%.1f,%.1f,%d\n", r->channel, r->chunk, r->total, r->batches,
            r->median_mb_s, r->min_mb_s, r->max_mb_s, r->intact);
}
