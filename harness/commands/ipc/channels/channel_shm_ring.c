/* channel_shm_ring.c - two single-producer single-consumer byte rings in
 * one shared-memory mapping, one ring per direction: the shape of
 * multiprocessing.shared_memory plus a hand-made queue, and of every
 * "zero-copy" IPC library.
 *
 * A ring is `head` (bytes ever written, the writer's), `tail` (bytes ever
 * read, the reader's) and the bytes; head - tail is what waits to be read.
 * Moving bytes is memcpy and one atomic store; the only question is how a
 * reader with nothing to read (or a writer with no room) waits, and that is
 * the three variants below (wakeup.h): the futex one sleeps, the spinning
 * one burns a core, spin-futex spins briefly and then sleeps.
 *
 * The mapping comes from shm_open, as SharedMemory(create=True) does, and
 * is unlinked the moment it is mapped, before fork: the child inherits the
 * mapping, and /dev/shm never holds the name for more than that instant. */
#include "commands/ipc/channels/channel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "commands/ipc/channels/wakeup.h"

/* 256 KiB each way: a 1 MiB message goes through in four pieces, as it
 * goes through a 64 KiB pipe in sixteen. */
enum { RING_CAPACITY = 256 * 1024 };

struct shm_ring {
    /* head and tail on separate cache lines: the writer stores one and the
     * reader the other, so neither store evicts the other's line. */
    alignas(64) _Atomic uint64_t head;
    struct wake_word data;   /* bumped by the writer: bytes arrived */
    alignas(64) _Atomic uint64_t tail;
    struct wake_word space;  /* bumped by the reader: room freed */
    alignas(64) unsigned char bytes[RING_CAPACITY];
};

struct shm_ring_pair {
    struct shm_ring ring[2]; /* [0] parent->child, [1] child->parent */
};

static int shm_ring_open(struct channel *ch)
{
    char name[64];
    int fd;
    void *map;

    channel_ipc_name(name, sizeof name, "ring");
    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    /* Unlinked before anything can fail or fork: the descriptor is enough. */
    if (shm_unlink(name) != 0 || ftruncate(fd, (off_t)sizeof(struct shm_ring_pair)) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    map = mmap(NULL, sizeof(struct shm_ring_pair), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (close(fd) != 0 || map == MAP_FAILED) {
        if (map != MAP_FAILED)
            munmap(map, sizeof(struct shm_ring_pair));
        return -1;
    }
    ch->rings = map; /* zero-filled by ftruncate: empty rings, no sleepers */
    ch->map_len = sizeof(struct shm_ring_pair);
    return 0;
}

static void shm_ring_take_side(struct channel *ch)
{
    (void)ch; /* both sides keep the whole mapping */
}

static int has_data(const void *arg)
{
    const struct shm_ring *r = arg;
    return atomic_load(&r->head) != atomic_load_explicit(&r->tail, memory_order_relaxed);
}

static int has_room(const void *arg)
{
    const struct shm_ring *r = arg;
    return atomic_load_explicit(&r->head, memory_order_relaxed) - atomic_load(&r->tail) <
           RING_CAPACITY;
}

static int shm_ring_send(struct channel *ch, const void *buf, size_t len)
{
    struct shm_ring *r = &ch->rings->ring[ch->side == CHANNEL_PARENT ? 0 : 1];
    const unsigned char *p = buf;

    while (len > 0) {
        if (wakeup_wait(&r->space, ch->wait, has_room, r, ch) != 0)
            return -1;
        uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
        size_t room = RING_CAPACITY - (size_t)(head - atomic_load(&r->tail));
        size_t at = (size_t)(head % RING_CAPACITY);
        size_t n = len < room ? len : room;
        size_t first = n < RING_CAPACITY - at ? n : RING_CAPACITY - at;
        memcpy(&r->bytes[at], p, first);
        memcpy(&r->bytes[0], p + first, n - first);
        atomic_store(&r->head, head + n); /* publishes the bytes */
        wakeup_notify(&r->data);
        p += n;
        len -= n;
    }
    return 0;
}

static int shm_ring_recv(struct channel *ch, void *buf, size_t len)
{
    struct shm_ring *r = &ch->rings->ring[ch->side == CHANNEL_PARENT ? 1 : 0];
    unsigned char *p = buf;

    while (len > 0) {
        if (wakeup_wait(&r->data, ch->wait, has_data, r, ch) != 0)
            return -1;
        uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
        size_t avail = (size_t)(atomic_load(&r->head) - tail);
        size_t at = (size_t)(tail % RING_CAPACITY);
        size_t n = len < avail ? len : avail;
        size_t first = n < RING_CAPACITY - at ? n : RING_CAPACITY - at;
        memcpy(p, &r->bytes[at], first);
        memcpy(p + first, &r->bytes[0], n - first);
        atomic_store(&r->tail, tail + n); /* frees the room */
        wakeup_notify(&r->space);
        p += n;
        len -= n;
    }
    return 0;
}

static void shm_ring_close(struct channel *ch)
{
    if (ch->rings != NULL) {
        munmap(ch->rings, ch->map_len);
        ch->rings = NULL;
    }
}

static int shm_futex_open(struct channel *ch)
{
    ch->wait = RING_WAIT_FUTEX;
    return shm_ring_open(ch);
}

static int shm_spin_open(struct channel *ch)
{
    ch->wait = RING_WAIT_SPIN;
    return shm_ring_open(ch);
}

static int shm_spin_then_futex_open(struct channel *ch)
{
    ch->wait = RING_WAIT_SPIN_THEN_FUTEX;
    return shm_ring_open(ch);
}

const struct channel_ops channel_shm_futex_ops = {
    .name = "shm-futex",
    .summary = "shared-memory rings; a reader with nothing to read sleeps on a futex",
    .open = shm_futex_open, .take_side = shm_ring_take_side,
    .send = shm_ring_send, .recv = shm_ring_recv, .close = shm_ring_close,
};

const struct channel_ops channel_shm_spin_then_futex_ops = {
    .name = "shm-spin-futex",
    .summary = "shared-memory rings; a reader spins 5 us, then sleeps on a futex",
    .open = shm_spin_then_futex_open, .take_side = shm_ring_take_side,
    .send = shm_ring_send, .recv = shm_ring_recv, .close = shm_ring_close,
};

const struct channel_ops channel_shm_spin_ops = {
    .name = "shm-spin",
    .summary = "SPINNING: shared-memory rings; a reader polls, burning its CPU (needs a core each)",
    .open = shm_spin_open, .take_side = shm_ring_take_side,
    .send = shm_ring_send, .recv = shm_ring_recv, .close = shm_ring_close,
};
