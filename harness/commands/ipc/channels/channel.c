/* channel.c - the channel table and what every channel shares: the
 * liveness pipe, unique IPC names, and the split into two sides. */
#include "commands/ipc/channels/channel.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/measurement/clock.h"
#include "lib/processes/signals.h"

const struct channel_ops *const channel_table[] = {
    &channel_pipe_ops,      &channel_socketpair_ops, &channel_mqueue_ops,
    &channel_shm_futex_ops, &channel_shm_spin_then_futex_ops, &channel_shm_spin_ops,
};
const size_t channel_count = sizeof channel_table / sizeof channel_table[0];

const struct channel_ops *channel_find(const char *name)
{
    for (size_t i = 0; i < channel_count; i++)
        if (strcmp(channel_table[i]->name, name) == 0)
            return channel_table[i];
    return NULL;
}

int channel_open(struct channel *ch, const struct channel_ops *ops, double timeout_s)
{
    memset(ch, 0, sizeof *ch);
    ch->ops = ops;
    ch->timeout_s = timeout_s;
    for (int i = 0; i < 4; i++)
        ch->fd[i] = -1;
    ch->mq[0] = ch->mq[1] = (mqd_t)-1;
    ch->parent_pid = (int)getpid();
    if (pipe2(ch->alive_fd, O_CLOEXEC) != 0)
        return -1;
    if (ops->open(ch) != 0) {
        int saved = errno;
        close(ch->alive_fd[0]);
        close(ch->alive_fd[1]);
        errno = saved;
        return -1;
    }
    return 0;
}

void channel_take_side(struct channel *ch, enum channel_side side)
{
    ch->side = side;
    /* The parent must not hold the write end itself, or it would never see
     * the hang-up; the child has no use for the read end. */
    close(ch->alive_fd[side == CHANNEL_PARENT ? 1 : 0]);
    ch->alive_fd[side == CHANNEL_PARENT ? 1 : 0] = -1;
    ch->ops->take_side(ch);
}

int channel_send(struct channel *ch, const void *buf, size_t len)
{
    return ch->ops->send(ch, buf, len);
}

int channel_recv(struct channel *ch, void *buf, size_t len)
{
    return ch->ops->recv(ch, buf, len);
}

void channel_close(struct channel *ch)
{
    ch->ops->close(ch);
    for (int i = 0; i < 2; i++)
        if (ch->alive_fd[i] >= 0) {
            close(ch->alive_fd[i]);
            ch->alive_fd[i] = -1;
        }
}

int channel_peer_gone(const struct channel *ch)
{
    if (ch->side == CHANNEL_CHILD)
        return (int)getppid() != ch->parent_pid;
    struct pollfd p = {.fd = ch->alive_fd[0], .events = POLLIN};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLIN | POLLERR)) != 0;
}

int channel_keep_waiting(const struct channel *ch, double since)
{
    if (signals_interrupted()) {
        errno = EINTR;
        return -1;
    }
    if (channel_peer_gone(ch)) {
        errno = EPIPE;
        return -1;
    }
    if (clock_now() - since > ch->timeout_s) {
        errno = ETIMEDOUT;
        return -1;
    }
    return 0;
}

void channel_ipc_name(char *buf, size_t len, const char *tag)
{
    static atomic_uint serial;
    snprintf(buf, len, "/gilbench-%s-%ld-%u", tag, (long)getpid(), atomic_fetch_add(&serial, 1));
}

int channel_fd_write(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len > 0) {
        /* send() would do for sockets, but write() serves both; SIGPIPE is
         * ignored by the command, so a dead reader is an EPIPE here. */
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR && !signals_interrupted())
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int channel_fd_read(int fd, void *buf, size_t len)
{
    char *p = buf;

    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0) {
            if (errno == EINTR && !signals_interrupted())
                continue;
            return -1;
        }
        if (n == 0) {
            errno = EPIPE; /* the writer closed its end: it died or gave up */
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
