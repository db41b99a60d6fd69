/* channel_socketpair.c - one UNIX stream socket pair: what
 * multiprocessing.Pipe() (duplex=True, the default) creates on POSIX,
 * socket.socketpair() (CPython Lib/multiprocessing/connection.py, Pipe()).
 * The same write/read and wake-up as a pipe, through the socket layer. */
#include "commands/ipc/channels/channel.h"

#include <sys/socket.h>
#include <unistd.h>

static int socketpair_open(struct channel *ch)
{
    return socketpair(AF_UNIX, SOCK_STREAM, 0, ch->fd);
}

static void socketpair_take_side(struct channel *ch)
{
    int other = ch->side == CHANNEL_PARENT ? 1 : 0;
    close(ch->fd[other]);
    ch->fd[other] = -1;
}

static int own_fd(const struct channel *ch)
{
    return ch->fd[ch->side == CHANNEL_PARENT ? 0 : 1];
}

static int socketpair_send(struct channel *ch, const void *buf, size_t len)
{
    return channel_fd_write(own_fd(ch), buf, len);
}

static int socketpair_recv(struct channel *ch, void *buf, size_t len)
{
    return channel_fd_read(own_fd(ch), buf, len);
}

static void socketpair_close(struct channel *ch)
{
    for (int i = 0; i < 2; i++)
        if (ch->fd[i] >= 0) {
            close(ch->fd[i]);
            ch->fd[i] = -1;
        }
}

const struct channel_ops channel_socketpair_ops = {
    .name = "socketpair",
    .summary = "a UNIX stream socket pair (multiprocessing.Pipe(), duplex)",
    .open = socketpair_open,
    .take_side = socketpair_take_side,
    .send = socketpair_send,
    .recv = socketpair_recv,
    .close = socketpair_close,
};
