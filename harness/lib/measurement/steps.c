/* steps.c - one configuration after another, each bounded by the
 * watchdog, and each experiment's rows written whole. */
#include "lib/measurement/steps.h"

#include <errno.h>
#include <string.h>

#include "lib/files/atomic_file.h"
#include "lib/processes/signals.h"

void steps_begin(struct steps *s, const char *what)
{
    char msg[256];
    double limit = s->timeout_s * 3 + 30;

    progress_step(&s->progress, what);
    snprintf(msg, sizeof msg, "gilbench %s: %s did not finish within %.0f s", s->command, what, limit);
    watchdog_arm(limit, msg);
}

int steps_end(struct steps *s, int rc, const char *why)
{
    watchdog_disarm();
    if (rc != 0 && !signals_interrupted()) {
        progress_finish(&s->progress);
        fprintf(stderr, "gilbench %s: %s\n", s->command, why);
        s->failed = 1;
    }
    return steps_stopped(s);
}

int steps_stopped(const struct steps *s)
{
    return s->failed || signals_interrupted() != 0;
}

int steps_write_csv(const struct steps *s, const char *name, void (*header)(FILE *),
                    void (*row)(FILE *, const void *), const void *rows, size_t size, size_t n)
{
    struct atomic_file f;

    if (atomic_file_open_in(&f, s->dir, name) != 0) {
        fprintf(stderr, "gilbench %s: cannot write %s/%s: %s\n", s->command, s->dir, name, strerror(errno));
        return -1;
    }
    header(f.fp);
    for (size_t i = 0; i < n; i++)
        row(f.fp, (const char *)rows + i * size);
    if (atomic_file_commit(&f) != 0) {
        fprintf(stderr, "gilbench %s: cannot write %s/%s: %s\n", s->command, s->dir, name, strerror(errno));
        return -1;
    }
    return 0;
}
