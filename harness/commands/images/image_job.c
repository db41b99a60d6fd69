/* image_job.c - see image_job.h.
 *
 * The GIL: Pillow releases it around its C work -- ImagingSectionEnter()
 * and ImagingSectionLeave() (declared in src/libImaging/Imaging.h, defined
 * in src/_imaging.c as PyEval_SaveThread() and PyEval_RestoreThread())
 * bracket the decoder and encoder calls (src/decode.c, src/encode.c) and
 * the resampling loops (src/libImaging/Resample.c) -- so Python threads
 * running Pillow overlap.  `release_gil` mirrors that with one
 * blocking section around the whole file; without it the work stays under
 * the GIL and checks the eval breaker every row, as a pure-Python pixel
 * loop would, and threads take turns.
 *
 * Inputs: opened with O_NONBLOCK and checked with fstat (a FIFO would
 * block forever), recognised by their first bytes, not their names.
 * Outputs: written under a temporary name and renamed into place, so a
 * crash or an interrupt never leaves a half-written picture under its
 * real name.  No fsync: this protects against a dying process, which is
 * the risk here; a power cut would only cost regenerable outputs.
 */
#include "commands/images/image_job.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands/images/codec_jpeg.h"
#include "commands/images/codec_png.h"
#include "lib/files/atomic_file.h"
#include "lib/processes/shared_mem.h"
#include "lib/processes/signals.h"

static void fail(struct image_record *r, const char *what)
{
    r->status = IMAGE_FAILED;
    snprintf(r->problem, sizeof r->problem, "%s", what);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Opens a regular, non-empty file and says which format it holds. */
static FILE *open_image(const char *path, enum image_format *fmt, struct image_record *r)
{
    unsigned char magic[8];
    struct stat st;
    int fd = -1;
    FILE *fp;

    /* stat first: open() fails on a socket (ENXIO), hiding what it is. */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        fail(r, S_ISDIR(st.st_mode) ? "is a directory, not an image"
                                    : "not a regular file: not read (a FIFO or device could block forever)");
        return NULL;
    }
    fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
        fail(r, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || st.st_size == 0) {
        fail(r, S_ISDIR(st.st_mode) ? "is a directory, not an image"
                : !S_ISREG(st.st_mode) ? "not a regular file: not read (a FIFO or device could block forever)"
                                       : "empty file (0 bytes): not an image");
        close(fd);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 || (fp = fdopen(fd, "rb")) == NULL) {
        fail(r, strerror(errno));
        close(fd);
        return NULL;
    }
    size_t got = fread(magic, 1, sizeof magic, fp);
    if (ferror(fp) || fseek(fp, 0, SEEK_SET) != 0) {
        fail(r, strerror(errno ? errno : EIO));
        fclose(fp);
        return NULL;
    }
    if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF)
        *fmt = FORMAT_JPEG;
    else if (got == 8 && memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0)
        *fmt = FORMAT_PNG;
    else {
        fail(r, "not a JPEG or PNG image (unknown first bytes)");
        fclose(fp);
        return NULL;
    }
    return fp;
}

static int write_output(const struct image_job *job, const char *name, enum image_format fmt,
                        const struct image *im, struct worker_ctx *ctx, char *error)
{
    struct atomic_file f;
    int rc;

    if (atomic_file_open_in(&f, job->out_dir, name) != 0) {
        snprintf(error, IMAGE_ERROR_LEN, "cannot create the output in %s: %s", job->out_dir,
                 strerror(errno));
        return -1;
    }
    rc = fmt == FORMAT_JPEG ? jpeg_write_rgb(f.fp, im, job->spec.quality, ctx, error)
                            : png_write_rgb(f.fp, im, 6, ctx, error);
    if (rc == 0 && (fflush(f.fp) != 0 || ferror(f.fp))) {
        snprintf(error, IMAGE_ERROR_LEN, "writing the output: %s", strerror(errno));
        rc = -1;
    }
    if (rc != 0) {
        atomic_file_abort(&f);
        return -1;
    }
    /* atomic_file_commit, less the fsync (see the top of this file). */
    int err = fclose(f.fp) != 0 ? errno : 0;
    f.fp = NULL;
    if (err == 0 && rename(f.tmp, f.path) != 0)
        err = errno;
    if (err != 0) {
        unlink(f.tmp);
        snprintf(error, IMAGE_ERROR_LEN, "writing the output: %s", strerror(err));
        return -1;
    }
    return 0;
}

/* A decoded picture goes straight into the resizer, row by row (see
 * row_sink in image.h): a 12 MP photo is never held whole.  Holding it
 * would cost each fresh pool or fork worker tens of thousands of page
 * faults per batch that a long-lived process pays once (glibc keeps freed
 * memory for reuse), and would stream 36 MB through the cache per photo. */
struct decode_to_resize {
    const struct image_job *job;
    struct image_record *r;
    struct worker_ctx *loops;
    struct image *out;
    struct resizer *rz;
};

static int decode_begin(void *arg, uint32_t w, uint32_t h, char *error)
{
    struct decode_to_resize *d = arg;

    d->r->in_w = w;
    d->r->in_h = h;
    if (image_check_size(w, h, error) != 0)
        return -1;
    resize_target(w, h, d->job->spec.box_w, d->job->spec.box_h, d->job->spec.aspect,
                  &d->r->out_w, &d->r->out_h);
    d->rz = resizer_new(w, h, d->out, d->r->out_w, d->r->out_h, error);
    return d->rz != NULL ? 0 : -1;
}

static void decode_row(void *arg, const unsigned char *rgb)
{
    struct decode_to_resize *d = arg;

    resizer_push_row(d->rz, rgb, d->loops);
}

void image_process(const struct image_job *job, uint32_t i, struct worker_ctx *ctx)
{
    struct image_record *r = &job->records[i];
    struct image out = {0};
    enum image_format fmt = FORMAT_UNKNOWN;
    char error[IMAGE_ERROR_LEN] = "";
    /* Pixel loops check the eval breaker only while holding the GIL. */
    int released = ctx->gil != NULL && job->release_gil;
    struct worker_ctx *loops = (ctx->gil != NULL && !released) ? ctx : NULL;
    struct decode_to_resize d = {.job = job, .r = r, .loops = loops, .out = &out};
    const struct row_sink sink = {.begin = decode_begin, .row = decode_row, .arg = &d};
    FILE *fp;
    int rc;

    if (released)
        blocking_begin(ctx);
    fp = open_image(job->inputs[i], &fmt, r);
    if (fp == NULL)
        goto done;
    rc = fmt == FORMAT_JPEG ? jpeg_decode_rows(fp, &sink, loops, error)
                            : png_decode_rows(fp, &sink, loops, error);
    if (fclose(fp) != 0 && rc == 0) {
        snprintf(error, sizeof error, "%s", strerror(errno));
        rc = -1;
    }
    if (rc == 0 && !resizer_done(d.rz)) {
        snprintf(error, sizeof error, "the decoder stopped before the last row");
        rc = -1;
    }
    if (rc != 0) {
        fail(r, error);
        goto done;
    }
    if (filter_apply(&out, job->spec.filter, loops, error) != 0 ||
        write_output(job, base_name(job->inputs[i]), fmt, &out, loops, error) != 0) {
        fail(r, error);
        goto done;
    }
    r->checksum = image_checksum(&out);
    r->status = IMAGE_DONE;
done:
    resizer_free(d.rz);
    image_free(&out);
    if (released)
        blocking_end(ctx);
}

static void image_files_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                            struct partial *out)
{
    const struct image_job *job = state;

    for (uint64_t i = begin; i < end; i++) {
        /* Stop starting pictures once asked to stop; the run is discarded. */
        if (signals_interrupted()) {
            fail(&job->records[i], "interrupted");
            continue;
        }
        image_process(job, (uint32_t)i, ctx);
        if (job->records[i].status == IMAGE_DONE) {
            out->count += job->records[i].checksum;
            out->sum += 1.0;
        }
    }
}

const struct kernel image_files_kernel = {
    .name = "images",
    .summary = "decode, resize, filter, encode image files (gilbench images)",
    .kind = KERNEL_CPU,
    .answer = ANSWER_COUNT,
    .run = image_files_run,
};

int image_job_init(struct image_job *job, char **inputs, uint32_t n, const char *out_dir,
                   const struct image_spec *spec)
{
    job->inputs = inputs;
    job->n = n;
    job->out_dir = out_dir;
    job->spec = *spec;
    job->release_gil = 1;
    job->records = shared_alloc((size_t)n * sizeof *job->records);
    return job->records != NULL ? 0 : -1;
}

void image_job_reset(struct image_job *job)
{
    memset(job->records, 0, (size_t)job->n * sizeof *job->records);
}

void image_job_free(struct image_job *job)
{
    shared_free(job->records, (size_t)job->n * sizeof *job->records);
}

/* ".NAME.tmp.PID" (the temporary names lib/files/atomic_file.c makes) whose
 * process is gone: a live one may be another run writing right now. */
static int is_stale_temp(const char *name)
{
    const char *t = strstr(name, ".tmp.");
    const char *last = NULL;

    if (name[0] != '.' || t == NULL)
        return 0;
    while (t != NULL) {
        last = t;
        t = strstr(t + 1, ".tmp.");
    }
    last += 5;
    if (*last == '\0')
        return 0;
    for (const char *p = last; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    long pid = strtol(last, NULL, 10);
    return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

int image_remove_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int removed = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL)
        if (is_stale_temp(e->d_name) && unlinkat(dirfd(d), e->d_name, 0) == 0)
            removed++;
    if (closedir(d) != 0)
        perror("gilbench images: closedir");
    return removed;
}
