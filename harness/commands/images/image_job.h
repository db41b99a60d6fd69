/* image_job.h - the batch (decode, resize, filter, encode, write) as a
 * kernel, so every mode runs it.
 *
 * An item is the index of an input file and one task is one file, as in
 * hash_job.h.  A task's partial is the FNV-1a checksum of the output
 * pixels (count, added modulo 2^64): equal in every mode exactly when
 * every output picture is.  Per-file results (sizes, checksum, the
 * problem of a file that failed) go to `records` in shared memory. */
#ifndef GILBENCH_IMAGE_JOB_H
#define GILBENCH_IMAGE_JOB_H

#include <stdint.h>

#include "commands/images/filters.h"
#include "commands/images/image.h"
#include "commands/images/resize.h"
#include "kernel.h"

enum image_status { IMAGE_PENDING = 0, IMAGE_DONE, IMAGE_FAILED };

struct image_record {
    int status;
    char problem[IMAGE_ERROR_LEN];
    uint32_t in_w, in_h, out_w, out_h;
    uint64_t checksum;
};

struct image_spec {
    enum filter filter;
    uint32_t box_w, box_h;
    enum aspect aspect;
    int quality;           /* JPEG 1-100 */
};

struct image_job {
    char **inputs;         /* paths */
    uint32_t n;
    const char *out_dir;
    struct image_spec spec;
    /* Under a GIL mode: 1 = the C work releases the GIL (Pillow), 0 = it
     * holds it and checks the eval breaker every row (a Python loop). */
    int release_gil;
    struct image_record *records;  /* n, shared */
};

extern const struct kernel image_files_kernel;

/* Processes one file outside any mode (tests, sample checks). */
void image_process(const struct image_job *job, uint32_t i, struct worker_ctx *ctx);

int image_job_init(struct image_job *job, char **inputs, uint32_t n, const char *out_dir,
                   const struct image_spec *spec);
void image_job_reset(struct image_job *job);
void image_job_free(struct image_job *job);

/* Removes what atomic writes of a killed run left in `dir`
 * (".NAME.tmp.PID" files); returns how many. */
int image_remove_stale_temps(const char *dir);

#endif
