/* suite.c - the engine behind `run` and `sweep`.
 *
 * For each kernel: build its input once, then let the common loop
 * (lib/measurement/timing.h) warm every configuration up and measure in rounds: round
 * r runs repetition r of every configuration.  Interleaving means a noisy spell on a shared machine
 * lands on all modes alike instead of on whichever was running, so the
 * ratios between modes stay honest.  After every round the CSVs are
 * rewritten atomically.  A kernel whose rows come out flagged (an
 * impossible speedup, a wide spread, a drifting seq) gets a few more
 * rounds of the same loop, bounded (suite_remeasure).  Every repetition's checksum must equal the
 * kernel's first one: a mode that skipped or doubled work cannot hide.
 */
#include "commands/run/suite.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/machine/affinity.h"
#include "lib/measurement/clock.h"
#include "lib/machine/machine.h"
#include "modes/checkpoint_spacing.h"
#include "modes/measure.h"
#include "lib/measurement/progress.h"
#include "lib/files/results.h"
#include "lib/processes/signals.h"
#include "lib/measurement/timing.h"
#include "modes/workers/tasks.h"

struct config {
    const struct mode *mode;
    uint32_t workers;
    double switch_interval_s;
};

/* The configurations of one kernel: seq first when speedups are wanted,
 * seq only once (it has one worker whatever -w says). */
static size_t build_configs(const struct options *o, int with_seq, struct config *cfg, size_t max)
{
    const struct mode *seq = mode_find("seq");
    size_t n = 0;
    int have_seq = 0;

    for (size_t m = 0; m < o->nmodes; m++)
        have_seq |= o->modes[m] == seq;
    if ((with_seq || have_seq) && n < max)
        cfg[n++] = (struct config){.mode = seq, .workers = 1,
                                   .switch_interval_s = o->switch_interval_s};
    for (size_t m = 0; m < o->nmodes; m++) {
        /* Only `gil` has a switch interval; other modes run once. */
        size_t nswitch = o->modes[m] == mode_find("gil") ? o->nswitch : 1;
        if (o->modes[m] == seq)
            continue;
        for (size_t si = 0; si < nswitch; si++)
            for (size_t w = 0; w < o->nworkers && n < max; w++)
                cfg[n++] = (struct config){.mode = o->modes[m], .workers = o->workers[w],
                                           .switch_interval_s = o->switch_intervals[si]};
    }
    return n;
}

static void print_summary(const struct results *r, const struct machine *m, int show_interval)
{
    struct summary_row *sum;
    size_t n = results_summarize(r, &sum);
    int any_speedup = 0;
    size_t flagged = 0;

    if (sum == NULL)
        return;
    printf("%-11s %-14s %7s %10s %21s %8s %8s %15s%s\n", "kernel", "mode", "workers", "median_s",
           "min-max_s", "cpu_util", "speedup", "speedup_ci", show_interval ? "  switch_interval_s" : "");
    for (size_t j = 0; j < n; j++) {
        char range[48], speedup[16], interval[40];
        snprintf(range, sizeof range, "%.4f-%.4f", sum[j].min_s, sum[j].max_s);
        if (isnan(sum[j].speedup))
            snprintf(speedup, sizeof speedup, "-");
        else {
            snprintf(speedup, sizeof speedup, "%.2fx", sum[j].speedup);
            any_speedup = 1;
        }
        if (isnan(sum[j].speedup_lo) || strcmp(sum[j].mode->name, "seq") == 0)
            snprintf(interval, sizeof interval, "-");
        else
            snprintf(interval, sizeof interval, "%.2f-%.2fx", sum[j].speedup_lo, sum[j].speedup_hi);
        printf("%-11s %-14s %7u %10.4f %21s %8.2f %8s %15s", sum[j].kernel->name, sum[j].mode->name,
               sum[j].workers, sum[j].median_s, range, sum[j].cpu_util, speedup, interval);
        if (show_interval)
            printf("  %g", sum[j].switch_interval_s);
        /* Said on the row it concerns, with the reason. */
        if (sum[j].flags != 0) {
            printf("  SUSPECT: %s", sum[j].flag_text);
            flagged++;
        }
        putchar('\n');
    }
    free(sum);
    printf("speedup_ci: the speedup between the ends of the two medians' distribution-free intervals\n"
           "(summary.csv: speedup_lo, speedup_hi; median_ci_level, the level the repetitions reach)\n");
    if (flagged > 0)
        printf("%zu row%s SUSPECT: re-run on a quieter machine, or with more --reps; summary.csv "
               "has the reasons in its flag column\n", flagged, flagged == 1 ? "" : "s");
    if (m->measured_cores > 0)
        printf("machine: %ld online cores, %.2f measured at start%s\n", m->online_cores,
               m->measured_cores,
               machine_is_short_of_cores(m)
                   ? any_speedup ? " - WARNING: the machine is busy or throttled; speedups above "
                                   "are capped by that, not by the mode"
                                 : " - WARNING: the machine is busy or throttled"
                   : "");
}

/* What one kernel's timing loop works on. */
struct suite_kernel {
    const struct options *o;
    const struct run_plan *plan;
    struct config *cfg;
    struct results *results;
    struct progress *progress;
    char reference[48];      /* the kernel's checksum, from its first repetition */
    /* Re-measuring (suite_remeasure): the loop's configuration c is
     * cfg[active[c]], its repetition rep is rep_offset + rep, and its rows
     * say remeasured=1.  NULL / 0 / 0 for the first loop. */
    const size_t *active;
    unsigned rep_offset;
    int remeasuring;
    /* gil-legacy's ticks per checkpoint (checkpoint_spacing.h): measured
     * before its first run of this kernel, once the configurations before
     * it have warmed the core, and settled before its first measured run
     * with the fastest seq run so far; the run directory's rows. */
    struct checkpoint_spacing *spacing;
    size_t *nspacing;
    struct checkpoint_spacing *this_spacing;   /* NULL until measured */
    int spacing_settled;
    double seq_compute_s;    /* the fastest seq run's compute time, warm-ups included */
};

/* The spacing gil-legacy counts ticks by: measured the first time a mode
 * that counts ticks is about to run the kernel, settled (and frozen) before
 * its first measured repetition; legacy_ticks.csv rewritten each time. */
static int suite_spacing(struct suite_kernel *sk, const struct run_plan *plan, int warmup)
{
    if (sk->this_spacing == NULL) {
        sk->this_spacing = &sk->spacing[(*sk->nspacing)++];
        checkpoint_spacing_measure(plan->kernel, plan->state, plan->items, sk->this_spacing);
    } else if (warmup || sk->spacing_settled) {
        return TIMING_OK;
    }
    checkpoint_spacing_settle(sk->this_spacing, sk->seq_compute_s);
    sk->spacing_settled = !warmup;
    if (checkpoint_spacing_write(sk->results->dir, sk->spacing, *sk->nspacing) != 0) {
        fprintf(stderr, "gilbench %s: cannot write %s/legacy_ticks.csv: %s\n", sk->o->command,
                sk->results->dir, strerror(errno));
        return TIMING_FAILED;
    }
    return TIMING_OK;
}

/* timing_run_fn: one repetition of configuration call->config; a measured
 * one goes into runs.csv.  A failure (printed) drops the configuration. */
static int suite_measure(void *arg, const struct timing_call *call, double *values)
{
    struct suite_kernel *sk = arg;
    const struct config *c = &sk->cfg[sk->active ? sk->active[call->config] : call->config];
    unsigned rep = sk->rep_offset + call->rep;
    struct run_plan plan = *sk->plan;
    struct rep_row row;
    char error[512], what[160];

    snprintf(what, sizeof what, "%s %s w=%u ", plan.kernel->name, c->mode->name, c->workers);
    if (call->warmup)
        snprintf(what + strlen(what), sizeof what - strlen(what), "warm-up");
    else
        snprintf(what + strlen(what), sizeof what - strlen(what), "rep %u/%u%s", rep, sk->o->reps,
                 sk->remeasuring ? " (remeasure)" : "");
    progress_step(sk->progress, what);
    plan.workers = c->workers;
    plan.switch_interval_s = c->switch_interval_s;
    if (c->mode->counts_ticks) {
        if (suite_spacing(sk, &plan, call->warmup) != TIMING_OK)
            return TIMING_FAILED;
        plan.ticks_per_checkpoint = sk->this_spacing->ticks;
    }
    if (measure_rep(c->mode, &plan, &row, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench %s: %s/%s with %u workers failed: %s\n", sk->o->command,
                plan.kernel->name, c->mode->name, c->workers, error);
        return TIMING_FAILED;
    }
    if (sk->reference[0] == '\0') {
        snprintf(sk->reference, sizeof sk->reference, "%s", row.checksum);
    } else if (strcmp(sk->reference, row.checksum) != 0) {
        fprintf(stderr,
                "gilbench %s: checksum mismatch: %s/%s with %u workers gave %s, earlier runs "
                "of %s gave %s\n",
                sk->o->command, plan.kernel->name, c->mode->name, c->workers, row.checksum,
                plan.kernel->name, sk->reference);
        return TIMING_FAILED;
    }
    values[0] = row.wall_s;
    if (strcmp(c->mode->name, "seq") == 0 &&
        (sk->seq_compute_s == 0 || row.compute_s < sk->seq_compute_s))
        sk->seq_compute_s = row.compute_s;
    if (call->warmup)
        return TIMING_OK;
    row.rep = rep;
    row.remeasured = sk->remeasuring;
    if (results_add(sk->results, &row) != 0) {
        fprintf(stderr, "gilbench %s: out of memory\n", sk->o->command);
        return TIMING_FAILED;
    }
    return TIMING_OK;
}

static int suite_write(const struct options *o, const struct results *r)
{
    if (results_write(r) != 0) {
        fprintf(stderr, "gilbench %s: cannot write results in '%s': %s\n", o->command, r->dir,
                strerror(errno));
        return -1;
    }
    return 0;
}

/* timing_round_fn: after every round the CSVs hold all measured so far. */
static int suite_after_round(void *arg, unsigned rep)
{
    struct suite_kernel *sk = arg;

    (void)rep;
    return suite_write(sk->o, sk->results);
}

/* --- trust: re-measuring a suspect kernel -------------------------------
 * A flagged row (an impossible speedup, a wide spread, a drifting seq) is
 * most often one slow spell of a shared machine.  More interleaved rounds
 * of the whole kernel give the medians more repetitions to stand on: each
 * is one more measured round of the same timing loop over the
 * configurations that did not fail, with no warm-up (the kernel is warm).
 * They are bounded by --remeasure rounds and by half the time the kernel
 * took so far (warm-ups included), and every row they add says remeasured=1. */
static int suite_remeasure(struct suite_kernel *sk, const struct timing_config *first,
                           size_t ncfg, double kernel_s)
{
    const struct options *o = sk->o;
    size_t active[CLI_MAX_LIST * CLI_MAX_LIST + 1];
    struct timing_config timing[CLI_MAX_LIST * CLI_MAX_LIST + 1];
    /* One round, estimated from the first loop's (warm-ups included). */
    double round_s = kernel_s / (o->warmup + o->reps);
    size_t nactive = 0;
    double t0 = clock_now();
    unsigned extra = 0;
    int status = 0;

    for (size_t c = 0; c < ncfg; c++)
        if (!first[c].failed)
            active[nactive++] = c;
    sk->active = active;
    sk->remeasuring = 1;
    while (nactive > 0 && extra < o->remeasure && !signals_interrupted() &&
           results_kernel_flagged(sk->results, sk->plan->kernel) &&
           clock_now() - t0 + round_s <= 0.5 * kernel_s) {
        const struct timing_spec spec = {
            .nconfigs = nactive, .nvalues = 1, .warmup = 0, .reps = 1, .keep_going = 1,
            .run = suite_measure, .after_round = suite_after_round, .arg = sk,
        };
        sk->rep_offset = o->reps + extra;
        extra++;
        sk->progress->total += (unsigned)nactive; /* the extra round's steps, so the estimate holds */
        if (timing_loop(&spec, timing) == TIMING_FAILED)
            status = EXIT_RUN_FAILED;
    }
    sk->active = NULL;
    sk->remeasuring = 0;
    sk->rep_offset = 0;
    if (extra > 0)
        fprintf(stderr, "gilbench %s: %s: %u extra round%s of repetitions after suspect results%s\n",
                o->command, sk->plan->kernel->name, extra, extra == 1 ? "" : "s",
                results_kernel_flagged(sk->results, sk->plan->kernel) ? "; still flagged"
                                                                       : "; now clean");
    return status;
}

int suite_run(const struct options *o, int with_seq)
{
    struct config cfg[CLI_MAX_LIST * CLI_MAX_LIST + 1];
    struct checkpoint_spacing spacing[CLI_MAX_LIST];
    size_t nspacing = 0;
    struct results results;
    struct machine machine;
    struct progress progress;
    char error[512];
    unsigned total_steps = 0;
    int status = 0;
    int pin_cpus[AFFINITY_MAX_CPUS];
    int npin_cpus = 0;

    memset(&results, 0, sizeof results);
    if (signals_install() != 0) {
        perror("gilbench: sigaction");
        return EXIT_RUN_FAILED;
    }
    fault_injection_init();
    machine_describe(&machine);
    if (o->pin) {
        /* Worker w goes to the w-th CPU this process may use, wrapping
         * round; each worker checks the mask it obtained. */
        uint32_t most = 0;
        for (size_t w = 0; w < o->nworkers; w++)
            most = o->workers[w] > most ? o->workers[w] : most;
        if (affinity_plan(most, pin_cpus, &npin_cpus, machine.pinning, sizeof machine.pinning) != 0) {
            fprintf(stderr, "gilbench %s: --pin: cannot read the CPUs allowed: %s\n", o->command,
                    strerror(errno));
            return EXIT_RUN_FAILED;
        }
    }
    if (o->probe && machine_probe_parallelism(&machine, 0.25) != 0)
        fprintf(stderr, "gilbench %s: warning: the parallelism probe failed\n", o->command);
    /* The flags compare speedups with the cores the run could use: those
     * the probe measured, else those the process may run on. */
    results.cores = machine.measured_cores > 0 ? machine.measured_cores
                                               : (double)machine.allowed_cores;
    if (results_create_dir(&results, o->out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench %s: %s\n", o->command, error);
        return EXIT_RUN_FAILED;
    }
    if (machine_write_meta(&machine, results.dir, o->argv_line) != 0) {
        fprintf(stderr, "gilbench %s: cannot write %s/meta: %s\n", o->command, results.dir,
                strerror(errno));
        return EXIT_RUN_FAILED;
    }
    size_t ncfg_per_kernel = build_configs(o, with_seq, cfg, sizeof cfg / sizeof cfg[0]);
    total_steps = (unsigned)(o->nkernels * ncfg_per_kernel * (o->warmup + o->reps));
    progress_start(&progress, o->progress, total_steps);

    for (size_t k = 0; k < o->nkernels && !signals_interrupted(); k++) {
        const struct kernel *kernel = o->kernels[k];
        struct run_plan plan = {
            .kernel = kernel,
            .items = options_items(o, kernel),
            .tasks = options_tasks(o, kernel),
            .switch_interval_s = o->switch_interval_s,
            .check_interval = o->check_interval,
            .trace_path = o->trace,
            .chunksize = o->chunksize,
            .timeout_s = o->timeout_s,
            .pin_cpus = o->pin ? pin_cpus : NULL,
            .npin_cpus = npin_cpus,
            .pool = &o->pool,
        };
        size_t ncfg = build_configs(o, with_seq, cfg, sizeof cfg / sizeof cfg[0]);
        struct timing_config timing[sizeof cfg / sizeof cfg[0]];
        struct suite_kernel sk = {.o = o, .plan = &plan, .cfg = cfg, .results = &results,
                                  .progress = &progress, .spacing = spacing,
                                  .nspacing = &nspacing};
        const struct timing_spec spec = {
            .nconfigs = ncfg, .nvalues = 1, .warmup = o->warmup, .reps = o->reps,
            .keep_going = 1, .run = suite_measure, .after_round = suite_after_round, .arg = &sk,
        };

        if (kernel->setup != NULL && kernel->setup(plan.items, &plan.state) != 0) {
            fprintf(stderr, "gilbench %s: cannot prepare kernel %s with %llu items: %s\n",
                    o->command, kernel->name, (unsigned long long)plan.items, strerror(errno));
            status = EXIT_RUN_FAILED;
            continue;
        }
        double kernel_t0 = clock_now();
        if (timing_loop(&spec, timing) == TIMING_FAILED)
            status = EXIT_RUN_FAILED;
        if (suite_remeasure(&sk, timing, ncfg, clock_now() - kernel_t0) != 0)
            status = EXIT_RUN_FAILED;
        if (kernel->teardown != NULL)
            kernel->teardown(plan.state);
    }
    progress_finish(&progress);
    if (suite_write(o, &results) != 0)
        status = EXIT_RUN_FAILED;
    print_summary(&results, &machine, o->nswitch > 1);
    printf("results: %s/ (runs.csv, summary.csv, meta)\n", results.dir);
    results_free(&results);
    if (signals_interrupted()) {
        fprintf(stderr, "gilbench %s: interrupted; the repetitions finished so far are saved\n",
                o->command);
        return 128 + signals_interrupted();
    }
    return status;
}
