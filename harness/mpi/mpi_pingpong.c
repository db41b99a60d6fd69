/* mpi_pingpong.c - see mpi_pingpong.h.
 *
 * Latency, as osu_latency: rank 0 sends `size` bytes with MPI_Send, rank 1
 * receives them and sends them back; after warm-up round trips (connection
 * set-up, first-touch page faults, caches) each timed round trip gives one
 * sample of half its duration.  OSU prints the mean; we keep every sample
 * and report median, min and max, because on a shared machine one
 * descheduled round trip can be a thousand times the others.
 *
 * Bandwidth, as osu_bw: rank 0 posts a window of MPI_Isend of `size` bytes
 * and waits for all of them, rank 1 posts the matching MPI_Irecv and
 * answers each window with a 4-byte reply; bytes sent / time over the
 * timed windows (after warm-up ones).  The window keeps the pipe full, so
 * this is throughput, not one message's latency times its size.
 *
 * Large sizes get fewer iterations, at most 64 MiB (latency) and 256 MiB
 * (bandwidth) moved per size, so the whole sweep stays within seconds.
 * Both ranks poll inside MPI here, as they would in a real program
 * waiting for a message: that is part of what is measured.
 */
#include "mpi/mpi_pingpong.h"

#include <errno.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/files/atomic_file.h"
#include "lib/files/results.h"
#include "lib/measurement/clock.h"
#include "lib/measurement/stats.h"
#include "lib/processes/signals.h"

enum { TAG_PING = 1, TAG_BW = 2, TAG_ACK = 3 };
static const uint64_t LATENCY_BYTES_PER_SIZE = 64u << 20;
static const uint64_t BANDWIDTH_BYTES_PER_SIZE = 256u << 20;

struct pingpong_row {
    uint64_t size;
    unsigned iterations;
    double median_us, min_us, max_us, bandwidth_mbps;
};

static unsigned capped(unsigned wanted, uint64_t bytes_cap, uint64_t bytes_each, unsigned least)
{
    uint64_t fit = bytes_cap / bytes_each;

    if (fit < least)
        fit = least;
    return fit < wanted ? (unsigned)fit : wanted;
}

/* Ranks 0 and 1: one size's round trips.  Rank 0 fills `samples`. */
static int latency(int me, char *sbuf, char *rbuf, uint64_t size, unsigned iters, double *samples)
{
    unsigned warmup = iters / 10 > 5 ? iters / 10 : 5;
    int n = (int)size, peer = 1 - me;

    for (unsigned i = 0; i < warmup + iters; i++) {
        if (me == 0) {
            double t0 = clock_now();
            if (MPI_Send(sbuf, n, MPI_CHAR, peer, TAG_PING, MPI_COMM_WORLD) != MPI_SUCCESS ||
                MPI_Recv(rbuf, n, MPI_CHAR, peer, TAG_PING, MPI_COMM_WORLD, MPI_STATUS_IGNORE) !=
                    MPI_SUCCESS)
                return -1;
            if (i >= warmup)
                samples[i - warmup] = (clock_now() - t0) / 2 * 1e6;
        } else if (MPI_Recv(rbuf, n, MPI_CHAR, peer, TAG_PING, MPI_COMM_WORLD,
                            MPI_STATUS_IGNORE) != MPI_SUCCESS ||
                   MPI_Send(sbuf, n, MPI_CHAR, peer, TAG_PING, MPI_COMM_WORLD) != MPI_SUCCESS) {
            return -1;
        }
    }
    return 0;
}

/* Ranks 0 and 1: one size's windows.  Returns MB/s on rank 0, 0 on rank
 * 1, or -1. */
static double bandwidth(int me, char *sbuf, char *rbuf, uint64_t size, unsigned windows,
                        unsigned window, MPI_Request *requests)
{
    unsigned warmup = windows / 10 > 1 ? windows / 10 : 1;
    int n = (int)size, peer = 1 - me;
    char ack[4] = {0};
    double t0 = 0;

    for (unsigned i = 0; i < warmup + windows; i++) {
        if (i == warmup)
            t0 = clock_now();
        for (unsigned j = 0; j < window; j++) {
            int rc = me == 0
                         ? MPI_Isend(sbuf, n, MPI_CHAR, peer, TAG_BW, MPI_COMM_WORLD, &requests[j])
                         : MPI_Irecv(rbuf, n, MPI_CHAR, peer, TAG_BW, MPI_COMM_WORLD, &requests[j]);
            if (rc != MPI_SUCCESS)
                return -1;
        }
        if (MPI_Waitall((int)window, requests, MPI_STATUSES_IGNORE) != MPI_SUCCESS)
            return -1;
        if ((me == 0 ? MPI_Recv(ack, 4, MPI_CHAR, peer, TAG_ACK, MPI_COMM_WORLD, MPI_STATUS_IGNORE)
                     : MPI_Send(ack, 4, MPI_CHAR, peer, TAG_ACK, MPI_COMM_WORLD)) != MPI_SUCCESS)
            return -1;
    }
    if (me != 0)
        return 0;
    return (double)size * window * windows / (clock_now() - t0) / 1e6;
}

static int write_rows(const struct mpi_options *o, const struct pingpong_row *rows, size_t n)
{
    struct atomic_file f;
    FILE *fp = stdout;

    if (o->out != NULL) {
        if (atomic_file_open(&f, o->out) != 0)
            return -1;
        fp = f.fp;
    }
    fputs("channel,size_bytes,iterations,median_us,min_us,max_us,bandwidth_MBps\n", fp);
    for (size_t i = 0; i < n; i++)
        fprintf(fp, "mpi,%llu,%u,%.3f,%.3f,%.3f,%.4g\n", (unsigned long long)rows[i].size,
                rows[i].iterations, rows[i].median_us, rows[i].min_us, rows[i].max_us,
                rows[i].bandwidth_mbps);
    if (o->out != NULL)
        return atomic_file_commit(&f);
    return fflush(stdout) == 0 ? 0 : -1;
}

int mpi_pingpong_main(const struct mpi_options *o)
{
    struct pingpong_row rows[64];
    size_t nrows = 0;
    int me, size, failed = 0;
    char *sbuf, *rbuf;
    double *samples;
    MPI_Request *requests;

    if (MPI_Comm_rank(MPI_COMM_WORLD, &me) != MPI_SUCCESS ||
        MPI_Comm_size(MPI_COMM_WORLD, &size) != MPI_SUCCESS)
        return EXIT_RUN_FAILED;
    if (size < 2) {
        if (me == 0)
            fprintf(stderr, "gilbench-mpi pingpong: needs 2 ranks, mpirun started %d "
                            "(use mpirun -np 2)\n", size);
        return EXIT_USAGE;
    }
    if (me > 1)
        return 0; /* only ranks 0 and 1 take part */
    if (me == 0) {
        if (signals_install() != 0) {
            perror("gilbench-mpi: sigaction");
            MPI_Abort(MPI_COMM_WORLD, EXIT_RUN_FAILED);
        }
        watchdog_arm(o->timeout_s, "gilbench-mpi pingpong: no answer from rank 1 within "
                                   "--timeout; aborting");
    }
    sbuf = malloc(o->max_size);
    rbuf = malloc(o->max_size);
    samples = malloc((o->latency_iters + 1) * sizeof *samples);
    requests = malloc(o->window * sizeof *requests);
    if (sbuf == NULL || rbuf == NULL || samples == NULL || requests == NULL) {
        fprintf(stderr, "gilbench-mpi pingpong: rank %d: out of memory for %llu-byte messages\n",
                me, (unsigned long long)o->max_size);
        MPI_Abort(MPI_COMM_WORLD, EXIT_RUN_FAILED);
    }
    /* Touched before timing, as OSU does: no first-touch page faults in
     * the measured round trips. */
    memset(sbuf, 'a' + me, o->max_size);
    memset(rbuf, 0, o->max_size);

    for (uint64_t s = 1; s <= o->max_size && nrows < sizeof rows / sizeof rows[0]; s *= 2) {
        struct pingpong_row *row = &rows[nrows];
        unsigned iters = capped(o->latency_iters, LATENCY_BYTES_PER_SIZE, 2 * s, 10);
        unsigned windows = capped(o->bandwidth_iters, BANDWIDTH_BYTES_PER_SIZE,
                                  (uint64_t)o->window * s, 2);
        double mbps;

        if (latency(me, sbuf, rbuf, s, iters, samples) != 0 ||
            (mbps = bandwidth(me, sbuf, rbuf, s, windows, o->window, requests)) < 0) {
            failed = 1;
            break;
        }
        if (me == 0) {
            row->size = s;
            row->iterations = iters;
            struct stats_summary sum;
            stats_summarize(samples, iters, &sum);
            row->median_us = sum.median;
            row->min_us = sum.min;
            row->max_us = sum.max;
            row->bandwidth_mbps = mbps;
            nrows++;
        }
    }
    free(sbuf);
    free(rbuf);
    free(samples);
    free(requests);
    if (me != 0)
        return failed ? EXIT_RUN_FAILED : 0;
    watchdog_disarm();
    if (failed) {
        fprintf(stderr, "gilbench-mpi pingpong: an MPI call failed\n");
        return EXIT_RUN_FAILED;
    }
    if (write_rows(o, rows, nrows) != 0) {
        fprintf(stderr, "gilbench-mpi pingpong: cannot write '%s': %s\n",
                o->out ? o->out : "standard output", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    if (o->out != NULL)
        printf("pingpong: %zu sizes, 1 to %llu bytes: %s\n", nrows,
               (unsigned long long)rows[nrows - 1].size, o->out);
    return 0;
}
