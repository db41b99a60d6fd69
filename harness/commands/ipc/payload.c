/* payload.c - see payload.h.  The checksum mixes a word at a time (FNV-1a
 * style multiply over 8-byte words, bytes for the tail): fast enough to
 * run over hundreds of MiB, and any changed, moved or missing byte
 * changes it. */
#include "commands/ipc/payload.h"

#include <string.h>

void payload_fill(void *buf, size_t len, uint64_t seed)
{
    unsigned char *p = buf;
    uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;

    while (len >= 8) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        uint64_t v = x * 0x2545f4914f6cdd1dULL;
        memcpy(p, &v, 8);
        p += 8;
        len -= 8;
    }
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)(x >> (8 * i));
}

uint64_t payload_checksum(uint64_t h, const void *buf, size_t len)
{
    const unsigned char *p = buf;

    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
        p += 8;
        len -= 8;
    }
    while (len-- > 0)
        h = (h ^ *p++) * 0x100000001b3ULL;
    return h;
}
