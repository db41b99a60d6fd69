/* progress.c - see progress.h.  The estimate of the time left is the
 * average time per step so far times the steps left: crude, but steps of
 * a sweep are similar enough for it to be useful. */
#include "lib/measurement/progress.h"

#include <stdio.h>
#include <unistd.h>

#include "lib/measurement/clock.h"

void progress_start(struct progress *p, int mode, unsigned total)
{
    p->enabled = mode < 0 ? isatty(STDERR_FILENO) : mode;
    p->done = 0;
    p->total = total;
    p->t_start = clock_now();
}

void progress_step(struct progress *p, const char *what)
{
    double elapsed = clock_now() - p->t_start;

    if (!p->enabled)
        return;
    if (p->done == 0)
        fprintf(stderr, "\r\033[K[%u/%u] %s  elapsed %.0fs", p->done + 1, p->total, what, elapsed);
    else
        fprintf(stderr, "\r\033[K[%u/%u] %s  elapsed %.0fs, about %.0fs left", p->done + 1,
                p->total, what, elapsed, elapsed / p->done * (p->total - p->done));
    fflush(stderr);
    p->done++;
}

void progress_finish(struct progress *p)
{
    if (p->enabled) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
    }
}
