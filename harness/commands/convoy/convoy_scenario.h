/* convoy_scenario.h - one scenario of `gilbench convoy`: an I/O-bound
 * thread doing short blocking operations under a GIL, alone or beside a
 * CPU-bound thread, and what each operation cost it. */
#ifndef GILBENCH_CONVOY_SCENARIO_H
#define GILBENCH_CONVOY_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

struct convoy_params {
    uint64_t ops;        /* blocking operations of the I/O thread */
    double op_s;         /* how long one blocks */
    unsigned check_interval;
};

/* One row of convoy.csv. */
struct convoy_row {
    const char *scenario;  /* alone, beside-cpu */
    const char *mode;      /* gil, gil-legacy */
    double switch_interval_s;
    double ops_per_s, median_us, p90_us, max_us;
};

/* Runs one scenario under `mode` ("gil" with `interval`, or "gil-legacy"
 * with p->check_interval) and fills `row`.  Returns 0, 1 when SIGINT or
 * SIGTERM stopped the I/O thread early (row not filled), or -1 with
 * `error` filled. */
int convoy_scenario_run(const struct convoy_params *p, const char *mode, double interval,
                        int with_cpu, struct convoy_row *row, char *error, size_t error_len);

#endif
