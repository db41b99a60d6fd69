/* payload.h - bytes that can be checked: every experiment sends a
 * pseudo-random pattern and compares checksums at both ends, which is how
 * a run proves each channel delivered every byte, in order. */
#ifndef GILBENCH_IPC_PAYLOAD_H
#define GILBENCH_IPC_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf with a pattern determined by `seed` (xorshift64*). */
void payload_fill(void *buf, size_t len, uint64_t seed);
/* A 64-bit checksum of buf, continuing from `h` (start with
 * PAYLOAD_CHECKSUM_INIT): order-sensitive, so a reordered, duplicated or
 * dropped block changes it. */
#define PAYLOAD_CHECKSUM_INIT 0xcbf29ce484222325ULL
uint64_t payload_checksum(uint64_t h, const void *buf, size_t len);

#endif
