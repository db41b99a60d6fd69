/* latency.c - ping-pong, as lmbench's lat_pipe: the parent sends a message
 * of `size` bytes, the peer sends it straight back, and the round trip is
 * timed over batches sized as lmbench's benchmp sizes them (lib/measurement/timing).
 *
 * The protocol: before each batch the parent sends an 8-byte count n, then
 * n round trips follow; a count of 0 ends the peer.  The batches are
 * lib/measurement/timing's runs: sized by doubling until one lasts --enough, then
 * repeated; the round trip is a run's time over its iterations.  The first exchange is
 * a checked one: a pseudo-random message whose echo must match byte for
 * byte, so a channel that drops, reorders or corrupts fails the run
 * instead of producing a fast number. */
#include "commands/ipc/latency.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "commands/ipc/payload.h"
#include "commands/ipc/peer.h"
#include "lib/measurement/clock.h"
#include "lib/measurement/timing.h"
#include "lib/processes/signals.h"

struct echo_args {
    size_t size;
    uint64_t die_after;   /* die (SIGKILL) on receiving this message; 0 = never */
};

/* The peer: echoes every message of each batch until a count of 0. */
static int echo_peer(struct channel *ch, void *arg)
{
    const struct echo_args *a = arg;
    char *buf = malloc(a->size);
    uint64_t n, received = 0;
    int rc = -1;

    if (buf == NULL)
        return -1;
    while (channel_recv(ch, &n, sizeof n) == 0) {
        if (n == 0) {
            rc = 0;
            break;
        }
        uint64_t i;
        for (i = 0; i < n; i++) {
            if (channel_recv(ch, buf, a->size) != 0)
                break;
            if (++received == a->die_after)
                raise(SIGKILL); /* the injected fault: a peer gone mid-exchange */
            if (channel_send(ch, buf, a->size) != 0)
                break;
        }
        if (i < n)
            break;
    }
    free(buf);
    return rc;
}

struct pingpong {
    struct channel *ch;
    char *buf;
    size_t size;
    int err;   /* errno of a failed run */
};

/* One lib/measurement/timing run: a batch of call->iterations round trips. */
static int pingpong_run(void *arg, const struct timing_call *call, double *values)
{
    struct pingpong *pp = arg;
    uint64_t n = call->iterations;
    double t0 = clock_now();

    if (channel_send(pp->ch, &n, sizeof n) != 0)
        goto failed;
    for (uint64_t i = 0; i < n; i++)
        if (channel_send(pp->ch, pp->buf, pp->size) != 0 || channel_recv(pp->ch, pp->buf, pp->size) != 0)
            goto failed;
    values[0] = clock_now() - t0;
    return TIMING_OK;
failed:
    pp->err = errno;
    return errno == EINTR && signals_interrupted() ? TIMING_INTERRUPTED : TIMING_FAILED;
}

/* One round trip of a pseudo-random message; 1 when it came back intact. */
static int checked_round_trip(struct pingpong *pp, char *sent, int *intact)
{
    uint64_t one = 1;

    payload_fill(sent, pp->size, pp->size);
    memcpy(pp->buf, sent, pp->size);
    if (channel_send(pp->ch, &one, sizeof one) != 0 || channel_send(pp->ch, pp->buf, pp->size) != 0)
        return -1;
    memset(pp->buf, 0, pp->size);
    if (channel_recv(pp->ch, pp->buf, pp->size) != 0)
        return -1;
    *intact = payload_checksum(PAYLOAD_CHECKSUM_INIT, pp->buf, pp->size) ==
                  payload_checksum(PAYLOAD_CHECKSUM_INIT, sent, pp->size) &&
              memcmp(pp->buf, sent, pp->size) == 0;
    return 0;
}

static const char *channel_error(int err)
{
    switch (err) {
    case EPIPE: return "the peer died mid-exchange";
    case ETIMEDOUT: return "the peer stopped answering (timeout)";
    case EINTR: return "interrupted";
    default: return strerror(err);
    }
}

int latency_measure(const struct channel_ops *ops, size_t size, const struct ipc_params *p,
                    struct latency_row *row, char *why, size_t len)
{
    struct echo_args args = {.size = size, .die_after = p->peer_die_after};
    struct channel ch;
    struct peer peer = {0};
    struct timing_config r;
    char *buf = malloc(size), *sent = malloc(size), peer_why[160];
    struct pingpong pp = {.ch = &ch, .buf = buf, .size = size};
    uint64_t zero = 0;
    int rc = -1;

    memset(row, 0, sizeof *row);
    row->channel = ops->name;
    row->size = size;
    if (buf == NULL || sent == NULL) {
        snprintf(why, len, "%s: out of memory", ops->name);
        goto out;
    }
    if (channel_open(&ch, ops, p->timeout_s) != 0) {
        snprintf(why, len, "%s: cannot open: %s", ops->name, strerror(errno));
        goto out;
    }
    if (peer_start(&peer, &ch, echo_peer, &args) != 0) {
        snprintf(why, len, "%s: fork: %s", ops->name, strerror(errno));
        channel_close(&ch);
        goto out;
    }
    /* The warm-up brings both processes into their steady state (caches,
     * the scheduler's placement) before sizing: about 4 KiB of traffic,
     * at least one round trip. */
    struct timing_spec spec = {.nconfigs = 1, .nvalues = 1, .warmup = 1, .warmup_iterations = 1 + 4096 / size,
                               .reps = p->batches, .min_run_s = p->enough_s, .run = pingpong_run, .arg = &pp};
    int ok = 1;
    if (checked_round_trip(&pp, sent, &row->intact) != 0) {
        ok = 0;
        pp.err = errno;
    }
    if (ok && timing_loop(&spec, &r) != TIMING_OK) {
        ok = 0;
        if (pp.err == 0)
            pp.err = EINTR; /* the loop saw SIGINT/SIGTERM between runs */
    }
    if (ok && channel_send(&ch, &zero, sizeof zero) != 0) {
        ok = 0;
        pp.err = errno;
    }
    if (!ok) {
        int err = pp.err;
        /* Reap first, so a death is reported with its cause. */
        if (err == EPIPE && peer_finish(&peer, 1.0, peer_why, sizeof peer_why) != 0)
            snprintf(why, len, "%s, %zu bytes: the peer process died mid-exchange: it %s", ops->name,
                     size, peer_why);
        else
            snprintf(why, len, "%s, %zu bytes: %s", ops->name, size, channel_error(err));
        peer_kill(&peer);
        channel_close(&ch);
        goto out;
    }
    if (peer_finish(&peer, p->timeout_s, peer_why, sizeof peer_why) != 0) {
        snprintf(why, len, "%s, %zu bytes: the peer process %s", ops->name, size, peer_why);
        channel_close(&ch);
        goto out;
    }
    channel_close(&ch);
    row->iterations = r.iterations;
    row->batches = r.measured;
    row->median_us = r.value[0].median / (double)r.iterations * 1e6;
    row->min_us = r.value[0].min / (double)r.iterations * 1e6;
    row->max_us = r.value[0].max / (double)r.iterations * 1e6;
    if (!row->intact)
        snprintf(why, len, "%s, %zu bytes: the echoed message differs from the one sent", ops->name, size);
    rc = row->intact ? 0 : -1;
out:
    free(buf);
    free(sent);
    return rc;
}

void latency_csv_header(FILE *fp)
{
    fputs("channel,size_bytes,iterations,batches,median_us,min_us,max_us,intact\n", fp);
}

void latency_csv_row(FILE *fp, const struct latency_row *r)
{
    fprintf(fp, "%s,%zu,%llu,%u,%.3f,%.3f,%.3f,%d\n", r->channel, r->size,
            (unsigned long long)r->iterations, r->batches, r->median_us, r->min_us, r->max_us,
            r->intact);
}
