/* channel_mqueue.c - two POSIX message queues, one per direction.
 *
 * A queue carries whole messages of at most mq_msgsize bytes (8 KiB by
 * default on Linux, /proc/sys/fs/mqueue/msgsize_max) and holds at most
 * mq_maxmsg of them (10), so a large payload travels as a train of
 * messages, the sender blocking whenever the queue is full.
 *
 * Both queues are unlinked as soon as they are open, before fork: the
 * descriptors stay valid in both processes, and no name is left in
 * /dev/mqueue even if the run is killed.  A queue has no end-of-file, so a
 * dead peer is noticed through the liveness pipe between timed waits. */
#include "commands/ipc/channels/channel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/measurement/clock.h"

enum { MQ_WANT_MSGSIZE = 8192, MQ_WANT_MAXMSG = 10 };
/* How long one timed wait lasts before the peer's liveness is checked. */
static const double MQ_SLICE_S = 0.05;

static mqd_t open_unlinked(void)
{
    struct mq_attr attr = {.mq_maxmsg = MQ_WANT_MAXMSG, .mq_msgsize = MQ_WANT_MSGSIZE};
    char name[64];
    mqd_t q;

    channel_ipc_name(name, sizeof name, "mq");
    q = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
    if (q == (mqd_t)-1 && errno == EINVAL) /* lower system limits: take the defaults */
        q = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, NULL);
    if (q != (mqd_t)-1 && mq_unlink(name) != 0) {
        int saved = errno;
        mq_close(q);
        errno = saved;
        return (mqd_t)-1;
    }
    return q;
}

static int mqueue_open(struct channel *ch)
{
    struct mq_attr attr;

    ch->mq[0] = open_unlinked();
    if (ch->mq[0] == (mqd_t)-1)
        return -1;
    ch->mq[1] = open_unlinked();
    if (ch->mq[1] == (mqd_t)-1 || mq_getattr(ch->mq[0], &attr) != 0 ||
        (ch->mq_bounce = malloc((size_t)attr.mq_msgsize)) == NULL) {
        int saved = errno;
        mq_close(ch->mq[0]);
        if (ch->mq[1] != (mqd_t)-1)
            mq_close(ch->mq[1]);
        errno = saved;
        return -1;
    }
    ch->mq_msgsize = (size_t)attr.mq_msgsize;
    return 0;
}

static void mqueue_take_side(struct channel *ch)
{
    (void)ch; /* both queues are used by both sides, one each way */
}

/* CLOCK_REALTIME `seconds` from now: what the mq_timed* calls want. */
static struct timespec realtime_in(double seconds)
{
    struct timespec ts;
    long long ns;

    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        ts.tv_sec = ts.tv_nsec = 0;
    ns = (long long)ts.tv_nsec + (long long)(seconds * 1e9);
    ts.tv_sec += (time_t)(ns / 1000000000LL);
    ts.tv_nsec = (long)(ns % 1000000000LL);
    return ts;
}

/* Decides what a timed-out or interrupted wait means: 0 to wait again,
 * -1 with errno set to give up. */
static int keep_waiting(const struct channel *ch, int err, double since)
{
    if (err != ETIMEDOUT && err != EINTR) {
        errno = err;
        return -1;
    }
    return channel_keep_waiting(ch, since);
}

static int mqueue_send(struct channel *ch, const void *buf, size_t len)
{
    mqd_t q = ch->mq[ch->side == CHANNEL_PARENT ? 0 : 1];
    const char *p = buf;

    do {
        size_t n = len < ch->mq_msgsize ? len : ch->mq_msgsize;
        double since = clock_now();
        for (;;) {
            struct timespec until = realtime_in(MQ_SLICE_S);
            if (mq_timedsend(q, p, n, 0, &until) == 0)
                break;
            if (keep_waiting(ch, errno, since) != 0)
                return -1;
        }
        p += n;
        len -= n;
    } while (len > 0);
    return 0;
}

static int mqueue_recv(struct channel *ch, void *buf, size_t len)
{
    mqd_t q = ch->mq[ch->side == CHANNEL_PARENT ? 1 : 0];
    char *p = buf;

    do {
        /* Straight into the caller's buffer when a whole msgsize fits. */
        char *into = len >= ch->mq_msgsize ? p : ch->mq_bounce;
        double since = clock_now();
        ssize_t n;
        for (;;) {
            struct timespec until = realtime_in(MQ_SLICE_S);
            n = mq_timedreceive(q, into, ch->mq_msgsize, NULL, &until);
            if (n >= 0)
                break;
            if (keep_waiting(ch, errno, since) != 0)
                return -1;
        }
        if ((size_t)n > len) { /* the two sides disagree on the length */
            errno = EPROTO;
            return -1;
        }
        if (into != p)
            memcpy(p, into, (size_t)n);
        p += n;
        len -= (size_t)n;
    } while (len > 0);
    return 0;
}

static void mqueue_close(struct channel *ch)
{
    for (int i = 0; i < 2; i++)
        if (ch->mq[i] != (mqd_t)-1) {
            mq_close(ch->mq[i]);
            ch->mq[i] = (mqd_t)-1;
        }
    free(ch->mq_bounce);
    ch->mq_bounce = NULL;
}

const struct channel_ops channel_mqueue_ops = {
    .name = "mqueue",
    .summary = "two POSIX message queues (mq_send/mq_receive), payloads split into msgsize messages",
    .open = mqueue_open,
    .take_side = mqueue_take_side,
    .send = mqueue_send,
    .recv = mqueue_recv,
    .close = mqueue_close,
};
