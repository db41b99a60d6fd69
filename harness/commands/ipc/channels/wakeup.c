/* wakeup.c - see wakeup.h.  The futex calls are the raw system call: glibc
 * has no wrapper.  FUTEX_WAIT without FUTEX_PRIVATE_FLAG, because the word
 * lives in a mapping shared by two processes (a private futex is keyed by
 * the address space and would never meet the other process's wake). */
#include "commands/ipc/channels/wakeup.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lib/measurement/clock.h"

/* Between these, a waiter looks at its peer's liveness, signals and the
 * timeout: often enough to end promptly, rarely enough to cost nothing. */
static const double WAKEUP_SLICE_S = 0.05;

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause(); /* lets the sibling hyper-thread run, saves power */
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static int futex_wait(_Atomic uint32_t *word, uint32_t expected, double seconds)
{
    struct timespec rel = {.tv_sec = (time_t)seconds,
                           .tv_nsec = (long)((seconds - (double)(time_t)seconds) * 1e9)};
    return (int)syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT, expected, &rel, NULL, 0);
}

/* Spins until ready, or `budget_s` has passed (returns 1), or the slice
 * check gives up (-1). */
static int spin(int (*ready)(const void *), const void *arg, const struct channel *ch, double since,
                double budget_s)
{
    double start = clock_now(), last_check = start;

    for (;;) {
        for (int i = 0; i < 256; i++) {
            if (ready(arg))
                return 0;
            cpu_relax();
        }
        double now = clock_now();
        if (now - start > budget_s)
            return 1;
        if (now - last_check > WAKEUP_SLICE_S) {
            if (channel_keep_waiting(ch, since) != 0)
                return -1;
            last_check = now;
        }
    }
}

static int sleep_until(struct wake_word *w, int (*ready)(const void *), const void *arg,
                       const struct channel *ch, double since)
{
    for (;;) {
        atomic_store(&w->sleepers, 1);
        uint32_t seq = atomic_load(&w->seq);
        if (ready(arg)) {
            atomic_store(&w->sleepers, 0);
            return 0;
        }
        int rc = futex_wait(&w->seq, seq, WAKEUP_SLICE_S);
        int err = errno;
        atomic_store(&w->sleepers, 0);
        if (ready(arg))
            return 0;
        /* EAGAIN: seq changed before we slept; a wake or EINTR: look again. */
        if (rc != 0 && err != EAGAIN && err != EINTR && err != ETIMEDOUT) {
            errno = err;
            return -1;
        }
        if (channel_keep_waiting(ch, since) != 0)
            return -1;
    }
}

int wakeup_wait(struct wake_word *w, enum ring_wait how, int (*ready)(const void *), const void *arg,
                const struct channel *ch)
{
    double since;
    int rc;

    if (ready(arg))
        return 0;
    since = clock_now();
    switch (how) {
    case RING_WAIT_SPIN:
        return spin(ready, arg, ch, since, 1e300);
    case RING_WAIT_SPIN_THEN_FUTEX:
        rc = spin(ready, arg, ch, since, WAKEUP_SPIN_BEFORE_SLEEP_S);
        if (rc <= 0)
            return rc;
        return sleep_until(w, ready, arg, ch, since);
    case RING_WAIT_FUTEX:
    default:
        return sleep_until(w, ready, arg, ch, since);
    }
}

void wakeup_notify(struct wake_word *w)
{
    atomic_fetch_add(&w->seq, 1);
    if (atomic_load(&w->sleepers) != 0)
        (void)syscall(SYS_futex, (uint32_t *)&w->seq, FUTEX_WAKE, 1, NULL, NULL, 0);
}
