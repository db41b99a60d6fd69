/* test_timing.c - the one measurement loop (lib/measurement/timing.c) and the one
 * median (lib/measurement/stats.c): the order of runs, sizing, failures, interruption
 * and the statistics.  The benchmark here is a fake that records what it
 * was asked to do, so no test depends on how fast anything runs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "lib/measurement/stats.h"
#include "lib/measurement/timing.h"

static void test_stats(void **unused)
{
    double odd[] = {3.0, 1.0, 2.0};
    double even[] = {4.0, 1.0, 3.0, 2.0};
    double one[] = {7.0};
    double ten[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    double sd_of[] = {3.0, 1.0, 2.0};
    struct stats_summary s;
    (void)unused;

    assert_true(fabs(stats_stddev(sd_of, 3) - 1.0) < 1e-12); /* sample standard deviation */
    stats_summarize(odd, 3, &s);
    assert_true(s.n == 3 && s.median == 2.0 && s.min == 1.0 && s.max == 3.0);
    stats_summarize(even, 4, &s);
    assert_true(s.median == 2.5 && s.min == 1.0 && s.max == 4.0);
    assert_true(stats_median(one, 1) == 7.0 && stats_stddev(one, 1) == 0.0);
    /* Sorted by the median: the lower nearest rank, a measured value. */
    assert_true(stats_median(ten, 10) == 5.5);
    assert_true(stats_quantile_sorted(ten, 10, 0.9) == 9.0);
    assert_true(stats_quantile_sorted(ten, 10, 0.0) == 1.0);
    assert_true(stats_quantile_sorted(ten, 10, 1.0) == 10.0);
}

/* A fake benchmark: logs every call; value = 100 * config + rep, and an
 * elapsed time of 1 ms per iteration; fails or interrupts on request. */
struct fake {
    struct timing_call calls[64];
    size_t ncalls;
    unsigned rounds_written;
    size_t fail_config;      /* fail this configuration ... */
    unsigned fail_rep;       /* ... at this measured repetition (0: never) */
    size_t interrupt_at;     /* return TIMING_INTERRUPTED at this call index (0: never) */
};

static int fake_run(void *arg, const struct timing_call *call, double *values)
{
    struct fake *f = arg;

    assert_true(f->ncalls < sizeof f->calls / sizeof f->calls[0]);
    f->calls[f->ncalls++] = *call;
    if (f->interrupt_at != 0 && f->ncalls == f->interrupt_at)
        return TIMING_INTERRUPTED;
    if (f->fail_rep != 0 && call->config == f->fail_config && call->rep == f->fail_rep)
        return TIMING_FAILED;
    values[0] = (double)call->iterations * 1e-3;
    values[1] = 100.0 * (double)call->config + call->rep;
    return TIMING_OK;
}

static int fake_round(void *arg, unsigned rep)
{
    struct fake *f = arg;

    assert_int_equal(rep, f->rounds_written + 1);
    f->rounds_written = rep;
    return 0;
}

static void assert_call(const struct fake *f, size_t i, size_t config, unsigned rep, int warmup)
{
    assert_true(i < f->ncalls);
    assert_int_equal(f->calls[i].config, config);
    assert_int_equal(f->calls[i].rep, rep);
    assert_int_equal(f->calls[i].warmup, warmup);
}

/* Warm-up rounds first, then round r runs repetition r of every
 * configuration: interleaved, never one configuration after another. */
static void test_rounds_are_interleaved(void **unused)
{
    struct fake f = {0};
    const struct timing_spec spec = {.nconfigs = 2, .nvalues = 2, .warmup = 1, .reps = 3,
                                     .run = fake_run, .after_round = fake_round, .arg = &f};
    struct timing_config cfg[2];
    (void)unused;

    assert_int_equal(timing_loop(&spec, cfg), TIMING_OK);
    assert_int_equal(f.ncalls, 8);
    assert_call(&f, 0, 0, 0, 1);
    assert_call(&f, 1, 1, 0, 1);
    for (unsigned rep = 1; rep <= 3; rep++) {
        assert_call(&f, 2 * rep, 0, rep, 0);
        assert_call(&f, 2 * rep + 1, 1, rep, 0);
    }
    assert_int_equal(f.rounds_written, 3);
    for (size_t c = 0; c < 2; c++) {
        assert_false(cfg[c].failed);
        assert_int_equal(cfg[c].measured, 3);
        assert_int_equal(cfg[c].iterations, 1);
        assert_int_equal(cfg[c].value[1].n, 3);
        assert_true(cfg[c].value[1].median == 100.0 * (double)c + 2);
        assert_true(cfg[c].value[1].min == 100.0 * (double)c + 1);
        assert_true(cfg[c].value[1].max == 100.0 * (double)c + 3);
    }
}

/* Sizing doubles from 1 until a run lasts min_run_s (here 1 ms per
 * iteration, 16 ms wanted: 16 iterations), after the warm-up with its own
 * iteration count; measured runs then all use the size found. */
static void test_sizing_doubles_until_long_enough(void **unused)
{
    struct fake f = {0};
    const struct timing_spec spec = {.nconfigs = 1, .nvalues = 1, .warmup = 1,
                                     .warmup_iterations = 3, .reps = 2, .min_run_s = 0.016,
                                     .run = fake_run, .arg = &f};
    struct timing_config cfg;
    (void)unused;

    assert_int_equal(timing_loop(&spec, &cfg), TIMING_OK);
    assert_int_equal(f.calls[0].iterations, 3);
    assert_int_equal(f.calls[0].warmup, 1);
    for (size_t i = 1; i <= 5; i++) /* 1, 2, 4, 8, 16 */
        assert_int_equal(f.calls[i].iterations, 1u << (i - 1));
    assert_int_equal(f.ncalls, 8);
    assert_int_equal(cfg.iterations, 16);
    assert_call(&f, 6, 0, 1, 0);
    assert_call(&f, 7, 0, 2, 0);
    assert_int_equal(f.calls[7].iterations, 16);
    assert_true(fabs(cfg.value[0].median - 0.016) < 1e-12);

    /* A fixed count is used as given: no sizing. */
    struct timing_spec fixed = spec;
    fixed.iterations = 5;
    f = (struct fake){0};
    assert_int_equal(timing_loop(&fixed, &cfg), TIMING_OK);
    assert_int_equal(f.ncalls, 3);
    assert_int_equal(f.calls[1].iterations, 5);
    assert_int_equal(cfg.iterations, 5);
}

/* keep_going: a failed configuration drops out, the others are measured
 * in full; without it, the first failure ends the loop. */
static void test_failures(void **unused)
{
    struct fake f = {.fail_config = 1, .fail_rep = 2};
    struct timing_spec spec = {.nconfigs = 3, .nvalues = 2, .reps = 3, .keep_going = 1,
                               .run = fake_run, .after_round = fake_round, .arg = &f};
    struct timing_config cfg[3];
    (void)unused;

    assert_int_equal(timing_loop(&spec, cfg), TIMING_FAILED);
    assert_int_equal(f.ncalls, 8); /* 3 + 3 + 2: config 1 is not run in round 3 */
    assert_int_equal(f.rounds_written, 3);
    assert_true(!cfg[0].failed && cfg[1].failed && !cfg[2].failed);
    assert_int_equal(cfg[0].measured, 3);
    assert_int_equal(cfg[1].measured, 1);
    assert_int_equal(cfg[2].measured, 3);
    assert_true(cfg[1].value[1].median == 101.0);

    f = (struct fake){.fail_config = 1, .fail_rep = 2};
    spec.keep_going = 0;
    assert_int_equal(timing_loop(&spec, cfg), TIMING_FAILED);
    assert_int_equal(f.ncalls, 5); /* round 2 stops at config 1 */
    assert_int_equal(f.rounds_written, 2); /* the round cut short is still written */
    assert_int_equal(cfg[0].measured, 2);
    assert_int_equal(cfg[2].measured, 1);
}

/* An interruption stops the loop at once, and what was measured stays. */
static void test_interruption_stops_the_loop(void **unused)
{
    struct fake f = {.interrupt_at = 4};
    const struct timing_spec spec = {.nconfigs = 2, .nvalues = 2, .reps = 5, .keep_going = 1,
                                     .run = fake_run, .arg = &f};
    struct timing_config cfg[2];
    (void)unused;

    assert_int_equal(timing_loop(&spec, cfg), TIMING_INTERRUPTED);
    assert_int_equal(f.ncalls, 4);
    assert_int_equal(cfg[0].measured, 2);
    assert_int_equal(cfg[1].measured, 1);
    assert_false(cfg[1].failed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats),
        cmocka_unit_test(test_rounds_are_interleaved),
        cmocka_unit_test(test_sizing_doubles_until_long_enough),
        cmocka_unit_test(test_failures),
        cmocka_unit_test(test_interruption_stops_the_loop),
    };
    return cmocka_run_group_tests_name("timing", tests, NULL, NULL);
}
