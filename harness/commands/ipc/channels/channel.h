/* channel.h - a duplex byte channel between a parent and the one child it
 * forks: what multiprocessing's Pipe() and Queue() are built on.
 *
 * Every channel is opened before fork(), so both processes inherit it;
 * after fork each calls channel_take_side() to drop the other side's ends.
 * Names that live in the file system (a message queue, a shared-memory
 * object) are unlinked as soon as both processes hold the object, before
 * anything is measured, so neither a crash nor an interrupt can leave one
 * behind.
 *
 * send and recv move exactly `len` bytes, splitting and joining as the
 * channel needs (a message queue carries at most its msgsize per message,
 * a ring at most its capacity at a time).  Both return 0, or -1 with
 * errno: EPIPE when the peer died (seen as end-of-file, or through the
 * liveness pipe for channels that have no end-of-file), ETIMEDOUT when
 * nothing moved for `timeout_s`, EINTR when SIGINT/SIGTERM arrived. */
#ifndef GILBENCH_IPC_CHANNEL_H
#define GILBENCH_IPC_CHANNEL_H

#include <mqueue.h>
#include <stddef.h>
#include <stdint.h>

enum channel_side { CHANNEL_PARENT = 0, CHANNEL_CHILD = 1 };

/* How a shared-memory ring's reader waits for data (wakeup.h). */
enum ring_wait { RING_WAIT_FUTEX, RING_WAIT_SPIN, RING_WAIT_SPIN_THEN_FUTEX };

struct shm_ring_pair;

struct channel {
    const struct channel_ops *ops;
    enum channel_side side;
    double timeout_s;
    /* pipe: fd[0..1] parent->child, fd[2..3] child->parent; socketpair:
     * fd[0] parent's end, fd[1] child's end. */
    int fd[4];
    mqd_t mq[2];               /* [0] parent->child, [1] child->parent */
    size_t mq_msgsize;
    char *mq_bounce;           /* mq_receive needs room for a whole msgsize */
    struct shm_ring_pair *rings;
    size_t map_len;
    enum ring_wait wait;
    /* The liveness pipe: the child holds the write end and never writes;
     * when it dies the parent's read end reports POLLHUP.  Channels with no
     * end-of-file of their own (a queue, a ring) look at it while waiting. */
    int alive_fd[2];
    int parent_pid;            /* the child checks it was not re-parented */
};

struct channel_ops {
    const char *name;
    const char *summary;
    int (*open)(struct channel *ch);
    void (*take_side)(struct channel *ch);
    int (*send)(struct channel *ch, const void *buf, size_t len);
    int (*recv)(struct channel *ch, void *buf, size_t len);
    void (*close)(struct channel *ch);
};

extern const struct channel_ops channel_pipe_ops, channel_socketpair_ops, channel_mqueue_ops,
    channel_shm_futex_ops, channel_shm_spin_ops, channel_shm_spin_then_futex_ops;

/* Every channel, in the order experiments measure them. */
extern const struct channel_ops *const channel_table[];
extern const size_t channel_count;
const struct channel_ops *channel_find(const char *name);

/* Opens `ops` with a liveness pipe; returns 0 or -1 with errno. */
int channel_open(struct channel *ch, const struct channel_ops *ops, double timeout_s);
/* After fork: `side` keeps its own ends, closes the other's. */
void channel_take_side(struct channel *ch, enum channel_side side);
int channel_send(struct channel *ch, const void *buf, size_t len);
int channel_recv(struct channel *ch, void *buf, size_t len);
void channel_close(struct channel *ch);

/* For implementations: 1 when the peer is known to have died (the parent
 * sees the liveness pipe hang up; the child sees itself re-parented). */
int channel_peer_gone(const struct channel *ch);
/* For implementations that wait in slices (a timed receive, a futex wait):
 * between two slices, 0 to keep waiting, or -1 with errno EINTR (SIGINT or
 * SIGTERM asked us to stop), EPIPE (the peer died) or ETIMEDOUT (nothing
 * for the channel's timeout since `since`, a clock_now() time). */
int channel_keep_waiting(const struct channel *ch, double since);
/* Whole writes and reads on a descriptor with the channel's error rules:
 * end-of-file or EPIPE -> EPIPE; EINTR retried unless SIGINT/SIGTERM
 * asked us to stop. */
int channel_fd_write(int fd, const void *buf, size_t len);
int channel_fd_read(int fd, void *buf, size_t len);
/* A unique name for a POSIX IPC object of this process ("/gilbench-TAG-PID-N"). */
void channel_ipc_name(char *buf, size_t len, const char *tag);

#endif
