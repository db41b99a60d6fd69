/* test_ipc.c - the channels of `gilbench ipc` and the pieces of `gilbench
 * shared`: every channel carries every byte of every size intact in both
 * directions; a peer that dies is an error (EPIPE), not a hang; no name is
 * left in /dev/shm or /dev/mqueue; the record codecs round-trip and reject
 * damaged input; the crew reports a failed worker; the counters count. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands/ipc/channels/channel.h"
#include "commands/ipc/codecs/record.h"
#include "commands/ipc/payload.h"
#include "commands/ipc/peer.h"
#include "commands/shared/counter.h"
#include "commands/shared/crew.h"
#include "commands/shared/false_sharing.h"
#include "commands/shared/manager.h"
#include "commands/shared/shared_array.h"
#include "lib/measurement/clock.h"

/* Sizes around every boundary a channel has: a word, a page, the mqueue
 * message (8 KiB), the pipe buffer (64 KiB), the ring (256 KiB), 1 MiB. */
static const size_t SIZES[] = {1, 7, 8, 9, 4095, 4096, 8191, 8192, 8193, 65535, 65537,
                               262143, 262144, 262145, 1048576 + 13};
enum { NSIZES = sizeof SIZES / sizeof SIZES[0] };

/* The peer: receives each size, checksums it, sends the checksum and then
 * the bytes back. */
static int checksum_echo(struct channel *ch, void *arg)
{
    char *buf = malloc(SIZES[NSIZES - 1]);
    (void)arg;
    if (buf == NULL)
        return -1;
    for (size_t i = 0; i < NSIZES; i++) {
        uint64_t h;
        if (channel_recv(ch, buf, SIZES[i]) != 0)
            goto fail;
        h = payload_checksum(PAYLOAD_CHECKSUM_INIT, buf, SIZES[i]);
        if (channel_send(ch, &h, sizeof h) != 0 || channel_send(ch, buf, SIZES[i]) != 0)
            goto fail;
    }
    free(buf);
    return 0;
fail:
    free(buf);
    return -1;
}

/* Names this process created in DIR ("gilbench-...-PID-..."). */
static int own_names_in(const char *dir)
{
    char needle[32];
    struct dirent *e;
    DIR *d = opendir(dir);
    int n = 0;

    if (d == NULL)
        return 0; /* not mounted here: nothing can be left there */
    snprintf(needle, sizeof needle, "-%ld-", (long)getpid());
    while ((e = readdir(d)) != NULL)
        n += strncmp(e->d_name, "gilbench-", 9) == 0 && strstr(e->d_name, needle) != NULL;
    closedir(d);
    return n;
}

static void test_every_channel_every_size_intact(void **unused)
{
    char *out = malloc(SIZES[NSIZES - 1]), *back = malloc(SIZES[NSIZES - 1]), why[160];
    (void)unused;
    assert_non_null(out);
    assert_non_null(back);
    for (size_t c = 0; c < channel_count; c++) {
        struct channel ch;
        struct peer peer;
        assert_int_equal(channel_open(&ch, channel_table[c], 20.0), 0);
        /* Unlinked at once: even while open, no name exists. */
        assert_int_equal(own_names_in("/dev/shm") + own_names_in("/dev/mqueue"), 0);
        assert_int_equal(peer_start(&peer, &ch, checksum_echo, NULL), 0);
        for (size_t i = 0; i < NSIZES; i++) {
            uint64_t theirs;
            payload_fill(out, SIZES[i], i * 31 + c);
            memset(back, 0, SIZES[i]);
            assert_int_equal(channel_send(&ch, out, SIZES[i]), 0);
            assert_int_equal(channel_recv(&ch, &theirs, sizeof theirs), 0);
            assert_int_equal(channel_recv(&ch, back, SIZES[i]), 0);
            if (theirs != payload_checksum(PAYLOAD_CHECKSUM_INIT, out, SIZES[i]) ||
                memcmp(out, back, SIZES[i]) != 0)
                fail_msg("%s: %zu bytes arrived damaged", channel_table[c]->name, SIZES[i]);
        }
        assert_int_equal(peer_finish(&peer, 20.0, why, sizeof why), 0);
        channel_close(&ch);
    }
    assert_int_equal(own_names_in("/dev/shm") + own_names_in("/dev/mqueue"), 0);
    free(out);
    free(back);
}

static int die_at_once(struct channel *ch, void *arg)
{
    (void)ch;
    (void)arg;
    _exit(3);
}

/* A dead peer: the next receive fails with EPIPE, well before the timeout,
 * on every channel, including those with no end-of-file of their own. */
static void test_dead_peer_is_an_error_not_a_hang(void **unused)
{
    char buf[64] = {0}, why[160];
    (void)unused;
    for (size_t c = 0; c < channel_count; c++) {
        struct channel ch;
        struct peer peer;
        assert_int_equal(channel_open(&ch, channel_table[c], 30.0), 0);
        assert_int_equal(peer_start(&peer, &ch, die_at_once, NULL), 0);
        double t0 = clock_now();
        int rc = channel_recv(&ch, buf, sizeof buf);
        int err = errno;
        assert_int_equal(rc, -1);
        if (err != EPIPE)
            fail_msg("%s: errno %d (%s), expected EPIPE", channel_table[c]->name, err, strerror(err));
        assert_true(clock_now() - t0 < 10.0);
        assert_int_equal(peer_finish(&peer, 5.0, why, sizeof why), -1);
        assert_non_null(strstr(why, "status 3"));
        channel_close(&ch);
    }
}

static int sleep_forever(struct channel *ch, void *arg)
{
    (void)ch;
    (void)arg;
    pause();
    return 0;
}

/* A live peer that never answers: ETIMEDOUT after the channel's timeout
 * (the pipe-like channels rely on the command's watchdog instead). */
static void test_silent_peer_times_out(void **unused)
{
    const struct channel_ops *silent[] = {&channel_mqueue_ops, &channel_shm_futex_ops, &channel_shm_spin_ops};
    char buf[8], why[160];
    (void)unused;
    for (size_t c = 0; c < 3; c++) {
        struct channel ch;
        struct peer peer;
        assert_int_equal(channel_open(&ch, silent[c], 0.3), 0);
        assert_int_equal(peer_start(&peer, &ch, sleep_forever, NULL), 0);
        assert_int_equal(channel_recv(&ch, buf, sizeof buf), -1);
        assert_int_equal(errno, ETIMEDOUT);
        assert_int_equal(peer_finish(&peer, 0.2, why, sizeof why), -1); /* killed, reaped */
        channel_close(&ch);
    }
}

static void test_codecs_round_trip(void **unused)
{
    int (*enc[2])(const struct record *, struct bytes *) = {codec_binary_encode, codec_text_encode};
    int (*dec[2])(const char *, size_t, struct record *) = {codec_binary_decode, codec_text_decode};
    const size_t elements[] = {0, 1, 2, 100, 5000};
    (void)unused;
    for (int f = 0; f < 2; f++)
        for (size_t e = 0; e < sizeof elements / sizeof elements[0]; e++) {
            struct record r, back, bad;
            struct bytes b = {0};
            assert_int_equal(record_build(&r, elements[e]), 0);
            record_init(&back);
            assert_int_equal(enc[f](&r, &b), 0);
            assert_int_equal(dec[f](b.p, b.len, &back), 0);
            assert_true(record_equal(&r, &back));
            /* A truncated message is refused, never half-read. */
            record_init(&bad);
            assert_int_equal(dec[f](b.p, b.len / 2, &bad), -1);
            record_free(&bad);
            record_free(&back);
            record_free(&r);
            bytes_free(&b);
        }
}

static int fail_worker_one(unsigned idx, void *arg)
{
    (void)arg;
    return idx == 1 ? -1 : 0;
}

static int crash_worker_one(unsigned idx, void *arg)
{
    (void)arg;
    if (idx == 1)
        raise(SIGKILL);
    return 0;
}

static void test_crew_reports_failed_worker(void **unused)
{
    char why[256] = "";
    double wall;
    (void)unused;
    for (int k = 0; k < 2; k++) {
        struct crew_job job = {.kind = k ? CREW_THREADS : CREW_PROCESSES, .workers = 3,
                               .work = fail_worker_one, .timeout_s = 10};
        assert_int_equal(crew_run(&job, &wall, why, sizeof why), -1);
        assert_true(why[0] != '\0');
    }
    /* A worker process killed outright: reported with its signal, reaped. */
    struct crew_job crash = {.kind = CREW_PROCESSES, .workers = 3, .work = crash_worker_one, .timeout_s = 10};
    why[0] = '\0';
    assert_int_equal(crew_run(&crash, &wall, why, sizeof why), -1);
    if (strstr(why, "worker 1") == NULL || strstr(why, "signal 9") == NULL)
        fail_msg("crew: '%s' should name worker 1 and signal 9", why);
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1); /* no child left, reaped or not */
    assert_int_equal(errno, ECHILD);
}

/* Exactness where it is promised; the unsynchronised count is only
 * bounded (whether it loses depends on the scheduler, not on the code). */
static void test_counters_and_tables_are_exact(void **unused)
{
    struct shared_params p = {.workers = 2, .increments = 20000, .fs_increments = 20000, .ops = 300,
                              .array_mib = 1, .batches = 1, .timeout_s = 20};
    struct counter_row row;
    struct false_sharing_row fs;
    struct manager_row m;
    struct shared_array_row a;
    char why[256];
    (void)unused;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < counter_method_count; i++) {
            assert_int_equal(counter_measure(k ? CREW_THREADS : CREW_PROCESSES, counter_methods[i], &p, &row,
                                             why, sizeof why), 0);
            assert_true(row.lowest_final <= row.expected && row.lowest_final > 0);
            if (strcmp(counter_methods[i], "unsynchronised") != 0)
                assert_int_equal(row.exact_batches, 1);
        }
    assert_int_equal(false_sharing_measure("packed", &p, &fs, why, sizeof why), 0);
    assert_true(fs.exact);
    for (size_t i = 0; i < manager_method_count; i++) {
        assert_int_equal(manager_measure(manager_methods[i], &p, &m, why, sizeof why), 0);
        assert_true(m.exact);
    }
    double first = 0;
    for (size_t i = 0; i < shared_array_method_count; i++) {
        assert_int_equal(shared_array_measure(shared_array_methods[i], &p, &a, why, sizeof why), 0);
        assert_true(a.intact);
        if (i == 0)
            first = a.checksum;
        assert_true(a.checksum == first); /* identical, bit for bit */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_channel_every_size_intact),
        cmocka_unit_test(test_dead_peer_is_an_error_not_a_hang),
        cmocka_unit_test(test_silent_peer_times_out),
        cmocka_unit_test(test_codecs_round_trip),
        cmocka_unit_test(test_crew_reports_failed_worker),
        cmocka_unit_test(test_counters_and_tables_are_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
