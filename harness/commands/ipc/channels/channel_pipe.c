/* channel_pipe.c - two pipes, one per direction: what two of
 * multiprocessing's Pipe(duplex=False) give (on POSIX it is os.pipe():
 * CPython Lib/multiprocessing/connection.py, Pipe()), and lmbench's
 * lat_pipe.  Each message costs a write() and a read(); when the reader is
 * asleep, the write also wakes it (a scheduler wake-up, often on the other
 * CPU). */
#include "commands/ipc/channels/channel.h"

#include <errno.h>
#include <unistd.h>

/* fd[0] <- fd[1]: parent to child; fd[2] <- fd[3]: child to parent. */
static int pipe_open(struct channel *ch)
{
    if (pipe(&ch->fd[0]) != 0)
        return -1;
    if (pipe(&ch->fd[2]) != 0) {
        int saved = errno;
        close(ch->fd[0]);
        close(ch->fd[1]);
        errno = saved;
        return -1;
    }
    return 0;
}

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

static void pipe_take_side(struct channel *ch)
{
    if (ch->side == CHANNEL_PARENT) {
        close_fd(&ch->fd[0]);
        close_fd(&ch->fd[3]);
    } else {
        close_fd(&ch->fd[1]);
        close_fd(&ch->fd[2]);
    }
}

static int pipe_send(struct channel *ch, const void *buf, size_t len)
{
    return channel_fd_write(ch->fd[ch->side == CHANNEL_PARENT ? 1 : 3], buf, len);
}

static int pipe_recv(struct channel *ch, void *buf, size_t len)
{
    return channel_fd_read(ch->fd[ch->side == CHANNEL_PARENT ? 2 : 0], buf, len);
}

static void pipe_close(struct channel *ch)
{
    for (int i = 0; i < 4; i++)
        close_fd(&ch->fd[i]);
}

const struct channel_ops channel_pipe_ops = {
    .name = "pipe",
    .summary = "two pipes, one per direction (multiprocessing.Pipe(duplex=False), lmbench lat_pipe)",
    .open = pipe_open,
    .take_side = pipe_take_side,
    .send = pipe_send,
    .recv = pipe_recv,
    .close = pipe_close,
};
