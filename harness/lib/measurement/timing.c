/* timing.c - see timing.h.
 *
 * lmbench's benchmp() runs a benchmark once to warm it up, doubles its
 * iteration count until one timed run is long enough that the clock's own
 * cost and resolution vanish in it, then times several runs and keeps the
 * median.  This loop does the same for any number of configurations, and
 * measures them in rounds (interleaved) rather than one after the other,
 * because a shared machine has slow spells lasting seconds: measured one
 * after the other, a configuration that ran during one would look slower
 * than it is.  Every run first checks for SIGINT/SIGTERM, so an
 * interruption stops the loop between runs and never mid-measurement.
 */
#include "lib/measurement/timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/processes/signals.h"

/* The largest iteration count sizing may reach: 2^40 of anything takes
 * longer than any run we want. */
static const uint64_t MAX_SIZED_ITERATIONS = 1ULL << 40;

struct loop {
    const struct timing_spec *spec;
    struct timing_config *configs;
    double *samples;   /* [config][value][rep] */
    int failed;
};

static double *sample_slot(const struct loop *l, size_t c, size_t v, unsigned i)
{
    return &l->samples[(c * TIMING_MAX_VALUES + v) * l->spec->reps + i];
}

/* One run; returns TIMING_OK, TIMING_FAILED (the configuration is marked)
 * or TIMING_INTERRUPTED. */
static int run_once(struct loop *l, const struct timing_call *call, double *values)
{
    int rc;

    if (signals_interrupted())
        return TIMING_INTERRUPTED;
    memset(values, 0, TIMING_MAX_VALUES * sizeof *values);
    rc = l->spec->run(l->spec->arg, call, values);
    if (rc == TIMING_FAILED) {
        l->configs[call->config].failed = 1;
        l->failed = 1;
    }
    return rc;
}

/* After a failed run: go on with the other configurations, or stop. */
static int carry_on(const struct loop *l, int rc)
{
    return rc == TIMING_OK || (rc == TIMING_FAILED && l->spec->keep_going);
}

static int warm_up(struct loop *l)
{
    const struct timing_spec *s = l->spec;
    double values[TIMING_MAX_VALUES];

    for (unsigned w = 0; w < s->warmup; w++) {
        for (size_t c = 0; c < s->nconfigs; c++) {
            struct timing_call call = {.config = c, .warmup = 1,
                                       .iterations = s->warmup_iterations ? s->warmup_iterations
                                                                          : l->configs[c].iterations};
            int rc;

            if (l->configs[c].failed)
                continue;
            rc = run_once(l, &call, values);
            if (!carry_on(l, rc))
                return rc;
        }
    }
    return TIMING_OK;
}

/* Doubles each configuration's iterations until one run lasts min_run_s;
 * these runs warm up too.  An interruption keeps the size reached. */
static int size_runs(struct loop *l)
{
    const struct timing_spec *s = l->spec;
    double values[TIMING_MAX_VALUES];

    for (size_t c = 0; c < s->nconfigs; c++) {
        struct timing_call call = {.config = c, .iterations = 1};

        while (!l->configs[c].failed) {
            int rc = run_once(l, &call, values);
            if (!carry_on(l, rc))
                return rc;
            if (rc != TIMING_OK || values[0] >= s->min_run_s ||
                call.iterations >= MAX_SIZED_ITERATIONS)
                break;
            call.iterations *= 2;
        }
        l->configs[c].iterations = call.iterations;
    }
    return TIMING_OK;
}

static int measure_rounds(struct loop *l)
{
    const struct timing_spec *s = l->spec;
    double values[TIMING_MAX_VALUES];

    for (unsigned rep = 1; rep <= s->reps; rep++) {
        int rc = TIMING_OK;

        for (size_t c = 0; c < s->nconfigs; c++) {
            struct timing_config *cfg = &l->configs[c];
            struct timing_call call = {.config = c, .iterations = cfg->iterations, .rep = rep};

            if (cfg->failed)
                continue;
            rc = run_once(l, &call, values);
            if (rc == TIMING_OK) {
                for (size_t v = 0; v < s->nvalues; v++)
                    *sample_slot(l, c, v, cfg->measured) = values[v];
                cfg->measured++;
            }
            if (!carry_on(l, rc))
                break;
            rc = TIMING_OK;
        }
        if (s->after_round != NULL && s->after_round(s->arg, rep) != 0)
            l->failed = 1;
        if (rc != TIMING_OK)
            return rc;
    }
    return TIMING_OK;
}

int timing_loop(const struct timing_spec *spec, struct timing_config *configs)
{
    struct loop l = {.spec = spec, .configs = configs};
    int sized = spec->iterations == 0 && spec->min_run_s > 0;
    int rc;

    for (size_t c = 0; c < spec->nconfigs; c++)
        configs[c] = (struct timing_config){.iterations = spec->iterations ? spec->iterations : 1};
    l.samples = calloc(spec->nconfigs * TIMING_MAX_VALUES * (spec->reps ? spec->reps : 1),
                       sizeof *l.samples);
    if (l.samples == NULL) {
        fprintf(stderr, "gilbench: out of memory for %zu x %u measurements\n", spec->nconfigs,
                spec->reps);
        return TIMING_FAILED;
    }
    rc = warm_up(&l);
    if (rc == TIMING_OK && sized)
        rc = size_runs(&l);
    if (rc == TIMING_OK)
        rc = measure_rounds(&l);
    for (size_t c = 0; c < spec->nconfigs; c++) {
        for (size_t v = 0; v < spec->nvalues && configs[c].measured > 0; v++)
            stats_summarize(sample_slot(&l, c, v, 0), configs[c].measured, &configs[c].value[v]);
    }
    free(l.samples);
    if (rc == TIMING_OK && l.failed)
        rc = TIMING_FAILED;
    return rc;
}
