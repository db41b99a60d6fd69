/* hash_job.c - see hash_job.h.
 *
 * A file is opened with O_NONBLOCK and checked with fstat before the first
 * read: a FIFO with no writer would otherwise block open() or read()
 * forever, and a directory or a device is not what a list of checksums is
 * for.  Reads and digest updates go through the same GIL hooks as CPython:
 * open() and read() release the GIL (FileIO does its system calls between
 * Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS), and the update
 * releases it only for buffers of HASHLIB_GIL_MINSIZE bytes or more
 * (hashlib_update.h).  So `--block-size 1024` under `gil` keeps the
 * hashing serial -- only the reads overlap, as they do in CPython --
 * while 64 KiB lets threads hash in parallel. */
#include "commands/hash/hash_job.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hashlib_update.h"
#include "lib/processes/shared_mem.h"

static const char *file_type_name(mode_t m)
{
    if (S_ISDIR(m))
        return "Is a directory";
    if (S_ISFIFO(m))
        return "is a FIFO, not a regular file: not read (it could block forever)";
    if (S_ISSOCK(m))
        return "is a socket, not a regular file: not read";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "is a device, not a regular file: not read";
    return "is not a regular file: not read";
}

/* What one read() asks for: Python's `open(path, "rb")` is a BufferedReader
 * with an 8 KiB buffer (io.DEFAULT_BUFFER_SIZE); f.read(n) for a smaller n
 * is served from that buffer, refilled by one raw read of 8 KiB, and a
 * larger n goes to the raw file directly.  So `for chunk in
 * iter(lambda: f.read(block), b"")` makes one system call per 8 KiB when
 * blocks are small, and one per block otherwise. */
static size_t read_size(size_t block)
{
    return block < HASH_READ_BUFFER ? HASH_READ_BUFFER : block;
}

static void fail(struct file_record *r, const char *what)
{
    r->status = FILE_FAILED;
    snprintf(r->problem, sizeof r->problem, "%s", what);
}

/* Opens `path` for reading if it is a regular file; -1 with r filled. */
static int open_regular(const char *path, struct file_record *r, struct worker_ctx *ctx)
{
    struct stat st;
    int fd, flags;

    blocking_begin(ctx);
    /* stat first: open() itself fails on a socket (ENXIO), which would
     * hide what the file is; fstat after open closes the race. */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        blocking_end(ctx);
        fail(r, file_type_name(st.st_mode));
        return -1;
    }
    fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd >= 0 && fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        fd = -1;
        errno = err;
    }
    blocking_end(ctx);
    if (fd < 0) {
        fail(r, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(r, file_type_name(st.st_mode));
        close(fd);
        return -1;
    }
    /* Regular files ignore O_NONBLOCK, but reads should not depend on that. */
    flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        fail(r, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static void digest_file(const struct hash_job *job, uint32_t i, unsigned char *buf, EVP_MD_CTX *c,
                        struct worker_ctx *ctx)
{
    struct file_record *r = &job->records[i];
    unsigned int len = 0;
    ssize_t got;
    int fd = open_regular(job->paths[i], r, ctx);

    if (fd < 0)
        return;
    if (EVP_DigestInit_ex(c, job->md, NULL) != 1) {
        fail(r, "libcrypto: EVP_DigestInit_ex failed");
        close(fd);
        return;
    }
    r->bytes = 0;
    for (;;) {
        blocking_begin(ctx);
        got = read(fd, buf, read_size(job->block));
        blocking_end(ctx);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        r->bytes += (uint64_t)got;
        /* f.read(block) calls, served from the buffer just filled. */
        for (size_t off = 0; off < (size_t)got; off += job->block) {
            size_t n = (size_t)got - off < job->block ? (size_t)got - off : job->block;
            if (hashlib_update(c, buf + off, n, ctx) != 1) {
                fail(r, "libcrypto: EVP_DigestUpdate failed");
                close(fd);
                return;
            }
        }
    }
    if (got < 0) {
        fail(r, strerror(errno));
        close(fd);
        return;
    }
    if (close(fd) != 0) {
        fail(r, strerror(errno));
        return;
    }
    if (EVP_DigestFinal_ex(c, r->digest, &len) != 1 || len != SHA256_BYTES) {
        fail(r, "libcrypto: EVP_DigestFinal_ex failed");
        return;
    }
    r->status = FILE_HASHED;
}

static void hash_files_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                           struct partial *out)
{
    const struct hash_job *job = state;
    unsigned char *buf = malloc(read_size(job->block));
    EVP_MD_CTX *c = EVP_MD_CTX_new();

    for (uint64_t i = begin; i < end; i++) {
        struct file_record *r = &job->records[i];

        if (buf == NULL || c == NULL) {
            fail(r, "out of memory for the read buffer");
            continue;
        }
        digest_file(job, (uint32_t)i, buf, c, ctx);
        if (r->status != FILE_HASHED)
            continue;
        uint64_t prefix = 0;
        for (int b = 0; b < 8; b++)
            prefix = prefix << 8 | r->digest[b];
        out->count += prefix;
        out->sum += (double)r->bytes;
    }
    EVP_MD_CTX_free(c);
    free(buf);
}

const struct kernel hash_files_kernel = {
    .name = "hash",
    .summary = "SHA-256 of files (gilbench hash)",
    .kind = KERNEL_IO,
    .answer = ANSWER_COUNT,
    .run = hash_files_run,
};

int hash_job_init(struct hash_job *job, char **paths, uint32_t n, size_t block)
{
    job->paths = paths;
    job->n = n;
    job->block = block;
    job->md = EVP_MD_fetch(NULL, "SHA256", NULL);
    if (job->md == NULL) {
        errno = ENOSYS;
        return -1;
    }
    job->records = shared_alloc((size_t)n * sizeof *job->records);
    if (job->records == NULL) {
        EVP_MD_free(job->md);
        return -1;
    }
    return 0;
}

void hash_job_reset(struct hash_job *job)
{
    memset(job->records, 0, (size_t)job->n * sizeof *job->records);
}

void hash_job_free(struct hash_job *job)
{
    shared_free(job->records, (size_t)job->n * sizeof *job->records);
    EVP_MD_free(job->md);
}
