/* lat_pipe_ref.c - bin/gilbench-latpipe: the reference the bench holds
 * `gilbench ipc`'s pipe latency to.  A plain two-process ping-pong over
 * two pipes, nothing else, as lmbench's lat_pipe: the child reads a
 * message and writes it back; the parent times round trips.  Iterations
 * are sized as lmbench's benchmp sizes them (grow until a batch lasts
 * `enough` seconds), then the median of several batches is kept.
 *
 *   gilbench-latpipe [SIZE_BYTES [BATCHES [ENOUGH_S]]]   (default 8 11 0.005)
 *
 * Prints one CSV row after a header:
 *   size_bytes,iterations,batches,median_us,min_us,max_us
 * Deliberately self-contained (no gilbench code): if the harness's
 * channel layer added cost, this program would not share it. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int xfer(int fd, char *buf, size_t len, int writing)
{
    while (len > 0) {
        ssize_t n = writing ? write(fd, buf, len) : read(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    size_t size = argc > 1 ? strtoul(argv[1], NULL, 10) : 8;
    int batches = argc > 2 ? atoi(argv[2]) : 11;
    double enough = argc > 3 ? strtod(argv[3], NULL) : 0.005, per[64];
    int down[2], up[2], status;
    unsigned long n = 1;
    char *buf;
    pid_t pid;

    if (argc > 4 || size < 1 || size > (16u << 20) || batches < 1 || batches > 64 || !(enough > 0 && enough <= 10)) {
        fprintf(stderr, "usage: gilbench-latpipe [SIZE_BYTES 1..16777216 [BATCHES 1..64 [ENOUGH_S 0..10]]]\n");
        return 2;
    }
    if ((buf = calloc(1, size)) == NULL || pipe(down) != 0 || pipe(up) != 0) {
        perror("gilbench-latpipe");
        return 1;
    }
    pid = fork();
    if (pid < 0) {
        perror("gilbench-latpipe: fork");
        return 1;
    }
    if (pid == 0) {
        /* Echo until the parent closes its end (or dies). */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        close(down[1]);
        close(up[0]);
        while (xfer(down[0], buf, size, 0) == 0 && xfer(up[1], buf, size, 1) == 0)
            ;
        _exit(0);
    }
    close(down[0]);
    close(up[1]);
    for (int b = -1; b < batches; b++) {
        double t0, t;
        for (;;) {
            t0 = now();
            for (unsigned long i = 0; i < n; i++)
                if (xfer(down[1], buf, size, 1) != 0 || xfer(up[0], buf, size, 0) != 0) {
                    fprintf(stderr, "gilbench-latpipe: the echo process died\n");
                    return 1;
                }
            t = now() - t0;
            if (b >= 0 || t >= enough || n >= (1ul << 24))
                break;
            n *= 2; /* b == -1: calibrating, which also warms up */
        }
        if (b >= 0)
            per[b] = t / (double)n;
    }
    close(down[1]);
    if (waitpid(pid, &status, 0) != pid) {
        perror("gilbench-latpipe: waitpid");
        return 1;
    }
    qsort(per, (size_t)batches, sizeof per[0], cmp);
    printf("size_bytes,iterations,batches,median_us,min_us,max_us\n%zu,%lu,%d,%.3f,%.3f,%.3f\n", size, n,
           batches, (batches % 2 ? per[batches / 2] : (per[batches / 2 - 1] + per[batches / 2]) / 2) * 1e6,
           per[0] * 1e6, per[batches - 1] * 1e6);
    return 0;
}
