/* hashlib_update.h - feeding a digest the way CPython's hashlib does.
 *
 * hashlib's update() releases the GIL around the C hashing call when the
 * buffer holds at least HASHLIB_GIL_MINSIZE = 2048 bytes
 * (Modules/hashlib.h; the test is `view.len >= HASHLIB_GIL_MINSIZE` in
 * Modules/_hashopenssl.c).  It came with bpo-4751 (CPython 2.7 and 3.1,
 * May 2009) for the OpenSSL-backed hashes; gh-99108 (CPython 3.12) made
 * the built-in HACL* hashes do the same.  Below the threshold the GIL
 * stays held: taking and dropping it would cost more than hashing 2 KiB.
 * Used by the sha256 kernel and by `gilbench hash`. */
#ifndef GILBENCH_HASHLIB_UPDATE_H
#define GILBENCH_HASHLIB_UPDATE_H

#include <stddef.h>

#include <openssl/evp.h>

#include "hooks.h"

enum { HASHLIB_GIL_MINSIZE = 2048 };

/* Returns EVP_DigestUpdate's result: 1 on success. */
static inline int hashlib_update(EVP_MD_CTX *c, const void *buf, size_t len,
                                 struct worker_ctx *ctx)
{
    int ok;

    if (len >= HASHLIB_GIL_MINSIZE) {
        blocking_begin(ctx);
        ok = EVP_DigestUpdate(c, buf, len);
        blocking_end(ctx);
    } else {
        ok = EVP_DigestUpdate(c, buf, len);
        /* Back in Python code: the eval loop's next check. */
        checkpoint(ctx);
    }
    return ok;
}

#endif
