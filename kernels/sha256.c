/* sha256.c - SHA-256 of N deterministic messages with libcrypto, as
 * Python's hashlib does it; the answer adds up the first four bytes of
 * every digest.
 *
 * Item i is the message le64(i) || DATA, where DATA is SHA256_DATA_BYTES
 * bytes of splitmix64 output (seed 0, each 64-bit word little-endian),
 * built once in setup.  The index in front makes every digest different;
 * the data is shared so the kernel measures hashing, not data generation.
 *
 * Under a simulated GIL the 8-byte update runs holding the GIL and the
 * 64 KiB one releases it, as CPython's hashlib does (hashlib_update.h):
 * so this kernel, unlike the pure-Python-like ones, speeds up under `gil`. */
#include <errno.h>
#include <stdlib.h>

#include <openssl/evp.h>

#include "hashlib_update.h"
#include "kernel.h"

enum { SHA256_DATA_BYTES = 65536 };

struct sha256_state {
    EVP_MD *md;                 /* fetched once: implicit fetches take a lock per init */
    unsigned char data[SHA256_DATA_BYTES];
};

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int sha256_setup(uint64_t items, void **state)
{
    struct sha256_state *st = malloc(sizeof *st);
    uint64_t seed = 0;

    (void)items;
    if (st == NULL)
        return -1;
    for (size_t i = 0; i < SHA256_DATA_BYTES; i += 8) {
        uint64_t w = splitmix64(&seed);
        for (int b = 0; b < 8; b++)
            st->data[i + (size_t)b] = (unsigned char)(w >> (8 * b));
    }
    st->md = EVP_MD_fetch(NULL, "SHA256", NULL);
    if (st->md == NULL) {
        free(st);
        errno = ENOSYS;
        return -1;
    }
    *state = st;
    return 0;
}

static void sha256_teardown(void *state)
{
    struct sha256_state *st = state;

    EVP_MD_free(st->md);
    free(st);
}

static void sha256_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                       struct partial *out)
{
    const struct sha256_state *st = state;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    uint64_t total = 0;

    /* Allocation or digest failures make the answer 0 (plus what was done),
     * which the checksum comparison and the known-answer test then catch. */
    for (uint64_t i = begin; c != NULL && i < end; i++) {
        unsigned char prefix[8], digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;

        for (int b = 0; b < 8; b++)
            prefix[b] = (unsigned char)(i >> (8 * b));
        if (EVP_DigestInit_ex(c, st->md, NULL) != 1 || hashlib_update(c, prefix, 8, ctx) != 1 ||
            hashlib_update(c, st->data, SHA256_DATA_BYTES, ctx) != 1 ||
            EVP_DigestFinal_ex(c, digest, &len) != 1 || len < 4)
            break;
        total += (uint64_t)digest[0] << 24 | (uint64_t)digest[1] << 16 |
                 (uint64_t)digest[2] << 8 | digest[3];
    }
    EVP_MD_CTX_free(c);
    out->count = total;
}

const struct kernel kernel_sha256 = {
    .name = "sha256",
    .summary = "SHA-256 (libcrypto) of 64 KiB messages, GIL released as hashlib does: digest prefixes",
    .kind = KERNEL_CPU,
    .answer = ANSWER_COUNT,
    .default_items = 12000,
    .quick_items = 1200,
    .max_items = 100000000,
    /* From Python's hashlib over the same messages (tests/cli/workloads/kernels.bats
     * recomputes it); 64 x 2^32 stays far below 2^53, so the double is exact. */
    .known_items = 64,
    .known_answer = 125134279264.0,
    .known_tolerance = 0,
    .setup = sha256_setup,
    .teardown = sha256_teardown,
    .run = sha256_run,
};
