/* futex.h - futex(2) on a word of a shared mapping, for the shm queue.
 * Not FUTEX_PRIVATE: the waiters are other processes, so the kernel keys
 * the wait queue on the physical page, not the address. */
#ifndef GILBENCH_POOL_FUTEX_H
#define GILBENCH_POOL_FUTEX_H

#include <stdatomic.h>
#include <stdint.h>

/* Sleeps while *word == expected, at most timeout_s.  Returns as the
 * system call: 0 woken, -1 with EAGAIN (the word changed first),
 * ETIMEDOUT or EINTR; the caller looks again in every case. */
int pool_futex_wait(_Atomic uint32_t *word, uint32_t expected, double timeout_s);
/* Wakes up to how_many sleepers.  Returns how many, or -1 with errno. */
int pool_futex_wake(_Atomic uint32_t *word, int how_many);

#endif
