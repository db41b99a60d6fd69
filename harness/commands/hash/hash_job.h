/* hash_job.h - hashing a list of files as a kernel, so every mode runs it.
 *
 * The modes run kernels over item ranges; here an item is the index of a
 * file in the list, and one task is one file, so `pool` hands files out
 * as they finish and `fork` deals them round-robin.  A task's partial is
 * the digest's first 8 bytes (count, added modulo 2^64) and its byte count
 * (sum): equal in every mode exactly when every digest is.  The digests
 * and errors themselves go to `records`, shared memory that forked
 * workers write and the parent reads (lib/processes/shared_mem.h). */
#ifndef GILBENCH_HASH_JOB_H
#define GILBENCH_HASH_JOB_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "commands/hash/sha256sum_format.h"
#include "kernel.h"

enum file_status { FILE_PENDING = 0, FILE_HASHED, FILE_FAILED };

/* Python's io.DEFAULT_BUFFER_SIZE: the smallest read (hash_job.c). */
enum { HASH_READ_BUFFER = 8192 };

struct file_record {
    int status;              /* enum file_status */
    char problem[160];       /* FILE_FAILED: what went wrong, one line */
    unsigned char digest[SHA256_BYTES];
    uint64_t bytes;
};

struct hash_job {
    char **paths;
    uint32_t n;
    size_t block;            /* bytes per update(), as f.read(block) returns them */
    EVP_MD *md;
    struct file_record *records;  /* n of them, shared */
};

/* The adapter; its state is a struct hash_job. */
extern const struct kernel hash_files_kernel;

/* Returns 0, or -1 with errno set. */
int hash_job_init(struct hash_job *job, char **paths, uint32_t n, size_t block);
/* Marks every file pending again, before a repetition. */
void hash_job_reset(struct hash_job *job);
void hash_job_free(struct hash_job *job);

#endif
