/* progress.h - one self-overwriting progress line on a terminal; silence
 * when stderr is a file or a pipe, so logs stay clean. */
#ifndef GILBENCH_PROGRESS_H
#define GILBENCH_PROGRESS_H

struct progress {
    int enabled;
    unsigned done, total;
    double t_start;
};

/* `mode`: -1 auto (stderr is a terminal), 0 off, 1 on. */
void progress_start(struct progress *p, int mode, unsigned total);
void progress_step(struct progress *p, const char *what);
void progress_finish(struct progress *p);

#endif
